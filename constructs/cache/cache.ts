import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { logDeliveryResourcePolicy, logGroupArn } from '../core/logs-policy';
import { GLOBAL_DATASTORE_FAMILIES, GLOBAL_DATASTORE_MAX_SECONDARIES, globalDatastoreIdParameterName, globalDatastoreNodeType } from '../../foundation/global-datastore';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
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
import { isResolved, logRetentionProblem, regionProblem, ValidationProblems } from '../core/validation';
import { mergeTags } from '../core/tags';

/** The engines a {@link Cache} runs. */
export type CacheEngine = 'valkey' | 'redis';

/** What each module's user may touch: only keys and channels prefixed `<module>:`, or everything. */
export type CacheKeyspace = 'per-module' | 'shared';

/**
 * Membership of a {@link Cache} in an ElastiCache Global Datastore: the primary region's group is the writer and
 * owns the `aws_elasticache_global_replication_group`; up to two groups in other regions join it as read-only
 * secondaries that AWS keeps in sync (typically under a second behind) and that an operator promotes on failover.
 *
 * AWS names the datastore `<prefix>-<idSuffix>`, with a prefix of its own choosing, so no other region can derive the
 * full id. The primary therefore publishes it as an SSM parameter (`globalDatastoreIdParameterName(idSuffix)`) in each
 * secondary region, and each secondary reads it there: no Terraform reference crosses stacks, and a secondary region's
 * stack still plans while the primary region is down.
 */
export type CacheGlobalDatastore =
  | {
      readonly role: 'primary';
      /**
       * The part of the global datastore id we choose, 1-34 lower-case letters, digits and single hyphens (AWS
       * prefixes 5 characters and a hyphen, within 40). Every region derives the same value; it must never change.
       */
      readonly idSuffix: string;
      /** The regions whose groups join as secondaries (one or two; they receive the id parameter). */
      readonly secondaryRegions: readonly string[];
    }
  | {
      readonly role: 'secondary';
      /** The primary's {@link CacheGlobalDatastore} `idSuffix`. */
      readonly idSuffix: string;
      /** The primary's region (for the description; the id is read in this region). */
      readonly primaryRegion: string;
    };

export { globalDatastoreIdParameterName };

/** Properties of a {@link Cache}. */
export interface CacheProps extends SharedServiceProps {
  /**
   * `valkey` or `redis` (Redis OSS).
   * @default 'valkey'
   */
  readonly engine?: CacheEngine;

  /**
   * Engine version, major.minor; IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+.
   * @default - '8.0' for valkey, '7.1' for redis
   */
  readonly engineVersion?: string;

  /**
   * Node type of every node.
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;

  /**
   * Shards (node groups), 1 to 500. More than one turns cluster mode on: clients must then be cluster-aware.
   * @default 1
   */
  readonly shards?: number;

  /**
   * Replicas per shard, 1 to 5: at least one, so Multi-AZ can promote a replica when a primary or its AZ fails.
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * TCP port, 1024 to 65535.
   * @default 6379
   */
  readonly port?: number;

  /**
   * Days automatic snapshots are kept, 1 to 35.
   * @default 7
   */
  readonly snapshotRetentionDays?: number;

  /**
   * Daily snapshot window (UTC, `hh:mm-hh:mm`, at least 60 minutes, not overlapping the maintenance window).
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;

  /**
   * Weekly maintenance window (UTC, `ddd:hh:mm-ddd:hh:mm`).
   * @default 'sun:05:00-sun:06:00'
   */
  readonly maintenanceWindow?: string;

  /**
   * The users that connect, lower-case kebab (the modules). Each gets its own ElastiCache user with IAM
   * authentication (user id = user name `<userIdPrefix>-<user>`): no password exists anywhere.
   * @default - the keys of clientSecurityGroupIds
   */
  readonly users?: readonly string[];

  /**
   * The users each client of `clientSecurityGroupIds` connects as, for a client that serves several (a shared
   * fleet); a client named after a user (`incident`, `incident-sla-timer`) connects as that user.
   * @default - each client connects as the user it is named after
   */
  readonly clientUsers?: Readonly<Record<string, readonly string[]>>;

  /**
   * `per-module`: each user may use only keys and channels that start with `<user>:`; `shared`: every user may
   * use every key (for one application whose processes share keys).
   * @default 'per-module'
   */
  readonly keyspace?: CacheKeyspace;

  /**
   * How clients authenticate. `iam`: each user presents a SigV4 token (no password anywhere). `network`: for clients
   * that cannot present IAM tokens (e.g. Zammad's Redis client), each user is password-less (any client that reaches
   * the port may log in as it, within the user's key ACL): the security group is then the only gate, and the policy
   * pack's ITSM-ECA-006 flags the users until the environment accepts that with a reason.
   * @default 'iam'
   */
  readonly authentication?: CacheAuthentication;

  /**
   * Days the slow log and engine log are kept in CloudWatch Logs (a value CloudWatch accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * Replication group id, 1-40 lower-case letters, digits and single hyphens, starting with a letter.
   * @default - `<name>-cache`
   */
  readonly replicationGroupId?: string;

  /**
   * Prefix of the ElastiCache user ids (`<userIdPrefix>-<user>`, at most 40 characters). User ids are unique per
   * account and region, so a prefix without the region (e.g. the environment's name) leaves room for module names.
   * @default - the replication group id
   */
  readonly userIdPrefix?: string;

  /**
   * Join an ElastiCache Global Datastore (see {@link CacheGlobalDatastore}). A secondary inherits engine, version,
   * node type, shards and encryption settings from the primary (pass the same `shards` and `nodeType` anyway: the
   * alarms are per shard), and is read-only until promoted. Needs a node type of a Global Datastore family
   * (M5, M6g, M7g, R5, R6g, R6gd, R7g, C7gn), size large or above.
   * @default - a standalone replication group
   */
  readonly globalDatastore?: CacheGlobalDatastore;
}

const ENGINES: readonly CacheEngine[] = ['valkey', 'redis'];
const DEFAULT_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: '8.0', redis: '7.1' };
/** Oldest versions with IAM authentication. */
const IAM_AUTH_MIN_VERSION: Readonly<Record<CacheEngine, [number, number]>> = { valkey: [7, 2], redis: [7, 0] };
/**
 * Engine of the user group and its disabled default user: a "redis" group may hold Valkey and Redis OSS users
 * and a password-less (disabled) default user, and serves Valkey and Redis OSS replication groups alike.
 */
const RBAC_GROUP_ENGINE = 'redis';
/** maxclients of ElastiCache Valkey/Redis OSS nodes. */
const MAX_CLIENTS = 65_000;
/** AWS prefixes `xxxxx-` to the suffix; the whole id stays within the 40 characters of ElastiCache ids. */
const GLOBAL_ID_SUFFIX_MAX = 34;
const ELASTICACHE_ID = /^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$|^[a-z]$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

/** How a client reaches the cache (published in its runtime configuration; no secret). */
export interface CacheConnection {
  readonly endpoint: string;
  /** Present with one shard (no cluster mode). */
  readonly readerEndpoint?: string;
  readonly port: number;
  readonly tls: boolean;
  readonly clusterMode: boolean;
  readonly authentication: CacheAuthentication;
  /** The client's ElastiCache user id (with `iam`, its token is signed for this user). */
  readonly user: string;
  readonly replicationGroupId: string;
  /**
   * With `network` authentication: the URL to connect with, `rediss://<user>:nopass@<endpoint>:<port>`. The user has
   * no password (it accepts any), so `nopass` is a placeholder that makes the client AUTH as the user.
   */
  readonly url?: string;
  /** Present (true) on a Global Datastore secondary: it takes no writes until a failover promotes it. */
  readonly readOnly?: true;
}

/** How cache clients authenticate (see CacheProps.authentication). */
export type CacheAuthentication = 'iam' | 'network';

/**
 * An ElastiCache (Valkey or Redis OSS) replication group for sessions and hot data: Multi-AZ with automatic
 * failover, TLS required in transit, encrypted at rest with a customer-managed key, IAM authentication through
 * an RBAC user group (one user per module, the default user disabled: no password in YAML, state or SSM),
 * daily snapshots and a final snapshot, slow and engine logs in encrypted log groups, and alarms at the
 * utilization threshold per shard (memory, engine CPU, connections) behind one composite alarm.
 *
 * Terraform addresses are `<type>.<id>[_<part>]` with `<id>` = `logicalId(construct id)`; users, rules and
 * alarms are keyed by module name and shard number, never by position.
 */
export class Cache extends ToolkitConstruct<CacheProps> {
  /** Where clients connect: the primary endpoint (one shard) or the configuration endpoint (cluster mode). */
  public readonly endpointAddress: string;
  /** The reader endpoint (one shard only); `undefined` in cluster mode. */
  public readonly readerEndpointAddress?: string;
  public readonly port: number;
  /** True when the group has more than one shard (clients must be cluster-aware). */
  public readonly clusterMode: boolean;
  /** Always true: clients connect with TLS (`rediss://`). */
  public readonly tls = true;
  /** How clients authenticate: `iam` (a SigV4-signed token for their user id, no password) or `network` (password-less users). */
  public readonly authentication: CacheAuthentication;
  public readonly replicationGroupId: string;
  public readonly replicationGroupArn: string;
  /**
   * Id of the Global Datastore the group belongs to (created here by the primary, read from the id parameter by a
   * secondary); `undefined` for a standalone group.
   */
  public readonly globalReplicationGroupId?: string;
  /** True for a Global Datastore secondary: read-only until promoted (clients must not write to it). */
  public readonly readOnly: boolean;
  /** The ElastiCache user id (= user name) of each user. */
  public readonly userIds: Readonly<Record<string, string>>;
  /** ARN of each user; a client role needs `elasticache:Connect` on it and on `replicationGroupArn`. */
  public readonly userArns: Readonly<Record<string, string>>;
  public readonly securityGroupId: string;
  public readonly kmsKeyArn: string;
  /** Names of the metric alarms (silent) and of the composite alarm that notifies. */
  public readonly alarmNames: readonly string[];
  public readonly compositeAlarmArn: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id, props);
    const settings = this.resolve(props);
    this.validate(props, settings);

    const kmsKeyArn = this.encryptionKey(props, settings);
    const securityGroup = serviceSecurityGroup(this, this.pin, {
      groupName: settings.replicationGroupId,
      description: `ElastiCache ${settings.replicationGroupId}: clients by security group only.`,
      vpcId: props.vpcId,
      port: settings.port,
      protocolLabel: `${settings.engine} TLS`,
      clients: settings.shared.clients,
      tags: props.tags,
    });
    const subnetGroup = this.subnetGroup(props, settings);
    const users = this.users(props, settings);
    const logs = this.logGroups(props, settings, kmsKeyArn);
    const joinedId = this.joinedGlobalDatastoreId(props.globalDatastore);
    const group = this.replicationGroup(props, settings, { kmsKeyArn, securityGroupId: securityGroup.id, subnetGroupName: subnetGroup.name, userGroupId: users.group.id, logs, joinedId });
    const globalId = props.globalDatastore?.role === 'primary' ? this.globalDatastore(props, settings, props.globalDatastore, group) : joinedId;
    const alarms = this.alarms(props, settings);

    this.endpointAddress = settings.clusterMode ? group.configurationEndpointAddress : group.primaryEndpointAddress;
    if (!settings.clusterMode) this.readerEndpointAddress = group.readerEndpointAddress;
    this.port = settings.port;
    this.authentication = settings.authentication;
    this.userIds = users.userIds;
    this.userArns = users.userArns;
    this.clusterMode = settings.clusterMode;
    this.replicationGroupId = group.replicationGroupId;
    this.replicationGroupArn = group.arn;
    if (globalId !== undefined) this.globalReplicationGroupId = globalId;
    this.readOnly = props.globalDatastore?.role === 'secondary';
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = kmsKeyArn;
    this.alarmNames = [...alarms.metricAlarmNames, alarms.compositeAlarmName];
    this.compositeAlarmArn = alarms.compositeAlarmArn;
  }

  /**
   * What a client role needs to connect as `user`: `elasticache:Connect` on the replication group and on that
   * user (IAM authentication checks both), nothing else.
   */
  public clientPolicyStatements(user: string): object[] {
    this.userArnOf(user);
    // Password-less users need no IAM permission: the security group admits the client or not.
    if (this.authentication === 'network') return [];
    return [{ Sid: 'ConnectToCache', Effect: 'Allow', Action: 'elasticache:Connect', Resource: [this.replicationGroupArn, this.userArnOf(user)] }];
  }

  /** How `user` connects, for its runtime configuration: endpoints, TLS, IAM authentication as its own user id. Non-secret. */
  public connectionFor(user: string): CacheConnection {
    this.userArnOf(user);
    return {
      endpoint: this.endpointAddress,
      ...(this.readerEndpointAddress !== undefined ? { readerEndpoint: this.readerEndpointAddress } : {}),
      port: this.port,
      tls: this.tls,
      clusterMode: this.clusterMode,
      authentication: this.authentication,
      user: this.userIds[user]!,
      // The IAM token is signed for the replication group id (SigV4 host), with service name `elasticache`.
      replicationGroupId: this.replicationGroupId,
      // A password-less user accepts any password, but the client must still AUTH as it (else it is the disabled default user).
      ...(this.authentication === 'network' ? { url: `rediss://${this.userIds[user]!}:nopass@${this.endpointAddress}:${this.port}` } : {}),
      ...(this.readOnly ? { readOnly: true as const } : {}),
    };
  }

  private userArnOf(user: string): string {
    const arn = this.userArns[user];
    if (arn === undefined) throw new Error(`Cache ${this.node.path}: no user "${user}"; users are ${Object.keys(this.userArns).sort().join(', ')}`);
    return arn;
  }

  // ---- Steps ------------------------------------------------------------------------------

  private encryptionKey(props: CacheProps, s: Settings): string {
    return serviceKey(this, this.pin, props, {
      keyName: s.replicationGroupId,
      description: `Encrypts ElastiCache ${s.replicationGroupId} (data, snapshots) and its logs.`,
      partition: s.partition,
      viaServices: [`elasticache.${props.region}.amazonaws.com`],
      logGroupNamePattern: `${s.logGroupPrefix}/*`,
      dataClassification: s.shared.dataClassification,
    });
  }

  private subnetGroup(props: CacheProps, s: Settings): ElasticacheSubnetGroup {
    return this.pin(
      new ElasticacheSubnetGroup(this, 'SubnetGroup', {
        name: s.replicationGroupId,
        description: `Isolated subnets of ElastiCache ${s.replicationGroupId}.`,
        subnetIds: s.shared.zones.map(([, subnetId]) => subnetId),
        tags: mergeTags(props.tags, { Name: s.replicationGroupId }),
      }),
    );
  }

  /** An RBAC user group: the required `default` user switched off, and one IAM-authenticated user per module. */
  private users(props: CacheProps, s: Settings): { group: ElasticacheUserGroup; userIds: Record<string, string>; userArns: Record<string, string> } {
    const defaultUser = this.pin(
      new ElasticacheUser(this, 'DefaultUser', {
        userId: physicalName(s.userIdPrefix, 'default'),
        userName: 'default',
        // A user group must hold a user named "default"; this one is switched off and can do nothing. Valkey
        // users cannot be password-less, so it (and the group) use the "redis" engine, which Valkey groups accept.
        engine: RBAC_GROUP_ENGINE,
        accessString: 'off -@all',
        authenticationMode: { type: 'no-password-required' },
        tags: mergeTags(props.tags, { Name: physicalName(s.userIdPrefix, 'default') }),
      }),
      'user',
      'default',
    );
    const userIds: Record<string, string> = {};
    const userArns: Record<string, string> = {};
    const users = s.users.map((user) => {
      const userId = physicalName(s.userIdPrefix, user);
      const created = this.pin(
        new ElasticacheUser(this, `User-${user}`, {
          userId,
          // IAM authentication requires the user name to equal the user id.
          userName: userId,
          // Valkey users cannot be password-less: network-authenticated users are "redis" users (Valkey groups take them).
          engine: s.authentication === 'network' ? RBAC_GROUP_ENGINE : s.engine,
          accessString: s.keyspace === 'shared' ? 'on ~* &* +@all -@dangerous' : `on ~${user}:* &${user}:* +@all -@dangerous`,
          authenticationMode: { type: s.authentication === 'network' ? 'no-password-required' : 'iam' },
          tags: mergeTags(props.tags, { Name: userId }),
        }),
        'user',
        user,
      );
      userIds[user] = created.userId;
      userArns[user] = created.arn;
      return created;
    });
    const group = this.pin(
      new ElasticacheUserGroup(this, 'UserGroup', {
        userGroupId: s.replicationGroupId,
        engine: RBAC_GROUP_ENGINE,
        userIds: [defaultUser.userId, ...users.map((u) => u.userId)],
        tags: mergeTags(props.tags, { Name: s.replicationGroupId }),
      }),
    );
    return { group, userIds, userArns };
  }

  /** Slow log and engine log, JSON, in log groups encrypted with the key; CloudWatch's log delivery may write them. */
  private logGroups(props: CacheProps, s: Settings, kmsKeyArn: string): { groups: Record<LogKind, EncryptedLogGroup>; policy: CloudwatchLogResourcePolicy } {
    const make = (kind: LogKind) =>
      new EncryptedLogGroup(this, `Log-${kind}`, {
        pin: this.pin,
        addressParts: ['log', kind],
        name: `${s.logGroupPrefix}/${kind}`,
        kmsKeyArn,
        retentionInDays: s.logRetentionDays,
        tags: statefulServiceTags(props.tags, s.shared.dataClassification, physicalName(s.replicationGroupId, kind)),
      });
    const groups = { 'slow-log': make('slow-log'), 'engine-log': make('engine-log') };
    const policy = this.pin(
      new CloudwatchLogResourcePolicy(this, 'LogDeliveryPolicy', {
        policyName: physicalName(s.replicationGroupId, 'log-delivery'),
        policyDocument: JSON.stringify(
          logDeliveryResourcePolicy({
            sid: 'AllowElastiCacheLogDelivery',
            partition: s.partition,
            accountId: props.accountId,
            region: props.region,
            logGroupArn: logGroupArn(s.partition, props.region, props.accountId, `${s.logGroupPrefix}/*`),
          }),
        ),
      }),
      'log',
      'delivery',
    );
    return { groups, policy };
  }

  private replicationGroup(
    props: CacheProps,
    s: Settings,
    refs: {
      kmsKeyArn: string;
      securityGroupId: string;
      subnetGroupName: string;
      userGroupId: string;
      logs: { groups: Record<LogKind, EncryptedLogGroup>; policy: CloudwatchLogResourcePolicy };
      joinedId: string | undefined;
    },
  ): ElasticacheReplicationGroup {
    const member = props.globalDatastore;
    // A secondary inherits these from the global datastore; the provider rejects them next to global_replication_group_id.
    const shape =
      refs.joinedId !== undefined
        ? { globalReplicationGroupId: refs.joinedId }
        : {
            engine: s.engine,
            engineVersion: s.engineVersion,
            nodeType: s.nodeType,
            // Shards and replicas are given the same way with one shard or many, so growing into cluster mode changes
            // attributes in place instead of switching from num_cache_clusters (which would replace the group).
            clusterMode: s.clusterMode ? 'enabled' : 'disabled',
            numNodeGroups: s.shards,
            atRestEncryptionEnabled: 'true',
            transitEncryptionEnabled: true,
            transitEncryptionMode: 'required',
          };
    return this.pin(
      new ElasticacheReplicationGroup(this, 'ReplicationGroup', {
        replicationGroupId: s.replicationGroupId,
        description:
          member?.role === 'secondary'
            ? `${s.engine} for ${props.name}: read-only Global Datastore secondary of ${member.primaryRegion}, promoted on failover.`
            : `${s.engine} for ${props.name}: sessions and hot data.`,
        ...shape,
        port: s.port,
        replicasPerNodeGroup: s.replicasPerShard,
        multiAzEnabled: true,
        automaticFailoverEnabled: true,
        // The secondary's own key, in its region; encryption itself is inherited from the primary.
        kmsKeyId: refs.kmsKeyArn,
        userGroupIds: [refs.userGroupId],
        subnetGroupName: refs.subnetGroupName,
        securityGroupIds: [refs.securityGroupId],
        snapshotRetentionLimit: s.snapshotRetentionDays,
        snapshotWindow: s.snapshotWindow,
        maintenanceWindow: s.maintenanceWindow,
        finalSnapshotIdentifier: physicalName(s.replicationGroupId, 'final'),
        autoMinorVersionUpgrade: 'true',
        applyImmediately: false,
        logDeliveryConfiguration: (['slow-log', 'engine-log'] as const).map((kind) => ({
          destination: refs.logs.groups[kind].name,
          destinationType: 'cloudwatch-logs',
          logFormat: 'json',
          logType: kind,
        })),
        tags: statefulServiceTags(props.tags, s.shared.dataClassification, s.replicationGroupId),
        lifecycle: {
          preventDestroy: true,
          // In a global datastore the global group owns version, node type and shards; the primary's own copies
          // drift as the global group changes them, and must not be changed back.
          ...(member?.role === 'primary' ? { ignoreChanges: ['engine_version', 'node_type', 'num_node_groups'] } : {}),
        },
        // Log delivery checks the log groups' resource policy when the group is created.
        dependsOn: [refs.logs.policy],
      }),
    );
  }

  /**
   * The primary's global datastore, sized by the plan (growth changes it in place, and AWS applies it to every member),
   * and its full id published in each secondary region.
   */
  private globalDatastore(props: CacheProps, s: Settings, member: Extract<CacheGlobalDatastore, { role: 'primary' }>, group: ElasticacheReplicationGroup): string {
    const global = this.pin(
      new ElasticacheGlobalReplicationGroup(this, 'GlobalDatastore', {
        globalReplicationGroupIdSuffix: member.idSuffix,
        globalReplicationGroupDescription: `Global Datastore of ${props.name}: ${s.engine} replicated to ${member.secondaryRegions.join(', ')}.`,
        primaryReplicationGroupId: group.replicationGroupId,
        // No engine: the datastore takes the primary's (provider 5.x computes it; setting it is only for a later
        // Redis OSS -> Valkey move, done deliberately).
        engineVersion: s.engineVersion,
        cacheNodeType: s.nodeType,
        numNodeGroups: s.shards,
        automaticFailoverEnabled: true,
        lifecycle: {
          preventDestroy: true,
          // After a promotion AWS reports the new primary; the argument forces replacement, which would delete the datastore.
          ignoreChanges: ['primary_replication_group_id'],
        },
      }),
      'global',
    );
    for (const region of [...member.secondaryRegions].sort()) {
      this.pin(
        new SsmParameter(this, `GlobalDatastoreId-${region}`, {
          region,
          name: globalDatastoreIdParameterName(member.idSuffix),
          description: `Id of the ElastiCache Global Datastore ${member.idSuffix} (primary ${s.replicationGroupId} in ${props.region}); its secondary here joins it.`,
          type: 'String',
          value: global.globalReplicationGroupId,
          tags: mergeTags(props.tags, { Name: physicalName(member.idSuffix, 'global-id') }),
        }),
        'global',
        'id',
        region,
      );
    }
    return global.globalReplicationGroupId;
  }

  /** A secondary reads the datastore's id in its own region, where the primary published it. */
  private joinedGlobalDatastoreId(member: CacheGlobalDatastore | undefined): string | undefined {
    if (member?.role !== 'secondary') return undefined;
    return this.pin(new DataAwsSsmParameter(this, 'GlobalDatastoreId', { name: globalDatastoreIdParameterName(member.idSuffix) }), 'global', 'id').value;
  }

  /** Per shard: memory, engine CPU and connections of its busiest node, at the threshold. */
  private alarms(props: CacheProps, s: Settings) {
    const threshold = s.shared.thresholdPercent;
    const connections = Math.floor((MAX_CLIENTS * threshold) / 100);
    const window = `${s.shared.evaluationPeriods} consecutive minutes`;
    const specs: ServiceAlarmSpec[] = [];
    for (let shard = 1; shard <= s.shards; shard++) {
      const nodes = memberClusterIds(s.replicationGroupId, s.clusterMode, shard, s.replicasPerShard);
      const prefix = s.clusterMode ? `shard-${String(shard).padStart(4, '0')}-` : '';
      const where = s.clusterMode ? `shard ${shard} of ${s.replicationGroupId}` : s.replicationGroupId;
      const busiest = (metricName: string, label: string) => [
        ...nodes.map((node, index) => ({
          id: `m${index + 1}`,
          metric: { namespace: 'AWS/ElastiCache', metricName, dimensions: { CacheClusterId: node }, period: 60, stat: 'Maximum' },
          returnData: false,
        })),
        { id: 'busiest', expression: `MAX([${nodes.map((_, index) => `m${index + 1}`).join(', ')}])`, label, returnData: true },
      ];
      specs.push(
        {
          key: `${prefix}memory`,
          settings: {
            alarmDescription:
              `${where}: memory used by data above ${threshold}% on a node for ${window}. Runbook: check evictions and key growth; ` +
              'scale the node type up (online) or add shards (capacity plan); look for keys without TTL.',
            metricQuery: busiest('DatabaseMemoryUsagePercentage', 'busiest node memory %'),
            comparisonOperator: 'GreaterThanThreshold',
            threshold,
            treatMissingData: 'missing',
          },
        },
        {
          key: `${prefix}engine-cpu`,
          settings: {
            alarmDescription:
              `${where}: engine CPU above ${threshold}% on a node for ${window}. Runbook: find hot keys and slow commands ` +
              `(slow log in ${s.logGroupPrefix}/slow-log); spread reads to replicas, scale the node type up or add shards.`,
            metricQuery: busiest('EngineCPUUtilization', 'busiest node engine CPU %'),
            comparisonOperator: 'GreaterThanThreshold',
            threshold,
            treatMissingData: 'missing',
          },
        },
        {
          key: `${prefix}connections`,
          settings: {
            alarmDescription:
              `${where}: more than ${connections} connections (${threshold}% of maxclients ${MAX_CLIENTS}) on a node for ${window}. ` +
              'Runbook: look for connection leaks or a fleet that scaled beyond its pool budget; use connection pools.',
            metricQuery: busiest('CurrConnections', 'busiest node connections'),
            comparisonOperator: 'GreaterThanThreshold',
            threshold: connections,
            treatMissingData: 'missing',
          },
        },
      );
    }
    return serviceAlarms(this, this.pin, {
      alarmPrefix: s.replicationGroupId,
      subject: `Cache ${s.replicationGroupId}`,
      alarms: specs,
      evaluationPeriods: s.shared.evaluationPeriods,
      ...(props.alarmTopicArn !== undefined ? { topicArn: props.alarmTopicArn } : {}),
      tags: props.tags,
    });
  }

  // ---- Settings and validation -------------------------------------------------------------

  private resolve(props: CacheProps): Settings {
    const engine = props.engine ?? 'valkey';
    const shards = props.shards ?? 1;
    const replicationGroupId = props.replicationGroupId ?? physicalName(props.name, 'cache');
    const shared = resolveSharedServiceProps(props);
    return {
      shared,
      engine,
      engineVersion: props.engineVersion ?? DEFAULT_VERSIONS[engine] ?? DEFAULT_VERSIONS.valkey,
      nodeType: props.nodeType ?? 'cache.r7g.large',
      shards,
      clusterMode: shards > 1,
      replicasPerShard: props.replicasPerShard ?? 1,
      port: props.port ?? 6379,
      snapshotRetentionDays: props.snapshotRetentionDays ?? 7,
      snapshotWindow: props.snapshotWindow ?? '03:00-04:00',
      maintenanceWindow: props.maintenanceWindow ?? 'sun:05:00-sun:06:00',
      users: [...new Set(props.users ?? shared.clients.map(([client]) => client))].sort(),
      keyspace: props.keyspace ?? 'per-module',
      authentication: props.authentication ?? 'iam',
      logRetentionDays: props.logRetentionDays ?? 365,
      replicationGroupId,
      userIdPrefix: props.userIdPrefix ?? replicationGroupId,
      logGroupPrefix: `/aws/elasticache/${replicationGroupId}`,
      partition: partitionOf(props.region),
    };
  }

  /** Reports every problem at once, each with the fix. */
  private validate(props: CacheProps, s: Settings): void {
    const problems = new ValidationProblems();
    sharedServiceProblems(props, s.shared, problems);
    const wholeNumber = (prop: string, value: number, min: number, max: number, why = '') => {
      if (!isResolved(value) || !Number.isInteger(value) || value < min || value > max) {
        problems.add(`${prop} ${value} must be a literal whole number from ${min} to ${max}${why}`);
      }
    };
    if (!ENGINES.includes(s.engine)) problems.add(`engine "${s.engine}" is not supported; use "valkey" or "redis"`);
    const version = /^(\d+)\.(\d+)$/.exec(s.engineVersion);
    if (!version) {
      problems.add(`engineVersion "${s.engineVersion}" must be major.minor, e.g. "${DEFAULT_VERSIONS[s.engine] ?? '8.0'}"`);
    } else if (ENGINES.includes(s.engine)) {
      const [major, minor] = [Number(version[1]), Number(version[2])];
      const [minMajor, minMinor] = IAM_AUTH_MIN_VERSION[s.engine];
      if (major < minMajor || (major === minMajor && minor < minMinor)) {
        problems.add(`engineVersion "${s.engineVersion}" of ${s.engine} has no IAM authentication; use ${minMajor}.${minMinor} or later (default ${DEFAULT_VERSIONS[s.engine]})`);
      }
    }
    if (!isResolved(s.nodeType) || !/^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(s.nodeType)) {
      problems.add(`nodeType "${s.nodeType}" is not an ElastiCache node type; expected e.g. "cache.r7g.large"`);
    }
    wholeNumber('shards', s.shards, 1, 500);
    wholeNumber('replicasPerShard', s.replicasPerShard, 1, 5, ' (at least one replica per shard for Multi-AZ failover)');
    wholeNumber('port', s.port, 1024, 65535);
    wholeNumber('snapshotRetentionDays', s.snapshotRetentionDays, 1, 35, ' (0 would turn snapshots off)');
    if (!WINDOW.test(s.snapshotWindow)) problems.add(`snapshotWindow "${s.snapshotWindow}" must be "hh:mm-hh:mm" in UTC, e.g. "03:00-04:00"`);
    if (!MAINTENANCE_WINDOW.test(s.maintenanceWindow)) {
      problems.add(`maintenanceWindow "${s.maintenanceWindow}" must be "ddd:hh:mm-ddd:hh:mm" in UTC, e.g. "sun:05:00-sun:06:00"`);
    }
    problems.add(logRetentionProblem(s.logRetentionDays, 'logRetentionDays'));
    if (s.keyspace !== 'per-module' && s.keyspace !== 'shared') problems.add(`keyspace "${s.keyspace}" must be "per-module" or "shared"`);
    if (s.authentication !== 'iam' && s.authentication !== 'network') problems.add(`authentication "${String(s.authentication)}" must be "iam" or "network"`);
    const idProblem = (value: string) =>
      !ELASTICACHE_ID.test(value) ? 'must be 1-40 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen' : undefined;
    const groupProblem = idProblem(s.replicationGroupId);
    if (groupProblem !== undefined) {
      const origin = props.replicationGroupId === undefined ? ` (derived from name "${props.name}"; shorten name or pass replicationGroupId)` : '';
      problems.add(`replicationGroupId "${s.replicationGroupId}"${origin} ${groupProblem}`);
    }
    if (props.userIdPrefix !== undefined && idProblem(props.userIdPrefix) !== undefined) {
      problems.add(`userIdPrefix "${props.userIdPrefix}" ${idProblem(props.userIdPrefix)}`);
    }
    for (const user of [...s.users, 'default']) {
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(user)) {
        problems.add(`user "${user}" must be lower-case kebab-case, e.g. "incident"`);
        continue;
      }
      const userId = physicalName(s.userIdPrefix, user);
      if (groupProblem === undefined && idProblem(userId) !== undefined) {
        problems.add(`the user id "${userId}" of user "${user}" is longer than 40 characters; shorten the user name or pass a shorter userIdPrefix (or replicationGroupId)`);
      }
    }
    if (s.users.length === 0) problems.add('no users: pass users or clientSecurityGroupIds, or nothing can authenticate to the cache');
    if (props.users !== undefined) {
      const clients = new Set([...s.shared.clients.map(([client]) => client), ...Object.values(props.clientUsers ?? {}).flat()]);
      const unreachable = s.users.filter((user) => !clients.has(user));
      if (clients.size > 0 && unreachable.length > 0) {
        problems.add(`users ${unreachable.map((u) => `"${u}"`).join(', ')} have no entry in clientSecurityGroupIds, so they could never connect; add their security groups or drop them`);
      }
    }
    for (const [client, users] of Object.entries(props.clientUsers ?? {})) {
      if (!s.shared.clients.some(([known]) => known === client)) problems.add(`clientUsers["${client}"] names no client of clientSecurityGroupIds; add its security group or remove it`);
      const unknown = users.filter((user) => !s.users.includes(user));
      if (unknown.length > 0) problems.add(`clientUsers["${client}"] names ${unknown.map((u) => `"${u}"`).join(', ')}, not among the users (${s.users.join(', ')})`);
    }
    this.globalDatastoreProblems(props, s, problems);
    problems.throwIfAny('Cache', this.node.path);
  }

  /** What Global Datastore does not support, each with the fix. */
  private globalDatastoreProblems(props: CacheProps, s: Settings, problems: ValidationProblems): void {
    const member = props.globalDatastore;
    if (member === undefined) return;
    if (member.role !== 'primary' && member.role !== 'secondary') {
      problems.add(`globalDatastore.role "${String((member as { role: unknown }).role)}" must be "primary" or "secondary"`);
      return;
    }
    if (!ELASTICACHE_ID.test(member.idSuffix) || member.idSuffix.length > GLOBAL_ID_SUFFIX_MAX) {
      problems.add(
        `globalDatastore.idSuffix "${member.idSuffix}" must be 1-${GLOBAL_ID_SUFFIX_MAX} lower-case letters, digits and single hyphens, starting with a letter (AWS prefixes 6 characters within 40)`,
      );
    }
    if (!Token.isUnresolved(s.nodeType) && !globalDatastoreNodeType(s.nodeType)) {
      problems.add(
        `nodeType "${s.nodeType}" cannot be in a Global Datastore (no burstable or small types); use a type of the families ${GLOBAL_DATASTORE_FAMILIES.join(', ')} of size large or above, e.g. "cache.r7g.large", or drop globalDatastore`,
      );
    }
    if (member.role === 'primary') {
      const regions = member.secondaryRegions;
      if (regions.length < 1 || regions.length > GLOBAL_DATASTORE_MAX_SECONDARIES) {
        problems.add(`globalDatastore.secondaryRegions has ${regions.length} region(s); a Global Datastore replicates to 1 to ${GLOBAL_DATASTORE_MAX_SECONDARIES} other regions`);
      }
      for (const region of regions) {
        const problem = regionProblem(region, 'globalDatastore.secondaryRegions entry');
        if (problem !== undefined) problems.add(problem);
        else if (region === props.region) problems.add(`globalDatastore.secondaryRegions lists "${region}", the primary's own region; list the other regions`);
      }
      if (new Set(regions).size !== regions.length) problems.add('globalDatastore.secondaryRegions lists a region twice');
    } else {
      const problem = regionProblem(member.primaryRegion, 'globalDatastore.primaryRegion');
      if (problem !== undefined) problems.add(problem);
      else if (member.primaryRegion === props.region) problems.add(`globalDatastore.primaryRegion "${member.primaryRegion}" is this group's region; a secondary joins a primary of another region`);
      if (props.engineVersion !== undefined) {
        problems.add(`engineVersion "${props.engineVersion}" cannot be set on a Global Datastore secondary: it inherits the primary's version; drop engineVersion`);
      }
    }
  }
}

type LogKind = 'slow-log' | 'engine-log';

interface Settings {
  readonly shared: ResolvedSharedServiceProps;
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly shards: number;
  readonly clusterMode: boolean;
  readonly replicasPerShard: number;
  readonly port: number;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly users: readonly string[];
  readonly keyspace: CacheKeyspace;
  readonly authentication: CacheAuthentication;
  readonly logRetentionDays: number;
  readonly replicationGroupId: string;
  readonly userIdPrefix: string;
  readonly logGroupPrefix: string;
  readonly partition: string;
}

/**
 * The member cluster (node) ids ElastiCache gives the nodes of one shard: `<group>-001`, `<group>-002`, ... with one
 * shard (cluster mode disabled), `<group>-0001-001`, ... per shard in cluster mode. They are the `CacheClusterId`
 * dimension of the node metrics.
 */
export function memberClusterIds(replicationGroupId: string, clusterMode: boolean, shard: number, replicasPerShard: number): string[] {
  const nodes = Array.from({ length: 1 + replicasPerShard }, (_, i) => String(i + 1).padStart(3, '0'));
  return clusterMode ? nodes.map((n) => `${replicationGroupId}-${String(shard).padStart(4, '0')}-${n}`) : nodes.map((n) => `${replicationGroupId}-${n}`);
}
