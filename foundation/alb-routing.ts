/**
 * Pure helpers for the LoadBalancer's listener rules: path patterns, rule splitting and priorities.
 *
 * Priority scheme ("routing slots"): every module owns one slot in [1, ROUTING_SLOTS], by default
 * `1 + fnv1a32(moduleName) % ROUTING_SLOTS`, i.e. a function of the module's own name only. From the slot:
 *
 * - the module's API rule (`/api/<module>/*`) gets priority `slot`              → band 1..8000
 * - its k-th UI rule (k = 0..4, five path values each) gets
 *   `UI_PRIORITY_BASE + (slot - 1) * MAX_UI_RULES_PER_MODULE + k`              → band 10000..49999
 *
 * Why: adding or removing a module never changes another module's priorities (a position in a sorted list
 * would renumber its neighbours, and the ALB rejects two rules swapping priorities in one apply with
 * PriorityInUse), and all API rules are evaluated before every UI rule (API-first: a catch-all UI path such as
 * `/*` can never swallow `/api/<module>/...`). Two names can hash to the same slot; the construct then throws and
 * names a free slot to pin with the module's `routingSlot`, so a collision never silently moves a rule.
 */

/** The ALB evaluates at most this many values across a rule's conditions. */
export const MAX_PATH_VALUES_PER_RULE = 5;
/** UI rules a module may have (so at most 25 uiPaths); also the width of a module's UI priority block. */
export const MAX_UI_RULES_PER_MODULE = 5;
/** Number of routing slots (the API band is 1..ROUTING_SLOTS). */
export const ROUTING_SLOTS = 8000;
/** First priority of the UI band; the band ends at UI_PRIORITY_BASE + ROUTING_SLOTS * MAX_UI_RULES_PER_MODULE - 1 = 49999. */
export const UI_PRIORITY_BASE = 10000;
/** ALB path patterns: at most 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?, starting with `/`. */
export const MAX_PATH_PATTERN_LENGTH = 128;
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/;

/** 32-bit FNV-1a hash of a string's UTF-16 code units; deterministic across machines and Node versions. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The default routing slot of a module: `1 + fnv1a32(name) % ROUTING_SLOTS`. */
export function defaultRoutingSlot(moduleName: string): number {
  return 1 + (fnv1a32(moduleName) % ROUTING_SLOTS);
}

/** Priority of a module's API rule. */
export function apiRulePriority(slot: number): number {
  return slot;
}

/** Priority of a module's `index`-th UI rule (0-based). */
export function uiRulePriority(slot: number, index: number): number {
  return UI_PRIORITY_BASE + (slot - 1) * MAX_UI_RULES_PER_MODULE + index;
}

/** The API path pattern routed to a module. */
export function apiPathPattern(moduleName: string): string {
  return `/api/${moduleName}/*`;
}

/** Splits values into consecutive chunks of at most `size` (the last may be shorter). */
export function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

/** Why a path pattern is not one the ALB accepts, or `undefined` when it is fine. */
export function pathPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) return `is ${pattern.length} characters long (the ALB allows ${MAX_PATH_PATTERN_LENGTH})`;
  if (!PATH_PATTERN.test(pattern)) {
    return `must start with "/" and use only A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * and ?`;
  }
  return undefined;
}

/** The first slot at or after `from` (wrapping around) that is not in `taken`. */
export function firstFreeSlot(from: number, taken: ReadonlySet<number>): number | undefined {
  for (let i = 0; i < ROUTING_SLOTS; i++) {
    const slot = ((from - 1 + i) % ROUTING_SLOTS) + 1;
    if (!taken.has(slot)) return slot;
  }
  return undefined;
}
