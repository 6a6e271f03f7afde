import { wholeMonthsBetween } from '../foundation/calendar';
import { Blueprint, MilestoneSpec } from '../model/schema';
import { survivingInstances, RedundancyRule } from './fleet';
import { servingFleet } from './fleet-sharing';
import { DatabasePlan, FleetPlan, MilestoneResult, MonthPoint, PlanProblem } from './types';

/** Concurrency milestones as floors of the load: from its month on, the plan sizes for at least its users. */
export function concurrencyFloors(blueprint: Blueprint, startDate: string): { month: number; concurrentUsers: number }[] {
  return blueprint.milestones
    .filter((m) => m.concurrentUsers !== undefined)
    .map((m) => ({ month: Math.max(0, wholeMonthsBetween(startDate, m.by)), concurrentUsers: m.concurrentUsers! }));
}

/** What judging the milestones reads of the plan. */
export interface MilestoneContext {
  readonly blueprint: Blueprint;
  readonly startDate: string;
  readonly timeline: readonly MonthPoint[];
  readonly fleets: Readonly<Record<string, FleetPlan>>;
  readonly databases: Readonly<Record<string, DatabasePlan>>;
  readonly problems: readonly PlanProblem[];
  readonly rule: RedundancyRule;
  readonly latencyP95Ms: number;
}

/**
 * Each milestone judged against the plan: the month it is met and what provides it, or why it is not
 * met and what to change. Concurrency milestones are sized for (see `concurrencyFloors`), so they fail
 * only past the horizon or where a limit holds capacity back; latency is not predicted, so a latency
 * milestone holds where the modules run within target utilization and the p95 alarm watches the target.
 */
export function judgeMilestones(context: MilestoneContext): MilestoneResult[] {
  return context.blueprint.milestones.map((milestone) =>
    milestone.concurrentUsers !== undefined ? concurrency(milestone, milestone.concurrentUsers, context) : latency(milestone, milestone.p95LatencyMs!, context),
  );
}

function concurrency(milestone: MilestoneSpec, users: number, context: MilestoneContext): MilestoneResult {
  const byMonth = Math.max(0, wholeMonthsBetween(context.startDate, milestone.by));
  const base = { milestone: describe(milestone), kind: 'concurrent-users' as const, by: milestone.by, byMonth };
  const horizon = context.timeline[context.timeline.length - 1]!.month;
  if (byMonth > horizon) {
    return { ...base, met: false, detail: `month ${byMonth} is beyond the horizon (month ${horizon}): nothing is sized for it; plan at least ${byMonth} months (horizonMonths or --horizon)` };
  }
  const blocking = context.problems.filter((p) => p.kind !== 'db-instances-per-region' && p.kind !== 'db-clusters-per-region' && p.kind !== 'ec2-vcpus-per-region');
  if (blocking.length > 0) {
    return { ...base, met: false, detail: `capacity is held back by ${blocking.map((p) => `${p.subject} (${p.limit})`).join(', ')}: see the plan's problems` };
  }
  const forecastMonth = context.timeline.find((p) => p.concurrentUsers >= users)?.month;
  const metInMonth = forecastMonth !== undefined && forecastMonth < byMonth ? forecastMonth : byMonth;
  const point = context.timeline[metInMonth]!;
  const providers = [
    ...Object.values(context.fleets)
      .filter((f) => !f.singleton && f.hostedBy === undefined)
      .map((f) => `${f.module}${f.modules.length > 1 ? ` (${f.modules.join(', ')})` : ''} up to ${f.maxSize} × ${f.instanceType}`),
    ...Object.values(context.databases).map((d) => `${d.group} ${d.shards} shard${d.shards === 1 ? '' : 's'} × ${d.instanceClass}`),
  ];
  const forecast = Math.round(point.concurrentUsers);
  const why = forecastMonth !== undefined && forecastMonth <= byMonth ? `the forecast reaches ${users} in month ${forecastMonth}` : `the forecast is ${forecast} at month ${metInMonth}; the plan sizes for ${users} from then`;
  return { ...base, met: true, metInMonth, detail: `${why}; carried by ${providers.join(', ')}` };
}

function latency(milestone: MilestoneSpec, p95Ms: number, context: MilestoneContext): MilestoneResult {
  const byMonth = Math.max(0, wholeMonthsBetween(context.startDate, milestone.by));
  const base = { milestone: describe(milestone), kind: 'p95-latency' as const, by: milestone.by, byMonth };
  const horizon = context.timeline[context.timeline.length - 1]!.month;
  if (p95Ms < context.latencyP95Ms) {
    return {
      ...base,
      met: false,
      detail: `the plan sizes and alarms for p95 ${context.latencyP95Ms} ms (serviceLevels.latencyP95Ms); for ${p95Ms} ms lower serviceLevels.latencyP95Ms and measure each instance type's requestsPerSecond at that latency`,
    };
  }
  if (byMonth > horizon) {
    return { ...base, met: false, detail: `month ${byMonth} is beyond the horizon (month ${horizon}); plan at least ${byMonth} months` };
  }
  const modules = milestone.module !== undefined ? [milestone.module] : Object.keys(context.blueprint.modules);
  const u = context.blueprint.capacity.targetUtilization;
  const point = context.timeline[byMonth]!;
  let worst = { module: '', utilization: 0 };
  for (const module of modules) {
    // A module on the shared fleet is as loaded as the fleet: all its members' requests share it.
    const fleet = servingFleet(context.fleets, module)!;
    const survivors = fleet.singleton ? 1 : survivingInstances(fleet.maxSize, context.rule);
    const load = fleet.modules.reduce((sum, m) => sum + (point.peakRequestsPerSecond[m] ?? 0), 0);
    const utilization = load / (Math.max(1, survivors) * fleet.requestsPerSecondPerInstance);
    if (utilization >= worst.utilization) worst = { module, utilization };
  }
  const overloaded = context.problems.filter((p) => modules.includes(p.subject) || modules.some((m) => context.databases[p.subject]?.modules.includes(m)));
  if (worst.utilization > u + 1e-9 || overloaded.length > 0) {
    const reason = overloaded.length > 0 ? overloaded.map((p) => `${p.subject}: ${p.limit}`).join(', ') : `${worst.module} runs at ${pct(worst.utilization)} in the busiest hour, above the ${pct(u)} target`;
    return { ...base, met: false, detail: `${reason}; latency degrades past the target utilization` };
  }
  return {
    ...base,
    met: true,
    metInMonth: 0,
    detail: `${modules.length === 1 ? modules[0] : 'every module'} stays at or below ${pct(worst.utilization)} in the busiest hour of month ${byMonth} (target ${pct(u)}, after losing an AZ in production), and the p95 alarm watches ${context.latencyP95Ms} ms; latency is measured, not predicted`,
  };
}

function describe(m: MilestoneSpec): string {
  const what = m.concurrentUsers !== undefined ? `${grouped(m.concurrentUsers)} concurrent users` : `p95 below ${m.p95LatencyMs} ms${m.module ? ` for ${m.module}` : ''}`;
  return `${m.name ? `${m.name}: ` : ''}${what} by ${m.by}`;
}

/** `10000` → `10,000`, by hand: the same text on every machine, whatever its locale. */
function grouped(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
