import { memoryGibOf } from '../model/aws-catalog';
import { Blueprint, ModuleSpec } from '../model/schema';
import { PlanError } from './errors';
import { ModuleSchedule } from './traffic';
import { FleetPlan, MonthPoint, StepUp, Tier } from './types';

/** Outside production, target tracking aims this share of the target utilization (alarms fire at the target). */
export const NON_PRODUCTION_SCALING_HEADROOM = 0.9;

/** How a fleet must survive failures: production loses one AZ (or one instance) and stays within target. */
export interface RedundancyRule {
  readonly tier: Tier;
  readonly availabilityZones: number;
}

/** Instances that survive the worst single failure the tier plans for. */
export function survivingInstances(count: number, rule: RedundancyRule): number {
  if (rule.tier !== 'production') return count;
  return count - Math.max(1, Math.ceil(count / rule.availabilityZones));
}

/**
 * Smallest instance count that keeps utilization at or under `targetUtilization` for `demandRps`
 * after the worst single failure: production needs at least 2 instances, spread over the AZs.
 */
export function instancesFor(demandRps: number, rpsPerInstance: number, targetUtilization: number, rule: RedundancyRule): number {
  const needed = Math.max(1, Math.ceil(demandRps / (rpsPerInstance * targetUtilization) - 1e-9));
  if (!Number.isSafeInteger(needed)) throw fleetTooLarge(demandRps, rpsPerInstance);
  if (rule.tier !== 'production') return needed;
  const azs = rule.availabilityZones;
  if (!Number.isInteger(azs) || azs < 2) {
    throw new Error(`instancesFor: production must survive losing an AZ, which needs at least 2 availability zones, got ${azs}`);
  }
  // Losing the fullest AZ (ceil(count / azs) instances) leaves floor(count × (azs - 1) / azs), so the
  // smallest count whose survivors reach `needed` is ceil(needed × azs / (azs - 1)): computed, not
  // searched, so that a fleet of thousands costs no more to plan than a fleet of two.
  const first = Math.max(2, needed + 1, Math.ceil((needed * azs) / (azs - 1)));
  // Past 2^53 a double cannot count single instances (count + 1 === count), so a search that adds one
  // at a time would never end: refuse such a fleet. Below it the formula is exact up to rounding, which
  // at most `azs` more instances absorb: a bounded search, never an open-ended one.
  if (!Number.isSafeInteger(first + azs)) throw fleetTooLarge(demandRps, rpsPerInstance);
  for (let count = first; count <= first + azs; count++) {
    if (survivingInstances(count, rule) >= needed) return count;
  }
  throw new Error(`instancesFor: no count from ${first} to ${first + azs} survives losing an AZ with ${needed} instances (a bug: the formula is off by more than rounding)`);
}

/** The error for a fleet too large to count: the input's growth or load is far beyond any organisation. */
function fleetTooLarge(demandRps: number, rpsPerInstance: number): PlanError {
  return new PlanError(
    `a fleet for ${demandRps.toPrecision(3)} requests/s at ${rpsPerInstance} requests/s per instance would need more than ${Number.MAX_SAFE_INTEGER} instances, which cannot be planned: lower the scenario's growth (annualGrowthRate, or the target's requesters), the horizon or the workload, or add larger instance types`,
  );
}

/**
 * The instance types the application may run on, smallest first: the listed ones with at least
 * `minInstanceMemoryGib` (a type's stated memoryGib, else the catalog's), or all of them without a
 * minimum. Refuses a minimum that no type meets (the blueprint check reports it; plain data lands here).
 */
export function applicationInstanceTypes(capacity: Pick<Blueprint['capacity'], 'instanceTypes' | 'minInstanceMemoryGib'>): Blueprint['capacity']['instanceTypes'] {
  const minimum = capacity.minInstanceMemoryGib;
  if (minimum === undefined) return capacity.instanceTypes;
  const types = capacity.instanceTypes.filter((t) => (t.memoryGib ?? memoryGibOf(t.type) ?? 0) >= minimum);
  if (types.length === 0) {
    throw new PlanError(`no instance type in capacity.instanceTypes has capacity.minInstanceMemoryGib (${minimum} GiB): list a larger type or lower the minimum`, { file: 'blueprint', path: ['capacity', 'minInstanceMemoryGib'] });
  }
  return types;
}

/**
 * Sizes one module's fleet for the timeline. The instance type is the smallest that keeps the
 * horizon's fleet within `maxInstancesPerFleet`; when a bigger type is chosen, the fleet keeps at
 * least the capacity the smaller type could have given, so more load never yields less capacity.
 */
export function planFleet(
  name: string,
  module: Pick<ModuleSpec, 'singleton' | 'singletons'>,
  blueprint: Blueprint,
  timeline: readonly MonthPoint[],
  rule: RedundancyRule,
  schedule: ModuleSchedule,
): FleetPlan {
  const { capacity } = blueprint;
  const u = capacity.targetUtilization;
  const types = applicationInstanceTypes(capacity);
  const today = timeline[0]?.peakRequestsPerSecond[name] ?? 0;
  const horizon = timeline[timeline.length - 1]?.peakRequestsPerSecond[name] ?? 0;
  const peak = Math.max(...timeline.map((p) => p.peakRequestsPerSecond[name] ?? 0));

  // A type that would need an uncountable fleet does not fit; a larger one may.
  const fits = (rps: number): boolean => {
    try {
      return instancesFor(peak, rps, u, rule) <= capacity.maxInstancesPerFleet;
    } catch (error) {
      if (error instanceof PlanError) return false;
      throw error;
    }
  };
  let typeIndex = types.findIndex((t) => fits(t.requestsPerSecond));
  const exceedsFleetLimit = typeIndex < 0;
  if (exceedsFleetLimit) typeIndex = types.length - 1;
  const type = types[typeIndex]!;
  const smaller = typeIndex > 0 ? types[typeIndex - 1] : undefined;
  const capacityFloor = smaller ? Math.ceil((capacity.maxInstancesPerFleet * smaller.requestsPerSecond) / type.requestsPerSecond) : 0;
  const size = (demand: number) => instancesFor(demand, type.requestsPerSecond, u, rule);

  // A singleton module runs one instance whatever the load (the process must not run twice).
  const maxSize = module.singleton ? 1 : Math.max(size(peak), capacityFloor);
  const desiredSize = Math.min(maxSize, size(today));
  const floor = rule.tier === 'production' ? 2 : 1;
  const minSize = module.singleton ? 1 : Math.min(desiredSize, Math.max(floor, size(today * schedule.offHoursShare)));

  const stepUps: StepUp[] = [];
  let last = desiredSize;
  for (const point of module.singleton ? [] : timeline) {
    const count = Math.min(maxSize, size(point.peakRequestsPerSecond[name] ?? 0));
    if (count > last) {
      stepUps.push({ month: point.month, count });
      last = count;
    }
  }

  // Target tracking aims below the alarm threshold (the target utilization), or a fleet scaling
  // normally would sit at the threshold and its alarm would flap: in production low enough that the
  // survivors of a lost AZ land at the target, elsewhere a tenth below it.
  const scalingTargetUtilization =
    rule.tier === 'production' ? (u * (rule.availabilityZones - 1)) / rule.availabilityZones : u * NON_PRODUCTION_SCALING_HEADROOM;

  return {
    module: name,
    modules: [name],
    instanceType: type.type,
    requestsPerSecondPerInstance: type.requestsPerSecond,
    minSize,
    desiredSize,
    maxSize,
    schedule: {
      timeZone: schedule.timeZone,
      days: schedule.days,
      startHour: schedule.startHour,
      endHour: schedule.endHour,
    },
    scalingTargetUtilization,
    targetRequestsPerSecondPerInstance: type.requestsPerSecond * scalingTargetUtilization,
    peakRequestsPerSecondToday: today,
    peakRequestsPerSecondAtHorizon: horizon,
    // A singleton has no survivor of an AZ loss to count on: its one instance is replaced (or started elsewhere).
    utilizationAtHorizonPeak: peak / ((module.singleton ? 1 : survivingInstances(maxSize, rule)) * type.requestsPerSecond),
    singletons: module.singletons,
    singleton: module.singleton,
    stepUps,
    exceedsFleetLimit,
  };
}
