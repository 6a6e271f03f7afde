import { partitionOf } from '../core/partition';
import { cloudWatchAlarmsKeyPolicy } from '../core/kms-policy';
import { alarmArn, cloudWatchAlarmsTopicPolicy } from '../core/topic-policy';

export { alarmArn, partitionOf };

/**
 * Key policy of the topic's KMS key: the account root administers the key (and so enables IAM policies);
 * CloudWatch alarms may generate data keys and decrypt with it, only when acting for this account.
 * Nothing else is granted: subscribers that read the topic encrypted (e.g. an encrypted SQS queue) need their own grant.
 */
export const alarmsKeyPolicy: (partition: string, accountId: string) => object = cloudWatchAlarmsKeyPolicy;

/**
 * Topic policy: CloudWatch may publish only for this account's alarms in this region, and nobody may
 * publish over plain HTTP. Same-account IAM principals keep the access their IAM policies give them.
 */
export function alarmsTopicPolicy(partition: string, region: string, accountId: string, topicArn: string): object {
  return cloudWatchAlarmsTopicPolicy(accountId, topicArn, alarmArn(partition, region, accountId, '*'));
}
