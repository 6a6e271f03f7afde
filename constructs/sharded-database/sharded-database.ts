import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { RdsGlobalCluster } from '@cdktf/provider-aws/lib/rds-global-cluster';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { LOG_RETENTION_DAYS } from '../core/log-retention';
import { AddressPinner, addressPinner, logicalId } from '../core/logical-id';
import { nameLimit } from '../../foundation/name-limits';
import { physicalName, shardNumber } from '../../foundation/naming';
import { shardClusterIdentifier } from '../../foundation/resource-names';
import { BACKUP_TAG_KEY, TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import {
  GLOBAL_IDENTIFIER_PREFIX_PATTERN,
  globalClusterIdentifier,
  GlobalDatabaseOptions,
  MAX_GLOBAL_CLUSTER_IDENTIFIER_LENGTH,
} from './global-database';
import { databaseKeyPolicy, enhancedMonitoringPolicyArn, monitoringTrustPolicy, partitionOf } from './policies';
import { contiguousSlotMap, SlotMapDocument, slotMapProblem, SlotRange } from './slot-map';
import { parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from './windows';
import { AURORA_ENGINES, AuroraEngine, engineProfile, EngineProfile } from './engine';
import { MasterPassword } from './master-password';
import { accountIdProblem, isResolved, kmsKeyArnProblem, regionProblem, SECURITY_GROUP_ID_PATTERN } from '../core/validation';

/** The Aurora PostgreSQL version new clusters get when `engineVersion` is not given. */
export const DEFAULT_ENGINE_VERSION = engineProfile('aurora-postgresql').defaultVersion;

/**
 * The master user name of every cluster. Regional clusters let RDS manage the password in Secrets Manager; the
 * primary of a global database reads it from SSM; a secondary has no master credentials of its own.
 */
export const MASTER_USERNAME = 'itsm_admin';

/** The CA every instance's server certificate is issued by. */
export const CA_CERT_IDENTIFIER = 'rds-ca-rsa2048-g1';

/** Enhanced Monitoring intervals RDS accepts (0 turns it off). */
export const MONITORING_INTERVALS_SECONDS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

/** The retention periods (days) CloudWatch Logs accepts. */
export const DB_LOG_RETENTION_DAYS = LOG_RETENTION_DAYS;

/** Aurora allows at most 15 replicas (readers) per cluster. */
export const MAX_READERS_PER_SHARD = 15;

const MIN_BACKUP_RETENTION_DAYS = 1;
const MAX_BACKUP_RETENTION_DAYS = 35;
const MAX_ACU = 256;
/** RDS identifiers (cluster, instance): at most 63 characters (foundation/name-limits.ts). */
const MAX_IDENTIFIER_LENGTH = nameLimit('aws_rds_cluster_instance', 'identifier').max;
/** IAM role names: at most 64 characters. */
const MAX_ROLE_NAME_LENGTH = nameLimit('aws_iam_role', 'name').max;
const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const GROUP_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Target tracking of the number of Aurora Replicas per shard on the readers' average CPU. */
export interface ReaderAutoscaling {
  /** The most readers a shard may scale out to (Aurora allows 15); at least `readersPerShard`. */
  readonly maxReaders: number;
  /** The readers' average CPU utilization (percent, above 0 and at most 100) that scaling aims for. */
  readonly targetCpuPercent: number;
}

/** Aurora Serverless v2 capacity range, in Aurora capacity units (ACU, 0.5 steps). */
export interface ServerlessCapacity {
  /** Minimum ACU, 0 to 256 (0 lets idle instances pause, on engine versions that support it). */
  readonly minAcu: number;
  /** Maximum ACU, 1 to 256, at least `minAcu`. */
  readonly maxAcu: number;
}

/** A shard held by another cluster: its endpoints, as that cluster's construct gives them. */
export interface ExternalShard {
  readonly writerEndpoint: string;
  readonly readerEndpoint: string;
}

/** Properties of a {@link ShardedDatabase}. */
export interface ShardedDatabaseProps {
  /**
   * The database group, lower-case kebab starting with a letter, e.g. `tickets`. It keys the Terraform
   * addresses (`aws_rds_cluster.tickets_shard_01`) and the physical names, so it must never change.
   */
  readonly group: string;

  /** Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. Clusters are `<name>-<group>-shard-01`, ... */
  readonly name: string;

  /** The 12-digit AWS account id (used in the KMS key policy and the monitoring role's trust conditions). */
  readonly accountId: string;

  /** The AWS region the clusters live in, e.g. `us-east-1`. */
  readonly region: string;

  /**
   * Physical shards (Aurora clusters), a whole number >= 1. Raising it adds clusters and leaves the
   * existing ones untouched; lowering it would remove clusters and is refused by `prevent_destroy`.
   */
  readonly shards: number;

  /** Virtual slots of the group, fixed for the life of the data (e.g. 4096); at least `shards`. */
  readonly slots: number;

  /**
   * Which slots each shard owns: one contiguous range per shard, in shard order, covering `0..slots-1`
   * (the plan's `DatabasePlan.slotMap`). Pass it when slots were rebalanced differently from the even split.
   * @default - the even contiguous split of `capacity/database.ts` `slotMap(slots, shards)`
   */
  readonly slotMap?: readonly SlotRange[];

  /**
   * Shards that live in another cluster (the shared cluster of several small groups, each in its own database),
   * by shard number: the construct builds nothing for them, and its slot map and endpoints name theirs. A group
   * whose every shard lives elsewhere builds only its slot map; its key, security group and other group-level
   * resources come with its first own shard.
   * @default - none: every shard is a cluster of this group
   */
  readonly externalShards?: Readonly<Record<number, ExternalShard>>;

  /** Instance class of writers and readers, e.g. `db.r7g.large`, or `db.serverless` (then `serverless` is required). */
  readonly instanceClass: string;

  /**
   * Serverless v2 capacity range; required when `instanceClass` is `db.serverless`, refused otherwise.
   * @default - none (provisioned instances)
   */
  readonly serverless?: ServerlessCapacity;

  /** Readers (Aurora Replicas) per shard that Terraform manages, 0 to 15. Production wants at least 1 for failover. */
  readonly readersPerShard: number;

  /**
   * Application Auto Scaling of each shard's reader count on average reader CPU, between `readersPerShard`
   * and `maxReaders`; `false` turns it off. Replicas that Auto Scaling adds are not in Terraform state.
   * @default - maxReaders = readersPerShard + 2 (at most 15), targetCpuPercent = 70
   */
  readonly readerAutoscaling?: ReaderAutoscaling | false;

  /** The VPC of the security group. */
  readonly vpcId: string;

  /** Isolated subnets of the DB subnet group: at least 2, in different AZs. */
  readonly isolatedSubnetIds: string[];

  /**
   * Security groups whose members may connect on `port`; nothing else may. Each gets its own ingress rule,
   * addressed by the id (a literal `sg-...`) or by the Terraform name of the referenced security group.
   * @default - none (no ingress at all)
   */
  readonly clientSecurityGroupIds?: string[];

  /**
   * The Aurora engine: PostgreSQL, or MySQL for products that need it. Everything else (global database, backups,
   * TLS only, exported logs, alarms) works the same for both.
   * @default 'aurora-postgresql'
   */
  readonly engine?: AuroraEngine;

  /**
   * Engine version: `<major>.<minor>` for PostgreSQL (the parameter group family follows the major, e.g.
   * `aurora-postgresql16`), `8.0.mysql_aurora.3.<minor>.<patch>` for MySQL (family `aurora-mysql8.0`).
   * Auto minor upgrades move clusters past this version; raise it after they do, or Terraform plans a downgrade.
   * @default '16.10' for PostgreSQL, '8.0.mysql_aurora.3.10.0' for MySQL
   */
  readonly engineVersion?: string;

  /**
   * `slots`: `shards` clusters sharing the virtual slots, the slot map published to SSM and as an output.
   * `none`: one cluster (shard 01) with readers and no slot map, for products that do not shard; it keeps shard 01's
   * names, so a later move to `slots` keeps the cluster.
   * @default 'slots'
   */
  readonly sharding?: 'slots' | 'none';

  /**
   * Port the clusters listen on (1150 to 65535).
   * @default 5432 for PostgreSQL, 3306 for MySQL
   */
  readonly port?: number;

  /**
   * Days of automated backups (point-in-time recovery), 1 to 35.
   * @default 35
   */
  readonly backupRetentionDays?: number;

  /**
   * Daily automated-backup window, `hh:mm-hh:mm` UTC, at least 30 minutes, not overlapping the maintenance window.
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` UTC, at least 30 minutes.
   * @default 'sun:04:30-sun:05:30'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * RDS deletion protection on every cluster and CloudWatch Logs deletion protection on the log groups.
   * Clusters keep `prevent_destroy` and a final snapshot either way.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * ARN of an existing customer-managed KMS key for storage, Performance Insights, the master user secret
   * and the log groups. Its policy must let RDS, Secrets Manager and `logs.<region>.amazonaws.com` use it.
   * @default - a key per group with rotation, a 30-day deletion window and the alias `alias/<name>-<group>-db`
   */
  readonly kmsKeyArn?: string;

  /**
   * Retention of each cluster's PostgreSQL log group, in days; a value CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * `log_min_duration_statement`: statements running at least this many milliseconds are logged; -1 turns it off.
   * @default 500
   */
  readonly slowStatementMs?: number;

  /**
   * Performance Insights retention in days: 7 (free tier), a multiple of 31 up to 713, or 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;

  /**
   * Enhanced Monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;

  /**
   * Identifier of an Aurora global database the clusters belong to. Terraform then ignores later changes to
   * `global_cluster_identifier` and `replication_source_identifier` (failovers and switchovers change them).
   * @deprecated Use `globalDatabase`: it gives each shard its own global cluster (a global cluster holds at most
   * one cluster per region, so one identifier for every shard only works with a single shard) and handles the
   * master credentials that global databases need. The two props cannot be combined.
   * @default - not part of a global database
   */
  readonly globalClusterIdentifier?: string;

  /**
   * Makes every shard part of an Aurora global database: one global cluster per shard, named
   * `<identifierPrefix>-shard-NN`. The primary region creates the global clusters and the writers (master password
   * from an SSM SecureString parameter, because RDS-managed passwords are not supported in global databases); a
   * secondary region's clusters join them by identifier, without master credentials, optionally headless
   * (`readersPerShard: 0`) or with write forwarding. Terraform ignores later changes to `global_cluster_identifier`
   * and `replication_source_identifier`, so a plan after a switchover or failover does not undo it.
   * @default - a regional database, not part of a global one
   */
  readonly globalDatabase?: GlobalDatabaseOptions;

  /**
   * Value of the `data-classification` tag on every resource.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Name of the backup plan that selects the clusters: they get the tag `backup-plan=<value>`.
   * @default - no backup selection tag
   */
  readonly backupPlanTag?: string;

  /**
   * Extra tags for every resource. The construct's own tags (Name, group, shard, data-classification,
   * backup-plan) win over these.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/** The props with their defaults, as every step reads them. */
interface Resolved {
  readonly profile: EngineProfile;
  readonly engineVersion: string;
  readonly family: string;
  readonly sharding: 'slots' | 'none';
  readonly port: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly logRetentionDays: number;
  readonly slowStatementMs: number;
  readonly piRetentionDays: number;
  readonly monitoringInterval: number;
  readonly dataClassification: string;
  readonly autoscaling: ReaderAutoscaling | undefined;
  readonly slotMap: SlotRange[];
  readonly partition: string;
  readonly baseName: string;
  readonly clusterIdPrefix: string;
}

/** Groups already used per stack: two constructs for one group would share Terraform addresses. */
const groupsByStack = new WeakMap<TerraformStack, Set<string>>();

/** Global identifier prefixes already used per stack: two groups with one prefix would claim the same global clusters. */
const globalPrefixesByStack = new WeakMap<TerraformStack, Set<string>>();

/**
 * One Aurora PostgreSQL cluster per physical shard of a database group, with writer and reader instances,
 * reader auto scaling, a shared security group, subnet group, parameter group, monitoring role and KMS key,
 * one encrypted log group per cluster, and the virtual-slot map published to SSM Parameter Store and as an output.
 *
 * Terraform addresses are keyed by the group and the two-digit shard number (`aws_rds_cluster.tickets_shard_02`,
 * `aws_rds_cluster_instance.tickets_shard_02_reader_1`), never by the construct id, so adding shards only adds
 * resources.
 */
export class ShardedDatabase extends Construct {
  /** The database group (props.group): it keys the Terraform addresses and physical names. */
  public readonly group: string;
  /** The clusters keyed by shard number (1-based). */
  public readonly clusters: Readonly<Record<number, RdsCluster>>;
  /** Cluster ARNs keyed by shard number. */
  public readonly clusterArns: Readonly<Record<number, string>>;
  /** Cluster identifiers keyed by shard number (plain strings, `<name>-<group>-shard-01`). */
  public readonly clusterIdentifiers: Readonly<Record<number, string>>;
  /** Cluster (writer) endpoints keyed by shard number, external shards included. */
  public readonly writerEndpoints: Readonly<Record<number, string>>;
  /** Cluster reader endpoints keyed by shard number, external shards included. */
  public readonly readerEndpoints: Readonly<Record<number, string>>;
  /** The slot ranges of the shards, in shard order. */
  public readonly slotMap: readonly SlotRange[];
  /** Name of the SSM parameter holding the slot-map JSON. */
  public readonly slotMapParameterName: string;
  /** The security group of the clusters (add ingress rules to it for further clients); undefined while every shard lives elsewhere. */
  public readonly securityGroupId: string | undefined;
  /** The KMS key ARN that encrypts storage, Performance Insights, the master secret and the log groups; undefined while every shard lives elsewhere. */
  public readonly kmsKeyArn: string | undefined;
  /** The port the clusters listen on. */
  public readonly port: number;
  /** The Aurora engine of the clusters. */
  public readonly engine: AuroraEngine;
  /**
   * Global cluster identifiers keyed by shard number (plain strings, `<identifierPrefix>-shard-01`, equal in every
   * region); empty unless `globalDatabase` is set.
   */
  public readonly globalClusterIdentifiers: Readonly<Record<number, string>>;

  /** Pins a resource's Terraform address to `<group>[_<parts>]` (not the construct id: the design reads `tickets_shard_02`). */
  private readonly pin: AddressPinner;
  private readonly props: ShardedDatabaseProps;
  private readonly settings: Resolved;
  private readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: ShardedDatabaseProps) {
    super(scope, id);
    this.props = props;
    this.group = props.group;
    this.settings = this.resolve();
    this.validate();
    this.claimGroup(props.group);
    if (props.globalDatabase) this.claimGlobalPrefix(props.globalDatabase.identifierPrefix);
    this.pin = addressPinner(logicalId(props.group));

    const external = props.externalShards ?? {};
    const ownShards = Array.from({ length: Math.max(0, props.shards) }, (_, i) => i + 1).filter((shard) => !(shard in external));
    const clusters: Record<number, RdsCluster> = {};
    const clusterIdentifiers: Record<number, string> = {};
    const globalIdentifiers: Record<number, string> = {};
    let kmsKeyArn: string | undefined;
    let securityGroupId: string | undefined;
    if (ownShards.length > 0) {
      kmsKeyArn = props.kmsKeyArn ?? this.createKey();
      const subnetGroup = this.createSubnetGroup();
      const securityGroup = this.createSecurityGroup();
      this.admitClients(securityGroup);
      const parameterGroup = this.createParameterGroup();
      const monitoring = this.createMonitoringRole();
      const masterPassword = this.readMasterPassword();
      for (const shard of ownShards) {
        const globalCluster = this.joinGlobalDatabase(shard);
        if (globalCluster) globalIdentifiers[shard] = globalCluster.identifier;
        const cluster = this.createCluster(shard, { kmsKeyArn, subnetGroup, securityGroup, parameterGroup, masterPassword, joinGlobalCluster: globalCluster?.join });
        const instances = this.createInstances(shard, cluster, { kmsKeyArn, subnetGroup, monitoring });
        this.scaleReaders(shard, cluster, instances);
        clusters[shard] = cluster;
        clusterIdentifiers[shard] = this.clusterId(shard);
      }
      securityGroupId = securityGroup.id;
    }
    const endpoints = (pick: (c: RdsCluster) => string, external: (e: ExternalShard) => string): Record<number, string> =>
      Object.fromEntries(
        Array.from({ length: Math.max(0, props.shards) }, (_, i) => i + 1).map((shard) => [shard, clusters[shard] ? pick(clusters[shard]) : external(props.externalShards![shard]!)]),
      );
    this.writerEndpoints = endpoints((c) => c.endpoint, (e) => e.writerEndpoint);
    this.readerEndpoints = endpoints((c) => c.readerEndpoint, (e) => e.readerEndpoint);
    this.slotMapParameterName = `/itsm-scale/${props.name}/${props.group}/slot-map`;
    if (this.settings.sharding === 'slots') this.publishSlotMap();

    this.clusters = clusters;
    this.clusterIdentifiers = clusterIdentifiers;
    this.clusterArns = mapValues(clusters, (c) => c.arn);
    this.slotMap = this.settings.slotMap;
    this.securityGroupId = securityGroupId;
    this.kmsKeyArn = kmsKeyArn;
    this.port = this.settings.port;
    this.engine = this.settings.profile.engine;
    this.globalClusterIdentifiers = globalIdentifiers;
  }

  /** Every setting with its default applied. */
  private resolve(): Resolved {
    const props = this.props;
    const profile = engineProfile(props.engine ?? 'aurora-postgresql');
    const engineVersion = props.engineVersion ?? profile.defaultVersion;
    const secondary = props.globalDatabase?.role === 'secondary';
    // A headless secondary has no instances, so there is nothing to scale (Aurora Auto Scaling adds replicas
    // to clusters that already have an instance).
    const headless = secondary && props.readersPerShard === 0;
    const autoscaling =
      props.readerAutoscaling === false || (headless && props.readerAutoscaling === undefined)
        ? undefined
        : (props.readerAutoscaling ?? {
            maxReaders: Math.min(props.readersPerShard + 2, MAX_READERS_PER_SHARD),
            targetCpuPercent: 70,
          });
    const baseName = physicalName(props.name, props.group);
    return {
      profile,
      engineVersion,
      family: profile.family(engineVersion),
      sharding: props.sharding ?? 'slots',
      port: props.port ?? profile.defaultPort,
      backupRetentionDays: props.backupRetentionDays ?? 35,
      backupWindow: props.preferredBackupWindow ?? '03:00-04:00',
      maintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:04:30-sun:05:30',
      deletionProtection: props.deletionProtection ?? true,
      logRetentionDays: props.logRetentionDays ?? 365,
      slowStatementMs: props.slowStatementMs ?? 500,
      piRetentionDays: props.performanceInsightsRetentionDays ?? 7,
      monitoringInterval: props.monitoringIntervalSeconds ?? 60,
      dataClassification: props.dataClassification ?? 'confidential',
      autoscaling,
      slotMap: props.slotMap ? [...props.slotMap] : Number.isInteger(props.shards) && props.shards >= 1 && props.slots >= props.shards ? contiguousSlotMap(props.slots, props.shards) : [],
      partition: Token.isUnresolved(props.region) ? 'aws' : partitionOf(props.region),
      baseName,
      clusterIdPrefix: `${baseName}-shard-`,
    };
  }

  /** `<name>-<group>-shard-NN`: a `sharding: none` group is shard 01, so moving it to slots later keeps the cluster. */
  private clusterId(shard: number): string {
    return shardClusterIdentifier(this.props.name, this.props.group, shard);
  }

  /** One key per group for storage, Performance Insights, the master secret and the log groups. */
  private createKey(): string {
    const { name, group, accountId, region } = this.props;
    const { partition, baseName, clusterIdPrefix } = this.settings;
    return new CustomerManagedKey(this, 'Key', {
      description: `Encrypts the Aurora clusters, Performance Insights, master secrets and logs of database group ${group} (${name}).`,
      policy: databaseKeyPolicy({ partition, accountId, region, clusterIdentifierPrefix: clusterIdPrefix }),
      aliasName: `alias/${baseName}-db`,
      tags: this.tagsFor({ Name: `${baseName}-db` }),
      pin: this.pin,
      addressParts: ['db'],
    }).arn;
  }

  /** The isolated subnets the group's shards share. */
  private createSubnetGroup(): DbSubnetGroup {
    const { name, group } = this.props;
    const { baseName } = this.settings;
    return this.pin(
      new DbSubnetGroup(this, 'SubnetGroup', {
        name: `${baseName}-db`,
        description: `Isolated subnets of database group ${group} (${name}).`,
        subnetIds: this.props.isolatedSubnetIds,
        tags: this.tagsFor({ Name: `${baseName}-db` }),
      }),
    );
  }

  /** The group's security group: no egress, clients admitted by security group only. */
  private createSecurityGroup(): SecurityGroup {
    const { name, group } = this.props;
    const { baseName, profile } = this.settings;
    return this.pin(
      new SecurityGroup(this, 'SecurityGroup', {
        name: `${baseName}-db`,
        // The description forces replacement when it changes, so it holds nothing that can change (not the port).
        description: `Aurora ${profile.title} of database group ${group} (${name}): clients by security group only.`,
        vpcId: this.props.vpcId,
        // Terraform removes AWS's default allow-all egress on create; an empty list keeps it that way.
        egress: [],
        tags: this.tagsFor({ Name: `${baseName}-db` }),
      }),
      'db',
    );
  }

  /** One ingress rule per client security group, addressed by its id or the name of the referenced group. */
  private admitClients(securityGroup: SecurityGroup): void {
    const { baseName, port, profile } = this.settings;
    for (const clientId of this.props.clientSecurityGroupIds ?? []) {
      const key = this.clientKey(clientId)!;
      this.pin(
        new VpcSecurityGroupIngressRule(this, `Ingress-${key}`, {
          securityGroupId: securityGroup.id,
          referencedSecurityGroupId: clientId,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `${profile.title} ${port} from client security group ${Token.isUnresolved(clientId) ? key : clientId}`,
          tags: this.tagsFor({ Name: `${baseName}-db-from-${key.replace(/_/g, '-')}` }),
        }),
        'db',
        'from',
        key,
      );
    }
  }

  /**
   * TLS only, connection and slow-statement logging. A major upgrade (new family) replaces the group while the
   * clusters still use the old one, so the new group is created first, under a name prefix: a fixed name would
   * collide with the old group's (the family stays in the prefix, so the name still says which it is).
   */
  private createParameterGroup(): RdsClusterParameterGroup {
    const { name, group } = this.props;
    const { baseName, family, profile, slowStatementMs } = this.settings;
    return this.pin(
      new RdsClusterParameterGroup(this, 'ParameterGroup', {
        namePrefix: `${physicalName(baseName, family)}-`,
        family,
        description: `Database group ${group} (${name}): TLS only, connection and slow-statement logging.`,
        parameter: profile.parameters(slowStatementMs),
        tags: this.tagsFor({ Name: `${baseName}-${family}` }),
        lifecycle: { createBeforeDestroy: true },
      }),
    );
  }

  /** The Enhanced Monitoring role, unless monitoring is off. */
  private createMonitoringRole(): { role: IamRole; attachment: IamRolePolicyAttachment } | undefined {
    const { name, group, accountId, region } = this.props;
    const { baseName, partition, monitoringInterval } = this.settings;
    if (monitoringInterval === 0) return undefined;
    const role = this.pin(
      new IamRole(this, 'MonitoringRole', {
        name: `${baseName}-rds-monitoring`,
        description: `Lets RDS Enhanced Monitoring of database group ${group} (${name}) write OS metrics to CloudWatch Logs.`,
        assumeRolePolicy: JSON.stringify(monitoringTrustPolicy(partition, accountId, region)),
        tags: this.tagsFor({ Name: `${baseName}-rds-monitoring` }),
      }),
      'db',
      'monitoring',
    );
    const attachment = this.pin(
      new IamRolePolicyAttachment(this, 'MonitoringRolePolicy', { role: role.name, policyArn: enhancedMonitoringPolicyArn(partition) }),
      'db',
      'monitoring',
    );
    return { role, attachment };
  }

  /**
   * RDS cannot manage the master password of clusters in a global database: the primary's password is generated
   * during the apply and written only to write-only arguments (secret and clusters), so it is in neither state nor plan.
   */
  private readMasterPassword(): MasterPassword | undefined {
    const { name, group, accountId, region } = this.props;
    const global = this.props.globalDatabase;
    if (global?.role !== 'primary') return undefined;
    const secretName = global.masterPasswordSecretName ?? physicalName(name, group, 'master-password');
    return new MasterPassword(this, 'MasterPassword', {
      secretName,
      username: MASTER_USERNAME,
      // The engine name RDS rotation functions expect in the secret.
      engine: this.settings.profile.engine === 'aurora-mysql' ? 'mysql' : 'postgres',
      partition: this.settings.partition,
      accountId,
      region,
      version: global.masterPasswordVersion ?? 1,
      tags: this.tagsFor({ Name: secretName }),
      pin: this.pin,
      ephemeralName: `${logicalId(group)}_master_password`,
    });
  }

  /** The shard's global cluster: the primary region manages it, a secondary joins it by its derived name. */
  private joinGlobalDatabase(shard: number): { identifier: string; join: string } | undefined {
    const global = this.props.globalDatabase;
    if (!global) return this.props.globalClusterIdentifier !== undefined ? { identifier: '', join: this.props.globalClusterIdentifier } : undefined;
    const nn = shardNumber(shard);
    const identifier = globalClusterIdentifier(global.identifierPrefix, shard);
    if (global.role !== 'primary') return { identifier, join: identifier };
    const globalCluster = this.pin(
      new RdsGlobalCluster(this, `GlobalCluster-${nn}`, {
        globalClusterIdentifier: identifier,
        engine: this.settings.profile.engine,
        engineVersion: this.settings.engineVersion,
        storageEncrypted: true,
        deletionProtection: this.settings.deletionProtection,
        tags: this.tagsFor({ shard: nn, Name: identifier }),
        lifecycle: { preventDestroy: true },
      }),
      'shard',
      nn,
      'global',
    );
    // Same stack, so a reference is fine (and orders the creation).
    return { identifier, join: globalCluster.id };
  }

  /** The shard's cluster and, created before it, its encrypted log groups (RDS would create them unencrypted). */
  private createCluster(
    shard: number,
    deps: {
      kmsKeyArn: string;
      subnetGroup: DbSubnetGroup;
      securityGroup: SecurityGroup;
      parameterGroup: RdsClusterParameterGroup;
      masterPassword: MasterPassword | undefined;
      joinGlobalCluster: string | undefined;
    },
  ): RdsCluster {
    const props = this.props;
    const s = this.settings;
    const global = props.globalDatabase;
    const primary = global?.role === 'primary';
    const secondary = global?.role === 'secondary';
    const nn = shardNumber(shard);
    const clusterId = this.clusterId(shard);
    const shardTags = { shard: nn };
    const credentials = primary
      ? { masterUsername: MASTER_USERNAME, masterPasswordWo: deps.masterPassword!.passwordWo, masterPasswordWoVersion: deps.masterPassword!.version }
      : secondary
        ? {} // a secondary cluster replicates the primary's storage, users included
        : { masterUsername: MASTER_USERNAME, manageMasterUserPassword: true, masterUserSecretKmsKeyId: deps.kmsKeyArn };
    // Switchovers and failovers change global_cluster_identifier and replication_source_identifier; a plan afterwards
    // must not try to undo them. In a global database the engine is upgraded through the global cluster, which
    // upgrades every member (the AWS provider's documented way to avoid an inconsistent final plan).
    const ignoreChanges =
      deps.joinGlobalCluster === undefined
        ? undefined
        : global === undefined
          ? ['global_cluster_identifier', 'replication_source_identifier'] // deprecated globalClusterIdentifier, unchanged
          : ['global_cluster_identifier', 'replication_source_identifier', 'engine_version'];

    // PostgreSQL's one log group keeps the address it always had; MySQL's logs are addressed by their names.
    const single = s.profile.logExports.length === 1;
    const logGroups = s.profile.logExports.map(
      (log) =>
        new EncryptedLogGroup(this, single ? `LogGroup-${nn}` : `LogGroup-${nn}-${log}`, {
          name: `/aws/rds/cluster/${clusterId}/${log}`,
          retentionInDays: s.logRetentionDays,
          kmsKeyArn: deps.kmsKeyArn,
          deletionProtectionEnabled: s.deletionProtection,
          tags: this.tagsFor({ ...shardTags, Name: `${clusterId}-${log}` }),
          pin: this.pin,
          addressParts: single ? ['shard', nn] : ['shard', nn, log],
        }),
    );

    return this.pin(
      new RdsCluster(this, `Cluster-${nn}`, {
        clusterIdentifier: clusterId,
        engine: s.profile.engine,
        engineMode: 'provisioned',
        engineVersion: s.engineVersion,
        port: s.port,
        ...credentials,
        iamDatabaseAuthenticationEnabled: true,
        storageEncrypted: true,
        kmsKeyId: deps.kmsKeyArn,
        deletionProtection: s.deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${clusterId}-final`,
        copyTagsToSnapshot: true,
        backupRetentionPeriod: s.backupRetentionDays,
        preferredBackupWindow: s.backupWindow,
        preferredMaintenanceWindow: s.maintenanceWindow,
        enabledCloudwatchLogsExports: [...s.profile.logExports],
        dbClusterParameterGroupName: deps.parameterGroup.name,
        dbSubnetGroupName: deps.subnetGroup.name,
        vpcSecurityGroupIds: [deps.securityGroup.id],
        ...(props.serverless ? { serverlessv2ScalingConfiguration: { minCapacity: props.serverless.minAcu, maxCapacity: props.serverless.maxAcu } } : {}),
        ...(deps.joinGlobalCluster !== undefined ? { globalClusterIdentifier: deps.joinGlobalCluster } : {}),
        ...(secondary && global.writeForwarding === true ? { enableGlobalWriteForwarding: true } : {}),
        tags: this.tagsFor({
          ...shardTags,
          Name: clusterId,
          ...(props.backupPlanTag !== undefined ? { [BACKUP_TAG_KEY]: props.backupPlanTag } : {}),
        }),
        dependsOn: logGroups,
        lifecycle: { preventDestroy: true, ...(ignoreChanges ? { ignoreChanges } : {}) },
      }),
      'shard',
      nn,
    );
  }

  /**
   * The writer, created first so that it and not a reader becomes the cluster's writer, then the readers. A
   * secondary cluster of a global database has no writer: all its instances are readers (none when headless).
   */
  private createInstances(
    shard: number,
    cluster: RdsCluster,
    deps: { kmsKeyArn: string; subnetGroup: DbSubnetGroup; monitoring: { role: IamRole; attachment: IamRolePolicyAttachment } | undefined },
  ): { writer: RdsClusterInstance | undefined; readers: RdsClusterInstance[] } {
    const s = this.settings;
    const nn = shardNumber(shard);
    const clusterId = this.clusterId(shard);
    const instance = (role: string, promotionTier: number, dependsOn: TerraformElement[]): RdsClusterInstance =>
      new RdsClusterInstance(this, `Instance-${nn}-${role}`, {
        identifier: `${clusterId}-${role}`,
        clusterIdentifier: cluster.id,
        engine: s.profile.engine,
        instanceClass: this.props.instanceClass,
        dbSubnetGroupName: deps.subnetGroup.name,
        promotionTier,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: CA_CERT_IDENTIFIER,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: deps.kmsKeyArn,
        performanceInsightsRetentionPeriod: s.piRetentionDays,
        monitoringInterval: s.monitoringInterval,
        ...(deps.monitoring ? { monitoringRoleArn: deps.monitoring.role.arn } : {}),
        tags: this.tagsFor({ shard: nn, Name: `${clusterId}-${role}`, role: role.startsWith('reader') ? 'reader' : 'writer' }),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
      });
    const monitoringReady = deps.monitoring ? [deps.monitoring.attachment] : [];
    const secondary = this.props.globalDatabase?.role === 'secondary';
    const writer = secondary ? undefined : this.pin(instance('writer', 0, monitoringReady), 'shard', nn, 'writer');
    const readers: RdsClusterInstance[] = [];
    for (let reader = 1; reader <= this.props.readersPerShard; reader++) {
      readers.push(
        this.pin(instance(`reader-${reader}`, Math.min(reader, MAX_READERS_PER_SHARD), writer ? [writer] : monitoringReady), 'shard', nn, 'reader', String(reader)),
      );
    }
    return { writer, readers };
  }

  /** Target tracking of the shard's reader count on reader CPU, registered after the Terraform-managed instances. */
  private scaleReaders(shard: number, cluster: RdsCluster, instances: { writer: RdsClusterInstance | undefined; readers: RdsClusterInstance[] }): void {
    const autoscaling = this.settings.autoscaling;
    if (!autoscaling) return;
    const nn = shardNumber(shard);
    const clusterId = this.clusterId(shard);
    const target = this.pin(
      new AppautoscalingTarget(this, `ReaderScalingTarget-${nn}`, {
        serviceNamespace: 'rds',
        scalableDimension: 'rds:cluster:ReadReplicaCount',
        resourceId: `cluster:${cluster.clusterIdentifier}`,
        minCapacity: this.props.readersPerShard,
        maxCapacity: autoscaling.maxReaders,
        tags: this.tagsFor({ shard: nn, Name: `${clusterId}-readers` }),
        // Registering after the Terraform-managed instances keeps Auto Scaling from racing their creation.
        dependsOn: [...(instances.writer ? [instances.writer] : []), ...instances.readers],
      }),
      'shard',
      nn,
      'readers',
    );
    this.pin(
      new AppautoscalingPolicy(this, `ReaderScalingPolicy-${nn}`, {
        name: `${clusterId}-reader-cpu`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: 'RDSReaderAverageCPUUtilization' },
          targetValue: autoscaling.targetCpuPercent,
          scaleInCooldown: 300,
          scaleOutCooldown: 300,
        },
      }),
      'shard',
      nn,
      'reader',
      'cpu',
    );
  }

  /** The virtual-slot map with each shard's endpoints, in SSM Parameter Store and as an output. */
  private publishSlotMap(): void {
    const { name, group } = this.props;
    const document: SlotMapDocument = {
      group,
      slots: this.props.slots,
      shards: this.settings.slotMap.map((range) => ({
        shard: range.shard,
        firstSlot: range.firstSlot,
        lastSlot: range.lastSlot,
        writerEndpoint: this.writerEndpoints[range.shard]!,
        readerEndpoint: this.readerEndpoints[range.shard]!,
      })),
    };
    this.pin(
      new SsmParameter(this, 'SlotMapParameter', {
        name: this.slotMapParameterName,
        description: `Virtual-slot map of database group ${group} (${name}): slot ranges and endpoints per shard.`,
        type: 'String',
        // Standard while the JSON fits 4 KB (about 16 shards), Advanced beyond, without replacing the parameter.
        tier: 'Intelligent-Tiering',
        value: JSON.stringify(document),
        tags: this.tagsFor({ Name: `${this.settings.baseName}-slot-map` }),
      }),
      'slot',
      'map',
    );
    this.pin(
      new TerraformOutput(this, 'SlotMapOutput', {
        description: `Virtual-slot map of database group ${group}: slot ranges and endpoints per shard.`,
        value: document,
      }),
      'slot',
      'map',
    );
  }

  /** The construct's tags: the caller's, then data classification and group, then `extra` (wins). */
  private tagsFor(extra: Record<string, string>): Record<string, string> {
    return mergeTags(
      this.props.tags,
      { [TAG_KEYS.dataClassification]: this.props.dataClassification ?? 'confidential', group: this.props.group },
      extra,
    );
  }

  private problem(message: string): void {
    this.problems.push(message);
  }

  /**
   * A readable, stable key for a client security group: its literal id, or the name of the referenced resource;
   * undefined (with the problem recorded) when it is neither.
   */
  private clientKey(securityGroupId: string): string | undefined {
    if (!Token.isUnresolved(securityGroupId)) {
      if (!SECURITY_GROUP_ID_PATTERN.test(securityGroupId)) {
        this.problem(`clientSecurityGroupIds contains "${securityGroupId}", which is not a security group id; expected "sg-" and 8 or 17 hex digits.`);
        return undefined;
      }
      return logicalId(securityGroupId);
    }
    const resolved = this.describe(securityGroupId);
    const match = /^\$\{(?:data\.)?[a-z0-9_]+\.([A-Za-z0-9_-]+)\.id\}$/.exec(resolved);
    if (!match) {
      this.problem(
        `clientSecurityGroupIds contains ${resolved}, which is neither a literal id nor a plain reference to a security group's id; ` +
          `pass "sg-..." or securityGroup.id so that the ingress rule's Terraform address can be named after it.`,
      );
      return undefined;
    }
    return logicalId(match[1]!);
  }

  /** A token rendered as its Terraform expression (stable, name-based); literals unchanged. */
  private describe(value: string): string {
    if (!Token.isUnresolved(value)) return `"${value}"`;
    return String(Tokenization.resolve(value, { scope: this, resolver: new DefaultTokenResolver(new StringConcat()) }));
  }

  /** Two ShardedDatabases for one group in one stack would share every Terraform address (validate refuses a second). */
  private claimGroup(group: string): void {
    const stack = TerraformStack.of(this);
    groupsByStack.set(stack, (groupsByStack.get(stack) ?? new Set<string>()).add(logicalId(group)));
  }

  /** Two ShardedDatabases with one global identifier prefix in one stack would create the same global clusters. */
  private claimGlobalPrefix(identifierPrefix: string): void {
    const stack = TerraformStack.of(this);
    globalPrefixesByStack.set(stack, (globalPrefixesByStack.get(stack) ?? new Set<string>()).add(identifierPrefix));
  }

  /** Every problem of the props at once, each with its fix; throws when there is any. */
  /** Every problem of the props, in one error (sentences, each with its period). */
  private validate(): void {
    this.nameProblems();
    this.shardProblems();
    this.instanceProblems();
    this.networkProblems();
    this.engineProblems();
    this.clientProblems();
    this.backupProblems();
    this.observabilityProblems();
    this.keyAndTagProblems();
    if (this.problems.length > 0) throw new Error(`ShardedDatabase ${this.node.path}: ${this.problems.join(' ')}`);
  }

  /** The names: they key addresses and physical names, so they must be literals. */
  private nameProblems(): void {
    const p = this.props;
    if (!isResolved(p.group) || !GROUP_PATTERN.test(p.group)) {
      this.problem(`group "${p.group}" is invalid; use a literal of lower-case letters, digits and single hyphens starting with a letter, e.g. "tickets".`);
    }
    if (!isResolved(p.name) || !NAME_PATTERN.test(p.name)) {
      this.problem(`name "${p.name}" is invalid; use a literal of lower-case letters, digits and single hyphens, e.g. "prod-us-east-1".`);
    }
    for (const problem of [accountIdProblem(p.accountId), regionProblem(p.region)]) {
      if (problem !== undefined) this.problem(`${problem}.`);
    }
  }

  /** Shards and slots. */
  private shardProblems(): void {
    const p = this.props;
    if (!Number.isInteger(p.shards) || p.shards < 1) {
      this.problem(`shards is ${p.shards}; it must be a whole number of at least 1 (one Aurora cluster per shard), e.g. 2.`);
    }
    if (!Number.isInteger(p.slots) || p.slots < 1) {
      this.problem(`slots is ${p.slots}; it must be a whole number of at least 1, e.g. 4096. It never changes once data exists.`);
    }
    if (p.slots < p.shards) {
      this.problem(`slots (${p.slots}) is less than shards (${p.shards}); every shard needs at least one slot. Raise slots (e.g. 4096) or lower shards.`);
    }
    const external = Object.keys(p.externalShards ?? {});
    for (const key of external) {
      const shard = Number(key);
      if (!Number.isInteger(shard) || shard < 1 || shard > p.shards) {
        this.problem(`externalShards has shard ${key}; it must be one of the group's shards, 1 to ${p.shards}.`);
      }
    }
    if (external.length > 0 && (p.sharding ?? 'slots') === 'none') {
      this.problem('externalShards is set but sharding is "none": the group\'s one shard lives elsewhere, so there is nothing to build; do not create the group, or use sharding: "slots".');
    }
    if (p.slotMap !== undefined) {
      const problem = slotMapProblem(p.slotMap, p.slots, p.shards);
      if (problem) this.problem(`slotMap is invalid: ${problem}. Omit slotMap to get the even contiguous split.`);
    }
    const longest = `${physicalName(p.name, p.group)}-shard-${shardNumber(p.shards)}-reader-${MAX_READERS_PER_SHARD}`;
    if (longest.length > MAX_IDENTIFIER_LENGTH) {
      this.problem(
        `name and group are too long: instance identifiers such as "${longest}" would have ${longest.length} characters, ` +
          `RDS allows ${MAX_IDENTIFIER_LENGTH}; shorten name or group.`,
      );
    }
    const roleName = `${physicalName(p.name, p.group)}-rds-monitoring`;
    if (roleName.length > MAX_ROLE_NAME_LENGTH) {
      this.problem(`name and group are too long: the monitoring role "${roleName}" would exceed ${MAX_ROLE_NAME_LENGTH} characters; shorten name or group.`);
    }
  }

  /** Instances: classes, readers, serverless capacity, reader autoscaling. */
  private instanceProblems(): void {
    const p = this.props;
    const v = this.settings;
    const serverlessClass = p.instanceClass === 'db.serverless';
    if (isResolved(p.instanceClass) && !serverlessClass && !/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(p.instanceClass)) {
      this.problem(`instanceClass "${p.instanceClass}" is not an RDS instance class; use e.g. "db.r7g.large", or "db.serverless" with serverless.`);
    }
    if (serverlessClass && p.serverless === undefined) {
      this.problem('instanceClass is "db.serverless" but serverless is missing; pass serverless: { minAcu, maxAcu }, e.g. { minAcu: 0.5, maxAcu: 16 }.');
    }
    if (!serverlessClass && p.serverless !== undefined && isResolved(p.instanceClass)) {
      this.problem(`serverless is set but instanceClass is "${p.instanceClass}"; use instanceClass "db.serverless" or drop serverless.`);
    }
    if (p.serverless !== undefined) {
      const { minAcu, maxAcu } = p.serverless;
      const halfStep = (x: number) => Number.isInteger(x * 2);
      if (!halfStep(minAcu) || minAcu < 0 || minAcu > MAX_ACU) {
        this.problem(`serverless.minAcu is ${minAcu}; use 0 to ${MAX_ACU} in steps of 0.5.`);
      }
      if (!halfStep(maxAcu) || maxAcu < 1 || maxAcu > MAX_ACU) {
        this.problem(`serverless.maxAcu is ${maxAcu}; use 1 to ${MAX_ACU} in steps of 0.5.`);
      }
      if (maxAcu < minAcu) {
        this.problem(`serverless.maxAcu (${maxAcu}) is less than serverless.minAcu (${minAcu}); raise maxAcu or lower minAcu.`);
      }
    }
    if (!Number.isInteger(p.readersPerShard) || p.readersPerShard < 0 || p.readersPerShard > MAX_READERS_PER_SHARD) {
      this.problem(
        `readersPerShard is ${p.readersPerShard}; use a whole number from 0 to ${MAX_READERS_PER_SHARD} (Aurora's replica limit). ` +
          `For more read capacity use a larger instanceClass or more shards.`,
      );
    }
    if (v.autoscaling) {
      const { maxReaders, targetCpuPercent } = v.autoscaling;
      if (!Number.isInteger(maxReaders) || maxReaders < p.readersPerShard || maxReaders > MAX_READERS_PER_SHARD) {
        this.problem(
          `readerAutoscaling.maxReaders is ${maxReaders}; use a whole number from readersPerShard (${p.readersPerShard}) to ${MAX_READERS_PER_SHARD}.`,
        );
      }
      if (!(targetCpuPercent > 0 && targetCpuPercent <= 100)) {
        this.problem(`readerAutoscaling.targetCpuPercent is ${targetCpuPercent}; use a percentage above 0 and at most 100, e.g. 70.`);
      }
    }
  }

  /** Network: VPC, subnets, port. */
  private networkProblems(): void {
    const p = this.props;
    const v = this.settings;
    if (isResolved(p.isolatedSubnetIds) && p.isolatedSubnetIds.length < 2) {
      this.problem(
        `isolatedSubnetIds has ${p.isolatedSubnetIds.length} subnet(s); an Aurora subnet group needs at least 2 subnets in different AZs ` +
          `(pass the Network construct's isolatedSubnetIds).`,
      );
    }
    if (isResolved(v.port) && (!Number.isInteger(v.port) || v.port < 1150 || v.port > 65535)) {
      this.problem(`port is ${v.port}; Aurora accepts 1150 to 65535 (PostgreSQL's usual port is 5432).`);
    }
  }

  /** Engine and its version. */
  private engineProblems(): void {
    const p = this.props;
    const v = this.settings;
    if (!AURORA_ENGINES.includes(v.profile.engine) || (p.engine !== undefined && !AURORA_ENGINES.includes(p.engine))) {
      this.problem(`engine "${String(p.engine)}" is not supported; use ${AURORA_ENGINES.map((e) => `"${e}"`).join(' or ')}.`);
    }
    if (!isResolved(v.engineVersion) || !v.profile.versionPattern.test(v.engineVersion)) {
      this.problem(`engineVersion "${v.engineVersion}" is invalid; use a literal Aurora ${v.profile.title} version such as "${v.profile.versionExample}".`);
    }
    if (v.sharding !== 'slots' && v.sharding !== 'none') this.problem(`sharding "${String(v.sharding)}" is invalid; use "slots" or "none".`);
    if (v.sharding === 'none' && p.shards !== 1) {
      this.problem(`sharding is "none" but shards is ${p.shards}; an unsharded group is one cluster (shards: 1), or use sharding "slots".`);
    }
  }

  /** Clients, and what other databases of the stack already claim. */
  private clientProblems(): void {
    const p = this.props;
    const clientKeys = new Set<string>();
    for (const clientId of p.clientSecurityGroupIds ?? []) {
      const key = this.clientKey(clientId);
      if (key === undefined) continue;
      if (clientKeys.has(key)) {
        this.problem(`clientSecurityGroupIds lists the security group ${this.describe(clientId)} twice; each client security group may appear once.`);
      }
      clientKeys.add(key);
    }
    const claimed = groupsByStack.get(TerraformStack.of(this));
    if (claimed?.has(logicalId(p.group))) {
      this.problem(`another ShardedDatabase in this stack already manages group "${p.group}"; use one construct per database group.`);
    }
    if (p.globalDatabase && globalPrefixesByStack.get(TerraformStack.of(this))?.has(p.globalDatabase.identifierPrefix)) {
      this.problem(
        `another ShardedDatabase in this stack already uses globalDatabase.identifierPrefix "${p.globalDatabase.identifierPrefix}"; ` +
          `give each database group its own prefix, e.g. "<env>-<group>".`,
      );
    }
  }

  /** Backups and windows. */
  private backupProblems(): void {
    const v = this.settings;
    if (isResolved(v.backupRetentionDays) && (!Number.isInteger(v.backupRetentionDays) || v.backupRetentionDays < MIN_BACKUP_RETENTION_DAYS || v.backupRetentionDays > MAX_BACKUP_RETENTION_DAYS)) {
      this.problem(
        `backupRetentionDays is ${v.backupRetentionDays}; Aurora keeps automated backups for ${MIN_BACKUP_RETENTION_DAYS} to ${MAX_BACKUP_RETENTION_DAYS} days. ` +
          `Keep longer copies with AWS Backup (backupPlanTag).`,
      );
    }
    let backup: ReturnType<typeof parseBackupWindow> | undefined;
    let maintenance: ReturnType<typeof parseMaintenanceWindow> | undefined;
    if (isResolved(v.backupWindow)) {
      backup = parseBackupWindow(v.backupWindow);
      if (typeof backup === 'string') this.problem(`preferredBackupWindow ${backup}.`);
    }
    if (isResolved(v.maintenanceWindow)) {
      maintenance = parseMaintenanceWindow(v.maintenanceWindow);
      if (typeof maintenance === 'string') this.problem(`preferredMaintenanceWindow ${maintenance}.`);
    }
    if (backup && maintenance && typeof backup !== 'string' && typeof maintenance !== 'string' && windowsOverlap(backup, maintenance)) {
      this.problem(
        `preferredBackupWindow "${v.backupWindow}" overlaps preferredMaintenanceWindow "${v.maintenanceWindow}"; RDS requires them apart, ` +
          `e.g. "03:00-04:00" and "sun:04:30-sun:05:30".`,
      );
    }
  }

  /** Observability: logs, Performance Insights, enhanced monitoring. */
  private observabilityProblems(): void {
    const v = this.settings;
    if (isResolved(v.logRetentionDays) && !DB_LOG_RETENTION_DAYS.includes(v.logRetentionDays)) {
      this.problem(`logRetentionDays ${v.logRetentionDays} is not accepted by CloudWatch Logs; use one of ${DB_LOG_RETENTION_DAYS.join(', ')}.`);
    }
    if (isResolved(v.slowStatementMs) && (!Number.isInteger(v.slowStatementMs) || v.slowStatementMs < -1)) {
      this.problem(`slowStatementMs is ${v.slowStatementMs}; use a whole number of milliseconds >= 0, or -1 to turn slow-statement logging off.`);
    }
    const pi = v.piRetentionDays;
    if (isResolved(pi) && !(pi === 7 || pi === 731 || (Number.isInteger(pi) && pi % 31 === 0 && pi >= 31 && pi <= 713))) {
      this.problem(`performanceInsightsRetentionDays is ${pi}; use 7 (free tier), a multiple of 31 from 31 to 713 (months), or 731.`);
    }
    if (isResolved(v.monitoringInterval) && !MONITORING_INTERVALS_SECONDS.includes(v.monitoringInterval)) {
      this.problem(`monitoringIntervalSeconds is ${v.monitoringInterval}; use one of ${MONITORING_INTERVALS_SECONDS.join(', ')} (0 turns Enhanced Monitoring off).`);
    }
  }

  /** Keys, global database, tags. */
  private keyAndTagProblems(): void {
    const p = this.props;
    const v = this.settings;
    const kmsKeyProblem = kmsKeyArnProblem(p.kmsKeyArn, 'kmsKeyArn', 'RDS and CloudWatch Logs need');
    if (kmsKeyProblem !== undefined) this.problem(`${kmsKeyProblem}.`);
    if (p.globalClusterIdentifier !== undefined && isResolved(p.globalClusterIdentifier) && !/^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/.test(p.globalClusterIdentifier)) {
      this.problem(`globalClusterIdentifier "${p.globalClusterIdentifier}" is invalid; use letters, digits and single hyphens, starting with a letter.`);
    }
    if (p.globalDatabase !== undefined) this.validateGlobalDatabase(p.globalDatabase);
    if (isResolved(v.dataClassification) && v.dataClassification.trim() === '') {
      this.problem('dataClassification is empty; pass a classification such as "confidential" or omit it.');
    }
    if (p.backupPlanTag !== undefined && isResolved(p.backupPlanTag) && p.backupPlanTag.trim() === '') {
      this.problem('backupPlanTag is empty; pass the backup plan name that selects the clusters, or omit it.');
    }
  }

  private validateGlobalDatabase(g: GlobalDatabaseOptions): void {
    const p = this.props;
    const { engineVersion, profile } = this.settings;

    if (p.globalClusterIdentifier !== undefined) {
      this.problem(
        'globalClusterIdentifier and globalDatabase are both set; use only globalDatabase (it gives each shard its own ' +
          'global cluster <identifierPrefix>-shard-NN) and drop globalClusterIdentifier.',
      );
    }
    if (g.role !== 'primary' && g.role !== 'secondary') {
      this.problem(`globalDatabase.role is "${String(g.role)}"; use "primary" (the writing region) or "secondary".`);
    }
    if (!isResolved(g.identifierPrefix) || !GLOBAL_IDENTIFIER_PREFIX_PATTERN.test(g.identifierPrefix)) {
      this.problem(
        `globalDatabase.identifierPrefix "${g.identifierPrefix}" is invalid; use a literal of lower-case letters, digits and single ` +
          `hyphens starting with a letter, derived from the environment (the same in every region), e.g. "prod-tickets".`,
      );
    }
    const longest = globalClusterIdentifier(g.identifierPrefix, p.shards);
    if (longest.length > MAX_GLOBAL_CLUSTER_IDENTIFIER_LENGTH) {
      this.problem(
        `globalDatabase.identifierPrefix is too long: "${longest}" has ${longest.length} characters, RDS allows ` +
          `${MAX_GLOBAL_CLUSTER_IDENTIFIER_LENGTH}; shorten the prefix.`,
      );
    }

    if (g.role === 'primary') {
      const version = g.masterPasswordVersion;
      if (version !== undefined && isResolved(version) && !(Number.isInteger(version) && version >= 1)) {
        this.problem(`globalDatabase.masterPasswordVersion ${version} is invalid; use a whole number from 1 (raise it by one to rotate the master password).`);
      }
      const secretName = g.masterPasswordSecretName;
      if (secretName !== undefined && isResolved(secretName) && !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(secretName)) {
        this.problem(`globalDatabase.masterPasswordSecretName "${secretName}" is not a Secrets Manager secret name; use 1 to 512 letters, digits or /_+=.@- (e.g. "itsm-scale/prod/tickets/master-password").`);
      }
      if (g.writeForwarding === true) {
        this.problem('globalDatabase.writeForwarding is true on the primary; only a secondary forwards writes (to the primary). Remove it here.');
      }
      if (p.readersPerShard === 0) {
        this.problem(
          'globalDatabase.role is "primary" but readersPerShard is 0; the primary of a global database needs at least 1 reader per ' +
            'shard so that a writer failure fails over within the region. Set readersPerShard to 1 or more (0 is allowed for a ' +
            'headless secondary and for regional databases).',
        );
      }
      return;
    }

    // Secondary.
    if (g.masterPasswordSecretName !== undefined || g.masterPasswordVersion !== undefined) {
      this.problem(
        'globalDatabase.masterPasswordSecretName / masterPasswordVersion is set on a secondary; it does not apply there (a secondary cluster ' +
          'replicates the primary, master user included, and must not set master credentials). Remove it.',
      );
    }
    if (g.writeForwarding === true && p.readersPerShard === 0) {
      this.problem(
        'globalDatabase.writeForwarding is true but readersPerShard is 0; a headless secondary has no instance to accept and ' +
          'forward writes. Set readersPerShard to 1 or more, or turn writeForwarding off.',
      );
    }
    if (g.writeForwarding === true && isResolved(engineVersion) && !profile.writeForwardingSupported(engineVersion)) {
      this.problem(
        `globalDatabase.writeForwarding needs ${profile.writeForwardingVersions}, but engineVersion is "${engineVersion}"; ` +
          `raise engineVersion or turn writeForwarding off.`,
      );
    }
    if (p.readersPerShard === 0 && p.readerAutoscaling !== undefined && p.readerAutoscaling !== false) {
      this.problem(
        'readerAutoscaling is set but this secondary is headless (readersPerShard 0); Aurora Auto Scaling needs an instance ' +
          'to start from. Remove readerAutoscaling or set readersPerShard to 1 or more.',
      );
    }
  }
}

function mapValues<T, U>(record: Readonly<Record<number, T>>, fn: (value: T) => U): Record<number, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)])) as Record<number, U>;
}
