import { partitionOf } from '../core/partition';

export { partitionOf };

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`, the ARN of a (metric or composite) alarm. */
export function alarmArn(partition: string, region: string, accountId: string, alarmName: string): string {
  return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

/**
 * Key policy of the topic's KMS key: the account root administers the key (and so enables IAM policies);
 * CloudWatch alarms may generate data keys and decrypt with it, only when acting for this account.
 * Nothing else is granted: subscribers that read the topic encrypted (e.g. an encrypted SQS queue) need their own grant.
 */
export function alarmsKeyPolicy(partition: string, accountId: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableAccountRootAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/**
 * Topic policy: CloudWatch may publish only for this account's alarms in this region, and nobody may
 * publish over plain HTTP. Same-account IAM principals keep the access their IAM policies give them.
 */
export function alarmsTopicPolicy(partition: string, region: string, accountId: string, topicArn: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': alarmArn(partition, region, accountId, '*') },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}
