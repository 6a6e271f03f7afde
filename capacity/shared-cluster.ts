/**
 * The shared cluster (blueprint `capacity.sharedCluster`): the first shard of each member group lives in one
 * Aurora cluster, held to one shard's limits. Each member gets a fixed share of those limits, in proportion to what
 * it writes and stores per requester in the blueprint, and takes more shards when its first shard would outgrow
 * its share. A member's count so depends on its own load and the blueprint alone: one member's growth never splits
 * another, more load never means fewer shards, and a faster scenario never ends with fewer shards than a slower
 * one (which would mean destroying clusters when an environment changes scenario). Pure: no I/O, no cdktf.
 */
import { Blueprint } from '../model/schema';
import { DatabaseLoad } from './types';

/** What one shard (and so the shared cluster) is designed to carry: writes, storage, and storage restorable within the RTO. */
export interface ShardLimits {
  readonly writes: number;
  readonly storage: number;
  /** GB restorable within the RTO; Infinity unless the posture restores from backup. */
  readonly restore: number;
}

/** A member's fractions of the shared cluster's limits (the members' fractions add up to 1 for each quantity). */
export interface SharedClusterShare {
  readonly writes: number;
  readonly storage: number;
}

/** The share of a group's slots its first shard holds (contiguous maps give shard 1 the first slots/shards of them). */
export function firstShardShare(slots: number, shards: number, sharding: 'slots' | 'none'): number {
  return sharding === 'none' ? 1 : Math.floor(slots / shards) / slots;
}

/**
 * Each member's share of the shared cluster: in proportion to its writes (its modules' traffic share × write share)
 * and its storage per requester at full retention (tickets, configuration items, per-requester records), each at
 * least half an equal share so that no member is left without room, then normalised. Depends on the blueprint only,
 * never on the population, scenario or month.
 */
export function sharedClusterShares(blueprint: Blueprint, members: readonly string[]): Readonly<Record<string, SharedClusterShare>> {
  const { workload } = blueprint;
  const retainedTicketsPerRequester = workload.ticketsPerRequesterPerMonth * workload.retentionYears * 12;
  const writes: number[] = [];
  const storage: number[] = [];
  for (const group of members) {
    let w = 0;
    let kb = 0;
    for (const module of Object.values(blueprint.modules)) {
      if (module.databaseGroup !== group) continue;
      w += module.trafficShare * (1 - module.readShare);
      kb += retainedTicketsPerRequester * module.storage.ticketShare * module.storage.kbPerTicket + workload.configurationItemsPerRequester * module.storage.kbPerConfigurationItem + module.storage.kbPerRequester;
    }
    writes.push(w);
    storage.push(kb);
  }
  const shares = (weights: readonly number[]): number[] => {
    const total = weights.reduce((a, b) => a + b, 0);
    const floor = 1 / (2 * members.length);
    const floored = weights.map((w) => Math.max(total > 0 ? w / total : 0, floor));
    const sum = floored.reduce((a, b) => a + b, 0);
    return floored.map((f) => f / sum);
  };
  const writeShares = shares(writes);
  const storageShares = shares(storage);
  return Object.fromEntries(members.map((group, i) => [group, { writes: writeShares[i]!, storage: storageShares[i]! }]));
}

/**
 * Shards a member needs so that its first shard stays within its share of the cluster's limits (writes; storage;
 * storage restorable within the RTO where the posture restores). Its first shard then holds fewer slots; the
 * cluster never moves. May exceed the group's slots: the planner then refuses the plan, naming the slots to raise
 * (capacity/database.ts).
 */
export function sharedClusterShards(slots: number, load: { readonly writeTps: number; readonly storageGb: number }, limits: ShardLimits, share: SharedClusterShare): number {
  let shards = 1;
  for (const [quantity, limit, fraction] of [
    [load.writeTps, limits.writes, share.writes],
    [load.storageGb, limits.storage, share.storage],
    [load.storageGb, limits.restore, share.storage],
  ] as const) {
    if (quantity <= 0 || !Number.isFinite(limit)) continue;
    // The most slots the first shard may hold (it holds floor(slots / n)), floored and then checked exactly, so
    // that a quotient landing a hair below a whole number does not lose a slot.
    const budget = limit * fraction * slots;
    let allowed = Math.floor(budget / quantity);
    if ((allowed + 1) * quantity <= budget) allowed += 1;
    shards = Math.max(shards, allowed >= slots ? 1 : Math.floor(slots / (allowed + 1)) + 1);
  }
  return shards;
}

/** The shared cluster's load this month: the sum of its members' first shards. */
export function sharedClusterLoad(blueprint: Blueprint, members: readonly string[], loads: Readonly<Record<string, DatabaseLoad>>): DatabaseLoad {
  const share = (group: string) => firstShardShare(blueprint.databaseGroups[group]!.slots, loads[group]!.shards, blueprint.databaseGroups[group]!.sharding);
  const total = (pick: (l: DatabaseLoad) => number) => members.reduce((acc, g) => acc + pick(loads[g]!) * share(g), 0);
  return {
    writeTps: total((l) => l.writeTps),
    readRps: total((l) => l.readRps),
    storageGb: total((l) => l.storageGb),
    shards: 1,
    shardsNeededBy: { minimum: 1, writes: 1, storage: 1, restore: 0, sharedCluster: 0 },
    binding: 'minimum',
  };
}
