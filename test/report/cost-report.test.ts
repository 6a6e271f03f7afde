/**
 * Cost in the reports: `plan --env prod --scenario all` (Markdown and JSON), the budget of every default
 * environment, and `diff` between prod at conservative and at aggressive (Markdown and JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { defaultStackDocuments, REPO_ROOT } from '../shared-synth';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO_ROOT });
  return { code, stdout, stderr };
}

const dollars = (cell: string) => Number(cell.replace(/[$,\s]/g, ''));

describe('itsm-scale plan --env prod --scenario all', () => {
  test('shows the monthly cost per scenario side by side; conservative never above aggressive', async () => {
    const { code, stdout } = await run(['plan', '--env', 'prod', '--scenario', 'all']);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf('### Monthly cost'), stdout.indexOf('### Topology'));
    expect(section).toMatch(/\| Month +\| conservative \| moderate \| aggressive \|/);
    const rows = section.split('\n').filter((l) => /^\| (today|month)/.test(l));
    expect(rows[0]).toMatch(/^\| today \(month 0\)/);
    expect(rows[rows.length - 1]).toMatch(/^\| month 36 \(horizon\)/);
    for (const row of rows) {
      const [, conservative, moderate, aggressive] = row.split('|').slice(1, -1).map((c) => c.trim());
      expect(dollars(conservative!)).toBeLessThanOrEqual(dollars(moderate!));
      expect(dollars(moderate!)).toBeLessThanOrEqual(dollars(aggressive!));
    }
    expect(section).toContain('per requester per month');
    expect(section).toContain('per ticket');
    expect(section).toMatch(/Top cost drivers at the horizon \(month 36\)/);
    expect(section).toMatch(/- database `shared`: \$[\d,]+ a month/);
    // AND the footer names the price file's date and sources
    expect(stdout).toMatch(/Cost figures: AWS public on-demand list prices in USD taken on \d{4}-\d{2}-\d{2} \(capacity\/prices\/aws-prices.json, version 1\)/);
    expect(stdout).toContain('https://aws.amazon.com/ec2/pricing/on-demand/');
  });

  test('the JSON carries the same numbers', async () => {
    const json = JSON.parse((await run(['plan', '--env', 'prod', '--scenario', 'all', '--format', 'json'])).stdout);
    const md = (await run(['plan', '--env', 'prod', '--scenario', 'all'])).stdout;
    for (const scenario of ['conservative', 'moderate', 'aggressive']) {
      const cost = json.scenarios[scenario].cost;
      expect(cost.monthlyUsd).toHaveLength(37);
      expect(cost.milestones[0].month).toBe(0);
      expect(cost.milestones[cost.milestones.length - 1].month).toBe(36);
      expect(cost.milestones[cost.milestones.length - 1].totalUsd).toBe(cost.monthlyUsd[36]);
      expect(cost.prices.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(md).toContain(`$${Math.round(cost.monthlyUsd[36]).toLocaleString('en-US')}`);
    }
  });
});

describe('budgets of the default environments', () => {
  test.each(['dev', 'staging', 'prod', 'jsm-prod', 'zammad-staging'])('%s-global has a monthly budget notifying actual and forecast cost to the DNS alarm topic', (env) => {
    const resources = defaultStackDocuments().get(`${env}-global`)!['resource'] as Record<string, Record<string, Record<string, unknown>>>;
    const budgets = Object.values(resources['aws_budgets_budget'] ?? {});
    expect(budgets).toHaveLength(1);
    const notifications = budgets[0]!['notification'] as Array<Record<string, unknown>>;
    expect([...new Set(notifications.map((n) => n['notification_type']))].sort()).toEqual(['ACTUAL', 'FORECASTED']);
    for (const n of notifications) expect(n['subscriber_sns_topic_arns']).toEqual(['${aws_sns_topic.dns_alarms.arn}']);
    expect(budgets[0]!['cost_filter']).toEqual([{ name: 'TagKeyValue', values: [`user:environment$${env}`] }]);
    // AND the topic lets AWS Budgets of the account publish
    const policy = JSON.parse(String(Object.values(resources['aws_sns_topic_policy']!)[0]!['policy']));
    expect(policy.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Sid: 'AllowBudgetsToPublish', Principal: { Service: 'budgets.amazonaws.com' }, Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\d{12}$/) } }) })]),
    );
  });
});

describe('itsm-scale diff: prod at conservative → aggressive', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cost-diff-'));
    for (const scenario of ['conservative', 'aggressive']) {
      const result = await run(['synth', '--env', 'prod', '--scenario', scenario, '--out', join(dir, scenario)]);
      expect(result.code).toBe(0);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('Markdown shows the monthly cost change and its drivers', async () => {
    const { stdout } = await run(['diff', join(dir, 'conservative'), join(dir, 'aggressive')]);
    expect(stdout).toContain('### 💰 Monthly cost');
    expect(stdout).toMatch(/\| `prod` \| conservative → aggressive \| \$[\d,]+ → \$[\d,]+ \| \*\*\+\$[\d,]+\*\* \|/);
    expect(stdout).toMatch(/- \*\*prod\*\*: database `shared` \+\$[\d,]+/);
  });

  test('JSON carries it', async () => {
    const { stdout } = await run(['diff', join(dir, 'conservative'), join(dir, 'aggressive'), '--format', 'json']);
    const [change] = JSON.parse(stdout).cost;
    expect(change).toMatchObject({ environment: 'prod', beforeScenario: 'conservative', afterScenario: 'aggressive' });
    expect(change.horizonDeltaUsd).toBeGreaterThan(0);
    expect(change.horizonDeltaUsd).toBeCloseTo(change.horizonAfterUsd - change.horizonBeforeUsd, 1);
    expect(change.drivers[0].deltaUsd).toBeGreaterThan(0);
  });
});

describe('the budget limit', () => {
  test("is the environment's budget.monthlyLimitUsd when given, else the plan's horizon cost rounded up to $100", async () => {
    const { buildStacks } = await import('../../stacks/build');
    const { Testing } = await import('cdktf');
    const { loadProject, resolveEnvironment } = await import('../../model/load');
    const { planCapacity } = await import('../../capacity/plan');
    const { costPlan } = await import('../../capacity/cost');
    const project = loadProject({ root: REPO_ROOT });
    const limitOf = (p: typeof project) => {
      const [env] = buildStacks(Testing.app(), p, { environments: ['dev'] });
      return JSON.parse(Testing.synth(env!.global)).resource.aws_budgets_budget.budget.limit_amount as string;
    };
    // GIVEN dev as it is
    const resolved = resolveEnvironment(project, 'dev');
    const plan = planCapacity(resolved);
    const horizon = costPlan({ plan, blueprint: resolved.blueprint, environment: resolved.environment }).months[plan.horizonMonths]!.totalUsd;
    expect(limitOf(project)).toBe((Math.ceil(horizon / 100) * 100).toFixed(2));
    // WHEN it names a limit
    const loaded = project.environments.get('dev')!;
    const environments = new Map(project.environments);
    environments.set('dev', { ...loaded, value: { ...loaded.value, budget: { monthlyLimitUsd: 1234.5 } } });
    // THEN the budget uses it
    expect(limitOf({ ...project, environments })).toBe('1234.50');
  });
});
