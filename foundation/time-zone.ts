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

/** Day of the week and hour (0-23) of an instant in a time zone. */
export interface LocalHour {
  readonly weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  readonly hour: number;
}

/** The local day of the week and hour of `instant` in `timeZone` (an IANA name the runtime knows), daylight saving included. */
export function localHour(instant: Date, timeZone: string): LocalHour {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  let weekday = '';
  let hour = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'weekday') weekday = part.value.toLowerCase();
    else if (part.type === 'hour') hour = Number(part.value) % 24;
  }
  return { weekday: weekday as LocalHour['weekday'], hour };
}

const formats = new Map<string, Intl.DateTimeFormat>();
