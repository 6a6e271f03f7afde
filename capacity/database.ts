import { Blueprint } from '../model/schema';
import { contiguousSlotMap } from '../foundation/slot-map';
import { PlanError } from './errors';
import { DatabasePlan, MonthPoint, StepUp, Tier } from './types';

/**
 * Plans one database group: shards from the timeline (never fewer than before), the writer class
 * that keeps the busiest shard's writes within target, and readers for its reads. Production
 * keeps at least one reader per shard so that Aurora can fail over within the region.
 */
export interface DatabasePlanOptions {
  /**
   * Readers every shard keeps at least.
   * @default - 1 in production (in-region failover), else 0
   */
  readonly minReaders?: number;
}

export function planDatabase(group: string, blueprint: Blueprint, timeline: readonly MonthPoint[], tier: Tier, options: DatabasePlanOptions = {}): DatabasePlan {
  const spec = blueprint.databaseGroups[group]!;
  const { capacity } = blueprint;
  const u = capacity.targetUtilization;
  const last = timeline[timeline.length - 1]!;
  const load = last.databaseGroups[group]!;
  const shards = Math.max(...timeline.map((p) => p.databaseGroups[group]?.shards ?? 1));
  if (shards > spec.slots) {
    throw new PlanError(
      `database group "${group}" needs ${shards} shards but has only ${spec.slots} slots; raise databaseGroups.${group}.slots (a fixed count: choose it for the largest growth you plan) or shardStorageGb/shardWriteTps`,
      { file: 'blueprint', path: ['databaseGroups', group, 'slots'] },
    );
  }
  const map = contiguousSlotMap(spec.slots, shards);
  // Size for the shard holding the most slots: slots spread evenly, so its share is the largest.
  const busiestShare = Math.max(...map.map((r) => r.lastSlot - r.firstSlot + 1)) / spec.slots;
  const peakWriteTps = Math.max(...timeline.map((p) => p.databaseGroups[group]?.writeTps ?? 0));
  const peakReadRps = Math.max(...timeline.map((p) => p.databaseGroups[group]?.readRps ?? 0));
  const shardWrites = peakWriteTps * busiestShare;
  const shardReads = peakReadRps * busiestShare;
  const minReaders = options.minReaders ?? (tier === 'production' ? 1 : 0);

  let classIndex = capacity.writerClasses.findIndex((c) => c.writeTps * u >= shardWrites && readersFor(shardReads, c.readRps, u, minReaders) <= capacity.maxReadersPerShard);
  if (classIndex < 0) classIndex = capacity.writerClasses.length - 1;
  const writer = capacity.writerClasses[classIndex]!;
  const readersNeededPerShard = readersFor(shardReads, writer.readRps, u, minReaders);
  const readersPerShard = Math.min(capacity.maxReadersPerShard, readersNeededPerShard);

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
      .filter(([, m]) => m.databaseGroup === group)
      .map(([name]) => name),
    engine: spec.engine,
    ...(spec.engineVersion !== undefined ? { engineVersion: spec.engineVersion } : {}),
    sharding: spec.sharding,
    shards,
    slots: spec.slots,
    slotMap: map,
    instanceClass: spec.serverless ? 'db.serverless' : writer.class,
    ...(spec.serverless ? { serverless: { minAcu: spec.serverless.minAcu, maxAcu: spec.serverless.maxAcu } } : {}),
    readersPerShard,
    readersNeededPerShard,
    writeTpsAtHorizon: load.writeTps,
    readRpsAtHorizon: load.readRps,
    storageGbAtHorizon: load.storageGb,
    writerUtilizationAtHorizon: shardWrites / writer.writeTps,
    shardStepUps,
  };
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
  for (const point of timeline) {
    const load = point.databaseGroups[group];
    if (!load) continue;
    if (load.writeTps > largest.writeTps * u) {
      return { month: point.month, message: `${group} (one cluster, sharding: none) needs more write capacity than ${largest.class} gives at ${Math.round(u * 100)}%: ${Math.round(load.writeTps)} TPS` };
    }
    if (load.storageGb > capacity.shardStorageGb * u) {
      return { month: point.month, message: `${group} (one cluster, sharding: none) holds ${Math.round(load.storageGb)} GB, more than the ${capacity.shardStorageGb} GB a shard is designed for at ${Math.round(u * 100)}%` };
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
