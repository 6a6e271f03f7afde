import { BackupPlan, BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault as BackupVaultResource } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { logicalId } from '../core/logical-id';
import { physicalName } from '../../foundation/naming';
import { BACKUP_TAG_KEY, TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import { accountIdProblem, isResolved, KMS_KEY_ARN_PATTERN, regionProblem } from '../core/validation';
import { parseBackupVaultArn, partitionOf } from './naming';
import { backupKeyPolicy, backupTrustPolicy, DEFAULT_BREAK_GLASS_ROLE_NAME, notificationTopicPolicy, vaultAccessPolicy } from './policies';
import {
  backupRules,
  BackupRuleSpec,
  MAX_LOCK_RETENTION_DAYS,
  MIN_COLD_STORAGE_DAYS,
  MIN_LOCK_CHANGEABLE_FOR_DAYS,
  PROTECTED_RESOURCE_TYPES,
  ProtectedResourceType,
  retentionProblems,
  supportsColdStorage,
} from './rules';

/**
 * The vault events the construct subscribes its topic to. The `*_JOB_FAILED` events of backup and restore jobs are
 * deprecated (no notifications; the provider still accepts them, the service has been seen rejecting them): failures arrive as `BACKUP_JOB_COMPLETED` /
 * `RESTORE_JOB_COMPLETED` with a `State` message attribute (`FAILED`, `ABORTED`, `EXPIRED`), which subscribers
 * filter on. `RECOVERY_POINT_MODIFIED` reports lifecycle changes, e.g. someone shortening a retention.
 */
export const BACKUP_VAULT_EVENTS: readonly string[] = [
  'BACKUP_JOB_COMPLETED',
  'COPY_JOB_FAILED',
  'RESTORE_JOB_COMPLETED',
  'RECOVERY_POINT_MODIFIED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
];

/** Default restore-test schedule: Sundays at 05:00 UTC. */
export const DEFAULT_RESTORE_TESTING_SCHEDULE = 'cron(0 5 ? * SUN *)';

/** How a restore test picks its recovery point. */
export type RestoreTestingAlgorithm = 'LATEST_WITHIN_WINDOW' | 'RANDOM_WITHIN_WINDOW';

/** Vault lock mode: `compliance` becomes immutable after the grace time; `governance` can be removed with IAM permission. */
export type VaultLockMode = 'compliance' | 'governance';

const RESTORE_TESTING_ALGORITHMS: readonly RestoreTestingAlgorithm[] = ['LATEST_WITHIN_WINDOW', 'RANDOM_WITHIN_WINDOW'];
const VAULT_LOCK_MODES: readonly VaultLockMode[] = ['compliance', 'governance'];
const DEFAULT_LOCK_MIN_RETENTION_DAYS = 7;
const DEFAULT_LOCK_MAX_RETENTION_DAYS = 3650;
const DEFAULT_COLD_STORAGE_AFTER_DAYS = 90;
/**
 * Longest `name`: the restore testing plan's name `<name with _>_restore_tests` must fit in 50 characters
 * (the vault name `<name>-vault` in 50, the role `<name>-backup` in 64).
 */
const MAX_NAME_LENGTH = 36;

/** The vault lock (AWS Backup Vault Lock): recovery points can be neither deleted early nor kept too long. */
export interface BackupVaultLockOptions {
  /**
   * Shortest retention a recovery point in the vault may have, in days (1 or more).
   * @default 7
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention a recovery point in the vault may have, in days (at most 36,500).
   * @default - the larger of longTermRetentionDays and 3650
   */
  readonly maxRetentionDays?: number;
  /**
   * Grace time in days (3 or more) during which a `compliance` lock can still be changed or removed; after it the lock
   * is immutable — not even the account root can shorten retention or delete the vault. Ignored in `governance` mode.
   * @default 3
   */
  readonly changeableForDays?: number;
  /**
   * `compliance` (immutable after `changeableForDays`) or `governance` (removable by principals allowed
   * `backup:DeleteBackupVaultLockConfiguration`, which the vault access policy limits to the break-glass role; meant
   * for environments that must stay deletable).
   * @default 'compliance'
   */
  readonly mode?: VaultLockMode;
}

/** Scheduled restore tests (AWS Backup restore testing) of the vault's Aurora recovery points. */
export interface BackupVaultRestoreTestingOptions {
  /**
   * Whether to create the restore testing plan. Restore tests create a temporary Aurora cluster each run.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * When tests run, as an AWS schedule expression in UTC.
   * @default 'cron(0 5 ? * SUN *)' - weekly, Sundays at 05:00 UTC
   */
  readonly scheduleExpression?: string;
  /**
   * Hours after the scheduled time within which a test must start, 1 to 168.
   * @default 8
   */
  readonly startWindowHours?: number;
  /**
   * How the tested recovery point is picked from the selection window.
   * @default 'LATEST_WITHIN_WINDOW'
   */
  readonly algorithm?: RestoreTestingAlgorithm;
  /**
   * How many days back recovery points are considered, 1 to 365.
   * @default 7
   */
  readonly selectionWindowDays?: number;
  /**
   * Hours the restored cluster is kept for validation before AWS Backup deletes it, 1 to 168.
   * @default 4
   */
  readonly validationWindowHours?: number;
  /**
   * Restore metadata that AWS Backup should not infer from the original cluster, e.g.
   * `{ dbsubnetgroupname: 'prod-us-east-1-restore-tests', vpcsecuritygroupids: '["sg-0123"]' }` to restore into an
   * isolated subnet group. Keys are case-insensitive; see "Restore testing inferred metadata" in the AWS Backup guide.
   * @default - everything inferred from the backed-up cluster
   */
  readonly restoreMetadataOverrides?: Readonly<Record<string, string>>;
}

/** Properties of a {@link BackupVault}. */
export interface BackupVaultProps {
  /**
   * Physical name prefix, lower-case kebab, at most 36 characters, e.g. `prod-us-east-1` (normally
   * `physicalName(environment, region)`). Names `<name>-vault`, `<name>-backup-plan`, the role `<name>-backup`,
   * the topic `<name>-backup-notifications`, the alias `alias/<name>-backup` and the restore testing plan
   * `<name with underscores>_restore_tests`.
   */
  readonly name: string;

  /** The 12-digit AWS account id of the vault (key policy, topic ARN). */
  readonly accountId: string;

  /** The AWS region of the vault, e.g. `us-east-1`; the stack's provider must be configured for it. */
  readonly region: string;

  /**
   * The vault lock that makes recovery points immutable: no one can delete one before `minRetentionDays`, and none
   * may be kept longer than `maxRetentionDays`. Every rule's retention must lie inside this window.
   * @default - compliance mode, minRetentionDays 7, maxRetentionDays the larger of longTermRetentionDays and 3650, changeableForDays 3
   */
  readonly vaultLock?: BackupVaultLockOptions;

  /**
   * Schedule of the snapshot rule, as an AWS Backup cron expression in UTC, e.g. `cron(0 0/1 * * ? *)` (hourly) or
   * `cron(0 3 * * ? *)` (daily); `BackupPlan.scheduleExpression` of the capacity plan.
   */
  readonly scheduleExpression: string;

  /**
   * Adds a continuous-backup rule (point-in-time recovery, 5-minute RPO for Aurora), kept `shortTermRetentionDays`
   * but at most 35 days (AWS Backup's limit). `BackupPlan.continuous` of the capacity plan.
   * @default false
   */
  readonly continuousBackup?: boolean;

  /** Days the snapshot rule (and the continuous rule) keeps recovery points, e.g. 35. */
  readonly shortTermRetentionDays: number;

  /** Days the monthly rule keeps recovery points, e.g. 2555 (7 years); at least `coldStorageAfterDays` + 90. */
  readonly longTermRetentionDays: number;

  /**
   * Days after which monthly recovery points move to cold storage. Applied only when `protectedResourceTypes` has a
   * type that supports cold storage (EBS, EFS, DynamoDB); AWS Backup ignores it for Aurora and S3, so the plan then
   * carries no `cold_storage_after` at all. AWS requires 90 days in cold storage, so `longTermRetentionDays` must be
   * at least this + 90.
   * @default 90
   */
  readonly coldStorageAfterDays?: number;

  /**
   * The resource types the selection tag selects. Decides the role's managed policies (S3 needs
   * `AWSBackupServiceRolePolicyForS3Backup` and `…ForS3Restore` besides the general ones) and whether the monthly rule
   * uses cold storage.
   * @default ['Aurora']
   */
  readonly protectedResourceTypes?: readonly ProtectedResourceType[];

  /**
   * Name (no path) of the IAM role in `accountId` that alone may delete recovery points, change their lifecycle,
   * delete the vault, remove its lock or change its access policy; the vault access policy denies those to everyone
   * else, the account root included. The construct does not create the role. Changing this name later is itself a
   * change of the access policy, so it must be applied by the current break-glass role.
   * @default 'itsm-scale-backup-break-glass'
   */
  readonly breakGlassRoleName?: string;

  /**
   * ARN of the backup vault in the environment's secondary region, e.g. `backupVaultArn(accountId, 'us-west-2',
   * backupVaultName('prod', 'us-west-2'))`. The snapshot and monthly rules copy every recovery point there, with the
   * same lifecycle. Must be a backup vault ARN in another region than `region`.
   * @default - no cross-region copy
   */
  readonly copyToVaultArn?: string;

  /**
   * The tag that selects what the plan backs up (exact match). Stateful constructs tag their resources with it.
   * @default - key `BACKUP_TAG_KEY` ('backup-plan'), value the plan name `<name>-backup-plan`
   */
  readonly selectionTag?: { readonly key: string; readonly value: string };

  /**
   * Scheduled restore tests of the vault's Aurora recovery points.
   * @default - weekly on Sundays at 05:00 UTC, latest recovery point of the last 7 days, 4 hours to validate
   */
  readonly restoreTesting?: BackupVaultRestoreTestingOptions;

  /**
   * ARN of an existing customer-managed KMS key in `region` for the vault and the notification topic. Its policy must
   * let AWS Backup (and RDS, for Aurora copies) use it in this account and let `backup.amazonaws.com` generate data
   * keys for the topic, as the construct's own key policy does (see `backupKeyPolicy`).
   * @default - the construct creates a key with rotation, a 30-day deletion window and the alias `alias/<name>-backup`
   */
  readonly kmsKeyArn?: string;

  /**
   * Value of the `data-classification` tag of the vault and its key, and of the recovery points.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every resource. `Name` is always set by the construct.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/** The props with every default applied: what the construct builds from. */
interface Settings {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly dataClassification: string;
  readonly planName: string;
  readonly topicName: string;
  readonly topicArn: string;
  readonly selectionTag: { readonly key: string; readonly value: string };
  readonly protectedResourceTypes: readonly ProtectedResourceType[];
  readonly breakGlassRoleName: string;
  readonly coldStorageAfterDays: number;
  readonly lock: { minRetentionDays: number; maxRetentionDays: number; changeableForDays: number; mode: VaultLockMode };
  readonly restoreTesting: {
    enabled: boolean;
    scheduleExpression: string;
    startWindowHours: number;
    algorithm: RestoreTestingAlgorithm;
    selectionWindowDays: number;
    validationWindowHours: number;
    restoreMetadataOverrides: Readonly<Record<string, string>> | undefined;
  };
  readonly rules: readonly BackupRuleSpec[];
}

/**
 * An AWS Backup vault per region that makes backups immutable, off-site and tested:
 * a KMS-encrypted vault with a vault lock (compliance mode by default) and an access policy that leaves deleting
 * recovery points to a named break-glass role, a backup plan (snapshots on the capacity plan's schedule, optional
 * continuous backup, monthly long-term points, with cold storage where the selected types support it, all copied to
 * the secondary region's vault), a tag-based selection, an encrypted SNS topic for job notifications and a weekly
 * Aurora restore test.
 *
 * Terraform addresses are `<type>.<logicalId(id)>[_<part>]`, e.g. `aws_backup_vault.backup`, `aws_backup_plan.backup`.
 */
export class BackupVault extends ToolkitConstruct<BackupVaultProps> {
  /** ARN of the vault. */
  public readonly vaultArn: string;
  /** Name of the vault (`<name>-vault`). */
  public readonly vaultName: string;
  /** Id of the backup plan. */
  public readonly planId: string;
  /** ARN of the backup plan. */
  public readonly planArn: string;
  /** Physical name of the backup plan (`<name>-backup-plan`), a literal. */
  public readonly planName: string;
  /** ARN of the KMS key of the vault and the topic (created or given). */
  public readonly kmsKeyArn: string;
  /** ARN of the encrypted SNS topic that receives the vault's job events. Subscribe to it (filter on `State`). */
  public readonly notificationTopicArn: string;
  /** ARN of the IAM role AWS Backup uses for backups, copies and restore tests. */
  public readonly roleArn: string;
  /** The tag the plan selects on; tag stateful resources with it. */
  public readonly selectionTag: { readonly key: string; readonly value: string };
  /** The retention window of the vault lock, in days. */
  public readonly lockWindow: { readonly minRetentionDays: number; readonly maxRetentionDays: number };
  /** Name of the restore testing plan, `undefined` when restore testing is disabled. */
  public readonly restoreTestingPlanName: string | undefined;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id, props);

    const settings = resolveSettings(props);
    this.validate(props, settings);
    const kmsKeyArn = props.kmsKeyArn ?? this.createKey(settings);
    const vault = this.createVault(settings, kmsKeyArn);
    this.lockVault(settings, vault);
    this.protectRecoveryPoints(settings, vault);
    const { role, attachments } = this.createRole(settings);
    const plan = this.createPlan(settings, vault, role, attachments);
    const topic = this.createNotifications(settings, vault, kmsKeyArn);
    const restoreTestingPlanName = settings.restoreTesting.enabled ? this.createRestoreTests(settings, vault, role, attachments) : undefined;

    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.planId = plan.id;
    this.planArn = plan.arn;
    this.planName = settings.planName;
    this.kmsKeyArn = kmsKeyArn;
    this.notificationTopicArn = topic.arn;
    this.roleArn = role.arn;
    this.selectionTag = { key: settings.selectionTag.key, value: settings.selectionTag.value };
    this.lockWindow = { minRetentionDays: settings.lock.minRetentionDays, maxRetentionDays: settings.lock.maxRetentionDays };
    this.restoreTestingPlanName = restoreTestingPlanName;
  }

  /** The customer-managed key of the vault and the topic, with its alias. */
  private createKey(s: Settings): string {
    return new CustomerManagedKey(this, 'Key', {
      description: `Encrypts the backup vault ${physicalName(s.name, 'vault')} and its notification topic.`,
      policy: backupKeyPolicy({ partition: s.partition, accountId: s.accountId, region: s.region, topicArn: s.topicArn }),
      aliasName: `alias/${physicalName(s.name, 'backup')}`,
      tags: this.statefulTagsFor(s.dataClassification, 'backup'),
      pin: this.pin,
    }).arn;
  }

  private createVault(s: Settings, kmsKeyArn: string): BackupVaultResource {
    return this.pin(
      new BackupVaultResource(this, 'Vault', {
        name: physicalName(s.name, 'vault'),
        kmsKeyArn,
        forceDestroy: false,
        tags: this.statefulTagsFor(s.dataClassification, 'vault'),
        lifecycle: { preventDestroy: true },
      }),
    );
  }

  /** The vault lock: recovery points can be neither deleted before the window's minimum nor kept past its maximum. */
  private lockVault(s: Settings, vault: BackupVaultResource): void {
    this.pin(
      new BackupVaultLockConfiguration(this, 'VaultLock', {
        backupVaultName: vault.name,
        minRetentionDays: s.lock.minRetentionDays,
        maxRetentionDays: s.lock.maxRetentionDays,
        // changeable_for_days set = compliance mode (immutable once the grace time is over); unset = governance mode.
        // No prevent_destroy: after the grace time AWS itself refuses to change or delete a compliance lock, and before
        // it (or in governance mode) changing the lock's settings must stay possible.
        changeableForDays: s.lock.mode === 'compliance' ? s.lock.changeableForDays : undefined,
      }),
    );
  }

  /** The access policy that leaves breaking the vault's immutability to the break-glass role. */
  private protectRecoveryPoints(s: Settings, vault: BackupVaultResource): void {
    this.pin(
      new BackupVaultPolicy(this, 'VaultPolicy', {
        backupVaultName: vault.name,
        policy: JSON.stringify(vaultAccessPolicy({ partition: s.partition, accountId: s.accountId, breakGlassRoleName: s.breakGlassRoleName })),
      }),
    );
  }

  /** The role AWS Backup assumes, with the managed policies the selected resource types need. */
  private createRole(s: Settings): { role: IamRole; attachments: IamRolePolicyAttachment[] } {
    const role = this.pin(
      new IamRole(this, 'Role', {
        name: physicalName(s.name, 'backup'),
        description: `Lets AWS Backup back up, copy and restore-test the resources tagged ${s.selectionTag.key}=${s.selectionTag.value}.`,
        assumeRolePolicy: JSON.stringify(backupTrustPolicy(s.accountId)),
        tags: this.tagsFor('backup'),
      }),
    );
    // S3 backups and restores need their own managed policies; the general ones cover Aurora, EBS, EFS and DynamoDB.
    const kinds = ['Backup', 'Restores', ...(s.protectedResourceTypes.includes('S3') ? ['S3Backup', 'S3Restore'] : [])];
    const attachments = kinds.map((kind) =>
      this.pin(
        new IamRolePolicyAttachment(this, `RolePolicy-${kind}`, {
          role: role.name,
          policyArn: `arn:${s.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyFor${kind}`,
        }),
        kind.toLowerCase(),
      ),
    );
    return { role, attachments };
  }

  /** The backup plan and its tag-based selection. */
  private createPlan(s: Settings, vault: BackupVaultResource, role: IamRole, attachments: IamRolePolicyAttachment[]): BackupPlan {
    const recoveryPointTags = mergeTags(this.props.tags, { [TAG_KEYS.dataClassification]: s.dataClassification });
    const plan = this.pin(
      new BackupPlan(this, 'Plan', {
        name: s.planName,
        rule: s.rules.map((rule) => this.renderRule(rule, vault.name, recoveryPointTags)),
        tags: this.tagsFor('backup-plan'),
      }),
    );
    this.pin(
      new BackupSelection(this, 'Selection', {
        name: physicalName(s.name, 'tagged'),
        planId: plan.id,
        iamRoleArn: role.arn,
        selectionTag: [{ type: 'STRINGEQUALS', key: s.selectionTag.key, value: s.selectionTag.value }],
        dependsOn: attachments,
      }),
    );
    return plan;
  }

  /** The encrypted topic that receives the vault's job events. */
  private createNotifications(s: Settings, vault: BackupVaultResource, kmsKeyArn: string): SnsTopic {
    const topic = this.pin(
      new SnsTopic(this, 'Topic', {
        name: s.topicName,
        displayName: `AWS Backup events of ${physicalName(s.name, 'vault')}`,
        kmsMasterKeyId: kmsKeyArn,
        tags: this.tagsFor('backup-notifications'),
      }),
    );
    const topicPolicy = this.pin(new SnsTopicPolicy(this, 'TopicPolicy', { arn: topic.arn, policy: JSON.stringify(notificationTopicPolicy(s.topicArn)) }));
    this.pin(
      new BackupVaultNotifications(this, 'Notifications', {
        backupVaultName: vault.name,
        snsTopicArn: topic.arn,
        backupVaultEvents: [...BACKUP_VAULT_EVENTS],
        dependsOn: [topicPolicy],
      }),
    );
    return topic;
  }

  /** The restore testing plan and its Aurora selection; returns the plan's name. */
  private createRestoreTests(s: Settings, vault: BackupVaultResource, role: IamRole, attachments: IamRolePolicyAttachment[]): string {
    const testing = s.restoreTesting;
    const recoveryPointTypes = this.props.continuousBackup ? ['CONTINUOUS', 'SNAPSHOT'] : ['SNAPSHOT'];
    const testingPlan = this.pin(
      new BackupRestoreTestingPlan(this, 'RestoreTestingPlan', {
        name: `${logicalId(s.name)}_restore_tests`,
        scheduleExpression: testing.scheduleExpression,
        startWindowHours: testing.startWindowHours,
        recoveryPointSelection: [
          {
            algorithm: testing.algorithm,
            includeVaults: [vault.arn],
            recoveryPointTypes,
            selectionWindowDays: testing.selectionWindowDays,
          },
        ],
        tags: this.tagsFor('restore-tests'),
      }),
    );
    this.pin(
      new BackupRestoreTestingSelection(this, 'RestoreTestingSelection-aurora', {
        name: 'aurora',
        restoreTestingPlanName: testingPlan.name,
        protectedResourceType: 'Aurora',
        iamRoleArn: role.arn,
        protectedResourceConditions: [{ stringEquals: [{ key: `aws:ResourceTag/${s.selectionTag.key}`, value: s.selectionTag.value }] }],
        validationWindowHours: testing.validationWindowHours,
        restoreMetadataOverrides: testing.restoreMetadataOverrides === undefined ? undefined : { ...testing.restoreMetadataOverrides },
        dependsOn: attachments,
      }),
      'aurora',
    );
    return testingPlan.name;
  }

  /** One `rule` block of the plan; copies keep the same lifecycle as the source recovery point. */
  private renderRule(rule: BackupRuleSpec, vaultName: string, recoveryPointTags: Record<string, string>): BackupPlanRule {
    const lifecycle = {
      deleteAfter: rule.deleteAfterDays,
      ...(rule.coldStorageAfterDays === undefined ? {} : { coldStorageAfter: rule.coldStorageAfterDays }),
    };
    const copyToVaultArn = this.props.copyToVaultArn;
    return {
      ruleName: rule.name,
      targetVaultName: vaultName,
      schedule: rule.scheduleExpression,
      startWindow: rule.startWindowMinutes,
      completionWindow: rule.completionWindowMinutes,
      enableContinuousBackup: rule.continuous,
      lifecycle,
      recoveryPointTags,
      copyAction:
        rule.copies && copyToVaultArn !== undefined ? [{ destinationVaultArn: copyToVaultArn, lifecycle: { ...lifecycle } }] : undefined,
    };
  }

  /** Tags of stateful resources (vault, key): also `data-classification`. */
  private statefulTagsFor(dataClassification: string, ...nameParts: string[]): Record<string, string> {
    return mergeTags(this.props.tags, {
      Name: physicalName(this.props.name, ...nameParts),
      [TAG_KEYS.dataClassification]: dataClassification,
    });
  }

  /** Every problem with the props at once, in one error (one line per problem), before anything is created. */
  private validate(props: BackupVaultProps, s: Settings): void {
    const problems = validationProblems(props, s);
    if (problems.length === 1) throw new Error(`BackupVault ${this.node.path}: ${problems[0]}`);
    if (problems.length > 1) throw new Error(`BackupVault ${this.node.path}: ${problems.length} problems:\n- ${problems.join('\n- ')}`);
  }
}

/** The props with their defaults. */
function resolveSettings(props: BackupVaultProps): Settings {
  const { name, accountId, region } = props;
  const partition = partitionOf(region);
  const planName = physicalName(name, 'backup-plan');
  const topicName = physicalName(name, 'backup-notifications');
  const protectedResourceTypes = props.protectedResourceTypes ?? ['Aurora'];
  const coldStorageAfterDays = props.coldStorageAfterDays ?? DEFAULT_COLD_STORAGE_AFTER_DAYS;
  return {
    name,
    accountId,
    region,
    partition,
    dataClassification: props.dataClassification ?? 'confidential',
    planName,
    topicName,
    topicArn: `arn:${partition}:sns:${region}:${accountId}:${topicName}`,
    selectionTag: props.selectionTag ?? { key: BACKUP_TAG_KEY, value: planName },
    protectedResourceTypes,
    breakGlassRoleName: props.breakGlassRoleName ?? DEFAULT_BREAK_GLASS_ROLE_NAME,
    coldStorageAfterDays,
    lock: {
      minRetentionDays: props.vaultLock?.minRetentionDays ?? DEFAULT_LOCK_MIN_RETENTION_DAYS,
      maxRetentionDays:
        props.vaultLock?.maxRetentionDays ??
        (Token.isUnresolved(props.longTermRetentionDays) ? DEFAULT_LOCK_MAX_RETENTION_DAYS : Math.max(props.longTermRetentionDays, DEFAULT_LOCK_MAX_RETENTION_DAYS)),
      changeableForDays: props.vaultLock?.changeableForDays ?? MIN_LOCK_CHANGEABLE_FOR_DAYS,
      mode: props.vaultLock?.mode ?? 'compliance',
    },
    restoreTesting: {
      enabled: props.restoreTesting?.enabled ?? true,
      scheduleExpression: props.restoreTesting?.scheduleExpression ?? DEFAULT_RESTORE_TESTING_SCHEDULE,
      startWindowHours: props.restoreTesting?.startWindowHours ?? 8,
      algorithm: props.restoreTesting?.algorithm ?? 'LATEST_WITHIN_WINDOW',
      selectionWindowDays: props.restoreTesting?.selectionWindowDays ?? 7,
      validationWindowHours: props.restoreTesting?.validationWindowHours ?? 4,
      restoreMetadataOverrides: props.restoreTesting?.restoreMetadataOverrides,
    },
    rules: backupRules({
      scheduleExpression: props.scheduleExpression,
      continuousBackup: props.continuousBackup ?? false,
      shortTermRetentionDays: props.shortTermRetentionDays,
      longTermRetentionDays: props.longTermRetentionDays,
      // AWS Backup ignores cold storage for Aurora and S3: write it only where some selected type uses it.
      coldStorageAfterDays: supportsColdStorage(protectedResourceTypes) ? coldStorageAfterDays : undefined,
      copyToSecondaryRegion: props.copyToVaultArn !== undefined,
    }),
  };
}

/** What is wrong with the props, one message per problem (value received, what is allowed); `[]` when all is well. */
function validationProblems(props: BackupVaultProps, s: Settings): string[] {
  const problems: string[] = [];
  const checkDays = (label: string, value: number, min: number, max: number): void => {
    if (isResolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
      problems.push(`${label} ${value} is invalid; use a whole number from ${min} to ${max}.`);
    }
  };
  const { name, accountId, region, copyToVaultArn, kmsKeyArn } = props;
  const { lock, restoreTesting, selectionTag } = s;

  // ---- Names and site ----
  if (Token.isUnresolved(name)) {
    problems.push('name must be a literal string: it is part of physical names and the restore testing plan name, computed at synth time.');
  } else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > MAX_NAME_LENGTH) {
    problems.push(
      `name "${name}" is invalid; use lower-case letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters ` +
        `(the restore testing plan name "<name>_restore_tests" is limited to 50), e.g. "prod-us-east-1".`,
    );
  }
  for (const problem of [accountIdProblem(accountId), regionProblem(region)]) {
    if (problem !== undefined) problems.push(`${problem}.`);
  }

  // ---- Schedules ----
  for (const [label, expression] of [
    ['scheduleExpression', props.scheduleExpression],
    ['restoreTesting.scheduleExpression', restoreTesting.scheduleExpression],
  ] as const) {
    if (!Token.isUnresolved(expression) && !/^cron\(\S+( \S+){5}\)$/.test(expression)) {
      problems.push(
        `${label} "${expression}" is not an AWS cron expression; use six fields in UTC, ` +
          `e.g. "cron(0 0/1 * * ? *)" (hourly) or "cron(0 5 ? * SUN *)" (Sundays 05:00).`,
      );
    }
  }

  // ---- Vault lock and who may break it ----
  if (!VAULT_LOCK_MODES.includes(lock.mode)) {
    problems.push(`vaultLock.mode "${lock.mode}" is invalid; allowed: ${VAULT_LOCK_MODES.map((m) => `"${m}"`).join(', ')}.`);
  }
  checkDays('vaultLock.minRetentionDays', lock.minRetentionDays, 1, MAX_LOCK_RETENTION_DAYS);
  checkDays('vaultLock.maxRetentionDays', lock.maxRetentionDays, 1, MAX_LOCK_RETENTION_DAYS);
  checkDays('vaultLock.changeableForDays', lock.changeableForDays, MIN_LOCK_CHANGEABLE_FOR_DAYS, MAX_LOCK_RETENTION_DAYS);
  if (isResolved(lock.minRetentionDays) && isResolved(lock.maxRetentionDays) && lock.minRetentionDays > lock.maxRetentionDays) {
    problems.push(
      `vault lock min > max: vaultLock.minRetentionDays ${lock.minRetentionDays} is greater than maxRetentionDays ` +
        `${lock.maxRetentionDays}; the lock window must satisfy min <= max, e.g. { minRetentionDays: 7, maxRetentionDays: 3650 }.`,
    );
  }
  if (!Token.isUnresolved(s.breakGlassRoleName) && !/^[A-Za-z0-9+=,.@_-]{1,64}$/.test(s.breakGlassRoleName)) {
    problems.push(
      `breakGlassRoleName "${s.breakGlassRoleName}" is not an IAM role name; use 1 to 64 letters, digits or "+=,.@_-" without a path, ` +
        `e.g. "${DEFAULT_BREAK_GLASS_ROLE_NAME}".`,
    );
  }

  // ---- Resource types and retention ----
  const unknownTypes = s.protectedResourceTypes.filter((type) => !PROTECTED_RESOURCE_TYPES.includes(type));
  if (unknownTypes.length > 0) {
    problems.push(`protectedResourceTypes has unknown type(s) ${unknownTypes.map((t) => `"${t}"`).join(', ')}; allowed: ${PROTECTED_RESOURCE_TYPES.map((t) => `"${t}"`).join(', ')}.`);
  }
  checkDays('shortTermRetentionDays', props.shortTermRetentionDays, 1, MAX_LOCK_RETENTION_DAYS);
  checkDays('longTermRetentionDays', props.longTermRetentionDays, 1, MAX_LOCK_RETENTION_DAYS);
  checkDays('coldStorageAfterDays', s.coldStorageAfterDays, 1, MAX_LOCK_RETENTION_DAYS - MIN_COLD_STORAGE_DAYS);
  if (isResolved(props.shortTermRetentionDays) && isResolved(props.longTermRetentionDays) && props.longTermRetentionDays < props.shortTermRetentionDays) {
    problems.push(
      `longTermRetentionDays ${props.longTermRetentionDays} is shorter than shortTermRetentionDays ${props.shortTermRetentionDays}; ` +
        `monthly recovery points must be kept at least as long as the frequent ones.`,
    );
  }
  const allLiteral =
    s.rules.every((r) => isResolved(r.deleteAfterDays) && (r.coldStorageAfterDays === undefined || isResolved(r.coldStorageAfterDays))) &&
    isResolved(lock.minRetentionDays) &&
    isResolved(lock.maxRetentionDays);
  if (allLiteral) problems.push(...retentionProblems(s.rules, lock));

  // ---- Cross-region copy ----
  if (copyToVaultArn !== undefined && !Token.isUnresolved(copyToVaultArn)) {
    const parts = parseBackupVaultArn(copyToVaultArn);
    if (parts === undefined) {
      problems.push(
        `copyToVaultArn "${copyToVaultArn}" is not an AWS Backup vault ARN; expected ` +
          `"arn:aws:backup:<region>:<account>:backup-vault:<name>", e.g. from backupVaultArn(accountId, secondaryRegion, ` +
          `backupVaultName(environment, secondaryRegion)).`,
      );
    } else if (!Token.isUnresolved(region) && parts.region === region) {
      problems.push(
        `copy destination in the same region as the source: copyToVaultArn "${copyToVaultArn}" is in ${parts.region}, ` +
          `the vault's own region, so the copy would not be off-site (is the environment's secondary region equal to its ` +
          `primary?); pass the vault ARN of another region, or omit copyToVaultArn.`,
      );
    }
  }

  // ---- Selection tag ----
  for (const [label, value, max] of [
    ['selectionTag.key', selectionTag.key, 128 - 'aws:ResourceTag/'.length],
    ['selectionTag.value', selectionTag.value, 256],
  ] as const) {
    if (!Token.isUnresolved(value) && (value.length === 0 || value.length > max)) {
      problems.push(`${label} "${value}" is invalid; use 1 to ${max} characters.`);
    }
  }

  // ---- Restore testing ----
  if (!RESTORE_TESTING_ALGORITHMS.includes(restoreTesting.algorithm)) {
    problems.push(
      `restoreTesting.algorithm "${restoreTesting.algorithm}" is invalid; allowed: ` + `${RESTORE_TESTING_ALGORITHMS.map((a) => `"${a}"`).join(', ')}.`,
    );
  }
  checkDays('restoreTesting.startWindowHours', restoreTesting.startWindowHours, 1, 168);
  checkDays('restoreTesting.selectionWindowDays', restoreTesting.selectionWindowDays, 1, 365);
  checkDays('restoreTesting.validationWindowHours', restoreTesting.validationWindowHours, 1, 168);

  // ---- KMS key ----
  if (kmsKeyArn !== undefined && !Token.isUnresolved(kmsKeyArn)) {
    const match = KMS_KEY_ARN_PATTERN.exec(kmsKeyArn);
    if (!match) {
      problems.push(
        `kmsKeyArn "${kmsKeyArn}" is not a KMS key ARN; AWS Backup needs the key ARN ` + `(arn:aws:kms:<region>:<account>:key/<key-id>), not an alias or key id.`,
      );
    } else if (!Token.isUnresolved(region) && match[1] !== region) {
      problems.push(`kmsKeyArn "${kmsKeyArn}" is in region ${match[1]}, but the vault is in ${region}; a vault needs a key of its own region.`);
    }
  }
  return problems;
}
