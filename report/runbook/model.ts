import { DrPosture } from '../../capacity/types';

/**
 * The failover runbook of a capacity plan: what happens by itself and what an operator runs, step by
 * step, when the primary region is lost, with each step's share of the RTO budget; and how to fail
 * back. Pure data (JSON-serialisable, deterministic), rendered by `renderRunbookMarkdown` (./markdown.ts) and
 * carried in the JSON report as `scenarios.<name>.runbook` (docs/plan-json.md).
 *
 * The steps follow the DR posture (capacity/dr.ts) and the names the stacks derive: stacks
 * `<env>-<region>` and `<env>-global`, global clusters `<env>-<group>-shard-NN`, regional clusters
 * `<env>-<region>-<group>-shard-NN`, vaults `<env>-<region>-vault`, Auto Scaling groups
 * `<env>-<region>-<module>`.
 */

/** Who acts: Route 53 and AWS by themselves, or an operator. */
export type RunbookActor = 'automatic' | 'operator';

/**
 * When a step runs: `sequential` steps follow each other and their budgets add up to the RTO;
 * a `parallel` step runs while the step before it runs (its time is inside that step's budget, so
 * its own budget is 0); an `after-recovery` step runs once service is back (outside the RTO, budget 0).
 */
export type RunbookTiming = 'sequential' | 'parallel' | 'after-recovery';

/** One step of a runbook. */
export interface RunbookStep {
  /** `automatic` (Route 53, AWS) or `operator` (a person runs the commands). */
  readonly actor: RunbookActor;
  /** What the step does, in a few words. */
  readonly title: string;
  /** How the step relates to the others and to the RTO. */
  readonly timing: RunbookTiming;
  /** The step's share of the RTO budget, in minutes (fail-back steps: the time they take). 0 for parallel and after-recovery steps. */
  readonly budgetMinutes: number;
  /** Shell commands to run, in order (AWS CLI v2, Terraform >= 1.10); lines starting with `#` are comments. Empty for automatic steps. */
  readonly commands: readonly string[];
  /** Why the step is needed, what to check and what can go wrong. */
  readonly explanation: string;
}

/** The stacks the runbook applies. */
export interface RunbookStacks {
  /** The primary region's stack, `<env>-<primary>`. */
  readonly primary: string;
  /** The stack of the region service moves to, `<env>-<recovery>` (the primary's stack with one region). */
  readonly recovery: string;
  /** The stack with the Route 53 health checks and records, `<env>-global`. */
  readonly global: string;
}

/** One shard's Aurora global database and the clusters that change roles. */
export interface RunbookGlobalCluster {
  /** Database group. */
  readonly group: string;
  /** Shard number, from 1. */
  readonly shard: number;
  /** Global cluster identifier, the same in every region: `<env>-<group>-shard-NN`. */
  readonly globalClusterIdentifier: string;
  /** The writer cluster in the primary region. */
  readonly primaryClusterIdentifier: string;
  /** The secondary cluster in the recovery region that is promoted. */
  readonly recoveryClusterIdentifier: string;
}

/** The vault recovery points are restored from. */
export interface RunbookVault {
  /** Region of the vault. */
  readonly region: string;
  /** Vault name, `<env>-<region>-vault`. */
  readonly name: string;
}

/** Budgets of the runbook against the RTO. */
export interface RunbookTotals {
  /** Sum of the fail-over steps' budgets: minutes until service is back. */
  readonly failoverMinutes: number;
  /** The part of `failoverMinutes` that needs no one. */
  readonly automaticMinutes: number;
  /** The part of `failoverMinutes` an operator spends. */
  readonly operatorMinutes: number;
  /** RTO the posture achieves (capacity/dr.ts); `failoverMinutes` never exceeds it. */
  readonly achievableRtoMinutes: number;
  /** RTO the environment requires. */
  readonly requiredRtoMinutes: number;
  /** Sum of the fail-back steps' times (planned, not under the RTO). */
  readonly failbackMinutes: number;
}

/** How much data the fail-over may lose, and why. */
export interface RunbookRpo {
  /** Data loss the posture allows, in minutes (replication lag budget or backup interval). */
  readonly achievableMinutes: number;
  /** RPO the environment requires. */
  readonly requiredMinutes: number;
  /** Where the number comes from, one line each: databases, attachments, backups. */
  readonly evidence: readonly string[];
}

/** The failover runbook of one plan. */
export interface Runbook {
  /** Environment name. */
  readonly environment: string;
  /** DR posture the runbook follows. */
  readonly posture: DrPosture;
  /** The event the runbook handles, e.g. `regional outage of us-east-1`. */
  readonly event: string;
  /** The region that fails (the primary: it holds the writers). */
  readonly primaryRegion: string;
  /** The region service moves to (the primary itself when there is one region). */
  readonly recoveryRegion: string;
  /** Stacks the runbook applies. */
  readonly stacks: RunbookStacks;
  /** One entry per shard that fails over (Aurora Global Database); empty for backup-restore. */
  readonly globalClusters: readonly RunbookGlobalCluster[];
  /** The vault recovery points are restored from: the recovery region's. */
  readonly backupVault: RunbookVault;
  /** Steps until service is back, in order. */
  readonly failover: readonly RunbookStep[];
  /** Steps back to normal operation once the failed region is healthy, in order. */
  readonly failback: readonly RunbookStep[];
  /** Budgets against the RTO. */
  readonly totals: RunbookTotals;
  /** Data loss and its evidence. */
  readonly rpo: RunbookRpo;
  /** What to keep in mind throughout. */
  readonly notes: readonly string[];
}

/** Options of {@link failoverRunbook}. */
export interface RunbookOptions {
  /**
   * AWS account id to write into ARNs.
   * @default - the shell variable `$ACCOUNT_ID`, set by the first operator step from `aws sts get-caller-identity`
   */
  readonly accountId?: string;
}

/**
 * Route 53 health checks of the global stack (DnsFailover defaults): a checker declares an endpoint
 * unhealthy after 3 failed checks 10 s apart; resolvers keep the old answer for up to the 60 s TTL.
 */
export const DNS_FAILOVER = { failureThreshold: 3, requestIntervalSeconds: 10, ttlSeconds: 60 } as const;

/** Minutes until resolvers get the new answer after a region fails: 3 × 10 s + 60 s, rounded up. */
export const DNS_FAILOVER_MINUTES = Math.ceil((DNS_FAILOVER.failureThreshold * DNS_FAILOVER.requestIntervalSeconds + DNS_FAILOVER.ttlSeconds) / 60);
