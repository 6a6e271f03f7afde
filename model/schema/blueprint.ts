import { z } from 'zod';
import { ApplicationContract, ModuleApplication } from './application';
import { checkDatabaseEngine, DatabaseEngine, EngineVersion, Sharding } from './database-engine';
import { ROUTING_SLOTS } from '../../foundation/alb-routing';
import { SHARED_CLUSTER, SHARED_FLEET } from '../../foundation/resource-names';
import { Identifier, NonNegativeNumber, PositiveInt, PositiveNumber, ServiceLevels, Share, ShareOrZero, TimeZone, Weekday } from './common';
import { checkSharedServices, SharedServicesSchema } from './shared-services';
import { BusinessHours, Concurrency, Milestone, RetiredWorkloadFields, retiredWorkloadFields, Scenario } from './growth';

const Location = z.strictObject({
  name: Identifier.describe('Short name of the site or country group, e.g. "emea".'),
  share: Share.describe('Share of requesters at this location (all locations add up to 1).'),
  timeZone: TimeZone.describe('IANA time zone of the location, e.g. "Europe/Berlin".'),
  businessHours: BusinessHours.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 8, endHour: 18 }),
  dataHome: Identifier.optional().describe("Residency zone (a key of the environment's residency.zones) that holds this location's data; every copy stays in it."),
});

const Population = z
  .strictObject({
    requesters: PositiveInt.describe('Employees served today (people who raise tickets and use the portal).'),
    agents: PositiveInt.describe('IT staff working tickets today.'),
    locations: z.array(Location).min(1).describe('Where the requesters are; shares add up to 1.'),
  })
  .describe("Today's population.");

const Workload = z
  .strictObject({
    ticketsPerRequesterPerMonth: PositiveNumber.describe(
      'Service-desk contacts per requester per month. Public figure: ~1.95 (MetricNet, North America, c.2012).',
    ),
    ticketsPerAgentPerYear: PositiveNumber.describe(
      'Contacts one service-desk FTE handles per year; agents grow with tickets. Public figure: ~6,379 (Gartner IT Key Metrics 2018).',
    ),
    concurrency: Concurrency,
    ...RetiredWorkloadFields,
    configurationItemsPerRequester: NonNegativeNumber.describe(
      'CMDB objects per requester. Public figure: ~48 in Atlassian\'s enterprise-scale JSM test dataset.',
    ),
    attachmentsPerTicket: NonNegativeNumber.describe("Attachments per ticket. Public figure: ~2 (Atlassian's JSM test dataset)."),
    attachmentSizeKb: PositiveNumber.describe('Average attachment size in KB. Vendor estimate: ~200 KB.'),
    retentionYears: z.number().int().min(1).max(100).describe('Years tickets, attachments and backups are kept.'),
  })
  .superRefine(retiredWorkloadFields)
  .describe('The load the organisation makes. Public figures are defaults to override, never truths.');

const Schedule = z
  .strictObject({
    timeZone: TimeZone.describe('IANA time zone the business hours are in.'),
    days: z.array(Weekday).min(1).describe('Working days, e.g. [mon, tue, wed, thu, fri].'),
    startHour: z.number().int().min(0).max(23).describe('Hour (0-23) when business hours start.'),
    endHour: z.number().int().min(1).max(24).describe('Hour (1-24) when business hours end; after startHour.'),
    offHoursShare: ShareOrZero.default(0.25).describe("Off-hours load as a share of the busiest hour's load; sizes the off-hours minimum."),
  })
  .refine((s) => s.endHour > s.startHour, { error: 'endHour must be after startHour', path: ['endHour'] })
  .describe("The module's business hours; the fleet scales down outside them. Default: derived from the locations' business hours, in UTC (every weekday some location works, from the earliest start to the latest end).");

const ModuleStorage = z
  .strictObject({
    kbPerTicket: NonNegativeNumber.default(0).describe("KB stored in the database group per ticket that is this module's record (see ticketShare)."),
    ticketShare: ShareOrZero.default(1).describe(
      "Share of all tickets that are this module's records and charge kbPerTicket (e.g. incident 0.65, change 0.1). Default 1: every ticket (links, audit entries the module keeps for each).",
    ),
    existingGb: NonNegativeNumber.default(0).describe('GB the module holds today or will migrate in at the start; growth adds to it.'),
    kbPerConfigurationItem: NonNegativeNumber.default(0).describe('KB stored per CMDB configuration item.'),
    kbPerRequester: NonNegativeNumber.default(0).describe('KB stored per requester (profiles, articles, catalog items).'),
  })
  .describe('What the module writes to its database group.');

const HealthCheck = z.strictObject({
  path: z.string().regex(/^\/[\x21-\x7e]*$/, { error: 'must be an absolute URL path such as "/healthz"' }).describe('Path the load balancer checks on each instance.'),
  matcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3})*$/, { error: 'must be HTTP codes such as "200" or "200-299"' }).default('200').describe('HTTP codes that count as healthy.'),
  intervalSeconds: z.number().int().min(5).max(300).default(15).describe('Seconds between health checks.'),
  healthyThreshold: z.number().int().min(2).max(10).default(3).describe('Consecutive passes before an instance counts as healthy.'),
  unhealthyThreshold: z.number().int().min(2).max(10).default(3).describe('Consecutive failures before an instance counts as unhealthy.'),
  gracePeriodSeconds: z
    .number()
    .int()
    .min(0)
    .max(7200)
    .optional()
    .describe("Seconds after launch before failed checks replace an instance. Default: the application's startupSeconds."),
}).describe('How the load balancer checks the module\'s instances.');

const Module = z
  .strictObject({
    description: z.string().optional().describe('What the module does.'),
    trafficShare: Share.describe("Share of the platform's requests this module serves (all modules add up to 1)."),
    readShare: ShareOrZero.describe('Share of its requests that only read (the rest write to its database group).'),
    databaseGroup: Identifier.describe('Database group (a key of databaseGroups) that holds its data.'),
    schedule: Schedule.optional(),
    storage: ModuleStorage.default({ kbPerTicket: 0, ticketShare: 1, existingGb: 0, kbPerConfigurationItem: 0, kbPerRequester: 0 }),
    singletons: z
      .array(Identifier)
      .default([])
      .describe('Parts that must run exactly once and never scale out (e.g. an SLA timer or scheduler).'),
    singleton: z
      .boolean()
      .default(false)
      .describe(
        "The module itself runs exactly once across the environment: one instance in the primary region, none elsewhere until a failover starts it (e.g. Zammad's websocket server). It keeps its target group, routes and health check, and never scales.",
      ),
    uiPaths: z.array(z.string().regex(/^\/[\x21-\x7e]*$/)).default([]).describe('UI path patterns routed to the module besides /api/<module>/*.'),
    healthCheck: HealthCheck.default({ path: '/healthz', matcher: '200', intervalSeconds: 15, healthyThreshold: 3, unhealthyThreshold: 3 }),
    routingSlot: z
      .number()
      .int()
      .min(1)
      .max(ROUTING_SLOTS)
      .optional()
      .describe(`Load-balancer routing slot (1-${ROUTING_SLOTS}) that orders the module's listener rules; by default a hash of the module name. Set it only when two modules hash to the same slot, and never change it afterwards.`),
    slowToJoin: z.boolean().default(false).describe('Instances take long to warm up; keep a warm pool.'),
    application: ModuleApplication.optional(),
  })
  .describe('An ITSM module; each scales on its own.');

/** Aurora Serverless v2 capacity comes in steps of 0.5 ACU. */
const halfSteps = (value: number): boolean => Number.isInteger(value * 2);
const HALF_STEPS = { error: 'must be a multiple of 0.5 (Aurora capacity units come in steps of 0.5)' };

const DatabaseGroup = z
  .strictObject({
    description: z.string().optional().describe('What the group holds.'),
    slots: z
      .number()
      .int()
      .min(64)
      .max(65536)
      .default(4096)
      .describe('Fixed number of virtual slots, assigned to physical shards; never changes once data exists.'),
    minShards: PositiveInt.default(1).describe('Shards to provision at least.'),
    serverless: z
      .strictObject({
        minAcu: z.number().min(0).max(256).refine(halfSteps, HALF_STEPS).describe('Smallest capacity in Aurora capacity units, in steps of 0.5 (0 allows auto-pause).'),
        maxAcu: z.number().min(1).max(256).refine(halfSteps, HALF_STEPS).describe('Largest capacity in Aurora capacity units, in steps of 0.5.'),
      })
      .refine((s) => s.maxAcu >= s.minAcu, { error: 'maxAcu must be at least minAcu', path: ['maxAcu'] })
      .optional()
      .describe('Use Aurora Serverless v2 with this ACU range instead of provisioned classes.'),
    engine: DatabaseEngine,
    engineVersion: EngineVersion,
    sharding: Sharding,
    partitionBy: z
      .enum(['location'])
      .optional()
      .describe("location: each location's data lives in its own shard set (own slot map), homed in its data home's zone. Default: one shard set for everyone."),
    partitionMinShards: z
      .record(Identifier, PositiveInt)
      .optional()
      .describe('With partitionBy: location, shards to provision at least in a location\'s partition, by location name (grows one partition alone). Default: minShards.'),
    personalData: z
      .boolean()
      .default(true)
      .describe('The group holds personal data (people, their tickets). A group that does not (a shared catalog, reference data) may be copied across zones.'),
  })
  .superRefine(checkDatabaseEngine)
  .describe('Aurora clusters (PostgreSQL or MySQL; sharded over virtual slots, or one cluster) holding some modules\' data.');

const InstanceType = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an EC2 instance type such as "m7i.large"' }).describe('EC2 instance type.'),
  requestsPerSecond: PositiveNumber.describe('Requests/s one instance serves at 100% utilization.'),
  memoryGib: PositiveNumber.optional().describe(
    "Memory (GiB) of one instance, checked against capacity.minInstanceMemoryGib. Default: the EC2 catalog's figure for the m, c and r families (4, 2 and 8 GiB per vCPU); other types must state it when a minimum is set.",
  ),
});

const WriterClass = z.strictObject({
  class: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be an Aurora instance class such as "db.r7g.large"' }).describe('Aurora instance class for writers and readers.'),
  writeTps: PositiveNumber.describe('Write transactions/s one writer of this class sustains at 100%.'),
  readRps: PositiveNumber.describe('Read queries/s one reader of this class serves at 100%.'),
});

const Capacity = z
  .strictObject({
    targetUtilization: z.number().gt(0).lte(1).default(0.8).describe('Provision so nothing runs above this at the horizon peak.'),
    instanceTypes: z
      .array(InstanceType)
      .min(1)
      .describe('Instance types a fleet may use, smallest first; the smallest that keeps a fleet within maxInstancesPerFleet is chosen.'),
    maxInstancesPerFleet: z.number().int().min(2).max(1000).default(20).describe('Largest fleet before a bigger instance type is chosen.'),
    minInstanceMemoryGib: PositiveNumber.optional().describe(
      'Least memory (GiB) an instance of the application needs (its JVM heap, caches and headroom): fleets and singleton parts use only instance types with at least this much, and the default sharing threshold is the smallest of those. Default: no minimum (every listed type).',
    ),
    writerClasses: z.array(WriterClass).min(1).describe('Aurora instance classes, smallest first.'),
    shardWriteTps: PositiveNumber.describe('Write TPS one shard is designed to carry at 100%; more writes add shards.'),
    shardStorageGb: PositiveNumber.describe('Storage one shard is designed to hold; more data adds shards.'),
    maxReadersPerShard: z.number().int().min(1).max(15).default(5).describe('Aurora allows 15 replicas; keep headroom.'),
    shardLeadTimeMonths: z
      .number()
      .int()
      .min(0)
      .max(120)
      .default(6)
      .describe('Shards are provisioned for the load this many months after the start (and the plan lists when later ones are needed), not for the whole horizon.'),
    connectionsPerInstance: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe("Pooled database connections each application instance holds to each shard's writer (HikariCP's default pool is 10)."),
    sharedFleet: z
      .strictObject({
        belowRequestsPerSecond: PositiveNumber.optional().describe(
          'A module shares while its busiest hour over the whole plan stays below this many requests/s. Default: what one instance of the smallest type carries within target (its requestsPerSecond × targetUtilization): a module that needs less than one instance of its own.',
        ),
        modules: z
          .array(Identifier)
          .min(2)
          .optional()
          .describe('The modules that may share. Default: every module that runs the blueprint-wide application (no own image, userData, port or startupSeconds) and is not a singleton.'),
      })
      .optional()
      .describe(
        'Opt-in: small modules run together on one fleet, `shared`, sized for the sum of their loads (each keeps its target group, routes, health check, configuration and grants). Default: every module has its own fleet.',
      ),
    sharedCluster: z
      .strictObject({
        groups: z
          .array(Identifier)
          .min(2)
          .optional()
          .describe('The database groups whose first shard lives in the shared cluster, all of one engine and version. Default: every group that can (not serverless, not partitioned by location) of the first such group\'s engine and version.'),
      })
      .optional()
      .describe(
        'Opt-in: the first shard of each member group lives in one Aurora cluster, `shared` (each group in its own database), sized for the sum of their first shards; later shards are clusters of their own, so growth never moves a cluster. Each member has a fixed share of one shard\'s limits (by what it writes and stores per requester) and adds shards when its first shard would outgrow it. Default: every group has its own clusters.',
      ),
    restoreGbPerHour: PositiveNumber.default(250).describe(
      'GB a shard restores per hour from a snapshot; under backup & restore, shards stay small enough to restore within the RTO. Our estimate: measure yours with a restore drill.',
    ),
  })
  .describe('What one instance, writer and shard can carry.');

/** What a blueprint file holds. */
export const BlueprintSchema = z
  .strictObject({
    name: Identifier.describe('Blueprint name; must equal the file name without .yaml.'),
    description: z.string().min(1).describe('What the blueprint describes, for people.'),
    population: Population,
    workload: Workload,
    modules: z.record(Identifier, Module).describe('ITSM modules by name (incident, change, problem, asset, cmdb, knowledge, catalog, ...).'),
    databaseGroups: z.record(Identifier, DatabaseGroup).describe('Database groups by name.'),
    scenarios: z.record(Identifier, Scenario).describe('Growth scenarios by name; conservative, moderate and aggressive are required.'),
    milestones: z.array(Milestone).max(50).default([]).describe('SMART milestones the plan reports on (met in which month, by what, or why not); concurrency milestones are sized for.'),
    serviceLevels: ServiceLevels,
    capacity: Capacity,
    sharedServices: SharedServicesSchema.optional(),
    application: ApplicationContract,
  })
  .superRefine((bp, ctx) => {
    for (const required of ['conservative', 'moderate', 'aggressive']) {
      if (!(required in bp.scenarios)) {
        ctx.addIssue({ code: 'custom', path: ['scenarios'], message: `missing scenario "${required}" (conservative, moderate and aggressive are required; more are allowed)` });
      }
    }
    for (const [name, scenario] of Object.entries(bp.scenarios)) {
      const issue = shrinkingScenario(scenario, bp.population.requesters);
      if (issue) ctx.addIssue({ code: 'custom', path: ['scenarios', name, 'requesters'], message: issue });
    }
    bp.milestones.forEach((milestone, index) => {
      if (milestone.module !== undefined && !(milestone.module in bp.modules)) {
        ctx.addIssue({ code: 'custom', path: ['milestones', index, 'module'], message: `unknown module "${milestone.module}" (one of: ${Object.keys(bp.modules).join(', ')})` });
      }
    });
    const moduleNames = Object.keys(bp.modules);
    if (moduleNames.length === 0) ctx.addIssue({ code: 'custom', path: ['modules'], message: 'at least one module is required' });
    const trafficTotal = moduleNames.reduce((sum, name) => sum + (bp.modules[name]?.trafficShare ?? 0), 0);
    if (moduleNames.length > 0 && Math.abs(trafficTotal - 1) > 1e-6) {
      ctx.addIssue({ code: 'custom', path: ['modules'], message: `trafficShare of all modules adds up to ${round(trafficTotal)} (must add up to 1)` });
    }
    const locationTotal = bp.population.locations.reduce((sum, l) => sum + l.share, 0);
    if (Math.abs(locationTotal - 1) > 1e-6) {
      ctx.addIssue({ code: 'custom', path: ['population', 'locations'], message: `share of all locations adds up to ${round(locationTotal)} (must add up to 1)` });
    }
    const defaultModule = bp.application.defaultModule;
    if (defaultModule !== undefined && !moduleNames.includes(defaultModule)) {
      ctx.addIssue({ code: 'custom', path: ['application', 'defaultModule'], message: `unknown module "${defaultModule}" (one of: ${moduleNames.join(', ')})` });
    }
    const groups = Object.keys(bp.databaseGroups);
    for (const name of moduleNames) {
      const group = bp.modules[name]?.databaseGroup;
      if (group !== undefined && !groups.includes(group)) {
        ctx.addIssue({
          code: 'custom',
          path: ['modules', name, 'databaseGroup'],
          message: `unknown database group "${group}" (one of: ${groups.join(', ') || 'none defined'})`,
        });
      }
    }
    for (const group of groups) {
      if (!moduleNames.some((name) => bp.modules[name]?.databaseGroup === group)) {
        ctx.addIssue({ code: 'custom', path: ['databaseGroups', group], message: `no module uses database group "${group}" (remove it or point a module's databaseGroup at it)` });
      }
    }
    checkAscending(ctx, bp.capacity.instanceTypes.map((t) => t.requestsPerSecond), ['capacity', 'instanceTypes'], 'requestsPerSecond');
    checkAscending(ctx, bp.capacity.writerClasses.map((c) => c.writeTps), ['capacity', 'writerClasses'], 'writeTps');
    checkSharedServices(bp.sharedServices, moduleNames, ctx);
    checkPartitions(bp, ctx);
    checkSharedFleet(bp, ctx);
    checkSharedCluster(bp, ctx);
  });

/** The application fields a fleet runs with: modules that override one run other software and cannot share a fleet. */
export const FLEET_LEVEL_APPLICATION_FIELDS = ['image', 'userData', 'port', 'startupSeconds'] as const;

/** Why a module cannot run on the shared fleet, or undefined when it can. */
export function sharedFleetExclusion(module: { readonly singleton: boolean; readonly application?: Partial<Record<(typeof FLEET_LEVEL_APPLICATION_FIELDS)[number], unknown>> | undefined }): string | undefined {
  if (module.singleton) return 'it is a singleton (it runs exactly once and never scales)';
  const own = FLEET_LEVEL_APPLICATION_FIELDS.filter((field) => module.application?.[field] !== undefined);
  if (own.length > 0) return `it runs its own application (${own.map((f) => `application.${f}`).join(', ')})`;
  return undefined;
}

/** The modules that may run on the shared fleet (listed, or all when none are listed, and able to); empty without sharing. */
export function sharableModules(bp: Pick<Blueprint, 'modules' | 'capacity'>): string[] {
  const sharing = bp.capacity.sharedFleet;
  if (sharing === undefined) return [];
  return Object.entries(bp.modules)
    .filter(([name, module]) => (sharing.modules ?? [name]).includes(name) && sharedFleetExclusion(module) === undefined)
    .map(([name]) => name);
}

/** sharedFleet names known modules that can share, and no module takes the shared fleet's name. */
function checkSharedFleet(bp: Pick<Blueprint, 'modules' | 'capacity'>, ctx: z.RefinementCtx): void {
  const sharing = bp.capacity.sharedFleet;
  if (sharing === undefined) return;
  if (SHARED_FLEET in bp.modules) {
    ctx.addIssue({ code: 'custom', path: ['modules', SHARED_FLEET], message: `"${SHARED_FLEET}" is the shared fleet's name (capacity.sharedFleet): rename the module` });
  }
  const names = Object.keys(bp.modules);
  sharing.modules?.forEach((name, index) => {
    const module = bp.modules[name];
    if (module === undefined) {
      ctx.addIssue({ code: 'custom', path: ['capacity', 'sharedFleet', 'modules', index], message: `unknown module "${name}" (one of: ${names.join(', ')})` });
      return;
    }
    const exclusion = sharedFleetExclusion(module);
    if (exclusion) ctx.addIssue({ code: 'custom', path: ['capacity', 'sharedFleet', 'modules', index], message: `module "${name}" cannot share a fleet: ${exclusion} (remove it from the list)` });
  });
}

/** Why a database group cannot have its first shard in the shared cluster, or undefined when it can. */
export function sharedClusterExclusion(group: { readonly serverless?: unknown; readonly partitionBy?: string | undefined }): string | undefined {
  if (group.serverless !== undefined) return 'it is Aurora Serverless v2 (its capacity scales in ACUs, not with a shared writer class)';
  if (group.partitionBy !== undefined) return `it is partitioned by ${group.partitionBy} (each partition lives in its own zone's clusters)`;
  return undefined;
}

/** The groups whose first shard lives in the shared cluster (listed, or every group that can); empty without sharing. */
export function sharedClusterGroups(bp: Pick<Blueprint, 'databaseGroups' | 'capacity'>): string[] {
  const sharing = bp.capacity.sharedCluster;
  if (sharing === undefined) return [];
  const able = Object.entries(bp.databaseGroups).filter(([name, group]) => (sharing.groups ?? [name]).includes(name) && sharedClusterExclusion(group) === undefined);
  if (sharing.groups !== undefined) return able.map(([name]) => name);
  // By default one cluster takes the groups of the first able group's engine and version; the others keep their own.
  const engineOf = (group: DatabaseGroupSpec) => `${group.engine} ${group.engineVersion ?? ''}`;
  const first = able[0]?.[1];
  return able.filter(([, group]) => first !== undefined && engineOf(group) === engineOf(first)).map(([name]) => name);
}

/** sharedCluster names known groups that can share, at least two, all of one engine and version; no group takes its name. */
function checkSharedCluster(bp: Pick<Blueprint, 'databaseGroups' | 'capacity'>, ctx: z.RefinementCtx): void {
  const sharing = bp.capacity.sharedCluster;
  if (sharing === undefined) return;
  const path = ['capacity', 'sharedCluster'];
  if (SHARED_CLUSTER in bp.databaseGroups) {
    ctx.addIssue({ code: 'custom', path: ['databaseGroups', SHARED_CLUSTER], message: `"${SHARED_CLUSTER}" is the shared cluster's name (capacity.sharedCluster): rename the group` });
  }
  const names = Object.keys(bp.databaseGroups);
  let listed = true;
  sharing.groups?.forEach((name, index) => {
    const group = bp.databaseGroups[name];
    if (group === undefined) {
      listed = false;
      ctx.addIssue({ code: 'custom', path: [...path, 'groups', index], message: `unknown database group "${name}" (one of: ${names.join(', ')})` });
      return;
    }
    const exclusion = sharedClusterExclusion(group);
    if (exclusion) {
      listed = false;
      ctx.addIssue({ code: 'custom', path: [...path, 'groups', index], message: `database group "${name}" cannot share a cluster: ${exclusion} (remove it from the list)` });
    }
  });
  // A list of fewer than two is the list's own issue (min 2).
  if (!listed || (sharing.groups !== undefined && sharing.groups.length < 2)) return;
  const members = sharedClusterGroups(bp);
  if (members.length < 2) {
    ctx.addIssue({ code: 'custom', path, message: `only ${members.length} database group can share a cluster (${members.join(', ') || 'none'}); sharing needs at least two (remove capacity.sharedCluster)` });
    return;
  }
  const engines = [...new Set(members.map((name) => `${bp.databaseGroups[name]!.engine} ${bp.databaseGroups[name]!.engineVersion ?? '(default version)'}`))];
  if (engines.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'groups'],
      message: `the sharing groups run different engines (${members.map((name) => `${name}: ${bp.databaseGroups[name]!.engine} ${bp.databaseGroups[name]!.engineVersion ?? '(default version)'}`).join('; ')}); one cluster runs one engine and version: list groups of one engine in capacity.sharedCluster.groups`,
    });
  }
}

/** partitionMinShards names locations of a group partitioned by location. */
function checkPartitions(bp: { population: { locations: { name: string }[] }; databaseGroups: Record<string, { partitionBy?: string | undefined; partitionMinShards?: Record<string, number> | undefined }> }, ctx: z.RefinementCtx): void {
  const locations = bp.population.locations.map((l) => l.name);
  for (const [group, spec] of Object.entries(bp.databaseGroups)) {
    for (const location of Object.keys(spec.partitionMinShards ?? {})) {
      if (spec.partitionBy === undefined) {
        ctx.addIssue({ code: 'custom', path: ['databaseGroups', group, 'partitionMinShards'], message: 'is only for a group partitioned by location (add partitionBy: location, or remove it)' });
      } else if (!locations.includes(location)) {
        ctx.addIssue({ code: 'custom', path: ['databaseGroups', group, 'partitionMinShards', location], message: `unknown location "${location}" (one of: ${locations.join(', ')})` });
      }
    }
  }
}

/**
 * Why a scenario that shrinks the population cannot be planned, or undefined when it does not shrink.
 * The planner plans growth: shards are never merged and fleets are sized for the timeline's peak, so a
 * shrinking scenario would report falling numbers while provisioning today's. A smaller organisation
 * is planned from its smaller population.
 */
export function shrinkingScenario(scenario: { readonly requesters?: number | undefined }, requestersToday: number): string | undefined {
  const target = scenario.requesters;
  if (target === undefined || target >= requestersToday) return undefined;
  return (
    `${target} is below today's ${requestersToday} requesters (population.requesters): scenarios plan growth only (shards are never merged, fleets keep the peak's size). ` +
    `For a flat population use annualGrowthRate: 0; for an organisation that shrinks, lower population.requesters to the smaller count and plan growth from there`
  );
}

function checkAscending(ctx: z.RefinementCtx, values: number[], path: (string | number)[], field: string): void {
  for (let i = 1; i < values.length; i++) {
    if ((values[i] ?? 0) <= (values[i - 1] ?? 0)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `must be larger than the entry before it (${values[i - 1]}); list smallest first` });
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export type Blueprint = z.infer<typeof BlueprintSchema>;
export type BlueprintInput = z.input<typeof BlueprintSchema>;
export type ModuleSpec = Blueprint['modules'][string];
export type DatabaseGroupSpec = Blueprint['databaseGroups'][string];
export type LocationSpec = Blueprint['population']['locations'][number];
export type CapacitySpec = Blueprint['capacity'];
