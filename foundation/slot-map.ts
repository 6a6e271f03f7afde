/**
 * The virtual-slot map of a sharded database group: the contract between the capacity planner
 * (which plans it) and ShardedDatabase (which publishes it for the application). A group has a
 * fixed number of slots for the life of its data; each physical shard owns one contiguous range.
 */

/** The slots `firstSlot..lastSlot` (inclusive) that physical shard `shard` (1-based) owns. */
export interface SlotRange {
  readonly shard: number;
  readonly firstSlot: number;
  readonly lastSlot: number;
}

/**
 * Assigns `slots` virtual slots to `shards` physical shards as contiguous ranges. The slot count
 * is fixed for the life of the data; growing adds shards and moves whole slots between them.
 */
export function contiguousSlotMap(slots: number, shards: number): SlotRange[] {
  checkShards(slots, shards);
  const ranges: SlotRange[] = [];
  for (let shard = 0; shard < shards; shard++) {
    // capacity/database.ts's slotMoves walks these ranges with the same two divisions.
    const firstSlot = Math.floor((shard * slots) / shards);
    const lastSlot = Math.floor(((shard + 1) * slots) / shards) - 1;
    ranges.push({ shard: shard + 1, firstSlot, lastSlot });
  }
  return ranges;
}

/** Refuses a shard count `contiguousSlotMap` cannot map `slots` onto, with the message it gives. */
export function checkShards(slots: number, shards: number): void {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`slotMap: shards must be a whole number >= 1, got ${shards}`);
  if (shards > slots) throw new Error(`slotMap: ${shards} shards cannot share ${slots} slots (raise slots or lower shards)`);
}

/**
 * The slots the first of `shards` holds when it weighs `firstShardWeight` (0 < w <= 1) against each other shard's
 * 1: its share of the slots is w / (w + shards - 1), floored, at least one and leaving one for each other shard.
 */
export function firstShardSlots(slots: number, shards: number, firstShardWeight: number): number {
  checkShards(slots, shards);
  if (shards === 1) return slots;
  const weighted = Math.floor((slots * firstShardWeight) / (firstShardWeight + shards - 1));
  return Math.min(Math.max(1, weighted), slots - (shards - 1));
}

/**
 * A contiguous map whose first shard is lighter than the others: it holds `firstSlots` slots (from
 * `firstShardSlots`), the others split the rest evenly. A member of the shared cluster keeps its first shard there
 * with a fraction of one shard's limits, so that shard holds fewer slots than the member's own clusters.
 */
export function weightedSlotMap(slots: number, shards: number, firstShardWeight: number): SlotRange[] {
  const first = firstShardSlots(slots, shards, firstShardWeight);
  const firstRange: SlotRange = { shard: 1, firstSlot: 0, lastSlot: first - 1 };
  if (shards === 1) return [firstRange];
  // The others: a contiguous map of the remaining slots, after the first shard's.
  const others = contiguousSlotMap(slots - first, shards - 1).map((r) => ({ shard: r.shard + 1, firstSlot: first + r.firstSlot, lastSlot: first + r.lastSlot }));
  return [firstRange, ...others];
}
