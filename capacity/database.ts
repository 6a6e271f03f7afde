import { SHARED_CLUSTER } from '../foundation/resource-names';
import { Blueprint, DatabaseGroupSpec, sharedClusterGroups } from '../model/schema';
import { checkShards, contiguousSlotMap, SlotRange, weightedSlotMap } from '../foundation/slot-map';
import { MAX_CONNECTIONS_SOURCE, maxConnections } from './connections';
import { PlanError } from './errors';
import { firstShardWeight, sharedClusterShares } from './shared-cluster';
import { ConnectionBudget, DatabasePlan, MonthPoint, NextShard, SlotMove, StepUp, Tier } from './types';

/** What a database group's plan needs besides the blueprint and the timeline. */
export interface DatabasePlanOptions {
  /**
   * Readers every shard keeps at least.
   * @default - 1 in production (in-region failover), else 0
   */
  readonly minReaders?: number;
  /**
   * Application instances that hold a connection pool to each shard's writer (the fleets of the
   * group's modules at their largest size, singletons included).
   * @default 0
   */
  readonly connectingInstances?: number;
}

/**
 * Plans one database group. Shards are provisioned for the need at the start plus the lead time
 * (capacity.shardLeadTimeMonths), not the horizon: the report lists when later shards are needed and
 * which slots they take over. The writer class is the smallest that keeps the busiest shard's writes
 * within target, its reads within the reader cap and the fleets' connections within max_connections,
 * over the provisioned window; readers carry the reads. Production keeps at least one reader per
 * shard so that Aurora can fail over within the region. `group` may be `shared`, the cluster of capacity.sharedCluster,
 * planned as one unsharded shard for the sum of its members' first shards.
 */
export function planDatabase(group: string, blueprint: Blueprint, timeline: readonly MonthPoint[], tier: Tier, options: DatabasePlanOptions = {}): DatabasePlan {
  const members = sharedClusterGroups(blueprint);
  const shared = group === SHARED_CLUSTER && members.length > 0;
  const spec = shared ? sharedClusterSpec(blueprint, members) : blueprint.databaseGroups[group]!;
  const { capacity } = blueprint;
  const u = capacity.targetUtilization;
  const last = timeline[timeline.length - 1]!;
  const horizonLoad = last.databaseGroups[group]!;
  const provisionedForMonth = Math.min(capacity.shardLeadTimeMonths, last.month);
  const window = timeline.filter((p) => p.month <= provisionedForMonth);
  const provisioned = window[window.length - 1]!.databaseGroups[group]!;
  const shards = provisioned.shards;
  // Every shard the timeline needs must fit the slots, or the later ones could never be added.
  const shardsAtHorizon = horizonLoad.shards;
  if (shardsAtHorizon > spec.slots) {
    throw new PlanError(
      `database group "${group}" needs ${shardsAtHorizon} shards by month ${last.month} but has only ${spec.slots} slots; raise databaseGroups.${group}.slots (a fixed count: choose it for the largest growth you plan) or shardStorageGb/shardWriteTps`,
      { file: 'blueprint', path: ['databaseGroups', group, 'slots'] },
    );
  }
  // A member of the shared cluster keeps a lighter first shard there (capacity/shared-cluster.ts); other groups
  // spread their slots evenly.
  const member = members.includes(group) && spec.sharding === 'slots';
  const weight = member ? firstShardWeight(sharedClusterShares(blueprint, members)[group]!) : undefined;
  const mapFor = (count: number): SlotRange[] => (weight === undefined ? contiguousSlotMap(spec.slots, count) : weightedSlotMap(spec.slots, count, weight));
  const map = mapFor(shards);
  // Size the group's own writer class for the own shard holding the most slots (a member's first shard is the
  // shared cluster's, sized with it).
  const busiestShare = largestShare(member && shards > 1 ? map.slice(1) : map, spec.slots);
  const shardWrites = Math.max(...window.map((p) => p.databaseGroups[group]?.writeTps ?? 0)) * busiestShare;
  const shardReads = Math.max(...window.map((p) => p.databaseGroups[group]?.readRps ?? 0)) * busiestShare;
  const minReaders = options.minReaders ?? (tier === 'production' ? 1 : 0);
  const perWriter = (options.connectingInstances ?? 0) * capacity.connectionsPerInstance;

  const carries = (c: (typeof capacity.writerClasses)[number]): boolean =>
    c.writeTps * u >= shardWrites && readersFor(shardReads, c.readRps, u, minReaders) <= capacity.maxReadersPerShard;
  const connects = (c: (typeof capacity.writerClasses)[number]): boolean => {
    const limit = maxConnections(spec.engine, c.class);
    return limit === undefined || limit * u >= perWriter;
  };
  // The smallest class that carries the load and the fleets' connections; when no class takes the
  // connections, the smallest that carries the load (the plan reports the connections: RDS Proxy fixes
  // them, a larger class would not); when none carries the load, the largest (reported too).
  let classIndex = capacity.writerClasses.findIndex((c) => carries(c) && connects(c));
  if (classIndex < 0) classIndex = capacity.writerClasses.findIndex(carries);
  if (classIndex < 0) classIndex = capacity.writerClasses.length - 1;
  const writer = capacity.writerClasses[classIndex]!;
  const readersNeededPerShard = readersFor(shardReads, writer.readRps, u, minReaders);
  const readersPerShard = Math.min(capacity.maxReadersPerShard, readersNeededPerShard);
  const instanceClass = spec.serverless ? 'db.serverless' : writer.class;

  const shardStepUps: StepUp[] = [];
  let previous = timeline[0]?.databaseGroups[group]?.shards ?? 1;
  for (const point of timeline) {
    const count = point.databaseGroups[group]?.shards ?? previous;
    if (count > previous) shardStepUps.push({ month: point.month, count });
    previous = count;
  }

  return {
    group,
    modules: Object.entries(blueprint.modules)
      .filter(([, m]) => (shared ? members.includes(m.databaseGroup) : m.databaseGroup === group))
      .map(([name]) => name),
    ...(shared ? { hosts: members } : {}),
    ...(members.includes(group) ? { firstShardIn: SHARED_CLUSTER } : {}),
    engine: spec.engine,
    ...(spec.engineVersion !== undefined ? { engineVersion: spec.engineVersion } : {}),
    sharding: spec.sharding,
    shards,
    slots: spec.slots,
    slotMap: map,
    instanceClass,
    ...(spec.serverless ? { serverless: { minAcu: spec.serverless.minAcu, maxAcu: spec.serverless.maxAcu } } : {}),
    readersPerShard,
    readersNeededPerShard,
    writeTpsAtHorizon: horizonLoad.writeTps,
    readRpsAtHorizon: horizonLoad.readRps,
    storageGbAtHorizon: horizonLoad.storageGb,
    writerUtilization: shardWrites / writer.writeTps,
    shardStepUps,
    provisionedForMonth,
    binding: provisioned.binding,
    shardsNeededBy: provisioned.shardsNeededBy,
    nextShards: nextShards(group, shards, timeline, provisionedForMonth, capacity.shardLeadTimeMonths, (from, to) =>
      weight === undefined ? slotMoves(spec.slots, from, to) : slotMovesBetween(mapFor(from), mapFor(to)),
    ),
    connections: connectionBudget(spec.engine, instanceClass, spec.serverless?.maxAcu, options.connectingInstances ?? 0, capacity.connectionsPerInstance, u),
  };
}

/**
 * The shared cluster as one unsharded group: its members' engine and version, one shard. Its load is the sum of
 * the members' first shards (the timeline's `shared` entry), so it is sized like any group's shard.
 */
function sharedClusterSpec(blueprint: Blueprint, members: readonly string[]): DatabaseGroupSpec {
  const first = blueprint.databaseGroups[members[0]!]!;
  return {
    slots: 1,
    minShards: 1,
    engine: first.engine,
    ...(first.engineVersion !== undefined ? { engineVersion: first.engineVersion } : {}),
    sharding: 'none',
    personalData: members.some((g) => blueprint.databaseGroups[g]!.personalData),
  };
}

/** The shard numbers a group's own clusters hold: all of them, or from the second on when its first lives in the shared cluster. */
export function ownShards(db: Pick<DatabasePlan, 'shards' | 'firstShardIn'>): number[] {
  const first = db.firstShardIn === undefined ? 1 : 2;
  return Array.from({ length: Math.max(0, db.shards - first + 1) }, (_, i) => first + i);
}

/** Later shard counts after the provisioned month, each with the month to add it by and the slots that move. */
function nextShards(
  group: string,
  provisioned: number,
  timeline: readonly MonthPoint[],
  afterMonth: number,
  leadTimeMonths: number,
  movesBetween: (from: number, to: number) => SlotMove[],
): NextShard[] {
  const steps: NextShard[] = [];
  let current = provisioned;
  for (const point of timeline) {
    if (point.month <= afterMonth) continue;
    const load = point.databaseGroups[group];
    if (!load || load.shards <= current) continue;
    steps.push({
      month: point.month,
      count: load.shards,
      provisionByMonth: Math.max(0, point.month - leadTimeMonths),
      binding: load.binding,
      slotMoves: movesBetween(current, load.shards),
    });
    current = load.shards;
  }
  return steps;
}

/** The slot ranges that change shard when a group grows from `from` to `to` shards (contiguous maps). */
export function slotMoves(slots: number, from: number, to: number): SlotMove[] {
  checkShards(slots, from);
  checkShards(slots, to);
  // The boundaries of both maps split the slots into pieces with one owner before and one after.
  // Both maps are walked at once from slot 0, piece by piece, without building them (a growth to
  // thousands of shards is planned at every step of a timeline): `beforeEnd` and `afterEnd` are
  // where the current range of each ends, as contiguousSlotMap places its ranges.
  const moves: SlotMove[] = [];
  let before = 0; // 0-based range of the `from` map that holds `firstSlot`
  let after = 0; // and of the `to` map
  let beforeEnd = Math.floor(slots / from);
  let afterEnd = Math.floor(slots / to);
  for (let firstSlot = 0; firstSlot < slots; ) {
    while (beforeEnd <= firstSlot) beforeEnd = Math.floor((++before + 1) * slots / from);
    while (afterEnd <= firstSlot) afterEnd = Math.floor((++after + 1) * slots / to);
    const next = Math.min(beforeEnd, afterEnd);
    if (before !== after) moves.push({ firstSlot, lastSlot: next - 1, fromShard: before + 1, toShard: after + 1 });
    firstSlot = next;
  }
  return moves;
}

/**
 * The slot ranges that change shard between two maps of the same slots (any maps of contiguous ranges in slot
 * order, such as weightedSlotMap's): the pieces between both maps' boundaries whose owner differs.
 */
export function slotMovesBetween(from: readonly SlotRange[], to: readonly SlotRange[]): SlotMove[] {
  const moves: SlotMove[] = [];
  let i = 0;
  let j = 0;
  while (i < from.length && j < to.length) {
    const a = from[i]!;
    const b = to[j]!;
    const firstSlot = Math.max(a.firstSlot, b.firstSlot);
    const lastSlot = Math.min(a.lastSlot, b.lastSlot);
    if (firstSlot <= lastSlot && a.shard !== b.shard) moves.push({ firstSlot, lastSlot, fromShard: a.shard, toShard: b.shard });
    if (a.lastSlot <= b.lastSlot) i++;
    else j++;
  }
  return moves;
}

function connectionBudget(
  engine: 'aurora-postgresql' | 'aurora-mysql',
  instanceClass: string,
  serverlessMaxAcu: number | undefined,
  instances: number,
  connectionsPerInstance: number,
  u: number,
): ConnectionBudget {
  const max = maxConnections(engine, instanceClass, serverlessMaxAcu) ?? 0;
  return {
    instances,
    connectionsPerInstance,
    perWriter: instances * connectionsPerInstance,
    maxConnections: max,
    budget: Math.floor(max * u),
    source: max > 0 ? MAX_CONNECTIONS_SOURCE : `${instanceClass}: not in the table of instance classes (capacity/connections.ts); no budget checked`,
  };
}

function largestShare(map: readonly { firstSlot: number; lastSlot: number }[], slots: number): number {
  return Math.max(...map.map((r) => r.lastSlot - r.firstSlot + 1)) / slots;
}

/**
 * The first month in which an unsharded group (one cluster) outgrows what the blueprint designs one
 * writer for: more writes than the largest writer class carries at target utilization, or more data
 * than a shard is designed to hold (restore time counts against the RTO). Undefined when it never does.
 */
export function unshardedLimit(group: string, blueprint: Blueprint, timeline: readonly MonthPoint[]): { month: number; message: string } | undefined {
  const { capacity } = blueprint;
  const u = capacity.targetUtilization;
  const largest = capacity.writerClasses[capacity.writerClasses.length - 1]!;
  // The shared cluster outgrows it only while its unsharded members cannot split: sharding one of them is the fix.
  const what = group === SHARED_CLUSTER ? `${group} (the shared cluster: its members' first shards; shard a member with sharding: slots)` : `${group} (one cluster, sharding: none)`;
  for (const point of timeline) {
    const load = point.databaseGroups[group];
    if (!load) continue;
    if (load.writeTps > largest.writeTps * u) {
      return { month: point.month, message: `${what} needs more write capacity than ${largest.class} gives at ${Math.round(u * 100)}%: ${Math.round(load.writeTps)} TPS` };
    }
    if (load.storageGb > capacity.shardStorageGb * u) {
      return { month: point.month, message: `${what} holds ${Math.round(load.storageGb)} GB, more than the ${capacity.shardStorageGb} GB a shard is designed for at ${Math.round(u * 100)}%` };
    }
  }
  return undefined;
}

/**
 * Readers for a shard's reads. Outside production (minimum 0) the writer takes one reader's share
 * of reads; in production readers carry all reads so the writer's headroom is kept for writes.
 */
function readersFor(readRps: number, readerRps: number, u: number, minimum: number): number {
  const needed = Math.ceil(readRps / (readerRps * u) - 1e-9);
  return Math.max(minimum, minimum === 0 ? needed - 1 : needed);
}
