/**
 * The cost model (capacity/cost): hand-checked arithmetic on known configurations, monotonicity and
 * non-negativity, scenario order, the price file's coverage of every resource type the stacks emit, and the
 * model's counts against the synthesized default stacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { businessHoursPerMonth, costPlan, fleetInstancesAt, lcuHours, SHARDS_PER_ALARM_RANGE, StackInventory } from '../../capacity/cost';
import { planCapacity } from '../../capacity/plan';
import { withResidency } from '../../capacity/residency-plan';
import { DEFAULT_PRICES, PriceBook, PriceFile, priceFileProblems } from '../../capacity/prices';
import { CapacityPlan } from '../../capacity/types';
import { SHARDS_PER_RANGE } from '../../constructs/monitoring/alarm-tree';
import { SINGLETON_LEASE_METRIC } from '../../model/application';
import { loadProject, resolveEnvironment } from '../../model/load';
import { defaultStackDocuments, REPO_ROOT } from '../shared-synth';
import { repoProject, synthStacks, withEnvironment } from '../stacks/helpers';

const project = loadProject({ root: REPO_ROOT });
const resolvedOf = (name: string) => resolveEnvironment(project, name);
const costOf = (name: string, scenario?: string, prices?: PriceFile) => {
  const resolved = resolvedOf(name);
  // As the stacks plan it: with the environment's residency zones, if any.
  const input = { ...resolved, ...(scenario ? { scenario } : {}) };
  const plan = withResidency(input, planCapacity(input));
  return { plan, cost: costPlan({ plan, blueprint: resolved.blueprint, environment: resolved.environment, ...(prices ? { prices } : {}) }) };
};

/** A price file with only the given prices, in us-east-1 (everything else unpriced, so it drops out). */
function pricesOnly(entries: Record<string, number>): PriceFile {
  return {
    ...DEFAULT_PRICES,
    prices: Object.entries(entries).map(([key, usd]) => ({ key, region: 'us-east-1', usd, unit: 'unit', takenOn: DEFAULT_PRICES.takenOn, source: 'https://aws.amazon.com/pricing/', verified: 'list-recalled' as const })),
  };
}

/** dev (one region, non-production) reduced to one module on one instance all month and one shard. */
function tinyPlan(): { plan: CapacityPlan; resolved: ReturnType<typeof resolvedOf> } {
  const resolved = resolvedOf('dev');
  const plan = planCapacity(resolved);
  const [module, hostedOrOwn] = Object.entries(plan.fleets)[0]!;
  // The module's own fleet (dev shares one across its modules; this plan keeps one module on its own).
  const { hostedBy: _hostedBy, ...fleet } = hostedOrOwn;
  const [group, db] = Object.entries(plan.databases)[0]!;
  const one = { ...fleet, modules: [module], minSize: 1, desiredSize: 1, maxSize: 1, stepUps: [], singletons: [], instanceType: 'm7i.large' };
  const tiny: CapacityPlan = {
    ...plan,
    fleets: { [module]: one },
    databases: { [group]: { ...db, shards: 1, readersPerShard: 1, instanceClass: 'db.r7g.large' } },
    timeline: plan.timeline.map((p) => ({ ...p, databaseGroups: { [group]: { ...p.databaseGroups[group]!, storageGb: 100, writeTps: 0, readRps: 0 } } })),
    sharedServices: undefined,
  } as CapacityPlan;
  return { plan: tiny, resolved };
}

describe('cost model: hand-checked arithmetic', () => {
  test('a schedule\'s business hours: the whole day is 24 hours, past midnight wraps', () => {
    const week = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    // THEN 0-24 every day is the whole month (730 h), not none; 22-06 is 8 h a day; Mon-Fri 08-18 is 50 h a week
    expect(businessHoursPerMonth({ timeZone: 'UTC', days: [...week], startHour: 0, endHour: 24 })).toBeCloseTo(730, 9);
    expect(businessHoursPerMonth({ timeZone: 'UTC', days: [...week], startHour: 22, endHour: 6 })).toBeCloseTo((7 * 8 * 730) / 168, 9);
    expect(businessHoursPerMonth({ timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 8, endHour: 18 })).toBeCloseTo((50 * 730) / 168, 9);
  });

  test('one on-demand m7i.large for a 730-hour month costs 730 × $0.1008 = $73.584', () => {
    // GIVEN a fleet of exactly one instance, in and out of business hours, and only the EC2 price
    const { plan, resolved } = tinyPlan();
    const cost = costPlan({ plan, blueprint: resolved.blueprint, environment: resolved.environment, prices: pricesOnly({ 'ec2.instance.m7i.large': 0.1008 }) });
    // THEN month 0 holds that one line
    const lines = cost.months[0]!.lines;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'module', quantity: 730, unitUsd: 0.1008 });
    expect(cost.months[0]!.totalUsd).toBeCloseTo(73.584, 6);
  });

  test('an Aurora writer + reader (db.r7g.large) with 100 GB costs 2 × 730 × $0.276 + 100 × $0.10 = $412.96', () => {
    // GIVEN one shard with one reader, 100 GB, no I/O (no load) and only the Aurora prices
    const { plan, resolved } = tinyPlan();
    const cost = costPlan({ plan, blueprint: resolved.blueprint, environment: resolved.environment, prices: pricesOnly({ 'aurora.instance.db.r7g.large': 0.276, 'aurora.storage': 0.1 }) });
    // THEN
    const month = cost.months[0]!;
    expect(month.byDatabaseGroup[Object.keys(plan.databases)[0]!]).toBeCloseTo(2 * 730 * 0.276 + 100 * 0.1, 6);
    expect(month.totalUsd).toBeCloseTo(412.96, 6);
  });

  test('an ALB at 1 LCU all month costs 730 × ($0.0225 + $0.008) = $22.265', () => {
    // GIVEN 1 GB processed per hour (the processed-bytes dimension: 50,000 requests of 20 KB an hour)
    const requests = 50_000 * 730;
    // THEN one LCU every hour
    expect(lcuHours(requests)).toBeCloseTo(730, 6);
    expect(730 * 0.0225 + lcuHours(requests) * 0.008).toBeCloseTo(22.265, 6);
    // AND new connections decide when they cost more: 25 new connections/s is one LCU (10 requests each)
    expect(lcuHours(250 * 3600 * 730)).toBeCloseTo(730 * Math.max((250 * 3600 * 20) / 1e6, 1), 6);
  });

  test('a slow-to-join module pays the volumes of its warm pool: (maxSize − running) stopped instances × 30 GB × $0.08', () => {
    // GIVEN one instance running all month in a group of at most 3, with a warm pool
    const { plan, resolved } = tinyPlan();
    const [module, fleet] = Object.entries(plan.fleets)[0]!;
    const withPool = { ...plan, fleets: { [module]: { ...fleet, maxSize: 3 } } } as CapacityPlan;
    const blueprint = { ...resolved.blueprint, modules: { ...resolved.blueprint.modules, [module]: { ...resolved.blueprint.modules[module]!, slowToJoin: true } } };
    const cost = costPlan({ plan: withPool, blueprint, environment: resolved.environment, prices: pricesOnly({ 'ebs.gp3.storage': 0.08 }) });
    // THEN 2 stopped instances' volumes and the running one's
    const lines = cost.months[0]!.lines.map((l) => [l.item, l.quantity, Math.round(l.usd * 100) / 100]);
    expect(lines).toEqual([
      ['warm pool volumes (stopped instances)', 60, 4.8],
      ['gp3 root volumes', 30, 2.4],
    ]);
  });

  test('fleets follow the business-hours calendar, not their maximum', () => {
    // GIVEN a fleet with a floor of 2 and a peak of 6 from month 3
    const { plan } = tinyPlan();
    const fleet = { ...Object.values(plan.fleets)[0]!, minSize: 2, desiredSize: 4, maxSize: 8, stepUps: [{ month: 3, count: 6 }] };
    // THEN
    expect(fleetInstancesAt(fleet, 0)).toEqual({ business: 4, offHours: 2 });
    expect(fleetInstancesAt(fleet, 3)).toEqual({ business: 6, offHours: 3 });
  });
});

describe('cost model: invariants', () => {
  /** prod's plan and cost at a population. */
  const atPopulation = (requesters: number) => {
    const resolved = resolvedOf('prod');
    const blueprint = { ...resolved.blueprint, population: { ...resolved.blueprint.population, requesters } };
    const plan = planCapacity({ ...resolved, blueprint });
    return { plan, cost: costPlan({ plan, blueprint, environment: resolved.environment }) };
  };
  /** Which modules run on which fleet. */
  const fleetLayout = (plan: ReturnType<typeof planCapacity>) => Object.entries(plan.fleets).map(([name, f]) => `${name}:${f.hostedBy ?? 'own'}`).join(' ');

  test('cost is never negative and never falls when the population grows on the same fleets (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 40_000 }), fc.integer({ min: 1, max: 30_000 }), (base, extra) => {
        const small = atPopulation(base);
        const large = atPopulation(base + extra);
        for (const month of small.cost.months) {
          expect(month.totalUsd).toBeGreaterThanOrEqual(0);
          for (const line of month.lines) expect(line.usd).toBeGreaterThanOrEqual(0);
        }
        // (a module leaving the shared fleet may pack better and cost less: the next test)
        fc.pre(fleetLayout(small.plan) === fleetLayout(large.plan));
        for (const [i, month] of small.cost.months.entries()) expect(large.cost.months[i]!.totalUsd).toBeGreaterThanOrEqual(month.totalUsd - 1e-6);
      }),
      { numRuns: 12, seed: 20261204 },
    );
  });

  test('a module leaving the shared fleet can cost less: its own fleet stays small while the shared fleet steps down a size', () => {
    // GIVEN incident just below the shared fleet's threshold at 19,215 requesters and just above it at 19,821
    const below = atPopulation(19_215);
    const above = atPopulation(19_821);
    expect([below.plan.fleets.incident!.hostedBy, above.plan.fleets.incident!.hostedBy]).toEqual(['shared', undefined]);
    // THEN month 27 runs 3 × m7i.2xlarge (24 vCPU) for everything below it, and above it incident's 2 × m7i.xlarge plus
    // the shared fleet's 3 × m7i.xlarge (20 vCPU): more users, a lower bill that month
    expect(below.plan.fleets.shared).toMatchObject({ instanceType: 'm7i.2xlarge', stepUps: [{ month: 27, count: 3 }] });
    expect([above.plan.fleets.incident!.instanceType, above.plan.fleets.shared!.instanceType]).toEqual(['m7i.xlarge', 'm7i.xlarge']);
    expect(above.cost.months[27]!.totalUsd).toBeLessThan(below.cost.months[27]!.totalUsd);
  });

  test('prod: the conservative scenario never costs more than the aggressive one at the same month', () => {
    const conservative = costOf('prod', 'conservative').cost;
    const aggressive = costOf('prod', 'aggressive').cost;
    for (const [i, month] of conservative.months.entries()) expect(month.totalUsd).toBeLessThanOrEqual(aggressive.months[i]!.totalUsd);
    expect(aggressive.months[aggressive.months.length - 1]!.totalUsd).toBeGreaterThan(conservative.months[conservative.months.length - 1]!.totalUsd);
  });

  test('cost per requester and per ticket are the month total over the month\'s requesters and tickets', () => {
    const month = costOf('prod').cost.months[12]!;
    expect(month.perRequesterUsd).toBeCloseTo(month.totalUsd / month.requesters, 9);
    expect(month.perTicketUsd).toBeCloseTo(month.totalUsd / month.ticketsPerMonth, 9);
  });

  test('breakdowns add up to the total', () => {
    const month = costOf('jsm-prod').cost.months[6]!;
    const parts = [month.byModule, month.byDatabaseGroup, month.bySharedService, month.byPlatform].flatMap((r) => Object.values(r));
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(month.totalUsd, 6);
    expect(Object.values(month.byRegion).reduce((a, b) => a + b, 0)).toBeCloseTo(month.totalUsd, 6);
    expect(Object.keys(month.bySharedService).sort()).toEqual(['search', 'shared-file-system']);
  });

  test('an item without a price is reported, not invented', () => {
    const { cost } = costOf('dev', undefined, pricesOnly({}));
    expect(cost.months[0]!.totalUsd).toBe(0);
    expect(cost.unpriced.map((u) => u.priceKey)).toEqual(expect.arrayContaining(['ec2.instance.m7i.xlarge', 'nat.hour', 'aurora.storage']));
  });
});

/** Regions of environments/intl-prod.yaml the price file has no prices for yet. */
const UNPRICED_INTL_REGIONS = ['ap-southeast-1', 'ap-southeast-2', 'eu-west-1'];

describe('price file', () => {
  test('is sound: every entry with a unit, a date no later than the file, an https source', () => {
    expect(priceFileProblems(DEFAULT_PRICES)).toEqual([]);
    expect(DEFAULT_PRICES.sources.length).toBeGreaterThan(0);
  });

  test('prices every item in every region of the default and profile environments (intl-prod: its EU standby and APAC regions are not priced yet)', () => {
    const regions = new Set([...project.environments.values()].flatMap((e) => [e.value.regions.primary.name, ...e.value.regions.secondaries.map((r) => r.name)]));
    // The multinational residency example needs list prices of eu-west-1, ap-southeast-1 and ap-southeast-2, which the
    // price file does not have yet (refresh them with scripts/refresh-prices.ts); its cost lists them as unpriced.
    expect([...regions].filter((r) => !DEFAULT_PRICES.regions.includes(r)).sort()).toEqual(UNPRICED_INTL_REGIONS);
    const keys = new Set(DEFAULT_PRICES.prices.map((p) => p.key));
    const book = new PriceBook();
    for (const key of keys) for (const region of DEFAULT_PRICES.regions) expect({ key, region, priced: book.find(key, region) !== undefined }).toEqual({ key, region, priced: true });
  });

  test('no default environment at any scenario uses an item the file does not price (intl-prod: only in its unpriced regions)', () => {
    for (const name of project.environments.keys()) {
      for (const scenario of Object.keys(resolvedOf(name).blueprint.scenarios)) {
        const unpriced = costOf(name, scenario).cost.unpriced;
        if (name === 'intl-prod') expect([...new Set(unpriced.map((u) => u.region))].sort()).toEqual(UNPRICED_INTL_REGIONS);
        else expect({ name, scenario, unpriced }).toEqual({ name, scenario, unpriced: [] });
      }
    }
  });

  test('every resource type in every synthesized stack is priced or listed as free / usage-only with a reason', () => {
    const types = new Set<string>();
    for (const doc of defaultStackDocuments().values()) for (const type of Object.keys((doc['resource'] as object | undefined) ?? {})) types.add(type);
    const missing = [...types].filter((t) => DEFAULT_PRICES.priced[t] === undefined && !DEFAULT_PRICES.free[t]).sort();
    expect(missing).toEqual([]);
    const both = [...types].filter((t) => DEFAULT_PRICES.priced[t] !== undefined && DEFAULT_PRICES.free[t] !== undefined);
    expect(both).toEqual([]);
    // AND each priced type names keys that exist
    const keys = DEFAULT_PRICES.prices.map((p) => p.key);
    for (const [type, patterns] of Object.entries(DEFAULT_PRICES.priced)) {
      for (const pattern of patterns) expect({ type, pattern, found: keys.some((k) => (pattern.endsWith('*') ? k.startsWith(pattern.slice(0, -1)) : k === pattern)) }).toEqual({ type, pattern, found: true });
    }
  });
});

describe('cost model counts what the stacks create', () => {
  test('the alarm range size is the one Monitoring uses', () => {
    expect(SHARDS_PER_ALARM_RANGE).toBe(SHARDS_PER_RANGE);
  });

  test.each(['dev', 'staging', 'prod', 'jsm-prod', 'zammad-staging', 'intl-prod'])('%s: the inventory equals the synthesized stacks', (name) => {
    const { cost } = costOf(name);
    const documents = defaultStackDocuments();
    for (const [stack, inventory] of Object.entries(cost.inventory)) {
      const resources = (documents.get(stack)?.['resource'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
      const count = (type: string) => Object.keys(resources[type] ?? {}).length;
      const instances: Record<string, number> = {};
      for (const body of Object.values(resources['aws_rds_cluster_instance'] ?? {})) instances[String(body['instance_class'])] = (instances[String(body['instance_class'])] ?? 0) + 1;
      const cacheNodes = Object.values(resources['aws_elasticache_replication_group'] ?? {}).reduce((n, g) => n + Number(g['num_node_groups'] ?? 1) * (1 + Number(g['replicas_per_node_group'] ?? 0)), 0);
      const actual: StackInventory = {
        natGateways: count('aws_nat_gateway'),
        loadBalancers: count('aws_lb'),
        webAcls: count('aws_wafv2_web_acl'),
        metricAlarms: count('aws_cloudwatch_metric_alarm'),
        compositeAlarms: count('aws_cloudwatch_composite_alarm'),
        dashboards: count('aws_cloudwatch_dashboard'),
        kmsKeys: count('aws_kms_key'),
        secrets: count('aws_secretsmanager_secret'),
        healthChecks: count('aws_route53_health_check'),
        fisTemplates: count('aws_fis_experiment_template'),
        databaseInstances: instances,
        cacheNodes,
        searchDomains: count('aws_opensearch_domain'),
        fileSystems: count('aws_efs_file_system'),
      };
      expect({ stack, ...inventory }).toEqual({ stack, ...actual });
    }
  });

  test('prod: one heartbeat metric per leased part, as many as the stacks alarm on, each put every 30 s (730 × 120 = 87.6 thousand requests a month)', () => {
    // GIVEN prod's month 0, and the parts whose lease heartbeat its stacks alarm on
    const { cost } = costOf('prod');
    const lines = cost.months[0]!.lines.filter((l) => l.item.startsWith('lease heartbeat'));
    const watchedParts = new Map<string, Set<string>>();
    for (const [stack, document] of defaultStackDocuments()) {
      if (!stack.startsWith('prod-')) continue;
      const alarms = Object.values(((document['resource'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)['aws_cloudwatch_metric_alarm'] ?? {});
      for (const alarm of alarms.filter((a) => a['metric_name'] === SINGLETON_LEASE_METRIC.metricName)) {
        const region = stack.slice('prod-'.length);
        watchedParts.set(region, new Set([...(watchedParts.get(region) ?? []), String((alarm['dimensions'] as Record<string, string>)[SINGLETON_LEASE_METRIC.dimension])]));
      }
    }
    // THEN the metrics line counts those parts, in the region that runs them, and the requests follow from the publish interval
    expect(watchedParts.size).toBe(1);
    const [region, parts] = [...watchedParts][0]!;
    expect(parts.size).toBeGreaterThan(0);
    expect(lines.map((l) => [l.region, l.priceKey, l.quantity])).toEqual([
      [region, 'cloudwatch.metric.custom', parts.size],
      [region, 'cloudwatch.api.requests', (parts.size * 730 * 120) / 1000],
    ]);
    expect(lines[1]!.usage).toBe(true);
  });

  test('a production singleton module and part: their warm spares\' alarms are counted as the stacks make them', () => {
    // GIVEN Zammad (a singleton module, websocket, and a part, zammad-scheduler) as a production environment
    const project = withEnvironment(repoProject(), 'zammad-staging', (e) => ({ ...e, tier: 'production' }));
    const resolved = resolveEnvironment(project, 'zammad-staging');
    const cost = costPlan({ plan: withResidency(resolved, planCapacity(resolved)), blueprint: resolved.blueprint, environment: resolved.environment });
    const stacks = synthStacks(project, ['zammad-staging']);
    // THEN each stack's metric alarms, the two spare alarms among them, are the model's
    const spares = Object.values(stacks['zammad-staging-eu-central-1']!.resource!.aws_cloudwatch_metric_alarm!).filter((a) => a.metric_name === 'WarmPoolWarmedCapacity');
    expect(spares).toHaveLength(2);
    for (const [stack, inventory] of Object.entries(cost.inventory)) {
      expect({ stack, metricAlarms: inventory.metricAlarms }).toEqual({ stack, metricAlarms: Object.keys(stacks[stack]?.resource?.aws_cloudwatch_metric_alarm ?? {}).length });
    }
  });

  test('the web ACL rule count is the load balancer\'s', () => {
    const acl = Object.values((defaultStackDocuments().get('prod-us-east-1')!['resource'] as Record<string, Record<string, { rule: unknown[] }>>)['aws_wafv2_web_acl']!)[0]!;
    expect(acl.rule).toHaveLength(5);
  });
});

describe('docs/cost.md', () => {
  test('names the price file and the cost-allocation tags to activate', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'cost.md'), 'utf8');
    expect(doc).toContain('capacity/prices/aws-prices.json');
    for (const tag of ['environment', 'cost-center', 'owner', 'module']) expect(doc).toContain(`\`${tag}\``);
  });
});
