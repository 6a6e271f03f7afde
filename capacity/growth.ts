import { wholeMonthsBetween } from '../foundation/calendar';
import { SHARED_CLUSTER } from '../foundation/resource-names';
import { Blueprint, ScenarioSpec, sharedClusterGroups } from '../model/schema';
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
    const databaseGroups: Record<string, MutableLoad> = {};
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
        sharedCluster: 0,
      };
      const binding = bindingConstraint(shardsNeededBy);
      // An unsharded group is one cluster whatever its load; the plan reports when it outgrows the design.
      const needed = spec.sharding === 'none' ? 1 : shardsNeededBy[binding];
      // Shards are never taken away: data has been spread over them.
      const shards = Math.max(needed, shardsSoFar.get(group) ?? 0);
      databaseGroups[group] = { writeTps, readRps, storageGb, shards, shardsNeededBy, binding };
    }
    if (sharedMembers.length > 0) {
      databaseGroups[SHARED_CLUSTER] = fitSharedCluster(blueprint, sharedMembers, databaseGroups, shardLimits);
    }
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

/** What one shard (and so the shared cluster) is designed to carry: writes, storage, and storage restorable within the RTO. */
interface ShardLimits {
  readonly writes: number;
  readonly storage: number;
  /** GB restorable within the RTO; Infinity unless the posture restores from backup. */
  readonly restore: number;
}

type MutableLoad = { -readonly [K in keyof DatabaseLoad]: DatabaseLoad[K] } & { shardsNeededBy: Record<ShardConstraint, number> };

/** The share of a group's slots its first shard holds (contiguous maps give shard 1 the first slots/shards of them). */
export function firstShardShare(slots: number, shards: number, sharding: 'slots' | 'none'): number {
  return sharding === 'none' ? 1 : Math.floor(slots / shards) / slots;
}

/**
 * The shared cluster's load this month: the sum of its members' first shards. While it exceeds what one shard is
 * designed for (writes, storage, restore), the member that puts most of the exceeded quantity on it takes more
 * shards (its first shard then holds fewer slots): at least enough to clear the excess, at most halving its share,
 * so the largest members split first. Each step raises a member's shard count, so the loop ends within the
 * members' slots; a cluster that stays over (unsharded members alone exceed it) is reported by the limits.
 */
function fitSharedCluster(blueprint: Blueprint, members: readonly string[], loads: Record<string, MutableLoad>, limits: ShardLimits): DatabaseLoad {
  const specOf = (group: string) => blueprint.databaseGroups[group]!;
  const share = (group: string) => firstShardShare(specOf(group).slots, loads[group]!.shards, specOf(group).sharding);
  const quantities = { writes: (l: DatabaseLoad) => l.writeTps, storage: (l: DatabaseLoad) => l.storageGb, restore: (l: DatabaseLoad) => l.storageGb } as const;
  const total = (quantity: keyof typeof quantities) => members.reduce((acc, g) => acc + quantities[quantity](loads[g]!) * share(g), 0);
  const maxSteps = members.reduce((acc, g) => acc + specOf(g).slots, 0);
  for (let step = 0; step < maxSteps; step++) {
    const over = (['writes', 'storage', 'restore'] as const).find((q) => total(q) > limits[q] * (1 + 1e-12));
    if (over === undefined) break;
    const growable = members.filter((g) => specOf(g).sharding === 'slots' && loads[g]!.shards < specOf(g).slots);
    if (growable.length === 0) break;
    const contribution = (g: string) => quantities[over](loads[g]!) * share(g);
    const largest = growable.reduce((best, g) => (contribution(g) > contribution(best) ? g : best));
    const load = loads[largest]!;
    const { slots } = specOf(largest);
    const whole = quantities[over](load);
    // The largest first-shard slot count that clears the excess, or halves the member's share if that is not enough.
    const target = Math.max(contribution(largest) - (total(over) - limits[over]), contribution(largest) / 2);
    const slotsAllowed = Math.floor((target / whole) * slots + 1e-9);
    const shards = Math.min(slots, Math.max(load.shards + 1, Math.floor(slots / (slotsAllowed + 1)) + 1));
    load.shards = shards;
    load.shardsNeededBy.sharedCluster = shards;
    load.binding = bindingConstraint(load.shardsNeededBy);
  }
  const writeTps = members.reduce((acc, g) => acc + loads[g]!.writeTps * share(g), 0);
  const readRps = members.reduce((acc, g) => acc + loads[g]!.readRps * share(g), 0);
  const storageGb = members.reduce((acc, g) => acc + loads[g]!.storageGb * share(g), 0);
  return { writeTps, readRps, storageGb, shards: 1, shardsNeededBy: { minimum: 1, writes: 1, storage: 1, restore: 0, sharedCluster: 0 }, binding: 'minimum' };
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, value) => acc + value, 0);
}
