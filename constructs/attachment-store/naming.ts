/**
 * Pure naming helpers for the AttachmentStore. They are deterministic functions of the environment,
 * so a stack can derive another region's bucket, key alias and ARNs without a Terraform reference
 * (a stack never refers to another region's stack).
 */
import { nameLimit } from '../../foundation/name-limits';

/** S3 bucket names are 3 to 63 characters long (foundation/name-limits.ts). */
export const MIN_BUCKET_NAME_LENGTH = nameLimit('aws_s3_bucket', 'bucket').min ?? 1;
/** S3 bucket names are 3 to 63 characters long. */
export const MAX_BUCKET_NAME_LENGTH = nameLimit('aws_s3_bucket', 'bucket').max;

/** Prefixes that S3 reserves. */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
/** Suffixes that S3 reserves (access point aliases, Object Lambda, Multi-Region Access Points, directory and table buckets). */
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * The default name of the attachments bucket: `<name>-attachments-<accountId>`,
 * e.g. `prod-us-east-1-attachments-123456789012`. The account id keeps the globally unique name
 * from clashing with other accounts'.
 */
export function attachmentBucketName(name: string, accountId: string): string {
  return `${name}-attachments-${accountId}`;
}

/** The default name of the log bucket (S3 server access logs and ALB access logs): `<name>-logs-<accountId>`. */
export function attachmentLogBucketName(name: string, accountId: string): string {
  return `${name}-logs-${accountId}`;
}

/** The alias of the KMS key that an AttachmentStore creates when no `kmsKeyArn` is given: `alias/<name>-attachments`. */
export function attachmentKeyAliasName(name: string): string {
  return `alias/${name}-attachments`;
}

/**
 * The ARN of that alias in a region, e.g. `arn:aws:kms:us-west-2:123456789012:alias/prod-us-west-2-attachments`.
 * Pass it as `replicationDestination.kmsKeyArn` to replicate into another region's AttachmentStore: key ids
 * are random, alias ARNs are not, and S3 replication accepts an alias ARN as the replica key.
 */
export function attachmentKeyAliasArn(name: string, region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:kms:${region}:${accountId}:${attachmentKeyAliasName(name)}`;
}

/** The ARN of an S3 bucket: `arn:<partition>:s3:::<bucket>`. The partition follows the region (`aws` when it is a token). */
export function s3BucketArn(bucketName: string, region: string): string {
  return `arn:${partitionOf(region)}:s3:::${bucketName}`;
}

import { partitionOf } from '../core/partition';

export { partitionOf };

/**
 * Checks a general purpose bucket name against the S3 naming rules and returns what is wrong, or
 * `undefined` when the name is valid. Dots are rejected too although S3 allows them: the buckets
 * only accept TLS, and a dotted name does not match the `*.s3.<region>.amazonaws.com` certificate for
 * virtual-hosted-style requests.
 */
export function bucketNameProblem(bucketName: string): string | undefined {
  const length = bucketName.length;
  if (length < MIN_BUCKET_NAME_LENGTH || length > MAX_BUCKET_NAME_LENGTH) {
    return `it has ${length} characters; S3 bucket names have ${MIN_BUCKET_NAME_LENGTH} to ${MAX_BUCKET_NAME_LENGTH}`;
  }
  if (bucketName.includes('.')) {
    return 'it contains a dot; dotted names break TLS certificate validation for virtual-hosted-style requests, use hyphens';
  }
  if (!/^[a-z0-9-]+$/.test(bucketName)) {
    return 'it contains characters other than lower-case letters, digits and hyphens';
  }
  if (!/^[a-z0-9]/.test(bucketName) || !/[a-z0-9]$/.test(bucketName)) {
    return 'it must begin and end with a lower-case letter or a digit';
  }
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => bucketName.startsWith(p));
  if (prefix !== undefined) return `it starts with "${prefix}", which S3 reserves`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => bucketName.endsWith(s));
  if (suffix !== undefined) return `it ends with "${suffix}", which S3 reserves`;
  return undefined;
}
