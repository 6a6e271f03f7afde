import { referenceWeekStart } from '../foundation/calendar';
import { LocalHour, localHour } from '../foundation/time-zone';
import { Blueprint } from '../model/schema';
import { LocationPeak, TrafficProfile } from './types';

const HOURS_PER_WEEK = 168;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Weeks per month on average (365.25 / 7 / 12). */
export const WEEKS_PER_MONTH = 365.25 / 7 / 12;

/**
 * The week's traffic shape: each location's load hour by hour in its own time zone (1 in its busiest
 * hour, `otherBusinessHoursShare` in its other business hours, `offHoursShare` outside them), weighted by
 * its share of the population and laid on one UTC week. The global peak is the busiest UTC hour of the
 * sum, so follow-the-sun locations add up only where their hours overlap. Offsets are those of the
 * start date's week (daylight saving later in the year shifts a location by an hour, not its peak).
 */
export function trafficProfile(blueprint: Blueprint, startDate: string): TrafficProfile {
  const { otherBusinessHoursShare, offHoursShare } = blueprint.workload.concurrency;
  const weekStart = referenceWeekStart(startDate).getTime();
  const combined = new Array<number>(HOURS_PER_WEEK).fill(0);
  const working = new Array<boolean>(HOURS_PER_WEEK).fill(false);
  const locations: LocationPeak[] = [];
  for (const location of blueprint.population.locations) {
    const hours = location.businessHours;
    const peakHour = hours.peakHour ?? Math.min(hours.startHour + 2, hours.endHour - 1);
    let peakUtcHourOfWeek = -1;
    const week = localWeek(location.timeZone, weekStart);
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const local = week[h]!;
      const atWork = hours.days.includes(local.weekday) && local.hour >= hours.startHour && local.hour < hours.endHour;
      if (atWork) working[h] = true;
      const weight = !atWork ? offHoursShare : local.hour === peakHour ? 1 : otherBusinessHoursShare;
      if (weight === 1 && peakUtcHourOfWeek < 0) peakUtcHourOfWeek = h;
      combined[h]! += location.share * weight;
    }
    locations.push({
      location: location.name,
      timeZone: location.timeZone,
      share: location.share,
      peakHourLocal: peakHour,
      // A location with no working day in the week still has a busiest hour: its first off hour.
      peakUtc: peakUtcHourOfWeek < 0 ? hourOfWeek(0) : hourOfWeek(peakUtcHourOfWeek),
    });
  }
  let peakIndex = 0;
  for (let h = 1; h < HOURS_PER_WEEK; h++) if (combined[h]! > combined[peakIndex]! + 1e-12) peakIndex = h;
  const weekTotal = combined.reduce((acc, w) => acc + w, 0);
  const peakShare = combined[peakIndex]!;
  return {
    startDate,
    locations,
    globalPeakUtc: hourOfWeek(peakIndex),
    globalPeakShare: peakShare,
    // Requests in a month per request/s of the global peak: the week's load in peak-hour equivalents.
    peakHourEquivalentsPerMonth: peakShare > 0 ? (weekTotal / peakShare) * WEEKS_PER_MONTH : 0,
    hourlyShares: combined,
    workingHours: working,
  };
}

/**
 * The fleets' business hours when a module states none. Locations that share one time zone give
 * theirs, in that zone (so daylight saving moves the schedule with them); otherwise in UTC, every
 * weekday on which some location works, from the earliest UTC hour any location starts to the latest
 * it ends (0-24 when the locations follow the sun). Off hours at the blueprint's off-hours share.
 */
export function derivedSchedule(profile: TrafficProfile, locations: Blueprint['population']['locations'], offHoursShare: number): ModuleSchedule {
  const zones = new Set(locations.map((l) => l.timeZone));
  if (zones.size === 1) {
    const days = WEEKDAYS.filter((d) => locations.some((l) => l.businessHours.days.includes(d)));
    const startHour = Math.min(...locations.map((l) => l.businessHours.startHour));
    const endHour = Math.max(...locations.map((l) => l.businessHours.endHour));
    return { timeZone: locations[0]!.timeZone, days, startHour, endHour, offHoursShare };
  }
  const days = WEEKDAYS.filter((_, d) => profile.workingHours.slice(d * 24, d * 24 + 24).some(Boolean));
  if (days.length === 0) return { timeZone: 'UTC', days: [...WEEKDAYS], startHour: 0, endHour: 24, offHoursShare };
  let startHour = 23;
  let endHour = 1;
  WEEKDAYS.forEach((_, d) => {
    for (let hour = 0; hour < 24; hour++) {
      if (!profile.workingHours[d * 24 + hour]) continue;
      startHour = Math.min(startHour, hour);
      endHour = Math.max(endHour, hour + 1);
    }
  });
  return { timeZone: 'UTC', days, startHour: Math.min(startHour, endHour - 1), endHour, offHoursShare };
}

/** A fleet's business hours, as the blueprint states or the planner derives them. */
export interface ModuleSchedule {
  readonly timeZone: string;
  readonly days: readonly LocalHour['weekday'][];
  readonly startHour: number;
  readonly endHour: number;
  readonly offHoursShare: number;
}

/**
 * The local day and hour of each UTC hour of the week starting at `weekStart` in `timeZone`. Asking
 * Intl costs microseconds per hour, so a week is worked out once per zone and week and kept: the
 * answer depends on nothing else, so keeping it changes no plan.
 */
function localWeek(timeZone: string, weekStart: number): readonly LocalHour[] {
  const key = `${timeZone}|${weekStart}`;
  let week = weeks.get(key);
  if (!week) {
    week = Array.from({ length: HOURS_PER_WEEK }, (_, h) => localHour(new Date(weekStart + h * 3_600_000), timeZone));
    weeks.set(key, week);
  }
  return week;
}

const weeks = new Map<string, readonly LocalHour[]>();

function hourOfWeek(index: number): { weekday: (typeof WEEKDAYS)[number]; hour: number } {
  return { weekday: WEEKDAYS[Math.floor(index / 24)]!, hour: index % 24 };
}
