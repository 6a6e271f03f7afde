/**
 * Whether `name` is a time zone the runtime knows (IANA names such as "Europe/Berlin", "UTC"),
 * as `Intl.DateTimeFormat` accepts them. Dependency-free, so the model's YAML checks and the
 * constructs' own prop checks share it.
 *
 * The first `Intl.DateTimeFormat` of a process costs ~20 ms (ICU sets up date formatting), so
 * the canonical names (`Intl.supportedValuesOf`, ~2 ms) and UTC, which every implementation must
 * know, are accepted without one; anything else (aliases such as "US/Eastern", other spellings)
 * is tried on `Intl.DateTimeFormat` as before. Answers are memoized.
 */
export function isKnownTimeZone(name: unknown): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  let known = answers.get(name);
  if (known === undefined) {
    canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
    known = canonical.has(name) || name.toUpperCase() === 'UTC' || acceptedByDateTimeFormat(name);
    answers.set(name, known);
  }
  return known;
}

let canonical: Set<string> | undefined;
const answers = new Map<string, boolean>();

function acceptedByDateTimeFormat(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
