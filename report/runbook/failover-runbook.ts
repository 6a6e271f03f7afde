import { ownShards } from '../../capacity/database';
import { CapacityPlan } from '../../capacity/types';
import { formatMinutes } from '../format';
import { attachmentsBucketPrefix, clusterId, globalClusterId, globalStackName, planRegions, regionalStackName, vaultName } from '../names';
import { RunbookContext } from './context';
import { failbackFromRestore, failbackInPlace, failbackReplicated } from './failback';
import { activeActive, pilotLight, restoreInPlace, restoreInRecoveryRegion, warmStandby } from './failover';
import { Runbook, RunbookOptions, RunbookRpo, RunbookStep } from './model';

/** The runbook of a plan: its context, the posture's fail-over and fail-back steps, budgets, RPO and notes. */

/**
 * The failover runbook of a plan for a regional outage of its primary region (`dr.servingRegions[0]`).
 * With one region (backup-restore without a second region) it covers losing the databases in place.
 *
 * @throws Error when the plan names no serving region, or when a posture that replicates to a second
 * region (pilot-light, warm-standby, active-active) has only one.
 */
export function failoverRunbook(plan: CapacityPlan, options: RunbookOptions = {}): Runbook {
  const regions = planRegions(plan, 'failoverRunbook');
  const env = plan.environment;
  const oneRegion = regions.recovery === regions.primary;
  if (oneRegion && plan.dr.posture !== 'backup-restore') {
    throw new Error(
      `failoverRunbook: posture "${plan.dr.posture}" of "${env}" (scenario "${plan.scenario}") replicates to a second region, but dr.servingRegions [${plan.dr.servingRegions.join(', ')}] and dr.standbyRegions [${plan.dr.standbyRegions.join(', ')}] name only ${regions.primary}; add a region under regions.secondaries or use backup-restore.`,
    );
  }
  const account = options.accountId ?? '$ACCOUNT_ID';
  const shards = shardSetsIn(plan, regions.primary).flatMap(({ group, shards: numbers }) => numbers.map((shard) => ({ group, shard })));
  const ctx: RunbookContext = {
    plan,
    env,
    primary: regions.primary,
    recovery: regions.recovery,
    oneRegion,
    account,
    setAccount: options.accountId === undefined ? ['export ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)'] : [],
    stacks: { primary: regionalStackName(env, regions.primary), recovery: regionalStackName(env, regions.recovery), global: globalStackName(env) },
    clusters:
      plan.dr.posture === 'backup-restore'
        ? []
        : shards.map(({ group, shard }) => ({
            group,
            shard,
            globalClusterIdentifier: globalClusterId(env, group, shard),
            primaryClusterIdentifier: clusterId(env, regions.primary, group, shard),
            recoveryClusterIdentifier: clusterId(env, regions.recovery, group, shard),
          })),
    shards,
  };

  let failover: RunbookStep[];
  let failback: RunbookStep[];
  switch (plan.dr.posture) {
    case 'backup-restore':
      failover = oneRegion ? restoreInPlace(ctx) : restoreInRecoveryRegion(ctx);
      failback = oneRegion ? failbackInPlace(ctx) : failbackFromRestore(ctx);
      break;
    case 'pilot-light':
      failover = pilotLight(ctx);
      failback = failbackReplicated(ctx);
      break;
    case 'warm-standby':
      failover = warmStandby(ctx);
      failback = failbackReplicated(ctx);
      break;
    case 'active-active':
      failover = activeActive(ctx);
      failback = failbackReplicated(ctx);
      break;
  }

  const sum = (steps: readonly RunbookStep[]) => steps.reduce((total, step) => total + step.budgetMinutes, 0);
  return {
    environment: env,
    posture: plan.dr.posture,
    event: oneRegion ? `loss of the databases in ${ctx.primary} (one region)` : `regional outage of ${ctx.primary}${zoneNote(plan, ctx.primary)}`,
    primaryRegion: ctx.primary,
    recoveryRegion: ctx.recovery,
    stacks: ctx.stacks,
    globalClusters: ctx.clusters,
    backupVault: { region: ctx.recovery, name: vaultName(env, ctx.recovery) },
    failover,
    failback,
    totals: {
      failoverMinutes: sum(failover),
      automaticMinutes: sum(failover.filter((s) => s.actor === 'automatic')),
      operatorMinutes: sum(failover.filter((s) => s.actor === 'operator')),
      achievableRtoMinutes: plan.dr.achievableRtoMinutes,
      requiredRtoMinutes: plan.dr.requiredRtoMinutes,
      failbackMinutes: sum(failback),
    },
    rpo: rpo(ctx, regions.standby.slice(1)),
    notes: notes(ctx, [...regions.serving, ...regions.standby].filter((r) => r !== ctx.primary && r !== ctx.recovery)),
  };
}

export function rpo(ctx: RunbookContext, otherStandbys: readonly string[]): RunbookRpo {
  const { dr, backup } = ctx.plan;
  const interval = formatMinutes(backup.frequencyMinutes);
  const evidence: string[] = [];
  if (dr.posture === 'backup-restore') {
    evidence.push(
      ctx.oneRegion
        ? `databases: recovery points every ${interval}${backup.continuous ? ` and continuous backup (point-in-time recovery to within ${formatMinutes(backup.rpoMetMinutes)})` : ''} in ${vaultName(ctx.env, ctx.primary)}`
        : `databases: recovery points every ${interval}, copied to ${vaultName(ctx.env, ctx.recovery)} after each backup: data since the last copy is lost (continuous backups are not copied across regions)`,
    );
  } else {
    evidence.push(
      `databases: Aurora Global Database replicates to ${ctx.recovery} with a typical lag under a second; ${formatMinutes(dr.achievableRpoMinutes)} is budgeted. Watch AuroraGlobalDBReplicationLag (ms) in ${ctx.recovery}'s CloudWatch.`,
    );
    evidence.push(`backups: recovery points every ${interval}, copied to ${vaultName(ctx.env, ctx.recovery)}, as the last resort if the replicas are damaged too`);
  }
  if (!ctx.oneRegion) {
    evidence.push(
      `attachments: S3 replication to ${attachmentsBucketPrefix(ctx.env, ctx.recovery)}-<account> is asynchronous (most objects within minutes); objects not yet replicated reappear when ${ctx.primary} returns`,
    );
  }
  if (otherStandbys.length > 0) evidence.push(`other standby regions (${otherStandbys.join(', ')}) keep replicating from the new writer`);
  return { achievableMinutes: dr.achievableRpoMinutes, requiredMinutes: dr.requiredRpoMinutes, evidence };
}

export function notes(ctx: RunbookContext, otherRegions: readonly string[]): string[] {
  const out: string[] = [];
  if (!ctx.oneRegion) {
    out.push(
      `Stacks and state: ${ctx.stacks.recovery}'s and ${ctx.stacks.global}'s state live in ${ctx.recovery}'s state bucket, reachable during the outage; ${ctx.stacks.primary}'s lives in ${ctx.primary}'s, which is not. ` +
        (ctx.plan.dr.posture === 'backup-restore'
          ? `Order: ${ctx.stacks.recovery} during the outage; ${ctx.stacks.global} only once ${ctx.primary} is back and the environment is unchanged again.`
          : `Order at fail-back: ${ctx.stacks.primary}, then ${ctx.stacks.recovery}, then ${ctx.stacks.global} only if records must change.`),
    );
  }
  if (ctx.plan.dr.posture !== 'backup-restore') {
    out.push(
      'DNS fails over by itself: Route 53 health checks and failover/latency records are data-plane features and need no change during the outage (Route 53\'s control plane, for record changes, runs in us-east-1).',
    );
    out.push('Terraform does not fight a failover or switchover: every cluster ignores changes to `global_cluster_identifier` and `replication_source_identifier`.');
  }
  out.push('Singleton parts (schedulers, timers) must never run in two regions at once: stop them in one region before starting them in another.');
  if (Object.values(ctx.plan.fleets).some((f) => (f.leaseParts ?? []).length > 0)) {
    out.push(
      'Singleton parts under a lease run on the fleets of every region but work only where their module\'s database accepts writes: the lease is a write on the writer (docs/application-contract.md), so a failover or switchover moves them with the writer, and a demoted region\'s holder loses its lease at its next renewal.',
    );
  }
  if (otherRegions.length > 0) out.push(`Other regions (${otherRegions.join(', ')}) are not touched by this runbook.`);
  if (ctx.setAccount.length > 0) out.push('Commands use `$ACCOUNT_ID`, set by the first operator step; run them from the repository root after `npx cdktf synth`.');
  return out;
}

/**
 * The shard sets the region holds, by the name its clusters carry: every group, or under residency zones the
 * partitions of the region's zone (`<group>-<location>`) and the groups that are not partitioned.
 */
function shardSetsIn(plan: CapacityPlan, region: string): { group: string; shards: number[] }[] {
  const residency = plan.residency;
  // A member of the shared cluster has clusters for its later shards only; the shared cluster is a set of its own.
  if (!residency) return Object.entries(plan.databases).map(([group, db]) => ({ group, shards: ownShards(db) })).filter((set) => set.shards.length > 0);
  const partitioned = new Set(Object.values(residency.partitions).map((p) => p.group));
  return Object.entries(plan.databases).flatMap(([group, db]) =>
    partitioned.has(group)
      ? Object.values(residency.partitions)
          .filter((p) => p.group === group && p.regions[0] === region)
          .map((p) => ({ group: p.name, shards: ownShards(p.database) }))
      : [{ group, shards: ownShards(db) }],
  );
}

/** Under residency zones: which zone the outage hits, and that the other zones fail over alike inside themselves. */
function zoneNote(plan: CapacityPlan, region: string): string {
  const zones = plan.residency?.zones ?? [];
  const zone = zones.find((z) => z.regions.includes(region));
  if (!zone) return '';
  const others = zones.filter((z) => z !== zone).map((z) => `${z.name} (${z.regions.join(' → ')})`);
  return ` (zone ${zone.name}${others.length > 0 ? `; the other zones fail over alike inside themselves: ${others.join(', ')}` : ''})`;
}
