/** Policy documents of a {@link BackupVault}, as plain objects (serialised with JSON.stringify for stable output). */

import {
  accountRootAdministrationStatement,
  ENVELOPE_ENCRYPTION_ACTIONS,
  servicePrincipalKeyUseStatement,
  viaServiceCondition,
} from '../core/kms-policy';
import { denyInsecureTransportStatement, policyDocument, serviceTrustPolicy, sourceAccountCondition } from '../core/policy';
import { servicePublishStatement } from '../core/topic-policy';

/** What the key policy needs to know. */
export interface BackupKeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN of the notification topic the key encrypts (known before the topic exists: it is derived from its name). */
  readonly topicArn: string;
}

/**
 * Key policy of the vault key:
 * - the account root administers the key (IAM policies in the account decide who else may);
 * - any principal of this account may use it, but only through AWS Backup or RDS in this region
 *   (`kms:ViaService`, `kms:CallerAccount`): AWS Backup encrypts recovery points with it, and RDS re-encrypts Aurora
 *   snapshots with it when AWS Backup copies them into this vault from another region or restores them;
 * - grants only for AWS resources (`kms:GrantIsForAWSResource`), as AWS Backup and RDS create grants;
 * - the AWS Backup service principal may generate data keys for, and decrypt, messages of the vault's own
 *   notification topic only (`kms:EncryptionContext:aws:sns:topicArn`), so it can publish to the encrypted topic.
 */
export function backupKeyPolicy(input: BackupKeyPolicyInput): object {
  const { partition, accountId, region, topicArn } = input;
  const viaServices = [`backup.${region}.amazonaws.com`, `rds.${region}.amazonaws.com`];
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    {
      Sid: 'AllowUseThroughAwsBackupAndRds',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [...ENVELOPE_ENCRYPTION_ACTIONS],
      Resource: '*',
      Condition: viaServiceCondition(accountId, viaServices),
    },
    {
      Sid: 'AllowGrantsForAwsResourcesThroughAwsBackupAndRds',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: {
        ...viaServiceCondition(accountId, viaServices),
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    },
    servicePrincipalKeyUseStatement({
      sid: 'AllowAwsBackupToPublishToTheEncryptedTopic',
      service: 'backup.amazonaws.com',
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
    }),
  ]);
}

/**
 * Topic policy of the notification topic: AWS Backup may publish to it, and nobody may use it without TLS.
 * (The account's own principals keep access through their IAM policies: same-account access needs no topic policy.)
 */
export function notificationTopicPolicy(topicArn: string): object {
  return policyDocument([
    servicePublishStatement({ sid: 'AllowAwsBackupToPublish', service: 'backup.amazonaws.com', action: 'SNS:Publish', topicArn }),
    // SNS has no Receive action: deliveries to subscribers are not API calls on the topic.
    denyInsecureTransportStatement(['SNS:Publish', 'SNS:Subscribe'], topicArn),
  ]);
}

/**
 * Trust policy of the backup role: only AWS Backup, acting for this account (`aws:SourceAccount`, against the
 * confused-deputy problem), may assume it. No `aws:SourceArn`: backups, copies and restore tests come from
 * different AWS Backup resources (plans, jobs, restore testing plans).
 */
export function backupTrustPolicy(accountId: string): object {
  return serviceTrustPolicy('backup.amazonaws.com', { sid: 'AllowAwsBackupOfThisAccount', condition: sourceAccountCondition(accountId) });
}

/** Default break-glass role: the only principal the vault access policy lets break the vault's immutability. */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'itsm-scale-backup-break-glass';

/**
 * What the vault access policy denies to everyone but the break-glass role: deleting recovery points (also by
 * disassociating continuous backups), shortening their lifecycle, deleting the vault, removing its lock (a governance
 * lock can be removed by anyone with this permission) and rewriting or deleting the access policy itself.
 * Not `PutBackupVaultLockConfiguration`: the plan's retention may grow the lock window, and the lock's own rules
 * (compliance mode) already stop shortening it once the cooling-off period is over.
 */
export const PROTECTED_VAULT_ACTIONS: readonly string[] = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:DisassociateRecoveryPoint',
  'backup:DisassociateRecoveryPointFromParent',
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
];

/** What the vault access policy needs to know. */
export interface VaultAccessPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  /** Name (no path) of the IAM role in `accountId` that alone may break the vault's immutability. */
  readonly breakGlassRoleName: string;
}

/**
 * Access policy of the vault: every principal but the break-glass role (any session of it: `aws:PrincipalArn` is
 * the role's ARN) is denied {@link PROTECTED_VAULT_ACTIONS}. AWS Backup's own lifecycle expiry is not an API call of
 * a principal and is unaffected.
 */
export function vaultAccessPolicy(input: VaultAccessPolicyInput): object {
  return policyDocument([
    {
      Sid: 'DenyBreakingImmutabilityExceptBreakGlass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...PROTECTED_VAULT_ACTIONS],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': `arn:${input.partition}:iam::${input.accountId}:role/${input.breakGlassRoleName}` } },
    },
  ]);
}
