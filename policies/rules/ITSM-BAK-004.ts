import { isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Deleting a database leaves a final snapshot. */
export const RdsFinalSnapshot: PolicyRule = {
  id: 'ITSM-BAK-004',
  severity: 'error',
  title: 'RDS clusters and instances take a final snapshot when deleted',
  rationale:
    'With skip_final_snapshot a destroy (a renamed construct, a removed shard, a mistaken apply) deletes the database together with its automated backups; the final snapshot is the copy that survives.',
  remediation:
    'ShardedDatabase sets skip_final_snapshot = false with a final_snapshot_identifier. For another cluster or instance set skip_final_snapshot = false and final_snapshot_identifier.',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    return isTrue(resource.body.skip_final_snapshot) ? violation('skip_final_snapshot is true; expected false with a final_snapshot_identifier') : 'compliant';
  },
};
