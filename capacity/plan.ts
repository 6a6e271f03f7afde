import { SHARED_CLUSTER } from '../foundation/resource-names';
import { Blueprint, Environment, ServiceLevels, sharedClusterGroups, shrinkingScenario } from '../model/schema';
import { planBackup } from './backup';
import { planDatabase, unshardedLimit } from './database';
import { choosePosture } from './dr';
import { PlanError } from './errors';
import { planFleets } from './fleet-sharing';
import { findLimitProblems } from './limits';
import { ownGroupParts, placeSingletonParts, planSingletons, singletonProblems } from './singletons';
import { planSharedServices } from './shared-services';
import { buildTimeline } from './growth';
import { concurrencyFloors, judgeMilestones } from './milestones';
import { derivedSchedule, trafficProfile } from './traffic';
import { CapacityPlan, DrPlan, FleetPlan, Threshold } from './types';

export { PlanError };

/** What the planner needs; plain data so that tests can vary it freely. */
export interface PlanInput {
  readonly blueprint: Blueprint;
  readonly environment: Pick<Environment, 'name' | 'tier' | 'startDate' | 'horizonMonths' | 'scenario' | 'regions' | 'backup' | 'quotas'>;
  readonly serviceLevels: ServiceLevels;
  /** Plan another scenario than the environment's. @default - the environment's scenario */
  readonly scenario?: string;
  /** Plan another horizon than the environment's. @default - the environment's horizonMonths */
  readonly horizonMonths?: number;
}


/** Plans capacity: deterministic and pure (no I/O, no clock, no randomness). */
export function planCapacity(input: PlanInput): CapacityPlan {
  const { blueprint, environment, serviceLevels } = input;
  const scenarioName = input.scenario ?? environment.scenario;
  const scenario = blueprint.scenarios[scenarioName];
  if (!scenario) {
    throw new PlanError(`unknown scenario "${scenarioName}" (known: ${Object.keys(blueprint.scenarios).join(', ')})`);
  }
  // The schema refuses a shrinking scenario; plain data passed to the planner is checked here too.
  const shrinking = shrinkingScenario(scenario, blueprint.population.requesters);
  if (shrinking) throw new PlanError(`scenario "${scenarioName}": requesters ${shrinking}`, { file: 'blueprint', path: ['scenarios', scenarioName, 'requesters'] });
  const horizonMonths = input.horizonMonths ?? environment.horizonMonths;
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1 || horizonMonths > 120) {
    throw new PlanError(`horizon ${horizonMonths} months is out of range (a whole number from 1 to 120)`);
  }
  const u = blueprint.capacity.targetUtilization;
  const rule = { tier: environment.tier, availabilityZones: environment.regions.primary.availabilityZones.length };
  const regions = [environment.regions.primary.name, ...environment.regions.secondaries.map((r) => r.name)];
  const dr = planDr(serviceLevels, regions);
  const { startDate } = environment;
  const traffic = trafficProfile(blueprint, startDate);
  const timeline = buildTimeline(blueprint, {
    scenarioName,
    scenario,
    startDate,
    horizonMonths,
    traffic,
    concurrencyFloors: concurrencyFloors(blueprint, startDate),
    // Under backup & restore the restore is the recovery: each shard must restore within the RTO.
    ...(dr.posture === 'backup-restore' ? { restoreBudgetMinutes: serviceLevels.rtoMinutes } : {}),
  });

  // Modules that state no business hours follow the locations': one schedule for all of them.
  const locationsSchedule = derivedSchedule(traffic, blueprint.population.locations, blueprint.workload.concurrency.offHoursShare);
  // Singleton parts under a lease run on the fleet that serves their module (capacity/singletons.ts).
  const fleets = placeSingletonParts(blueprint, planFleets(blueprint, timeline, rule, (name) => blueprint.modules[name]!.schedule ?? locationsSchedule));
  // The primary of an Aurora global database (every posture but backup & restore) keeps a reader
  // per shard, so that a writer failure fails over within the region before anyone fails regions.
  const minReaders = environment.tier === 'production' || dr.posture !== 'backup-restore' ? 1 : 0;
  // The shared cluster (capacity.sharedCluster) comes first: it holds the first shard of each of its members, and
  // every instance that connects to a member holds a pool to it.
  const sharedMembers = sharedClusterGroups(blueprint);
  const groups = [...(sharedMembers.length > 0 ? [SHARED_CLUSTER] : []), ...Object.keys(blueprint.databaseGroups)];
  const connecting = (group: string): number =>
    group === SHARED_CLUSTER && sharedMembers.length > 0
      ? sharedMembers.reduce((acc, member) => acc + connectingInstances(member, blueprint, fleets), 0)
      : connectingInstances(group, blueprint, fleets);
  const databases = Object.fromEntries(
    groups.map((group) => [group, planDatabase(group, blueprint, timeline, environment.tier, { minReaders, connectingInstances: connecting(group) })]),
  );
  const backup = planBackup(serviceLevels.rpoMinutes, blueprint.workload.retentionYears, {
    tier: environment.tier,
    breakGlassRoleName: environment.backup.breakGlassRoleName,
  });

  const thresholds: Threshold[] = [];
  for (const fleet of Object.values(fleets)) {
    for (const step of fleet.stepUps) {
      const serves = fleet.modules.length > 1 ? ` (serving ${fleet.modules.join(', ')})` : '';
      thresholds.push({ month: step.month, subject: fleet.module, message: `${fleet.module}${serves} needs ${step.count} × ${fleet.instanceType} at peak` });
    }
  }
  for (const db of Object.values(databases)) {
    for (const step of db.shardStepUps) {
      const next = db.nextShards.find((n) => n.month === step.month);
      const when = next
        ? `provision by month ${next.provisionByMonth} (lead time ${blueprint.capacity.shardLeadTimeMonths} months), ${next.binding} binding`
        : `provisioned now (within the ${blueprint.capacity.shardLeadTimeMonths}-month lead time)`;
      thresholds.push({ month: step.month, subject: db.group, message: `${db.group} needs shard ${step.count}: ${when}` });
    }
    const limit = db.sharding === 'none' ? unshardedLimit(db.group, blueprint, timeline) : undefined;
    if (limit) thresholds.push({ month: limit.month, subject: db.group, message: limit.message });
  }
  // By code unit, not localeCompare: the same order on every machine, whatever its locale.
  const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  thresholds.sort((a, b) => a.month - b.month || byCodeUnit(a.subject, b.subject) || byCodeUnit(a.message, b.message));

  const sharedServices = planSharedServices(blueprint, timeline, {
    tier: environment.tier,
    availabilityZones: rule.availabilityZones,
    posture: dr.posture,
    targetUtilization: u,
    rpoMinutes: serviceLevels.rpoMinutes,
  });

  const singletons = planSingletons(blueprint, environment.tier, serviceLevels.rtoMinutes, fleets);
  const limitProblems = findLimitProblems({
    blueprint,
    regions,
    posture: dr.posture,
    fleets,
    databases,
    timeline,
    targetUtilization: u,
    ...(environment.quotas ? { quotas: environment.quotas } : {}),
  });
  // Singleton replacement is the last kind: appended after the limits, in blueprint order.
  const problems = [...limitProblems, ...singletonProblems(singletons)];

  const milestones = judgeMilestones({ blueprint, startDate, timeline, fleets, databases, problems, rule, latencyP95Ms: serviceLevels.latencyP95Ms });

  const last = timeline[timeline.length - 1]!;
  return {
    environment: environment.name,
    blueprint: blueprint.name,
    scenario: scenarioName,
    startDate,
    horizonMonths,
    tier: environment.tier,
    targetUtilization: u,
    availabilityZones: rule.availabilityZones,
    timeline,
    traffic,
    milestones,
    fleets,
    databases,
    attachments: { storageGbAtHorizon: last.attachmentStorageGb, retentionYears: blueprint.workload.retentionYears },
    dr,
    backup,
    thresholds,
    problems,
    ...(sharedServices ? { sharedServices } : {}),
    singletons,
  };
}

/**
 * Application instances holding a pool to each of the group's writers: its modules' fleets at their
 * largest, and their singletons' own groups. A shared fleet serving several of the group's modules counts once:
 * its instances run one application, with one pool per group. Singleton parts under a lease run on those
 * instances and add none.
 */
export function connectingInstances(group: string, blueprint: Blueprint, fleets: Readonly<Record<string, FleetPlan>>): number {
  let instances = 0;
  const hosts = new Set<string>();
  for (const [name, module] of Object.entries(blueprint.modules)) {
    if (module.databaseGroup !== group) continue;
    const fleet = fleets[name]!;
    instances += fleet.maxSize + ownGroupParts(fleet).length;
    if (fleet.hostedBy !== undefined) hosts.add(fleet.hostedBy);
  }
  for (const host of hosts) instances += fleets[host]!.maxSize;
  return instances;
}

/** The DR posture for the service levels; throws PlanError when the regions cannot meet them. */
export function planDr(serviceLevels: ServiceLevels, regions: readonly string[]): DrPlan {
  const choice = choosePosture(serviceLevels.rtoMinutes, serviceLevels.rpoMinutes, regions.length);
  if ('reason' in choice) throw new PlanError(choice.reason);
  const { capability } = choice;
  const [primary, ...others] = regions;
  const allServe = capability.posture === 'active-active';
  return {
    posture: capability.posture,
    requiredRtoMinutes: serviceLevels.rtoMinutes,
    requiredRpoMinutes: serviceLevels.rpoMinutes,
    achievableRtoMinutes: capability.rtoMinutes,
    achievableRpoMinutes: choice.achievableRpoMinutes,
    evidence: capability.evidence,
    servingRegions: allServe ? [...regions] : primary ? [primary] : [],
    standbyRegions: allServe ? [] : others,
  };
}
