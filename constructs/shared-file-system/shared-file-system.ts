import { DataAwsEfsFileSystem } from '@cdktf/provider-aws/lib/data-aws-efs-file-system';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { EfsReplicationConfiguration } from '@cdktf/provider-aws/lib/efs-replication-configuration';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { accountRootArn, policyDocument } from '../core/policy';
import {
  ResolvedSharedServiceProps,
  resolveSharedServiceProps,
  ServiceAlarmSpec,
  serviceAlarms,
  serviceKey,
  serviceSecurityGroup,
  SharedServiceProps,
  sharedServiceProblems,
  statefulServiceTags,
} from '../core/shared-service';
import { BACKUP_TAG_KEY } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import { isResolved, REGION_PATTERN, ValidationProblems } from '../core/validation';

/** How the file system's throughput is provisioned. */
export type FileSystemThroughputMode = 'elastic' | 'bursting';

/** The primary file system a replica in another region follows. */
export interface FileSystemReplicaSource {
  /** Region of the primary file system, e.g. `us-east-1`; must differ from this region. */
  readonly region: string;
  /**
   * Creation token of the primary file system, derived by the stack (e.g. `prod-us-east-1-shared`): the replica
   * finds it by this name, never by a cross-stack reference. The primary region's stack must be applied first.
   */
  readonly creationToken: string;
}

/** Properties of a {@link SharedFileSystem}. */
export interface SharedFileSystemProps extends SharedServiceProps {
  /**
   * One access point per entry (the modules), rooted at `/<entry>` and enforcing `posixUid`:`posixGid`;
   * the file system policy admits mounts through an access point only.
   * @default - the keys of clientSecurityGroupIds
   */
  readonly accessPoints?: readonly string[];

  /**
   * POSIX user id the access points enforce (and own their root directories with).
   * @default 1000
   */
  readonly posixUid?: number;

  /**
   * POSIX group id the access points enforce.
   * @default 1000
   */
  readonly posixGid?: number;

  /**
   * `elastic` (scales with the load, paid per use) or `bursting` (baseline grows with the stored size).
   * @default 'elastic'
   */
  readonly throughputMode?: FileSystemThroughputMode;

  /**
   * Days without access after which files move to Infrequent Access (one of 1, 7, 14, 30, 60, 90, 180, 270, 365);
   * they move back on first access.
   * @default 30
   */
  readonly transitionToInfrequentAccessDays?: number;

  /**
   * Name of the backup plan that selects the file system: it gets the tag `backup-plan=<value>`.
   * @default - no backup selection tag (the policy pack requires one)
   */
  readonly backupPlanTag?: string;

  /**
   * Makes this file system the read-only replica of a primary in another region (EFS replication; the replica is
   * writable once the replication is deleted, at failover).
   * @default - a writable primary file system
   */
  readonly replicaOf?: FileSystemReplicaSource;

  /**
   * Creation token (idempotency name) of the file system; other regions find it by this name.
   * @default - `<name>-shared`
   */
  readonly creationToken?: string;
}

const IA_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;
const NFS_PORT = 2049;
const NFS_CLIENT_ACTIONS = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'];

/** How a client mounts the file system (published in its runtime configuration; no secret). */
export interface FileSystemConnection {
  readonly fileSystemId: string;
  readonly dnsName: string;
  /** The client's own access point. */
  readonly accessPointId: string;
  /** True on a replica: mount read-only until failover promotes it. */
  readonly readOnly: boolean;
}

/**
 * An EFS file system shared by some modules (e.g. a shared home): encrypted with a customer-managed key, one mount
 * target per AZ in the isolated subnets, one access point per module, TLS and access points enforced by the file
 * system policy, selected by the region's AWS Backup plan, and optionally the read-only replica of a primary in
 * another region. Alarms at the utilization threshold (I/O limit, throughput) behind one composite alarm.
 */
export class SharedFileSystem extends ToolkitConstruct<SharedFileSystemProps> {
  public readonly fileSystemId: string;
  public readonly fileSystemArn: string;
  /** `<fs-id>.efs.<region>.amazonaws.com`; mount with `-o tls,iam,accesspoint=<id>` (amazon-efs-utils). */
  public readonly dnsName: string;
  public readonly port = NFS_PORT;
  /** True for a replica: mount read-only until failover. */
  public readonly readOnly: boolean;
  public readonly accessPointIds: Readonly<Record<string, string>>;
  /** ARN of each access point; a client role needs `elasticfilesystem:ClientMount` (and `ClientWrite`) under it. */
  public readonly accessPointArns: Readonly<Record<string, string>>;
  public readonly securityGroupId: string;
  public readonly kmsKeyArn: string;
  public readonly alarmNames: readonly string[];
  public readonly compositeAlarmArn: string;

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id, props);
    const settings = this.resolve(props);
    this.validate(props, settings);

    const kmsKeyArn = this.encryptionKey(props, settings);
    const fileSystem = this.fileSystem(props, settings, kmsKeyArn);
    const securityGroup = serviceSecurityGroup(this, this.pin, {
      groupName: settings.creationToken,
      description: `EFS file system ${settings.creationToken}: NFS clients by security group only.`,
      vpcId: props.vpcId,
      port: NFS_PORT,
      protocolLabel: 'NFS',
      clients: settings.shared.clients,
      tags: props.tags,
    });
    this.mountTargets(settings, fileSystem, securityGroup.id);
    const accessPoints = this.accessPoints(props, settings, fileSystem);
    this.policy(props, settings, fileSystem);
    if (props.replicaOf !== undefined) this.replication(props, props.replicaOf, fileSystem);
    const alarms = this.alarms(props, settings, fileSystem);

    this.fileSystemId = fileSystem.id;
    this.fileSystemArn = fileSystem.arn;
    this.dnsName = fileSystem.dnsName;
    this.readOnly = props.replicaOf !== undefined;
    this.accessPointIds = Object.fromEntries(Object.entries(accessPoints).map(([name, ap]) => [name, ap.id]));
    this.accessPointArns = Object.fromEntries(Object.entries(accessPoints).map(([name, ap]) => [name, ap.arn]));
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = kmsKeyArn;
    this.alarmNames = [...alarms.metricAlarmNames, alarms.compositeAlarmName];
    this.compositeAlarmArn = alarms.compositeAlarmArn;
  }

  /**
   * What a client role needs to mount through `accessPoint` only: `ClientMount`, and `ClientWrite` unless this is a
   * read-only replica, on the file system under the condition of that access point (the file system policy
   * already refuses mounts outside access points and without TLS).
   */
  public clientPolicyStatements(accessPoint: string): object[] {
    return [
      {
        Sid: 'MountOwnAccessPoint',
        Effect: 'Allow',
        Action: this.readOnly ? ['elasticfilesystem:ClientMount'] : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Resource: this.fileSystemArn,
        Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': this.accessPointArnOf(accessPoint) } },
      },
    ];
  }

  /** How a client mounts its access point, for its runtime configuration (amazon-efs-utils: `-o tls,iam,accesspoint=<id>`). */
  public connectionFor(accessPoint: string): FileSystemConnection {
    this.accessPointArnOf(accessPoint);
    return { fileSystemId: this.fileSystemId, dnsName: this.dnsName, accessPointId: this.accessPointIds[accessPoint]!, readOnly: this.readOnly };
  }

  private accessPointArnOf(accessPoint: string): string {
    const arn = this.accessPointArns[accessPoint];
    if (arn === undefined) {
      throw new Error(`SharedFileSystem ${this.node.path}: no access point "${accessPoint}"; access points are ${Object.keys(this.accessPointArns).sort().join(', ')}`);
    }
    return arn;
  }

  // ---- Steps ------------------------------------------------------------------------------

  private encryptionKey(props: SharedFileSystemProps, s: Settings): string {
    return serviceKey(this, this.pin, props, {
      keyName: s.creationToken,
      description: `Encrypts EFS file system ${s.creationToken}.`,
      partition: s.partition,
      // AWS Backup reads the file system to back it up.
      viaServices: [`elasticfilesystem.${props.region}.amazonaws.com`, `backup.${props.region}.amazonaws.com`],
      dataClassification: s.shared.dataClassification,
    });
  }

  private fileSystem(props: SharedFileSystemProps, s: Settings, kmsKeyArn: string): EfsFileSystem {
    const backupTag: Tags = props.backupPlanTag !== undefined ? { [BACKUP_TAG_KEY]: props.backupPlanTag } : {};
    return this.pin(
      new EfsFileSystem(this, 'FileSystem', {
        creationToken: s.creationToken,
        encrypted: true,
        kmsKeyId: kmsKeyArn,
        performanceMode: 'generalPurpose',
        throughputMode: s.throughputMode,
        lifecyclePolicy: [{ transitionToIa: `AFTER_${s.iaDays}_DAY${s.iaDays === 1 ? '' : 'S'}` }, { transitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
        // A replication destination must not refuse being overwritten; a primary refuses it.
        protection: { replicationOverwrite: props.replicaOf !== undefined ? 'DISABLED' : 'ENABLED' },
        tags: statefulServiceTags(props.tags, s.shared.dataClassification, s.creationToken, backupTag),
        lifecycle: { preventDestroy: true },
      }),
    );
  }

  private mountTargets(s: Settings, fileSystem: EfsFileSystem, securityGroupId: string): void {
    for (const [zone, subnetId] of s.shared.zones) {
      this.pin(new EfsMountTarget(this, `Mount-${zone}`, { fileSystemId: fileSystem.id, subnetId, securityGroups: [securityGroupId] }), 'mount', zone);
    }
  }

  private accessPoints(props: SharedFileSystemProps, s: Settings, fileSystem: EfsFileSystem): Record<string, EfsAccessPoint> {
    return Object.fromEntries(
      s.accessPoints.map((name) => [
        name,
        this.pin(
          new EfsAccessPoint(this, `AccessPoint-${name}`, {
            fileSystemId: fileSystem.id,
            posixUser: { uid: s.posixUid, gid: s.posixGid },
            rootDirectory: { path: `/${name}`, creationInfo: { ownerUid: s.posixUid, ownerGid: s.posixGid, permissions: '0750' } },
            tags: mergeTags(props.tags, { Name: physicalName(s.creationToken, name) }),
          }),
          'access_point',
          name,
        ),
      ]),
    );
  }

  /** TLS only, through an access point only, through a mount target only; IAM of the account decides who mounts. */
  private policy(props: SharedFileSystemProps, s: Settings, fileSystem: EfsFileSystem): void {
    this.pin(
      new EfsFileSystemPolicy(this, 'Policy', {
        fileSystemId: fileSystem.id,
        policy: JSON.stringify(
          policyDocument([
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: '*',
              Resource: fileSystem.arn,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'DenyMountsOutsideAccessPoints',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: NFS_CLIENT_ACTIONS,
              Resource: fileSystem.arn,
              Condition: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
            },
            {
              Sid: 'AllowAccountMountsThroughMountTargets',
              Effect: 'Allow',
              Principal: { AWS: accountRootArn(s.partition, props.accountId) },
              Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
              Resource: fileSystem.arn,
              Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
            },
          ]),
        ),
      }),
    );
  }

  /**
   * The replica joins the primary: the replication configuration lives with the replica's stack (applied after the
   * primary's), addressed to the primary's region, and finds the primary by its creation token.
   */
  private replication(props: SharedFileSystemProps, source: FileSystemReplicaSource, fileSystem: EfsFileSystem): void {
    const primary = this.pin(new DataAwsEfsFileSystem(this, 'Source', { region: source.region, creationToken: source.creationToken }), 'source');
    this.pin(
      new EfsReplicationConfiguration(this, 'Replication', {
        region: source.region,
        sourceFileSystemId: primary.id,
        destination: { fileSystemId: fileSystem.id, region: props.region },
      }),
    );
  }

  private alarms(props: SharedFileSystemProps, s: Settings, fileSystem: EfsFileSystem) {
    const t = s.shared.thresholdPercent;
    const window = `${s.shared.evaluationPeriods} consecutive minutes`;
    const dimensions = { FileSystemId: fileSystem.id };
    const specs: ServiceAlarmSpec[] = [
      {
        key: 'io-limit',
        settings: {
          alarmDescription: `${s.creationToken}: above ${t}% of the General Purpose I/O limit for ${window}. Runbook: find the client with the most operations (ClientConnections, per-instance metrics); spread or cache metadata-heavy work.`,
          namespace: 'AWS/EFS',
          metricName: 'PercentIOLimit',
          dimensions,
          statistic: 'Maximum',
          period: 60,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: t,
          treatMissingData: 'missing',
        },
      },
      {
        key: 'throughput',
        settings: {
          alarmDescription: `${s.creationToken}: throughput above ${t}% of what the file system permits for ${window}. Runbook: in bursting mode switch to elastic throughput; otherwise find the client that reads or writes the most.`,
          metricQuery: [
            { id: 'metered', metric: { namespace: 'AWS/EFS', metricName: 'MeteredIOBytes', dimensions, period: 60, stat: 'Sum' }, returnData: false },
            { id: 'permitted', metric: { namespace: 'AWS/EFS', metricName: 'PermittedThroughput', dimensions, period: 60, stat: 'Average' }, returnData: false },
            { id: 'utilization', expression: '100 * (metered / PERIOD(metered)) / permitted', label: 'throughput utilization %', returnData: true },
          ],
          comparisonOperator: 'GreaterThanThreshold',
          threshold: t,
          treatMissingData: 'missing',
        },
      },
    ];
    return serviceAlarms(this, this.pin, {
      alarmPrefix: s.creationToken,
      subject: `Shared file system ${s.creationToken}`,
      alarms: specs,
      evaluationPeriods: s.shared.evaluationPeriods,
      ...(props.alarmTopicArn !== undefined ? { topicArn: props.alarmTopicArn } : {}),
      tags: props.tags,
    });
  }

  // ---- Settings and validation -------------------------------------------------------------

  private resolve(props: SharedFileSystemProps): Settings {
    const shared = resolveSharedServiceProps(props);
    return {
      shared,
      creationToken: props.creationToken ?? physicalName(props.name, 'shared'),
      accessPoints: [...new Set(props.accessPoints ?? shared.clients.map(([client]) => client))].sort(),
      posixUid: props.posixUid ?? 1000,
      posixGid: props.posixGid ?? 1000,
      throughputMode: props.throughputMode ?? 'elastic',
      iaDays: props.transitionToInfrequentAccessDays ?? 30,
      partition: partitionOf(props.region),
    };
  }

  private validate(props: SharedFileSystemProps, s: Settings): void {
    const problems = new ValidationProblems();
    sharedServiceProblems(props, s.shared, problems);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s.creationToken) || s.creationToken.length > 64) {
      problems.add(`creationToken "${s.creationToken}" must be 1-64 lower-case letters, digits and single hyphens`);
    }
    for (const name of s.accessPoints) {
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) problems.add(`access point "${name}" must be lower-case kebab-case (it is the directory /<name>), e.g. "jira"`);
    }
    if (s.accessPoints.length === 0) problems.add('no access points: pass accessPoints or clientSecurityGroupIds, or nothing can mount the file system (mounts go through access points only)');
    for (const [prop, value] of [['posixUid', s.posixUid], ['posixGid', s.posixGid]] as const) {
      if (!isResolved(value) || !Number.isInteger(value) || value < 0 || value > 4294967295) problems.add(`${prop} ${value} must be a literal whole number from 0 to 4294967295`);
    }
    if (s.throughputMode !== 'elastic' && s.throughputMode !== 'bursting') problems.add(`throughputMode "${s.throughputMode}" must be "elastic" or "bursting"`);
    if (!(IA_DAYS as readonly number[]).includes(s.iaDays)) {
      problems.add(`transitionToInfrequentAccessDays ${s.iaDays} is not a value EFS accepts; use one of ${IA_DAYS.join(', ')}`);
    }
    if (props.backupPlanTag !== undefined && !/^[A-Za-z0-9 _.:/=+@-]{1,256}$/.test(props.backupPlanTag)) {
      problems.add(`backupPlanTag "${props.backupPlanTag}" is not a valid tag value (1-256 letters, digits, spaces and _.:/=+-@)`);
    }
    const source = props.replicaOf;
    if (source !== undefined) {
      if (isResolved(source.region) && !REGION_PATTERN.test(source.region)) {
        problems.add(`replicaOf.region "${source.region}" is invalid; expected an AWS region name such as "us-east-1"`);
      } else if (isResolved(source.region) && isResolved(props.region) && source.region === props.region) {
        problems.add(`replicaOf.region "${source.region}" equals this region; a replica follows a file system of another region`);
      }
      if (isResolved(source.creationToken) && !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(source.creationToken)) {
        problems.add(`replicaOf.creationToken "${source.creationToken}" must be the primary's creation token, e.g. "prod-us-east-1-shared"`);
      }
    }
    problems.throwIfAny('SharedFileSystem', this.node.path);
  }
}

interface Settings {
  readonly shared: ResolvedSharedServiceProps;
  readonly creationToken: string;
  readonly accessPoints: readonly string[];
  readonly posixUid: number;
  readonly posixGid: number;
  readonly throughputMode: FileSystemThroughputMode;
  readonly iaDays: number;
  readonly partition: string;
}
