/**
 * Pure helpers for the virtual-slot map of a ShardedDatabase (no cdktf, no provider classes).
 *
 * A database group has a fixed number of virtual slots (e.g. 4096) for the life of its data. Each
 * physical shard owns one contiguous range of slots; applications hash a tenant or ticket key to a
 * slot and look the slot up in the map to find the shard's endpoints. Growing adds shards and moves
 * whole slots between them; the slot count never changes.
 */
import type { SlotRange } from '../../foundation/slot-map';

export { contiguousSlotMap, type SlotRange } from '../../foundation/slot-map';

/** One shard's entry in the published slot-map document. */
export interface SlotMapShardEntry {
  readonly shard: number;
  readonly firstSlot: number;
  readonly lastSlot: number;
  /** The cluster (writer) endpoint; a Terraform reference at synth time. */
  readonly writerEndpoint: string;
  /** The cluster reader endpoint; a Terraform reference at synth time. */
  readonly readerEndpoint: string;
}

/** The slot-map document the construct publishes (SSM parameter value and Terraform output). */
export interface SlotMapDocument {
  readonly group: string;
  readonly slots: number;
  readonly shards: readonly SlotMapShardEntry[];
}

/**
 * Checks that `map` assigns every slot `0..slots-1` to exactly one of the shards `1..shards`, as one
 * non-empty contiguous range per shard, in shard order. Returns a description of the first problem,
 * or `undefined` when the map is valid.
 */
export function slotMapProblem(map: readonly SlotRange[], slots: number, shards: number): string | undefined {
  if (map.length !== shards) {
    return `it has ${map.length} entries but shards is ${shards}; give exactly one range per shard`;
  }
  let expectedFirst = 0;
  for (const [index, range] of map.entries()) {
    const { shard, firstSlot, lastSlot } = range;
    if (shard !== index + 1) {
      return `entry ${index} is for shard ${shard}, expected shard ${index + 1}; list the shards in order 1..${shards}`;
    }
    if (!Number.isInteger(firstSlot) || !Number.isInteger(lastSlot)) {
      return `shard ${shard} has a non-integer range ${firstSlot}..${lastSlot}`;
    }
    if (firstSlot !== expectedFirst) {
      return (
        `shard ${shard} starts at slot ${firstSlot}, expected ${expectedFirst}; ranges must be contiguous, ` +
        `start at 0 and neither overlap nor leave gaps`
      );
    }
    if (lastSlot < firstSlot) {
      return `shard ${shard} has an empty range ${firstSlot}..${lastSlot}; every shard needs at least one slot`;
    }
    expectedFirst = lastSlot + 1;
  }
  if (expectedFirst !== slots) {
    return `the ranges end at slot ${expectedFirst - 1}, but the last slot is ${slots - 1}; the map must cover all ${slots} slots`;
  }
  return undefined;
}
