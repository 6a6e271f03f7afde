import { Blueprint, CacheSpec, SearchSpec, SharedFileSystemSpec } from '../model/schema';
import { GLOBAL_DATASTORE_FAMILIES, globalDatastoreNodeType } from '../foundation/global-datastore';
import { PlanError } from './errors';
import { CachePlan, FileSystemPlan, SearchPlan, SharedServicesPlan } from './shared-services-types';
import { DrPosture, MonthPoint, Tier } from './types';

/**
 * Sizing of the shared services (cache, search cluster, shared file system) from the timeline, and what
 * the other regions get of them under the DR posture. Pure and deterministic like the rest of the planner;
 * every figure comes with the sentence that explains it, for the plan report.
 */

/** What the sizing needs besides the blueprint and the timeline. */
export interface SharedServicesContext {
  readonly tier: Tier;
  /** AZs of the primary region. */
  readonly availabilityZones: number;
  readonly posture: DrPosture;
  readonly targetUtilization: number;
  /** The service levels' RPO, which replication of the shared file system is held against. */
  readonly rpoMinutes: number;
}

/**
 * Default cache node types. Memory: the ElastiCache "supported node types" table. Commands/s: our
 * estimate for small values over TLS; measure yours and list them under sharedServices.cache.nodeTypes.
 */
export const DEFAULT_CACHE_NODE_TYPES: ReadonlyArray<{ readonly type: string; readonly memoryGib: number; readonly operationsPerSecond: number }> = [
  { type: 'cache.t4g.small', memoryGib: 1.37, operationsPerSecond: 20_000 },
  { type: 'cache.t4g.medium', memoryGib: 3.09, operationsPerSecond: 40_000 },
  { type: 'cache.m7g.large', memoryGib: 6.38, operationsPerSecond: 100_000 },
  { type: 'cache.r7g.large', memoryGib: 13.07, operationsPerSecond: 100_000 },
  { type: 'cache.r7g.xlarge', memoryGib: 26.32, operationsPerSecond: 200_000 },
  { type: 'cache.r7g.2xlarge', memoryGib: 52.82, operationsPerSecond: 300_000 },
  { type: 'cache.r7g.4xlarge', memoryGib: 105.81, operationsPerSecond: 400_000 },
];

/**
 * Default OpenSearch data node types. maxStorageGib: conservative gp3 volume limits per node (check the
 * OpenSearch Service EBS quotas of your region). Queries/s: our estimate for ticket-sized documents.
 */
export const DEFAULT_SEARCH_INSTANCE_TYPES: ReadonlyArray<{
  readonly type: string;
  readonly memoryGib: number;
  readonly maxStorageGib: number;
  readonly queriesPerSecond: number;
}> = [
  { type: 'm7g.large.search', memoryGib: 8, maxStorageGib: 512, queriesPerSecond: 50 },
  { type: 'r7g.large.search', memoryGib: 16, maxStorageGib: 1024, queriesPerSecond: 80 },
  { type: 'r7g.xlarge.search', memoryGib: 32, maxStorageGib: 1536, queriesPerSecond: 160 },
  { type: 'r7g.2xlarge.search', memoryGib: 64, maxStorageGib: 3072, queriesPerSecond: 320 },
  { type: 'r7g.4xlarge.search', memoryGib: 128, maxStorageGib: 6144, queriesPerSecond: 640 },
];

/** Engine versions with IAM authentication (Valkey 7.2+, Redis OSS 7+). */
export const DEFAULT_CACHE_ENGINE_VERSIONS = { valkey: '8.0', redis: '7.1' } as const;

/** reserved-memory-percent of the default parameter groups: memory kept for snapshots, replication and failover. */
export const CACHE_RESERVED_MEMORY_SHARE = 0.25;
/**
 * AWS's minimum storage formula for OpenSearch: source × (1 + replicas) × 1.45 (10% indexing overhead,
 * 5% Linux reserved space, 20% OpenSearch reserved space per node, 5% headroom).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/sizing-domains.html
 */
export const SEARCH_STORAGE_OVERHEAD = 1.45;
/** Indexes are about 10% larger than their source data. */
export const SEARCH_INDEX_OVERHEAD = 1.1;
/** Target primary shard size of search workloads (AWS: 10–30 GiB for search-heavy indexes). */
export const SEARCH_SHARD_TARGET_GB = 30;
/** Smallest gp3 volume OpenSearch accepts for these types. */
export const SEARCH_MIN_VOLUME_GIB = 20;
export const SEARCH_DEDICATED_MASTER_TYPE = 'm7g.large.search';
/** EFS bursting mode: 50 KiB/s of baseline throughput per GiB stored. */
export const EFS_BURSTING_KIB_PER_GIB = 50;
/** EFS replication: AWS's RPO target for most file systems. */
export const EFS_REPLICATION_RPO_MINUTES = 15;

/** Sizes every service the blueprint asks for; `undefined` when it asks for none. */
export function planSharedServices(blueprint: Blueprint, timeline: readonly MonthPoint[], context: SharedServicesContext): SharedServicesPlan | undefined {
  const services = blueprint.sharedServices;
  if (services === undefined) return undefined;
  return {
    ...(services.cache ? { cache: planCache(services.cache, timeline, context) } : {}),
    ...(services.search ? { search: planSearch(services.search, blueprint, timeline, context) } : {}),
    ...(services.sharedFileSystem ? { sharedFileSystem: planFileSystem(services.sharedFileSystem, blueprint, timeline, context) } : {}),
  };
}

/**
 * The cache: memory for live sessions and the current month's hot tickets, commands for the using modules'
 * requests. The smallest node type that holds one shard's share within the target utilization (after the
 * reserved memory) is chosen; beyond the largest, shards are added (cluster mode).
 */
export function planCache(spec: CacheSpec, timeline: readonly MonthPoint[], context: SharedServicesContext): CachePlan {
  const u = context.targetUtilization;
  const production = context.tier === 'production';
  const dataGb = Math.max(
    ...timeline.map((p) => ((p.agents + p.requesters * spec.activeRequesterShare) * spec.sessionKb + p.ticketsPerMonth * spec.cachedKbPerTicket) / 1e6),
  );
  const ops = Math.max(...timeline.map((p) => spec.modules.reduce((sum, m) => sum + (p.peakRequestsPerSecond[m] ?? 0), 0) * spec.operationsPerRequest));
  const listed = spec.nodeTypes ?? DEFAULT_CACHE_NODE_TYPES;
  const standby = cacheStandby(context.posture);
  // Burstable nodes run out of CPU credits under sustained load; production keeps to fixed-performance types.
  const fixed = production && spec.nodeTypes === undefined ? listed.filter((t) => !isBurstable(t.type)) : listed;
  // A Global Datastore takes only some families, size large and above: the planner picks among those.
  const candidates = standby === 'replica' ? fixed.filter((t) => globalDatastoreNodeType(t.type)) : fixed;
  if (candidates.length === 0) {
    throw new PlanError(
      `sharedServices.cache.nodeTypes lists only types a Global Datastore cannot use (${listed.map((t) => t.type).join(', ')}), but the ${context.posture} posture replicates the cache to the standby region through one; ` +
        `add a type of the families ${GLOBAL_DATASTORE_FAMILIES.join(', ')} of size large or above (e.g. { type: cache.r7g.large, memoryGib: 13.07, operationsPerSecond: 100000 }), or drop nodeTypes to use the defaults`,
      { file: 'blueprint', path: ['sharedServices', 'cache', 'nodeTypes'] },
    );
  }
  const usable = (memoryGib: number) => memoryGib * GIB_IN_GB * (1 - CACHE_RESERVED_MEMORY_SHARE) * u;
  let chosen = candidates.find((t) => usable(t.memoryGib) >= dataGb && t.operationsPerSecond * u >= ops);
  let shards = 1;
  if (chosen === undefined) {
    chosen = candidates[candidates.length - 1]!;
    shards = Math.max(Math.ceil(dataGb / usable(chosen.memoryGib) - 1e-9), Math.ceil(ops / (chosen.operationsPerSecond * u) - 1e-9));
  }
  const replicasPerShard = spec.replicasPerShard ?? (production ? Math.max(1, context.availabilityZones - 1) : 1);
  const engineVersion = spec.engineVersion ?? DEFAULT_CACHE_ENGINE_VERSIONS[spec.engine];
  const memoryUtilization = dataGb / (usable(chosen.memoryGib) / u) / shards;

  const reasoning = [
    `holds ${gb(dataGb)} GB at the horizon's peak: sessions of every agent and ${pct(spec.activeRequesterShare)} of requesters × ${spec.sessionKb} KB, plus ${spec.cachedKbPerTicket} KB per ticket of the busiest month`,
    `serves ${round(ops)} commands/s at the peak (${spec.operationsPerRequest} per request of ${spec.modules.join(', ')})`,
    shards === 1
      ? `${chosen.type} (${chosen.memoryGib} GiB, ${pct(CACHE_RESERVED_MEMORY_SHARE)} reserved for snapshots and failover) is the smallest ${standby === 'replica' ? 'Global Datastore ' : production && spec.nodeTypes === undefined ? 'non-burstable ' : ''}type that holds it within ${pct(u)}: ${pct(memoryUtilization)} of usable memory`
      : `the largest type, ${chosen.type}, cannot hold it in one shard within ${pct(u)}: ${shards} shards (cluster mode; clients must be cluster-aware)`,
    `${replicasPerShard} replica${replicasPerShard === 1 ? '' : 's'} per shard${spec.replicasPerShard === undefined && production ? ', one in each further AZ' : ''}: Multi-AZ with automatic failover promotes a replica when a primary node or its AZ fails`,
    `snapshots daily, kept ${spec.snapshotRetentionDays} days, and a final snapshot on deletion`,
    `each module connects with TLS as its own ${spec.authentication === 'iam' ? 'IAM-authenticated user (no password anywhere)' : 'password-less user (the blueprint chose network authentication: the security group, which admits only these modules, is the only gate)'} and ${spec.keyspace === 'shared' ? 'may use every key (shared keyspace)' : 'may use only keys and channels starting "<module>:"'}`,
    cacheStandbyReason(context.posture),
  ];
  return {
    modules: [...spec.modules],
    engine: spec.engine,
    engineVersion,
    nodeType: chosen.type,
    shards,
    replicasPerShard,
    clusterMode: shards > 1,
    dataGbAtHorizon: dataGb,
    operationsPerSecondAtHorizon: ops,
    memoryUtilizationAtHorizon: memoryUtilization,
    snapshotRetentionDays: spec.snapshotRetentionDays,
    keyspace: spec.keyspace,
    authentication: spec.authentication,
    standby,
    reasoning,
  };
}

/**
 * The search cluster: documents retained at the horizon (tickets within the retention, knowledge articles,
 * configuration items), AWS's storage formula, primary shards of at most 30 GB (fixed at creation, so
 * sized for the horizon), and data nodes in multiples of the AZs until storage and queries fit.
 */
export function planSearch(spec: SearchSpec, blueprint: Blueprint, timeline: readonly MonthPoint[], context: SharedServicesContext): SearchPlan {
  const u = context.targetUtilization;
  const production = context.tier === 'production';
  const retentionMonths = (spec.retentionYears ?? blueprint.workload.retentionYears) * 12;
  const indexes = new Set(spec.indexes);
  let documents = { tickets: 0, knowledgeArticles: 0, configurationItems: 0 };
  let sourceGb = 0;
  const ticketsByMonth: number[] = [];
  for (const point of timeline) {
    ticketsByMonth.push(point.ticketsPerMonth);
    const docs = {
      tickets: indexes.has('tickets') ? sum(ticketsByMonth.slice(Math.max(0, ticketsByMonth.length - retentionMonths))) : 0,
      knowledgeArticles: indexes.has('knowledgeArticles') ? point.requesters * spec.knowledgeArticlesPerRequester : 0,
      configurationItems: indexes.has('configurationItems') ? point.requesters * blueprint.workload.configurationItemsPerRequester : 0,
    };
    const gbNow = (docs.tickets * spec.kbPerTicket + docs.knowledgeArticles * spec.kbPerKnowledgeArticle + docs.configurationItems * spec.kbPerConfigurationItem) / 1e6;
    if (gbNow >= sourceGb) {
      sourceGb = gbNow;
      documents = docs;
    }
  }
  const replicas = spec.replicas ?? 1;
  const storageGb = sourceGb * (1 + replicas) * SEARCH_STORAGE_OVERHEAD;
  const primaryShards = Math.max(1, Math.ceil((sourceGb * SEARCH_INDEX_OVERHEAD) / SEARCH_SHARD_TARGET_GB - 1e-9));
  const qps = Math.max(...timeline.map((p) => spec.modules.reduce((s, m) => s + (p.peakRequestsPerSecond[m] ?? 0), 0) * spec.searchesPerRequest));
  // Zone awareness over 2 or 3 AZs: data nodes come in multiples of the zones so each holds a full copy.
  const zones = Math.min(3, Math.max(2, context.availabilityZones));
  const types = spec.instanceTypes ?? DEFAULT_SEARCH_INSTANCE_TYPES;

  const nodesFor = (type: (typeof types)[number]): number => {
    const byStorage = Math.ceil(storageGb / GIB_IN_GB / (type.maxStorageGib * u) - 1e-9);
    const byQueries = Math.ceil(qps / (type.queriesPerSecond * u) - 1e-9);
    const needed = Math.max(zones, byStorage, byQueries);
    return Math.ceil(needed / zones) * zones;
  };
  const chosen = types.find((t) => nodesFor(t) <= spec.maxDataNodes) ?? types[types.length - 1]!;
  const dataNodes = nodesFor(chosen);
  const volumeGib = Math.max(SEARCH_MIN_VOLUME_GIB, Math.ceil(storageGb / GIB_IN_GB / dataNodes / u / 10) * 10);
  const storageUtilization = storageGb / GIB_IN_GB / (volumeGib * dataNodes);
  const dedicatedMasterCount = production ? 3 : 0;
  const standby = context.posture === 'backup-restore' ? 'none' : 'full';

  const reasoning = [
    `indexes ${round(documents.tickets)} tickets (${retentionMonths / 12} years retained), ${round(documents.knowledgeArticles)} knowledge articles and ${round(documents.configurationItems)} configuration items at the horizon: ${gb(sourceGb)} GB of source data`,
    `needs ${gb(storageGb)} GB of storage: source × (1 + ${replicas} replica${replicas === 1 ? '' : 's'}) × ${SEARCH_STORAGE_OVERHEAD} (AWS sizing formula)`,
    `${primaryShards} primary shard${primaryShards === 1 ? '' : 's'} per index (index ≈ ${SEARCH_INDEX_OVERHEAD} × source, at most ${SEARCH_SHARD_TARGET_GB} GB per shard; fixed at creation, so sized for the horizon)`,
    `${dataNodes} × ${chosen.type} over ${zones} AZs (a multiple of the zones): ${round(qps)} queries/s at the peak and ${volumeGib} GiB gp3 per node keep storage at ${pct(storageUtilization)}, within ${pct(u)}`,
    production
      ? `3 dedicated master nodes (${SEARCH_DEDICATED_MASTER_TYPE}) in production: cluster management survives a data-node or AZ failure`
      : 'no dedicated master nodes outside production',
    'automated hourly snapshots (kept 14 days by the service); audit, slow and error logs go to encrypted log groups',
    standby === 'none'
      ? 'backup & restore: other regions get no domain; after a restore the index is rebuilt from the restored databases'
      : `${context.posture}: every other region that hosts the application gets an empty domain of the same shape, standing by because creating one takes longer than the RTO; ` +
        'no search data is copied across regions (cross-cluster replication needs follow rules set through the domain\'s own REST API, which Terraform does not manage, and snapshots restored elsewhere are hours old), ' +
        'so after a failover the application re-indexes from the promoted database (the failover runbook has the step); until it finishes, search results are incomplete',
  ];
  if (replicas === 0 && production) reasoning.push('no replicas in production: a data-node loss loses shards until they are restored from a snapshot');
  return {
    modules: [...spec.modules],
    engineVersion: spec.engineVersion,
    instanceType: chosen.type,
    dataNodes,
    availabilityZones: zones,
    dedicatedMasterCount,
    ...(production ? { dedicatedMasterType: SEARCH_DEDICATED_MASTER_TYPE } : {}),
    primaryShards,
    replicas,
    volumeGib,
    documentsAtHorizon: documents,
    sourceGbAtHorizon: sourceGb,
    storageGbAtHorizon: storageGb,
    queriesPerSecondAtHorizon: qps,
    storageUtilizationAtHorizon: storageUtilization,
    standby,
    reasoning,
  };
}

/** The shared file system: stored data at the horizon and the throughput mode that serves it. */
export function planFileSystem(spec: SharedFileSystemSpec, blueprint: Blueprint, timeline: readonly MonthPoint[], context: SharedServicesContext): FileSystemPlan {
  const retentionMonths = blueprint.workload.retentionYears * 12;
  const ticketsByMonth: number[] = [];
  let storageGb = spec.baseGb;
  for (const point of timeline) {
    ticketsByMonth.push(point.ticketsPerMonth);
    const retained = sum(ticketsByMonth.slice(Math.max(0, ticketsByMonth.length - retentionMonths)));
    const gbNow = spec.baseGb + (retained * spec.kbPerTicket) / 1e6 + (spec.storesAttachments ? point.attachmentStorageGb : 0);
    storageGb = Math.max(storageGb, gbNow);
  }
  const baselineMibps = (storageGb * GIB_PER_GB * EFS_BURSTING_KIB_PER_GIB) / 1024;
  const standby = context.posture === 'backup-restore' ? 'none' : 'replica';
  const reasoning = [
    `stores ${gb(storageGb)} GB at the horizon: ${spec.baseGb} GB base${spec.kbPerTicket > 0 ? ` + ${spec.kbPerTicket} KB per retained ticket` : ''}${spec.storesAttachments ? ' + the attachments' : ''}; EFS grows and shrinks with it (nothing to provision)`,
    spec.throughputMode === 'elastic'
      ? `elastic throughput: scales with the load and is paid per use (a bursting file system of this size would get only ${round(baselineMibps)} MiB/s baseline)`
      : `bursting throughput: ${round(baselineMibps)} MiB/s baseline at the horizon (${EFS_BURSTING_KIB_PER_GIB} KiB/s per GiB stored), more while burst credits last`,
    `one mount target per AZ; an access point per module (${spec.modules.join(', ')}) rooted at /<module>, as POSIX ${spec.posixUid}:${spec.posixGid}; TLS and IAM enforced by the file system policy`,
    'backed up by the region\'s AWS Backup plan (and copied with it to the other region\'s vault)',
    standby === 'none'
      ? 'backup & restore: other regions get no file system; restore it from the copied recovery point'
      : `${context.posture}: EFS replication keeps a read-only replica in the first other region (AWS targets an RPO of ${EFS_REPLICATION_RPO_MINUTES} minutes for most file systems); failover deletes the replication, which makes the replica writable`,
  ];
  if (standby === 'replica' && context.rpoMinutes < EFS_REPLICATION_RPO_MINUTES) {
    reasoning.push(
      `finding: the RPO is ${context.rpoMinutes} min but EFS replication targets ${EFS_REPLICATION_RPO_MINUTES} min, so files written in the last ${EFS_REPLICATION_RPO_MINUTES} minutes before a regional failure may be lost (keep records of note in the databases, or accept the gap for the file system)`,
    );
  }
  return {
    modules: [...spec.modules],
    throughputMode: spec.throughputMode,
    storageGbAtHorizon: storageGb,
    burstingBaselineMibpsAtHorizon: baselineMibps,
    posixUid: spec.posixUid,
    posixGid: spec.posixGid,
    standby,
    reasoning,
  };
}

/**
 * Where the cache's contents must survive a regional failover. Warm standby promises minutes and runs the standby
 * fleets already: there an empty cache would sign every user out and send every cached read to the just-promoted
 * database at once, so a Global Datastore keeps the sessions (and queues) replicated. Pilot light accepts tens of
 * minutes and a cold start: an empty cache of its own is cheaper. Active/active writes in every region, and Global
 * Datastore secondaries are read-only, so each region keeps its own full cache. Backup & restore has none.
 */
function cacheStandby(posture: DrPosture): CachePlan['standby'] {
  switch (posture) {
    case 'backup-restore':
      return 'none';
    case 'pilot-light':
      return 'reduced';
    case 'warm-standby':
      return 'replica';
    case 'active-active':
      return 'full';
  }
}

function cacheStandbyReason(posture: DrPosture): string {
  switch (posture) {
    case 'backup-restore':
      return 'backup & restore: other regions get no cache; it holds derived data and is created with the restored region';
    case 'active-active':
      return 'active/active: every region runs its own cache at full size (Global Datastore secondaries are read-only, and each region writes its own sessions); users who move region sign in again';
    case 'warm-standby':
      return (
        'warm standby: the cache is an ElastiCache Global Datastore; the first two standby regions hold a read-only secondary (same node type and shards, one replica per shard, ' +
        'typically under a second behind) that the failover promotes, so sessions and queued work survive and the promoted database is not hit by a cold cache; further regions get an empty cache of their own'
      );
    default:
      return `${posture}: standby regions run an empty cache of the same node type and shards with one replica per shard; sessions are not replicated, so users sign in again after a failover`;
  }
}

function isBurstable(nodeType: string): boolean {
  return /^cache\.t\d/.test(nodeType);
}

const GIB_IN_GB = 1.073741824;
const GIB_PER_GB = 1 / GIB_IN_GB;

function sum(values: readonly number[]): number {
  return values.reduce((acc, value) => acc + value, 0);
}

/** Whole numbers from 10 up, one decimal below (so small rates do not read as 0). */
function round(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** GB for people: whole from 100, one decimal from 1, two below. */
function gb(value: number): string {
  if (value >= 100) return String(Math.round(value));
  return value >= 1 ? String(Math.round(value * 10) / 10) : String(Math.round(value * 100) / 100);
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
