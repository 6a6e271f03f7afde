/**
 * SNS topic policies of CloudWatch alarm topics, as plain objects (see ./policy.ts). Pure functions, no cdktf.
 */

import { denyInsecureTransportStatement, policyDocument, PolicyValue, sourceAccountCondition } from './policy';

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`, the ARN of a (metric or composite) alarm; `*` patterns allowed. */
export function alarmArn(partition: string, region: string, accountId: string, alarmName: string): string {
  return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

/** What {@link servicePublishStatement} needs to know. */
export interface ServicePublishInput {
  /** Sid of the statement, e.g. `AllowAwsBackupToPublish`. */
  readonly sid: string;
  /** The service principal, e.g. `backup.amazonaws.com`. */
  readonly service: string;
  /**
   * The publish action as the policy spells it (IAM actions are case-insensitive; existing policies differ).
   * @default 'sns:Publish'
   */
  readonly action?: string;
  /** ARN of the topic. */
  readonly topicArn: string;
  /**
   * Condition that scopes the publisher, e.g. `sourceAccountCondition(accountId, alarmArnPattern)`.
   * @default - no condition
   */
  readonly condition?: object;
}

/** Topic-policy statement: an AWS service principal may publish to the topic (under a condition, if given). */
export function servicePublishStatement(input: ServicePublishInput): object {
  return {
    Sid: input.sid,
    Effect: 'Allow',
    Principal: { Service: input.service },
    Action: input.action ?? 'sns:Publish',
    Resource: input.topicArn,
    ...(input.condition !== undefined ? { Condition: input.condition } : {}),
  };
}

/**
 * Topic policy of an alarms topic: CloudWatch may publish only for this account's alarms whose ARN matches
 * `alarmArnPatterns` (one pattern, or a list such as the exact alarms of a construct), and nobody may publish
 * over plain HTTP. Same-account IAM principals keep the access their IAM policies give them.
 */
export function cloudWatchAlarmsTopicPolicy(accountId: string, topicArn: string, alarmArnPatterns: PolicyValue): object {
  return policyDocument([
    servicePublishStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      service: 'cloudwatch.amazonaws.com',
      topicArn,
      condition: sourceAccountCondition(accountId, alarmArnPatterns),
    }),
    denyInsecureTransportStatement('sns:Publish', topicArn),
  ]);
}
