/**
 * Pure policy documents of the AttachmentStore. They are plain objects; the construct serializes them
 * with JSON.stringify, so the output is deterministic.
 */

import { accountRootAdministrationStatement, ENVELOPE_ENCRYPTION_ACTIONS, viaServiceCondition } from '../core/kms-policy';
import { accountRootArn, denyInsecureTransportStatement, policyDocument, serviceTrustPolicy, sourceAccountCondition } from '../core/policy';

/** The TLS version below which every request is denied. */
export const MIN_TLS_VERSION = '1.2';

/** A KMS key for replicas: its ARN, or the ARN of an alias (`arn:aws:kms:<region>:<account>:alias/<name>`). */
const KMS_ALIAS_ARN = /^(arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}):(alias\/.+)$/;

/** The two statements every bucket policy of the store starts with: no plain HTTP, no TLS below 1.2. */
export function tlsOnlyStatements(bucketArn: string): object[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    denyInsecureTransportStatement('s3:*', resources),
    {
      Sid: 'DenyOutdatedTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resources,
      Condition: { NumericLessThan: { 's3:TlsVersion': MIN_TLS_VERSION } },
    },
  ];
}

/**
 * Attachments bucket policy: TLS only, and uploads that ask for another server-side encryption than
 * SSE-KMS (e.g. an explicit `x-amz-server-side-encryption: AES256`) are denied. Uploads without the header
 * get the bucket's default encryption (SSE-KMS).
 */
export function attachmentsBucketPolicy(bucketArn: string): object {
  return policyDocument([
    ...tlsOnlyStatements(bucketArn),
    {
      Sid: 'DenyNonKmsEncryptedUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
  ]);
}

/** Where the log bucket accepts which logs. */
export interface LogDeliveryPaths {
  /** The account whose buckets and load balancers deliver logs. */
  readonly accountId: string;
  /** Key prefix of S3 server access logs, without slashes, e.g. `s3-access`. */
  readonly s3AccessLogPrefix: string;
  /** Key prefix of ALB access logs, without slashes, e.g. `alb`. */
  readonly albLogPrefix: string;
}

/**
 * Log bucket policy: TLS only; S3 server access logging of this account's buckets may write under
 * `<s3AccessLogPrefix>/`; Elastic Load Balancing may write this account's ALB logs under
 * `<albLogPrefix>/AWSLogs/<account>/`.
 *
 * ALB log delivery uses the service principal `logdelivery.elasticloadbalancing.amazonaws.com`, which AWS
 * now recommends in every Region (the per-Region ELB account ids are a legacy form). The account id in the
 * resource path limits it to this account's load balancers.
 */
export function logBucketPolicy(logBucketArn: string, paths: LogDeliveryPaths): object {
  return policyDocument([
    ...tlsOnlyStatements(logBucketArn),
    {
      Sid: 'AllowS3ServerAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${logBucketArn}/${paths.s3AccessLogPrefix}/*`,
      Condition: sourceAccountCondition(paths.accountId),
    },
    {
      Sid: 'AllowAlbAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${logBucketArn}/${paths.albLogPrefix}/AWSLogs/${paths.accountId}/*`,
    },
  ]);
}

/**
 * What the account root may do with the attachments key: administer it, but not use it for cryptography
 * directly (that goes through S3 only, see {@link attachmentsKeyPolicy}).
 */
const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/**
 * Key policy of the attachments key. The account root administers the key (so IAM can never be locked out
 * of it), and principals of this account may use it for cryptography only through S3 in this region
 * (`kms:ViaService`), with an IAM policy that allows it. Nobody can call kms:Decrypt on it directly.
 */
export function attachmentsKeyPolicy(partition: string, accountId: string, region: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId, { actions: [...KEY_ADMINISTRATION_ACTIONS] }),
    {
      Sid: 'AllowUseThroughS3InThisRegion',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(partition, accountId) },
      Action: [...ENVELOPE_ENCRYPTION_ACTIONS],
      Resource: '*',
      Condition: viaServiceCondition(accountId, `s3.${region}.amazonaws.com`),
    },
  ]);
}

/**
 * Trust policy of the replication role: only Amazon S3 acting for this account (`aws:SourceAccount`, IAM's
 * cross-service confused-deputy guard) may assume it. No `aws:SourceArn`: AWS's replication guide shows only the
 * plain form, and a replication configuration can name this role only if its author may iam:PassRole it here.
 */
export function replicationTrustPolicy(accountId: string): object {
  return serviceTrustPolicy('s3.amazonaws.com', { sid: 'AllowS3ReplicationOfThisAccount', condition: sourceAccountCondition(accountId) });
}

/** What the replication role works on. */
export interface ReplicationPolicyTargets {
  readonly sourceBucketArn: string;
  readonly sourceRegion: string;
  readonly sourceKmsKeyArn: string;
  readonly destinationBucketArn: string;
  readonly destinationRegion: string;
  /** A key ARN or an alias ARN in the destination region. */
  readonly destinationKmsKeyArn: string;
}

/**
 * Least-privilege policy of the replication role: read the replication configuration and object versions
 * of the source bucket, replicate into the destination bucket, decrypt with the source key and encrypt
 * with the destination key, each only through S3 of its region and for its bucket. The encryption
 * context is the object ARN, or the bucket ARN when S3 Bucket Keys are on, so both are allowed.
 */
export function replicationRolePolicy(targets: ReplicationPolicyTargets): object {
  const { sourceBucketArn, destinationBucketArn } = targets;
  return policyDocument([
    {
      Sid: 'ReadSourceReplicationConfiguration',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: sourceBucketArn,
    },
    {
      Sid: 'ReadSourceObjectVersions',
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: `${sourceBucketArn}/*`,
    },
    {
      Sid: 'ReplicateToDestination',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      Resource: `${destinationBucketArn}/*`,
    },
    {
      Sid: 'DecryptSourceObjects',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: targets.sourceKmsKeyArn,
      Condition: kmsViaS3Condition(targets.sourceRegion, sourceBucketArn),
    },
    encryptReplicasStatement(targets),
  ]);
}

function encryptReplicasStatement(targets: ReplicationPolicyTargets): object {
  const condition = kmsViaS3Condition(targets.destinationRegion, targets.destinationBucketArn);
  const alias = KMS_ALIAS_ARN.exec(targets.destinationKmsKeyArn);
  if (alias) {
    // IAM authorizes KMS calls against the key ARN, never the alias ARN: allow the region's keys, but only
    // the one that carries the alias.
    return {
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: `${alias[1]}:key/*`,
      Condition: { ...condition, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[2] } },
    };
  }
  return { Sid: 'EncryptReplicas', Effect: 'Allow', Action: 'kms:Encrypt', Resource: targets.destinationKmsKeyArn, Condition: condition };
}

function kmsViaS3Condition(region: string, bucketArn: string): object {
  return {
    StringLike: {
      'kms:ViaService': `s3.${region}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`],
    },
  };
}
