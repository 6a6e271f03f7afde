import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Databases cannot be deleted until deletion protection is turned off. */
export const RdsDeletionProtection: PolicyRule = {
  id: 'ITSM-DEL-001',
  severity: 'error',
  title: 'RDS clusters, global clusters and instances have deletion protection',
  rationale:
    'prevent_destroy guards only this Terraform configuration; deletion protection also stops a console click, a CLI call, another tool or a configuration that lost the lifecycle block.',
  remediation:
    'ShardedDatabase sets deletion_protection = true. For another aws_rds_cluster, aws_rds_global_cluster or aws_db_instance set deletion_protection = true; ' +
    'turning it off is a deliberate, separate apply before a destroy.',
  appliesTo: ['aws_rds_cluster', 'aws_rds_global_cluster', 'aws_db_instance'],
  check(resource) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    return isTrue(resource.body.deletion_protection) ? 'compliant' : violation(`deletion_protection is ${shown(resource.body.deletion_protection)}; expected true`);
  },
};
