/**
 * "Did you mean …?" for validation messages: the candidate closest to a misspelled value by edit distance
 * (Levenshtein: insertions, deletions, substitutions), offered only when it is close enough to be a typo.
 */

/** How close a candidate must be: at most `max(2, ⌊length of the value / charactersPerEdit⌋)` edits. */
export interface ClosestMatchOptions {
  /** Characters of the value per allowed edit: 4 allows one edit per four characters. */
  readonly charactersPerEdit: number;
  /** Compare case-insensitively (the candidate is returned as given). @default false */
  readonly ignoreCase?: boolean;
}

/** The candidate closest to `value` when it is close enough to be a typo; the first of equally close ones. */
export function closestMatch(value: string, candidates: readonly string[], options: ClosestMatchOptions): string | undefined {
  const fold = (text: string) => (options.ignoreCase ? text.toLowerCase() : text);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(fold(value), fold(candidate));
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(value.length / options.charactersPerEdit)) ? best.name : undefined;
}

/** Levenshtein distance between `a` and `b`, in one row of memory. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}
