'use strict';
/**
 * The planner at the schema's extremes (issue 11: "returns within 1 s for every input the schema
 * accepts"): every default environment at growth rates up to the schema's 100 a year and targets up
 * to 10^12 requesters, over horizons up to 120 months. Each plan ends in a plan or a PlanError (the
 * tests prove boundedness structurally; this measures the time). Prints the slowest single plan.
 */
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
const { loadProject, resolveEnvironment } = require(join(root, 'dist', 'model', 'load'));
const { planCapacity, PlanError } = require(join(root, 'dist', 'capacity', 'plan'));

const project = loadProject({ root });
const scenarios = [
  ...[0, 0.5, 3, 10, 100].map((annualGrowthRate) => ({ annualGrowthRate })),
  ...[1e5, 1e8, 1e12].map((requestersAtHorizon) => ({ requestersAtHorizon })),
];
let plans = 0;
let refused = 0;
let slowest = 0;
for (const name of project.environments.keys()) {
  const resolved = resolveEnvironment(project, name);
  for (const [index, scenario] of scenarios.entries()) {
    const blueprint = { ...resolved.blueprint, scenarios: { ...resolved.blueprint.scenarios, [`bench-${index}`]: scenario } };
    for (const horizonMonths of [1, 36, 120]) {
      const start = process.hrtime.bigint();
      try {
        planCapacity({ ...resolved, blueprint, scenario: `bench-${index}`, horizonMonths });
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        refused++;
      }
      slowest = Math.max(slowest, Number(process.hrtime.bigint() - start) / 1e9);
      plans++;
    }
  }
}
process.stdout.write(`${plans} plans (${refused} refused with a PlanError), slowest ${(slowest * 1000).toFixed(1)} ms\n`);
