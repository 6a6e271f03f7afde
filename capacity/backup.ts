import { backupIntervalFor } from './dr';
import { BackupPlan, Tier, VaultLockPlan } from './types';

/** Granularity of continuous backup (point-in-time recovery) for Aurora in AWS Backup. */
export const CONTINUOUS_BACKUP_RPO_MINUTES = 5;

/** Daily recovery points are kept this long; AWS Backup's continuous backup allows at most 35 days. */
export const SHORT_TERM_RETENTION_DAYS = 35;

/** Recovery points move to cold storage after this; AWS requires at least 90 days in cold storage. */
export const COLD_STORAGE_AFTER_DAYS = 90;

/** Days a compliance-mode vault lock can still be changed or removed after it is first applied (AWS's minimum is 3). */
export const VAULT_LOCK_COOLING_OFF_DAYS = 3;

/** Who may break the vaults' immutability, and how immutable they are. */
export interface BackupProtectionInput {
  readonly tier: Tier;
  /** The environment's `backup.breakGlassRoleName`. */
  readonly breakGlassRoleName: string;
}

/** Compliance lock in production only: elsewhere an immutable vault with 7-year points could never be cleaned up. */
export function planVaultLock(tier: Tier): VaultLockPlan {
  return tier === 'production' ? { mode: 'compliance', coolingOffDays: VAULT_LOCK_COOLING_OFF_DAYS } : { mode: 'governance' };
}

/** Backup schedule whose interval never exceeds the RPO; under an hour, continuous backup covers the gap. */
export function planBackup(rpoMinutes: number, retentionYears: number, protection: BackupProtectionInput): BackupPlan {
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
    vaultLock: planVaultLock(protection.tier),
    breakGlassRoleName: protection.breakGlassRoleName,
  };
}
