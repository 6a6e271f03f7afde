/**
 * Building blocks of IAM-style policy documents (identity, trust, resource and key policies), as plain
 * objects. Constructs serialise them with JSON.stringify, so the key order written here is the order in
 * the synthesized Terraform: keep it stable. Pure functions, no cdktf.
 */

/** The IAM policy language version every document uses. */
export const POLICY_VERSION = '2012-10-17';

/** An IAM `Action` or `Resource` value: one string or a list. */
export type PolicyValue = string | readonly string[];

/** `{ Version: '2012-10-17', Statement: [...] }` with the statements in the given order. */
export function policyDocument(statements: readonly object[]): object {
  return { Version: POLICY_VERSION, Statement: [...statements] };
}

/** `arn:<partition>:iam::<account>:root`, the account principal. */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * Confused-deputy condition for a service principal: it acts only for this account (`aws:SourceAccount`)
 * and, when `sourceArnLike` is given, only for resources matching that ARN pattern or patterns (`aws:SourceArn`).
 */
export function sourceAccountCondition(accountId: string, sourceArnLike?: PolicyValue): object {
  return {
    StringEquals: { 'aws:SourceAccount': accountId },
    ...(sourceArnLike !== undefined ? { ArnLike: { 'aws:SourceArn': sourceArnLike } } : {}),
  };
}

/** Sid of the statement that {@link denyInsecureTransportStatement} writes. */
export const DENY_INSECURE_TRANSPORT_SID = 'DenyInsecureTransport';

/**
 * Resource-policy statement that denies everyone the given actions on the given resources over plain
 * HTTP (`aws:SecureTransport` false). Used by SNS topic policies and S3 bucket policies.
 */
export function denyInsecureTransportStatement(actions: PolicyValue, resources: PolicyValue): object {
  return {
    Sid: DENY_INSECURE_TRANSPORT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: actions,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Options of {@link serviceTrustPolicy}. */
export interface ServiceTrustPolicyOptions {
  /**
   * Sid of the statement.
   * @default - the statement has no Sid
   */
  readonly sid?: string;
  /**
   * Condition of the statement, e.g. `sourceAccountCondition(accountId, sourceArnPattern)` against the
   * confused-deputy problem.
   * @default - no condition
   */
  readonly condition?: object;
}

/** Role trust policy: only the given service principal may assume the role (`sts:AssumeRole`). */
export function serviceTrustPolicy(service: string, options: ServiceTrustPolicyOptions = {}): object {
  return policyDocument([
    {
      ...(options.sid !== undefined ? { Sid: options.sid } : {}),
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(options.condition !== undefined ? { Condition: options.condition } : {}),
    },
  ]);
}
