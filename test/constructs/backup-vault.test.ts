import 'cdktf/lib/testing/adapters/jest';
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault as BackupVaultResource } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformOutput, TerraformVariable, Testing } from 'cdktf';
import {
  BACKUP_VAULT_EVENTS,
  backupPlanName,
  backupRules,
  BackupVault,
  backupVaultArn,
  backupVaultName,
  BackupVaultProps,
  parseBackupVaultArn,
  retentionProblems,
} from '../../constructs/backup-vault';
import { BACKUP_TAG_KEY } from '../../foundation/tag-keys';
import { planBackup } from '../../capacity/backup';
import { Json } from '../json';

const ACCOUNT = '123456789012';
const SECONDARY_VAULT_ARN = 'arn:aws:backup:us-west-2:123456789012:backup-vault:prod-us-west-2-vault';

const BASE_PROPS: BackupVaultProps = {
  name: 'prod-us-east-1',
  accountId: ACCOUNT,
  region: 'us-east-1',
  scheduleExpression: 'cron(0 0/1 * * ? *)',
  shortTermRetentionDays: 35,
  longTermRetentionDays: 2555,
};

/** Synthesizes one BackupVault with id `backup` and BASE_PROPS plus overrides; returns the JSON string. */
function synthVault(overrides: Partial<BackupVaultProps> = {}): string {
  return Testing.synthScope((scope) => {
    new BackupVault(scope, 'backup', { ...BASE_PROPS, ...overrides });
  });
}

function makeVault(overrides: Partial<BackupVaultProps>): () => void {
  return () => {
    synthVault(overrides);
  };
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  const parsed = JSON.parse(synth) as Json;
  return (parsed.resource?.[type] ?? {}) as Record<string, Json>;
}

/** The only resource of a type, keyed `backup`. */
function single(synth: string, type: string): Json {
  const all = resources(synth, type);
  expect(Object.keys(all)).toEqual(['backup']);
  return all.backup as Json;
}

/** `"${type.id.attr}"` as cdktf renders a reference. */
function ref(type: string, id: string, attr = 'id'): string {
  return `\${${type}.${id}.${attr}}`;
}

/** All `<type>.<id>` addresses of a synthesized stack, sorted. */
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}

/** The plan's rules keyed by rule name. */
function rulesByName(synth: string): Record<string, Json> {
  const plan = single(synth, 'aws_backup_plan');
  return Object.fromEntries((plan.rule as Json[]).map((rule) => [rule.rule_name as string, rule]));
}

describe('BackupVault', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN only the required props (hourly snapshots, 35 days short term, 7 years long term)
      // WHEN
      synth = synthVault();
    });

    test('creates exactly the documented resources, at readable addresses', () => {
      // THEN
      expect(addresses(synth)).toEqual([
        'aws_backup_plan.backup',
        'aws_backup_restore_testing_plan.backup',
        'aws_backup_restore_testing_selection.backup_aurora',
        'aws_backup_selection.backup',
        'aws_backup_vault.backup',
        'aws_backup_vault_lock_configuration.backup',
        'aws_backup_vault_notifications.backup',
        'aws_backup_vault_policy.backup',
        'aws_iam_role.backup',
        'aws_iam_role_policy_attachment.backup_backup',
        'aws_iam_role_policy_attachment.backup_restores',
        'aws_kms_alias.backup',
        'aws_kms_key.backup',
        'aws_sns_topic.backup',
        'aws_sns_topic_policy.backup',
      ]);
    });

    test('creates a destroy-protected vault encrypted with its own key, never force-destroyed', () => {
      // THEN
      expect(single(synth, 'aws_backup_vault')).toEqual({
        name: 'prod-us-east-1-vault',
        kms_key_arn: ref('aws_kms_key', 'backup', 'arn'),
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
        tags: { Name: 'prod-us-east-1-vault', 'data-classification': 'confidential' },
      });
      expect(synth).toHaveResourceWithProperties(BackupVaultResource, { force_destroy: false });
    });

    test('locks the vault in compliance mode: min 7 days, max 3650 days, changeable for 3 days', () => {
      // THEN
      expect(single(synth, 'aws_backup_vault_lock_configuration')).toEqual({
        backup_vault_name: ref('aws_backup_vault', 'backup', 'name'),
        min_retention_days: 7,
        max_retention_days: 3650,
        changeable_for_days: 3,
      });
      expect(synth).toHaveResourceWithProperties(BackupVaultLockConfiguration, { changeable_for_days: 3 });
    });

    test('creates a rotating, destroy-protected KMS key with an alias and a least-privilege policy', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
        tags: expect.objectContaining({ 'data-classification': 'confidential' }),
      });
      expect(synth).toHaveResourceWithProperties(KmsAlias, {
        name: 'alias/prod-us-east-1-backup',
        target_key_id: ref('aws_kms_key', 'backup', 'key_id'),
      });
      const policy = JSON.parse(single(synth, 'aws_kms_key').policy as string) as Json;
      const viaServices = ['backup.us-east-1.amazonaws.com', 'rds.us-east-1.amazonaws.com'];
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': viaServices } },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          Condition: {
            StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': viaServices },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:us-east-1:123456789012:prod-us-east-1-backup-notifications',
            },
          },
        }),
      ]);
      // Every grant to someone other than the account root carries conditions.
      for (const statement of policy.Statement as Json[]) {
        if (statement.Sid !== 'EnableAccountRootAdministration') expect(statement.Condition).toBeDefined();
      }
    });

    test('creates a plan with an hourly snapshot rule and a monthly long-term rule, no cold storage for Aurora, no copies', () => {
      // THEN
      const plan = single(synth, 'aws_backup_plan');
      expect(plan.name).toBe('prod-us-east-1-backup-plan');
      const rules = rulesByName(synth);
      expect(Object.keys(rules).sort()).toEqual(['monthly', 'snapshots']);
      expect(rules.snapshots).toEqual({
        rule_name: 'snapshots',
        target_vault_name: ref('aws_backup_vault', 'backup', 'name'),
        schedule: 'cron(0 0/1 * * ? *)',
        start_window: 60,
        completion_window: 180,
        enable_continuous_backup: false,
        lifecycle: { delete_after: 35 },
        recovery_point_tags: { 'data-classification': 'confidential' },
      });
      // AWS Backup ignores cold storage for Aurora (and S3): the lifecycle claims no transition that never happens.
      expect(rules.monthly).toMatchObject({
        schedule: 'cron(0 5 1 * ? *)',
        enable_continuous_backup: false,
        lifecycle: { delete_after: 2555 },
      });
      expect(rules.monthly?.lifecycle.cold_storage_after).toBeUndefined();
      expect(rules.monthly?.copy_action).toBeUndefined();
      expect(synth).toHaveResourceWithProperties(BackupPlan, {
        rule: expect.arrayContaining([expect.objectContaining({ rule_name: 'snapshots', schedule: 'cron(0 0/1 * * ? *)' })]),
      });
    });

    test('selects resources by the backup tag (STRINGEQUALS) with a role AWS Backup can assume', () => {
      // THEN
      expect(single(synth, 'aws_backup_selection')).toEqual({
        name: 'prod-us-east-1-tagged',
        plan_id: ref('aws_backup_plan', 'backup'),
        iam_role_arn: ref('aws_iam_role', 'backup', 'arn'),
        selection_tag: [{ type: 'STRINGEQUALS', key: BACKUP_TAG_KEY, value: 'prod-us-east-1-backup-plan' }],
        depends_on: ['aws_iam_role_policy_attachment.backup_backup', 'aws_iam_role_policy_attachment.backup_restores'],
      });
      expect(synth).toHaveResourceWithProperties(IamRole, { name: 'prod-us-east-1-backup' });
      const trust = JSON.parse(single(synth, 'aws_iam_role').assume_role_policy as string) as Json;
      // Only AWS Backup acting for this account (confused-deputy protection).
      expect(trust.Statement).toEqual([
        {
          Sid: 'AllowAwsBackupOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        },
      ]);
      const attachments = resources(synth, 'aws_iam_role_policy_attachment');
      expect(Object.values(attachments).map((a) => a.policy_arn)).toEqual([
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
      ]);
      for (const attachment of Object.values(attachments)) expect(attachment.role).toBe(ref('aws_iam_role', 'backup', 'name'));
    });

    test('sends job events to a KMS-encrypted SNS topic that only AWS Backup may publish to', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(SnsTopic, {
        name: 'prod-us-east-1-backup-notifications',
        kms_master_key_id: ref('aws_kms_key', 'backup', 'arn'),
      });
      const topicPolicy = single(synth, 'aws_sns_topic_policy');
      expect(topicPolicy.arn).toBe(ref('aws_sns_topic', 'backup', 'arn'));
      const document = JSON.parse(topicPolicy.policy as string) as Json;
      const topicArn = 'arn:aws:sns:us-east-1:123456789012:prod-us-east-1-backup-notifications';
      expect(document.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'SNS:Publish',
          Resource: topicArn,
        }),
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: topicArn }),
      ]);
    });

    test('subscribes the topic to the supported failure-bearing events, not the deprecated *_JOB_FAILED ones', () => {
      // THEN
      const notifications = single(synth, 'aws_backup_vault_notifications');
      expect(notifications).toEqual({
        backup_vault_name: ref('aws_backup_vault', 'backup', 'name'),
        sns_topic_arn: ref('aws_sns_topic', 'backup', 'arn'),
        backup_vault_events: [...BACKUP_VAULT_EVENTS],
        depends_on: ['aws_sns_topic_policy.backup'],
      });
      expect(notifications.backup_vault_events).toEqual(
        expect.arrayContaining(['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'RECOVERY_POINT_MODIFIED']),
      );
      expect(notifications.backup_vault_events).not.toContain('BACKUP_JOB_FAILED');
      expect(notifications.backup_vault_events).not.toContain('RESTORE_JOB_FAILED');
      expect(synth).toHaveResourceWithProperties(BackupVaultNotifications, { backup_vault_events: [...BACKUP_VAULT_EVENTS] });
    });

    test('tests restores weekly: latest snapshot of the last 7 days of this vault, Aurora clusters with the backup tag', () => {
      // THEN
      expect(single(synth, 'aws_backup_restore_testing_plan')).toEqual({
        name: 'prod_us_east_1_restore_tests',
        schedule_expression: 'cron(0 5 ? * SUN *)',
        start_window_hours: 8,
        recovery_point_selection: [
          {
            algorithm: 'LATEST_WITHIN_WINDOW',
            include_vaults: [ref('aws_backup_vault', 'backup', 'arn')],
            recovery_point_types: ['SNAPSHOT'],
            selection_window_days: 7,
          },
        ],
        tags: { Name: 'prod-us-east-1-restore-tests' },
      });
      expect(resources(synth, 'aws_backup_restore_testing_selection').backup_aurora).toEqual({
        name: 'aurora',
        restore_testing_plan_name: ref('aws_backup_restore_testing_plan', 'backup', 'name'),
        protected_resource_type: 'Aurora',
        iam_role_arn: ref('aws_iam_role', 'backup', 'arn'),
        protected_resource_conditions: [
          { string_equals: [{ key: 'aws:ResourceTag/backup-plan', value: 'prod-us-east-1-backup-plan' }] },
        ],
        validation_window_hours: 4,
        depends_on: ['aws_iam_role_policy_attachment.backup_backup', 'aws_iam_role_policy_attachment.backup_restores'],
      });
      expect(synth).toHaveResourceWithProperties(BackupRestoreTestingPlan, { schedule_expression: 'cron(0 5 ? * SUN *)' });
      expect(synth).toHaveResourceWithProperties(BackupRestoreTestingSelection, { protected_resource_type: 'Aurora' });
    });

    test('restore testing plan names use only [a-zA-Z0-9_] as AWS requires', () => {
      // THEN
      expect(single(synth, 'aws_backup_restore_testing_plan').name).toMatch(/^[a-zA-Z0-9_]{1,50}$/);
    });
  });

  describe('attributes', () => {
    test('reference the vault, plan, key, topic and role', () => {
      // GIVEN
      let vault: BackupVault | undefined;
      // WHEN
      const synth = Testing.synthScope((scope) => {
        vault = new BackupVault(scope, 'backup', BASE_PROPS);
        const outputs: Record<string, string> = {
          vault_arn: vault.vaultArn,
          vault_name: vault.vaultName,
          plan_id: vault.planId,
          plan_arn: vault.planArn,
          kms_key_arn: vault.kmsKeyArn,
          topic_arn: vault.notificationTopicArn,
          role_arn: vault.roleArn,
          restore_plan: vault.restoreTestingPlanName ?? '',
        };
        for (const [name, value] of Object.entries(outputs)) new TerraformOutput(scope, name, { value });
      });
      // THEN
      const outputs = (JSON.parse(synth) as Json).output as Record<string, { value: string }>;
      expect(outputs.vault_arn?.value).toBe(ref('aws_backup_vault', 'backup', 'arn'));
      expect(outputs.vault_name?.value).toBe(ref('aws_backup_vault', 'backup', 'name'));
      expect(outputs.plan_id?.value).toBe(ref('aws_backup_plan', 'backup', 'id'));
      expect(outputs.plan_arn?.value).toBe(ref('aws_backup_plan', 'backup', 'arn'));
      expect(outputs.kms_key_arn?.value).toBe(ref('aws_kms_key', 'backup', 'arn'));
      expect(outputs.topic_arn?.value).toBe(ref('aws_sns_topic', 'backup', 'arn'));
      expect(outputs.role_arn?.value).toBe(ref('aws_iam_role', 'backup', 'arn'));
      expect(outputs.restore_plan?.value).toBe(ref('aws_backup_restore_testing_plan', 'backup', 'name'));
      expect(vault?.planName).toBe('prod-us-east-1-backup-plan');
      expect(vault?.selectionTag).toEqual({ key: 'backup-plan', value: 'prod-us-east-1-backup-plan' });
      expect(vault?.lockWindow).toEqual({ minRetentionDays: 7, maxRetentionDays: 3650 });
    });
  });

  describe('props', () => {
    test('copyToVaultArn adds a copy action with the same lifecycle to the snapshot and monthly rules', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({ copyToVaultArn: SECONDARY_VAULT_ARN, continuousBackup: true });
      // THEN
      const rules = rulesByName(synth);
      expect(rules.snapshots?.copy_action).toEqual([{ destination_vault_arn: SECONDARY_VAULT_ARN, lifecycle: { delete_after: 35 } }]);
      expect(rules.monthly?.copy_action).toEqual([{ destination_vault_arn: SECONDARY_VAULT_ARN, lifecycle: { delete_after: 2555 } }]);
      // The continuous rule is not copied: the snapshot rule's copies already cover the secondary region.
      expect(rules.continuous?.copy_action).toBeUndefined();
    });

    test('continuousBackup adds a continuous rule kept at most 35 days and lets restore tests use continuous points', () => {
      // GIVEN a short-term retention above AWS Backup's 35-day continuous maximum
      // WHEN
      const synth = synthVault({ continuousBackup: true, shortTermRetentionDays: 40 });
      // THEN
      const rules = rulesByName(synth);
      expect(Object.keys(rules).sort()).toEqual(['continuous', 'monthly', 'snapshots']);
      expect(rules.continuous).toMatchObject({
        enable_continuous_backup: true,
        lifecycle: { delete_after: 35 },
        schedule: 'cron(0 4 * * ? *)',
        target_vault_name: ref('aws_backup_vault', 'backup', 'name'),
      });
      expect(rules.snapshots?.lifecycle).toEqual({ delete_after: 40 });
      expect(single(synth, 'aws_backup_restore_testing_plan').recovery_point_selection[0].recovery_point_types).toEqual([
        'CONTINUOUS',
        'SNAPSHOT',
      ]);
    });

    test('coldStorageAfterDays moves monthly recovery points (and their copies) to cold storage later, where a selected type supports it', () => {
      // GIVEN a selection that also holds EFS file systems, which support cold storage
      // WHEN
      const synth = synthVault({ coldStorageAfterDays: 365, copyToVaultArn: SECONDARY_VAULT_ARN, protectedResourceTypes: ['Aurora', 'EFS'] });
      // THEN
      const rules = rulesByName(synth);
      expect(rules.monthly?.lifecycle).toEqual({ cold_storage_after: 365, delete_after: 2555 });
      expect(rules.monthly?.copy_action[0].lifecycle).toEqual({ cold_storage_after: 365, delete_after: 2555 });
      expect(rules.snapshots?.lifecycle.cold_storage_after).toBeUndefined();
    });

    test.each([
      ['Aurora', ['Aurora']],
      ['S3', ['S3']],
      ['Aurora and S3', ['Aurora', 'S3']],
    ] as const)('writes no cold storage when only %s is selected (AWS Backup does not support it there)', (_label, types) => {
      // GIVEN / WHEN
      const synth = synthVault({ coldStorageAfterDays: 90, copyToVaultArn: SECONDARY_VAULT_ARN, protectedResourceTypes: types });
      // THEN
      const rules = rulesByName(synth);
      for (const rule of Object.values(rules)) {
        expect(rule.lifecycle.cold_storage_after).toBeUndefined();
        for (const copy of rule.copy_action ?? []) expect(copy.lifecycle.cold_storage_after).toBeUndefined();
      }
    });

    test('protectedResourceTypes with S3 attaches the S3 backup and restore managed policies, and the selection waits for them', () => {
      // GIVEN the attachment buckets are selected too
      // WHEN
      const synth = synthVault({ protectedResourceTypes: ['Aurora', 'S3'] });
      // THEN
      const attachments = resources(synth, 'aws_iam_role_policy_attachment');
      expect(Object.keys(attachments).sort()).toEqual(['backup_backup', 'backup_restores', 'backup_s3backup', 'backup_s3restore']);
      expect(Object.values(attachments).map((a) => a.policy_arn).sort()).toEqual([
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Restore',
      ]);
      expect(single(synth, 'aws_backup_selection').depends_on).toEqual([
        'aws_iam_role_policy_attachment.backup_backup',
        'aws_iam_role_policy_attachment.backup_restores',
        'aws_iam_role_policy_attachment.backup_s3backup',
        'aws_iam_role_policy_attachment.backup_s3restore',
      ]);
    });

    test('without S3 selected, the role gets no S3 backup permissions', () => {
      const attachments = resources(synthVault(), 'aws_iam_role_policy_attachment');
      expect(Object.values(attachments).some((a) => /S3/.test(a.policy_arn as string))).toBe(false);
    });

    test('the vault access policy denies deleting recovery points, lifecycle changes, lock removal and vault deletion to all but the break-glass role', () => {
      // GIVEN the default break-glass role, then a named one
      for (const [overrides, roleName] of [
        [{}, 'itsm-scale-backup-break-glass'],
        [{ breakGlassRoleName: 'BackupBreakGlass' }, 'BackupBreakGlass'],
      ] as const) {
        // WHEN
        const policy = single(synthVault(overrides), 'aws_backup_vault_policy');
        // THEN
        expect(policy.backup_vault_name).toBe(ref('aws_backup_vault', 'backup', 'name'));
        const document = JSON.parse(policy.policy as string) as Json;
        expect(document.Statement).toEqual([
          {
            Sid: 'DenyBreakingImmutabilityExceptBreakGlass',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: expect.arrayContaining([
              'backup:DeleteRecoveryPoint',
              'backup:UpdateRecoveryPointLifecycle',
              'backup:DeleteBackupVault',
              'backup:DeleteBackupVaultLockConfiguration',
              'backup:PutBackupVaultAccessPolicy',
              'backup:DeleteBackupVaultAccessPolicy',
            ]),
            Resource: '*',
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/${roleName}` } },
          },
        ]);
      }
    });

    test('vaultLock sets a custom compliance window and grace time', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({ vaultLock: { minRetentionDays: 30, maxRetentionDays: 4000, changeableForDays: 14 } });
      // THEN
      expect(single(synth, 'aws_backup_vault_lock_configuration')).toMatchObject({
        min_retention_days: 30,
        max_retention_days: 4000,
        changeable_for_days: 14,
      });
    });

    test('vaultLock mode governance leaves changeable_for_days unset', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({ vaultLock: { minRetentionDays: 1, maxRetentionDays: 3650, mode: 'governance' } });
      // THEN
      const lock = single(synth, 'aws_backup_vault_lock_configuration');
      expect(lock).toMatchObject({ min_retention_days: 1, max_retention_days: 3650 });
      expect(lock.changeable_for_days).toBeUndefined();
    });

    test('the default lock max follows longTermRetentionDays when that exceeds 10 years', () => {
      // GIVEN 12 years of retention
      // WHEN
      const synth = synthVault({ longTermRetentionDays: 4380 });
      // THEN
      expect(single(synth, 'aws_backup_vault_lock_configuration')).toMatchObject({ min_retention_days: 7, max_retention_days: 4380 });
    });

    test('selectionTag changes what the plan and the restore tests select', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({ selectionTag: { key: 'backup', value: 'gold' } });
      // THEN
      expect(synth).toHaveResourceWithProperties(BackupSelection, {
        selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'gold' }],
      });
      expect(resources(synth, 'aws_backup_restore_testing_selection').backup_aurora?.protected_resource_conditions).toEqual([
        { string_equals: [{ key: 'aws:ResourceTag/backup', value: 'gold' }] },
      ]);
    });

    test('restoreTesting customises the schedule, window, algorithm and restore metadata', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({
        restoreTesting: {
          scheduleExpression: 'cron(0 2 ? * WED *)',
          startWindowHours: 2,
          algorithm: 'RANDOM_WITHIN_WINDOW',
          selectionWindowDays: 30,
          validationWindowHours: 12,
          restoreMetadataOverrides: { dbsubnetgroupname: 'prod-us-east-1-restore-tests' },
        },
      });
      // THEN
      expect(single(synth, 'aws_backup_restore_testing_plan')).toMatchObject({
        schedule_expression: 'cron(0 2 ? * WED *)',
        start_window_hours: 2,
        recovery_point_selection: [expect.objectContaining({ algorithm: 'RANDOM_WITHIN_WINDOW', selection_window_days: 30 })],
      });
      expect(resources(synth, 'aws_backup_restore_testing_selection').backup_aurora).toMatchObject({
        validation_window_hours: 12,
        restore_metadata_overrides: { dbsubnetgroupname: 'prod-us-east-1-restore-tests' },
      });
    });

    test('restoreTesting enabled false creates no restore testing resources', () => {
      // GIVEN
      let vault: BackupVault | undefined;
      // WHEN
      const synth = Testing.synthScope((scope) => {
        vault = new BackupVault(scope, 'backup', { ...BASE_PROPS, restoreTesting: { enabled: false } });
      });
      // THEN
      expect(resources(synth, 'aws_backup_restore_testing_plan')).toEqual({});
      expect(resources(synth, 'aws_backup_restore_testing_selection')).toEqual({});
      expect(vault?.restoreTestingPlanName).toBeUndefined();
    });

    test('kmsKeyArn uses the given key for the vault and the topic and creates no key', () => {
      // GIVEN
      const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      // WHEN
      const synth = synthVault({ kmsKeyArn: keyArn });
      // THEN
      expect(resources(synth, 'aws_kms_key')).toEqual({});
      expect(resources(synth, 'aws_kms_alias')).toEqual({});
      expect(single(synth, 'aws_backup_vault').kms_key_arn).toBe(keyArn);
      expect(single(synth, 'aws_sns_topic').kms_master_key_id).toBe(keyArn);
    });

    test('dataClassification and tags reach the vault, the key and the recovery points; tags reach every taggable resource', () => {
      // GIVEN
      // WHEN
      const synth = synthVault({ dataClassification: 'restricted', tags: { owner: 'itsm-team' } });
      // THEN
      expect(single(synth, 'aws_backup_vault').tags).toEqual({
        Name: 'prod-us-east-1-vault',
        'data-classification': 'restricted',
        owner: 'itsm-team',
      });
      expect(single(synth, 'aws_kms_key').tags).toMatchObject({ 'data-classification': 'restricted', owner: 'itsm-team' });
      for (const rule of Object.values(rulesByName(synth))) {
        expect(rule.recovery_point_tags).toEqual({ 'data-classification': 'restricted', owner: 'itsm-team' });
      }
      for (const type of ['aws_backup_plan', 'aws_iam_role', 'aws_sns_topic', 'aws_backup_restore_testing_plan']) {
        expect(single(synth, type).tags).toMatchObject({ owner: 'itsm-team' });
      }
    });

    test('two vaults in one stack get distinct addresses', () => {
      // GIVEN
      // WHEN
      const synth = Testing.synthScope((scope) => {
        new BackupVault(scope, 'backup', BASE_PROPS);
        new BackupVault(scope, 'archive', { ...BASE_PROPS, name: 'prod-us-east-1-archive' });
      });
      // THEN
      expect(Object.keys(resources(synth, 'aws_backup_vault')).sort()).toEqual(['archive', 'backup']);
      expect(Object.keys(resources(synth, 'aws_backup_restore_testing_selection')).sort()).toEqual(['archive_aurora', 'backup_aurora']);
    });

    test('unresolved tokens skip validation', () => {
      // GIVEN tokens where literals would be checked
      // WHEN
      const synth = Testing.synthScope((scope) => {
        const arn = new TerraformVariable(scope, 'secondary_vault_arn', { type: 'string' });
        const account = new TerraformVariable(scope, 'account_id', { type: 'string' });
        new BackupVault(scope, 'backup', { ...BASE_PROPS, accountId: account.stringValue, copyToVaultArn: arn.stringValue });
      });
      // THEN
      expect(rulesByName(synth).snapshots?.copy_action[0].destination_vault_arn).toBe('${var.secondary_vault_arn}');
    });
  });

  describe('validation', () => {
    test('throws when the lock min > max', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ vaultLock: { minRetentionDays: 400, maxRetentionDays: 300 } })).toThrow(
        /BackupVault stack\/backup: .*\n- vault lock min > max: vaultLock\.minRetentionDays 400 is greater than maxRetentionDays 300/,
      );
    });

    test('reports every problem at once, one line each', () => {
      // GIVEN three independent mistakes
      const make = makeVault({ accountId: '123', breakGlassRoleName: 'role/with/path', restoreTesting: { startWindowHours: 0 } });
      // WHEN / THEN one error names all three
      expect(make).toThrow(
        /BackupVault stack\/backup: 3 problems:\n- accountId "123" is invalid.*\n- breakGlassRoleName "role\/with\/path" is not an IAM role name.*\n- restoreTesting\.startWindowHours 0 is invalid/,
      );
    });

    test('throws when a rule retention is below the lock minimum, naming the numbers and the fix', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ vaultLock: { minRetentionDays: 60, maxRetentionDays: 3650 } })).toThrow(
        /plan retention outside the lock: rule "snapshots" keeps recovery points 35 days.*60 to 3650 days.*raise the rule's retention to at least 60 days or lower vaultLock\.minRetentionDays to 35 or less/,
      );
    });

    test('throws when the long-term retention exceeds the lock maximum', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 } })).toThrow(
        /plan retention outside the lock: rule "monthly" keeps recovery points 2555 days.*7 to 365 days.*raise vaultLock\.maxRetentionDays to 2555/,
      );
    });

    test('throws when the continuous rule falls below the lock minimum', () => {
      // GIVEN a lock minimum of 40 days: snapshots (40) fit, the continuous rule (capped at 35) does not
      // WHEN / THEN
      expect(
        makeVault({ continuousBackup: true, shortTermRetentionDays: 40, vaultLock: { minRetentionDays: 40, maxRetentionDays: 3650 } }),
      ).toThrow(/plan retention outside the lock: rule "continuous" keeps recovery points 35 days/);
    });

    test('throws when the copy destination is in the same region as the source', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ copyToVaultArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:prod-us-east-1-vault' })).toThrow(
        /copy destination in the same region as the source: .* is in us-east-1.*secondary region equal to its primary/,
      );
    });

    test('throws when cold storage is too close to delete_after', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ longTermRetentionDays: 150, coldStorageAfterDays: 90, protectedResourceTypes: ['EFS'] })).toThrow(
        /cold storage too close to delete_after: rule "monthly" .* after 90 days and deletes them after 150 days.*cold_storage_after \+ 90 \(180\); lower coldStorageAfterDays to 60 or less, or raise longTermRetentionDays to 180/,
      );
    });

    test.each([
      ['an S3 bucket ARN', 'arn:aws:s3:::prod-backups'],
      ['a vault name', 'prod-us-west-2-vault'],
      ['a logically air-gapped vault path', 'arn:aws:backup:us-west-2:123456789012:backup-plan:abc'],
    ])('throws when copyToVaultArn is %s', (_label, arn) => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ copyToVaultArn: arn })).toThrow(/copyToVaultArn ".*" is not an AWS Backup vault ARN/);
    });

    test('throws when kmsKeyArn is not a key ARN of the vault region', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ kmsKeyArn: 'alias/backup' })).toThrow(/kmsKeyArn "alias\/backup" is not a KMS key ARN/);
      expect(makeVault({ kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab' })).toThrow(
        /is in region us-west-2, but the vault is in us-east-1/,
      );
    });

    test.each([
      ['minRetentionDays 0', { minRetentionDays: 0, maxRetentionDays: 3650 }, /vaultLock\.minRetentionDays 0 is invalid; use a whole number from 1 to 36500/],
      ['maxRetentionDays above 36500', { minRetentionDays: 7, maxRetentionDays: 40000 }, /vaultLock\.maxRetentionDays 40000 is invalid/],
      ['changeableForDays 2', { minRetentionDays: 7, maxRetentionDays: 3650, changeableForDays: 2 }, /vaultLock\.changeableForDays 2 is invalid; use a whole number from 3/],
    ])('throws when the lock has %s', (_label, vaultLock, message) => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ vaultLock })).toThrow(message);
    });

    test('throws on an invalid or too long name', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid; use lower-case letters/);
      expect(makeVault({ name: 'a'.repeat(37) })).toThrow(/at most 36 characters/);
      expect(makeVault({ name: 'a'.repeat(36) })).not.toThrow();
    });

    test('throws on an invalid account id or region', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ accountId: '1234' })).toThrow(/accountId "1234" is invalid/);
      expect(makeVault({ region: 'US-EAST-1' })).toThrow(/region "US-EAST-1" is invalid/);
    });

    test('throws on a schedule that is not an AWS cron expression', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ scheduleExpression: '0 * * * *' })).toThrow(/scheduleExpression "0 \* \* \* \*" is not an AWS cron expression/);
      expect(makeVault({ restoreTesting: { scheduleExpression: 'weekly' } })).toThrow(
        /restoreTesting\.scheduleExpression "weekly" is not an AWS cron expression/,
      );
    });

    test('throws on out-of-range restore testing windows', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ restoreTesting: { startWindowHours: 0 } })).toThrow(/restoreTesting\.startWindowHours 0 is invalid; use a whole number from 1 to 168/);
      expect(makeVault({ restoreTesting: { validationWindowHours: 200 } })).toThrow(/restoreTesting\.validationWindowHours 200 is invalid/);
      expect(makeVault({ restoreTesting: { selectionWindowDays: 366 } })).toThrow(/restoreTesting\.selectionWindowDays 366 is invalid/);
    });

    test('throws when long-term retention is shorter than short-term retention', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ shortTermRetentionDays: 400, longTermRetentionDays: 365, coldStorageAfterDays: 30 })).toThrow(
        /longTermRetentionDays 365 is shorter than shortTermRetentionDays 400/,
      );
    });

    test('throws on non-integer retention days', () => {
      // GIVEN / WHEN / THEN
      expect(makeVault({ shortTermRetentionDays: 7.5 })).toThrow(/shortTermRetentionDays 7.5 is invalid; use a whole number/);
    });
  });
});

describe('BackupVault with capacity plans', () => {
  test.each([
    [5, 1],
    [15, 7],
    [60, 7],
    [240, 10],
    [1440, 12],
  ])('accepts the BackupPlan for RPO %i min and %i years of retention with the default lock', (rpoMinutes, retentionYears) => {
    // GIVEN the capacity planner's backup plan
    const plan = planBackup(rpoMinutes, retentionYears, { tier: 'production', breakGlassRoleName: 'break-glass' });
    // WHEN
    const synth = synthVault({
      scheduleExpression: plan.scheduleExpression,
      continuousBackup: plan.continuous,
      shortTermRetentionDays: plan.shortTermRetentionDays,
      longTermRetentionDays: plan.longTermRetentionDays,
      coldStorageAfterDays: plan.coldStorageAfterDays,
      copyToVaultArn: SECONDARY_VAULT_ARN,
    });
    // THEN
    const rules = rulesByName(synth);
    expect(rules.snapshots?.schedule).toBe(plan.scheduleExpression);
    expect(rules.monthly?.lifecycle.delete_after).toBe(plan.longTermRetentionDays);
    expect(rules.continuous !== undefined).toBe(plan.continuous);
    expect(single(synth, 'aws_backup_vault_lock_configuration').max_retention_days).toBeGreaterThanOrEqual(plan.longTermRetentionDays);
  });
});

describe('backup vault naming', () => {
  test('backupVaultName and backupPlanName follow the physical naming convention', () => {
    // GIVEN / WHEN / THEN
    expect(backupVaultName('prod', 'us-west-2')).toBe('prod-us-west-2-vault');
    expect(backupPlanName('prod', 'us-west-2')).toBe('prod-us-west-2-backup-plan');
  });

  test('backupVaultArn derives the ARN of the vault the construct creates in that region', () => {
    // GIVEN the secondary region's vault, built from the same environment name
    const synth = Testing.synthScope((scope) => {
      new BackupVault(scope, 'backup', { ...BASE_PROPS, name: 'prod-us-west-2', region: 'us-west-2' });
    });
    // WHEN
    const arn = backupVaultArn(ACCOUNT, 'us-west-2', backupVaultName('prod', 'us-west-2'));
    // THEN
    expect(arn).toBe(SECONDARY_VAULT_ARN);
    expect(single(synth, 'aws_backup_vault').name).toBe(parseBackupVaultArn(arn)?.name);
    expect(backupVaultArn(ACCOUNT, 'cn-north-1', 'prod-cn-north-1-vault')).toMatch(/^arn:aws-cn:backup:cn-north-1:/);
  });

  test('a primary vault accepts the derived secondary ARN as copy destination', () => {
    // GIVEN
    const copyToVaultArn = backupVaultArn(ACCOUNT, 'us-west-2', backupVaultName('prod', 'us-west-2'));
    // WHEN / THEN
    expect(makeVault({ copyToVaultArn })).not.toThrow();
  });

  test('backupVaultArn rejects invalid parts', () => {
    // GIVEN / WHEN / THEN
    expect(() => backupVaultArn('42', 'us-west-2', 'v')).toThrow(/accountId "42" is invalid/);
    expect(() => backupVaultArn(ACCOUNT, 'mars-1', 'prod-vault')).toThrow(/region "mars-1" is invalid/);
    expect(() => backupVaultArn(ACCOUNT, 'us-west-2', 'x')).toThrow(/vault name "x" is invalid/);
  });

  test('parseBackupVaultArn splits vault ARNs and rejects others', () => {
    // GIVEN / WHEN / THEN
    expect(parseBackupVaultArn(SECONDARY_VAULT_ARN)).toEqual({
      partition: 'aws',
      region: 'us-west-2',
      accountId: ACCOUNT,
      name: 'prod-us-west-2-vault',
    });
    expect(parseBackupVaultArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});

describe('backup rules (pure)', () => {
  const input = {
    scheduleExpression: 'cron(0 3 * * ? *)',
    continuousBackup: false,
    shortTermRetentionDays: 35,
    longTermRetentionDays: 2555,
    coldStorageAfterDays: 90,
    copyToSecondaryRegion: true,
  };

  test('backupRules gives snapshots and monthly rules, plus continuous when asked', () => {
    // GIVEN / WHEN
    const plain = backupRules(input);
    const continuous = backupRules({ ...input, continuousBackup: true });
    // THEN
    expect(plain.map((r) => r.name)).toEqual(['snapshots', 'monthly']);
    expect(continuous.map((r) => r.name)).toEqual(['snapshots', 'continuous', 'monthly']);
    expect(continuous.find((r) => r.name === 'continuous')).toMatchObject({ continuous: true, copies: false, deleteAfterDays: 35 });
  });

  test('retentionProblems is empty when every rule fits the lock and the cold-storage minimum', () => {
    // GIVEN / WHEN / THEN
    expect(retentionProblems(backupRules(input), { minRetentionDays: 7, maxRetentionDays: 3650 })).toEqual([]);
    expect(retentionProblems(backupRules(input), { minRetentionDays: 35, maxRetentionDays: 2555 })).toEqual([]);
  });

  test('retentionProblems reports every rule outside the lock', () => {
    // GIVEN / WHEN
    const problems = retentionProblems(backupRules(input), { minRetentionDays: 100, maxRetentionDays: 1000 });
    // THEN
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/rule "snapshots" keeps recovery points 35 days/);
    expect(problems[1]).toMatch(/rule "monthly" keeps recovery points 2555 days/);
  });
});
