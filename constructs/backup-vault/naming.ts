import { Token } from 'cdktf';
import { physicalName } from '../../foundation/naming';
import { accountIdProblem, regionProblem } from '../core/validation';

// One definition for the constructs, the stacks and the runbook.
export { backupVaultName } from '../../foundation/resource-names';

/**
 * Physical name of an environment's backup plan in one region: `<environment>-<region>-backup-plan`.
 * Stateful resources carry it as the value of the `BACKUP_TAG_KEY` tag, which the plan selects on.
 */
export function backupPlanName(environment: string, region: string): string {
  return physicalName(environment, region, 'backup-plan');
}

/**
 * ARN of a backup vault, derived without a Terraform reference:
 * `arn:aws:backup:<region>:<accountId>:backup-vault:<name>` (partition `aws-cn` / `aws-us-gov` for those regions).
 *
 * `backupVaultArn('123456789012', 'us-west-2', backupVaultName('prod', 'us-west-2'))`
 * → `arn:aws:backup:us-west-2:123456789012:backup-vault:prod-us-west-2-vault`.
 */
export function backupVaultArn(accountId: string, region: string, name: string): string {
  const problem = accountIdProblem(accountId) ?? regionProblem(region);
  if (problem !== undefined) throw new Error(`backupVaultArn: ${problem}.`);
  if (!Token.isUnresolved(name) && !/^[a-zA-Z0-9_-]{2,50}$/.test(name)) {
    throw new Error(`backupVaultArn: vault name "${name}" is invalid; AWS Backup vault names are 2 to 50 letters, digits, "-" or "_".`);
  }
  return `arn:${partitionOf(region)}:backup:${region}:${accountId}:backup-vault:${name}`;
}

/** What an AWS Backup vault ARN consists of. */
export interface BackupVaultArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

/** Splits an AWS Backup vault ARN; `undefined` when the string is not one. */
export function parseBackupVaultArn(arn: string): BackupVaultArnParts | undefined {
  const match = /^arn:(aws|aws-cn|aws-us-gov):backup:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):backup-vault:([a-zA-Z0-9_-]{2,50})$/.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name] = match;
  if (partition === undefined || region === undefined || accountId === undefined || name === undefined) return undefined;
  return { partition, region, accountId, name };
}

import { partitionOf } from '../core/partition';

export { partitionOf };
