/** Types of the cost model: what a capacity plan costs per month. Plain data, JSON-serialisable. */

/** What a cost line is charged to. */
export type CostKind = 'module' | 'database' | 'shared-service' | 'platform';

/** One priced quantity of one month in one region. */
export interface CostLine {
  /** A region, or `global` for what the `<env>-global` stack holds. */
  readonly region: string;
  readonly kind: CostKind;
  /** Module name, database group, `cache` / `search` / `shared-file-system`, or a platform part (`network`, `load-balancer`, `attachments`, `monitoring`, `security`, `dns`, `drills`). */
  readonly subject: string;
  /** What is bought, e.g. `m7i.large instance-hours`. */
  readonly item: string;
  /** Key of the price in the price file. */
  readonly priceKey: string;
  readonly quantity: number;
  /** The price's unit. */
  readonly unit: string;
  readonly unitUsd: number;
  readonly usd: number;
  /** Set when the quantity is an assumption about usage rather than provisioned capacity. */
  readonly usage?: true;
}

/** The cost of one month of the timeline. */
export interface MonthCost {
  readonly month: number;
  readonly totalUsd: number;
  readonly requesters: number;
  readonly ticketsPerMonth: number;
  /** The seed's "cost per transaction": total over the month's requesters and tickets. */
  readonly perRequesterUsd: number;
  readonly perTicketUsd: number;
  readonly byRegion: Readonly<Record<string, number>>;
  readonly byModule: Readonly<Record<string, number>>;
  readonly byDatabaseGroup: Readonly<Record<string, number>>;
  readonly bySharedService: Readonly<Record<string, number>>;
  readonly byPlatform: Readonly<Record<string, number>>;
  /** Usage-driven share of the total (assumed quantities). */
  readonly usageUsd: number;
  readonly lines: readonly CostLine[];
}

/** A quantity the model assumed, with the figure used, for the report. */
export interface CostAssumption {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly why: string;
}

/** A thing the stacks create for which the price file has no price (it is counted as 0). */
export interface UnpricedItem {
  readonly priceKey: string;
  readonly region: string;
  readonly subject: string;
}

/** What the model counts in each stack, so that tests can hold it against the synthesized stacks. */
export interface StackInventory {
  readonly natGateways: number;
  readonly loadBalancers: number;
  readonly webAcls: number;
  readonly metricAlarms: number;
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  readonly secrets: number;
  readonly healthChecks: number;
  readonly fisTemplates: number;
  /** Aurora instances by class (`db.serverless` for Serverless v2). */
  readonly databaseInstances: Readonly<Record<string, number>>;
  readonly cacheNodes: number;
  readonly searchDomains: number;
  readonly fileSystems: number;
}

/** Where the prices came from, for the report footer. */
export interface PriceProvenance {
  readonly version: number;
  readonly currency: 'USD';
  readonly takenOn: string;
  readonly sources: readonly string[];
  /** Price entries (item and region) the plan's cost used. */
  readonly usedEntries: number;
  /** Of those, the ones not checked against any source when the file was written (`verified: list-recalled`). */
  readonly unverifiedUsed: number;
  /** Of those, the ones read from the AWS Price List API (`verified: price-list-api`). */
  readonly priceListApiUsed: number;
}

/** The cost of a capacity plan, month by month. */
export interface CostPlan {
  readonly environment: string;
  readonly scenario: string;
  readonly currency: 'USD';
  readonly months: readonly MonthCost[];
  /** Stack name (`<env>-<region>`, `<env>-global`) → what the model counted there. */
  readonly inventory: Readonly<Record<string, StackInventory>>;
  readonly assumptions: readonly CostAssumption[];
  readonly unpriced: readonly UnpricedItem[];
  readonly prices: PriceProvenance;
}
