import { CapacityPlan } from '../../capacity/types';
import { RunbookGlobalCluster, RunbookStacks } from './model';

/** Everything the step builders need, derived once from the plan (./failover-runbook.ts). */
export interface RunbookContext {
  readonly plan: CapacityPlan;
  readonly env: string;
  readonly primary: string;
  readonly recovery: string;
  readonly oneRegion: boolean;
  readonly account: string;
  readonly setAccount: readonly string[];
  readonly stacks: RunbookStacks;
  readonly clusters: readonly RunbookGlobalCluster[];
  /** Database groups with their shard counts, in plan order. */
  readonly shards: ReadonlyArray<{ readonly group: string; readonly shard: number }>;
}
