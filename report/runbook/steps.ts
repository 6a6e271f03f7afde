import { formatMinutes } from '../format';
import { describeGlobal } from './commands';
import { RunbookContext } from './context';
import { DNS_FAILOVER, DNS_FAILOVER_MINUTES, RunbookActor, RunbookStep, RunbookTiming } from './model';

/** The steps every posture's fail-over shares: declaring the outage, DNS moving by itself, holding Terraform until fail-back. */

/** How long Route 53 takes to move traffic, in words. */
export const DNS_TEXT = `${DNS_FAILOVER.failureThreshold} failed checks ${DNS_FAILOVER.requestIntervalSeconds} s apart plus the ${DNS_FAILOVER.ttlSeconds} s TTL`;

/** A step; parallel and after-recovery steps take none of the RTO budget. */
export function step(actor: RunbookActor, title: string, budgetMinutes: number, explanation: string, commands: readonly string[] = [], timing: RunbookTiming = 'sequential'): RunbookStep {
  return { actor, title, timing, budgetMinutes: timing === 'sequential' ? budgetMinutes : 0, commands: [...commands], explanation };
}

export function failoverExplanation(ctx: RunbookContext): string {
  const count = ctx.clusters.length;
  return (
    `Promotes ${ctx.recovery}'s cluster of each of the ${count} global ${count === 1 ? 'cluster' : 'clusters'} to writer. ` +
    'Start every failover at once (each call returns immediately), then wait. `--allow-data-loss` is the unplanned failover: ' +
    `writes ${ctx.primary} had not yet replicated are lost (at most the replication lag, ${formatMinutes(ctx.plan.dr.achievableRpoMinutes)} budgeted). ` +
    `For a planned move with both regions healthy (a drill, a regional rotation), use the switchover instead, which loses nothing: ` +
    '`aws rds switchover-global-cluster --global-cluster-identifier <id> --target-db-cluster-identifier <arn>`. ' +
    'Terraform does not fight either: the clusters ignore changes to `global_cluster_identifier` and `replication_source_identifier`.'
  );
}

export function declareStep(ctx: RunbookContext, minutes: number): RunbookStep {
  return step(
    'operator',
    `Declare the regional outage of ${ctx.primary}`,
    minutes,
    `Confirm that ${ctx.primary} is down rather than one module (the Route 53 health-check alarms and the AWS Health Dashboard), ` +
      `declare the incident and check from ${ctx.recovery} that every global cluster still lists ${ctx.recovery}'s cluster as a member. ` +
      `Run everything from here on against ${ctx.recovery}'s endpoints: ${ctx.primary}'s APIs may not answer.`,
    [...ctx.setAccount, ...describeGlobal(ctx, ctx.recovery)],
  );
}

export function dnsStep(ctx: RunbookContext, title: string, explanation: string): RunbookStep {
  return step('automatic', title, DNS_FAILOVER_MINUTES, `Route 53 declares ${ctx.primary} unhealthy after ${DNS_TEXT}. ${explanation}`);
}

export function holdStep(ctx: RunbookContext): RunbookStep {
  return step(
    'operator',
    'Hold Terraform until fail-back',
    0,
    `The changes made by hand stay until fail-back, which re-applies every stack. Until then do not apply ${ctx.stacks.recovery}: it still describes a standby, and its plan would stop the singletons and lower the fleets' minimums ` +
      `(run \`terraform plan\` to see it; its state lives in ${ctx.recovery}'s bucket, so it can be planned during the outage). ` +
      `Do not apply ${ctx.stacks.primary} either: its state lives in ${ctx.primary}'s bucket. ${ctx.stacks.global} keeps its state in ${ctx.recovery}'s bucket and can be planned, but the records need no change: health checks moved the traffic. ` +
      `If ${ctx.recovery} must stay the primary for good, that is a planned change: make it regions.primary in environments/${ctx.env}.yaml, move the aws_rds_global_cluster resources from ${ctx.stacks.primary}'s state to ${ctx.stacks.recovery}'s (terraform import there, terraform state rm in the other), and move ${ctx.stacks.global}'s state to the bucket of the new first secondary region, where the toolkit then expects it.`,
    [`(cd cdktf.out/stacks/${ctx.stacks.recovery} && terraform init && terraform plan)`],
    'after-recovery',
  );
}
