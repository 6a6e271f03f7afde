import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CapacityPlan, costPlan, DEFAULT_PRICES, planCapacity } from '../../capacity';
import { loadProject, resolveEnvironment, ResolvedEnvironment } from '../../model';
import { Blueprint, SharedServicesSchema } from '../../model/schema';
import { failoverRunbook, planReportJson, renderPlanMarkdown, renderRunbookMarkdown, topologyMermaid } from '../../report';
import { formatNumber, formatPercent, formatSlotMap, formatWeekdays, round } from '../../report/format';
import { withResidency } from '../../capacity/residency-plan';
import { perGroupClusters } from '../per-group-clusters';

const ROOT = resolve(__dirname, '..', '..');
const SCENARIOS = ['conservative', 'moderate', 'aggressive'] as const;

const project = loadProject({ root: ROOT });
const defaultProd = resolveEnvironment(project, 'prod');
function withoutMemoryMinimum(capacity: Blueprint['capacity']): Blueprint['capacity'] {
  const { minInstanceMemoryGib: _, ...rest } = capacity;
  return rest;
}

/**
 * prod with a heavier load (40 requests per action, 8 times the blueprint's) and shards provisioned for
 * the horizon's need (a lead time of 60 months), so that the scenarios differ in fleets and shards. The
 * instance types carry 40 requests/s per m7i.large, with no memory minimum (the figures this fixture
 * was built on, not the blueprint's sourced ones), so that its fleets stay the report's test shape: the
 * shared fleet in two scenarios, incident on its own in aggressive.
 */
const perGroup = perGroupClusters(defaultProd); // one cluster set per group (test/per-group-clusters.ts)
const prod: ResolvedEnvironment = {
  ...perGroup,
  blueprint: {
    ...perGroup.blueprint,
    workload: { ...perGroup.blueprint.workload, concurrency: { ...perGroup.blueprint.workload.concurrency, requestsPerAction: 40 } },
    capacity: {
      ...withoutMemoryMinimum(perGroup.blueprint.capacity),
      shardLeadTimeMonths: 60,
      instanceTypes: [
        { type: 'm7i.large', requestsPerSecond: 40 },
        { type: 'm7i.xlarge', requestsPerSecond: 80 },
        { type: 'm7i.2xlarge', requestsPerSecond: 160 },
        { type: 'm7i.4xlarge', requestsPerSecond: 320 },
      ],
    },
  },
};
const dev = resolveEnvironment(project, 'dev');

/** prod over 60 months: the aggressive scenario reaches its 50,000 requesters (in month 60) and a third tickets shard. */
const PROD_HORIZON = 60;

function plan(env: ResolvedEnvironment, scenario?: string): CapacityPlan {
  return planCapacity({ ...env, ...(scenario ? { scenario } : {}), ...(env === prod ? { horizonMonths: PROD_HORIZON } : {}) });
}

const prodPlans = SCENARIOS.map((s) => plan(prod, s));
const prodByScenario = Object.fromEntries(prodPlans.map((p) => [p.scenario, p])) as Record<(typeof SCENARIOS)[number], CapacityPlan>;

/** prod's blueprint with 8 tickets shards (a long slot map) and knowledge on Serverless v2. */
function variantPlan(): CapacityPlan {
  const groups = prod.blueprint.databaseGroups;
  const blueprint = {
    ...prod.blueprint,
    databaseGroups: {
      ...groups,
      tickets: { ...groups.tickets!, minShards: 8 },
      knowledge: { ...groups.knowledge!, serverless: { minAcu: 0.5, maxAcu: 8 } },
    },
  };
  return planCapacity({ ...prod, blueprint, scenario: 'moderate' });
}

/**
 * The default prod at the aggressive scenario over 72 months, with a milestone of each kind: later
 * shards (with slot moves) and judged milestones.
 */
function growthPlan(): CapacityPlan {
  const blueprint = {
    ...defaultProd.blueprint,
    milestones: [
      { name: 'global rollout', by: '2027-12-31', concurrentUsers: 2_000 },
      { by: '2027-06-30', p95LatencyMs: 400, module: 'incident' },
    ],
  };
  return planCapacity({ ...defaultProd, blueprint, scenario: 'aggressive', horizonMonths: 72 });
}

/** prod at the moderate scenario with a cache, a search cluster and a shared file system. */
function servicesPlan(): CapacityPlan {
  const sharedServices = SharedServicesSchema.parse({
    cache: { modules: ['incident'] },
    search: { modules: ['knowledge'] },
    sharedFileSystem: { modules: ['cmdb'] },
  });
  return planCapacity({ ...prod, blueprint: { ...prod.blueprint, sharedServices }, scenario: 'moderate' });
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers: cut a section out and read its first table as header → cell records.

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`no section "### ${heading}" in:\n${markdown}`);
  const rest = markdown.slice(start + 1);
  const next = rest.indexOf('\n### ', 1);
  return next < 0 ? rest : rest.slice(0, next);
}

function splitRow(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

interface ParsedTable {
  readonly header: string[];
  readonly rows: Array<Record<string, string>>;
  readonly widths: number[];
}

function firstTable(text: string): ParsedTable {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  if (start < 0) throw new Error(`no table in:\n${text}`);
  const block: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) block.push(lines[i]!);
  const header = splitRow(block[0]!);
  const rows = block.slice(2).map((line) => {
    const cells = splitRow(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
  return { header, rows, widths: block.map((l) => splitRow(l).length) };
}

function rowOf(table: ParsedTable, firstCell: string): Record<string, string> {
  const key = table.header[0]!;
  const row = table.rows.find((r) => r[key] === firstCell);
  if (!row) throw new Error(`no row "${firstCell}" in table with rows ${table.rows.map((r) => r[key]).join(', ')}`);
  return row;
}

// ---------------------------------------------------------------------------------------------

describe('renderPlanMarkdown: prod at all three scenarios side by side', () => {
  // GIVEN prod planned at conservative, moderate and aggressive
  // WHEN rendered together
  const markdown = renderPlanMarkdown(prodPlans);

  it('names the environment, blueprint, every scenario, horizon, tier and target utilization in the header', () => {
    // THEN
    const header = markdown.slice(0, markdown.indexOf('\n### '));
    expect(header).toContain('## Capacity plan: prod');
    expect(header).toContain('**Blueprint:** `itsm-standard`');
    expect(header).toContain('**Scenarios:** conservative, moderate, aggressive');
    expect(header).toContain('**Horizon:** 60 months');
    expect(header).toContain('**Tier:** production');
    expect(header).toContain('**Target utilization:** 80%');
  });

  it('shows requesters and agents today → at the horizon per scenario', () => {
    // THEN the aggressive scenario grows 500 → 50,000 requesters
    const table = firstTable(markdown);
    expect(table.rows.map((r) => r.Scenario)).toEqual([...SCENARIOS]);
    for (const p of prodPlans) {
      const first = p.timeline[0]!;
      const last = p.timeline[p.timeline.length - 1]!;
      const row = rowOf(table, p.scenario);
      expect(row.Requesters).toBe(`${formatNumber(first.requesters)} → ${formatNumber(last.requesters)}`);
      expect(row.Agents).toBe(`${formatNumber(first.agents)} → ${formatNumber(last.agents)}`);
    }
    expect(rowOf(table, 'aggressive').Requesters).toBe('500 → 50,000');
  });

  it('puts each scenario in the fleet table header and each module in a row, in blueprint order', () => {
    // THEN
    const table = firstTable(section(markdown, 'Fleets'));
    for (const scenario of SCENARIOS) {
      expect(table.header).toEqual(expect.arrayContaining([`${scenario}: fleet`, `${scenario}: horizon peak req/s (util.)`, `${scenario}: target req/s`]));
    }
    // Column groups come in the order the plans were given.
    const fleetColumns = table.header.filter((h) => h.endsWith(': fleet'));
    expect(fleetColumns).toEqual(SCENARIOS.map((s) => `${s}: fleet`));
    // (then the shared fleet, which serves the modules below one instance's load)
    expect(table.rows.map((r) => r.Module)).toEqual([...Object.keys(prod.blueprint.modules), 'shared']);
  });

  it('shows each scenario\'s instance type and min/desired/max as in its plan', () => {
    // THEN
    const table = firstTable(section(markdown, 'Fleets'));
    for (const p of prodPlans) {
      for (const [module, fleet] of Object.entries(p.fleets)) {
        const sizes = fleet.hostedBy !== undefined ? `on \`${fleet.hostedBy}\`` : `${fleet.minSize}/${fleet.desiredSize}/${fleet.maxSize}`;
        expect(rowOf(table, module)[`${p.scenario}: fleet`]).toBe(`${fleet.instanceType} ${sizes}`);
        expect(rowOf(table, module)[`${p.scenario}: horizon peak req/s (util.)`]).toBe(
          `${formatNumber(fleet.peakRequestsPerSecondAtHorizon, 1)} (${formatPercent(fleet.utilizationAtHorizonPeak)})`,
        );
      }
    }
    // Aggressive growth really shows: incident needs more instances at the horizon than under conservative.
    expect(prodByScenario.aggressive.fleets.incident!.maxSize).toBeGreaterThan(prodByScenario.conservative.fleets.incident!.maxSize);
  });

  it('shows the request target each fleet tracks: the shared fleet\'s for the sum of its members, which its members show', () => {
    // THEN (aggressive: incident has its own fleet; conservative: it runs on the shared one)
    const table = firstTable(section(markdown, 'Fleets'));
    const { aggressive, conservative } = prodByScenario;
    expect(rowOf(table, 'incident')['aggressive: target req/s']).toBe(formatNumber(aggressive.fleets.incident!.targetRequestsPerSecondPerInstance, 1));
    expect(rowOf(table, 'incident')['conservative: target req/s']).toBe(formatNumber(conservative.fleets.shared!.targetRequestsPerSecondPerInstance, 1));
    expect(rowOf(table, 'shared')['conservative: target req/s']).toBe(formatNumber(conservative.fleets.shared!.targetRequestsPerSecondPerInstance, 1));
  });

  it('shows the business hours and singletons of each module once', () => {
    // THEN
    const table = firstTable(section(markdown, 'Fleets'));
    // (incident states none: on its own fleet (aggressive) its hours follow the locations, New York to Singapore
    // in UTC; on the shared fleet (conservative, moderate) they are the shared fleet's, the whole week, as cmdb's)
    expect(rowOf(table, 'incident')['Business hours']).toBe('conservative daily 24 h UTC / moderate daily 24 h UTC / aggressive Mon–Fri 00:00–23:00 UTC');
    expect(rowOf(table, 'cmdb')['Business hours']).toBe('daily 24 h UTC');
    expect(rowOf(table, 'incident').Singletons).toBe('`sla-timer`');
    expect(rowOf(table, 'problem').Singletons).toBe('—');
    // Production aims target tracking at 80% × 2/3 so that losing one of 3 AZs lands at 80%.
    expect(rowOf(table, 'incident')['Target CPU']).toBe('53.3%');
  });

  it('shows shard counts per scenario in the database table that match the plans', () => {
    // THEN
    const table = firstTable(section(markdown, 'Database groups'));
    expect(table.rows.map((r) => r.Group)).toEqual(Object.keys(prod.blueprint.databaseGroups));
    for (const p of prodPlans) {
      for (const [group, db] of Object.entries(p.databases)) {
        const row = rowOf(table, group);
        expect(row[`${p.scenario}: shards`]).toBe(String(db.shards));
        expect(row[`${p.scenario}: instances per shard`]).toContain(db.instanceClass);
      }
    }
    // The scenarios differ where it matters: aggressive needs more tickets shards.
    expect(Number(rowOf(table, 'tickets')['aggressive: shards'])).toBeGreaterThan(Number(rowOf(table, 'tickets')['conservative: shards']));
  });

  it('lists each group\'s slot map under the database table', () => {
    // THEN
    const text = section(markdown, 'Database groups');
    const tickets = prodByScenario.aggressive.databases.tickets!;
    expect(text).toContain(`aggressive: ${formatSlotMap(tickets.slots, tickets.slotMap)}`);
    expect(text).toContain('- `cmdb`: 4096 slots: shard 01 0–4095');
  });

  it('shows the DR posture and the required and achievable RTO and RPO', () => {
    // THEN
    const dr = prodByScenario.moderate.dr;
    const text = section(markdown, 'DR posture');
    expect(dr.posture).toBe('warm-standby');
    expect(text).toContain('Posture: **warm-standby**');
    expect(text).toContain('The same for every scenario');
    expect(text).toContain('Serving regions: `us-east-1`; standby regions: `us-west-2`');
    const table = firstTable(text);
    expect(rowOf(table, 'RTO')).toEqual({ Objective: 'RTO', Required: '15 min', Achievable: '15 min', Met: 'yes' });
    expect(rowOf(table, 'RPO')).toEqual({ Objective: 'RPO', Required: '1 min', Achievable: '1 min', Met: 'yes' });
    for (const line of dr.evidence) expect(text).toContain(`- ${line}`);
  });

  it('shows the backup schedule, continuous backup, RPO met vs required and retention', () => {
    // THEN
    const text = section(markdown, 'Backups');
    const table = firstTable(text);
    expect(rowOf(table, 'Schedule (UTC)').Value).toBe('`cron(0 0/1 * * ? *)`');
    expect(rowOf(table, 'Continuous backup (point-in-time recovery)').Value).toBe('yes');
    expect(rowOf(table, 'RPO met by backups').Value).toBe('5 min (required: 1 min)');
    expect(rowOf(table, 'Long-term retention').Value).toBe('2,555 days (7 years)');
    expect(rowOf(table, 'Cold storage after').Value).toBe('90 days (types that support it; not Aurora or S3)');
    // AND production locks its vaults in compliance mode, with the cooling-off period stated
    expect(rowOf(table, 'Vault lock').Value).toBe('compliance, 3 days cooling-off');
    expect(rowOf(table, 'Break-glass role').Value).toBe('`itsm-scale-backup-break-glass`');
    expect(text).toContain('The vault lock is in compliance mode with a cooling-off period of 3 days after the first apply');
    // Backups alone (5 min) miss the 1 min RPO; the report says what meets it instead.
    expect(text).toContain("the required RPO of 1 min is met by the DR posture's replication (warm-standby: 1 min)");
  });

  it('lists "needs shard" thresholds for aggressive and says none for scenarios without any', () => {
    // THEN
    const text = section(markdown, 'Thresholds');
    const aggressive = text.slice(text.indexOf('**aggressive**'));
    const shardSteps = prodByScenario.aggressive.thresholds.filter((t) => /needs shard/.test(t.message));
    expect(shardSteps.length).toBeGreaterThan(0);
    for (const t of shardSteps) expect(aggressive).toContain(`- month ${t.month}: ${t.message}`);
    expect(aggressive).toMatch(/- month \d+: tickets needs shard \d+/);
    const conservative = text.slice(text.indexOf('**conservative**'), text.indexOf('**moderate**'));
    expect(prodByScenario.conservative.thresholds).toEqual([]);
    expect(conservative).toContain('- none within the horizon (60 months)');
  });

  it('renders valid tables: every row has as many cells as its header', () => {
    // THEN
    const tables: string[][] = [];
    let open = false;
    for (const line of markdown.split('\n')) {
      if (line.startsWith('|')) {
        if (!open) tables.push([]);
        tables[tables.length - 1]!.push(line);
      }
      open = line.startsWith('|');
    }
    // population, load by location, fleets, database groups, shards, connection budget, backups, DR objectives,
    // singletons, then a fail-over and a fail-back table per distinct runbook: conservative and moderate share theirs
    // (2 tickets shards), aggressive has its own (3).
    expect(tables.length).toBe(13);
    for (const lines of tables) {
      const { widths } = firstTable(lines.join('\n'));
      expect(new Set(widths).size).toBe(1);
      expect(lines[1]).toMatch(/^\|(\s*:?-+:?\s*\|)+$/);
    }
  });

  it('shows a DR section per group of scenarios when the plans disagree', () => {
    // GIVEN moderate's plan with another DR posture (plans are plain data)
    const other: CapacityPlan = {
      ...prodByScenario.moderate,
      dr: { ...prodByScenario.moderate.dr, posture: 'active-active', achievableRtoMinutes: 5, servingRegions: ['us-east-1', 'us-west-2'], standbyRegions: [] },
    };
    // WHEN
    const text = section(renderPlanMarkdown([prodByScenario.conservative, other, prodByScenario.aggressive]), 'DR posture');
    // THEN
    expect(text).not.toContain('The same for every scenario');
    expect(text).toContain('#### conservative, aggressive\n\nPosture: **warm-standby**');
    expect(text).toContain('#### moderate\n\nPosture: **active-active**. Serving regions: `us-east-1`, `us-west-2`; standby regions: none.');
  });

  it('draws the topology once, for the first scenario, as a mermaid block, since the scenarios share regions, modules and groups', () => {
    // THEN
    const text = section(markdown, 'Topology');
    const blocks = text.match(/```mermaid\n[\s\S]*?\n```/g) ?? [];
    expect(blocks).toEqual([`\`\`\`mermaid\n${topologyMermaid(prodByScenario.conservative)}\n\`\`\``]);
    expect(text).toContain('Drawn for conservative; moderate, aggressive have the same regions, routing, modules and database groups');
  });

  it('shows the failover runbook per group of scenarios with the same commands', () => {
    // THEN
    const text = section(markdown, 'Failover runbook');
    expect(text).toContain(`#### conservative, moderate\n\n${renderRunbookMarkdown(failoverRunbook(prodByScenario.moderate))}`);
    expect(text).toContain(`#### aggressive\n\n${renderRunbookMarkdown(failoverRunbook(prodByScenario.aggressive))}`);
    // aggressive's extra shards fail over too
    expect(prodByScenario.aggressive.databases.tickets!.shards).toBe(3);
    expect(text.slice(text.indexOf('#### aggressive'))).toContain('--global-cluster-identifier prod-tickets-shard-03 ');
    expect(text.slice(0, text.indexOf('#### aggressive'))).not.toContain('prod-tickets-shard-03');
  });

  it('stays well under GitHub\'s 65,536-character limit for a comment', () => {
    // THEN
    // (this heavier prod has two distinct runbooks; the default prod's report is about 43,000 characters)
    expect(markdown.length).toBeLessThan(60_000);
  });

  it('is deterministic and carries no date but the plan\'s own start date (no clock)', () => {
    // THEN
    expect(renderPlanMarkdown(SCENARIOS.map((s) => plan(prod, s)))).toBe(markdown);
    expect(markdown).toContain('Month 0 is 2027-01-04;');
    expect(markdown.replaceAll('2027-01-04', '')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(markdown.endsWith('\n')).toBe(true);
  });
});

describe('renderPlanMarkdown: one scenario', () => {
  it('counts the shared cluster\'s connections as pools: each instance holds one per member database it uses', () => {
    // GIVEN the default prod (the shared fleet serves every module, so every instance uses all three members)
    const p = plan(defaultProd, 'moderate');
    const fleet = p.fleets.shared!;
    const markdown = renderPlanMarkdown([p]);
    // THEN the shared cluster's writer takes max size × 3 pools, and the prose says why
    const row = rowOf(firstTable(section(markdown, 'Connection budget')), 'shared');
    expect(row['Pools × pool size → per writer']).toBe(`${fleet.maxSize * 3} × 10 → ${fleet.maxSize * 30}`);
    expect(p.databases.shared!.connections.instances).toBe(fleet.maxSize * 3);
    expect(section(markdown, 'Connection budget')).toContain('one pool per member database (tickets, cmdb, knowledge) of each instance that uses it');
    // AND a plan without a shared cluster says nothing of it
    expect(section(renderPlanMarkdown([prodByScenario.moderate]), 'Connection budget')).not.toContain('member database');
  });

  it('shows one column per fact rather than per-scenario column groups', () => {
    // GIVEN prod at aggressive alone
    const p = prodByScenario.aggressive;
    // WHEN
    const markdown = renderPlanMarkdown([p]);
    // THEN
    expect(markdown).toContain('**Scenario:** aggressive');
    expect(markdown).not.toContain('aggressive: fleet');
    const fleets = firstTable(section(markdown, 'Fleets'));
    const incident = p.fleets.incident!;
    expect(rowOf(fleets, 'incident')).toMatchObject({
      'Instance type': incident.instanceType,
      'Min / desired / max': `${incident.minSize} / ${incident.desiredSize} / ${incident.maxSize}`,
      'Peak req/s today → horizon': `${formatNumber(incident.peakRequestsPerSecondToday, 1)} → ${formatNumber(incident.peakRequestsPerSecondAtHorizon, 1)}`,
      'Utilization at horizon peak (one AZ lost)': formatPercent(incident.utilizationAtHorizonPeak),
      'Scaling target': `${formatNumber(incident.targetRequestsPerSecondPerInstance, 1)} req/s per instance, CPU 53.3%`,
    });
    const dbs = firstTable(section(markdown, 'Database groups'));
    expect(rowOf(dbs, 'tickets')).toMatchObject({
      Shards: String(p.databases.tickets!.shards),
      'Slot map': '4096 slots: shard 01 0–1364, shard 02 1365–2729, shard 03 2730–4095',
      'Instance class': 'db.r7g.large',
      'Readers per shard': '1',
    });
    expect(section(markdown, 'Thresholds')).toContain('- month 60: tickets needs shard 3: provisioned now (within the 60-month lead time)');
  });

  it('ends with the topology (a mermaid flowchart) and the failover runbook of the plan', () => {
    // GIVEN prod at moderate alone (warm standby)
    const p = prodByScenario.moderate;
    // WHEN
    const markdown = renderPlanMarkdown([p]);
    // THEN
    const topology = section(markdown, 'Topology');
    expect(topology).toContain(`\`\`\`mermaid\nflowchart LR\n`);
    expect(topology).toContain(`\`\`\`mermaid\n${topologyMermaid(p)}\n\`\`\``);
    expect(topology).not.toContain('Drawn for');
    const runbook = section(markdown, 'Failover runbook');
    expect(runbook).toBe(`### Failover runbook\n\n${renderRunbookMarkdown(failoverRunbook(p))}\n`);
    expect(runbook).toContain('aws rds failover-global-cluster --region us-west-2 --global-cluster-identifier prod-tickets-shard-01 ');
    expect(markdown.indexOf('### Thresholds')).toBeLessThan(markdown.indexOf('### Topology'));
    expect(markdown.indexOf('### Topology')).toBeLessThan(markdown.indexOf('### Failover runbook'));
  });

  it('shortens long slot maps and shows the ACU range of serverless groups', () => {
    // GIVEN tickets with 8 shards and knowledge on Serverless v2
    const p = variantPlan();
    // WHEN
    const dbs = firstTable(section(renderPlanMarkdown([p]), 'Database groups'));
    // THEN
    expect(rowOf(dbs, 'tickets').Shards).toBe('8');
    expect(rowOf(dbs, 'tickets')['Slot map']).toBe('4096 slots: shard 01 0–511, shard 02 512–1023, … 5 more …, shard 08 3584–4095');
    expect(rowOf(dbs, 'knowledge')['Instance class']).toBe('db.serverless (0.5–8 ACU)');
  });

  it('flags fleets over the fleet limit', () => {
    // GIVEN only m7i.large, at most 2 per fleet, at the aggressive scenario
    const blueprint = {
      ...prod.blueprint,
      capacity: { ...prod.blueprint.capacity, instanceTypes: [{ type: 'm7i.large', requestsPerSecond: 40 }], maxInstancesPerFleet: 2 },
    };
    const p = planCapacity({ ...prod, blueprint, scenario: 'aggressive', horizonMonths: PROD_HORIZON });
    expect(p.fleets.incident!.exceedsFleetLimit).toBe(true);
    // WHEN
    const markdown = renderPlanMarkdown([p]);
    const json = planReportJson([p]);
    // THEN
    const fleets = section(markdown, 'Fleets');
    expect(rowOf(firstTable(fleets), 'incident')['Min / desired / max']).toMatch(/\(over limit\)$/);
    expect(rowOf(firstTable(fleets), 'problem')['Min / desired / max']).not.toMatch(/over limit/);
    expect(fleets).toMatch(/\*\*Over the fleet limit\*\* even with the largest instance type: .*aggressive\/incident/);
    expect(json.scenarios.aggressive!.summary.exceedsFleetLimit).toBe(true);
  });

    it('matches the snapshot for dev at its own scenario', () => {
    // GIVEN dev at its environment scenario (conservative)
    const p = plan(dev);
    expect(p.scenario).toBe('conservative');
    // WHEN / THEN
    expect(renderPlanMarkdown([p])).toMatchSnapshot();
  });
});

describe('renderPlanMarkdown and planReportJson: input checks', () => {
  it.each([
    ['renderPlanMarkdown', renderPlanMarkdown],
    ['planReportJson', planReportJson],
  ] as const)('%s throws without plans, for mixed environments and for a repeated scenario', (name, fn) => {
    // GIVEN / WHEN / THEN
    expect(() => fn([])).toThrow(new RegExp(`${name}: no plans given`));
    expect(() => fn([prodByScenario.moderate, plan(dev)])).toThrow(/must share one environment.*"conservative" has environment "dev"/);
    expect(() => fn([prodByScenario.moderate, prodByScenario.moderate])).toThrow(/scenario "moderate" is given twice/);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every object at a documented path such as `$.scenarios.<scenario>.timeline[].databaseGroups.<group>`. */
function objectsAt(root: unknown, path: string): Array<Record<string, unknown>> {
  let current: unknown[] = [root];
  for (const token of path.split('.').slice(1)) {
    const isArray = token.endsWith('[]');
    const key = isArray ? token.slice(0, -2) : token;
    current = current.flatMap((value) => {
      if (value === null || typeof value !== 'object') return [];
      const record = value as Record<string, unknown>;
      const next = /^<.+>$/.test(key) ? Object.values(record) : [record[key]];
      return isArray ? next.flatMap((v) => (Array.isArray(v) ? v : [])) : next;
    });
  }
  return current.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** The documented objects: path → field names, from `### \`$...\`` headings and their tables. */
function documentedFields(doc: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let path: string | undefined;
  for (const line of doc.split('\n')) {
    const heading = /^### `(\$[^`]*)`\s*$/.exec(line);
    if (heading) {
      path = heading[1]!;
      fields.set(path, []);
      continue;
    }
    if (line.startsWith('#')) path = undefined;
    const field = /^\| `([A-Za-z][A-Za-z0-9]*)` \|/.exec(line);
    if (path && field) fields.get(path)!.push(field[1]!);
  }
  return fields;
}

function walkNumbers(value: unknown, visit: (n: number, path: string) => void, path = '$'): void {
  if (typeof value === 'number') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkNumbers(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkNumbers(v, visit, `${path}.${k}`);
}

describe('planReportJson', () => {
  // GIVEN prod at all three scenarios
  // WHEN
  const report = planReportJson(prodPlans);

  it('round-trips through JSON and has schemaVersion 4 and every scenario in order', () => {
    // THEN
    const parsed = JSON.parse(JSON.stringify(report));
    expect(parsed).toEqual(report);
    expect(parsed.schemaVersion).toBe(4);
    expect(parsed).toMatchObject({ environment: 'prod', blueprint: 'itsm-standard', tier: 'production', startDate: '2027-01-04', horizonMonths: 60, availabilityZones: 3 });
    expect(Object.keys(parsed.scenarios)).toEqual([...SCENARIOS]);
  });

  it('has every module with min <= desired <= max, in blueprint order, matching the plans', () => {
    // THEN
    for (const p of prodPlans) {
      const fleets = report.scenarios[p.scenario]!.fleets;
      // (every module is below one instance's load in every scenario: all run on the shared fleet, listed last)
      expect(Object.keys(fleets)).toEqual([...Object.keys(prod.blueprint.modules), 'shared']);
      for (const [module, fleet] of Object.entries(fleets)) {
        expect(fleet.minSize).toBeLessThanOrEqual(fleet.desiredSize);
        expect(fleet.desiredSize).toBeLessThanOrEqual(fleet.maxSize);
        expect(fleet.maxSize).toBe(p.fleets[module]!.maxSize);
        expect(fleet.instanceType).toBe(p.fleets[module]!.instanceType);
      }
    }
  });

  it('carries databases, DR, backup and thresholds of each plan', () => {
    // THEN
    const aggressive = report.scenarios.aggressive!;
    const p = prodByScenario.aggressive;
    expect(aggressive.databases.tickets!.shards).toBe(p.databases.tickets!.shards);
    expect(aggressive.databases.tickets!.slotMap).toEqual(p.databases.tickets!.slotMap);
    expect(aggressive.databases.tickets!.serverless).toBeNull();
    expect(aggressive.dr).toMatchObject({ posture: 'warm-standby', requiredRtoMinutes: 15, requiredRpoMinutes: 1, rtoMet: true, rpoMet: true });
    const { vaultLock, ...schedule } = p.backup;
    expect(aggressive.backup).toEqual({ ...schedule, vaultLockMode: vaultLock.mode, vaultLockCoolingOffDays: vaultLock.mode === 'compliance' ? vaultLock.coolingOffDays : null });
    expect(aggressive.thresholds).toEqual(p.thresholds);
    expect(aggressive.thresholds.some((t) => t.message === 'tickets needs shard 3: provisioned now (within the 60-month lead time)')).toBe(true);
  });

  it('summarises each scenario', () => {
    // THEN
    const { summary } = report.scenarios.aggressive!;
    const p = prodByScenario.aggressive;
    expect(summary).toMatchObject({ requestersToday: 500, requestersAtHorizon: 50000, agentsToday: 25, meetsServiceLevels: true, exceedsFleetLimit: false });
    expect(summary.instancesAtHorizon).toBe(Object.values(p.fleets).reduce((n, f) => n + f.maxSize, 0));
    expect(summary.shardsAtHorizon).toBe(Object.values(p.databases).reduce((n, d) => n + d.shards, 0));
    expect(summary.firstThresholdMonth).toBe(p.thresholds[0]!.month);
    expect(report.scenarios.conservative!.summary.firstThresholdMonth).toBeNull();
  });

  it('includes the full timeline, month 0 to the horizon', () => {
    // THEN
    for (const p of prodPlans) {
      const timeline = report.scenarios[p.scenario]!.timeline;
      expect(timeline.map((m) => m.month)).toEqual(p.timeline.map((m) => m.month));
      expect(timeline).toHaveLength(61);
      expect(Object.keys(timeline[60]!.peakRequestsPerSecond)).toEqual(Object.keys(prod.blueprint.modules));
      expect(timeline[60]!.databaseGroups.tickets!.shards).toBe(p.timeline[60]!.databaseGroups.tickets!.shards);
      expect(Object.keys(timeline[60]!.locations)).toEqual(['americas', 'emea', 'apac']);
    }
  });

  it('rounds every number to at most 3 decimals and counts of people to whole numbers', () => {
    // THEN
    const offenders: string[] = [];
    walkNumbers(report, (n, path) => {
      if (round(n) !== n) offenders.push(`${path}=${n}`);
    });
    expect(offenders).toEqual([]);
    for (const month of report.scenarios.aggressive!.timeline) {
      expect(Number.isInteger(month.requesters) && Number.isInteger(month.agents) && Number.isInteger(month.ticketsPerMonth)).toBe(true);
    }
    // ... while keeping the precision that matters.
    expect(report.scenarios.aggressive!.fleets.incident!.utilizationAtHorizonPeak).toBe(round(prodByScenario.aggressive.fleets.incident!.utilizationAtHorizonPeak));
  });

  it('carries each scenario\'s failover runbook', () => {
    // THEN
    for (const p of prodPlans) expect(report.scenarios[p.scenario]!.runbook).toEqual(failoverRunbook(p));
    const runbook = report.scenarios.aggressive!.runbook;
    expect(Object.keys(report.scenarios.aggressive!)).toEqual(['summary', 'traffic', 'milestones', 'fleets', 'databases', 'attachments', 'backup', 'dr', 'singletons', 'runbook', 'thresholds', 'problems', 'timeline', 'sharedServices', 'cost', 'residency']);
    expect(report.scenarios.aggressive!.cost).toBeNull();
    expect(runbook.totals.failoverMinutes).toBeLessThanOrEqual(runbook.totals.achievableRtoMinutes);
    expect(runbook.globalClusters.map((c) => c.globalClusterIdentifier)).toContain('prod-tickets-shard-03');
  });

  it('is byte-stable', () => {
    // THEN
    expect(JSON.stringify(planReportJson(SCENARIOS.map((s) => plan(prod, s))))).toBe(JSON.stringify(report));
  });
});

describe('docs/plan-json.md matches planReportJson', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'plan-json.md'), 'utf8');
  const documented = documentedFields(doc);
  // GIVEN reports that reach every documented path: prod at all scenarios, dev, and a variant
  // with a serverless group (so that `serverless` is an object somewhere).
  const reports = [
    planReportJson(prodPlans),
    planReportJson([plan(dev)]),
    planReportJson([variantPlan()]),
    planReportJson([servicesPlan()]),
    planReportJson([growthPlan()]),
    // (the multinational environment, so that `residency` is an object somewhere)
    planReportJson([withResidency(resolveEnvironment(project, 'intl-prod'), planCapacity(resolveEnvironment(project, 'intl-prod')))]),
    planReportJson(prodPlans, prodPlans.map((p) => costPlan({ plan: p, blueprint: prod.blueprint, environment: prod.environment }))),
    // (a price file without NAT gateway hours, so that `unpriced` holds an entry)
    planReportJson([plan(dev)], [costPlan({ plan: plan(dev), blueprint: dev.blueprint, environment: dev.environment, prices: { ...DEFAULT_PRICES, prices: DEFAULT_PRICES.prices.filter((p) => p.key !== 'nat.hour') } })]),
  ];

  it('documents the top level and every object the report holds', () => {
    // THEN
    expect(documented.get('$')).toEqual(['schemaVersion', 'environment', 'blueprint', 'tier', 'startDate', 'horizonMonths', 'targetUtilization', 'availabilityZones', 'scenarios']);
    expect([...documented.keys()]).toEqual(
      expect.arrayContaining([
        '$.scenarios.<scenario>',
        '$.scenarios.<scenario>.summary',
        '$.scenarios.<scenario>.fleets.<module>',
        '$.scenarios.<scenario>.databases.<group>',
        '$.scenarios.<scenario>.backup',
        '$.scenarios.<scenario>.dr',
        '$.scenarios.<scenario>.runbook',
        '$.scenarios.<scenario>.runbook.stacks',
        '$.scenarios.<scenario>.runbook.globalClusters[]',
        '$.scenarios.<scenario>.runbook.backupVault',
        '$.scenarios.<scenario>.runbook.failover[]',
        '$.scenarios.<scenario>.runbook.failback[]',
        '$.scenarios.<scenario>.runbook.totals',
        '$.scenarios.<scenario>.runbook.rpo',
        '$.scenarios.<scenario>.thresholds[]',
        '$.scenarios.<scenario>.timeline[]',
      ]),
    );
  });

  it.each([...documented.entries()])('documents exactly the keys at %s', (path, fields) => {
    // WHEN the objects at the path are collected from the reports
    const objects = reports.flatMap((r) => objectsAt(r, path));
    // THEN the path exists and every object has exactly the documented keys, in the documented order
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) expect(Object.keys(object)).toEqual(fields);
  });

  it('documents every nested object: no object-valued key is left without its own section', () => {
    // WHEN every key holding an object or an array of objects is looked up among the sections
    const undocumented: string[] = [];
    for (const [path, fields] of documented) {
      for (const field of fields) {
        const values = reports.flatMap((r) => objectsAt(r, path)).map((o) => o[field]);
        const holdsObjects = values.some(
          (v) => (v !== null && typeof v === 'object' && !Array.isArray(v)) || (Array.isArray(v) && v.some((e) => e !== null && typeof e === 'object')),
        );
        const child = [...documented.keys()].some((p) => p.startsWith(`${path}.${field}.`) || p.startsWith(`${path}.${field}[]`) || p === `${path}.${field}`);
        if (holdsObjects && !child) undocumented.push(`${path}.${field}`);
      }
    }
    // THEN only the record of numbers keyed by module name is described in its parent's table alone
    expect(undocumented.sort()).toEqual(
      [
        '$.scenarios.<scenario>.timeline[].peakRequestsPerSecond',
        '$.scenarios.<scenario>.residency.crossZoneGroups',
        ...['byRegion', 'byModule', 'byDatabaseGroup', 'bySharedService', 'byPlatform'].map((field) => `$.scenarios.<scenario>.cost.milestones[].${field}`),
      ].sort(),
    );
    expect(doc).toMatch(/\| `peakRequestsPerSecond` \| object \| Requests\/s in the busiest hour, keyed by module name\. \|/);
    expect(doc).toMatch(/\| `crossZoneGroups` \| object \| Non-partitioned groups that span zones .*keyed by group: the opt-in reason/);
  });

  it('has an example that parses as JSON and has the documented top-level keys', () => {
    // THEN
    const block = /```json\n([\s\S]*?)\n```/.exec(doc);
    expect(block).not.toBeNull();
    const example = JSON.parse(block![1]!);
    expect(Object.keys(example)).toEqual(documented.get('$'));
    expect(example.schemaVersion).toBe(4);
  });
});

describe('format helpers', () => {
  it('formats days of the week as ranges or lists', () => {
    // GIVEN / WHEN / THEN
    expect(formatWeekdays(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(formatWeekdays(['sun', 'sat', 'fri', 'thu', 'wed', 'tue', 'mon'])).toBe('daily');
    expect(formatWeekdays(['mon', 'wed'])).toBe('Mon, Wed');
  });

  it('groups thousands without a locale and rounds half away from zero at the shown digits', () => {
    // GIVEN / WHEN / THEN
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(999.96, 1)).toBe('1,000.0');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
    expect(formatPercent(0.53333)).toBe('53.3%');
    expect(formatPercent(0.8, true)).toBe('80%');
  });
});
