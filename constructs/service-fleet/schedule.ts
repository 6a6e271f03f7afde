/** Business hours of a module as cron recurrences for EC2 Auto Scaling scheduled actions. */
import { isKnownTimeZone } from '../../foundation/time-zone';

export interface BusinessHours {
  /** IANA time zone the hours are in, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Working days, e.g. `['mon','tue','wed','thu','fri']`. */
  readonly days: readonly string[];
  /** Hour (0-23) business hours start. */
  readonly startHour: number;
  /** Hour (1-24) business hours end. */
  readonly endHour: number;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Problems with a schedule, as messages that say how to fix them; empty when valid. */
export function scheduleProblems(hours: BusinessHours): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(hours.timeZone)) {
    problems.push(`unknown time zone "${hours.timeZone}" (use an IANA name such as "Europe/Berlin")`);
  }
  const unknown = hours.days.filter((d) => !(WEEKDAYS as readonly string[]).includes(d));
  if (hours.days.length === 0 || unknown.length > 0) {
    problems.push(`days must be a non-empty list of ${WEEKDAYS.join(', ')}; got [${hours.days.join(', ')}]`);
  }
  if (!Number.isInteger(hours.startHour) || hours.startHour < 0 || hours.startHour > 23) {
    problems.push(`startHour must be a whole hour 0-23; got ${hours.startHour}`);
  }
  if (!Number.isInteger(hours.endHour) || hours.endHour < 1 || hours.endHour > 24 || hours.endHour <= hours.startHour) {
    problems.push(`endHour must be a whole hour after startHour, at most 24; got ${hours.endHour}`);
  }
  return problems;
}

/** True when the hours cover the whole week around the clock, so no scheduled actions are needed. */
export function isAlwaysOn(hours: BusinessHours): boolean {
  return hours.startHour === 0 && hours.endHour === 24 && new Set(hours.days).size === 7;
}

/** Cron recurrences (minute hour day month weekday) for the start and end of business hours. */
export function scheduleRecurrences(hours: BusinessHours): { start: string; end: string } {
  const days = WEEKDAYS.filter((d) => hours.days.includes(d))
    .map((d) => WEEKDAYS.indexOf(d))
    .join(',');
  // An end at 24:00 is midnight of the same working day, i.e. hour 0 of the next one; keep it on
  // the same weekday list shifted is overkill: end at 23:59 instead.
  const end = hours.endHour === 24 ? `59 23 * * ${days}` : `0 ${hours.endHour} * * ${days}`;
  return { start: `0 ${hours.startHour} * * ${days}`, end };
}
