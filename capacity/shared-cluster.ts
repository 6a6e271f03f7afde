/**
 * The shared cluster (blueprint `capacity.sharedCluster`): the first shard of each member group lives in one
 * Aurora cluster, held to one shard's limits. Each member gets a fixed share of those limits, in proportion to what
 * it writes and stores per requester in the blueprint, and takes more shards when its first shard would outgrow
 * its share. Its first shard then holds fewer slots than its own clusters (a weighted map: the first shard weighs
 * its share against each own shard's 1), so the own clusters are filled, not cut to the first shard's size. A
 * member's count so depends on its own load and the blueprint alone: one member's growth never splits another,
 * more load never means fewer shards, and a faster scenario never ends with fewer shards than a slower one (which
 * would mean destroying clusters when an environment changes scenario). Pure: no I/O, no cdktf.
 */
import { firstShardSlots } from '../foundation/slot-map';
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

/**
 * The weight of a member's first shard against each of its own shards (weightedSlotMap): its smaller share of the
 * shared cluster, so that no quantity's share is outgrown before the own shards are full.
 */
export function firstShardWeight(share: SharedClusterShare): number {
  return Math.min(share.writes, share.storage);
}

/**
 * The share of a group's slots its first shard holds: all of them with one shard, else its weighted part. A count
 * past the slots (which the planner refuses, naming the slots to raise) counts as one shard per slot.
 */
export function firstShardShare(slots: number, shards: number, sharding: 'slots' | 'none', share: SharedClusterShare): number {
  return sharding === 'none' ? 1 : firstShardSlots(slots, Math.min(shards, slots), firstShardWeight(share)) / slots;
}

/**
 * Each member's share of the shared cluster: in proportion to its writes (its modules' traffic share × write share)
 * and its storage per requester at full retention (tickets, configuration items, per-requester records), each at
 * least half an equal share so that no member is left without room, then normalised. Depends on the blueprint only,
 * never on the population, scenario or month.
 */
export function sharedClusterShares(blueprint: Pick<Blueprint, 'workload' | 'modules'>, members: readonly string[]): Readonly<Record<string, SharedClusterShare>> {
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
 * Shards a member needs so that its first shard stays within its share of the cluster's limits and each of its own
 * shards within one shard's limits (writes; storage; storage restorable within the RTO where the posture restores),
 * slots laid out by weightedSlotMap. The cluster never moves. May exceed the group's slots: the planner then
 * refuses the plan, naming the slots to raise (capacity/database.ts).
 */
export function sharedClusterShards(slots: number, load: { readonly writeTps: number; readonly storageGb: number }, limits: ShardLimits, share: SharedClusterShare): number {
  // The most slots the first shard and an own shard may hold, over the quantities.
  let firstAllowed = slots;
  let ownAllowed = slots;
  for (const [quantity, limit, fraction] of [
    [load.writeTps, limits.writes, share.writes],
    [load.storageGb, limits.storage, share.storage],
    [load.storageGb, limits.restore, share.storage],
  ] as const) {
    if (quantity <= 0 || !Number.isFinite(limit)) continue;
    firstAllowed = Math.min(firstAllowed, slotsWithin(limit * fraction * slots, quantity));
    ownAllowed = Math.min(ownAllowed, slotsWithin(limit * slots, quantity));
  }
  if (firstAllowed >= slots) return 1;
  if (firstAllowed < 1 || ownAllowed < 1) return slots + 1;
  const weight = firstShardWeight(share);
  const fits = (shards: number): boolean => {
    const first = firstShardSlots(slots, shards, weight);
    return first <= firstAllowed && Math.ceil((slots - first) / (shards - 1)) <= ownAllowed;
  };
  // No fewer own shards than hold the slots the first shard may not: a lower bound, then the first count that fits.
  let shards = Math.max(2, 1 + Math.ceil((slots - firstAllowed) / ownAllowed));
  while (shards <= slots && !fits(shards)) shards++;
  return shards;
}

/**
 * The most slots whose load stays within `budget` (limit × fraction × slots), each slot carrying `quantity / slots`:
 * floored and then checked exactly, so that a quotient landing a hair below a whole number does not lose a slot.
 */
function slotsWithin(budget: number, quantity: number): number {
  let allowed = Math.floor(budget / quantity);
  if ((allowed + 1) * quantity <= budget) allowed += 1;
  return allowed;
}

/** The shared cluster's load this month: the sum of its members' first shards. */
export function sharedClusterLoad(
  blueprint: Blueprint,
  members: readonly string[],
  shares: Readonly<Record<string, SharedClusterShare>>,
  loads: Readonly<Record<string, DatabaseLoad>>,
): DatabaseLoad {
  const share = (group: string) => firstShardShare(blueprint.databaseGroups[group]!.slots, loads[group]!.shards, blueprint.databaseGroups[group]!.sharding, shares[group]!);
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
