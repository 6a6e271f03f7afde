/**
 * Statements of KMS key policies, as plain objects (see ./policy.ts). Every key policy of the toolkit
 * starts with {@link accountRootAdministrationStatement}, then grants only the principals that need the
 * key, each under a condition. Pure functions, no cdktf.
 */

import { logGroupArn } from './logs-policy';
import { accountRootArn, policyDocument, PolicyValue, sourceAccountCondition } from './policy';

/** Sid of the account-root administration statement, unless a construct names it otherwise. */
export const ACCOUNT_ROOT_ADMINISTRATION_SID = 'EnableAccountRootAdministration';

/** Options of {@link accountRootAdministrationStatement}. */
export interface AccountRootAdministrationOptions {
  /**
   * Sid of the statement.
   * @default 'EnableAccountRootAdministration'
   */
  readonly sid?: string;
  /**
   * The actions the account root gets.
   * @default 'kms:*'
   */
  readonly actions?: PolicyValue;
}

/**
 * The account root administers the key (and so IAM policies of the account decide who else may use it;
 * the account can never be locked out of the key).
 */
export function accountRootAdministrationStatement(partition: string, accountId: string, options: AccountRootAdministrationOptions = {}): object {
  return {
    Sid: options.sid ?? ACCOUNT_ROOT_ADMINISTRATION_SID,
    Effect: 'Allow',
    Principal: { AWS: accountRootArn(partition, accountId) },
    Action: options.actions ?? 'kms:*',
    Resource: '*',
  };
}

/** The actions CloudWatch Logs needs on a key that encrypts log groups. */
export const LOGS_KEY_ACTIONS: readonly string[] = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/** The actions a principal needs to use (not administer) a key for envelope encryption. */
export const ENVELOPE_ENCRYPTION_ACTIONS: readonly string[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** Which IAM condition operator compares the log group ARN of the encryption context. */
export type LogGroupArnMatch = 'ArnEquals' | 'ArnLike';

/** What {@link cloudWatchLogsKeyUseStatement} needs to know. */
export interface LogsKeyUseInput {
  /** Sid of the statement, e.g. `AllowCloudWatchLogsUseForWafLogs`. */
  readonly sid: string;
  readonly partition: string;
  readonly accountId: string;
  /** The region of the log groups; the principal is `logs.<region>.amazonaws.com`. */
  readonly region: string;
  /** The log group name, or a name pattern with `*` (e.g. `/aws/rds/cluster/prod-*`, or `*` for every group). */
  readonly logGroupName: string;
  /** `ArnEquals` for one log group, `ArnLike` for a pattern. */
  readonly match: LogGroupArnMatch;
}

/**
 * CloudWatch Logs of one region may use the key, only for the log groups whose ARN matches
 * (`kms:EncryptionContext:aws:logs:arn`).
 */
export function cloudWatchLogsKeyUseStatement(input: LogsKeyUseInput): object {
  const { sid, partition, accountId, region, logGroupName, match } = input;
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: [...LOGS_KEY_ACTIONS],
    Resource: '*',
    Condition: {
      [match]: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn(partition, region, accountId, logGroupName) },
    },
  };
}

/**
 * Condition of a key-use statement for principals of this account: only when the call comes through the
 * given AWS service endpoint or endpoints (`kms:ViaService`, e.g. `s3.us-east-1.amazonaws.com`) on behalf of
 * this account (`kms:CallerAccount`).
 */
export function viaServiceCondition(accountId: string, viaService: PolicyValue): object {
  return { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': viaService } };
}

/** What {@link servicePrincipalKeyUseStatement} needs to know. */
export interface ServicePrincipalKeyUseInput {
  /** Sid of the statement. */
  readonly sid: string;
  /** The service principal, e.g. `cloudwatch.amazonaws.com`. */
  readonly service: string;
  /** The key actions it gets, in the order to write them. */
  readonly actions: PolicyValue;
  /** The condition that scopes it, e.g. `sourceAccountCondition(accountId)`. */
  readonly condition: object;
}

/** An AWS service principal may use the key, under a condition. */
export function servicePrincipalKeyUseStatement(input: ServicePrincipalKeyUseInput): object {
  return {
    Sid: input.sid,
    Effect: 'Allow',
    Principal: { Service: input.service },
    Action: input.actions,
    Resource: '*',
    Condition: input.condition,
  };
}

/**
 * Key policy of the KMS key of a CloudWatch alarms topic: the account root administers the key (and so
 * enables IAM policies); CloudWatch alarms may generate data keys and decrypt with it, only when acting for
 * this account. Nothing else is granted: subscribers that read the topic encrypted (e.g. an encrypted SQS
 * queue) need their own grant.
 */
export function cloudWatchAlarmsKeyPolicy(partition: string, accountId: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    servicePrincipalKeyUseStatement({
      sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
      service: 'cloudwatch.amazonaws.com',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      condition: sourceAccountCondition(accountId),
    }),
  ]);
}
