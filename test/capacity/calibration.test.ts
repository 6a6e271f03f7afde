/**
 * The calibration table of docs/capacity-model.md, recomputed: the default blueprint in prod, planned
 * flat at 500, 5,000, 50,000 and 200,000 requesters, against ranges built from public figures. The
 * test recomputes the "itsm-standard" column and checks "Within" against each range, so the table
 * says what the planner does, where it lands inside the public ranges and where it does not.
 */
import { ownGroupParts } from '../../capacity/singletons';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CapacityPlan, planCapacity } from '../../capacity';
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

/** The default blueprint in prod at a flat population. */
function planAt(requesters: number): CapacityPlan {
  const blueprint = structuredClone(prod.blueprint);
  blueprint.population.requesters = requesters;
  blueprint.population.agents = agentsFor(requesters);
  blueprint.scenarios.flat = { annualGrowthRate: 0 };
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
