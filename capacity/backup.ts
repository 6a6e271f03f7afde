import { backupIntervalFor } from './dr';
import { BackupPlan } from './types';

/** Granularity of continuous backup (point-in-time recovery) for Aurora in AWS Backup. */
export const CONTINUOUS_BACKUP_RPO_MINUTES = 5;

/** Daily recovery points are kept this long; AWS Backup's continuous backup allows at most 35 days. */
export const SHORT_TERM_RETENTION_DAYS = 35;

/** Recovery points move to cold storage after this; AWS requires at least 90 days in cold storage. */
export const COLD_STORAGE_AFTER_DAYS = 90;

/** Backup schedule whose interval never exceeds the RPO; under an hour, continuous backup covers the gap. */
export function planBackup(rpoMinutes: number, retentionYears: number): BackupPlan {
  const frequencyMinutes = backupIntervalFor(rpoMinutes);
  const continuous = rpoMinutes < frequencyMinutes || rpoMinutes < 60;
  const hours = frequencyMinutes / 60;
  return {
    frequencyMinutes,
    scheduleExpression: hours >= 24 ? 'cron(0 3 * * ? *)' : `cron(0 0/${hours} * * ? *)`,
    continuous,
    rpoMetMinutes: continuous ? CONTINUOUS_BACKUP_RPO_MINUTES : frequencyMinutes,
    shortTermRetentionDays: SHORT_TERM_RETENTION_DAYS,
    longTermRetentionDays: Math.max(COLD_STORAGE_AFTER_DAYS + 90, retentionYears * 365),
    coldStorageAfterDays: COLD_STORAGE_AFTER_DAYS,
  };
}
