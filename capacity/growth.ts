import { Blueprint, ScenarioSpec } from '../model/schema';
import { DatabaseLoad, MonthPoint } from './types';

/** Requesters at `month` under a scenario: compounded monthly from a yearly rate, or geometric to a target at the horizon. */
export function requestersAt(today: number, scenario: ScenarioSpec, month: number, horizonMonths: number): number {
  if (scenario.requestersAtHorizon !== undefined) {
    return today * Math.pow(scenario.requestersAtHorizon / today, month / horizonMonths);
  }
  return today * Math.pow(1 + (scenario.annualGrowthRate ?? 0), month / 12);
}

/**
 * The month-by-month timeline, month 0 (today) to the horizon. Peaks assume every location's
 * busiest hour coincides, which over-provisions a spread-out organisation a little: safe side.
 */
export function buildTimeline(blueprint: Blueprint, scenario: ScenarioSpec, horizonMonths: number, targetUtilization: number): MonthPoint[] {
  const { workload, population, capacity } = blueprint;
  const retentionMonths = workload.retentionYears * 12;
  const ticketsByMonth: number[] = [];
  const shardsSoFar = new Map<string, number>();
  const points: MonthPoint[] = [];

  for (let month = 0; month <= horizonMonths; month++) {
    const requesters = requestersAt(population.requesters, scenario, month, horizonMonths);
    const ticketsPerMonth = requesters * workload.ticketsPerRequesterPerMonth;
    ticketsByMonth.push(ticketsPerMonth);
    // Agents never fall below today's team; beyond it they follow ticket volume.
    const agents = Math.max(population.agents, (ticketsPerMonth * 12) / workload.ticketsPerAgentPerYear);
    const retainedTickets = sum(ticketsByMonth.slice(Math.max(0, ticketsByMonth.length - retentionMonths)));

    const peakTicketsPerHour = (ticketsPerMonth / workload.businessDaysPerMonth) * workload.busiestHourShare;
    const totalPeakRps =
      (peakTicketsPerHour * workload.apiRequestsPerTicket) / 3600 + ((requesters + agents) * workload.baselineRequestsPerUserPerHour) / 3600;

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
      for (const [name, module] of Object.entries(blueprint.modules)) {
        if (module.databaseGroup !== group) continue;
        const rps = peakRequestsPerSecond[name] ?? 0;
        writeTps += rps * (1 - module.readShare);
        readRps += rps * module.readShare;
        storageKb +=
          retainedTickets * module.storage.kbPerTicket +
          configurationItems * module.storage.kbPerConfigurationItem +
          requesters * module.storage.kbPerRequester;
      }
      const storageGb = storageKb / 1e6;
      // An unsharded group is one cluster whatever its load; the plan reports when it outgrows the design.
      const needed =
        spec.sharding === 'none'
          ? 1
          : Math.max(
              spec.minShards,
              Math.ceil(writeTps / (capacity.shardWriteTps * targetUtilization)),
              Math.ceil(storageGb / (capacity.shardStorageGb * targetUtilization)),
            );
      // Shards are never taken away: data has been spread over them.
      const shards = Math.max(needed, shardsSoFar.get(group) ?? 0);
      shardsSoFar.set(group, shards);
      databaseGroups[group] = { writeTps, readRps, storageGb, shards };
    }

    points.push({
      month,
      requesters,
      agents,
      ticketsPerMonth,
      peakRequestsPerSecond,
      databaseGroups,
      attachmentStorageGb: (retainedTickets * workload.attachmentsPerTicket * workload.attachmentSizeKb) / 1e6,
    });
  }
  return points;
}

function sum(values: readonly number[]): number {
  return values.reduce((acc, value) => acc + value, 0);
}
