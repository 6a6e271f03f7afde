/**
 * Which fleets a plan runs: one per module, or (blueprint `capacity.sharedFleet`, opt-in) one fleet
 * that small modules share, sized for the sum of their loads. A module shares while its busiest hour
 * over the whole plan stays below the threshold; a module that outgrows it gets its own fleet again
 * (fleets hold no state, so moving a module between fleets destroys nothing).
 */
import { SHARED_FLEET } from '../foundation/resource-names';
import { Blueprint, sharableModules } from '../model/schema';
import { applicationInstanceTypes, planFleet, RedundancyRule } from './fleet';
import { ModuleSchedule } from './traffic';
import { FleetPlan, MonthPoint } from './types';

/** Every day of the week, for a fleet that must be up whenever one of its modules is. */
const WHOLE_WEEK: ModuleSchedule['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The plan's fleets by name: each module's own fleet, and with sharing the `shared` fleet, whose
 * members keep an entry of their own (`hostedBy: 'shared'`, no instances) for their load figures and
 * singleton parts.
 */
export function planFleets(
  blueprint: Blueprint,
  timeline: readonly MonthPoint[],
  rule: RedundancyRule,
  scheduleOf: (module: string) => ModuleSchedule,
): Record<string, FleetPlan> {
  const own: Record<string, FleetPlan> = Object.fromEntries(
    Object.entries(blueprint.modules).map(([name, module]) => [name, planFleet(name, module, blueprint, timeline, rule, scheduleOf(name))]),
  );
  const members = sharingModules(blueprint, timeline);
  if (members.length < 2) return own;

  const shared = planSharedFleet(members, blueprint, timeline, rule, scheduleOf);
  const fleets: Record<string, FleetPlan> = {};
  for (const [name, fleet] of Object.entries(own)) {
    fleets[name] = members.includes(name) ? hosted(fleet, shared) : fleet;
  }
  fleets[SHARED_FLEET] = shared;
  return fleets;
}

/** The modules that share: eligible, listed (when the blueprint lists them) and below the threshold all plan long. */
export function sharingModules(blueprint: Blueprint, timeline: readonly MonthPoint[]): string[] {
  const threshold = sharingThreshold(blueprint);
  return sharableModules(blueprint).filter((name) => Math.max(...timeline.map((p) => p.peakRequestsPerSecond[name] ?? 0)) < threshold);
}

/**
 * Requests/s below which a module shares: the blueprint's, or what one instance of the smallest type
 * the application may run on carries within target (a module that would not fill one instance of its own).
 */
export function sharingThreshold(blueprint: Blueprint): number {
  const { sharedFleet, targetUtilization } = blueprint.capacity;
  if (sharedFleet === undefined) return 0;
  return sharedFleet.belowRequestsPerSecond ?? applicationInstanceTypes(blueprint.capacity)[0]!.requestsPerSecond * targetUtilization;
}

/** The shared fleet: the members' summed load each month, on the planner's usual sizing rules. */
function planSharedFleet(
  members: readonly string[],
  blueprint: Blueprint,
  timeline: readonly MonthPoint[],
  rule: RedundancyRule,
  scheduleOf: (module: string) => ModuleSchedule,
): FleetPlan {
  // The sum of the members' busiest hours: never below the busiest hour of their sum.
  const summed = timeline.map((point) => ({
    ...point,
    peakRequestsPerSecond: { [SHARED_FLEET]: members.reduce((sum, m) => sum + (point.peakRequestsPerSecond[m] ?? 0), 0) },
  }));
  const schedule = sharedSchedule(members.map((m) => ({ schedule: scheduleOf(m), load: timeline[0]?.peakRequestsPerSecond[m] ?? 0 })));
  // Singleton parts stay their modules' own one-instance groups.
  return { ...planFleet(SHARED_FLEET, { singleton: false, singletons: [] }, blueprint, summed, rule, schedule), modules: [...members] };
}

/**
 * One schedule for the members: theirs when they agree, else the whole week (the fleet must be up
 * whenever any member works). The off-hours share is the members' load-weighted one, so the
 * off-hours floor carries exactly what they need off hours.
 */
function sharedSchedule(members: readonly { readonly schedule: ModuleSchedule; readonly load: number }[]): ModuleSchedule {
  const total = members.reduce((sum, m) => sum + m.load, 0);
  const offHoursShare = total > 0 ? members.reduce((sum, m) => sum + m.load * m.schedule.offHoursShare, 0) / total : Math.max(...members.map((m) => m.schedule.offHoursShare));
  const hoursOf = ({ offHoursShare: _, ...hours }: ModuleSchedule) => hours;
  const hours = hoursOf(members[0]!.schedule);
  const agree = members.every((m) => JSON.stringify(hoursOf(m.schedule)) === JSON.stringify(hours));
  return agree ? { ...hours, offHoursShare } : { timeZone: 'UTC', days: WHOLE_WEEK, startHour: 0, endHour: 24, offHoursShare };
}

/** A member's own entry: its load figures, no instances of its own, served by the shared fleet. */
function hosted(fleet: FleetPlan, shared: FleetPlan): FleetPlan {
  return {
    ...fleet,
    hostedBy: SHARED_FLEET,
    instanceType: shared.instanceType,
    requestsPerSecondPerInstance: shared.requestsPerSecondPerInstance,
    minSize: 0,
    desiredSize: 0,
    maxSize: 0,
    // The hours it is served in are the shared fleet's.
    schedule: shared.schedule,
    scalingTargetUtilization: shared.scalingTargetUtilization,
    targetRequestsPerSecondPerInstance: shared.targetRequestsPerSecondPerInstance,
    // The shared fleet's utilization is its members': each is as loaded as the fleet it runs on.
    utilizationAtHorizonPeak: shared.utilizationAtHorizonPeak,
    stepUps: [],
    exceedsFleetLimit: shared.exceedsFleetLimit,
  };
}

/** The fleet that serves a module's requests: its own, or the shared fleet that hosts it. */
export function servingFleet(fleets: Readonly<Record<string, FleetPlan>>, module: string): FleetPlan | undefined {
  const fleet = fleets[module];
  return fleet?.hostedBy !== undefined ? fleets[fleet.hostedBy] : fleet;
}
