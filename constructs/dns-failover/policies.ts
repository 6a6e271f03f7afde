/**
 * Policies of the alarm topic of a {@link DnsFailover}, as plain objects (JSON.stringify'd by the construct,
 * deterministic, no data sources). The documents themselves are shared with Monitoring's alarm topic (constructs/core).
 */

import { cloudWatchAlarmsKeyPolicy, servicePrincipalKeyUseStatement } from '../core/kms-policy';
import { sourceAccountCondition } from '../core/policy';
import { alarmArn, cloudWatchAlarmsTopicPolicy, servicePublishStatement } from '../core/topic-policy';

/** The AWS Budgets service principal: it publishes budget notifications to the topic. */
export const BUDGETS_SERVICE = 'budgets.amazonaws.com';

/** `policy` with `statements` appended (policies are `{ Version, Statement }` documents). */
function appended(policy: object, statements: readonly object[]): object {
  const document = policy as { Version: string; Statement: object[] };
  return { Version: document.Version, Statement: [...document.Statement, ...statements] };
}

/** The key policy, and with `budgets` also AWS Budgets of this account may encrypt notifications with the key. */
export function dnsAlarmsKeyPolicyFor(partition: string, accountId: string, budgets: boolean): object {
  const policy = dnsAlarmsKeyPolicy(partition, accountId);
  if (!budgets) return policy;
  return appended(policy, [
    servicePrincipalKeyUseStatement({
      sid: 'AllowBudgetsToPublishEncrypted',
      service: BUDGETS_SERVICE,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      condition: sourceAccountCondition(accountId),
    }),
  ]);
}

/**
 * The topic policy, and with `budgets` also AWS Budgets may publish, only for this account's budgets
 * (`aws:SourceAccount` and the budget ARN pattern).
 */
export function dnsAlarmsTopicPolicyFor(partition: string, accountId: string, topicArn: string, alarmNames: readonly string[], budgets: boolean): object {
  const policy = dnsAlarmsTopicPolicy(partition, accountId, topicArn, alarmNames);
  if (!budgets) return policy;
  const document = policy as { Version: string; Statement: object[] };
  // Before the deny statement, so that the allows come first as in the other topic policies.
  const [allow, ...rest] = document.Statement;
  return {
    Version: document.Version,
    Statement: [
      allow!,
      servicePublishStatement({
        sid: 'AllowBudgetsToPublish',
        service: BUDGETS_SERVICE,
        topicArn,
        condition: sourceAccountCondition(accountId, `arn:${partition}:budgets::${accountId}:*`),
      }),
      ...rest,
    ],
  };
}

/**
 * Key policy of the topic's KMS key: the account root administers the key (and so enables IAM policies);
 * CloudWatch alarms may generate data keys and decrypt with it, only when acting for this account.
 */
export const dnsAlarmsKeyPolicy: (partition: string, accountId: string) => object = cloudWatchAlarmsKeyPolicy;

/**
 * ARN pattern of one of the construct's alarms. The region is `*`: the alarms live where the metrics provider
 * points (us-east-1, where Route 53 publishes health-check metrics), which the construct cannot always read
 * as a literal; the account and the exact alarm name still pin the publisher.
 */
export function dnsAlarmArnPattern(partition: string, accountId: string, alarmName: string): string {
  return alarmArn(partition, '*', accountId, alarmName);
}

/**
 * Topic policy: CloudWatch may publish only for the construct's own alarms (by exact name) in this account,
 * and nobody may publish over plain HTTP. Same-account IAM principals keep the access their IAM policies give them.
 */
export function dnsAlarmsTopicPolicy(partition: string, accountId: string, topicArn: string, alarmNames: readonly string[]): object {
  return cloudWatchAlarmsTopicPolicy(
    accountId,
    topicArn,
    alarmNames.map((name) => dnsAlarmArnPattern(partition, accountId, name)),
  );
}
