/**
 * CloudWatch Logs ARNs and resource policies, as plain objects (see ./policy.ts). Pure functions, no cdktf.
 */

import { policyDocument, sourceAccountCondition } from './policy';

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>`; the name may be a pattern with `*`. */
export function logGroupArn(partition: string, region: string, accountId: string, logGroupName: string): string {
  return `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** What {@link logDeliveryResourcePolicy} needs to know. */
export interface LogDeliveryPolicyInput {
  /** Sid of the statement, e.g. `AllowWafLogDelivery`. */
  readonly sid: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN of the one log group the delivery service may write to. */
  readonly logGroupArn: string;
}

/**
 * CloudWatch Logs resource policy that lets the log delivery service (`delivery.logs.amazonaws.com`, which
 * vended logs such as WAF and AWS FIS logging use) create streams in and write events to one log group,
 * only on behalf of this account's resources in this region. Written explicitly so it is reviewable,
 * instead of the service appending statements to a shared policy at apply time.
 */
export function logDeliveryResourcePolicy(input: LogDeliveryPolicyInput): object {
  const { sid, partition, accountId, region } = input;
  return policyDocument([
    {
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${input.logGroupArn}:*`,
      Condition: sourceAccountCondition(accountId, `arn:${partition}:logs:${region}:${accountId}:*`),
    },
  ]);
}
