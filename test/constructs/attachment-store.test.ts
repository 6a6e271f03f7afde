import 'cdktf/lib/testing/adapters/jest';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformOutput, TerraformVariable, Testing } from 'cdktf';
import {
  AttachmentStore,
  AttachmentStoreProps,
  attachmentBucketName,
  attachmentKeyAliasArn,
  attachmentLogBucketName,
  bucketNameProblem,
  s3BucketArn,
} from '../../constructs/attachment-store';
import { BACKUP_TAG_KEY } from '../../constructs/core';
import { Json } from '../json';

const ACCOUNT = '123456789012';
const BUCKET = 'prod-us-east-1-attachments-123456789012';
const LOG_BUCKET = 'prod-us-east-1-logs-123456789012';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const LOG_BUCKET_ARN = `arn:aws:s3:::${LOG_BUCKET}`;
const DEST_BUCKET_ARN = 'arn:aws:s3:::prod-us-west-2-attachments-123456789012';
const DEST_KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const DEST_ALIAS_ARN = 'arn:aws:kms:us-west-2:123456789012:alias/prod-us-west-2-attachments';
const OWN_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab';

const BASE_PROPS: AttachmentStoreProps = {
  name: 'prod-us-east-1',
  accountId: ACCOUNT,
  region: 'us-east-1',
  retentionYears: 7,
};

const REPLICATION: AttachmentStoreProps['replicationDestination'] = {
  bucketArn: DEST_BUCKET_ARN,
  region: 'us-west-2',
  kmsKeyArn: DEST_KEY_ARN,
};

/** Synthesizes one AttachmentStore with id `attachments` and BASE_PROPS plus overrides; returns the JSON string. */
function synthStore(overrides: Partial<AttachmentStoreProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AttachmentStore(scope, 'attachments', { ...BASE_PROPS, ...overrides });
  });
}

function makeStore(overrides: Partial<AttachmentStoreProps>): () => void {
  return () => {
    synthStore(overrides);
  };
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  const parsed = JSON.parse(synth) as Json;
  return (parsed.resource?.[type] ?? {}) as Record<string, Json>;
}

/** One resource's config; fails the test when it is missing. */
function resource(synth: string, type: string, id: string): Json {
  const config = resources(synth, type)[id];
  if (config === undefined) throw new Error(`no ${type}.${id} in the synthesized stack`);
  return config;
}

/** The parsed `policy` JSON of a resource. */
function policyOf(synth: string, type: string, id: string, attribute = 'policy'): Json {
  return JSON.parse(resource(synth, type, id)[attribute] as string) as Json;
}

/** The statement with the given Sid. */
function statement(policy: Json, sid: string): Json {
  const found = (policy.Statement as Json[]).find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid} in ${JSON.stringify(policy)}`);
  return found;
}

/** The rule of a lifecycle configuration with the given id. */
function lifecycleRule(synth: string, id: string, ruleId: string): Json {
  const rules = resource(synth, 'aws_s3_bucket_lifecycle_configuration', id).rule as Json[];
  const found = rules.find((r) => r.id === ruleId);
  if (found === undefined) throw new Error(`no lifecycle rule ${ruleId} in ${id}`);
  return found;
}

/** All `<type>.<id>` addresses of a synthesized stack. */
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}

/** `"${type.id.attr}"` as cdktf renders a reference. */
function ref(type: string, id: string, attr = 'id'): string {
  return `\${${type}.${id}.${attr}}`;
}

describe('AttachmentStore', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN only the required props
      // WHEN
      synth = synthStore();
    });

    test('creates exactly the two buckets, their settings, a key and an alias, at readable addresses', () => {
      // THEN
      expect(addresses(synth)).toEqual([
        'aws_kms_alias.attachments',
        'aws_kms_key.attachments',
        'aws_s3_bucket.attachments',
        'aws_s3_bucket.attachments_logs',
        'aws_s3_bucket_lifecycle_configuration.attachments',
        'aws_s3_bucket_lifecycle_configuration.attachments_logs',
        'aws_s3_bucket_logging.attachments',
        'aws_s3_bucket_ownership_controls.attachments',
        'aws_s3_bucket_ownership_controls.attachments_logs',
        'aws_s3_bucket_policy.attachments',
        'aws_s3_bucket_policy.attachments_logs',
        'aws_s3_bucket_public_access_block.attachments',
        'aws_s3_bucket_public_access_block.attachments_logs',
        'aws_s3_bucket_server_side_encryption_configuration.attachments',
        'aws_s3_bucket_server_side_encryption_configuration.attachments_logs',
        'aws_s3_bucket_versioning.attachments',
        'aws_s3_bucket_versioning.attachments_logs',
      ]);
      expect(synth).not.toHaveResource(IamRole);
      expect(synth).not.toHaveResource(S3BucketReplicationConfigurationA);
    });

    test('names the buckets <name>-attachments-<account> and <name>-logs-<account>, never force-destroyed, destroy-protected', () => {
      // THEN
      for (const [id, name] of [
        ['attachments', BUCKET],
        ['attachments_logs', LOG_BUCKET],
      ] as const) {
        expect(resource(synth, 'aws_s3_bucket', id)).toEqual({
          bucket: name,
          force_destroy: false,
          lifecycle: { prevent_destroy: true },
          tags: { Name: name, 'data-classification': 'confidential' },
        });
      }
    });

    test('encrypts attachments with SSE-KMS under the created key, with bucket keys on', () => {
      // THEN
      expect(resource(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'attachments')).toEqual({
        bucket: ref('aws_s3_bucket', 'attachments'),
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: 'aws:kms',
              kms_master_key_id: ref('aws_kms_key', 'attachments', 'arn'),
            },
            bucket_key_enabled: true,
          },
        ],
      });
      expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
        rule: [expect.objectContaining({ bucket_key_enabled: true })],
      });
    });

    test('creates a rotating, destroy-protected key usable only through S3 in this region, with an alias', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
        tags: { Name: 'prod-us-east-1-attachments', 'data-classification': 'confidential' },
      });
      expect(synth).toHaveResourceWithProperties(KmsAlias, {
        name: 'alias/prod-us-east-1-attachments',
        target_key_id: ref('aws_kms_key', 'attachments', 'key_id'),
      });
      const policy = policyOf(synth, 'aws_kms_key', 'attachments');
      const admin = statement(policy, 'EnableAccountRootAdministration');
      expect(admin).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' } });
      expect(admin.Action).toEqual(expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:Describe*']));
      expect(admin.Action).not.toContain('kms:Decrypt');
      expect(statement(policy, 'AllowUseThroughS3InThisRegion')).toEqual({
        Sid: 'AllowUseThroughS3InThisRegion',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      });
      expect(policy.Statement).toHaveLength(2);
    });

    test('versions both buckets', () => {
      // THEN
      const versioning = resources(synth, 'aws_s3_bucket_versioning');
      expect(Object.keys(versioning).sort()).toEqual(['attachments', 'attachments_logs']);
      for (const id of ['attachments', 'attachments_logs']) {
        expect(versioning[id]).toEqual({ bucket: ref('aws_s3_bucket', id), versioning_configuration: { status: 'Enabled' } });
      }
      expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    });

    test('blocks all four kinds of public access and disables ACLs on both buckets', () => {
      // THEN
      for (const id of ['attachments', 'attachments_logs']) {
        expect(resource(synth, 'aws_s3_bucket_public_access_block', id)).toEqual({
          bucket: ref('aws_s3_bucket', id),
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(resource(synth, 'aws_s3_bucket_ownership_controls', id)).toEqual({
          bucket: ref('aws_s3_bucket', id),
          rule: { object_ownership: 'BucketOwnerEnforced' },
        });
      }
      expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_policy: true, restrict_public_buckets: true });
      expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    });

    test('the attachments bucket policy denies plain HTTP, TLS below 1.2 and non-KMS uploads', () => {
      // THEN
      const bucketPolicy = resource(synth, 'aws_s3_bucket_policy', 'attachments');
      expect(bucketPolicy.bucket).toBe(ref('aws_s3_bucket', 'attachments'));
      const policy = JSON.parse(bucketPolicy.policy as string) as Json;
      expect(statement(policy, 'DenyInsecureTransport')).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(statement(policy, 'DenyOutdatedTls')).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      });
      expect(statement(policy, 'DenyNonKmsEncryptedUploads')).toMatchObject({
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      });
      expect((policy.Statement as Json[]).filter((s) => s.Effect === 'Allow')).toEqual([]);
    });

    test('lifecycle: abort uploads after 7 days, STANDARD_IA at 30, GLACIER_IR at 365, expire after 7 years, noncurrent IA at 30 and expiry at 90', () => {
      // THEN
      const lifecycle = resource(synth, 'aws_s3_bucket_lifecycle_configuration', 'attachments');
      expect(lifecycle.bucket).toBe(ref('aws_s3_bucket', 'attachments'));
      expect(lifecycle.depends_on).toEqual(['aws_s3_bucket_versioning.attachments']);
      expect(lifecycle.rule).toEqual([
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{}],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
        {
          id: 'current-versions',
          status: 'Enabled',
          filter: [{}],
          transition: [
            { days: 30, storage_class: 'STANDARD_IA' },
            { days: 365, storage_class: 'GLACIER_IR' },
          ],
          expiration: [{ days: 7 * 365 }],
        },
        {
          id: 'noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: 'STANDARD_IA' }],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        },
      ]);
    });

    test('logs S3 access to the log bucket under s3-access/, partitioned by event time, after the delivery grant exists', () => {
      // THEN
      expect(resource(synth, 'aws_s3_bucket_logging', 'attachments')).toEqual({
        bucket: ref('aws_s3_bucket', 'attachments'),
        target_bucket: ref('aws_s3_bucket', 'attachments_logs'),
        target_prefix: 's3-access/',
        target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
        depends_on: ['aws_s3_bucket_policy.attachments_logs'],
      });
      expect(synth).toHaveResourceWithProperties(S3BucketLoggingA, { target_prefix: 's3-access/' });
    });

    test('the log bucket uses SSE-S3 (AES256), which S3 access logs and ALB logs require', () => {
      // THEN
      expect(resource(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'attachments_logs')).toEqual({
        bucket: ref('aws_s3_bucket', 'attachments_logs'),
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      });
    });

    test('the log bucket policy is TLS-only and grants S3 server access logging and ALB log delivery only their prefixes', () => {
      // THEN
      const policy = policyOf(synth, 'aws_s3_bucket_policy', 'attachments_logs');
      expect(statement(policy, 'DenyInsecureTransport')).toMatchObject({
        Effect: 'Deny',
        Resource: [LOG_BUCKET_ARN, `${LOG_BUCKET_ARN}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(statement(policy, 'DenyOutdatedTls')).toMatchObject({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } });
      expect(statement(policy, 'AllowS3ServerAccessLogDelivery')).toEqual({
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${LOG_BUCKET_ARN}/s3-access/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
      expect(statement(policy, 'AllowAlbAccessLogDelivery')).toEqual({
        Sid: 'AllowAlbAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${LOG_BUCKET_ARN}/alb/AWSLogs/${ACCOUNT}/*`,
      });
      expect(policy.Statement).toHaveLength(4);
    });

    test('log bucket lifecycle: abort uploads, expire logs after 365 days, noncurrent versions after 30', () => {
      // THEN
      expect(lifecycleRule(synth, 'attachments_logs', 'abort-incomplete-multipart-uploads').abort_incomplete_multipart_upload).toEqual([
        { days_after_initiation: 7 },
      ]);
      expect(lifecycleRule(synth, 'attachments_logs', 'expire-logs').expiration).toEqual([{ days: 365 }]);
      expect(lifecycleRule(synth, 'attachments_logs', 'noncurrent-versions').noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
      expect(resource(synth, 'aws_s3_bucket_lifecycle_configuration', 'attachments_logs').rule).toHaveLength(3);
    });

    test('exposes attributes; logBucketName references the log bucket policy so ALBs wait for the delivery grant', () => {
      // GIVEN
      let store: AttachmentStore | undefined;
      // WHEN
      const out = Testing.synthScope((scope) => {
        store = new AttachmentStore(scope, 'attachments', BASE_PROPS);
        new TerraformOutput(scope, 'bucket_name', { value: store.bucketName });
        new TerraformOutput(scope, 'bucket_arn', { value: store.bucketArn });
        new TerraformOutput(scope, 'log_bucket_name', { value: store.logBucketName });
        new TerraformOutput(scope, 'log_bucket_arn', { value: store.logBucketArn });
        new TerraformOutput(scope, 'kms_key_arn', { value: store.kmsKeyArn });
      });
      // THEN
      const outputs = (JSON.parse(out) as Json).output as Json;
      expect(outputs.bucket_name.value).toBe(ref('aws_s3_bucket', 'attachments', 'bucket'));
      expect(outputs.bucket_arn.value).toBe(ref('aws_s3_bucket', 'attachments', 'arn'));
      expect(outputs.log_bucket_name.value).toBe(ref('aws_s3_bucket_policy', 'attachments_logs', 'bucket'));
      expect(outputs.log_bucket_arn.value).toBe(ref('aws_s3_bucket', 'attachments_logs', 'arn'));
      expect(outputs.kms_key_arn.value).toBe(ref('aws_kms_key', 'attachments', 'arn'));
      expect(store?.albLogPrefix).toBe('alb');
      expect(store?.s3AccessLogPrefix).toBe('s3-access/');
      expect(store?.replicationRoleArn).toBeUndefined();
    });
  });

  describe('retention and transitions', () => {
    test('retentionYears sets the expiration to retentionYears × 365 days', () => {
      // GIVEN / WHEN
      const synth = synthStore({ retentionYears: 10 });
      // THEN
      expect(lifecycleRule(synth, 'attachments', 'current-versions').expiration).toEqual([{ days: 3650 }]);
    });

    test('a 1-year retention drops the default archive transition that would land on the expiration day', () => {
      // GIVEN / WHEN
      const synth = synthStore({ retentionYears: 1 });
      // THEN
      const rule = lifecycleRule(synth, 'attachments', 'current-versions');
      expect(rule.expiration).toEqual([{ days: 365 }]);
      expect(rule.transition).toEqual([{ days: 30, storage_class: 'STANDARD_IA' }]);
    });

    test('transitionToInfrequentAccessDays and transitionToGlacierDays set the transition days', () => {
      // GIVEN / WHEN
      const synth = synthStore({ transitionToInfrequentAccessDays: 60, transitionToGlacierDays: 180 });
      // THEN
      expect(lifecycleRule(synth, 'attachments', 'current-versions').transition).toEqual([
        { days: 60, storage_class: 'STANDARD_IA' },
        { days: 180, storage_class: 'GLACIER_IR' },
      ]);
    });

    test('glacierStorageClass GLACIER archives to Glacier Flexible Retrieval', () => {
      // GIVEN / WHEN
      const synth = synthStore({ glacierStorageClass: 'GLACIER' });
      // THEN
      expect(lifecycleRule(synth, 'attachments', 'current-versions').transition).toEqual([
        { days: 30, storage_class: 'STANDARD_IA' },
        { days: 365, storage_class: 'GLACIER' },
      ]);
    });

    test('noncurrentVersionExpirationDays sets the noncurrent expiry; under 60 days there is no STANDARD_IA step', () => {
      // GIVEN / WHEN
      const short = lifecycleRule(synthStore({ noncurrentVersionExpirationDays: 30 }), 'attachments', 'noncurrent-versions');
      const long = lifecycleRule(synthStore({ noncurrentVersionExpirationDays: 180 }), 'attachments', 'noncurrent-versions');
      // THEN
      expect(short.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
      expect(short.noncurrent_version_transition).toBeUndefined();
      expect(long.noncurrent_version_expiration).toEqual([{ noncurrent_days: 180 }]);
      expect(long.noncurrent_version_transition).toEqual([{ noncurrent_days: 30, storage_class: 'STANDARD_IA' }]);
    });

    test('abortIncompleteUploadDays applies to both buckets', () => {
      // GIVEN / WHEN
      const synth = synthStore({ abortIncompleteUploadDays: 2 });
      // THEN
      for (const id of ['attachments', 'attachments_logs']) {
        expect(lifecycleRule(synth, id, 'abort-incomplete-multipart-uploads').abort_incomplete_multipart_upload).toEqual([
          { days_after_initiation: 2 },
        ]);
      }
    });

    test('logRetentionDays sets the log expiry', () => {
      // GIVEN / WHEN
      const synth = synthStore({ logRetentionDays: 90 });
      // THEN
      expect(lifecycleRule(synth, 'attachments_logs', 'expire-logs').expiration).toEqual([{ days: 90 }]);
      expect(lifecycleRule(synth, 'attachments', 'current-versions').expiration).toEqual([{ days: 2555 }]);
    });

    test('a token retentionYears becomes a Terraform multiplication', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        const years = new TerraformVariable(scope, 'retention_years', { type: 'number' });
        new AttachmentStore(scope, 'attachments', { ...BASE_PROPS, retentionYears: years.numberValue });
      });
      // THEN
      expect(lifecycleRule(synth, 'attachments', 'current-versions').expiration).toEqual([{ days: '${(var.retention_years * 365)}' }]);
    });
  });

  describe('names and keys', () => {
    test('bucketName and logBucketName replace the default names everywhere', () => {
      // GIVEN / WHEN
      const synth = synthStore({ bucketName: 'acme-ticket-files', logBucketName: 'acme-ticket-logs' });
      // THEN
      expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: 'acme-ticket-files' });
      expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: 'acme-ticket-logs' });
      expect(statement(policyOf(synth, 'aws_s3_bucket_policy', 'attachments'), 'DenyInsecureTransport').Resource).toEqual([
        'arn:aws:s3:::acme-ticket-files',
        'arn:aws:s3:::acme-ticket-files/*',
      ]);
      expect(statement(policyOf(synth, 'aws_s3_bucket_policy', 'attachments_logs'), 'AllowAlbAccessLogDelivery').Resource).toBe(
        `arn:aws:s3:::acme-ticket-logs/alb/AWSLogs/${ACCOUNT}/*`,
      );
      expect(synth).not.toContain(BUCKET);
      expect(synth).not.toContain(LOG_BUCKET);
    });

    test('kmsKeyArn: no key or alias is created and the bucket is encrypted with the given key', () => {
      // GIVEN
      let store: AttachmentStore | undefined;
      // WHEN
      const synth = Testing.synthScope((scope) => {
        store = new AttachmentStore(scope, 'attachments', { ...BASE_PROPS, kmsKeyArn: OWN_KEY_ARN });
      });
      // THEN
      expect(synth).not.toHaveResource(KmsKey);
      expect(synth).not.toHaveResource(KmsAlias);
      expect(resource(synth, 'aws_s3_bucket_server_side_encryption_configuration', 'attachments').rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: OWN_KEY_ARN }, bucket_key_enabled: true },
      ]);
      expect(store?.kmsKeyArn).toBe(OWN_KEY_ARN);
    });
  });

  describe('replicationDestination', () => {
    let synth: string;
    let store: AttachmentStore | undefined;
    beforeAll(() => {
      // GIVEN a destination in the secondary region
      // WHEN
      synth = Testing.synthScope((scope) => {
        store = new AttachmentStore(scope, 'attachments', { ...BASE_PROPS, replicationDestination: REPLICATION });
      });
    });

    test('adds a replication role that only S3 acting for this account can assume', () => {
      // THEN
      const role = resource(synth, 'aws_iam_role', 'attachments_replication');
      expect(role.name).toBe('prod-us-east-1-attachments-replication');
      expect(JSON.parse(role.assume_role_policy as string)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowS3ReplicationOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': BASE_PROPS.accountId } },
          },
        ],
      });
      expect(store?.replicationRoleArn).toBeDefined();
    });

    test('gives the role a least-privilege policy on the two buckets and the two keys, with no wildcard resources', () => {
      // THEN
      const rolePolicy = resource(synth, 'aws_iam_role_policy', 'attachments_replication');
      expect(rolePolicy.role).toBe(ref('aws_iam_role', 'attachments_replication'));
      const policy = JSON.parse(rolePolicy.policy as string) as Json;
      expect(policy.Statement).toEqual([
        {
          Sid: 'ReadSourceReplicationConfiguration',
          Effect: 'Allow',
          Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          Resource: BUCKET_ARN,
        },
        {
          Sid: 'ReadSourceObjectVersions',
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: `${BUCKET_ARN}/*`,
        },
        {
          Sid: 'ReplicateToDestination',
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: `${DEST_BUCKET_ARN}/*`,
        },
        {
          Sid: 'DecryptSourceObjects',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: ref('aws_kms_key', 'attachments', 'arn'),
          Condition: {
            StringLike: {
              'kms:ViaService': 's3.us-east-1.amazonaws.com',
              'kms:EncryptionContext:aws:s3:arn': [BUCKET_ARN, `${BUCKET_ARN}/*`],
            },
          },
        },
        {
          Sid: 'EncryptReplicas',
          Effect: 'Allow',
          Action: 'kms:Encrypt',
          Resource: DEST_KEY_ARN,
          Condition: {
            StringLike: {
              'kms:ViaService': 's3.us-west-2.amazonaws.com',
              'kms:EncryptionContext:aws:s3:arn': [DEST_BUCKET_ARN, `${DEST_BUCKET_ARN}/*`],
            },
          },
        },
      ]);
      expect(JSON.stringify(policy)).not.toContain('"Resource":"*"');
    });

    test('configures replication of everything, delete markers and SSE-KMS objects, with the replica key, after versioning', () => {
      // THEN
      expect(resource(synth, 'aws_s3_bucket_replication_configuration', 'attachments')).toEqual({
        bucket: ref('aws_s3_bucket', 'attachments'),
        role: ref('aws_iam_role', 'attachments_replication', 'arn'),
        rule: [
          {
            id: 'replicate-all-to-us-west-2',
            status: 'Enabled',
            priority: 1,
            filter: {},
            delete_marker_replication: { status: 'Enabled' },
            source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
            destination: {
              bucket: DEST_BUCKET_ARN,
              encryption_configuration: { replica_kms_key_id: DEST_KEY_ARN },
            },
          },
        ],
        depends_on: ['aws_s3_bucket_versioning.attachments', 'aws_iam_role_policy.attachments_replication'],
      });
      expect(synth).toHaveResourceWithProperties(S3BucketReplicationConfigurationA, {
        rule: [expect.objectContaining({ delete_marker_replication: { status: 'Enabled' } })],
      });
    });

    test('an alias ARN as replica key is allowed through kms:ResourceAliases on the destination region’s keys', () => {
      // GIVEN / WHEN
      const aliased = synthStore({ replicationDestination: { ...REPLICATION, kmsKeyArn: DEST_ALIAS_ARN } });
      // THEN
      const encrypt = statement(policyOf(aliased, 'aws_iam_role_policy', 'attachments_replication'), 'EncryptReplicas');
      expect(encrypt).toEqual({
        Sid: 'EncryptReplicas',
        Effect: 'Allow',
        Action: 'kms:Encrypt',
        Resource: 'arn:aws:kms:us-west-2:123456789012:key/*',
        Condition: {
          StringLike: {
            'kms:ViaService': 's3.us-west-2.amazonaws.com',
            'kms:EncryptionContext:aws:s3:arn': [DEST_BUCKET_ARN, `${DEST_BUCKET_ARN}/*`],
          },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/prod-us-west-2-attachments' },
        },
      });
      const rule = (resource(aliased, 'aws_s3_bucket_replication_configuration', 'attachments').rule as Json[])[0];
      expect(rule?.destination.encryption_configuration).toEqual({ replica_kms_key_id: DEST_ALIAS_ARN });
    });

    test('replicationTimeControl adds the 15-minute replication time and metrics', () => {
      // GIVEN / WHEN
      const rtc = synthStore({ replicationDestination: REPLICATION, replicationTimeControl: true });
      // THEN
      const rule = (resource(rtc, 'aws_s3_bucket_replication_configuration', 'attachments').rule as Json[])[0];
      expect(rule?.destination).toEqual({
        bucket: DEST_BUCKET_ARN,
        encryption_configuration: { replica_kms_key_id: DEST_KEY_ARN },
        replication_time: { status: 'Enabled', time: { minutes: 15 } },
        metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
      });
    });

    test('without replicationTimeControl there is no replication time or metrics', () => {
      // THEN
      const rule = (resource(synth, 'aws_s3_bucket_replication_configuration', 'attachments').rule as Json[])[0];
      expect(rule?.destination.replication_time).toBeUndefined();
      expect(rule?.destination.metrics).toBeUndefined();
    });

    test('with a given kmsKeyArn the role decrypts with that key', () => {
      // GIVEN / WHEN
      const given = synthStore({ replicationDestination: REPLICATION, kmsKeyArn: OWN_KEY_ARN });
      // THEN
      expect(statement(policyOf(given, 'aws_iam_role_policy', 'attachments_replication'), 'DecryptSourceObjects').Resource).toBe(OWN_KEY_ARN);
    });

    test('a primary can target the secondary store by derived names alone', () => {
      // GIVEN the secondary region's store, in its own stack
      const secondary = synthStore({ name: 'prod-us-west-2', region: 'us-west-2' });
      // WHEN the primary derives the destination from names
      const primary = synthStore({
        replicationDestination: {
          bucketArn: s3BucketArn(attachmentBucketName('prod-us-west-2', ACCOUNT), 'us-west-2'),
          region: 'us-west-2',
          kmsKeyArn: attachmentKeyAliasArn('prod-us-west-2', 'us-west-2', ACCOUNT),
        },
      });
      // THEN the names match what the secondary creates
      const destination = (resource(primary, 'aws_s3_bucket_replication_configuration', 'attachments').rule as Json[])[0]?.destination;
      expect(destination.bucket).toBe(`arn:aws:s3:::${resource(secondary, 'aws_s3_bucket', 'attachments').bucket as string}`);
      expect(destination.encryption_configuration.replica_kms_key_id).toBe(
        `arn:aws:kms:us-west-2:${ACCOUNT}:${resource(secondary, 'aws_kms_alias', 'attachments').name as string}`,
      );
    });
  });

  describe('tags', () => {
    test('dataClassification sets the data-classification tag of the buckets and the key', () => {
      // GIVEN / WHEN
      const synth = synthStore({ dataClassification: 'restricted' });
      // THEN
      for (const [type, id] of [
        ['aws_s3_bucket', 'attachments'],
        ['aws_s3_bucket', 'attachments_logs'],
        ['aws_kms_key', 'attachments'],
      ] as const) {
        expect(resource(synth, type, id).tags).toMatchObject({ 'data-classification': 'restricted' });
      }
    });

    test('backupPlanTag puts the backup selection tag on the attachments bucket only', () => {
      // GIVEN / WHEN
      const synth = synthStore({ backupPlanTag: 'prod-daily' });
      // THEN
      expect(resource(synth, 'aws_s3_bucket', 'attachments').tags).toEqual({
        Name: BUCKET,
        [BACKUP_TAG_KEY]: 'prod-daily',
        'data-classification': 'confidential',
      });
      expect(resource(synth, 'aws_s3_bucket', 'attachments_logs').tags).not.toHaveProperty(BACKUP_TAG_KEY);
    });

    test('without backupPlanTag no resource carries the backup selection tag', () => {
      // GIVEN / WHEN
      const synth = synthStore();
      // THEN
      expect(synth).not.toContain(`"${BACKUP_TAG_KEY}"`);
    });

    test('tags are merged onto every taggable resource; Name and data-classification stay the construct’s', () => {
      // GIVEN / WHEN
      const synth = synthStore({
        replicationDestination: REPLICATION,
        tags: { component: 'attachments', Name: 'ignored', 'data-classification': 'public' },
      });
      // THEN
      const parsed = JSON.parse(synth) as Json;
      const tagged = Object.entries(parsed.resource as Record<string, Record<string, Json>>).flatMap(([type, byId]) =>
        Object.entries(byId)
          .filter(([, config]) => config.tags !== undefined)
          .map(([id, config]) => ({ address: `${type}.${id}`, tags: config.tags as Json })),
      );
      expect(tagged.map((t) => t.address).sort()).toEqual([
        'aws_iam_role.attachments_replication',
        'aws_kms_key.attachments',
        'aws_s3_bucket.attachments',
        'aws_s3_bucket.attachments_logs',
      ]);
      for (const { tags } of tagged) {
        expect(tags.component).toBe('attachments');
        expect(tags.Name).not.toBe('ignored');
      }
      expect(resource(synth, 'aws_s3_bucket', 'attachments').tags['data-classification']).toBe('confidential');
    });
  });

  describe('validation', () => {
    test('throws when the replication destination region equals the source region', () => {
      expect(makeStore({ replicationDestination: { ...REPLICATION, region: 'us-east-1', kmsKeyArn: OWN_KEY_ARN } })).toThrow(
        /replication destination region equals the source region: a secondary region must differ from the primary/,
      );
    });

    test('throws for transitionToInfrequentAccessDays below 30', () => {
      expect(makeStore({ transitionToInfrequentAccessDays: 29 })).toThrow(
        /transitionToInfrequentAccessDays 29 is invalid; it must be a whole number of at least 30 \(S3 does not move objects to STANDARD_IA before day 30\)/,
      );
    });

    test.each([
      [60, 60],
      [60, 45],
      [60, 89],
    ])('throws when the Glacier transition (IA %i, Glacier %i) is not 30+ days after the IA transition', (ia, glacier) => {
      expect(makeStore({ transitionToInfrequentAccessDays: ia, transitionToGlacierDays: glacier })).toThrow(
        new RegExp(`transitionToGlacierDays ${glacier} must be at least 30 days after transitionToInfrequentAccessDays ${ia}.*set it to 90 or more`),
      );
    });

    test('accepts a Glacier transition exactly 30 days after the IA transition', () => {
      expect(makeStore({ transitionToInfrequentAccessDays: 60, transitionToGlacierDays: 90 })).not.toThrow();
    });

    test('names the default when a late IA transition collides with the default Glacier day', () => {
      expect(makeStore({ transitionToInfrequentAccessDays: 350 })).toThrow(/transitionToGlacierDays 365 \(the default\) must be at least 30 days after/);
    });

    test('throws for an explicit Glacier transition on or after the expiration', () => {
      expect(makeStore({ retentionYears: 1, transitionToGlacierDays: 365 })).toThrow(
        /transitionToGlacierDays 365 is not before the expiration on day 365 \(retentionYears 1\)/,
      );
    });

    test('throws for an IA transition on or after the expiration', () => {
      expect(makeStore({ retentionYears: 1, transitionToInfrequentAccessDays: 400, transitionToGlacierDays: 430 })).toThrow(
        /transitionToInfrequentAccessDays 400 is not before the expiration on day 365/,
      );
    });

    test.each([0, 101, 1.5, -1])('throws for retentionYears %p', (retentionYears) => {
      expect(makeStore({ retentionYears })).toThrow(new RegExp(`retentionYears ${retentionYears} is invalid; it must be a whole number from 1 to 100`));
    });

    test.each([
      ['upper case', 'Acme-Files', /characters other than lower-case letters, digits and hyphens/],
      ['too short', 'ab', /it has 2 characters; S3 bucket names have 3 to 63/],
      ['too long', 'a'.repeat(64), /it has 64 characters/],
      ['dots', 'acme.files', /contains a dot/],
      ['a leading hyphen', '-acme-files', /must begin and end with a lower-case letter or a digit/],
      ['a reserved prefix', 'xn--acme-files', /starts with "xn--", which S3 reserves/],
      ['a reserved suffix', 'acme-files-s3alias', /ends with "-s3alias", which S3 reserves/],
      ['an underscore', 'acme_files', /characters other than/],
    ])('throws for a bucketName with %s', (_label, bucketName, message) => {
      expect(makeStore({ bucketName })).toThrow(new RegExp(`bucketName "${bucketName.replace('.', '\\.')}" is not a valid S3 bucket name: `));
      expect(makeStore({ bucketName })).toThrow(message);
    });

    test('throws for a bad logBucketName', () => {
      expect(makeStore({ logBucketName: 'Logs' })).toThrow(/logBucketName "Logs" is not a valid S3 bucket name/);
    });

    test('throws when the name makes the default bucket name too long, and says how to fix it', () => {
      const name = 'prod-us-east-1-a-very-long-environment-name';
      expect(makeStore({ name })).toThrow(
        /bucketName "prod-us-east-1-a-very-long-environment-name-attachments-123456789012" \(derived from name ".*"; shorten name or pass bucketName\) is not a valid S3 bucket name: it has 68 characters/,
      );
    });

    test('throws when both buckets get the same name', () => {
      expect(makeStore({ bucketName: 'acme-files', logBucketName: 'acme-files' })).toThrow(/bucketName and logBucketName are both "acme-files"/);
    });

    test.each([
      ['noncurrentVersionExpirationDays', 0],
      ['abortIncompleteUploadDays', 0],
      ['logRetentionDays', 0],
      ['transitionToGlacierDays', 2.5],
    ] as const)('throws for %s %p', (prop, value) => {
      expect(makeStore({ [prop]: value })).toThrow(new RegExp(`${prop} ${value} is invalid; it must be a whole number of at least 1`));
    });

    test('throws for an unknown glacierStorageClass', () => {
      expect(makeStore({ glacierStorageClass: 'DEEP_ARCHIVE' as AttachmentStoreProps['glacierStorageClass'] })).toThrow(
        /glacierStorageClass "DEEP_ARCHIVE" is invalid; allowed: "GLACIER_IR", "GLACIER"/,
      );
    });

    test('throws for a kmsKeyArn that is an alias, or in another region', () => {
      expect(makeStore({ kmsKeyArn: 'alias/attachments' })).toThrow(/kmsKeyArn "alias\/attachments" is not a KMS key ARN/);
      expect(makeStore({ kmsKeyArn: DEST_KEY_ARN })).toThrow(/kmsKeyArn ".*" is in region "us-west-2", but the bucket is in "us-east-1"/);
    });

    test('throws for a replica key outside the destination region', () => {
      expect(makeStore({ replicationDestination: { ...REPLICATION, kmsKeyArn: OWN_KEY_ARN } })).toThrow(
        /replicationDestination.kmsKeyArn ".*" is in region "us-east-1", but replicas are written in "us-west-2"/,
      );
    });

    test('throws for a replica key that is neither a key nor an alias ARN', () => {
      expect(makeStore({ replicationDestination: { ...REPLICATION, kmsKeyArn: 'alias/prod-us-west-2-attachments' } })).toThrow(
        /replicationDestination.kmsKeyArn "alias\/prod-us-west-2-attachments" is not a KMS key or alias ARN/,
      );
    });

    test('throws for a destination bucket ARN that is not a bucket ARN, or is the source bucket', () => {
      expect(makeStore({ replicationDestination: { ...REPLICATION, bucketArn: 'prod-us-west-2-attachments' } })).toThrow(
        /replicationDestination.bucketArn "prod-us-west-2-attachments" is invalid \(not an S3 bucket ARN\)/,
      );
      expect(makeStore({ replicationDestination: { ...REPLICATION, bucketArn: BUCKET_ARN } })).toThrow(/is the attachments bucket itself/);
    });

    test('throws for replicationTimeControl without a destination', () => {
      expect(makeStore({ replicationTimeControl: true })).toThrow(/replicationTimeControl is true, but there is no replicationDestination/);
    });

    test('throws for a bad account id, region or name', () => {
      expect(makeStore({ accountId: '1234' })).toThrow(/accountId "1234" is invalid; an AWS account id is exactly 12 digits/);
      expect(makeStore({ region: 'US East' })).toThrow(/region "US East" is invalid/);
      expect(makeStore({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid; use lower-case letters/);
    });

    test('error messages carry the construct path', () => {
      expect(makeStore({ retentionYears: 0 })).toThrow(/^AttachmentStore stack\/attachments: retentionYears 0/);
    });

    test('reports every problem at once, in the order of the props', () => {
      // GIVEN a bad account, retention, storage class and replication setting together
      // THEN one error lists all four, ending in one period
      expect(
        makeStore({ accountId: '42', retentionYears: 0, glacierStorageClass: 'TAPE' as never, replicationTimeControl: true }),
      ).toThrow(
        /^AttachmentStore stack\/attachments: accountId "42" is invalid; .+; retentionYears 0 is invalid; .+; glacierStorageClass "TAPE" is invalid; .+; replicationTimeControl is true, but there is no replicationDestination; set one or drop replicationTimeControl\.$/,
      );
    });

    test('skips checks of unresolved tokens', () => {
      expect(() =>
        Testing.synthScope((scope) => {
          const bucket = new TerraformVariable(scope, 'bucket', { type: 'string' });
          const days = new TerraformVariable(scope, 'ia_days', { type: 'number' });
          new AttachmentStore(scope, 'attachments', {
            ...BASE_PROPS,
            bucketName: bucket.stringValue,
            transitionToInfrequentAccessDays: days.numberValue,
          });
        }),
      ).not.toThrow();
    });
  });

  describe('logical ids', () => {
    test('two stores in one stack do not clash', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new AttachmentStore(scope, 'attachments', BASE_PROPS);
        new AttachmentStore(scope, 'exports', { ...BASE_PROPS, name: 'prod-us-east-1-exports' });
      });
      // THEN
      expect(Object.keys(resources(synth, 'aws_s3_bucket')).sort()).toEqual(['attachments', 'attachments_logs', 'exports', 'exports_logs']);
      expect(resource(synth, 'aws_s3_bucket', 'exports').bucket).toBe('prod-us-east-1-exports-attachments-123456789012');
      expect(addresses(synth).filter((a) => a.endsWith('.exports') || a.endsWith('.exports_logs'))).toHaveLength(17);
    });
  });
});

describe('attachment-store naming', () => {
  test('derives bucket names, alias ARNs and bucket ARNs deterministically', () => {
    expect(attachmentBucketName('prod-us-west-2', ACCOUNT)).toBe('prod-us-west-2-attachments-123456789012');
    expect(attachmentLogBucketName('prod-us-west-2', ACCOUNT)).toBe('prod-us-west-2-logs-123456789012');
    expect(attachmentKeyAliasArn('prod-us-west-2', 'us-west-2', ACCOUNT)).toBe(DEST_ALIAS_ARN);
    expect(s3BucketArn('b-1', 'us-east-1')).toBe('arn:aws:s3:::b-1');
    expect(s3BucketArn('b-1', 'cn-north-1')).toBe('arn:aws-cn:s3:::b-1');
    expect(s3BucketArn('b-1', 'us-gov-west-1')).toBe('arn:aws-us-gov:s3:::b-1');
  });

  test('bucketNameProblem accepts valid names and explains invalid ones', () => {
    expect(bucketNameProblem('abc')).toBeUndefined();
    expect(bucketNameProblem('a'.repeat(63))).toBeUndefined();
    expect(bucketNameProblem(BUCKET)).toBeUndefined();
    expect(bucketNameProblem('my-bucket--ol-s3')).toMatch(/ends with "--ol-s3"/);
    expect(bucketNameProblem('sthree-files')).toMatch(/starts with "sthree-"/);
    expect(bucketNameProblem('files-')).toMatch(/must begin and end/);
  });
});
