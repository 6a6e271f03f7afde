/**
 * Policies of the alarm topic of a {@link DnsFailover}, as plain objects (JSON.stringify'd by the construct,
 * deterministic, no data sources). The documents themselves are shared with Monitoring's alarm topic (constructs/core).
 */

import { cloudWatchAlarmsKeyPolicy } from '../core/kms-policy';
import { alarmArn, cloudWatchAlarmsTopicPolicy } from '../core/topic-policy';

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
