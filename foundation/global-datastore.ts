/**
 * ElastiCache Global Datastore facts that the planner and the Cache construct both hold inputs against
 * (ElastiCache User Guide, "Prerequisites and limitations" of global datastores).
 */

/** Node families a Global Datastore supports, size large and above (no burstable `t` or small types). */
export const GLOBAL_DATASTORE_FAMILIES: readonly string[] = ['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'];

/** Whether a node type (`cache.r7g.large`) can be a member of a Global Datastore. */
export function globalDatastoreNodeType(nodeType: string): boolean {
  const match = /^cache\.([a-z0-9]+)\.(large|\d*xlarge)$/.exec(nodeType);
  return match !== null && GLOBAL_DATASTORE_FAMILIES.includes(match[1]!);
}

/** A Global Datastore replicates its primary to at most this many other regions. */
export const GLOBAL_DATASTORE_MAX_SECONDARIES = 2;

/** Name of the SSM parameter, in each secondary region, that holds the full id of a Global Datastore (AWS prefixes the suffix we choose). */
export function globalDatastoreIdParameterName(idSuffix: string): string {
  return `/itsm-scale/elasticache/global-datastore/${idSuffix}/id`;
}
