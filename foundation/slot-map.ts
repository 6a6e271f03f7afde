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
