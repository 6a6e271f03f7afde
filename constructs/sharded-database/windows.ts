/**
 * Pure checks of RDS backup and maintenance windows (UTC), as RDS validates them: formats, a minimum
 * length of 30 minutes, and no overlap between the daily backup window and the weekly maintenance window.
 */

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const MIN_WINDOW_MINUTES = 30;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A window as [start, start + length) in minutes. */
interface Window {
  readonly start: number;
  readonly length: number;
}

function clock(hh: string, mm: string): number | undefined {
  const h = Number(hh);
  const m = Number(mm);
  return h < 24 && m < 60 ? h * 60 + m : undefined;
}

/** Parses `hh:mm-hh:mm` (may cross midnight). Returns a problem description instead when invalid. */
export function parseBackupWindow(text: string): Window | string {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  const start = match ? clock(match[1]!, match[2]!) : undefined;
  const end = match ? clock(match[3]!, match[4]!) : undefined;
  if (start === undefined || end === undefined) {
    return `"${text}" is not a daily window; use hh:mm-hh:mm in UTC, e.g. "03:00-04:00"`;
  }
  const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (length < MIN_WINDOW_MINUTES) {
    return `"${text}" lasts ${length} minutes; RDS needs at least ${MIN_WINDOW_MINUTES}`;
  }
  return { start, length };
}

/** Parses `ddd:hh:mm-ddd:hh:mm` (may cross the week). Returns a problem description instead when invalid. */
export function parseMaintenanceWindow(text: string): Window | string {
  const match = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/.exec(text);
  const startDay = match ? DAYS.indexOf(match[1] as (typeof DAYS)[number]) : -1;
  const endDay = match ? DAYS.indexOf(match[4] as (typeof DAYS)[number]) : -1;
  const startClock = match ? clock(match[2]!, match[3]!) : undefined;
  const endClock = match ? clock(match[5]!, match[6]!) : undefined;
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) {
    return `"${text}" is not a weekly window; use ddd:hh:mm-ddd:hh:mm in UTC with days ${DAYS.join(', ')}, e.g. "sun:04:30-sun:05:30"`;
  }
  const start = startDay * MINUTES_PER_DAY + startClock;
  const end = endDay * MINUTES_PER_DAY + endClock;
  const length = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (length < MIN_WINDOW_MINUTES) {
    return `"${text}" lasts ${length} minutes; RDS needs at least ${MIN_WINDOW_MINUTES}`;
  }
  return { start, length };
}

/** Whether the daily backup window overlaps the weekly maintenance window on any day (RDS rejects that). */
export function windowsOverlap(backup: Window, maintenance: Window): boolean {
  for (let day = 0; day < 7; day++) {
    const b = day * MINUTES_PER_DAY + backup.start;
    for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
      const m = maintenance.start + shift;
      if (b < m + maintenance.length && m < b + backup.length) return true;
    }
  }
  return false;
}
