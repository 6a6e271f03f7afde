import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import {
  S3BucketServerSideEncryptionConfigurationA,
  S3BucketServerSideEncryptionConfigurationRuleA,
} from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { physicalName } from '../../foundation/naming';
import { BACKUP_TAG_KEY, TAG_KEYS } from '../../foundation/tag-keys';
import { nameLimit } from '../../foundation/name-limits';
import { mergeTags, Tags } from '../core/tags';
import {
  attachmentLifecycleRules,
  DAYS_PER_YEAR,
  GlacierStorageClass,
  logLifecycleRules,
  MIN_DAYS_BETWEEN_IA_AND_GLACIER,
  MIN_INFREQUENT_ACCESS_DAYS,
} from './lifecycle-plan';
import { attachmentBucketName, attachmentKeyAliasName, attachmentLogBucketName, bucketNameProblem, partitionOf, s3BucketArn } from './naming';
import { attachmentsBucketPolicy, attachmentsKeyPolicy, logBucketPolicy, replicationRolePolicy, replicationTrustPolicy } from './policies';
import { accountIdProblem, isResolved, KEBAB_NAME_PATTERN, KMS_KEY_ARN_PATTERN, KMS_KEY_OR_ALIAS_ARN_PATTERN, regionProblem, ValidationProblems } from '../core/validation';

const GLACIER_STORAGE_CLASSES: readonly GlacierStorageClass[] = ['GLACIER_IR', 'GLACIER'];
const MIN_RETENTION_YEARS = 1;
const MAX_RETENTION_YEARS = 100;
/** IAM role names are at most 64 characters (foundation/name-limits.ts). */
const MAX_ROLE_NAME_LENGTH = nameLimit('aws_iam_role', 'name').max;
/** The key prefix (no slashes) of ALB access logs in the log bucket. */
const ALB_LOG_PREFIX = 'alb';
/** The key prefix (no slashes) of S3 server access logs in the log bucket. */
const S3_ACCESS_LOG_PREFIX = 's3-access';
/** S3 Replication Time Control: replicate 99.99% of objects within 15 minutes (the only value S3 accepts). */
const REPLICATION_TIME_MINUTES = 15;

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/:]+)$/;

/** Where and how the attachments are replicated to a secondary region. */
export interface AttachmentReplicationDestination {
  /**
   * ARN of the versioned destination bucket in the secondary region, derived deterministically by the
   * stack, e.g. `s3BucketArn(attachmentBucketName('prod-us-west-2', accountId), 'us-west-2')`.
   */
  readonly bucketArn: string;

  /** Region of the destination bucket, e.g. `us-west-2`. Must differ from the store's `region`. */
  readonly region: string;

  /**
   * KMS key that encrypts the replicas, in the destination region: a key ARN, or an alias ARN such as
   * `attachmentKeyAliasArn('prod-us-west-2', 'us-west-2', accountId)` (key ids are random, alias names are not).
   */
  readonly kmsKeyArn: string;
}

/** Properties of an {@link AttachmentStore}. */
export interface AttachmentStoreProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. Used for the default bucket names,
   * the KMS alias `alias/<name>-attachments` and the replication role `<name>-attachments-replication`.
   */
  readonly name: string;

  /** The 12-digit AWS account id (bucket names, policies). */
  readonly accountId: string;

  /** The AWS region of the stack, e.g. `us-east-1` (`kms:ViaService` conditions, replication). */
  readonly region: string;

  /**
   * Years attachments are kept (from the blueprint's `retentionYears`), 1 to 100. Current versions expire
   * after `retentionYears × 365` days; the versions this leaves behind expire after `noncurrentVersionExpirationDays`.
   */
  readonly retentionYears: number;

  /**
   * Name of the attachments bucket: 3-63 lower-case letters, digits and hyphens (no dots: the bucket is TLS-only).
   * @default - `<name>-attachments-<accountId>` (see `attachmentBucketName`)
   */
  readonly bucketName?: string;

  /**
   * Name of the log bucket that receives S3 server access logs and ALB access logs.
   * @default - `<name>-logs-<accountId>` (see `attachmentLogBucketName`)
   */
  readonly logBucketName?: string;

  /**
   * Day on which current versions move to STANDARD_IA; at least 30 (an S3 rule).
   * @default 30
   */
  readonly transitionToInfrequentAccessDays?: number;

  /**
   * Day on which current versions move to `glacierStorageClass`; at least 30 days after the STANDARD_IA
   * transition (an S3 rule) and before the expiration. When left at the default and the retention is too
   * short for it (1 year), the archive transition is left out.
   * @default 365
   */
  readonly transitionToGlacierDays?: number;

  /**
   * Archive storage class of old attachments: `GLACIER_IR` (millisecond reads, so tickets still open old
   * attachments) or `GLACIER` (Flexible Retrieval: cheaper, but reads need a restore of minutes to hours).
   * @default 'GLACIER_IR'
   */
  readonly glacierStorageClass?: GlacierStorageClass;

  /**
   * Days after which noncurrent (overwritten or deleted) versions expire, at least 1. Noncurrent versions
   * that live 60 days or more move to STANDARD_IA after 30 days.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;

  /**
   * Days after which incomplete multipart uploads are aborted (both buckets), at least 1.
   * @default 7
   */
  readonly abortIncompleteUploadDays?: number;

  /**
   * Days after which objects in the log bucket expire, at least 1.
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * Replicates every object version and delete marker, including SSE-KMS objects, to a bucket in a
   * secondary region. The destination is passed as deterministic names, never as a Terraform reference.
   * @default - no replication
   */
  readonly replicationDestination?: AttachmentReplicationDestination;

  /**
   * S3 Replication Time Control (replicate 99.99% of objects within 15 minutes, plus replication metrics;
   * extra cost). Only with `replicationDestination`.
   * @default false
   */
  readonly replicationTimeControl?: boolean;

  /**
   * ARN of an existing customer-managed KMS key (in this region) that encrypts the attachments. Its key policy
   * must let this account use it through S3.
   * @default - the construct creates a key with rotation, a 30-day deletion window and the alias `alias/<name>-attachments`
   */
  readonly kmsKeyArn?: string;

  /**
   * Value of the `data-classification` tag on the buckets and the key.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Name of the backup plan that selects the attachments bucket: the bucket gets the tag `backup-plan=<value>`.
   * @default - no backup selection tag
   */
  readonly backupPlanTag?: string;

  /**
   * Extra tags for every taggable resource.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/**
 * The S3 bucket for ticket attachments, plus a log bucket for S3 server access logs and ALB access logs.
 *
 * The attachments bucket is SSE-KMS encrypted (bucket keys on), versioned, private (all four public access
 * blocks, ACLs disabled), TLS 1.2+ only, logged, and lifecycle-managed (STANDARD → STANDARD_IA → GLACIER_IR →
 * expiry after the retention). Optionally it replicates to a secondary region. Both buckets and the key
 * carry `prevent_destroy`.
 *
 * Terraform addresses are `<type>.<id>` for the attachments bucket and its settings and `<type>.<id>_logs`
 * for the log bucket, where `<id>` is `logicalId(construct id)`.
 */
export class AttachmentStore extends ToolkitConstruct<AttachmentStoreProps> {
  /** Name of the attachments bucket (a reference, so users depend on the bucket). */
  public readonly bucketName: string;
  /** ARN of the attachments bucket. */
  public readonly bucketArn: string;
  /**
   * Name of the log bucket. It references the log bucket policy, so a load balancer that enables access
   * logs with it is created only after the delivery grants exist (ELB checks them when logging is turned on).
   */
  public readonly logBucketName: string;
  /** ARN of the log bucket. */
  public readonly logBucketArn: string;
  /** ARN of the KMS key that encrypts the attachments (created or given). */
  public readonly kmsKeyArn: string;
  /** The prefix to give load balancers for access logs in the log bucket (`alb`). */
  public readonly albLogPrefix: string = ALB_LOG_PREFIX;
  /** The prefix of S3 server access logs in the log bucket (`s3-access/`). */
  public readonly s3AccessLogPrefix: string = `${S3_ACCESS_LOG_PREFIX}/`;
  /** ARN of the replication role; `undefined` without `replicationDestination`. */
  public readonly replicationRoleArn?: string;

  private readonly settings: AttachmentStoreSettings;

  constructor(scope: Construct, id: string, props: AttachmentStoreProps) {
    super(scope, id, props);
    this.settings = resolveSettings(props);
    this.validate(this.settings);

    const kmsKeyArn = props.kmsKeyArn ?? this.createKey();
    const { logBucket, logPolicy } = this.createLogBucket();
    const { bucket, versioning } = this.createAttachmentsBucket(kmsKeyArn, logBucket, logPolicy);
    if (props.replicationDestination !== undefined) {
      this.replicationRoleArn = this.replicate(props.replicationDestination, bucket, versioning, kmsKeyArn);
    }

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.logBucketName = logPolicy.bucket;
    this.logBucketArn = logBucket.arn;
    this.kmsKeyArn = kmsKeyArn;
  }

  /** Tags of a stateful resource: the caller's, data classification, Name, and `extra`. */
  private statefulTags(nameTag: string, extra: Tags = {}): Record<string, string> {
    return mergeTags(this.props.tags, { Name: nameTag, [TAG_KEYS.dataClassification]: this.props.dataClassification ?? 'confidential' }, extra);
  }

  /** The attachments' key (when none is given); returns its ARN. */
  private createKey(): string {
    const { name, accountId, region } = this.props;
    return new CustomerManagedKey(this, 'Key', {
      description: `Encrypts the ticket attachments of ${name} (S3 bucket ${this.settings.bucketName}).`,
      policy: attachmentsKeyPolicy(partitionOf(region), accountId, region),
      aliasName: attachmentKeyAliasName(name),
      tags: this.statefulTags(physicalName(name, 'attachments')),
      pin: this.pin,
    }).arn;
  }

  /**
   * The log bucket (SSE-S3: S3 server access logs and ALB access logs can only be written to such buckets) and
   * its policy, which admits exactly those two deliveries.
   */
  private createLogBucket(): { logBucket: S3Bucket; logPolicy: S3BucketPolicy } {
    const { accountId, region } = this.props;
    const { logBucketName, logRetentionDays, abortDays } = this.settings;
    const logBucket = this.pin(
      new S3Bucket(this, 'LogBucket', {
        bucket: logBucketName,
        forceDestroy: false,
        tags: this.statefulTags(logBucketName),
        lifecycle: { preventDestroy: true },
      }),
      'logs',
    );
    this.secureBucket(logBucket, 'logs', [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }]);
    const logVersioning = this.versioning(logBucket, 'logs');
    const logPolicy = this.pin(
      new S3BucketPolicy(this, 'LogBucketPolicy', {
        bucket: logBucket.id,
        policy: JSON.stringify(
          logBucketPolicy(s3BucketArn(logBucketName, region), { accountId, s3AccessLogPrefix: S3_ACCESS_LOG_PREFIX, albLogPrefix: ALB_LOG_PREFIX }),
        ),
      }),
      'logs',
    );
    this.lifecycleConfiguration(logBucket, 'logs', logLifecycleRules(logRetentionDays, abortDays), logVersioning);
    return { logBucket, logPolicy };
  }

  /**
   * The attachments bucket: KMS-encrypted, versioned, TLS-only, with the lifecycle of the retention and its
   * server access logs in the log bucket (written only once the log bucket's policy admits them).
   */
  private createAttachmentsBucket(kmsKeyArn: string, logBucket: S3Bucket, logPolicy: S3BucketPolicy): { bucket: S3Bucket; versioning: S3BucketVersioningA } {
    const props = this.props;
    const s = this.settings;
    const backupTag: Tags = props.backupPlanTag !== undefined ? { [BACKUP_TAG_KEY]: props.backupPlanTag } : {};
    const bucket = this.pin(
      new S3Bucket(this, 'Bucket', {
        bucket: s.bucketName,
        forceDestroy: false,
        tags: this.statefulTags(s.bucketName, backupTag),
        lifecycle: { preventDestroy: true },
      }),
    );
    this.secureBucket(bucket, undefined, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true },
    ]);
    const versioning = this.versioning(bucket);
    this.pin(new S3BucketPolicy(this, 'BucketPolicy', { bucket: bucket.id, policy: JSON.stringify(attachmentsBucketPolicy(s3BucketArn(s.bucketName, props.region))) }));
    // The default archive transition is dropped when the retention ends first (1 year); an explicit one was validated.
    const allLiteral = [s.expirationDays, s.glacierDays].every((n) => !Token.isUnresolved(n));
    const archiveDays = props.transitionToGlacierDays === undefined && allLiteral && s.glacierDays >= s.expirationDays ? undefined : s.glacierDays;
    this.lifecycleConfiguration(
      bucket,
      undefined,
      attachmentLifecycleRules({
        expirationDays: s.expirationDays,
        transitionToInfrequentAccessDays: s.iaDays,
        transitionToGlacierDays: archiveDays,
        glacierStorageClass: s.glacierStorageClass,
        noncurrentVersionExpirationDays: s.noncurrentDays,
        abortIncompleteUploadDays: s.abortDays,
      }),
      versioning,
    );
    this.pin(
      new S3BucketLoggingA(this, 'Logging', {
        bucket: bucket.id,
        targetBucket: logBucket.id,
        targetPrefix: `${S3_ACCESS_LOG_PREFIX}/`,
        // `<prefix><account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/...`: partitioned by event time, ready for Athena.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
        dependsOn: [logPolicy],
      }),
    );
    return { bucket, versioning };
  }

  /** Replication of every object to the destination bucket, with a role that may do only that; returns the role's ARN. */
  private replicate(destination: AttachmentReplicationDestination, bucket: S3Bucket, versioning: S3BucketVersioningA, kmsKeyArn: string): string {
    const { name, region } = this.props;
    const roleName = replicationRoleName(name);
    const role = this.pin(
      new IamRole(this, 'ReplicationRole', {
        name: roleName,
        description: `Lets S3 replicate the attachments of ${name} (${this.settings.bucketName}) to ${destination.region}.`,
        assumeRolePolicy: JSON.stringify(replicationTrustPolicy(this.props.accountId)),
        tags: mergeTags(this.props.tags, { Name: roleName }),
      }),
      'replication',
    );
    const rolePolicy = this.pin(
      new IamRolePolicy(this, 'ReplicationRolePolicy', {
        name: 'attachments-replication',
        role: role.id,
        policy: JSON.stringify(
          replicationRolePolicy({
            sourceBucketArn: s3BucketArn(this.settings.bucketName, region),
            sourceRegion: region,
            sourceKmsKeyArn: kmsKeyArn,
            destinationBucketArn: destination.bucketArn,
            destinationRegion: destination.region,
            destinationKmsKeyArn: destination.kmsKeyArn,
          }),
        ),
      }),
      'replication',
    );
    const timeControl = this.props.replicationTimeControl === true;
    this.pin(
      new S3BucketReplicationConfigurationA(this, 'Replication', {
        bucket: bucket.id,
        role: role.arn,
        rule: [
          {
            id: `replicate-all-to-${destination.region}`,
            status: 'Enabled',
            priority: 1,
            filter: {},
            deleteMarkerReplication: { status: 'Enabled' },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
            destination: {
              bucket: destination.bucketArn,
              encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
              ...(timeControl
                ? {
                    replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
                    metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
                  }
                : {}),
            },
          },
        ],
        dependsOn: [versioning, rolePolicy],
      }),
    );
    return role.arn;
  }

  /** Default encryption, all four public access blocks and ACLs disabled (BucketOwnerEnforced). */
  private secureBucket(
    bucket: S3Bucket,
    part: string | undefined,
    encryptionRules: S3BucketServerSideEncryptionConfigurationRuleA[],
  ): void {
    const parts = part === undefined ? [] : [part];
    const suffix = part === undefined ? '' : `-${part}`;
    this.pin(
      new S3BucketServerSideEncryptionConfigurationA(this, `Encryption${suffix}`, { bucket: bucket.id, rule: encryptionRules }),
      ...parts,
    );
    this.pin(
      new S3BucketPublicAccessBlock(this, `PublicAccessBlock${suffix}`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      ...parts,
    );
    this.pin(
      new S3BucketOwnershipControls(this, `OwnershipControls${suffix}`, {
        bucket: bucket.id,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      }),
      ...parts,
    );
  }

  private versioning(bucket: S3Bucket, part?: string): S3BucketVersioningA {
    return this.pin(
      new S3BucketVersioningA(this, part === undefined ? 'Versioning' : `Versioning-${part}`, {
        bucket: bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      }),
      ...(part === undefined ? [] : [part]),
    );
  }

  private lifecycleConfiguration(
    bucket: S3Bucket,
    part: string | undefined,
    rules: S3BucketLifecycleConfigurationRule[],
    versioning: S3BucketVersioningA,
  ): void {
    this.pin(
      new S3BucketLifecycleConfiguration(this, part === undefined ? 'Lifecycle' : `Lifecycle-${part}`, {
        bucket: bucket.id,
        rule: rules,
        // Noncurrent-version rules only make sense once versioning is on.
        dependsOn: [versioning],
      }),
      ...(part === undefined ? [] : [part]),
    );
  }

  /** Every problem of the props, in one error. */
  /** Every problem of the props, in one error. */
  private validate(v: AttachmentStoreSettings): void {
    const problems = new ValidationProblems();
    const { name, accountId, region, retentionYears, kmsKeyArn, replicationDestination } = this.props;

    if (!isResolved(name)) {
      problems.add('name must be a literal string: it is part of bucket names, the KMS alias and Name tags, which are computed at synth time');
    } else if (!KEBAB_NAME_PATTERN.test(name)) {
      problems.add(`name "${name}" is invalid; use lower-case letters, digits and single hyphens, e.g. "prod-us-east-1"`);
    }
    problems.add(accountIdProblem(accountId));
    problems.add(regionProblem(region));

    for (const [prop, bucket, given] of [
      ['bucketName', v.bucketName, this.props.bucketName],
      ['logBucketName', v.logBucketName, this.props.logBucketName],
    ] as const) {
      if (!isResolved(bucket)) continue;
      const problem = bucketNameProblem(bucket);
      if (problem !== undefined) {
        const origin = given === undefined ? ` (derived from name "${name}"; shorten name or pass ${prop})` : '';
        problems.add(`${prop} "${bucket}"${origin} is not a valid S3 bucket name: ${problem}`);
      }
    }
    if (isResolved(v.bucketName) && v.bucketName === v.logBucketName) {
      problems.add(`bucketName and logBucketName are both "${v.bucketName}"; the log bucket must be a separate bucket`);
    }

    const wholeNumber = (prop: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER, hint = ''): void => {
      if (isResolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
        const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
        problems.add(`${prop} ${value} is invalid; it must be ${range}${hint}`);
      }
    };
    wholeNumber('retentionYears', retentionYears, MIN_RETENTION_YEARS, MAX_RETENTION_YEARS);
    wholeNumber(
      'transitionToInfrequentAccessDays',
      v.iaDays,
      MIN_INFREQUENT_ACCESS_DAYS,
      undefined,
      ' (S3 does not move objects to STANDARD_IA before day 30)',
    );
    wholeNumber('transitionToGlacierDays', v.glacierDays, 1);
    wholeNumber('noncurrentVersionExpirationDays', v.noncurrentDays, 1);
    wholeNumber('abortIncompleteUploadDays', v.abortDays, 1);
    wholeNumber('logRetentionDays', v.logRetentionDays, 1);
    if (!GLACIER_STORAGE_CLASSES.includes(v.glacierStorageClass as GlacierStorageClass)) {
      problems.add(`glacierStorageClass "${v.glacierStorageClass}" is invalid; allowed: ${GLACIER_STORAGE_CLASSES.map((c) => `"${c}"`).join(', ')}`);
    }

    if (isResolved(v.iaDays) && isResolved(v.glacierDays) && v.glacierDays < v.iaDays + MIN_DAYS_BETWEEN_IA_AND_GLACIER) {
      const which = this.props.transitionToGlacierDays === undefined ? ' (the default)' : '';
      problems.add(
        `transitionToGlacierDays ${v.glacierDays}${which} must be at least ${MIN_DAYS_BETWEEN_IA_AND_GLACIER} days after ` +
          `transitionToInfrequentAccessDays ${v.iaDays} (an S3 rule); set it to ${v.iaDays + MIN_DAYS_BETWEEN_IA_AND_GLACIER} or more`,
      );
    }
    if (isResolved(retentionYears)) {
      const expirationDays = retentionYears * DAYS_PER_YEAR;
      if (isResolved(v.iaDays) && v.iaDays >= expirationDays) {
        problems.add(
          `transitionToInfrequentAccessDays ${v.iaDays} is not before the expiration on day ${expirationDays} ` +
            `(retentionYears ${retentionYears}); use fewer days or a longer retention`,
        );
      }
      if (this.props.transitionToGlacierDays !== undefined && isResolved(v.glacierDays) && v.glacierDays >= expirationDays) {
        problems.add(
          `transitionToGlacierDays ${v.glacierDays} is not before the expiration on day ${expirationDays} ` +
            `(retentionYears ${retentionYears}); use fewer days, a longer retention, or leave it unset`,
        );
      }
    }

    if (kmsKeyArn !== undefined && isResolved(kmsKeyArn)) {
      const match = KMS_KEY_ARN_PATTERN.exec(kmsKeyArn);
      if (!match) {
        problems.add(`kmsKeyArn "${kmsKeyArn}" is not a KMS key ARN; pass arn:aws:kms:<region>:<account>:key/<key-id>, not an alias or a key id`);
      }
      if (match && isResolved(region) && match[1] !== region) {
        problems.add(`kmsKeyArn "${kmsKeyArn}" is in region "${match[1]}", but the bucket is in "${region}"; S3 needs a key of the bucket's region`);
      }
    }

    if (this.props.replicationTimeControl === true && replicationDestination === undefined) {
      problems.add('replicationTimeControl is true, but there is no replicationDestination; set one or drop replicationTimeControl');
    }
    if (replicationDestination !== undefined) this.destinationProblems(replicationDestination, v.bucketName, problems);
    problems.throwIfAny('AttachmentStore', this.node.path);
  }

  /** The problems of the replication destination: its region, bucket and key, and the role's name. */
  private destinationProblems(destination: AttachmentReplicationDestination, bucketName: string, problems: ValidationProblems): void {
    const { region, name } = this.props;
    const { bucketArn, kmsKeyArn } = destination;
    const destinationRegion = destination.region;

    const destinationRegionProblem = regionProblem(destinationRegion, 'replicationDestination.region');
    problems.add(destinationRegionProblem);
    if (isResolved(destinationRegion) && isResolved(region) && destinationRegion === region) {
      problems.add(
        `replication destination region equals the source region: a secondary region must differ from the primary ` +
          `(both are "${region}"); pass the secondary region's bucket, region and key in replicationDestination`,
      );
    }
    if (isResolved(bucketArn)) {
      const match = BUCKET_ARN.exec(bucketArn);
      const problem = match?.[1] === undefined ? 'not an S3 bucket ARN' : bucketNameProblem(match[1]);
      if (problem !== undefined) {
        problems.add(`replicationDestination.bucketArn "${bucketArn}" is invalid (${problem}); expected arn:aws:s3:::<bucket-name>`);
      }
      if (match?.[1] === bucketName) {
        problems.add(`replicationDestination.bucketArn "${bucketArn}" is the attachments bucket itself; name the secondary region's bucket`);
      }
    }
    if (isResolved(kmsKeyArn)) {
      const match = KMS_KEY_OR_ALIAS_ARN_PATTERN.exec(kmsKeyArn);
      if (!match) {
        problems.add(
          `replicationDestination.kmsKeyArn "${kmsKeyArn}" is not a KMS key or alias ARN; expected ` +
            `arn:aws:kms:<region>:<account>:key/<key-id> or arn:aws:kms:<region>:<account>:alias/<name>`,
        );
      }
      if (match && isResolved(destinationRegion) && match[1] !== destinationRegion) {
        problems.add(
          `replicationDestination.kmsKeyArn "${kmsKeyArn}" is in region "${match[1]}", but replicas are written in ` +
            `"${destinationRegion}"; the replica key must be in the destination region`,
        );
      }
    }
    const roleName = replicationRoleName(name);
    if (roleName.length > MAX_ROLE_NAME_LENGTH) {
      problems.add(`the replication role name "${roleName}" has ${roleName.length} characters, over the IAM limit of ${MAX_ROLE_NAME_LENGTH}; shorten name`);
    }
  }
}

/** The store's settings with their defaults applied. */
interface AttachmentStoreSettings {
  readonly bucketName: string;
  readonly logBucketName: string;
  readonly iaDays: number;
  readonly glacierDays: number;
  readonly glacierStorageClass: GlacierStorageClass;
  readonly noncurrentDays: number;
  readonly abortDays: number;
  readonly logRetentionDays: number;
  /** The retention in days (a Terraform expression when retentionYears is a token). */
  readonly expirationDays: number;
}

function resolveSettings(props: AttachmentStoreProps): AttachmentStoreSettings {
  const { retentionYears } = props;
  return {
    bucketName: props.bucketName ?? attachmentBucketName(props.name, props.accountId),
    logBucketName: props.logBucketName ?? attachmentLogBucketName(props.name, props.accountId),
    iaDays: props.transitionToInfrequentAccessDays ?? MIN_INFREQUENT_ACCESS_DAYS,
    glacierDays: props.transitionToGlacierDays ?? DAYS_PER_YEAR,
    glacierStorageClass: props.glacierStorageClass ?? 'GLACIER_IR',
    noncurrentDays: props.noncurrentVersionExpirationDays ?? 90,
    abortDays: props.abortIncompleteUploadDays ?? 7,
    logRetentionDays: props.logRetentionDays ?? 365,
    expirationDays: Token.isUnresolved(retentionYears) ? Token.asNumber(Op.mul(retentionYears, DAYS_PER_YEAR)) : retentionYears * DAYS_PER_YEAR,
  };
}

/** The replication role: `<name>-attachments-replication`. */
function replicationRoleName(name: string): string {
  return physicalName(name, 'attachments-replication');
}
