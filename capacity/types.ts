/** The capacity plan: what to provision for an environment's scenario and horizon. Plain data, JSON-serialisable. */

import type { SlotRange } from '../foundation/slot-map';
import { SharedServicesPlan } from './shared-services-types';

export * from './shared-services-types';
export type { SlotRange };

export type DrPosture = 'backup-restore' | 'pilot-light' | 'warm-standby' | 'active-active';
export type Tier = 'production' | 'non-production';

/** Load and data at one month of the timeline (month 0 is today). */
export interface MonthPoint {
  readonly month: number;
  readonly requesters: number;
  readonly agents: number;
  readonly ticketsPerMonth: number;
  /** Users active in the global busiest hour (requesters and agents over every location whose hours overlap it). */
  readonly concurrentUsers: number;
  /** What the plan sizes for: `concurrentUsers`, or more where a concurrency milestone is in force. */
  readonly plannedConcurrentUsers: number;
  /** Each location's population and its own busiest hour's load. */
  readonly locations: Readonly<Record<string, LocationLoad>>;
  /** Peak requests/s per module in the global busiest hour (sized for `plannedConcurrentUsers`). */
  readonly peakRequestsPerSecond: Readonly<Record<string, number>>;
  /** Requests in the month over the week's traffic shape (drives request-priced costs). */
  readonly requestsPerMonth: number;
  readonly databaseGroups: Readonly<Record<string, DatabaseLoad>>;
  /** Attachment bytes retained, in GB. */
  readonly attachmentStorageGb: number;
}

export interface DatabaseLoad {
  readonly writeTps: number;
  readonly readRps: number;
  readonly storageGb: number;
  /** Physical shards needed by this month (never falls along the timeline). */
  readonly shards: number;
  /** Shards each constraint needs this month on its own (restore: 0 unless the posture restores from backup). */
  readonly shardsNeededBy: Readonly<Record<ShardConstraint, number>>;
  /** The constraint that needs the most shards this month. */
  readonly binding: ShardConstraint;
}

/**
 * What can set a group's shard count: the blueprint's minimum, write TPS, storage, restore time against the RTO,
 * or (a group whose first shard lives in the shared cluster) keeping the shared cluster within one shard's limits.
 */
export type ShardConstraint = 'minimum' | 'writes' | 'storage' | 'restore' | 'sharedCluster';

/** One location at one month. */
export interface LocationLoad {
  readonly requesters: number;
  readonly agents: number;
  /** Users active in the location's own busiest hour. */
  readonly activeUsers: number;
  /** Requests/s in the location's own busiest hour. */
  readonly peakRequestsPerSecond: number;
}

/** A location's busiest hour, in its own time zone and in UTC. */
export interface LocationPeak {
  readonly location: string;
  readonly timeZone: string;
  readonly share: number;
  /** Local hour (0-23) of its busiest hour on its working days. */
  readonly peakHourLocal: number;
  /** The first UTC hour of the week in which it peaks. */
  readonly peakUtc: { readonly weekday: string; readonly hour: number };
}

/** The week's traffic shape over all locations. */
export interface TrafficProfile {
  readonly startDate: string;
  readonly locations: readonly LocationPeak[];
  /** The UTC hour of the week with the most load: the global busiest hour. */
  readonly globalPeakUtc: { readonly weekday: string; readonly hour: number };
  /** Load in the global busiest hour as a share of all locations peaking at once (at most 1). */
  readonly globalPeakShare: number;
  /** A month's requests per request/s of the global peak, in hours at the peak. */
  readonly peakHourEquivalentsPerMonth: number;
  /** Load in each UTC hour of the week (Monday 00:00 first), as a share of all locations peaking at once. */
  readonly hourlyShares: readonly number[];
  /** Whether some location is in its business hours, for each UTC hour of the week. */
  readonly workingHours: readonly boolean[];
}

export interface StepUp {
  readonly month: number;
  /** The new count (instances or shards) needed from this month. */
  readonly count: number;
}

export interface FleetPlan {
  /** The fleet's name: its module, or `shared` for the shared fleet (capacity.sharedFleet). */
  readonly module: string;
  /** The modules whose requests the fleet serves: its own module, or the shared fleet's members. */
  readonly modules: readonly string[];
  /**
   * The fleet that serves this module's requests when it is not its own (`shared`): the module then has
   * no instances of its own (sizes 0; its load figures stay its own) and keeps only its singleton parts.
   */
  readonly hostedBy?: string;
  readonly instanceType: string;
  /** What one instance of the type serves at 100%. */
  readonly requestsPerSecondPerInstance: number;
  /** Off-hours floor. */
  readonly minSize: number;
  /** Today's busiest-hour need. */
  readonly desiredSize: number;
  /** The horizon's busiest-hour need, with N+1 (one instance or one AZ lost) in production. */
  readonly maxSize: number;
  /** Business-hours schedule: desired goes to `desiredSize` at start and back to `minSize` at end. */
  readonly schedule: {
    readonly timeZone: string;
    readonly days: readonly string[];
    readonly startHour: number;
    readonly endHour: number;
  };
  /** Target for target-tracking policies, as a utilization fraction (lower than the target in production so that losing an AZ stays within it). */
  readonly scalingTargetUtilization: number;
  /** Requests/s per instance that target tracking aims for. */
  readonly targetRequestsPerSecondPerInstance: number;
  readonly peakRequestsPerSecondToday: number;
  readonly peakRequestsPerSecondAtHorizon: number;
  /** Utilization at the horizon's peak after the worst single failure the tier plans for. */
  readonly utilizationAtHorizonPeak: number;
  /**
   * Parts that run exactly once: each as its own one-instance group, or, with `singletonPlacement: 'lease'`, on
   * every instance of the fleet that serves the module, where only the holder of the part's lease works.
   */
  readonly singletons: readonly string[];
  /**
   * Where the module's singleton parts run: `lease` (the application holds a lease per part, so they run on the
   * serving fleet, `hostedBy` or this fleet); absent: each in a one-instance group of its own.
   */
  readonly singletonPlacement?: 'lease';
  /** The singleton parts this fleet runs under a lease (`<module>-<part>`, blueprint order); absent when none. */
  readonly leaseParts?: readonly string[];
  /** The module itself runs exactly once (blueprint `singleton`): one instance, no scaling; it still serves its routes. */
  readonly singleton: boolean;
  /** Months in which the peak needs more instances. */
  readonly stepUps: readonly StepUp[];
  /** True when the fleet needs more than maxInstancesPerFleet of the largest type. */
  readonly exceedsFleetLimit: boolean;
}

export interface DatabasePlan {
  /** The blueprint's group, or `shared`: the cluster that holds the first shard of each group of `capacity.sharedCluster`. */
  readonly group: string;
  readonly modules: readonly string[];
  /** The shared cluster only: the groups whose first shard it holds (each in its own database). */
  readonly hosts?: readonly string[];
  /** A member of the shared cluster: the cluster that holds its first shard (its own clusters hold shards 2 on). */
  readonly firstShardIn?: string;
  /** `aurora-postgresql` or `aurora-mysql`. */
  readonly engine: 'aurora-postgresql' | 'aurora-mysql';
  /** The blueprint's engine version, when it names one (else the construct's default for the engine). */
  readonly engineVersion?: string;
  /** `slots`: sharded over virtual slots; `none`: one cluster with readers. */
  readonly sharding: 'slots' | 'none';
  readonly shards: number;
  readonly slots: number;
  readonly slotMap: readonly SlotRange[];
  /** Instance class of writers and readers; `db.serverless` for Serverless v2. */
  readonly instanceClass: string;
  readonly serverless?: { readonly minAcu: number; readonly maxAcu: number };
  readonly readersPerShard: number;
  /** Readers per shard the reads need; more than `readersPerShard` when the cap (maxReadersPerShard) holds them back. */
  readonly readersNeededPerShard: number;
  readonly writeTpsAtHorizon: number;
  readonly readRpsAtHorizon: number;
  readonly storageGbAtHorizon: number;
  /** Peak write utilization of the busiest shard's writer over the provisioned window (months 0 to provisionedForMonth, the provisioned shards). */
  readonly writerUtilization: number;
  /** Months in which another shard is needed. */
  readonly shardStepUps: readonly StepUp[];
  /** The month whose need is provisioned now: the start plus the lead time (capacity.shardLeadTimeMonths), within the horizon. */
  readonly provisionedForMonth: number;
  /** The constraint that sets the provisioned shard count, and what each constraint needs at that month. */
  readonly binding: ShardConstraint;
  readonly shardsNeededBy: Readonly<Record<ShardConstraint, number>>;
  /** Shards needed after the provisioned month: when, by when to add them (lead time before), and the slots they take over. */
  readonly nextShards: readonly NextShard[];
  /** Connections to each shard's writer against its max_connections. */
  readonly connections: ConnectionBudget;
}

/** A later shard count the timeline needs. */
export interface NextShard {
  readonly month: number;
  readonly count: number;
  /** Month by which to provision it (the lead time before it is needed; 0 when that is already past). */
  readonly provisionByMonth: number;
  readonly binding: ShardConstraint;
  /** Slot ranges that move to other shards when the count grows, shard numbers 1-based. */
  readonly slotMoves: readonly SlotMove[];
}

export interface SlotMove {
  readonly firstSlot: number;
  readonly lastSlot: number;
  readonly fromShard: number;
  readonly toShard: number;
}

/**
 * Pooled connections to a shard's writer: every application instance of every module using the group
 * holds `connectionsPerInstance` to each shard (a request may touch any tenant), so more shards do not
 * relieve connections: a larger class or RDS Proxy does.
 */
export interface ConnectionBudget {
  /**
   * Pools that connect to each writer: one per application instance, at its fleet's largest size. The shared cluster's
   * writer takes one per instance per member database the instance uses (each group's pool is its own).
   */
  readonly instances: number;
  readonly connectionsPerInstance: number;
  /** Connections each writer takes at that size. */
  readonly perWriter: number;
  /** max_connections of the instance class (AWS's default parameter formula). */
  readonly maxConnections: number;
  /** What the alarm and the plan allow: max_connections at the target utilization. */
  readonly budget: number;
  /** Where max_connections comes from. */
  readonly source: string;
}

export interface DrPlan {
  readonly posture: DrPosture;
  readonly requiredRtoMinutes: number;
  readonly requiredRpoMinutes: number;
  /** What the posture achieves, with the reasoning behind the numbers. */
  readonly achievableRtoMinutes: number;
  readonly achievableRpoMinutes: number;
  readonly evidence: readonly string[];
  /** Regions that serve traffic in normal operation. */
  readonly servingRegions: readonly string[];
  readonly standbyRegions: readonly string[];
}

export interface BackupPlan {
  /** Snapshot interval; never more than the RPO. */
  readonly frequencyMinutes: number;
  /** AWS Backup schedule expression (UTC). */
  readonly scheduleExpression: string;
  /** Continuous backup (point-in-time recovery) when the RPO is under an hour. */
  readonly continuous: boolean;
  /** Recovery point the schedule guarantees within the region. */
  readonly rpoMetMinutes: number;
  readonly shortTermRetentionDays: number;
  readonly longTermRetentionDays: number;
  /** Days after which long-term recovery points move to cold storage, for resource types that support it (AWS Backup ignores it for the rest). */
  readonly coldStorageAfterDays: number;
  /** The vault lock: `governance` outside production, `compliance` (immutable after the cooling-off period) in production. */
  readonly vaultLock: VaultLockPlan;
  /** The only IAM role the vault access policy lets delete recovery points, change their lifecycle or remove the lock. */
  readonly breakGlassRoleName: string;
}

/**
 * Vault lock mode. `governance`: the break-glass role can remove the lock (throw-away environments must stay
 * deletable). `compliance`: after `coolingOffDays` from the first apply, nobody (not even the account root) can
 * shorten retention, remove the lock or delete the vault until every recovery point has expired.
 */
export type VaultLockPlan = { readonly mode: 'governance' } | { readonly mode: 'compliance'; readonly coolingOffDays: number };

export interface Threshold {
  readonly month: number;
  readonly subject: string;
  readonly message: string;
}

/** Which limit a plan problem is about. */
export type LimitKind =
  | 'readers-per-shard'
  | 'aurora-replicas-per-cluster'
  | 'writer-capacity'
  | 'db-instances-per-region'
  | 'db-clusters-per-region'
  | 'ec2-vcpus-per-region'
  | 'standby-capacity'
  | 'connections-per-writer'
  | 'singleton-replacement';

/**
 * A limit the plan runs into: a cap of the blueprint that holds capacity below the load, an AWS
 * quota the environment needs more of, or a standby that cannot carry the load it takes over.
 */
export interface PlanProblem {
  readonly kind: LimitKind;
  /** The module, database group or region concerned. */
  readonly subject: string;
  /** The region concerned, when the limit is per region. */
  readonly region?: string;
  /** The limit by name, e.g. `DB instances per region (AWS default quota)`. */
  readonly limit: string;
  /** What the plan needs, in the limit's unit. */
  readonly needed: number;
  /** What the limit allows. */
  readonly allowed: number;
  /** Where the limit comes from: the blueprint field, or the AWS page that documents it. */
  readonly source: string;
  /** What goes wrong, in a sentence. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

export interface CapacityPlan {
  readonly environment: string;
  readonly blueprint: string;
  readonly scenario: string;
  /** Month 0 of the timeline (the environment's startDate). */
  readonly startDate: string;
  readonly horizonMonths: number;
  readonly tier: Tier;
  readonly targetUtilization: number;
  readonly availabilityZones: number;
  readonly timeline: readonly MonthPoint[];
  /** The week's traffic shape: each location's busiest hour and the global one. */
  readonly traffic: TrafficProfile;
  /** The blueprint's milestones: met in which month and by what, or why not. */
  readonly milestones: readonly MilestoneResult[];
  readonly fleets: Readonly<Record<string, FleetPlan>>;
  readonly databases: Readonly<Record<string, DatabasePlan>>;
  readonly attachments: { readonly storageGbAtHorizon: number; readonly retentionYears: number };
  readonly dr: DrPlan;
  readonly backup: BackupPlan;
  readonly thresholds: readonly Threshold[];
  /** Limits the plan runs into (caps, AWS quotas, standby capacity), by kind, then subject and region; empty when none. */
  readonly problems: readonly PlanProblem[];
  /** The shared services the blueprint asks for (absent when it asks for none). */
  readonly sharedServices?: SharedServicesPlan;
  /** Where data lives under the environment's residency zones (capacity/residency-plan.ts); absent without them. */
  readonly residency?: ResidencyPlan;
  /** How each singleton comes back after it fails, judged against the RTO (capacity/singletons.ts); empty without singletons. */
  readonly singletons: readonly SingletonReplacementPlan[];
}

/** How one singleton (a module's singleton part, or a singleton module) is replaced after it fails its health check. */
export interface SingletonReplacementPlan {
  /** The singleton's name: `<module>-<part>` (its own group's fleet, or the part on its serving fleet), or the module. */
  readonly fleet: string;
  readonly module: string;
  /** `part`: a module's singleton part (no load balancer); `module`: a singleton module (behind the load balancer). */
  readonly kind: 'part' | 'module';
  /**
   * Where it runs: `own-group` (a one-instance autoscaling group of its own) or `lease` (on every instance of
   * `servingFleet`, only the lease holder working; application.singletonLease).
   */
  readonly placement: 'own-group' | 'lease';
  /** The fleet a `lease` part runs on (`shared` or its module); absent for `own-group`. */
  readonly servingFleet?: string;
  /** The lease's length (application.singletonLease.leaseSeconds); absent for `own-group`. */
  readonly leaseSeconds?: number;
  /**
   * `warm-spare`: started from a stopped, pre-initialised instance of the group's warm pool (production); `relaunch`:
   * a cold launch (for a `lease` part whose serving fleet may run one instance: the fleet's replacement takes the
   * lease); `lease`: another running instance of the serving fleet takes the expired lease.
   */
  readonly path: 'warm-spare' | 'relaunch' | 'lease';
  /**
   * What detects the failure: the load balancer's health check (`ELB`), EC2 status checks (`EC2`), or the lease's
   * expiry (`lease`: the holder stopped renewing).
   */
  readonly healthCheck: 'ELB' | 'EC2' | 'lease';
  /** Failing instance until Auto Scaling counts it unhealthy. */
  readonly detectionSeconds: number;
  /** The replacement's start until it serves (warm start or cold launch). */
  readonly startSeconds: number;
  /** Passing checks before the load balancer routes to the replacement (0 without a load balancer). */
  readonly registrationSeconds: number;
  /** Failure until the singleton serves again on this path. */
  readonly totalSeconds: number;
  /** The same with a cold launch (a warm spare's pool is empty): equals `totalSeconds` on `relaunch`. */
  readonly coldFallbackSeconds: number;
  readonly rtoMinutes: number;
  /** `totalSeconds` within the RTO. */
  readonly withinRto: boolean;
  /** How each number was derived. */
  readonly evidence: readonly string[];
}

/** One location's partition of a database group partitioned by location (`partitionBy: location`). */
export interface PartitionPlan {
  /** `<group>-<location>`: names its clusters, slot map and global clusters. */
  readonly name: string;
  readonly group: string;
  readonly location: string;
  /** The location's data home (a residency zone) and its regions there, home first. */
  readonly zone: string;
  readonly regions: readonly string[];
  /** The partition's own shards, slot map, classes and readers, planned from the location's share of the load. */
  readonly database: DatabasePlan;
}

/** Where data lives under the environment's residency zones (absent without them). */
export interface ResidencyPlan {
  readonly zones: readonly { readonly name: string; readonly regions: readonly string[]; readonly locations: readonly string[] }[];
  /** Each location: its zone, share of the requesters and time zone (blueprint order). */
  readonly locations: readonly { readonly name: string; readonly zone: string; readonly share: number; readonly timeZone: string }[];
  /** Zone whose home answers users from places no zone lists. */
  readonly defaultZone: string;
  /** Partitions by name (`<group>-<location>`), in blueprint order of groups, then locations. */
  readonly partitions: Readonly<Record<string, PartitionPlan>>;
  /** Non-partitioned groups that span zones: one global database homed in the primary, with the opt-in reason (or why none is needed). */
  readonly crossZoneGroups: Readonly<Record<string, string>>;
  /** Each zone's fleets, sized for its locations' share of the load, on its main location's business hours: its regions run these. */
  readonly zoneFleets: Readonly<Record<string, Readonly<Record<string, FleetPlan>>>>;
}

/** A blueprint milestone, judged against the plan. */
export interface MilestoneResult {
  /** The milestone as written, e.g. `10,000 concurrent users by 2027-12-31`. */
  readonly milestone: string;
  readonly kind: 'concurrent-users' | 'p95-latency';
  readonly by: string;
  /** The month the date falls in (from the start). */
  readonly byMonth: number;
  readonly met: boolean;
  /** The first month it holds (absent when it does not hold by the date or within the horizon). */
  readonly metInMonth?: number;
  /** What provides it, or why it is not met and what to change. */
  readonly detail: string;
}
