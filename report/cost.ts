/**
 * The cost sections of the plan report: monthly cost per scenario side by side at today, each threshold
 * month and the horizon, cost per requester and per ticket, the top cost drivers, the assumptions, and a
 * footer naming the price file's date and sources. Markdown and JSON say the same numbers.
 */
import markdownTable from 'markdown-table';
import { costAt, CostDriver, CostPlan, milestoneMonths, MonthCost, topDrivers } from '../capacity/cost';
import { CapacityPlan } from '../capacity/types';
import { formatNumber, round } from './format';

/** Drivers listed per scenario. */
const DRIVERS = 5;

/** US dollars as the report prints them: whole dollars, or cents under $10. */
export function formatUsd(value: number): string {
  return `$${formatNumber(value, Math.abs(value) < 10 ? 2 : 0)}`;
}

/** Months shown for several plans: the union of each plan's milestones. */
function milestonesOf(plans: readonly CapacityPlan[], costs: readonly CostPlan[]): number[] {
  const months = new Set<number>();
  plans.forEach((plan, index) => {
    for (const m of milestoneMonths(costs[index]!, plan.thresholds.map((t) => t.month))) months.add(m);
  });
  return [...months].sort((a, b) => a - b);
}

/** The cost section of the Markdown report. */
export function renderCostMarkdown(plans: readonly CapacityPlan[], costs: readonly CostPlan[]): string {
  checkAligned(plans, costs);
  const months = milestonesOf(plans, costs);
  const horizon = plans[0]!.horizonMonths;
  const label = (m: number) => (m === 0 ? 'today (month 0)' : m === horizon ? `month ${m} (horizon)` : `month ${m}`);
  const totals = markdownTable(
    [['Month', ...plans.map((p) => p.scenario)], ...months.map((m) => [label(m), ...costs.map((c) => formatUsd(costAt(c, m).totalUsd))])],
    { align: ['l', ...plans.map(() => 'r' as const)] },
  );
  const unit = markdownTable(
    [
      ['At the horizon', ...plans.map((p) => p.scenario)],
      ['per requester per month', ...costs.map((c) => formatUsd(costAt(c, horizon).perRequesterUsd))],
      ['per ticket', ...costs.map((c) => formatUsd(costAt(c, horizon).perTicketUsd))],
      ['usage-driven share', ...costs.map((c) => `${Math.round((costAt(c, horizon).usageUsd / Math.max(1e-9, costAt(c, horizon).totalUsd)) * 100)}%`)],
    ],
    { align: ['l', ...plans.map(() => 'r' as const)] },
  );
  const drivers = plans.map((plan, index) => {
    const list = topDrivers(costAt(costs[index]!, horizon), DRIVERS).map(driverLine);
    return plans.length > 1 ? `**${plan.scenario}**\n\n${list.join('\n')}` : list.join('\n');
  });
  const byRegion = markdownTable(
    [
      ['Region at the horizon', ...plans.map((p) => p.scenario)],
      ...unionKeys(costs.map((c) => costAt(c, horizon).byRegion)).map((region) => [region, ...costs.map((c) => formatUsd(costAt(c, horizon).byRegion[region] ?? 0))]),
    ],
    { align: ['l', ...plans.map(() => 'r' as const)] },
  );
  const assumptions = costs[0]!.assumptions.map((a) => `- ${a.name}: ${formatNumber(a.value, a.value % 1 === 0 ? 0 : 2)} ${a.unit} (${a.why})`);
  const unpriced = costs.flatMap((c) => c.unpriced.map((u) => `\`${u.priceKey}\` in ${u.region} (${u.subject})`));
  return [
    '### Monthly cost',
    '',
    'On-demand list prices, before tax, discounts and free tiers: fleets at their scheduled sizes over the business-hours calendar, databases with the shards the stacks provision, storage as it grows. Usage-driven items follow the assumptions below.',
    '',
    totals,
    '',
    unit,
    '',
    byRegion,
    '',
    `Top cost drivers at the horizon (month ${horizon}):`,
    '',
    drivers.join('\n\n'),
    ...(unpriced.length > 0 ? ['', `⚠️ Not priced (counted as $0; add them to the price file): ${[...new Set(unpriced)].join(', ')}`] : []),
    '',
    '<details><summary>Cost assumptions</summary>',
    '',
    ...assumptions,
    '',
    '</details>',
  ].join('\n');
}

/** The report footer: what the numbers are worth. */
export function renderCostFooter(costs: readonly CostPlan[]): string {
  const prices = costs[0]!.prices;
  const widest = [...costs].sort((a, b) => b.prices.usedEntries - a.prices.usedEntries)[0]!.prices;
  const checked = widest.usedEntries - widest.unverifiedUsed - widest.priceListApiUsed;
  return [
    '---',
    '',
    `<sub>Cost figures: AWS public on-demand list prices in ${prices.currency} taken on ${prices.takenOn} (capacity/prices/aws-prices.json, version ${prices.version}). ` +
      `Of the ${widest.usedEntries} price entries used, ${widest.priceListApiUsed} come from the AWS Price List API, ${checked} were corroborated by a secondary source and ${widest.unverifiedUsed} were not re-checked: treat the figures as estimates (refresh: docs/cost.md). ` +
      `Sources: ${prices.sources.join(', ')}.</sub>`,
  ].join('\n');
}

function driverLine(driver: CostDriver): string {
  const [kind, subject] = driver.driver.split(':');
  return `- ${kind} \`${subject}\`: ${formatUsd(driver.usd)} a month (${Math.round(driver.share * 100)}%), mostly ${driver.largestItem}`;
}

/** The cost of one scenario in the plan report JSON (docs/plan-json.md). */
export interface CostJson {
  readonly currency: 'USD';
  /** Total per month, index = month (0 = today … horizon). */
  readonly monthlyUsd: readonly number[];
  /** Today, each threshold month and the horizon, in detail. */
  readonly milestones: readonly CostMonthJson[];
  readonly assumptions: ReadonlyArray<{ readonly name: string; readonly value: number; readonly unit: string; readonly why: string }>;
  /** Items without a price in the price file (counted as 0). */
  readonly unpriced: ReadonlyArray<{ readonly priceKey: string; readonly region: string; readonly subject: string }>;
  readonly prices: {
    readonly version: number;
    readonly takenOn: string;
    readonly sources: readonly string[];
    readonly usedEntries: number;
    readonly unverifiedUsed: number;
    readonly priceListApiUsed: number;
  };
}

/** One month of cost in detail. */
export interface CostMonthJson {
  readonly month: number;
  readonly totalUsd: number;
  readonly perRequesterUsd: number;
  readonly perTicketUsd: number;
  readonly usageUsd: number;
  readonly byRegion: Readonly<Record<string, number>>;
  readonly byModule: Readonly<Record<string, number>>;
  readonly byDatabaseGroup: Readonly<Record<string, number>>;
  readonly bySharedService: Readonly<Record<string, number>>;
  readonly byPlatform: Readonly<Record<string, number>>;
  readonly drivers: ReadonlyArray<{ readonly driver: string; readonly usd: number; readonly share: number; readonly largestItem: string }>;
}

/** The JSON of one scenario's cost, rounded to cents (shares to 3 decimals). */
export function costJson(plan: CapacityPlan, cost: CostPlan): CostJson {
  const cents = (v: number) => round(v, 2);
  const record = (r: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cents(v)]));
  const month = (m: MonthCost): CostMonthJson => ({
    month: m.month,
    totalUsd: cents(m.totalUsd),
    perRequesterUsd: round(m.perRequesterUsd, 4),
    perTicketUsd: round(m.perTicketUsd, 4),
    usageUsd: cents(m.usageUsd),
    byRegion: record(m.byRegion),
    byModule: record(m.byModule),
    byDatabaseGroup: record(m.byDatabaseGroup),
    bySharedService: record(m.bySharedService),
    byPlatform: record(m.byPlatform),
    drivers: topDrivers(m, DRIVERS).map((d) => ({ driver: d.driver, usd: cents(d.usd), share: round(d.share), largestItem: d.largestItem })),
  });
  return {
    currency: cost.currency,
    monthlyUsd: cost.months.map((m) => cents(m.totalUsd)),
    milestones: milestoneMonths(cost, plan.thresholds.map((t) => t.month)).map((m) => month(costAt(cost, m))),
    assumptions: cost.assumptions.map((a) => ({ name: a.name, value: a.value, unit: a.unit, why: a.why })),
    unpriced: cost.unpriced.map((u) => ({ priceKey: u.priceKey, region: u.region, subject: u.subject })),
    prices: {
      version: cost.prices.version,
      takenOn: cost.prices.takenOn,
      sources: cost.prices.sources,
      usedEntries: cost.prices.usedEntries,
      unverifiedUsed: cost.prices.unverifiedUsed,
      priceListApiUsed: cost.prices.priceListApiUsed,
    },
  };
}

function checkAligned(plans: readonly CapacityPlan[], costs: readonly CostPlan[]): void {
  if (plans.length !== costs.length || plans.some((p, i) => costs[i]!.scenario !== p.scenario || costs[i]!.environment !== p.environment)) {
    throw new Error(`cost report: the costs (${costs.map((c) => c.scenario).join(', ')}) must be those of the plans (${plans.map((p) => p.scenario).join(', ')}), in the same order`);
  }
}

function unionKeys(records: ReadonlyArray<Readonly<Record<string, number>>>): string[] {
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return keys;
}
