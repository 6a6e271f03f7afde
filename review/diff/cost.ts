/**
 * The monthly cost change of a change: from the plans that synth writes beside the stacks
 * (`plans/<env>.json`, the `plan --format json` shape with its cost), per environment, today and at the
 * horizon, with the drivers that moved most. Pure: reads the parsed plans of the two outputs.
 */
import { CostChange, Json, SynthOutput } from './types';
import { isObject } from './values';

const BREAKDOWNS = [
  ['byModule', 'module'],
  ['byDatabaseGroup', 'database'],
  ['bySharedService', 'shared-service'],
  ['byPlatform', 'platform'],
  ['byRegion', 'region'],
] as const;

/** The cost changes of every environment with a plan on either side, by environment name. */
export function diffCost(before: SynthOutput, after: SynthOutput): CostChange[] {
  const names = [...new Set([...(before.plans?.keys() ?? []), ...(after.plans?.keys() ?? [])])].sort();
  return names.map((name) => change(name, costOf(before.plans?.get(name)), costOf(after.plans?.get(name))));
}

interface SideCost {
  readonly scenario: string | null;
  readonly today: number;
  readonly horizon: number;
  readonly breakdown: ReadonlyMap<string, number>;
}

function costOf(plan: Json | undefined): SideCost {
  const none: SideCost = { scenario: null, today: 0, horizon: 0, breakdown: new Map() };
  if (!isObject(plan) || !isObject(plan['scenarios'])) return none;
  const [scenario, body] = Object.entries(plan['scenarios'])[0] ?? [];
  if (scenario === undefined || !isObject(body) || !isObject(body['cost'])) return { ...none, scenario: scenario ?? null };
  const cost = body['cost'];
  const monthly = Array.isArray(cost['monthlyUsd']) ? cost['monthlyUsd'].filter((v): v is number => typeof v === 'number') : [];
  const milestones = Array.isArray(cost['milestones']) ? cost['milestones'].filter(isObject) : [];
  const last = milestones[milestones.length - 1];
  const breakdown = new Map<string, number>();
  for (const [field, kind] of BREAKDOWNS) {
    const record = last?.[field];
    if (!isObject(record)) continue;
    for (const [key, value] of Object.entries(record)) if (typeof value === 'number') breakdown.set(`${kind}:${key}`, value);
  }
  return { scenario, today: monthly[0] ?? 0, horizon: monthly[monthly.length - 1] ?? 0, breakdown };
}

function change(environment: string, before: SideCost, after: SideCost): CostChange {
  const keys = [...new Set([...before.breakdown.keys(), ...after.breakdown.keys()])];
  const drivers = keys
    .map((driver) => {
      const b = before.breakdown.get(driver) ?? 0;
      const a = after.breakdown.get(driver) ?? 0;
      return { driver, beforeUsd: b, afterUsd: a, deltaUsd: cents(a - b) };
    })
    .filter((d) => d.deltaUsd !== 0)
    .sort((x, y) => Math.abs(y.deltaUsd) - Math.abs(x.deltaUsd) || (x.driver < y.driver ? -1 : 1));
  return {
    environment,
    beforeScenario: before.scenario,
    afterScenario: after.scenario,
    todayBeforeUsd: before.today,
    todayAfterUsd: after.today,
    horizonBeforeUsd: before.horizon,
    horizonAfterUsd: after.horizon,
    horizonDeltaUsd: cents(after.horizon - before.horizon),
    todayDeltaUsd: cents(after.today - before.today),
    drivers,
  };
}

function cents(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Drivers shown per environment in Markdown. */
const MARKDOWN_DRIVERS = 6;

/** `+$1,234` / `-$56` / `$0`. */
function signedUsd(value: number): string {
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const digits = abs < 10 && abs !== 0 ? 2 : 0;
  return `${sign}$${abs.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** The Markdown section (empty when neither side has plans). */
export function renderCostChangeMarkdown(changes: readonly CostChange[]): string {
  if (changes.length === 0) return '';
  const rows = changes.map((c) => {
    const scenario = c.beforeScenario === c.afterScenario ? (c.afterScenario ?? '—') : `${c.beforeScenario ?? '—'} → ${c.afterScenario ?? '—'}`;
    return `| \`${c.environment}\` | ${scenario} | ${signedUsd(c.horizonBeforeUsd).replace(/^\+/, '')} → ${signedUsd(c.horizonAfterUsd).replace(/^\+/, '')} | **${signedUsd(c.horizonDeltaUsd)}** | ${signedUsd(c.todayDeltaUsd)} |`;
  });
  const drivers = changes
    .filter((c) => c.drivers.length > 0)
    .map((c) => {
      const shown = c.drivers.filter((d) => !d.driver.startsWith('region:')).slice(0, MARKDOWN_DRIVERS);
      return `**${c.environment}**: ${shown.map((d) => `${d.driver.replace(':', ' `')}\` ${signedUsd(d.deltaUsd)}`).join(', ')}`;
    });
  return [
    '### 💰 Monthly cost',
    '',
    '| Environment | Scenario | At the horizon, per month | Change | Change today |',
    '| :-- | :-- | --: | --: | --: |',
    ...rows,
    ...(drivers.length > 0 ? ['', 'Drivers of the change at the horizon:', '', ...drivers.map((d) => `- ${d}`)] : []),
    '',
    '<sub>From the plans synth writes beside the stacks (<code>plans/&lt;env&gt;.json</code>); on-demand list prices of the price file.</sub>',
  ].join('\n');
}
