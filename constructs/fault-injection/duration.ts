/** The longest duration AWS FIS accepts for `startInstancesAfterDuration` and `duration` parameters (PT12H). */
export const MAX_FIS_DURATION_MINUTES = 12 * 60;

/**
 * A whole number of minutes as the ISO-8601 duration AWS FIS parameters take:
 * `10` → `PT10M`, `60` → `PT1H`, `90` → `PT1H30M`.
 */
export function isoDurationMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new Error(`isoDurationMinutes: expected a whole number of minutes >= 1, got ${minutes}.`);
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ''}${rest > 0 ? `${rest}M` : ''}`;
}
