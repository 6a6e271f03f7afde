import { asNumber, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache replication groups keep daily snapshots and take a final snapshot. */
export const CacheSnapshots: PolicyRule = {
  id: 'ITSM-ECA-004',
  severity: 'error',
  title: 'ElastiCache replication groups keep automatic snapshots and take a final snapshot on deletion',
  rationale:
    'Without snapshots a bad deploy that flushes or corrupts the cache, or a deleted group, cannot be rolled back: every session and warm cache entry is lost at once and the databases take the full load.',
  remediation:
    'Cache keeps snapshots for snapshotRetentionDays (default 7) and names a final snapshot. For another group set snapshot_retention_limit >= 1 and final_snapshot_identifier.',
  appliesTo: ['aws_elasticache_replication_group'],
  check(resource) {
    const retention = asNumber(resource.body.snapshot_retention_limit);
    const problems: string[] = [];
    if (retention === undefined || retention < 1) problems.push(`snapshot_retention_limit is ${shown(resource.body.snapshot_retention_limit)} (no automatic snapshots)`);
    const final = resource.body.final_snapshot_identifier;
    if (typeof final !== 'string' || final.trim() === '') problems.push('final_snapshot_identifier is not set');
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected snapshot_retention_limit of at least 1 day and a final_snapshot_identifier`);
  },
};
