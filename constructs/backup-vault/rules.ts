/**
 * The backup rules of a {@link BackupVault}'s plan as plain data, so that the retention checks
 * (vault lock window, cold-storage minimum) are pure functions that tests can call directly.
 */

/** AWS Backup keeps continuous backups (point-in-time recovery) for at most 35 days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;

/** AWS Backup requires a recovery point to stay at least 90 days in cold storage before it is deleted. */
export const MIN_COLD_STORAGE_DAYS = 90;

/** The vault lock accepts retention periods up to 36,500 days (100 years). */
export const MAX_LOCK_RETENTION_DAYS = 36500;

/** The vault lock's grace time (compliance mode) must be at least 3 days. */
export const MIN_LOCK_CHANGEABLE_FOR_DAYS = 3;

/** Resource types a backup plan can select (AWS Backup's resource type names), as far as this toolkit uses them. */
export type ProtectedResourceType = 'Aurora' | 'S3' | 'EBS' | 'EFS' | 'DynamoDB';

/** Every {@link ProtectedResourceType}, for validation messages. */
export const PROTECTED_RESOURCE_TYPES: readonly ProtectedResourceType[] = ['Aurora', 'S3', 'EBS', 'EFS', 'DynamoDB'];

/**
 * The protected types whose recovery points can move to cold storage ("Lifecycle to cold storage" in AWS Backup's
 * feature-availability-by-resource table; DynamoDB only with advanced features). AWS Backup ignores
 * `cold_storage_after` for the rest, Aurora and S3 included, so a plan must not claim a transition that never happens.
 */
export const COLD_STORAGE_RESOURCE_TYPES: readonly ProtectedResourceType[] = ['EBS', 'EFS', 'DynamoDB'];

/** `true` when some of the types can move to cold storage. */
export function supportsColdStorage(types: readonly ProtectedResourceType[]): boolean {
  return types.some((type) => COLD_STORAGE_RESOURCE_TYPES.includes(type));
}

/** When the monthly long-term rule runs: 05:00 UTC on the 1st of every month. */
export const MONTHLY_SCHEDULE_EXPRESSION = 'cron(0 5 1 * ? *)';

/** When the continuous (PITR) rule's scheduled job runs: daily at 04:00 UTC; recovery is continuous in between. */
export const CONTINUOUS_SCHEDULE_EXPRESSION = 'cron(0 4 * * ? *)';

/** One rule of the backup plan. */
export interface BackupRuleSpec {
  /** Rule name, also part of error messages: `snapshots`, `continuous` or `monthly`. */
  readonly name: 'snapshots' | 'continuous' | 'monthly';
  readonly scheduleExpression: string;
  /** Continuous backup (point-in-time recovery) instead of snapshots. */
  readonly continuous: boolean;
  /** Days after creation at which the recovery point is deleted (`delete_after`). */
  readonly deleteAfterDays: number;
  /** Days after creation at which the recovery point moves to cold storage (`cold_storage_after`), if it does. */
  readonly coldStorageAfterDays?: number;
  /** Whether the rule copies its recovery points to the secondary region's vault (same lifecycle). */
  readonly copies: boolean;
  /** Minutes after the scheduled time within which the job must start. */
  readonly startWindowMinutes: number;
  /** Minutes after the start within which the job must complete. */
  readonly completionWindowMinutes: number;
}

/** What the rules are computed from. */
export interface BackupRuleInput {
  readonly scheduleExpression: string;
  readonly continuousBackup: boolean;
  readonly shortTermRetentionDays: number;
  readonly longTermRetentionDays: number;
  /** Cold-storage transition of the monthly rule; `undefined` when no selected resource type supports cold storage. */
  readonly coldStorageAfterDays: number | undefined;
  readonly copyToSecondaryRegion: boolean;
}

/**
 * The plan's rules:
 * - `snapshots`: on the plan's schedule (hourly to daily), kept `shortTermRetentionDays`, copied off-site;
 * - `continuous` (only with `continuousBackup`): point-in-time recovery, kept `shortTermRetentionDays` capped
 *   at AWS Backup's 35-day maximum, not copied (the snapshots already are);
 * - `monthly`: on the 1st of every month, cold storage after `coldStorageAfterDays` (when given), kept
 *   `longTermRetentionDays`, copied off-site.
 */
export function backupRules(input: BackupRuleInput): BackupRuleSpec[] {
  const rules: BackupRuleSpec[] = [
    {
      name: 'snapshots',
      scheduleExpression: input.scheduleExpression,
      continuous: false,
      deleteAfterDays: input.shortTermRetentionDays,
      copies: input.copyToSecondaryRegion,
      startWindowMinutes: 60,
      completionWindowMinutes: 180,
    },
  ];
  if (input.continuousBackup) {
    rules.push({
      name: 'continuous',
      scheduleExpression: CONTINUOUS_SCHEDULE_EXPRESSION,
      continuous: true,
      deleteAfterDays: Math.min(input.shortTermRetentionDays, MAX_CONTINUOUS_RETENTION_DAYS),
      copies: false,
      startWindowMinutes: 60,
      completionWindowMinutes: 180,
    });
  }
  rules.push({
    name: 'monthly',
    scheduleExpression: MONTHLY_SCHEDULE_EXPRESSION,
    continuous: false,
    deleteAfterDays: input.longTermRetentionDays,
    ...(input.coldStorageAfterDays === undefined ? {} : { coldStorageAfterDays: input.coldStorageAfterDays }),
    copies: input.copyToSecondaryRegion,
    startWindowMinutes: 60,
    completionWindowMinutes: 1440,
  });
  return rules;
}

/** The retention window a vault lock enforces, in days. */
export interface LockWindow {
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
}

/**
 * Problems with the rules' retention, one message per problem (empty when all is well): a rule whose
 * `delete_after` lies outside the lock's window, or whose cold-storage phase is shorter than AWS's 90 days.
 */
export function retentionProblems(rules: readonly BackupRuleSpec[], lock: LockWindow): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const days = rule.deleteAfterDays;
    if (days < lock.minRetentionDays || days > lock.maxRetentionDays) {
      const fix =
        days < lock.minRetentionDays
          ? `raise the rule's retention to at least ${lock.minRetentionDays} days or lower vaultLock.minRetentionDays to ${days} or less`
          : `lower the rule's retention to at most ${lock.maxRetentionDays} days or raise vaultLock.maxRetentionDays to ${days} or more`;
      problems.push(
        `plan retention outside the lock: rule "${rule.name}" keeps recovery points ${days} days (delete_after), ` +
          `but the vault lock only allows ${lock.minRetentionDays} to ${lock.maxRetentionDays} days, so its backup jobs would fail; ${fix}.`,
      );
    }
    if (rule.coldStorageAfterDays !== undefined && days < rule.coldStorageAfterDays + MIN_COLD_STORAGE_DAYS) {
      const needed = rule.coldStorageAfterDays + MIN_COLD_STORAGE_DAYS;
      const lowerCold = days - MIN_COLD_STORAGE_DAYS >= 1 ? `lower coldStorageAfterDays to ${days - MIN_COLD_STORAGE_DAYS} or less, or ` : '';
      problems.push(
        `cold storage too close to delete_after: rule "${rule.name}" moves recovery points to cold storage after ` +
          `${rule.coldStorageAfterDays} days and deletes them after ${days} days, but AWS Backup requires ` +
          `delete_after >= cold_storage_after + ${MIN_COLD_STORAGE_DAYS} (${needed}); ${lowerCold}raise longTermRetentionDays to ${needed} or more.`,
      );
    }
  }
  return problems;
}
