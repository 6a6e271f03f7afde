/**
 * Whether two ARN patterns can name the same resource: a policy's `Resource` (with `*` / `?` wildcards and
 * Terraform `${…}` interpolations, whose values are unknown until plan) against a resource type's ARN format from
 * the IAM catalogue (`arn:${Partition}:sns:${Region}:${Account}:${TopicName}`, whose `${…}` parts are placeholders).
 */

/** A wildcard, or one literal character. */
type Token = { readonly star: true } | { readonly char: string };

const STAR: Token = { star: true };

/** Tokens of a pattern: `*`, `?` and every `${…}` become wildcards; everything else is literal (compared without case). */
function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        if (out[out.length - 1] !== STAR) out.push(STAR);
        i = end;
        continue;
      }
    }
    if (c === '*' || c === '?') {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else {
      out.push({ char: c.toLowerCase() });
    }
  }
  return out;
}

/** Results of `arnPatternsOverlap`, by `a` then `b`; at most MEMO_LIMIT patterns `a` (few formats `b` each). */
const overlaps = new Map<string, Map<string, boolean>>();
/** Far more than the distinct Resource patterns of a large synth; a bound so that a long-lived process does not grow without end. */
const MEMO_LIMIT = 20_000;

/**
 * `true` when some ARN matches both patterns. The five fields before the resource (`arn`, partition, service,
 * region, account) are compared field by field, so a wildcard there stays within its field; in the resource part a
 * wildcard (or `${Name}` placeholder) may stand for any text, `:` and `/` included (log-group ARNs end in `:*` in
 * policies, but the catalogue's format ends at the group name). A pattern that is not an ARN (fewer than six
 * fields) overlaps nothing.
 */
export function arnPatternsOverlap(a: string, b: string): boolean {
  // Pure, and asked again for the same pairs (every statement of every stack against the same catalogue formats).
  let withA = overlaps.get(a);
  if (withA === undefined) {
    if (overlaps.size >= MEMO_LIMIT) overlaps.clear();
    overlaps.set(a, (withA = new Map()));
  }
  let known = withA.get(b);
  if (known === undefined) {
    const x = fields(a);
    const y = fields(b);
    known = x !== undefined && y !== undefined && x.every((field, i) => globsOverlap(field, y[i]!));
    withA.set(b, known);
  }
  return known;
}

/** The five header fields and the resource part; interpolations first become wildcards, so their dots and colons do not count. */
function fields(pattern: string): string[] | undefined {
  const parts = pattern.replace(/\$\{[^}]*\}/g, '*').split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** `true` when some string matches both glob patterns (each wildcard standing for any string, the empty one included). */
export function globsOverlap(a: string, b: string): boolean {
  const x = tokens(a);
  const y = tokens(b);
  const memo = new Map<number, boolean>();
  const overlap = (i: number, j: number): boolean => {
    if (i === x.length && j === y.length) return true;
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const p = x[i];
    const q = y[j];
    let result: boolean;
    if (p === STAR) result = overlap(i + 1, j) || (j < y.length && overlap(i, j + 1));
    else if (q === STAR) result = overlap(i, j + 1) || (i < x.length && overlap(i + 1, j));
    else result = p !== undefined && q !== undefined && 'char' in p && 'char' in q && p.char === q.char && overlap(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}
