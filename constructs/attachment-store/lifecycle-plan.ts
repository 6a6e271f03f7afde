/**
 * Pure lifecycle rules of the AttachmentStore buckets, as `aws_s3_bucket_lifecycle_configuration` rules.
 *
 * Attachments bucket (versioned):
 *   - `abort-incomplete-multipart-uploads`: abort after `abortIncompleteUploadDays`;
 *   - `current-versions`: STANDARD → STANDARD_IA → GLACIER_IR (or GLACIER) → expire after the retention;
 *   - `noncurrent-versions`: STANDARD_IA after 30 days (only when they live 60 days or more, so that the
 *     30-day Standard-IA minimum is not paid for nothing), expire after `noncurrentVersionExpirationDays`.
 * Log bucket (versioned): abort uploads, expire logs after `logRetentionDays`, expire noncurrent versions.
 *
 * Every rule applies to the whole bucket (`filter {}`), and no two rules share an action type, so S3 never
 * has to resolve overlapping rules.
 */
import { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

/** The archive storage classes a current version can move to. */
export type GlacierStorageClass = 'GLACIER_IR' | 'GLACIER';

/** S3 refuses lifecycle transitions to STANDARD_IA before day 30 (current and noncurrent versions). */
export const MIN_INFREQUENT_ACCESS_DAYS = 30;
/** S3 requires a Glacier transition at least 30 days after the STANDARD_IA transition of the same rule. */
export const MIN_DAYS_BETWEEN_IA_AND_GLACIER = 30;
/** Noncurrent versions move to STANDARD_IA after this many days (the S3 minimum). */
export const NONCURRENT_INFREQUENT_ACCESS_DAYS = 30;
/** Noncurrent versions of log objects expire after this many days. */
export const LOG_NONCURRENT_VERSION_EXPIRATION_DAYS = 30;
/** Days per retention year (leap days are not counted). */
export const DAYS_PER_YEAR = 365;

/** Inputs of {@link attachmentLifecycleRules}; days may be unresolved number tokens. */
export interface AttachmentLifecycleOptions {
  /** Days after which current versions expire (retention years × 365). */
  readonly expirationDays: number;
  /** Day of the STANDARD_IA transition. */
  readonly transitionToInfrequentAccessDays: number;
  /** Day of the archive transition, or `undefined` for none. */
  readonly transitionToGlacierDays: number | undefined;
  /** The archive storage class. */
  readonly glacierStorageClass: GlacierStorageClass;
  /** Days after which noncurrent versions expire. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which incomplete multipart uploads are aborted. */
  readonly abortIncompleteUploadDays: number;
}

const WHOLE_BUCKET = [{}];

/** The lifecycle rules of the attachments bucket. */
export function attachmentLifecycleRules(options: AttachmentLifecycleOptions): S3BucketLifecycleConfigurationRule[] {
  const transitions = [{ days: options.transitionToInfrequentAccessDays, storageClass: 'STANDARD_IA' }];
  if (options.transitionToGlacierDays !== undefined) {
    transitions.push({ days: options.transitionToGlacierDays, storageClass: options.glacierStorageClass });
  }
  const noncurrentDays = options.noncurrentVersionExpirationDays;
  // A number token compares as a huge negative number; keep the transition out unless the days are known.
  const noncurrentTransition = noncurrentDays >= NONCURRENT_INFREQUENT_ACCESS_DAYS + MIN_INFREQUENT_ACCESS_DAYS;
  return [
    abortIncompleteUploadsRule(options.abortIncompleteUploadDays),
    {
      id: 'current-versions',
      status: 'Enabled',
      filter: WHOLE_BUCKET,
      transition: transitions,
      expiration: [{ days: options.expirationDays }],
    },
    {
      id: 'noncurrent-versions',
      status: 'Enabled',
      filter: WHOLE_BUCKET,
      ...(noncurrentTransition
        ? { noncurrentVersionTransition: [{ noncurrentDays: NONCURRENT_INFREQUENT_ACCESS_DAYS, storageClass: 'STANDARD_IA' }] }
        : {}),
      noncurrentVersionExpiration: [{ noncurrentDays }],
    },
  ];
}

/** The lifecycle rules of the log bucket. */
export function logLifecycleRules(logRetentionDays: number, abortIncompleteUploadDays: number): S3BucketLifecycleConfigurationRule[] {
  return [
    abortIncompleteUploadsRule(abortIncompleteUploadDays),
    { id: 'expire-logs', status: 'Enabled', filter: WHOLE_BUCKET, expiration: [{ days: logRetentionDays }] },
    {
      id: 'noncurrent-versions',
      status: 'Enabled',
      filter: WHOLE_BUCKET,
      noncurrentVersionExpiration: [{ noncurrentDays: LOG_NONCURRENT_VERSION_EXPIRATION_DAYS }],
    },
  ];
}

function abortIncompleteUploadsRule(days: number): S3BucketLifecycleConfigurationRule {
  return {
    id: 'abort-incomplete-multipart-uploads',
    status: 'Enabled',
    filter: WHOLE_BUCKET,
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: days }],
  };
}
