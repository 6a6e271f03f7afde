/**
 * Slot-map changes (the `aws_ssm_parameter` that publishes a database group's virtual-slot map):
 * the application routes each row by its slot, so a slot that ends up on another shard points
 * live rows at a shard that does not hold them. Growth adds shards and moves slots only after
 * their rows are copied; the diff names every move and that migration step. Pure.
 */
import { Json } from './types';
import { isObject, parseJsonDocument } from './values';

/** A slot map as ShardedDatabase publishes it: `{ group, slots, shards: [{ shard, firstSlot, lastSlot }] }`. */
interface SlotMap {
  readonly group: string;
  readonly slots: number;
  readonly ranges: ReadonlyArray<{ shard: number; firstSlot: number; lastSlot: number }>;
}

/** One run of consecutive slots that moves from one shard to another. */
export interface SlotMove {
  readonly firstSlot: number;
  readonly lastSlot: number;
  readonly fromShard: number;
  readonly toShard: number;
}

/** What changes in the routing of a slot-map value; undefined when neither side is a slot map or nothing moves. */
export interface SlotMapChange {
  readonly group: string;
  /** The slot count changed: every row hashes to a different slot. */
  readonly slotsBefore?: number;
  readonly slotsAfter?: number;
  readonly moves: readonly SlotMove[];
}

/** Reads a slot map from a parameter value (a JSON string); undefined when it is not one. */
export function parseSlotMap(value: Json | undefined): SlotMap | undefined {
  const document = typeof value === 'string' ? parseJsonDocument(value) : undefined;
  if (!isObject(document) || typeof document['slots'] !== 'number' || !Array.isArray(document['shards'])) return undefined;
  const ranges: Array<{ shard: number; firstSlot: number; lastSlot: number }> = [];
  for (const entry of document['shards']) {
    if (!isObject(entry)) return undefined;
    const { shard, firstSlot, lastSlot } = entry;
    if (typeof shard !== 'number' || typeof firstSlot !== 'number' || typeof lastSlot !== 'number') return undefined;
    ranges.push({ shard, firstSlot, lastSlot });
  }
  return { group: typeof document['group'] === 'string' ? document['group'] : '?', slots: document['slots'], ranges };
}

/** The routing changes between two slot-map values. */
export function slotMapChange(before: Json | undefined, after: Json | undefined): SlotMapChange | undefined {
  const a = parseSlotMap(before);
  const b = parseSlotMap(after);
  if (!a || !b) return undefined;
  if (a.slots !== b.slots) return { group: b.group, slotsBefore: a.slots, slotsAfter: b.slots, moves: [] };
  const moves: SlotMove[] = [];
  const ownerBefore = owners(a);
  const ownerAfter = owners(b);
  for (let slot = 0; slot < a.slots; slot += 1) {
    const from = ownerBefore[slot];
    const to = ownerAfter[slot];
    // A slot nobody owned before holds no rows; one that nobody owns after is a broken map, also a move.
    if (from === undefined || from === to) continue;
    const last = moves[moves.length - 1];
    if (last && last.lastSlot === slot - 1 && last.fromShard === from && last.toShard === (to ?? -1)) {
      moves[moves.length - 1] = { ...last, lastSlot: slot };
    } else {
      moves.push({ firstSlot: slot, lastSlot: slot, fromShard: from, toShard: to ?? -1 });
    }
  }
  return moves.length > 0 ? { group: b.group, moves } : undefined;
}

function owners(map: SlotMap): Array<number | undefined> {
  const out: Array<number | undefined> = new Array<number | undefined>(Math.max(0, Math.min(map.slots, 1 << 20))).fill(undefined);
  for (const range of map.ranges) {
    for (let slot = Math.max(0, range.firstSlot); slot <= Math.min(range.lastSlot, out.length - 1); slot += 1) out[slot] = range.shard;
  }
  return out;
}

/** Sentences for the diff: what moves and the migration each move needs. */
export function slotMapReasons(change: SlotMapChange): string[] {
  if (change.slotsBefore !== undefined) {
    return [
      `routing: the slot count of database group "${change.group}" changes from ${change.slotsBefore} to ${change.slotsAfter}, so every row hashes to another slot and most rows are routed to a shard that does not hold them`,
      'migration: the slot count is fixed once data exists; keep the old count (slots in the blueprint), or re-shard offline: export every row, apply, then re-import by the new slot',
    ];
  }
  const shard = (n: number): string => (n < 0 ? 'no shard' : `shard ${String(n).padStart(2, '0')}`);
  const listed = change.moves.slice(0, 5).map((m) => `slots ${m.firstSlot === m.lastSlot ? m.firstSlot : `${m.firstSlot}–${m.lastSlot}`} from ${shard(m.fromShard)} to ${shard(m.toShard)}`);
  const more = change.moves.length > 5 ? ` and ${change.moves.length - 5} more ranges` : '';
  const count = change.moves.reduce((sum, m) => sum + m.lastSlot - m.firstSlot + 1, 0);
  return [
    `routing: ${count} existing slot${count === 1 ? '' : 's'} of database group "${change.group}" move to another shard (${listed.join('; ')}${more}); the application then looks for their rows where they are not`,
    'migration: before applying, copy the rows of the moved slots to their new shard and keep them in sync (dual writes or logical replication), apply the new map, then delete them from the old shard; or keep the existing ranges and give the new shards only unassigned capacity',
  ];
}
