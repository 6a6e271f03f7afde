/**
 * The cost model: what a capacity plan costs, month by month, per region, module, database group, shared
 * service and platform part. Pure and deterministic (no I/O, no clock). Quantities follow what the stacks
 * provision for the plan (stacks/regional-stack.ts, stacks/shared-services.ts): fleets run their scheduled
 * sizes over the business-hours calendar, databases keep the plan's shards from today, storage grows with the
 * timeline; traffic-driven items use the assumptions of ./assumptions.ts, and every line says which it is.
 */
import { SHARED_CLUSTER } from '../../foundation/resource-names';
import { SINGLETON_LEASE_METRIC } from '../../model/application';
import { Blueprint, Environment } from '../../model/schema';
import { PriceBook, DEFAULT_PRICES, PriceFile } from '../prices';
import { regionRoles, RegionRole } from '../region-roles';
import { ownShards } from '../database';
import { firstShardShare, sharedClusterShares } from '../shared-cluster';
import { DatabasePlacement, placeDatabases } from '../residency-placement';
import { ownGroupParts, replacementPath, singletonGroups } from '../singletons';
import { CapacityPlan, FleetPlan, MonthPoint } from '../types';
import { COST_ASSUMPTIONS, HOURS_PER_MONTH, ROOT_VOLUME_GB, USAGE, WEEKS_PER_MONTH } from './assumptions';
import { CostKind, CostLine, CostPlan, MonthCost, StackInventory, UnpricedItem } from './types';

/** What the model needs besides the plan: the blueprint's workload and the environment's regions. */
export interface CostInput {
  readonly plan: CapacityPlan;
  readonly blueprint: Pick<Blueprint, 'workload' | 'modules'>;
  readonly environment: Pick<Environment, 'regions' | 'natGateways'>;
  /** @default - the toolkit's price file (capacity/prices/aws-prices.json) */
  readonly prices?: PriceFile;
}

/** CloudWatch composites of a database group: one per 32 shard numbers (constructs/monitoring SHARDS_PER_RANGE), then one per group. */
export const SHARDS_PER_ALARM_RANGE = 32;
/** Alarms Monitoring keeps per module, per database shard and for the load balancer. */
const ALARMS_PER_MODULE = 4;
const ALARMS_PER_SINGLETON = 2;
/** A singleton part under a lease has one alarm: its lease heartbeat (its CPU is its serving fleet's). */
const ALARMS_PER_LEASED_PART = 1;
/** A singleton with a warm spare has one more: its pool holds a warmed instance. */
const ALARMS_PER_WARM_SPARE = 1;
const ALARMS_PER_SHARD = 3;
const SEARCH_ALARMS = 7;
const SEARCH_MASTER_ALARMS = 2;
const CACHE_ALARMS = 3;
const FILE_SYSTEM_ALARMS = 2;
/** Rules of the load balancer's web ACL (LoadBalancer's managed rule groups and rate limit). */
export const WEB_ACL_RULES = 5;
/** Optional features of each Route 53 health check (HTTPS, 10-second interval, latency measurement). */
const HEALTH_CHECK_OPTIONAL_FEATURES = 3;

/** Costs the plan for every month of its timeline. */
export function costPlan(input: CostInput): CostPlan {
  const book = new PriceBook(input.prices ?? DEFAULT_PRICES);
  const { plan } = input;
  const regions = [input.environment.regions.primary, ...input.environment.regions.secondaries];
  const maxReaders = Math.max(0, ...Object.values(plan.databases).map((db) => db.readersPerShard));
  const zones = zonesOf(plan, regions.map((r) => r.name), maxReaders);
  const roles = zones ? regions.map((r) => zones.get(r.name)!.role) : regionRoles(plan.dr.posture, regions.map((r) => r.name), maxReaders);
  const unpriced = new Map<string, UnpricedItem>();
  const used = new Set<string>();

  const months = plan.timeline.map((point) => {
    const lines: CostLine[] = [];
    const charge = (region: string, kind: CostKind, subject: string, item: string, priceKey: string, quantity: number, usage = false) => {
      if (quantity <= 0) return;
      const priceRegion = region === 'global' ? 'us-east-1' : region;
      const price = book.find(priceKey, priceRegion);
      if (!price) {
        unpriced.set(`${priceKey}@${priceRegion}`, { priceKey, region: priceRegion, subject });
        return;
      }
      used.add(`${priceKey}@${priceRegion}`);
      lines.push({
        region,
        kind,
        subject,
        item,
        priceKey,
        quantity,
        unit: price.unit,
        unitUsd: price.usd,
        usd: quantity * price.usd,
        ...(usage ? { usage: true as const } : {}),
      });
    };
    roles.forEach((role, index) => {
      const region = regions[index]!;
      const zone = zones?.get(region.name);
      costRegion({
        input,
        point,
        role,
        region: region.name,
        azs: region.availabilityZones.length,
        offsite: zone ? zone.regions[1] : regions[index === 0 ? 1 : 0]?.name,
        charge,
        ...(zone ? { zone } : {}),
      });
    });
    costGlobal(roles, charge);
    return summarize(point, lines);
  });

  const inventory: Record<string, StackInventory> = {};
  roles.forEach((role, index) => {
    inventory[`${plan.environment}-${role.region}`] = regionInventory(input, role, regions[index]!.availabilityZones.length, regions.map((r) => r.name), zones?.get(role.region));
  });
  inventory[`${plan.environment}-global`] = { ...emptyInventory(), kmsKeys: 1, metricAlarms: roles.filter((r) => r.hostsApplication).length, healthChecks: roles.filter((r) => r.hostsApplication).length };

  const file = book.file;
  return {
    environment: plan.environment,
    scenario: plan.scenario,
    currency: 'USD',
    months,
    inventory,
    assumptions: COST_ASSUMPTIONS,
    unpriced: [...unpriced.values()].sort((a, b) => (a.priceKey < b.priceKey ? -1 : a.priceKey > b.priceKey ? 1 : a.region < b.region ? -1 : 1)),
    prices: {
      version: file.version,
      currency: file.currency,
      takenOn: file.takenOn,
      sources: file.sources,
      usedEntries: used.size,
      unverifiedUsed: file.prices.filter((p) => used.has(`${p.key}@${p.region}`) && p.verified === 'list-recalled').length,
      priceListApiUsed: file.prices.filter((p) => used.has(`${p.key}@${p.region}`) && p.verified === 'price-list-api').length,
    },
  };
}

type Charge = (region: string, kind: CostKind, subject: string, item: string, priceKey: string, quantity: number, usage?: boolean) => void;

interface RegionContext {
  readonly input: CostInput;
  readonly point: MonthPoint;
  readonly role: RegionRole;
  readonly region: string;
  readonly azs: number;
  /** The region backups are copied and attachments replicated to (the primary's first other region). */
  readonly offsite: string | undefined;
  readonly charge: Charge;
  /** Under residency zones: what the region's zone carries. @default - no zones */
  readonly zone?: ZoneCost;
}

/** A region under residency zones: its zone's regions and share of the load, its fleets and its shard sets. */
interface ZoneCost {
  readonly role: RegionRole;
  /** The zone's regions, home first (the standby copies go to the second). */
  readonly regions: readonly string[];
  /** The zone's locations' share of the requesters. */
  readonly share: number;
  readonly fleets: Readonly<Record<string, FleetPlan>>;
  readonly placements: readonly DatabasePlacement[];
  /** Regions of the zone that serve in normal operation. */
  readonly serving: number;
}

/** Each region's zone cost under the plan's residency zones (the stacks' placement), or undefined without zones. */
function zonesOf(plan: CapacityPlan, regions: readonly string[], maxReaders: number): Map<string, ZoneCost> | undefined {
  const residency = plan.residency;
  if (!residency) return undefined;
  const primary = regions[0]!;
  const out = new Map<string, ZoneCost>();
  for (const zone of residency.zones) {
    const roles = regionRoles(plan.dr.posture, zone.regions, maxReaders);
    const share = residency.locations.filter((l) => l.zone === zone.name).reduce((total, l) => total + l.share, 0);
    for (const role of roles) {
      out.set(role.region, {
        role,
        regions: zone.regions,
        share,
        fleets: residency.zoneFleets[zone.name] ?? plan.fleets,
        placements: placeDatabases(plan, role, role.region, primary),
        serving: roles.filter((r) => r.serving).length,
      });
    }
  }
  return out;
}

/** The shard sets a region holds and the share of their group's load each carries. */
function shardSetsOf(plan: CapacityPlan, role: RegionRole, zone: ZoneCost | undefined): { group: string; placement: DatabasePlacement; loadShare: number }[] {
  if (!zone) {
    if (role.database === 'none') return [];
    return Object.entries(plan.databases).map(([group, db]) => ({
      group,
      placement: { key: group, group, plan: db, database: role.database === 'none' ? 'regional' : role.database, readersPerShard: role.database === 'secondary' ? role.secondaryInstancesPerShard : db.readersPerShard, writeForwarding: role.writeForwarding },
      loadShare: 1,
    }));
  }
  const shares = new Map((plan.residency?.locations ?? []).map((l) => [l.name, l.share]));
  return zone.placements.map((placement) => ({ group: placement.group, placement, loadShare: placement.location !== undefined ? (shares.get(placement.location) ?? 1) : 1 }));
}

/** Requests a month: the busiest hour's rate over the week's traffic shape (the plan's peak-hour equivalents per month). */
export function monthlyRequests(peakRequestsPerSecond: number, peakHourEquivalentsPerMonth: number): number {
  return peakRequestsPerSecond * 3600 * peakHourEquivalentsPerMonth;
}

/** Business hours a month of a fleet's schedule. */
export function businessHoursPerMonth(schedule: FleetPlan['schedule']): number {
  // Hours from start to end, past midnight when the end is earlier; 0-24 is the whole day (not 0 hours).
  const hoursPerDay = schedule.endHour > schedule.startHour ? schedule.endHour - schedule.startHour : schedule.endHour + 24 - schedule.startHour;
  return Math.min(HOURS_PER_MONTH, schedule.days.length * hoursPerDay * WEEKS_PER_MONTH);
}

/**
 * Instances a full-size fleet runs at a month: the busiest-hour need in business hours (the plan's step-ups),
 * and off hours its floor grown in proportion (the off-hours share of the same load).
 */
export function fleetInstancesAt(fleet: FleetPlan, month: number): { business: number; offHours: number } {
  let business = fleet.desiredSize;
  for (const step of fleet.stepUps) if (step.month <= month) business = Math.max(business, step.count);
  business = Math.min(fleet.maxSize, business);
  const grown = fleet.desiredSize > 0 ? Math.ceil((fleet.minSize * business) / fleet.desiredSize - 1e-9) : fleet.minSize;
  return { business, offHours: Math.min(business, Math.max(fleet.minSize, grown)) };
}

/**
 * Instance-hours of a fleet's own autoscaling group in a month, for the region's role: none for a module on
 * the shared fleet (the shared fleet is charged as its own entry; the module keeps only its singleton parts).
 */
function ownGroupHours(fleet: FleetPlan, role: RegionRole, month: number): number {
  if (fleet.hostedBy !== undefined) return 0;
  // A singleton module runs one instance in the primary and waits at zero elsewhere until failover.
  if (fleet.singleton) return role.primary ? HOURS_PER_MONTH : 0;
  if (role.fleets === 'full') {
    const business = businessHoursPerMonth(fleet.schedule);
    const sizes = fleetInstancesAt(fleet, month);
    return sizes.business * business + sizes.offHours * (HOURS_PER_MONTH - business);
  }
  return role.fleets === 'reduced' ? HOURS_PER_MONTH : 0;
}

function costRegion(ctx: RegionContext): void {
  const { input, point, role, region, azs, charge, zone } = ctx;
  const { plan } = input;
  // Under residency zones a region carries its zone's share of the load, with its zone's fleets.
  const share = zone?.share ?? 1;
  const fleetPlans = zone?.fleets ?? plan.fleets;
  const requestsByModule = Object.fromEntries(Object.keys(fleetPlans).map((m) => [m, monthlyRequests((point.peakRequestsPerSecond[m] ?? 0) * share, plan.traffic.peakHourEquivalentsPerMonth)]));
  const servedRequests = role.serving ? sum(Object.values(requestsByModule)) / Math.max(1, zone ? zone.serving : servingRegionCount(input)) : 0;
  let instanceMonths = 0;

  // Fleets: per module, at the scheduled sizes.
  if (role.hostsApplication) {
    for (const [module, fleet] of Object.entries(fleetPlans)) {
      let hours = ownGroupHours(fleet, role, point.month);
      // A warm pool (slow-to-join modules) keeps stopped instances up to the group's maximum: they pay their volumes only.
      if (fleet.hostedBy === undefined && fleet.modules.some((m) => input.blueprint.modules[m]?.slowToJoin) && role.fleets !== 'paused') {
        const floor = role.fleets === 'full' ? fleet.minSize : 1;
        const stopped = Math.max(Math.max(1, Math.ceil(floor / 2)), fleet.maxSize - hours / HOURS_PER_MONTH);
        charge(region, 'module', module, 'warm pool volumes (stopped instances)', 'ebs.gp3.storage', stopped * ROOT_VOLUME_GB);
      }
      // A singleton's warm spare (production, where the singleton runs): one stopped instance each, paying its volume only.
      const spares = warmSpares(module, fleet, role, plan.tier);
      if (spares > 0) charge(region, 'module', module, 'warm spare volumes (stopped singleton instances)', 'ebs.gp3.storage', spares * ROOT_VOLUME_GB);
      // Singleton parts in groups of their own run once, in the primary (parts under a lease run on the serving fleet).
      if (role.primary) hours += ownGroupParts(fleet).length * HOURS_PER_MONTH;
      instanceMonths += hours / HOURS_PER_MONTH;
      charge(region, 'module', module, `${fleet.instanceType} instance-hours`, `ec2.instance.${fleet.instanceType}`, hours);
      charge(region, 'module', module, 'gp3 root volumes', 'ebs.gp3.storage', (hours / HOURS_PER_MONTH) * ROOT_VOLUME_GB);
    }
  }

  // Databases: the plan's shards from today (the stacks provision them all), storage as the timeline grows.
  {
    const sharedShares = sharedClusterShares(input.blueprint, plan.databases[SHARED_CLUSTER]?.hosts ?? []);
    for (const { group, placement, loadShare } of shardSetsOf(plan, role, zone)) {
      const db = placement.plan;
      const whole = point.databaseGroups[group];
      // A member of the shared cluster pays for what its own clusters hold; the shared cluster's entry, its first shard.
      const share = loadShare * (db.firstShardIn === undefined || !whole ? 1 : 1 - firstShardShare(db.slots, whole.shards, db.sharding, sharedShares[group]!));
      const load = whole && share !== 1 ? { ...whole, writeTps: whole.writeTps * share, readRps: whole.readRps * share, storageGb: whole.storageGb * share } : whole;
      const instancesPerShard = placement.database === 'secondary' ? placement.readersPerShard : 1 + placement.readersPerShard;
      const instances = ownShards(db).length * instancesPerShard;
      if (db.serverless) {
        const peakAcu = clamp(((load?.writeTps ?? 0) / 100) * USAGE.acuPer100WriteTps, db.serverless.minAcu, db.serverless.maxAcu);
        const averageAcu = (db.serverless.minAcu + peakAcu) / 2;
        charge(region, 'database', group, 'Serverless v2 ACU-hours', 'aurora.serverless-v2.acu', instances * averageAcu * HOURS_PER_MONTH, true);
      } else {
        charge(region, 'database', group, `${db.instanceClass} instance-hours`, `aurora.instance.${db.instanceClass}`, instances * HOURS_PER_MONTH);
      }
      const storageGb = load?.storageGb ?? 0;
      charge(region, 'database', group, 'storage', 'aurora.storage', storageGb);
      const writes = monthlyRequests(load?.writeTps ?? 0, plan.traffic.peakHourEquivalentsPerMonth);
      const reads = monthlyRequests(load?.readRps ?? 0, plan.traffic.peakHourEquivalentsPerMonth);
      if (placement.database === 'secondary') {
        charge(region, 'database', group, 'replicated write I/Os', 'aurora.global.replicated-write-io', (writes * USAGE.ioPerWrite) / 1e6, true);
        charge(region, 'database', group, 'replication transfer in', 'data-transfer.inter-region', (writes * USAGE.ioPerWrite * USAGE.kbPerReplicatedWriteIo) / 1e6, true);
      } else {
        charge(region, 'database', group, 'I/O requests', 'aurora.io', (writes * USAGE.ioPerWrite + reads * USAGE.ioPerRead) / 1e6, true);
        // Backups beyond the free share (one volume): the long-term monthly points' increments, and their copies.
        const points = Math.min(point.month + 1, Math.round(plan.backup.longTermRetentionDays / 30));
        charge(region, 'database', group, 'backup storage', 'backup.aurora.warm', storageGb * USAGE.backupMonthlyChangeShare * points, true);
        if (role.primary && ctx.offsite) {
          charge(ctx.offsite, 'database', group, 'backup copies', 'backup.aurora.warm', storageGb * (1 + USAGE.backupMonthlyChangeShare * (points - 1)), true);
          charge(region, 'database', group, 'backup copy transfer', 'backup.copy', storageGb * USAGE.backupMonthlyChangeShare, true);
        }
      }
    }
  }

  // Shared services where the posture places them.
  const services = plan.sharedServices;
  if (role.hostsApplication && services) {
    const cache = services.cache;
    if (cache && (role.primary || cache.standby !== 'none')) {
      const replicas = role.primary || cache.standby === 'full' ? cache.replicasPerShard : 1;
      charge(region, 'shared-service', 'cache', `${cache.nodeType} node-hours`, `elasticache.node.${cache.engine}.${cache.nodeType}`, cache.shards * (1 + replicas) * HOURS_PER_MONTH);
    }
    const search = services.search;
    if (search && (role.primary || search.standby === 'full')) {
      charge(region, 'shared-service', 'search', `${search.instanceType} data node-hours`, `opensearch.instance.${search.instanceType}`, search.dataNodes * HOURS_PER_MONTH);
      if (search.dedicatedMasterCount > 0 && search.dedicatedMasterType) {
        charge(region, 'shared-service', 'search', `${search.dedicatedMasterType} master node-hours`, `opensearch.instance.${search.dedicatedMasterType}`, search.dedicatedMasterCount * HOURS_PER_MONTH);
      }
      charge(region, 'shared-service', 'search', 'gp3 volumes', 'opensearch.gp3.storage', search.dataNodes * search.volumeGib);
    }
    const files = services.sharedFileSystem;
    const regionNames = zone?.regions ?? [input.environment.regions.primary.name, ...input.environment.regions.secondaries.map((r) => r.name)];
    if (files && (role.primary || (files.standby === 'replica' && region === regionNames[1]))) {
      const last = plan.timeline[plan.timeline.length - 1]!;
      // The file system grows with the attachments (the shared home holds them).
      const storageGb = last.attachmentStorageGb > 0 ? files.storageGbAtHorizon * (point.attachmentStorageGb / last.attachmentStorageGb) : files.storageGbAtHorizon;
      charge(region, 'shared-service', 'shared-file-system', 'Standard storage', 'efs.standard.storage', storageGb);
      if (files.throughputMode === 'elastic' && role.primary) {
        charge(region, 'shared-service', 'shared-file-system', 'elastic throughput reads', 'efs.elastic.read', storageGb * USAGE.fileSystemReadShare, true);
        charge(region, 'shared-service', 'shared-file-system', 'elastic throughput writes', 'efs.elastic.write', storageGb * USAGE.fileSystemWriteShare, true);
      }
      if (!role.primary) charge(region, 'shared-service', 'shared-file-system', 'replication transfer in', 'data-transfer.inter-region', storageGb * USAGE.fileSystemWriteShare, true);
    }
  }

  // Network: NAT gateways in every region (each holds a VPC), with their public addresses.
  const nats = input.environment.natGateways === 'single' ? 1 : azs;
  charge(region, 'platform', 'network', 'NAT gateway-hours', 'nat.hour', nats * HOURS_PER_MONTH);
  charge(region, 'platform', 'network', 'NAT public IPv4', 'vpc.public-ipv4', nats * HOURS_PER_MONTH);
  charge(region, 'platform', 'network', 'NAT data processed', 'nat.data', instanceMonths * USAGE.natGbPerInstanceMonth, true);

  // Load balancer and web ACL where the application is hosted.
  if (role.hostsApplication) {
    charge(region, 'platform', 'load-balancer', 'ALB-hours', 'alb.hour', HOURS_PER_MONTH);
    charge(region, 'platform', 'load-balancer', 'ALB public IPv4 (one per AZ)', 'vpc.public-ipv4', azs * HOURS_PER_MONTH);
    charge(region, 'platform', 'load-balancer', 'LCU-hours', 'alb.lcu', lcuHours(servedRequests), true);
    charge(region, 'platform', 'load-balancer', 'web ACL', 'waf.web-acl', 1);
    charge(region, 'platform', 'load-balancer', 'web ACL rules', 'waf.rule', WEB_ACL_RULES);
    charge(region, 'platform', 'load-balancer', 'WAF requests', 'waf.requests', servedRequests / 1e6, true);
  }

  // Attachments: the bucket's lifecycle (Standard 30 days, Standard-IA to a year, Glacier IR after), replicated offsite.
  const allTiers = attachmentTiers(plan.timeline, point.month);
  const tiers = { standard: allTiers.standard * share, infrequent: allTiers.infrequent * share, glacier: allTiers.glacier * share };
  const newGb = tiers.standard;
  const attachmentStorageGb = point.attachmentStorageGb * share;
  const isSource = role.primary;
  const isReplica = !role.primary && ctx.region === (zone ? zone.regions[1] : replicaTarget(input));
  if (isSource || isReplica) {
    charge(region, 'platform', 'attachments', 'S3 Standard', 's3.standard.storage', tiers.standard);
    charge(region, 'platform', 'attachments', 'S3 Standard-IA', 's3.standard-ia.storage', tiers.infrequent);
    charge(region, 'platform', 'attachments', 'S3 Glacier Instant Retrieval', 's3.glacier-ir.storage', tiers.glacier);
    const puts = point.ticketsPerMonth * share * workloadAttachments(input);
    charge(region, 'platform', 'attachments', 'PUT requests', 's3.put', puts / 1000, true);
    if (isSource) {
      charge(region, 'platform', 'attachments', 'GET requests', 's3.get', (puts * USAGE.attachmentReadsPerWrite) / 1000, true);
      charge(region, 'platform', 'attachments', 'AWS Backup of the bucket', 'backup.s3.warm', attachmentStorageGb, true);
      if (ctx.offsite) {
        charge(region, 'platform', 'attachments', 'replication transfer out', 'data-transfer.inter-region', newGb, true);
        charge(ctx.offsite, 'platform', 'attachments', 'AWS Backup copies of the bucket', 'backup.s3.warm', attachmentStorageGb, true);
        charge(region, 'platform', 'attachments', 'backup copy transfer', 'backup.copy', newGb, true);
      }
    }
  }

  // Monitoring, keys, secrets and logs: counted as the stacks create them.
  const inventory = regionInventory(input, role, azs, [input.environment.regions.primary.name, ...input.environment.regions.secondaries.map((r) => r.name)], zone);
  charge(region, 'platform', 'monitoring', 'metric alarms', 'cloudwatch.alarm.standard', inventory.metricAlarms);
  charge(region, 'platform', 'monitoring', 'composite alarms', 'cloudwatch.alarm.composite', inventory.compositeAlarms);
  charge(region, 'platform', 'monitoring', 'dashboards', 'cloudwatch.dashboard', inventory.dashboards);
  // Lease heartbeats: the holder of each part's lease publishes one custom metric in the primary (docs/application-contract.md).
  const leased = leasedParts(fleetPlans, role);
  charge(region, 'platform', 'monitoring', 'lease heartbeat metrics', 'cloudwatch.metric.custom', leased);
  charge(region, 'platform', 'monitoring', 'lease heartbeat PutMetricData requests', 'cloudwatch.api.requests', (leased * HOURS_PER_MONTH * 3600) / SINGLETON_LEASE_METRIC.publishSeconds / 1000, true);
  const ingestedGb = (servedRequests * (USAGE.appLogKbPerRequest + USAGE.wafLogKbPerRequest)) / 1e6 + instanceMonths * USAGE.flowLogGbPerInstanceMonth;
  charge(region, 'platform', 'monitoring', 'log ingestion', 'cloudwatch.logs.ingestion', ingestedGb, true);
  charge(region, 'platform', 'monitoring', 'log storage', 'cloudwatch.logs.storage', ingestedGb * USAGE.logStorageRatio * Math.min(point.month + 1, USAGE.logRetentionMonths), true);
  charge(region, 'platform', 'security', 'KMS keys', 'kms.key', inventory.kmsKeys);
  charge(region, 'platform', 'security', 'KMS requests', 'kms.requests', (servedRequests * USAGE.kmsRequestsPerRequest) / 1e4, true);
  charge(region, 'platform', 'security', 'secrets', 'secretsmanager.secret', inventory.secrets);
  if (role.serving && role.hostsApplication) {
    const minutes = USAGE.drillRunsPerMonth * (Object.keys(fleetPlans).length * USAGE.stopInstancesMinutes + USAGE.azOutageMinutes);
    charge(region, 'platform', 'drills', 'FIS action-minutes', 'fis.action-minute', minutes, true);
  }
}

function costGlobal(roles: readonly RegionRole[], charge: Charge): void {
  const checks = roles.filter((r) => r.hostsApplication).length;
  charge('global', 'platform', 'dns', 'Route 53 health checks', 'route53.health-check.aws', checks);
  charge('global', 'platform', 'dns', 'health check optional features', 'route53.health-check.optional-feature', checks * HEALTH_CHECK_OPTIONAL_FEATURES);
  charge('global', 'platform', 'monitoring', 'health check alarms', 'cloudwatch.alarm.standard', checks);
  charge('global', 'platform', 'security', 'KMS key of the DNS alarm topic', 'kms.key', 1);
}

/** What the stacks create in a region, counted from the plan the way the stacks build it. */
function regionInventory(input: CostInput, role: RegionRole, azs: number, environmentRegions: readonly string[], zone?: ZoneCost): StackInventory {
  const { plan } = input;
  const regionNames = zone?.regions ?? environmentRegions;
  const fleetPlans = zone?.fleets ?? plan.fleets;
  const inventory = emptyInventory();
  const baseKeys = 3; // flow logs, backup vault, attachments
  const nat = input.environment.natGateways === 'single' ? 1 : azs;
  if (!role.hostsApplication) return { ...inventory, natGateways: nat, kmsKeys: baseKeys };
  // The modules (the shared fleet is not one): each has its target group, alarms and secret.
  const modules = Object.keys(fleetPlans).filter((key) => key in input.blueprint.modules);
  const singletons = role.primary ? sum(Object.values(fleetPlans).map((f) => ownGroupParts(f).length)) : 0;
  const spares = sum(Object.entries(fleetPlans).map(([module, f]) => warmSpares(module, f, role, plan.tier)));
  // Shard sets with clusters of their own: a member of the shared cluster with one shard builds none (nor their key and alarms).
  const sets = shardSetsOf(plan, role, zone)
    .map((s) => s.placement)
    .filter((s) => ownShards(s.plan).length > 0);
  const groups = sets.map((s) => s.plan);
  const primaries = sets.filter((s) => s.database === 'primary').length;
  const clustersOf = (db: (typeof groups)[number]) => ownShards(db).length;
  const shards = sum(groups.map(clustersOf));
  const databaseInstances: Record<string, number> = {};
  for (const set of sets) {
    const db = set.plan;
    const perShard = set.database === 'secondary' ? set.readersPerShard : 1 + set.readersPerShard;
    if (clustersOf(db) * perShard > 0) databaseInstances[db.instanceClass] = (databaseInstances[db.instanceClass] ?? 0) + clustersOf(db) * perShard;
  }
  // A fleet serving several modules watches their group's CPU once (one alarm, one composite) in place of each module's.
  const sharedFleets = Object.values(fleetPlans).filter((f) => f.hostedBy === undefined && f.modules.length > 1).length;
  const onSharedFleets = modules.filter((m) => fleetPlans[m]!.hostedBy !== undefined).length;
  let metricAlarms = 1 + modules.length * ALARMS_PER_MODULE - onSharedFleets + sharedFleets + singletons * ALARMS_PER_SINGLETON + leasedParts(fleetPlans, role) * ALARMS_PER_LEASED_PART + spares * ALARMS_PER_WARM_SPARE + shards * ALARMS_PER_SHARD;
  let compositeAlarms = 1 + modules.length + sharedFleets + 1 + sum(groups.map((g) => 1 + Math.ceil(clustersOf(g) / SHARDS_PER_ALARM_RANGE)));
  let kmsKeys = baseKeys + 4 + groups.length + primaries + (role.serving ? 1 : 0);
  let cacheNodes = 0;
  let searchDomains = 0;
  let fileSystems = 0;
  const services = plan.sharedServices;
  if (services?.cache && (role.primary || services.cache.standby !== 'none')) {
    const replicas = role.primary || services.cache.standby === 'full' ? services.cache.replicasPerShard : 1;
    cacheNodes = services.cache.shards * (1 + replicas);
    metricAlarms += CACHE_ALARMS;
    compositeAlarms += 1;
    kmsKeys += 1;
  }
  if (services?.search && (role.primary || services.search.standby === 'full')) {
    searchDomains = 1;
    metricAlarms += SEARCH_ALARMS + (services.search.dedicatedMasterCount > 0 ? SEARCH_MASTER_ALARMS : 0);
    compositeAlarms += 1;
    kmsKeys += 1;
  }
  if (services?.sharedFileSystem && (role.primary || (services.sharedFileSystem.standby === 'replica' && role.region === regionNames[1]))) {
    fileSystems = 1;
    metricAlarms += FILE_SYSTEM_ALARMS;
    compositeAlarms += 1;
    kmsKeys += 1;
  }
  return {
    natGateways: nat,
    loadBalancers: 1,
    webAcls: 1,
    metricAlarms,
    compositeAlarms,
    dashboards: 1,
    kmsKeys,
    secrets: modules.length + primaries,
    healthChecks: 0,
    // One stop-instances drill per autoscaled group (a singleton module is not drilled; the shared fleet is one) and one AZ outage.
    fisTemplates: role.serving ? Object.values(fleetPlans).filter((f) => !f.singleton && f.hostedBy === undefined).length + 1 : 0,
    databaseInstances,
    cacheNodes,
    searchDomains,
    fileSystems,
  };
}

/** A module's singletons that keep a warm spare in a region: production's, where they run (the primary). */
function warmSpares(module: string, fleet: FleetPlan, role: RegionRole, tier: CapacityPlan['tier']): number {
  return role.primary && replacementPath(tier) === 'warm-spare' ? singletonGroups(module, fleet).length : 0;
}

/** Singleton parts under a lease in a region: they run (and their heartbeat alarms watch them) in the primary. */
function leasedParts(fleetPlans: Readonly<Record<string, FleetPlan>>, role: RegionRole): number {
  return role.primary && role.hostsApplication ? sum(Object.values(fleetPlans).map((f) => (f.leaseParts ?? []).length)) : 0;
}

function emptyInventory(): StackInventory {
  return {
    natGateways: 0,
    loadBalancers: 0,
    webAcls: 0,
    metricAlarms: 0,
    compositeAlarms: 0,
    dashboards: 0,
    kmsKeys: 0,
    secrets: 0,
    healthChecks: 0,
    fisTemplates: 0,
    databaseInstances: {},
    cacheNodes: 0,
    searchDomains: 0,
    fileSystems: 0,
  };
}

/** LCU-hours of a month's requests: the larger of the processed-bytes and new-connections dimensions, hour by hour on average. */
export function lcuHours(requestsPerMonth: number): number {
  const perHour = requestsPerMonth / HOURS_PER_MONTH;
  const processedGbPerHour = (perHour * USAGE.kbPerRequest) / 1e6;
  const newConnectionsPerSecond = perHour / 3600 / USAGE.requestsPerConnection;
  return HOURS_PER_MONTH * Math.max(processedGbPerHour / 1, newConnectionsPerSecond / 25);
}

/** Attachment GB per storage class at a month, from the retained GB of the timeline (new data lands in Standard). */
export function attachmentTiers(timeline: readonly MonthPoint[], month: number): { standard: number; infrequent: number; glacier: number } {
  const at = (m: number) => (m < 0 ? 0 : (timeline[Math.min(m, timeline.length - 1)]?.attachmentStorageGb ?? 0));
  const total = at(month);
  const olderThanMonth = Math.min(total, at(month - 1));
  const olderThanYear = Math.min(olderThanMonth, at(month - 12));
  return { standard: total - olderThanMonth, infrequent: olderThanMonth - olderThanYear, glacier: olderThanYear };
}

function workloadAttachments(input: CostInput): number {
  return input.blueprint.workload.attachmentsPerTicket;
}

/** The region attachments replicate to: the primary's first other region. */
function replicaTarget(input: CostInput): string | undefined {
  return input.environment.regions.secondaries[0]?.name;
}

function servingRegionCount(input: CostInput): number {
  return input.plan.dr.servingRegions.length;
}

function summarize(point: MonthPoint, lines: CostLine[]): MonthCost {
  const totalUsd = sum(lines.map((l) => l.usd));
  const by = (kind: CostKind | undefined, key: (l: CostLine) => string) => {
    const out: Record<string, number> = {};
    for (const line of lines) if (kind === undefined || line.kind === kind) out[key(line)] = (out[key(line)] ?? 0) + line.usd;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return {
    month: point.month,
    totalUsd,
    requesters: point.requesters,
    ticketsPerMonth: point.ticketsPerMonth,
    perRequesterUsd: point.requesters > 0 ? totalUsd / point.requesters : 0,
    perTicketUsd: point.ticketsPerMonth > 0 ? totalUsd / point.ticketsPerMonth : 0,
    byRegion: by(undefined, (l) => l.region),
    byModule: by('module', (l) => l.subject),
    byDatabaseGroup: by('database', (l) => l.subject),
    bySharedService: by('shared-service', (l) => l.subject),
    byPlatform: by('platform', (l) => l.subject),
    usageUsd: sum(lines.filter((l) => l.usage).map((l) => l.usd)),
    lines,
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}
