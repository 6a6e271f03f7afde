/**
 * The calibration table of docs/capacity-model.md, recomputed: the default blueprint in prod, planned
 * flat at 500, 5,000, 50,000 and 200,000 requesters, against ranges built from public figures. The
 * test recomputes the "itsm-standard" column and checks "Within" against each range, so the table
 * says what the planner does, where it lands inside the public ranges and where it does not.
 */
import { ownGroupParts } from '../../capacity/singletons';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CapacityPlan, costPlan, planCapacity } from '../../capacity';
import { ownShards } from '../../capacity/database';
import { vcpusOf } from '../../model/aws-catalog';
import { loadProject, resolveEnvironment } from '../../model/load';

const ROOT = join(__dirname, '..', '..');
const prod = resolveEnvironment(loadProject({ root: ROOT }), 'prod');

/** Agents a service desk needs for `requesters`: their tickets a year over one agent's (the blueprint's ratios). */
function agentsFor(requesters: number): number {
  const { ticketsPerRequesterPerMonth, ticketsPerAgentPerYear } = prod.blueprint.workload;
  return Math.max(1, Math.round((requesters * ticketsPerRequesterPerMonth * 12) / ticketsPerAgentPerYear));
}

/** A blueprint (the default one unless given) at a flat population. */
function flatAt(requesters: number, base = prod.blueprint): typeof prod.blueprint {
  const blueprint = structuredClone(base);
  blueprint.population.requesters = requesters;
  blueprint.population.agents = agentsFor(requesters);
  blueprint.scenarios.flat = { annualGrowthRate: 0 };
  return blueprint;
}

/** The default blueprint in prod at a flat population. */
function planAt(requesters: number, blueprint = flatAt(requesters)): CapacityPlan {
  return planCapacity({ ...prod, blueprint, scenario: 'flat', horizonMonths: 12 });
}

/** The table's metrics, as the planner's figures, formatted as the table shows them. */
const METRICS: Readonly<Record<string, (plan: CapacityPlan) => number>> = {
  // What runs: each fleet at its largest and each singleton part's own group (parts under a lease run on their serving fleet).
  'application nodes': (plan) => Object.values(plan.fleets).reduce((sum, f) => sum + (f.singleton ? 1 : f.maxSize) + ownGroupParts(f).length, 0),
  'application vCPU': (plan) => Object.values(plan.fleets).reduce((sum, f) => sum + ((f.singleton ? 1 : f.maxSize) + ownGroupParts(f).length) * vcpusOf(f.instanceType)!, 0),
  // Clusters that run: a member of the shared cluster has instances for its own shards only.
  'database instances': (plan) => Object.values(plan.databases).reduce((sum, db) => sum + ownShards(db).length * (1 + db.readersPerShard), 0),
  'peak requests/s': (plan) => Object.values(plan.timeline[0]!.peakRequestsPerSecond).reduce((a, b) => a + b, 0),
};

interface Row {
  readonly requesters: number;
  readonly agents: number;
  readonly metric: string;
  readonly low: number;
  readonly high: number;
  readonly shown: string;
  readonly within: string;
}

function calibrationRows(): Row[] {
  const doc = readFileSync(join(ROOT, 'docs', 'capacity-model.md'), 'utf8');
  const start = doc.indexOf('| Requesters | Agents | Metric | Public range | itsm-standard | Within |');
  if (start < 0) throw new Error('docs/capacity-model.md: no calibration table');
  return doc
    .slice(start)
    .split('\n')
    .slice(2)
    .filter((line) => line.startsWith('|'))
    .map((line) => {
      const [requesters, agents, metric, range, shown, within] = line.slice(1, -1).split('|').map((cell) => cell.trim()) as [string, string, string, string, string, string];
      const [low, high] = range.split('–').map(Number) as [number, number];
      return { requesters: Number(requesters), agents: Number(agents), metric, low, high, shown, within };
    });
}

const rows = calibrationRows();
const plans = new Map([...new Set(rows.map((r) => r.requesters))].map((n) => [n, planAt(n)]));

describe('the calibration table of docs/capacity-model.md', () => {
  it('covers 500, 5,000, 50,000 and 200,000 requesters, each with every metric', () => {
    expect([...plans.keys()]).toEqual([500, 5_000, 50_000, 200_000]);
    for (const n of plans.keys()) expect(rows.filter((r) => r.requesters === n).map((r) => r.metric)).toEqual(Object.keys(METRICS));
  });

  it.each(rows.map((r) => [r.requesters, r.metric, r] as const))('at %s requesters shows the planner\'s %s, and whether it is within the public range', (requesters, metric, row) => {
    // GIVEN the plan at the row's size
    const plan = plans.get(requesters)!;
    const value = METRICS[metric]!(plan);
    // THEN the agents, the figure and the verdict are the planner's
    expect(row.agents).toBe(agentsFor(requesters));
    expect(row.shown).toBe(metric === 'peak requests/s' ? value.toFixed(2) : String(value));
    expect(row.low).toBeLessThanOrEqual(row.high);
    expect(row.within).toBe(value >= row.low && value <= row.high ? 'yes' : 'no');
  });
});

describe("the calibration prose's alternative at 200,000 requesters", () => {
  /** Fleets that run instances, as `<count> × <type>`, and the month's cost. */
  const layout = (plan: CapacityPlan, blueprint: typeof prod.blueprint) => ({
    fleets: Object.entries(plan.fleets)
      .filter(([, f]) => f.hostedBy === undefined)
      .map(([name, f]) => `${name} ${f.maxSize} × ${f.instanceType}`),
    nodes: METRICS['application nodes']!(plan),
    vcpus: METRICS['application vCPU']!(plan),
    usd: costPlan({ plan, blueprint, environment: prod.environment }).months[0]!.totalUsd,
  });

  it('every module on the shared fleet takes fewer nodes than per-module fleets, but more vCPUs and more cost, and still more than 4 nodes', () => {
    // GIVEN the default blueprint at 200,000 requesters, and the same with a threshold no module passes
    const perModule = flatAt(200_000);
    const everyModuleShares = structuredClone(perModule);
    everyModuleShares.capacity.sharedFleet = { belowRequestsPerSecond: 1_000 };
    // THEN the numbers docs/capacity-model.md states
    const own = layout(planAt(200_000, perModule), perModule);
    const one = layout(planAt(200_000, everyModuleShares), everyModuleShares);
    expect(own.fleets).toEqual(['incident 3 × m7i.2xlarge', 'catalog 3 × m7i.xlarge', 'cmdb 3 × m7i.xlarge', 'knowledge 3 × m7i.xlarge', 'shared 3 × m7i.xlarge']);
    expect(one.fleets).toEqual(['shared 5 × m7i.4xlarge']);
    expect([own.nodes, own.vcpus, one.nodes, one.vcpus]).toEqual([15, 72, 5, 80]);
    expect(one.usd).toBeGreaterThan(own.usd);
    // AND with m7i.8xlarge listed (3 requests/s per vCPU, as the others) the one fleet comes down to 3 nodes
    const withLarger = structuredClone(everyModuleShares);
    withLarger.capacity.instanceTypes = [...withLarger.capacity.instanceTypes, { type: 'm7i.8xlarge', requestsPerSecond: 96 }];
    const larger = layout(planAt(200_000, withLarger), withLarger);
    expect([larger.fleets, larger.nodes, larger.vcpus]).toEqual([['shared 3 × m7i.8xlarge'], 3, 96]);
    const doc = readFileSync(join(ROOT, 'docs', 'capacity-model.md'), 'utf8');
    expect(doc).toContain(`5 × m7i.4xlarge (80 vCPU, $${Math.round(one.usd - own.usd)} a month more)`);
  });
});
