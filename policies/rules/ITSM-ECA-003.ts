import { asNumber, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache replication groups fail over within the region: Multi-AZ, automatic failover, a replica per shard. */
export const CacheMultiAz: PolicyRule = {
  id: 'ITSM-ECA-003',
  severity: 'error',
  title: 'ElastiCache replication groups are Multi-AZ with automatic failover and at least one replica per shard',
  rationale:
    'A single cache node, or replicas that are never promoted, go down with their node or AZ, and every module that keeps sessions in the cache signs its users out. ' +
    'Multi-AZ with automatic failover promotes a replica in another AZ within about a minute.',
  remediation:
    'Cache always sets multi_az_enabled and automatic_failover_enabled with replicasPerShard >= 1. For another group set multi_az_enabled = true, automatic_failover_enabled = true and ' +
    'replicas_per_node_group >= 1 (or num_cache_clusters >= 2).',
  appliesTo: ['aws_elasticache_replication_group'],
  check(resource) {
    const body = resource.body;
    const problems: string[] = [];
    if (!isTrue(body.multi_az_enabled)) problems.push(`multi_az_enabled is ${shown(body.multi_az_enabled)}`);
    if (!isTrue(body.automatic_failover_enabled)) problems.push(`automatic_failover_enabled is ${shown(body.automatic_failover_enabled)}`);
    const replicas = asNumber(body.replicas_per_node_group);
    const clusters = asNumber(body.num_cache_clusters);
    const hasReplica = (replicas !== undefined && replicas >= 1) || (clusters !== undefined && clusters >= 2);
    if (!hasReplica && body.global_replication_group_id === undefined) {
      problems.push(`replicas_per_node_group is ${shown(body.replicas_per_node_group)} and num_cache_clusters ${shown(body.num_cache_clusters)} (no replica to fail over to)`);
    }
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected Multi-AZ, automatic failover and at least one replica per shard`);
  },
};
