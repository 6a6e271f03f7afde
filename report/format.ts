import { CapacityPlan, FleetPlan, SlotRange } from '../capacity/types';
import { shardNumber } from '../foundation/naming';

/**
 * Formatting shared by the Markdown and JSON reports. Everything here is deterministic: no
 * locale (thousands are grouped by hand, not by Intl), no clock.
 */

/** `1234567.891` → `1,234,568` (digits 0) or `1,234,567.9` (digits 1). */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(digits);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/**
 * A fraction as a percentage with one decimal: `0.53333` → `53.3%`, `0.03` → `3.0%`. With
 * `trimZero` (for settings rather than measurements) a whole number drops it: `0.8` → `80%`.
 */
export function formatPercent(fraction: number, trimZero = false): string {
  const text = formatNumber(fraction * 100, 1);
  return `${trimZero ? text.replace(/\.0$/, '') : text}%`;
}

/** Minutes for people: `45` → `45 min`, `60` → `1 h`, `1440` → `24 h`, `90` → `90 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return `${formatNumber(minutes / 60)} h`;
  return `${formatNumber(minutes, Number.isInteger(minutes) ? 0 : 1)} min`;
}

/** Days for people: `2555` → `2,555 days (7 years)` when a whole number of years, else `35 days`. */
export function formatDays(days: number): string {
  const base = `${formatNumber(days)} ${days === 1 ? 'day' : 'days'}`;
  if (days >= 365 && days % 365 === 0) {
    const years = days / 365;
    return `${base} (${years} ${years === 1 ? 'year' : 'years'})`;
  }
  return base;
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function dayName(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}

/** `[mon..fri]` → `Mon–Fri`, all seven → `daily`, otherwise a list in week order: `Mon, Wed`. */
export function formatWeekdays(days: readonly string[]): string {
  const indexes = [...new Set(days.map((d) => WEEK.indexOf(d as (typeof WEEK)[number])))].filter((i) => i >= 0).sort((a, b) => a - b);
  if (indexes.length === 7) return 'daily';
  const first = indexes[0];
  const last = indexes[indexes.length - 1];
  if (first === undefined || last === undefined) return days.join(', ');
  if (indexes.length >= 3 && last - first + 1 === indexes.length) return `${dayName(WEEK[first]!)}–${dayName(WEEK[last]!)}`;
  return indexes.map((i) => dayName(WEEK[i]!)).join(', ');
}

function hour(h: number): string {
  return `${String(h).padStart(2, '0')}:00`;
}

/** The business-hours schedule of a fleet: `Mon–Fri 06:00–20:00 America/New_York`, `daily 24 h UTC`. */
export function formatSchedule(schedule: FleetPlan['schedule']): string {
  const hours = schedule.startHour === 0 && schedule.endHour === 24 ? '24 h' : `${hour(schedule.startHour)}–${hour(schedule.endHour)}`;
  return `${formatWeekdays(schedule.days)} ${hours} ${schedule.timeZone}`;
}

/** `{ shard: 2, firstSlot: 1024, lastSlot: 2047 }` → `shard 02 1024–2047`. */
export function formatSlotRange(range: SlotRange): string {
  return `shard ${shardNumber(range.shard)} ${range.firstSlot}–${range.lastSlot}`;
}

/**
 * Slot map in one line: `4096 slots: shard 01 0–1023, shard 02 1024–2047, …`. Up to
 * `maxRanges` ranges are listed; longer maps show the first two, an ellipsis and the last.
 */
export function formatSlotMap(slots: number, slotMap: readonly SlotRange[], maxRanges = 4): string {
  const ranges =
    slotMap.length <= maxRanges
      ? slotMap.map(formatSlotRange)
      : [...slotMap.slice(0, 2).map(formatSlotRange), `… ${slotMap.length - 3} more …`, formatSlotRange(slotMap[slotMap.length - 1]!)];
  return `${slots} slots: ${ranges.join(', ')}`;
}

/** Rounds to `digits` decimals (3 by default) and turns -0 into 0, so that JSON output is stable. */
export function round(value: number, digits = 3): number {
  const factor = Math.pow(10, digits);
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/**
 * Checks that the plans can be reported together: at least one, the same environment, blueprint
 * and horizon, and no scenario twice. Throws an Error naming what differs otherwise.
 */
export function checkPlans(plans: readonly CapacityPlan[], caller: string): CapacityPlan {
  const first = plans[0];
  if (!first) throw new Error(`${caller}: no plans given; pass at least one CapacityPlan (one per scenario).`);
  const seen = new Set<string>();
  for (const plan of plans) {
    for (const key of ['environment', 'blueprint', 'horizonMonths', 'tier'] as const) {
      if (plan[key] !== first[key]) {
        throw new Error(
          `${caller}: plans must share one ${key} to be shown side by side; scenario "${plan.scenario}" has ${key} "${plan[key]}" but "${first.scenario}" has "${first[key]}". Report each ${key} separately.`,
        );
      }
    }
    if (seen.has(plan.scenario)) {
      throw new Error(`${caller}: scenario "${plan.scenario}" is given twice; pass each scenario once.`);
    }
    seen.add(plan.scenario);
  }
  return first;
}

/** Keys of a record over several plans: the first plan's order, then any others in order of appearance. */
export function unionKeys(records: ReadonlyArray<Readonly<Record<string, unknown>>>): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}
