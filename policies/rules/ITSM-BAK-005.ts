import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Snapshots carry the database's tags. */
export const RdsCopyTagsToSnapshot: PolicyRule = {
  id: 'ITSM-BAK-005',
  severity: 'warning',
  title: 'RDS clusters and instances copy their tags to snapshots',
  rationale:
    'Untagged snapshots fall outside cost allocation, tag-based access control and tag-based backup and retention policies, and their data classification is unknown when found later.',
  remediation: 'ShardedDatabase sets copy_tags_to_snapshot = true. For another cluster or instance set copy_tags_to_snapshot = true.',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    return isTrue(resource.body.copy_tags_to_snapshot) ? 'compliant' : violation(`copy_tags_to_snapshot is ${shown(resource.body.copy_tags_to_snapshot)}; expected true`);
  },
};
