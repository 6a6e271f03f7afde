/**
 * Calendar dates of the plan: the environment's start date, scenario targets and milestones are
 * ISO dates (YYYY-MM-DD); the planner counts whole months from the start. Dependency-free and
 * UTC-only, so every machine computes the same months whatever its time zone.
 */

/** Whether `text` is a real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isIsoDate(text: unknown): boolean {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Whole months from `start` to `date` (both YYYY-MM-DD): the last month point of the timeline
 * (month m is `start` plus m months) that falls on or before `date`. Negative when `date` is
 * before `start`.
 */
export function wholeMonthsBetween(start: string, date: string): number {
  const [y1, m1, d1] = start.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = date.split('-').map(Number) as [number, number, number];
  const months = (y2 - y1) * 12 + (m2 - m1);
  return d2 >= d1 ? months : months - 1;
}

/** The date (YYYY-MM-DD) of month point `month` from `start`; days past the month's end clamp to it (Jan 31 + 1 month is Feb 28/29). */
export function addMonths(start: string, month: number): string {
  const [year, monthOfYear, day] = start.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, monthOfYear - 1 + month, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** Midnight UTC of the first Monday on or after `date`: the reference week of the traffic profile. */
export function referenceWeekStart(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start = new Date(Date.UTC(year, month - 1, day));
  const daysToMonday = (8 - start.getUTCDay()) % 7;
  start.setUTCDate(start.getUTCDate() + daysToMonday);
  return start;
}
