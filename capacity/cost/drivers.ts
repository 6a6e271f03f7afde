import { CostLine, CostPlan, MonthCost } from './types';

/** A subject's share of a month: what the report lists as a cost driver. */
export interface CostDriver {
  /** `<kind>:<subject>` grouped over regions, e.g. `module:incident`, `database:tickets`, `platform:network`. */
  readonly driver: string;
  readonly usd: number;
  /** Share of the month's total, 0 to 1. */
  readonly share: number;
  /** The driver's largest line item. */
  readonly largestItem: string;
}

/** The `count` largest drivers of a month, largest first (ties by name: deterministic). */
export function topDrivers(month: MonthCost, count = 5): CostDriver[] {
  const groups = new Map<string, CostLine[]>();
  for (const line of month.lines) {
    const key = `${line.kind}:${line.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.entries()]
    .map(([driver, lines]) => {
      const usd = lines.reduce((acc, l) => acc + l.usd, 0);
      const largest = [...lines].sort((a, b) => b.usd - a.usd)[0]!;
      return { driver, usd, share: month.totalUsd > 0 ? usd / month.totalUsd : 0, largestItem: largest.item };
    })
    .sort((a, b) => b.usd - a.usd || (a.driver < b.driver ? -1 : 1))
    .slice(0, count);
}

/** Month numbers the report shows: today, each month a threshold is crossed, and the horizon. */
export function milestoneMonths(cost: CostPlan, thresholdMonths: readonly number[]): number[] {
  const horizon = cost.months[cost.months.length - 1]?.month ?? 0;
  return [...new Set([0, ...thresholdMonths.filter((m) => m > 0 && m <= horizon), horizon])].sort((a, b) => a - b);
}

/** The month's cost, or the last month when `month` is past the horizon. */
export function costAt(cost: CostPlan, month: number): MonthCost {
  return cost.months[Math.min(month, cost.months.length - 1)]!;
}
