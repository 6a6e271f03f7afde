/** The plan report shows each shared service's size per scenario and why. */
import { resolve } from 'node:path';
import { planCapacity } from '../../capacity';
import { loadProject, resolveEnvironment } from '../../model';
import { SharedServicesSchema } from '../../model/schema';
import { planReportJson, renderPlanMarkdown } from '../../report';

const project = loadProject({ root: resolve(__dirname, '..', '..') });
const prod = resolveEnvironment(project, 'prod');
const SCENARIOS = ['conservative', 'moderate', 'aggressive'];
const sharedServices = SharedServicesSchema.parse({
  cache: { modules: ['incident', 'catalog'] },
  search: { modules: ['knowledge'] },
  sharedFileSystem: { modules: ['cmdb'], storesAttachments: true },
});
const plans = SCENARIOS.map((scenario) => planCapacity({ ...prod, blueprint: { ...prod.blueprint, sharedServices }, scenario }));

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const next = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe('shared services in the plan report', () => {
  test('Markdown: a row per service and scenario with its size, users and what other regions get', () => {
    const text = section(renderPlanMarkdown(plans), 'Shared services');
    const rows = text.split('\n').filter((line) => /^\| (Cache|Search cluster|Shared file system) /.test(line));
    expect(rows).toHaveLength(9);
    const aggressiveSearch = plans[2]!.sharedServices!.search!;
    expect(text).toContain(`| Search cluster     | aggressive   | ${aggressiveSearch.dataNodes} × ${aggressiveSearch.instanceType} over 3 AZs + 3 × m7g.large.search masters`);
    expect(text).toMatch(/\| Cache +\| conservative \| valkey 8\.0: 1 shard × cache\.m7g\.large with 2 replicas;/);
    // prod is a warm standby: the cache is a Global Datastore, the search standby re-indexes after failover.
    expect(text).toMatch(/\| a read-only Global Datastore secondary \(first two other regions\), promoted on failover +\|/);
    expect(text).toMatch(/\| the same size, empty: re-indexed from the database after failover +\|/);
    expect(text).toMatch(/a read-only replica \(first other region\)/);
  });

  test('Markdown: why, once per group of scenarios that agree, in the planner\'s words', () => {
    const text = section(renderPlanMarkdown(plans), 'Shared services');
    for (const plan of plans) {
      for (const line of plan.sharedServices!.search!.reasoning) expect(text).toContain(`- ${line}`);
    }
    expect(text).toMatch(/\*\*Search cluster, why \(conservative\):\*\*/);
    expect(text).toMatch(/finding: the RPO is 1 min but EFS replication targets 15 min/);
  });

  test('Markdown: a plan without shared services has no such section', () => {
    expect(renderPlanMarkdown([planCapacity(prod)])).not.toContain('### Shared services');
  });

  test('JSON: every service with its numbers rounded and its reasoning; null where the blueprint asks for none', () => {
    const report = planReportJson(plans);
    const moderate = report.scenarios.moderate!.sharedServices;
    expect(moderate.cache).toMatchObject({ engine: 'valkey', modules: ['incident', 'catalog'], standby: 'replica' });
    expect(moderate.search!.reasoning).toEqual(plans[1]!.sharedServices!.search!.reasoning);
    expect(moderate.sharedFileSystem!.standby).toBe('replica');
    expect(planReportJson([planCapacity(prod)]).scenarios.moderate!.sharedServices).toEqual({ cache: null, search: null, sharedFileSystem: null });
  });
});
