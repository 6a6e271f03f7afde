/**
 * The default blueprint laid out one cluster set per group: no shared cluster, tickets sharded from day one (two
 * shards) and the small shards of the earlier default (250 GB), so that the per-group paths (runbooks, topology,
 * limits, reports) each have several groups and several shards to cover. The shared cluster has its own tests.
 */
import { Blueprint } from '../model/schema';

export function perGroupClusters<T extends { readonly blueprint: Blueprint }>(resolved: T): T {
  const blueprint = structuredClone(resolved.blueprint);
  delete (blueprint.capacity as { sharedCluster?: unknown }).sharedCluster;
  blueprint.capacity.shardStorageGb = 250;
  blueprint.databaseGroups.tickets!.minShards = 2;
  return { ...resolved, blueprint };
}
