/**
 * The price file (capacity/prices/aws-prices.json): AWS public on-demand list prices, one entry per priced
 * item and region, each with its unit, the date it was taken and its source page. Versioned with the code so
 * that a plan's cost names the prices it used; docs/cost.md says how to refresh it. Pure data, no I/O.
 */
import PRICE_DATA from './aws-prices.json';

/** How far a figure was checked (see the file's notes). */
export type PriceVerification = 'corroborated' | 'list-recalled' | 'price-list-api';

/** One price of one item in one region. */
export interface PriceEntry {
  /** Item key, e.g. `ec2.instance.m7i.large`, `aurora.storage`. */
  readonly key: string;
  readonly region: string;
  /** US dollars per `unit`. */
  readonly usd: number;
  /** What one unit is, e.g. `instance-hour`, `GB-month`, `million requests`. */
  readonly unit: string;
  /** ISO date (YYYY-MM-DD) the figure was taken. */
  readonly takenOn: string;
  /** The AWS pricing page the figure comes from. */
  readonly source: string;
  readonly verified: PriceVerification;
  readonly note?: string;
}

/** The whole price file. */
export interface PriceFile {
  readonly version: number;
  readonly currency: 'USD';
  /** ISO date of the file: its oldest figure is no older. */
  readonly takenOn: string;
  /** Regions every item is priced in. */
  readonly regions: readonly string[];
  readonly notes: readonly string[];
  readonly sources: readonly string[];
  readonly prices: readonly PriceEntry[];
  /** Resource types the stacks create that cost nothing by themselves, with the reason (or where their usage is priced). */
  readonly free: Readonly<Record<string, string>>;
  /** Resource types that cost money, with the price keys (a trailing `*` matches a family) that price them. */
  readonly priced: Readonly<Record<string, readonly string[]>>;
}

/** The price file of this version of the toolkit. */
export const DEFAULT_PRICES: PriceFile = PRICE_DATA as PriceFile;

/** Looks prices up by key and region. */
export class PriceBook {
  private readonly byKey = new Map<string, PriceEntry>();

  constructor(public readonly file: PriceFile = DEFAULT_PRICES) {
    for (const entry of file.prices) this.byKey.set(`${entry.key}@${entry.region}`, entry);
  }

  /** The entry for `key` in `region`, or undefined when the file has none. */
  find(key: string, region: string): PriceEntry | undefined {
    return this.byKey.get(`${key}@${region}`);
  }
}

/**
 * Problems of a price file, as sentences (empty when it is sound): every entry has a positive-or-zero price,
 * a unit, an ISO date no later than the file's, an https source, and no key/region appears twice.
 */
export function priceFileProblems(file: PriceFile): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const isoDate = /^\d{4}-\d{2}-\d{2}$/;
  if (!isoDate.test(file.takenOn)) problems.push(`takenOn "${file.takenOn}" is not an ISO date (YYYY-MM-DD)`);
  for (const [index, entry] of file.prices.entries()) {
    const at = `prices[${index}] (${entry.key} in ${entry.region})`;
    const id = `${entry.key}@${entry.region}`;
    if (seen.has(id)) problems.push(`${at} appears twice`);
    seen.add(id);
    if (typeof entry.usd !== 'number' || !Number.isFinite(entry.usd) || entry.usd < 0) problems.push(`${at}: usd must be a number >= 0`);
    if (!entry.unit) problems.push(`${at}: unit is missing`);
    if (!isoDate.test(entry.takenOn)) problems.push(`${at}: takenOn "${entry.takenOn}" is not an ISO date`);
    else if (entry.takenOn > file.takenOn) problems.push(`${at}: takenOn ${entry.takenOn} is later than the file's ${file.takenOn}`);
    if (!/^https:\/\//.test(entry.source)) problems.push(`${at}: source must be an https URL of the AWS pricing page`);
    if (!file.regions.includes(entry.region)) problems.push(`${at}: region is not in the file's regions (${file.regions.join(', ')})`);
  }
  return problems;
}
