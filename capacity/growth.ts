import { wholeMonthsBetween } from '../foundation/calendar';
import { SHARED_CLUSTER } from '../foundation/resource-names';
import { Blueprint, ScenarioSpec, sharedClusterGroups } from '../model/schema';
import { sharedClusterLoad, sharedClusterShards, sharedClusterShares, ShardLimits } from './shared-cluster';
import { PlanError } from './errors';
import { DatabaseLoad, LocationLoad, MonthPoint, ShardConstraint, TrafficProfile } from './types';

/** The month (from the start) at which a scenario's target population is reached; undefined for a yearly rate. */
export function targetMonth(scenarioName: string, scenario: ScenarioSpec, startDate: string): number | undefined {
  if (scenario.requesters === undefined) return undefined;
  if (scenario.inMonths !== undefined) return scenario.inMonths;
  const month = wholeMonthsBetween(startDate, scenario.by!);
  if (month < 1) {
    throw new PlanError(
      `scenario "${scenarioName}": by ${scenario.by} is less than a month after the environment's startDate ${startDate}; a target needs time to grow into (give a later date, or inMonths)`,
      { file: 'blueprint', path: ['scenarios', scenarioName, 'by'] },
    );
  }
  return month;
}

/**
 * Requesters at `month` from the start: compounded monthly from a yearly rate, or geometric from today
 * to the target at its month and flat after it. The horizon plays no part: a longer plan only adds months.
 */
export function requestersAt(today: number, scenario: ScenarioSpec, month: number, reachedAtMonth: number | undefined): number {
  if (scenario.requesters !== undefined && reachedAtMonth !== undefined) {
    if (month >= reachedAtMonth) return scenario.requesters;
    return today * Math.pow(scenario.requesters / today, month / reachedAtMonth);
  }
  return today * Math.pow(1 + (scenario.annualGrowthRate ?? 0), month / 12);
}

/** What the timeline needs besides the blueprint. */
export interface TimelineOptions {
  readonly scenarioName: string;
  readonly scenario: ScenarioSpec;
  readonly startDate: string;
  readonly horizonMonths: number;
  readonly traffic: TrafficProfile;
  /** Concurrent users the plan must carry from a month on (the blueprint's concurrency milestones), by month. */
  readonly concurrencyFloors: readonly { readonly month: number; readonly concurrentUsers: number }[];
  /**
   * Minutes one shard may take to restore: set under backup & restore, where restoring is the
   * recovery, so shards stay small enough to restore within the RTO.
   */
  readonly restoreBudgetMinutes?: number;
}

/**
 * The month-by-month timeline, month 0 (the start date) to the horizon. Load comes from concurrency:
 * each location's active requesters and agents in its busiest hour, their actions and the requests per
 * action, summed over the hours where locations overlap (`trafficProfile`). Storage is each module's own
 * records plus what it holds today. Point m depends only on months 0..m, never on the horizon.
 */
export function buildTimeline(blueprint: Blueprint, options: TimelineOptions): MonthPoint[] {
  const { workload, population, capacity } = blueprint;
  const { concurrency } = workload;
  const u = capacity.targetUtilization;
  const reachedAt = targetMonth(options.scenarioName, options.scenario, options.startDate);
  const { traffic } = options;
  const retentionMonths = workload.retentionYears * 12;
  const ticketsByMonth: number[] = [];
  const shardsSoFar = new Map<string, number>();
  const points: MonthPoint[] = [];
  const sharedMembers = sharedClusterGroups(blueprint);
  const sharedShares = sharedClusterShares(blueprint, sharedMembers);
  const shardLimits: ShardLimits = {
    writes: capacity.shardWriteTps * u,
    storage: capacity.shardStorageGb * u,
    restore: options.restoreBudgetMinutes === undefined ? Infinity : (capacity.restoreGbPerHour * options.restoreBudgetMinutes) / 60,
  };

  for (let month = 0; month <= options.horizonMonths; month++) {
    const requesters = requestersAt(population.requesters, options.scenario, month, reachedAt);
    const ticketsPerMonth = requesters * workload.ticketsPerRequesterPerMonth;
    ticketsByMonth.push(ticketsPerMonth);
    // Agents never fall below today's team; beyond it they follow ticket volume.
    const agents = Math.max(population.agents, (ticketsPerMonth * 12) / workload.ticketsPerAgentPerYear);
    const retainedTickets = sum(ticketsByMonth.slice(Math.max(0, ticketsByMonth.length - retentionMonths)));

    // Each location's busiest hour, as if alone; the global peak is where the locations' hours overlap.
    const activeRequesters = requesters * concurrency.requesters.activeShare;
    const activeAgents = agents * concurrency.agents.activeShare;
    const actionsPerHour = activeRequesters * concurrency.requesters.actionsPerHour + activeAgents * concurrency.agents.actionsPerHour;
    const coincidentPeakRps = (actionsPerHour * concurrency.requestsPerAction) / 3600;
    const locations: Record<string, LocationLoad> = {};
    for (const location of traffic.locations) {
      locations[location.location] = {
        requesters: requesters * location.share,
        agents: agents * location.share,
        activeUsers: (activeRequesters + activeAgents) * location.share,
        peakRequestsPerSecond: coincidentPeakRps * location.share,
      };
    }
    const concurrentUsers = (activeRequesters + activeAgents) * traffic.globalPeakShare;
    // A concurrency milestone in force sizes for more users than the forecast: the same mix, more of it.
    const floor = Math.max(0, ...options.concurrencyFloors.filter((f) => f.month <= month).map((f) => f.concurrentUsers));
    const plannedConcurrentUsers = Math.max(concurrentUsers, floor);
    const scale = concurrentUsers > 0 ? plannedConcurrentUsers / concurrentUsers : 1;
    const totalPeakRps = coincidentPeakRps * traffic.globalPeakShare * scale;

    const peakRequestsPerSecond: Record<string, number> = {};
    for (const [name, module] of Object.entries(blueprint.modules)) {
      peakRequestsPerSecond[name] = totalPeakRps * module.trafficShare;
    }

    const configurationItems = requesters * workload.configurationItemsPerRequester;
    const databaseGroups: Record<string, DatabaseLoad> = {};
    for (const [group, spec] of Object.entries(blueprint.databaseGroups)) {
      let writeTps = 0;
      let readRps = 0;
      let storageKb = 0;
      let existingGb = 0;
      for (const [name, module] of Object.entries(blueprint.modules)) {
        if (module.databaseGroup !== group) continue;
        const rps = peakRequestsPerSecond[name] ?? 0;
        writeTps += rps * (1 - module.readShare);
        readRps += rps * module.readShare;
        // Each module's own records: its share of the tickets, the CMDB, the requesters.
        storageKb +=
          retainedTickets * module.storage.ticketShare * module.storage.kbPerTicket +
          configurationItems * module.storage.kbPerConfigurationItem +
          requesters * module.storage.kbPerRequester;
        existingGb += module.storage.existingGb;
      }
      const storageGb = existingGb + storageKb / 1e6;
      const shardsNeededBy: Record<ShardConstraint, number> = {
        minimum: spec.minShards,
        writes: Math.ceil(writeTps / shardLimits.writes - 1e-9),
        storage: Math.ceil(storageGb / shardLimits.storage - 1e-9),
        restore: options.restoreBudgetMinutes === undefined ? 0 : Math.ceil(storageGb / shardLimits.restore - 1e-9),
        sharedCluster: sharedMembers.includes(group) && spec.sharding === 'slots' ? sharedClusterShards(spec.slots, { writeTps, storageGb }, shardLimits, sharedShares[group]!) : 0,
      };
      const binding = bindingConstraint(shardsNeededBy);
      // An unsharded group is one cluster whatever its load; the plan reports when it outgrows the design.
      const needed = spec.sharding === 'none' ? 1 : shardsNeededBy[binding];
      // Shards are never taken away: data has been spread over them.
      const shards = Math.max(needed, shardsSoFar.get(group) ?? 0);
      databaseGroups[group] = { writeTps, readRps, storageGb, shards, shardsNeededBy, binding };
    }
    if (sharedMembers.length > 0) databaseGroups[SHARED_CLUSTER] = sharedClusterLoad(blueprint, sharedMembers, sharedShares, databaseGroups);
    for (const group of Object.keys(blueprint.databaseGroups)) shardsSoFar.set(group, databaseGroups[group]!.shards);

    points.push({
      month,
      requesters,
      agents,
      ticketsPerMonth,
      concurrentUsers,
      plannedConcurrentUsers,
      locations,
      peakRequestsPerSecond,
      requestsPerMonth: totalPeakRps * 3600 * traffic.peakHourEquivalentsPerMonth,
      databaseGroups,
      attachmentStorageGb: (retainedTickets * workload.attachmentsPerTicket * workload.attachmentSizeKb) / 1e6,
    });
  }
  return points;
}

/** The constraint that needs the most shards; on a tie the first of minimum, writes, storage, restore, sharedCluster. */
export function bindingConstraint(needed: Readonly<Record<ShardConstraint, number>>): ShardConstraint {
  let binding: ShardConstraint = 'minimum';
  for (const constraint of ['writes', 'storage', 'restore', 'sharedCluster'] as const) {
    if (needed[constraint] > needed[binding]) binding = constraint;
  }
  return binding;
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, value) => acc + value, 0);
}
