import { CapacityPlan, DatabasePlan, DrPlan, DrPosture, FleetPlan, LimitKind, MonthPoint, PlanProblem, SingletonReplacementPlan, Tier } from '../capacity/types';
import { ownGroupParts } from '../capacity/singletons';
import { CostPlan } from '../capacity/cost';
import { CostJson, costJson } from './cost';
import { checkPlans, round } from './format';
import { failoverRunbook, Runbook, RunbookStep } from './runbook';
import { SharedServicesJson, sharedServicesJson } from './shared-services';

/**
 * The machine-readable plan report (`itsm-scale plan --format json`), documented field by field
 * in docs/plan-json.md. Stable: keys come in a fixed order (modules and groups in blueprint order,
 * scenarios in the order given) and numbers are rounded (counts of people and tickets to whole
 * numbers, everything else to 3 decimals), so the same plans always give the same bytes.
 *
 * Compatibility: adding a field keeps `schemaVersion`; renaming, removing or changing the meaning
 * of one bumps it.
 */
export interface PlanReportJson {
  /** Version of this shape. Always 3 for the shape described here (2: date-anchored plans, shards provisioned for the lead time; 3: small modules may share a fleet). */
  readonly schemaVersion: 4;
  /** Environment name (environments/<name>.yaml). */
  readonly environment: string;
  /** Blueprint name the environment is built from. */
  readonly blueprint: string;
  /** `production` or `non-production`; production plans keep N+1 (one AZ may be lost). */
  readonly tier: Tier;
  /** The date of month 0 (the environment's startDate), YYYY-MM-DD. */
  readonly startDate: string;
  /** Months from the start (month 0) to the horizon; it only extends or cuts the timeline. */
  readonly horizonMonths: number;
  /** The blueprint's target utilization, a fraction (0.8 = 80%). */
  readonly targetUtilization: number;
  /** Availability zones in the primary region. */
  readonly availabilityZones: number;
  /** One entry per scenario, keyed by scenario name, in the order the plans were given. */
  readonly scenarios: Readonly<Record<string, ScenarioReportJson>>;
}

/** The plan of one scenario. */
export interface ScenarioReportJson {
  /** Headline numbers of the scenario. */
  readonly summary: SummaryJson;
  /** The week's traffic shape: each location's busiest hour and the global one. */
  readonly traffic: TrafficJson;
  /** The blueprint's milestones, judged against the plan, in blueprint order. */
  readonly milestones: readonly MilestoneJson[];
  /** One entry per module, keyed by module name, in blueprint order, then the shared fleet (`shared`) when modules share one. */
  readonly fleets: Readonly<Record<string, FleetJson>>;
  /** One entry per database group, keyed by group name, in blueprint order. */
  readonly databases: Readonly<Record<string, DatabaseJson>>;
  /** Attachment storage (S3). */
  readonly attachments: AttachmentsJson;
  /** The backup schedule and retention. */
  readonly backup: BackupJson;
  /** The disaster-recovery posture and what it achieves. */
  readonly dr: DrJson;
  /** How each singleton comes back after it fails, against the RTO: modules' singleton parts, then singleton modules, in blueprint order. */
  readonly singletons: readonly SingletonJson[];
  /** What happens and what to run when the primary region is lost, with each step's share of the RTO, and how to fail back. */
  readonly runbook: Runbook;
  /** Months in which a fleet or database group needs more capacity, by month, then subject. */
  readonly thresholds: readonly ThresholdJson[];
  /** Limits the plan runs into (blueprint caps, AWS quotas, standby capacity), by kind, then subject and region; empty when none. */
  readonly problems: readonly ProblemJson[];
  /** Every month from 0 (today) to the horizon, in order. */
  readonly timeline: readonly MonthJson[];
  /** Cache, search cluster and shared file system with their sizes and reasoning (`null` where the blueprint asks for none). */
  readonly sharedServices: SharedServicesJson;
  /** What the plan costs month by month (`null` when the report was built without costs). */
  readonly cost: CostJson | null;
  /** Where data lives under the environment's residency zones (`null` without zones). */
  readonly residency: ResidencyJson | null;
}

/** The residency part of a scenario's plan (environment `residency`, blueprint `dataHome` and `partitionBy`). */
export interface ResidencyJson {
  /** Zones that hold regions of the environment, home region first. */
  readonly zones: readonly { readonly name: string; readonly regions: readonly string[]; readonly locations: readonly string[] }[];
  /** Zone that serves users from places no zone lists. */
  readonly defaultZone: string;
  /** Each location's data home, share of requesters and time zone, in blueprint order. */
  readonly locations: readonly { readonly name: string; readonly zone: string; readonly share: number; readonly timeZone: string }[];
  /** Each location's partition of a group partitioned by location, keyed `<group>-<location>`. */
  readonly partitions: Readonly<Record<string, { readonly group: string; readonly location: string; readonly zone: string; readonly regions: readonly string[]; readonly shards: number; readonly slots: number }>>;
  /** Groups that span zones (one global database homed in the primary), with the opt-in reason or why none is needed. */
  readonly crossZoneGroups: Readonly<Record<string, string>>;
}

/** A singleton's replacement path: what replaces it, how long until it serves again, whether that fits the RTO. */
export interface SingletonJson {
  /** The singleton's fleet: `<module>-<part>`, or the module itself. */
  readonly fleet: string;
  readonly module: string;
  /** `part` (a module's singleton part, no load balancer) or `module` (a singleton module behind the load balancer). */
  readonly kind: 'part' | 'module';
  /** `own-group` (a one-instance group of its own) or `lease` (on every instance of `servingFleet`, only the lease holder works). */
  readonly placement: 'own-group' | 'lease';
  /** The fleet a `lease` part runs on; null for `own-group`. */
  readonly servingFleet: string | null;
  /** The lease's length in seconds; null for `own-group`. */
  readonly leaseSeconds: number | null;
  /** `warm-spare` (production: a stopped, pre-initialised instance in the group's warm pool), `relaunch` (a cold launch) or `lease` (another running instance takes the expired lease). */
  readonly path: 'warm-spare' | 'relaunch' | 'lease';
  /** `ELB` (the load balancer's health check), `EC2` (status checks) or `lease` (the lease's expiry) detects the failure. */
  readonly healthCheck: 'ELB' | 'EC2' | 'lease';
  readonly detectionSeconds: number;
  readonly startSeconds: number;
  readonly registrationSeconds: number;
  /** Failure until it serves again on this path. */
  readonly totalSeconds: number;
  /** The same with a cold launch (the warm pool empty); equals `totalSeconds` on `relaunch`. */
  readonly coldFallbackSeconds: number;
  readonly rtoMinutes: number;
  readonly withinRto: boolean;
  /** How each number was derived, one step a line. */
  readonly evidence: readonly string[];
}

/** A limit the plan runs into: what it is, where it comes from, what the plan needs of it and what to do. */
export interface ProblemJson {
  /** `readers-per-shard`, `aurora-replicas-per-cluster`, `writer-capacity`, `db-instances-per-region`, `db-clusters-per-region`, `ec2-vcpus-per-region`, `standby-capacity`, `connections-per-writer` or `singleton-replacement`. */
  readonly kind: LimitKind;
  /** The database group or region concerned. */
  readonly subject: string;
  /** The region concerned, or `null` when the limit is not per region. */
  readonly region: string | null;
  /** The limit by name, saying whether it is AWS's default or the environment's `quotas` value. */
  readonly limit: string;
  /** What the plan needs, in the limit's unit (instances, clusters, vCPUs, readers, or a utilization fraction). */
  readonly needed: number;
  /** What the limit allows, in the same unit. */
  readonly allowed: number;
  /** Where the limit comes from: a blueprint field or the AWS documentation page. */
  readonly source: string;
  /** What goes wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

/** Where the load comes from in the week. */
export interface TrafficJson {
  /** The UTC hour of the week with the most load. */
  readonly globalPeakUtc: HourOfWeekJson;
  /** Load in that hour as a share of all locations peaking at once (at most 1). */
  readonly globalPeakShare: number;
  /** A month's requests per request/s of the global peak, in hours at the peak. */
  readonly peakHourEquivalentsPerMonth: number;
  /** Each location's busiest hour, in blueprint order. */
  readonly locations: readonly LocationPeakJson[];
}

/** An hour of the week in UTC. */
export interface HourOfWeekJson {
  /** `mon` to `sun`. */
  readonly weekday: string;
  /** Hour 0-23. */
  readonly hour: number;
}

/** One location's busiest hour. */
export interface LocationPeakJson {
  /** The location's name. */
  readonly location: string;
  /** Its IANA time zone. */
  readonly timeZone: string;
  /** Its share of the population. */
  readonly share: number;
  /** Local hour (0-23) of its busiest hour. */
  readonly peakHourLocal: number;
  /** The first UTC hour of the week in which it peaks. */
  readonly peakUtc: HourOfWeekJson;
}

/** A milestone and whether the plan meets it. */
export interface MilestoneJson {
  /** The milestone as written, e.g. `10,000 concurrent users by 2027-12-31`. */
  readonly milestone: string;
  /** `concurrent-users` or `p95-latency`. */
  readonly kind: string;
  /** Its date, YYYY-MM-DD. */
  readonly by: string;
  /** The month the date falls in. */
  readonly byMonth: number;
  /** True when the plan meets it. */
  readonly met: boolean;
  /** The first month it holds, or `null` when it is not met. */
  readonly metInMonth: number | null;
  /** What provides it, or why it is not met and what to change. */
  readonly detail: string;
}

/** Headline numbers of one scenario. */
export interface SummaryJson {
  /** Requesters (employees served) today. */
  readonly requestersToday: number;
  /** Requesters at the horizon. */
  readonly requestersAtHorizon: number;
  /** Agents (IT staff working tickets) today. */
  readonly agentsToday: number;
  /** Agents at the horizon. */
  readonly agentsAtHorizon: number;
  /** Tickets raised per month today. */
  readonly ticketsPerMonthToday: number;
  /** Tickets raised per month at the horizon. */
  readonly ticketsPerMonthAtHorizon: number;
  /** Sum of the fleets' desired sizes: instances running in today's busiest hour. */
  readonly instancesToday: number;
  /** Sum of the fleets' maximum sizes: instances the horizon's busiest hour may need. */
  readonly instancesAtHorizon: number;
  /** Singleton parts that run as one-instance groups of their own (parts under a lease add no instance). */
  readonly singletonInstances: number;
  /** Database shards over all groups today. */
  readonly shardsToday: number;
  /** Database shards over all groups at the horizon. */
  readonly shardsAtHorizon: number;
  /** Database storage over all groups at the horizon, in GB. */
  readonly databaseStorageGbAtHorizon: number;
  /** Attachment storage at the horizon, in GB. */
  readonly attachmentStorageGbAtHorizon: number;
  /** The first month with a threshold, or `null` when none falls within the horizon. */
  readonly firstThresholdMonth: number | null;
  /** True when some fleet needs more than the blueprint's maxInstancesPerFleet even of the largest type. */
  readonly exceedsFleetLimit: boolean;
  /** True when the DR posture achieves both the required RTO and the required RPO. */
  readonly meetsServiceLevels: boolean;
}

/** One module's fleet (an Auto Scaling group behind the load balancer). */
export interface FleetJson {
  /** EC2 instance type, e.g. `m7i.large`. */
  readonly instanceType: string;
  /** Requests/s one instance of the type serves at 100%. */
  readonly requestsPerSecondPerInstance: number;
  /** Off-hours floor of the group. */
  readonly minSize: number;
  /** Business-hours size today: today's busiest hour. */
  readonly desiredSize: number;
  /** Maximum size: the horizon's busiest hour, with N+1 (one AZ lost) in production. */
  readonly maxSize: number;
  /** Business hours, when desired goes up to `desiredSize`; outside them it goes back to `minSize`. */
  readonly schedule: ScheduleJson;
  /** Target of the target-tracking policies (CPU), a fraction; in production lower than `targetUtilization` so that losing an AZ stays within it. */
  readonly scalingTargetUtilization: number;
  /** Requests/s per instance that target tracking aims for. */
  readonly targetRequestsPerSecondPerInstance: number;
  /** The module's requests/s in today's busiest hour. */
  readonly peakRequestsPerSecondToday: number;
  /** The module's requests/s in the horizon's busiest hour. */
  readonly peakRequestsPerSecondAtHorizon: number;
  /** Utilization at the horizon's peak after the worst single failure the tier plans for, a fraction. */
  readonly utilizationAtHorizonPeak: number;
  /** Parts that run exactly once: each as its own one-instance group, or under a lease (`singletonPlacement`). */
  readonly singletons: readonly string[];
  /** Where the module's `singletons` run: `own-group` or `lease` (on the fleet that serves the module). */
  readonly singletonPlacement: 'own-group' | 'lease';
  /** The singleton parts this fleet runs under a lease (`<module>-<part>`); empty when none. */
  readonly leaseParts: readonly string[];
  /** The modules whose requests the fleet serves: its own module, or the shared fleet's members. */
  readonly modules: readonly string[];
  /** The fleet that serves this module when it is not its own (`shared`; the module then has no instances of its own: sizes 0); null otherwise. */
  readonly hostedBy: string | null;
  /** Months in which the busiest hour needs more instances, with the new count. */
  readonly stepUps: readonly StepUpJson[];
  /** True when even the largest instance type needs more than maxInstancesPerFleet instances. */
  readonly exceedsFleetLimit: boolean;
}

/** A business-hours schedule. */
export interface ScheduleJson {
  /** IANA time zone of the hours, e.g. `America/New_York`. */
  readonly timeZone: string;
  /** Working days, `mon` to `sun`, as in the blueprint. */
  readonly days: readonly string[];
  /** Hour (0–23) at which business hours start. */
  readonly startHour: number;
  /** Hour (1–24) at which business hours end. */
  readonly endHour: number;
}

/** A month from which a bigger count is needed. */
export interface StepUpJson {
  /** Month of the timeline (0 is today). */
  readonly month: number;
  /** The count (instances or shards) needed from that month. */
  readonly count: number;
}

/** One database group: a set of Aurora clusters (shards) sharing a slot space. */
export interface DatabaseJson {
  /** Modules whose data lives in the group, in blueprint order (the shared cluster: its members' modules). */
  readonly modules: readonly string[];
  /** The shared cluster (`shared`): the groups whose first shard it holds, each in its own database; `null` for a group. */
  readonly hosts: readonly string[] | null;
  /** A member of the shared cluster: the cluster holding its first shard (`shared`); its own clusters hold shards 2 on. `null` otherwise. */
  readonly firstShardIn: string | null;
  /** `aurora-postgresql` or `aurora-mysql`. */
  readonly engine: string;
  /** `slots` (sharded over virtual slots) or `none` (one cluster with readers). */
  readonly sharding: string;
  /** Physical shards (Aurora clusters) provisioned: the need at `provisionedForMonth`. */
  readonly shards: number;
  /** Virtual slots the data is hashed into; fixed for the life of the data. */
  readonly slots: number;
  /** Which slots each shard holds, as contiguous ranges, shard 1 first. */
  readonly slotMap: readonly SlotRangeJson[];
  /** Instance class of writers and readers; `db.serverless` for Aurora Serverless v2. */
  readonly instanceClass: string;
  /** The ACU range for Aurora Serverless v2, or `null` for provisioned instances. */
  readonly serverless: ServerlessJson | null;
  /** Readers per shard (besides the writer). */
  readonly readersPerShard: number;
  /** Write transactions/s of the whole group in the horizon's busiest hour. */
  readonly writeTpsAtHorizon: number;
  /** Reads/s of the whole group in the horizon's busiest hour. */
  readonly readRpsAtHorizon: number;
  /** Data stored by the whole group at the horizon, in GB. */
  readonly storageGbAtHorizon: number;
  /** Write utilization of the busiest shard's writer at the peak of months 0 to `provisionedForMonth`, a fraction. */
  readonly writerUtilization: number;
  /** Months in which another shard is needed, with the new shard count. */
  readonly shardStepUps: readonly StepUpJson[];
  /** The month whose need is provisioned: the start plus the blueprint's shard lead time, within the horizon. */
  readonly provisionedForMonth: number;
  /** `minimum`, `writes`, `storage`, `restore` or `sharedCluster`: the constraint that sets the provisioned shards. */
  readonly binding: string;
  /** Shards each constraint needs at `provisionedForMonth`. */
  readonly shardsNeededBy: ShardsNeededJson;
  /** Later shard counts: when needed, by when to provision them, and the slots that move. */
  readonly nextShards: readonly NextShardJson[];
  /** Connections to each writer against its max_connections. */
  readonly connections: ConnectionsJson;
}

/** Shards each constraint needs on its own. */
export interface ShardsNeededJson {
  /** The blueprint's minShards. */
  readonly minimum: number;
  /** For the write TPS at the target utilization. */
  readonly writes: number;
  /** For the storage at the target utilization. */
  readonly storage: number;
  /** For restoring each shard within the RTO (backup & restore only; else 0). */
  readonly restore: number;
  /** For keeping the shared cluster within one shard's limits (members of capacity.sharedCluster only; else 0). */
  readonly sharedCluster: number;
}

/** A later shard count. */
export interface NextShardJson {
  /** The month it is needed. */
  readonly month: number;
  /** The shard count from then. */
  readonly count: number;
  /** The month by which to add it (the lead time before). */
  readonly provisionByMonth: number;
  /** The constraint that needs it. */
  readonly binding: string;
  /** The slot ranges that move to another shard. */
  readonly slotMoves: readonly SlotMoveJson[];
}

/** Slots that move from one shard to another. */
export interface SlotMoveJson {
  /** First slot of the range. */
  readonly firstSlot: number;
  /** Last slot of the range (inclusive). */
  readonly lastSlot: number;
  /** The shard holding it before. */
  readonly fromShard: number;
  /** The shard holding it after. */
  readonly toShard: number;
}

/** A writer's connection budget. */
export interface ConnectionsJson {
  /** Pools held to each writer: one per application instance (fleets at their largest, singletons); the shared cluster's, one per instance per member database. */
  readonly instances: number;
  /** Pooled connections per instance. */
  readonly connectionsPerInstance: number;
  /** Connections each writer takes. */
  readonly perWriter: number;
  /** max_connections of the class (AWS's default; 0 when the class is unknown to the table). */
  readonly maxConnections: number;
  /** max_connections at the target utilization. */
  readonly budget: number;
  /** Where max_connections comes from. */
  readonly source: string;
}

/** A contiguous range of slots held by one shard. */
export interface SlotRangeJson {
  /** Shard number, from 1. */
  readonly shard: number;
  /** First slot of the range. */
  readonly firstSlot: number;
  /** Last slot of the range (inclusive). */
  readonly lastSlot: number;
}

/** Aurora Serverless v2 capacity range. */
export interface ServerlessJson {
  /** Minimum Aurora capacity units. */
  readonly minAcu: number;
  /** Maximum Aurora capacity units. */
  readonly maxAcu: number;
}

/** Attachment storage. */
export interface AttachmentsJson {
  /** Attachment bytes retained at the horizon, in GB. */
  readonly storageGbAtHorizon: number;
  /** Years attachments (and tickets) are kept. */
  readonly retentionYears: number;
}

/** The backup plan (AWS Backup). */
export interface BackupJson {
  /** Snapshot interval in minutes; never more than the RPO, hourly at best. */
  readonly frequencyMinutes: number;
  /** AWS Backup schedule expression (UTC), e.g. `cron(0 0/1 * * ? *)`. */
  readonly scheduleExpression: string;
  /** True when continuous backup (point-in-time recovery) is on: RPO under an hour. */
  readonly continuous: boolean;
  /** Recovery point the backups guarantee within the region, in minutes. */
  readonly rpoMetMinutes: number;
  /** Days daily recovery points (and continuous backup) are kept. */
  readonly shortTermRetentionDays: number;
  /** Days long-term recovery points are kept. */
  readonly longTermRetentionDays: number;
  /** Days after which long-term recovery points move to cold storage, for resource types that support it (not Aurora, not S3). */
  readonly coldStorageAfterDays: number;
  /** Vault lock mode: `governance` outside production, `compliance` in production. */
  readonly vaultLockMode: 'governance' | 'compliance';
  /** Days a compliance lock can still be changed or removed after the first apply; `null` in governance mode. */
  readonly vaultLockCoolingOffDays: number | null;
  /** The only IAM role the vault access policy lets delete recovery points, change their lifecycle or remove the lock. */
  readonly breakGlassRoleName: string;
}

/** The disaster-recovery posture. */
export interface DrJson {
  /** `backup-restore`, `pilot-light`, `warm-standby` or `active-active`: the cheapest that meets the RTO and RPO. */
  readonly posture: DrPosture;
  /** Required recovery time objective, in minutes (the environment's service levels). */
  readonly requiredRtoMinutes: number;
  /** Required recovery point objective, in minutes. */
  readonly requiredRpoMinutes: number;
  /** Recovery time the posture achieves, in minutes. */
  readonly achievableRtoMinutes: number;
  /** Recovery point the posture achieves, in minutes. */
  readonly achievableRpoMinutes: number;
  /** True when `achievableRtoMinutes` is at most `requiredRtoMinutes`. */
  readonly rtoMet: boolean;
  /** True when `achievableRpoMinutes` is at most `requiredRpoMinutes`. */
  readonly rpoMet: boolean;
  /** The reasoning behind the achievable numbers, one step a line. */
  readonly evidence: readonly string[];
  /** Regions that serve traffic in normal operation, primary first. */
  readonly servingRegions: readonly string[];
  /** Regions that stand by to take over. */
  readonly standbyRegions: readonly string[];
}

/** A month in which the load needs more capacity. */
export interface ThresholdJson {
  /** Month of the timeline (0 is today). */
  readonly month: number;
  /** The module or database group concerned. */
  readonly subject: string;
  /** What is needed, e.g. `tickets needs shard 3`. */
  readonly message: string;
}

/** Load and data at one month of the timeline. */
export interface MonthJson {
  /** Month of the timeline (0 is today). */
  readonly month: number;
  /** Requesters served. */
  readonly requesters: number;
  /** Agents working tickets. */
  readonly agents: number;
  /** Tickets raised per month. */
  readonly ticketsPerMonth: number;
  /** Users active in the global busiest hour. */
  readonly concurrentUsers: number;
  /** What the plan sizes for: `concurrentUsers`, or more where a concurrency milestone is in force. */
  readonly plannedConcurrentUsers: number;
  /** Each location's population and own busiest hour, keyed by location name, in blueprint order. */
  readonly locations: Readonly<Record<string, LocationLoadJson>>;
  /** Requests/s in the busiest hour, keyed by module name, in blueprint order. */
  readonly peakRequestsPerSecond: Readonly<Record<string, number>>;
  /** Database load, keyed by group name, in blueprint order. */
  readonly databaseGroups: Readonly<Record<string, DatabaseLoadJson>>;
  /** Attachment bytes retained, in GB. */
  readonly attachmentStorageGb: number;
}

/** One location in one month. */
export interface LocationLoadJson {
  /** Requesters at the location. */
  readonly requesters: number;
  /** Agents at the location. */
  readonly agents: number;
  /** Users active in the location's own busiest hour. */
  readonly activeUsers: number;
  /** Requests/s in the location's own busiest hour. */
  readonly peakRequestsPerSecond: number;
}

/** One database group's load in one month. */
export interface DatabaseLoadJson {
  /** Write transactions/s in the busiest hour. */
  readonly writeTps: number;
  /** Reads/s in the busiest hour. */
  readonly readRps: number;
  /** Data stored, in GB. */
  readonly storageGb: number;
  /** Physical shards needed by this month (never falls along the timeline). */
  readonly shards: number;
  /** The constraint that needs the most shards this month. */
  readonly binding: string;
}

/**
 * Builds the JSON report of one or several plans of the same environment (one per scenario).
 * The result is plain data: `JSON.stringify(planReportJson(plans), null, 2)` is the file.
 *
 * @throws Error when no plan is given, when the plans differ in environment, blueprint, tier or
 * horizon, or when a scenario is given twice.
 */
export function planReportJson(plans: readonly CapacityPlan[], costs?: readonly CostPlan[]): PlanReportJson {
  const first = checkPlans(plans, 'planReportJson');
  return {
    schemaVersion: 4,
    environment: first.environment,
    blueprint: first.blueprint,
    tier: first.tier,
    startDate: first.startDate,
    horizonMonths: first.horizonMonths,
    targetUtilization: round(first.targetUtilization),
    availabilityZones: first.availabilityZones,
    scenarios: Object.fromEntries(plans.map((plan, index) => [plan.scenario, scenarioJson(plan, costs?.[index])])),
  };
}

function scenarioJson(plan: CapacityPlan, cost: CostPlan | undefined): ScenarioReportJson {
  if (cost && (cost.scenario !== plan.scenario || cost.environment !== plan.environment)) {
    throw new Error(`planReportJson: cost of ${cost.environment}/${cost.scenario} given for the plan of ${plan.environment}/${plan.scenario}`);
  }
  const fleets = mapValues(plan.fleets, fleetJson);
  const databases = mapValues(plan.databases, databaseJson);
  const dr = drJson(plan.dr);
  return {
    summary: summaryJson(plan, dr),
    traffic: {
      globalPeakUtc: { weekday: plan.traffic.globalPeakUtc.weekday, hour: plan.traffic.globalPeakUtc.hour },
      globalPeakShare: round(plan.traffic.globalPeakShare),
      peakHourEquivalentsPerMonth: round(plan.traffic.peakHourEquivalentsPerMonth),
      locations: plan.traffic.locations.map((l) => ({
        location: l.location,
        timeZone: l.timeZone,
        share: round(l.share),
        peakHourLocal: l.peakHourLocal,
        peakUtc: { weekday: l.peakUtc.weekday, hour: l.peakUtc.hour },
      })),
    },
    milestones: plan.milestones.map((m) => ({
      milestone: m.milestone,
      kind: m.kind,
      by: m.by,
      byMonth: m.byMonth,
      met: m.met,
      metInMonth: m.metInMonth ?? null,
      detail: m.detail,
    })),
    fleets,
    databases,
    attachments: { storageGbAtHorizon: round(plan.attachments.storageGbAtHorizon), retentionYears: plan.attachments.retentionYears },
    backup: {
      frequencyMinutes: plan.backup.frequencyMinutes,
      scheduleExpression: plan.backup.scheduleExpression,
      continuous: plan.backup.continuous,
      rpoMetMinutes: plan.backup.rpoMetMinutes,
      shortTermRetentionDays: plan.backup.shortTermRetentionDays,
      longTermRetentionDays: plan.backup.longTermRetentionDays,
      coldStorageAfterDays: plan.backup.coldStorageAfterDays,
      vaultLockMode: plan.backup.vaultLock.mode,
      vaultLockCoolingOffDays: plan.backup.vaultLock.mode === 'compliance' ? plan.backup.vaultLock.coolingOffDays : null,
      breakGlassRoleName: plan.backup.breakGlassRoleName,
    },
    dr,
    singletons: plan.singletons.map(singletonJson),
    runbook: runbookJson(failoverRunbook(plan)),
    thresholds: plan.thresholds.map((t) => ({ month: t.month, subject: t.subject, message: t.message })),
    problems: plan.problems.map(problemJson),
    timeline: plan.timeline.map(monthJson),
    sharedServices: sharedServicesJson(plan),
    cost: cost ? costJson(plan, cost) : null,
    residency: plan.residency ? residencyJson(plan.residency) : null,
  };
}

function residencyJson(residency: NonNullable<CapacityPlan['residency']>): ResidencyJson {
  return {
    zones: residency.zones.map((z) => ({ name: z.name, regions: [...z.regions], locations: [...z.locations] })),
    defaultZone: residency.defaultZone,
    locations: residency.locations.map((l) => ({ name: l.name, zone: l.zone, share: round(l.share), timeZone: l.timeZone })),
    partitions: Object.fromEntries(
      Object.values(residency.partitions).map((p) => [p.name, { group: p.group, location: p.location, zone: p.zone, regions: [...p.regions], shards: p.database.shards, slots: p.database.slots }]),
    ),
    crossZoneGroups: { ...residency.crossZoneGroups },
  };
}

function summaryJson(plan: CapacityPlan, dr: DrJson): SummaryJson {
  const today = plan.timeline[0];
  const last = plan.timeline[plan.timeline.length - 1];
  const fleets = Object.values(plan.fleets);
  // Shards and storage of the groups: the shared cluster holds their first shards, which they count already.
  const databases = Object.values(plan.databases).filter((d) => d.hosts === undefined);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    requestersToday: whole(today?.requesters ?? 0),
    requestersAtHorizon: whole(last?.requesters ?? 0),
    agentsToday: whole(today?.agents ?? 0),
    agentsAtHorizon: whole(last?.agents ?? 0),
    ticketsPerMonthToday: whole(today?.ticketsPerMonth ?? 0),
    ticketsPerMonthAtHorizon: whole(last?.ticketsPerMonth ?? 0),
    instancesToday: sum(fleets.map((f) => f.desiredSize)),
    instancesAtHorizon: sum(fleets.map((f) => f.maxSize)),
    singletonInstances: sum(fleets.map((f) => ownGroupParts(f).length)),
    shardsToday: sum(databases.map((d) => today?.databaseGroups[d.group]?.shards ?? 0)),
    shardsAtHorizon: sum(databases.map((d) => d.shards)),
    databaseStorageGbAtHorizon: round(sum(databases.map((d) => d.storageGbAtHorizon))),
    attachmentStorageGbAtHorizon: round(plan.attachments.storageGbAtHorizon),
    firstThresholdMonth: plan.thresholds.length > 0 ? Math.min(...plan.thresholds.map((t) => t.month)) : null,
    exceedsFleetLimit: fleets.some((f) => f.exceedsFleetLimit),
    meetsServiceLevels: dr.rtoMet && dr.rpoMet,
  };
}

function singletonJson(s: SingletonReplacementPlan): SingletonJson {
  return {
    fleet: s.fleet,
    module: s.module,
    kind: s.kind,
    placement: s.placement,
    servingFleet: s.servingFleet ?? null,
    leaseSeconds: s.leaseSeconds ?? null,
    path: s.path,
    healthCheck: s.healthCheck,
    detectionSeconds: s.detectionSeconds,
    startSeconds: s.startSeconds,
    registrationSeconds: s.registrationSeconds,
    totalSeconds: s.totalSeconds,
    coldFallbackSeconds: s.coldFallbackSeconds,
    rtoMinutes: s.rtoMinutes,
    withinRto: s.withinRto,
    evidence: [...s.evidence],
  };
}

function problemJson(p: PlanProblem): ProblemJson {
  return {
    kind: p.kind,
    subject: p.subject,
    region: p.region ?? null,
    limit: p.limit,
    needed: round(p.needed),
    allowed: round(p.allowed),
    source: p.source,
    message: p.message,
    fix: p.fix,
  };
}

function fleetJson(fleet: FleetPlan): FleetJson {
  return {
    instanceType: fleet.instanceType,
    requestsPerSecondPerInstance: round(fleet.requestsPerSecondPerInstance),
    minSize: fleet.minSize,
    desiredSize: fleet.desiredSize,
    maxSize: fleet.maxSize,
    schedule: {
      timeZone: fleet.schedule.timeZone,
      days: [...fleet.schedule.days],
      startHour: fleet.schedule.startHour,
      endHour: fleet.schedule.endHour,
    },
    scalingTargetUtilization: round(fleet.scalingTargetUtilization),
    targetRequestsPerSecondPerInstance: round(fleet.targetRequestsPerSecondPerInstance),
    peakRequestsPerSecondToday: round(fleet.peakRequestsPerSecondToday),
    peakRequestsPerSecondAtHorizon: round(fleet.peakRequestsPerSecondAtHorizon),
    utilizationAtHorizonPeak: round(fleet.utilizationAtHorizonPeak),
    singletons: [...fleet.singletons],
    singletonPlacement: fleet.singletonPlacement ?? 'own-group',
    leaseParts: [...(fleet.leaseParts ?? [])],
    modules: [...fleet.modules],
    hostedBy: fleet.hostedBy ?? null,
    stepUps: fleet.stepUps.map((s) => ({ month: s.month, count: s.count })),
    exceedsFleetLimit: fleet.exceedsFleetLimit,
  };
}

function databaseJson(db: DatabasePlan): DatabaseJson {
  return {
    modules: [...db.modules],
    hosts: db.hosts ? [...db.hosts] : null,
    firstShardIn: db.firstShardIn ?? null,
    engine: db.engine,
    sharding: db.sharding,
    shards: db.shards,
    slots: db.slots,
    slotMap: db.slotMap.map((r) => ({ shard: r.shard, firstSlot: r.firstSlot, lastSlot: r.lastSlot })),
    instanceClass: db.instanceClass,
    serverless: db.serverless ? { minAcu: round(db.serverless.minAcu), maxAcu: round(db.serverless.maxAcu) } : null,
    readersPerShard: db.readersPerShard,
    writeTpsAtHorizon: round(db.writeTpsAtHorizon),
    readRpsAtHorizon: round(db.readRpsAtHorizon),
    storageGbAtHorizon: round(db.storageGbAtHorizon),
    writerUtilization: round(db.writerUtilization),
    shardStepUps: db.shardStepUps.map((s) => ({ month: s.month, count: s.count })),
    provisionedForMonth: db.provisionedForMonth,
    binding: db.binding,
    shardsNeededBy: { minimum: db.shardsNeededBy.minimum, writes: db.shardsNeededBy.writes, storage: db.shardsNeededBy.storage, restore: db.shardsNeededBy.restore, sharedCluster: db.shardsNeededBy.sharedCluster },
    nextShards: db.nextShards.map((n) => ({
      month: n.month,
      count: n.count,
      provisionByMonth: n.provisionByMonth,
      binding: n.binding,
      slotMoves: n.slotMoves.map((m) => ({ firstSlot: m.firstSlot, lastSlot: m.lastSlot, fromShard: m.fromShard, toShard: m.toShard })),
    })),
    connections: { ...db.connections },
  };
}

function drJson(dr: DrPlan): DrJson {
  return {
    posture: dr.posture,
    requiredRtoMinutes: dr.requiredRtoMinutes,
    requiredRpoMinutes: dr.requiredRpoMinutes,
    achievableRtoMinutes: dr.achievableRtoMinutes,
    achievableRpoMinutes: dr.achievableRpoMinutes,
    rtoMet: dr.achievableRtoMinutes <= dr.requiredRtoMinutes,
    rpoMet: dr.achievableRpoMinutes <= dr.requiredRpoMinutes,
    evidence: [...dr.evidence],
    servingRegions: [...dr.servingRegions],
    standbyRegions: [...dr.standbyRegions],
  };
}

/** The runbook as plain data, keys in the documented order (docs/plan-json.md). */
function runbookJson(runbook: Runbook): Runbook {
  return {
    environment: runbook.environment,
    posture: runbook.posture,
    event: runbook.event,
    primaryRegion: runbook.primaryRegion,
    recoveryRegion: runbook.recoveryRegion,
    stacks: { primary: runbook.stacks.primary, recovery: runbook.stacks.recovery, global: runbook.stacks.global },
    globalClusters: runbook.globalClusters.map((c) => ({
      group: c.group,
      shard: c.shard,
      globalClusterIdentifier: c.globalClusterIdentifier,
      primaryClusterIdentifier: c.primaryClusterIdentifier,
      recoveryClusterIdentifier: c.recoveryClusterIdentifier,
    })),
    backupVault: { region: runbook.backupVault.region, name: runbook.backupVault.name },
    failover: runbook.failover.map(stepJson),
    failback: runbook.failback.map(stepJson),
    totals: {
      failoverMinutes: runbook.totals.failoverMinutes,
      automaticMinutes: runbook.totals.automaticMinutes,
      operatorMinutes: runbook.totals.operatorMinutes,
      achievableRtoMinutes: runbook.totals.achievableRtoMinutes,
      requiredRtoMinutes: runbook.totals.requiredRtoMinutes,
      failbackMinutes: runbook.totals.failbackMinutes,
    },
    rpo: { achievableMinutes: runbook.rpo.achievableMinutes, requiredMinutes: runbook.rpo.requiredMinutes, evidence: [...runbook.rpo.evidence] },
    notes: [...runbook.notes],
  };
}

function stepJson(step: RunbookStep): RunbookStep {
  return {
    actor: step.actor,
    title: step.title,
    timing: step.timing,
    budgetMinutes: step.budgetMinutes,
    commands: [...step.commands],
    explanation: step.explanation,
  };
}

function monthJson(point: MonthPoint): MonthJson {
  return {
    month: point.month,
    requesters: whole(point.requesters),
    agents: whole(point.agents),
    ticketsPerMonth: whole(point.ticketsPerMonth),
    concurrentUsers: whole(point.concurrentUsers),
    plannedConcurrentUsers: whole(point.plannedConcurrentUsers),
    locations: mapValues(point.locations, (l) => ({
      requesters: whole(l.requesters),
      agents: whole(l.agents),
      activeUsers: whole(l.activeUsers),
      peakRequestsPerSecond: round(l.peakRequestsPerSecond),
    })),
    peakRequestsPerSecond: mapValues(point.peakRequestsPerSecond, (rps) => round(rps)),
    databaseGroups: mapValues(point.databaseGroups, (load) => ({
      writeTps: round(load.writeTps),
      readRps: round(load.readRps),
      storageGb: round(load.storageGb),
      shards: load.shards,
      binding: load.binding,
    })),
    attachmentStorageGb: round(point.attachmentStorageGb),
  };
}

/** Counts of people and tickets: whole numbers. */
function whole(value: number): number {
  return round(value, 0);
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}
