/**
 * The residency part of a capacity plan: each location's partition of every group partitioned by
 * location, planned by the existing database planner over that location's share of the load.
 */
import { Blueprint, Environment } from '../model/schema';
import { planDatabase } from './database';
import { planFleets } from './fleet-sharing';
import { placeSingletonParts } from './singletons';
import { findLimitProblems } from './limits';
import { buildTimeline } from './growth';
import { derivedSchedule, trafficProfile } from './traffic';
import { connectingInstances, PlanInput } from './plan';
import { partitionName, residencyLayout } from './residency';
import { CapacityPlan, DatabasePlan, FleetPlan, MonthPoint, PartitionPlan, PlanProblem, ResidencyPlan } from './types';

/** The plan with its `residency`, or the plan unchanged when the environment names no zones. */
export function withResidency(input: PlanInput & { readonly environment: Pick<Environment, 'residency'> }, plan: CapacityPlan): CapacityPlan {
  const layout = residencyLayout({ regions: input.environment.regions, residency: input.environment.residency }, input.blueprint);
  if (!layout) return plan;
  const { blueprint } = input;
  const scenario = blueprint.scenarios[plan.scenario]!;
  // As the planner: the primary of an Aurora global database keeps a reader per shard.
  const minReaders = plan.tier === 'production' || plan.dr.posture !== 'backup-restore' ? 1 : 0;
  const timelineOf = (local: Blueprint, scale: number) =>
    locationTimeline(local, {
      scenarioName: plan.scenario,
      scenario,
      scale,
      startDate: plan.startDate,
      horizonMonths: plan.horizonMonths,
      ...(plan.dr.posture === 'backup-restore' ? { restoreBudgetMinutes: input.serviceLevels.rtoMinutes } : {}),
    });
  // Follow the sun: each zone's fleets carry its own locations' load, each location in its own time zone.
  const rule = { tier: plan.tier, availabilityZones: plan.availabilityZones };
  const zoneFleets: Record<string, Record<string, FleetPlan>> = {};
  for (const zone of layout.zones) {
    const local = zoneBlueprint(blueprint, zone.locations);
    if (!local) continue;
    const timeline = timelineOf(local.blueprint, local.share);
    const traffic = trafficProfile(local.blueprint, plan.startDate);
    const zoneSchedule = derivedSchedule(traffic, local.blueprint.population.locations, local.blueprint.workload.concurrency.offHoursShare);
    zoneFleets[zone.name] = placeSingletonParts(local.blueprint, planFleets(local.blueprint, timeline, rule, (name) => local.blueprint.modules[name]!.schedule ?? zoneSchedule));
  }
  // Each location's partition, from the location's own load; its writers hold the pools of its zone's fleets.
  const partitions: Record<string, PartitionPlan> = {};
  for (const group of layout.partitionedGroups) {
    for (const zone of layout.zones) {
      const fleets = zoneFleets[zone.name] ?? plan.fleets;
      const instances = connectingInstances(group, blueprint, fleets);
      for (const location of zone.locations) {
        const local = locationBlueprint(blueprint, location);
        const timeline = timelineOf(local.blueprint, local.share);
        const name = partitionName(group, location);
        partitions[name] = {
          name,
          group,
          location,
          zone: zone.name,
          regions: zone.regions,
          database: planDatabase(group, local.blueprint, timeline, plan.tier, { minReaders, connectingInstances: instances }),
        };
      }
    }
  }
  const problems = zoneProblems(input, plan, layout.zones, partitions, zoneFleets, layout.partitionedGroups);
  const residency = input.environment.residency!;
  const crossZoneGroups = Object.fromEntries(
    layout.crossZoneGroups.map((group) => [group, residency.crossZoneGroups[group]?.reason ?? 'holds no personal data (personalData: false)']),
  );
  const ordered = Object.fromEntries(Object.keys(partitions).sort(byBlueprintOrder(blueprint)).map((name) => [name, partitions[name]!]));
  const result: ResidencyPlan = {
    zones: layout.zones.map((z) => ({ name: z.name, regions: z.regions, locations: z.locations })),
    locations: blueprint.population.locations
      .filter((l) => l.dataHome !== undefined)
      .map((l) => ({ name: l.name, zone: l.dataHome!, share: l.share, timeZone: l.timeZone })),
    defaultZone: layout.defaultZone,
    partitions: ordered,
    crossZoneGroups,
    zoneFleets,
  };
  return { ...plan, problems, residency: result };
}

/**
 * The plan's limits with each zone counted as the stacks place it: per-region quotas and standby capacity from
 * each zone's own regions, fleets and shard sets (a zone's partitions, and the non-partitioned groups as if the
 * zone held them in full, which over-counts a cross-zone group's secondaries by its writer: the safe side), the
 * partitions' own reader and writer limits, and the plan's other findings as they were.
 */
function zoneProblems(
  input: PlanInput,
  plan: CapacityPlan,
  zones: readonly { readonly name: string; readonly regions: readonly string[]; readonly locations: readonly string[] }[],
  partitions: Readonly<Record<string, PartitionPlan>>,
  zoneFleets: Readonly<Record<string, Readonly<Record<string, FleetPlan>>>>,
  partitionedGroups: readonly string[],
): PlanProblem[] {
  const zonal = (p: PlanProblem) => p.region !== undefined || partitionedGroups.includes(p.subject);
  const found: PlanProblem[] = plan.problems.filter((p) => !zonal(p));
  for (const zone of zones) {
    const databases: Record<string, DatabasePlan> = {};
    for (const [group, db] of Object.entries(plan.databases)) if (!partitionedGroups.includes(group)) databases[group] = db;
    for (const partition of Object.values(partitions)) if (partition.zone === zone.name) databases[partition.name] = partition.database;
    const zoneProblems = findLimitProblems({
      blueprint: input.blueprint,
      regions: zone.regions,
      posture: plan.dr.posture,
      fleets: zoneFleets[zone.name] ?? plan.fleets,
      databases,
      timeline: plan.timeline,
      targetUtilization: plan.targetUtilization,
      ...(input.environment.quotas ? { quotas: input.environment.quotas } : {}),
    });
    found.push(...zoneProblems.filter(zonal));
  }
  const seen = new Set<string>();
  const order: readonly PlanProblem['kind'][] = ['readers-per-shard', 'aurora-replicas-per-cluster', 'writer-capacity', 'db-instances-per-region', 'db-clusters-per-region', 'ec2-vcpus-per-region', 'standby-capacity'];
  const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return found
    .filter((p) => {
      const key = JSON.stringify(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byCodeUnit(a.subject, b.subject) || byCodeUnit(a.region ?? '', b.region ?? ''));
}

/** What a location's or zone's timeline needs besides its blueprint. */
interface LocalTimelineOptions {
  readonly scenarioName: string;
  readonly scenario: Blueprint['scenarios'][string];
  /** The share of the population the blueprint holds: a scenario's target is scaled by it. */
  readonly scale: number;
  readonly startDate: string;
  readonly horizonMonths: number;
  readonly restoreBudgetMinutes?: number;
}

/**
 * The load of a location (or a zone's locations): the planner's own timeline over a blueprint whose
 * population is theirs, each location at its own business hours in its own time zone, the scenario's
 * target scaled to their share.
 */
export function locationTimeline(local: Blueprint, options: LocalTimelineOptions): MonthPoint[] {
  const { scenario, scale } = options;
  const scaled = scenario.requesters !== undefined ? { ...scenario, requesters: scenario.requesters * scale } : scenario;
  return buildTimeline(local, {
    scenarioName: options.scenarioName,
    scenario: scaled,
    startDate: options.startDate,
    horizonMonths: options.horizonMonths,
    traffic: trafficProfile(local, options.startDate),
    // The blueprint's milestones are the platform's as a whole: the full plan sizes for them.
    concurrencyFloors: [],
    ...(options.restoreBudgetMinutes !== undefined ? { restoreBudgetMinutes: options.restoreBudgetMinutes } : {}),
  });
}

/** The blueprint as seen by one location: its share of requesters and agents (and the share); minShards per partition where set. */
function locationBlueprint(blueprint: Blueprint, location: string): { readonly blueprint: Blueprint; readonly share: number } {
  const spec = blueprint.population.locations.find((l) => l.name === location)!;
  const databaseGroups = Object.fromEntries(
    Object.entries(blueprint.databaseGroups).map(([group, g]) => [group, { ...g, minShards: g.partitionMinShards?.[location] ?? g.minShards }]),
  );
  return {
    share: spec.share,
    blueprint: {
      ...blueprint,
      population: {
        ...blueprint.population,
        requesters: blueprint.population.requesters * spec.share,
        agents: blueprint.population.agents * spec.share,
        // The whole of this blueprint's population is at the location.
        locations: [{ ...spec, share: 1 }],
      },
      databaseGroups,
    },
  };
}

/**
 * The blueprint as seen by one zone: its locations (shares within the zone) and their share of the population;
 * a module that states business hours keeps them in the time zone of the zone's largest location (a schedule
 * around the clock keeps its own), one that states none follows the zone's locations; undefined for a zone
 * without locations.
 */
function zoneBlueprint(blueprint: Blueprint, locations: readonly string[]): { readonly blueprint: Blueprint; readonly share: number } | undefined {
  const specs = blueprint.population.locations.filter((l) => locations.includes(l.name));
  if (specs.length === 0) return undefined;
  const share = specs.reduce((sum, l) => sum + l.share, 0);
  const main = [...specs].sort((a, b) => b.share - a.share)[0]!;
  const modules = Object.fromEntries(
    Object.entries(blueprint.modules).map(([name, module]) => [
      name,
      !module.schedule || (module.schedule.startHour === 0 && module.schedule.endHour === 24) ? module : { ...module, schedule: { ...module.schedule, timeZone: main.timeZone } },
    ]),
  );
  // The last location takes the rounding, so that the zone's shares add up to exactly 1.
  let given = 0;
  const zoneLocations = specs.map((l, i) => {
    const within = i === specs.length - 1 ? 1 - given : l.share / share;
    given += within;
    return { ...l, share: within };
  });
  return {
    share,
    blueprint: {
      ...blueprint,
      population: {
        ...blueprint.population,
        requesters: blueprint.population.requesters * share,
        agents: blueprint.population.agents * share,
        locations: zoneLocations,
      },
      modules,
    },
  };
}

function byBlueprintOrder(blueprint: Blueprint): (a: string, b: string) => number {
  const keys: string[] = [];
  for (const group of Object.keys(blueprint.databaseGroups)) for (const l of blueprint.population.locations) keys.push(partitionName(group, l.name));
  return (a, b) => keys.indexOf(a) - keys.indexOf(b);
}
