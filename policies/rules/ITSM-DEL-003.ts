import { block, isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Resource types that hold data or keys whose loss cannot be undone. */
export const STATEFUL_TYPES: readonly string[] = [
  'aws_backup_vault',
  'aws_cloudwatch_log_group',
  'aws_db_instance',
  'aws_dynamodb_table',
  'aws_efs_file_system',
  'aws_elasticache_replication_group',
  'aws_kms_key',
  'aws_opensearch_domain',
  'aws_rds_cluster',
  'aws_rds_global_cluster',
  'aws_s3_bucket',
];

/** Stateful resources are protected from terraform destroy and from forced emptying. */
export const StatefulPreventDestroy: PolicyRule = {
  id: 'ITSM-DEL-003',
  severity: 'error',
  title: 'Stateful resources have lifecycle.prevent_destroy and no force_destroy',
  rationale:
    'Growth must never destroy data: a renamed construct or a changed address plans a destroy-and-create, which for a database, bucket, vault, log group or key loses data or makes it unreadable. ' +
    'prevent_destroy makes such a plan fail; force_destroy would let Terraform empty a bucket or vault to delete it.',
  remediation:
    'Constructs set lifecycle.prevent_destroy = true on every stateful resource and force_destroy = false. For another resource add lifecycle { prevent_destroy = true } ' +
    '(in cdktf: lifecycle: { preventDestroy: true }); move it with a moved block instead of letting it be replaced.',
  appliesTo: STATEFUL_TYPES,
  check(resource) {
    const problems: string[] = [];
    if (!isTrue(block(resource.body.lifecycle)?.prevent_destroy)) problems.push('lifecycle.prevent_destroy is not true');
    if (isTrue(resource.body.force_destroy)) problems.push('force_destroy is true');
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected prevent_destroy = true and force_destroy unset or false`);
  },
};
