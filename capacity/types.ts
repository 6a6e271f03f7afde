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
  /** Peak requests/s per module in the busiest hour. */
  readonly peakRequestsPerSecond: Readonly<Record<string, number>>;
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
}

export interface StepUp {
  readonly month: number;
  /** The new count (instances or shards) needed from this month. */
  readonly count: number;
}

export interface FleetPlan {
  readonly module: string;
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
  /** Parts that run exactly once, each as its own one-instance group. */
  readonly singletons: readonly string[];
  /** The module itself runs exactly once (blueprint `singleton`): one instance, no scaling; it still serves its routes. */
  readonly singleton: boolean;
  /** Months in which the peak needs more instances. */
  readonly stepUps: readonly StepUp[];
  /** True when the fleet needs more than maxInstancesPerFleet of the largest type. */
  readonly exceedsFleetLimit: boolean;
}

export interface DatabasePlan {
  readonly group: string;
  readonly modules: readonly string[];
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
  /** Peak write utilization of the busiest shard's writer at the horizon. */
  readonly writerUtilizationAtHorizon: number;
  /** Months in which another shard is needed. */
  readonly shardStepUps: readonly StepUp[];
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
  | 'standby-capacity';

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
  readonly horizonMonths: number;
  readonly tier: Tier;
  readonly targetUtilization: number;
  readonly availabilityZones: number;
  readonly timeline: readonly MonthPoint[];
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
