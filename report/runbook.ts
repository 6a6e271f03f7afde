import markdownTable from 'markdown-table';
import { CapacityPlan, DrPosture } from '../capacity/types';
import { globalDatastoreIdParameterName } from '../foundation/global-datastore';
import { physicalName, regionCode, shardNumber } from '../foundation/naming';
import { formatMinutes } from './format';
import {
  attachmentsBucketPrefix,
  autoscalingGroupName,
  backupRoleName,
  clusterArn,
  clusterId,
  databaseNetworkName,
  failoverInstanceId,
  globalClusterId,
  globalStackName,
  partitionOfRegion,
  planRegions,
  regionalStackName,
  vaultName,
} from './names';

/**
 * The failover runbook of a capacity plan: what happens by itself and what an operator runs, step by
 * step, when the primary region is lost, with each step's share of the RTO budget; and how to fail
 * back. Pure data (JSON-serialisable, deterministic), rendered by {@link renderRunbookMarkdown} and
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

const DNS_TEXT = `${DNS_FAILOVER.failureThreshold} failed checks ${DNS_FAILOVER.requestIntervalSeconds} s apart plus the ${DNS_FAILOVER.ttlSeconds} s TTL`;

/** Everything the step builders need, derived once from the plan. */
interface Context {
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

/**
 * The failover runbook of a plan for a regional outage of its primary region (`dr.servingRegions[0]`).
 * With one region (backup-restore without a second region) it covers losing the databases in place.
 *
 * @throws Error when the plan names no serving region, or when a posture that replicates to a second
 * region (pilot-light, warm-standby, active-active) has only one.
 */
/**
 * The shard sets the region holds, by the name its clusters carry: every group, or under residency zones the
 * partitions of the region's zone (`<group>-<location>`) and the groups that are not partitioned.
 */
function shardSetsIn(plan: CapacityPlan, region: string): { group: string; shards: number }[] {
  const residency = plan.residency;
  if (!residency) return Object.entries(plan.databases).map(([group, db]) => ({ group, shards: db.shards }));
  const partitioned = new Set(Object.values(residency.partitions).map((p) => p.group));
  return Object.entries(plan.databases).flatMap(([group, db]) =>
    partitioned.has(group)
      ? Object.values(residency.partitions)
          .filter((p) => p.group === group && p.regions[0] === region)
          .map((p) => ({ group: p.name, shards: p.database.shards }))
      : [{ group, shards: db.shards }],
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
  const shards = shardSetsIn(plan, regions.primary).flatMap(({ group, shards: count }) => Array.from({ length: count }, (_, i) => ({ group, shard: i + 1 })));
  const ctx: Context = {
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

// ---------------------------------------------------------------------------------------------
// Step builders

function step(actor: RunbookActor, title: string, budgetMinutes: number, explanation: string, commands: readonly string[] = [], timing: RunbookTiming = 'sequential'): RunbookStep {
  return { actor, title, timing, budgetMinutes: timing === 'sequential' ? budgetMinutes : 0, commands: [...commands], explanation };
}

const tfAddress = (...parts: ReadonlyArray<string | number>) => parts.map(String).join('_').replace(/[^a-z0-9]+/gi, '_').toLowerCase();

/** `(cd cdktf.out/stacks/<stack> && terraform init && terraform plan -out=tfplan && terraform apply tfplan)`, in a subshell. */
function applyStack(stack: string, targets: readonly string[] = []): string {
  const target = targets.map((t) => ` -target=${t}`).join('');
  return `(cd cdktf.out/stacks/${stack} && terraform init && terraform plan${target} -out=tfplan && terraform apply tfplan)`;
}

function promoteComment(ctx: Context): string {
  return `# environments/${ctx.env}.yaml: make ${ctx.recovery} regions.primary and list ${ctx.primary} under regions.secondaries, then synthesize`;
}

function fleetGroups(ctx: Context, region: string): Array<{ module: string; name: string; min: number; desired: number; max: number }> {
  // Singleton modules are started and stopped with the singleton parts, never scaled.
  return Object.entries(ctx.plan.fleets)
    .filter(([, fleet]) => !fleet.singleton)
    .map(([module, fleet]) => ({
    module,
    name: autoscalingGroupName(ctx.env, region, module),
    min: fleet.minSize,
    desired: fleet.desiredSize,
    max: fleet.maxSize,
  }));
}

/** Groups that run exactly once: singleton parts, and modules that are singletons themselves (e.g. a websocket server). */
function singletonGroups(ctx: Context, region: string): string[] {
  return Object.entries(ctx.plan.fleets).flatMap(([module, fleet]) => [
    ...(fleet.singleton ? [autoscalingGroupName(ctx.env, region, module)] : []),
    ...fleet.singletons.map((part) => autoscalingGroupName(ctx.env, region, module, part)),
  ]);
}

function setSize(region: string, name: string, min: number, desired: number, max: number): string {
  return `aws autoscaling update-auto-scaling-group --region ${region} --auto-scaling-group-name ${name} --min-size ${min} --max-size ${max} --desired-capacity ${desired}`;
}

/** One command for one name, else a `for` loop over the names (`$<variable>` in the body). */
function forEach(variable: string, names: readonly string[], body: (name: string) => string): string[] {
  if (names.length === 0) return [];
  if (names.length === 1) return [body(names[0]!)];
  return [`for ${variable} in ${names.join(' ')}; do ${body(`"$${variable}"`)}; done`];
}

/** Sets groups to one size: a loop over the names. */
function setSizes(region: string, names: readonly string[], min: number, desired: number, max: number): string[] {
  return forEach('asg', names, (name) => setSize(region, name, min, desired, max));
}

/** Fleets of `region` at the primary's sizes (business-hours desired), one loop per distinct size. */
function scaleFleetsUp(ctx: Context, region: string): string[] {
  const bySize = new Map<string, { min: number; desired: number; max: number; names: string[] }>();
  for (const g of fleetGroups(ctx, region)) {
    const key = `${g.min}/${g.desired}/${g.max}`;
    const entry = bySize.get(key) ?? { min: g.min, desired: g.desired, max: g.max, names: [] };
    entry.names.push(g.name);
    bySize.set(key, entry);
  }
  return [...bySize.values()].flatMap((e) => setSizes(region, e.names, e.min, e.desired, e.max));
}

function scaleFleetsToZero(ctx: Context, region: string): string[] {
  return setSizes(region, [...fleetGroups(ctx, region).map((g) => g.name), ...singletonGroups(ctx, region)], 0, 0, 0);
}

function startSingletons(ctx: Context, region: string): string[] {
  return setSizes(region, singletonGroups(ctx, region), 1, 1, 1);
}

function stopSingletons(ctx: Context, region: string): string[] {
  return setSizes(region, singletonGroups(ctx, region), 0, 0, 0);
}

function checkFleets(ctx: Context, region: string): string {
  const names = [...fleetGroups(ctx, region).map((g) => g.name), ...singletonGroups(ctx, region)].join(' ');
  return `aws autoscaling describe-auto-scaling-groups --region ${region} --auto-scaling-group-names ${names} --query "AutoScalingGroups[].[AutoScalingGroupName,DesiredCapacity,length(Instances[?LifecycleState=='InService'])]" --output table`;
}

function describeGlobal(ctx: Context, region: string): string[] {
  return forEach(
    'id',
    ctx.clusters.map((c) => c.globalClusterIdentifier),
    (id) => `aws rds describe-global-clusters --region ${region} --global-cluster-identifier ${id} --query "GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter]" --output text`,
  );
}

function waitClusters(region: string, identifiers: readonly string[]): string[] {
  return forEach('id', identifiers, (id) => `aws rds wait db-cluster-available --region ${region} --db-cluster-identifier ${id}`);
}

function failoverCommands(ctx: Context): string[] {
  return [
    ...ctx.clusters.map(
      (c) =>
        `aws rds failover-global-cluster --region ${ctx.recovery} --global-cluster-identifier ${c.globalClusterIdentifier} --target-db-cluster-identifier ${clusterArn(ctx.recovery, ctx.account, c.recoveryClusterIdentifier)} --allow-data-loss`,
    ),
    ...waitClusters(ctx.recovery, ctx.clusters.map((c) => c.recoveryClusterIdentifier)),
  ];
}

function failoverExplanation(ctx: Context): string {
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

function declareStep(ctx: Context, minutes: number): RunbookStep {
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

function dnsStep(ctx: Context, title: string, explanation: string): RunbookStep {
  return step('automatic', title, DNS_FAILOVER_MINUTES, `Route 53 declares ${ctx.primary} unhealthy after ${DNS_TEXT}. ${explanation}`);
}

function holdStep(ctx: Context): RunbookStep {
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

function warmStandby(ctx: Context): RunbookStep[] {
  return [
    dnsStep(
      ctx,
      `Route 53 fails over to ${ctx.recovery}`,
      `The failover record then answers with ${ctx.recovery}'s load balancer, whose fleets already run one instance per module. Reads work; writes fail until step 3.`,
    ),
    declareStep(ctx, 2),
    step('operator', `Fail over each global cluster to ${ctx.recovery}`, 10, failoverExplanation(ctx), failoverCommands(ctx)),
    ...cacheSteps(ctx),
    step(
      'operator',
      `Scale ${ctx.recovery}'s fleets to the primary's sizes`,
      0,
      `Run while the databases fail over. Target tracking would scale out on load anyway; setting the primary's min / desired / max at once saves the minutes of scaling steps. ` +
        `Sizes are today's business-hours need (desired) up to the horizon's peak (max).`,
      scaleFleetsUp(ctx, ctx.recovery),
      'parallel',
    ),
    step(
      'operator',
      `Start the singletons in ${ctx.recovery} and verify`,
      1,
      `Singleton parts (schedulers, timers) run once, in the primary region only (elsewhere they wait at zero); start them now that ${ctx.recovery} holds the writers. ` +
        'Then check that each global cluster\'s writer is in ' +
        `${ctx.recovery} and that the fleets have their instances in service.`,
      [...startSingletons(ctx, ctx.recovery), ...describeGlobal(ctx, ctx.recovery), checkFleets(ctx, ctx.recovery)],
    ),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

/**
 * Warm standby keeps the cache in an ElastiCache Global Datastore: its secondary in the recovery region is read-only
 * until promoted. Run beside the databases' failover.
 */
function cacheSteps(ctx: Context): RunbookStep[] {
  if (ctx.plan.sharedServices?.cache?.standby !== 'replica') return [];
  const group = physicalName(ctx.env, ctx.recovery, 'cache');
  const parameter = globalDatastoreIdParameterName(physicalName(ctx.env, 'cache'));
  return [
    step(
      'operator',
      `Promote the cache's Global Datastore secondary ${group} to primary`,
      0,
      `Run while the databases fail over. ${group} holds the sessions and queued work replicated from ${ctx.primary} (typically under a second behind) but is read-only until promoted: ` +
        'modules that write to the cache fail until then. The datastore\'s id is the one the primary published in this region. ' +
        `If ${ctx.primary} does not answer the promotion, detach the secondary instead, which makes it a standalone writable group: ` +
        `\`aws elasticache disassociate-global-replication-group --region ${ctx.recovery} --global-replication-group-id "$CACHE_GLOBAL_ID" --replication-group-id ${group} --replication-group-region ${ctx.recovery}\`; ` +
        `a detached group no longer matches ${ctx.stacks.recovery} (its global_replication_group_id forces replacement), so at fail-back rebuild the datastore before applying that stack. ` +
        'Terraform does not fight a promotion: the global group ignores changes to `primary_replication_group_id`.',
      [
        `export CACHE_GLOBAL_ID=$(aws ssm get-parameter --region ${ctx.recovery} --name ${parameter} --query Parameter.Value --output text)`,
        `aws elasticache failover-global-replication-group --region ${ctx.recovery} --global-replication-group-id "$CACHE_GLOBAL_ID" --primary-region ${ctx.recovery} --primary-replication-group-id ${group}`,
      ],
      'parallel',
    ),
  ];
}

/** A standby search domain is empty: the index is rebuilt from the promoted database once writes work there. */
function searchSteps(ctx: Context): RunbookStep[] {
  if (ctx.plan.sharedServices?.search?.standby !== 'full') return [];
  const domain = physicalName(ctx.env, regionCode(ctx.recovery), 'search');
  return [
    step(
      'operator',
      `Rebuild the search index on ${domain} from the promoted database`,
      0,
      `${domain} stands by empty: no search data is copied between regions. Once ${ctx.recovery}'s databases take writes, start the product's full re-index on one instance ` +
        '(Zammad: `zammad run rake zammad:searchindex:rebuild`; Jira Service Management: a full re-index under Administration > System > Indexing). ' +
        'Everything but search works meanwhile; search results are incomplete until the re-index finishes (it reads every ticket, knowledge article and configuration item once).',
      [],
      'after-recovery',
    ),
  ];
}

function pilotLight(ctx: Context): RunbookStep[] {
  const writers = ctx.shards.map(({ group, shard }) => {
    const db = ctx.plan.databases[group]!;
    return `aws rds create-db-instance --region ${ctx.recovery} --db-cluster-identifier ${clusterId(ctx.env, ctx.recovery, group, shard)} --db-instance-identifier ${failoverInstanceId(ctx.env, ctx.recovery, group, shard)} --db-instance-class ${db.instanceClass} --engine ${db.engine}`;
  });
  const waits = forEach(
    'id',
    ctx.shards.map(({ group, shard }) => failoverInstanceId(ctx.env, ctx.recovery, group, shard)),
    (id) => `aws rds wait db-instance-available --region ${ctx.recovery} --db-instance-identifier ${id}`,
  );
  return [
    dnsStep(
      ctx,
      `Route 53 fails over to ${ctx.recovery}`,
      `The failover record then answers with ${ctx.recovery}'s load balancer, but its fleets are at zero and its clusters have no instances: users see errors until step 5.`,
    ),
    declareStep(ctx, 3),
    step(
      'operator',
      `Add a writer to each of ${ctx.recovery}'s clusters and scale its fleets from zero`,
      20,
      `In pilot light ${ctx.recovery}'s clusters are headless (storage only) and its fleets are at zero. Start all instances and all fleets at once; ` +
        'instances take the longest (about 10 to 15 minutes). The instances are named `<cluster>-failover`, a name no stack uses: Terraform does not manage them, and fail-back deletes them. ' +
        `The CLI is used rather than a \`terraform apply\` of ${ctx.stacks.recovery}: that stack describes a standby, and promoting it in code moves the global clusters between stacks (see step 7).`,
      [...scaleFleetsUp(ctx, ctx.recovery), ...writers, ...waits],
    ),
    step('operator', `Fail over each global cluster to ${ctx.recovery}`, 10, failoverExplanation(ctx), failoverCommands(ctx)),
    step(
      'automatic',
      `${ctx.recovery}'s targets pass health checks; traffic flows`,
      5,
      `The load balancer's target groups mark the new instances healthy, then Route 53's check of ${ctx.recovery} passes and resolvers get its load balancer (up to the ${DNS_FAILOVER.ttlSeconds} s TTL).`,
    ),
    step(
      'operator',
      `Start the singletons in ${ctx.recovery} and verify`,
      5,
      `Singleton parts (schedulers, timers) run once, in the primary region only; start them now that ${ctx.recovery} holds the writers. Then check writers and fleets.`,
      [...startSingletons(ctx, ctx.recovery), ...describeGlobal(ctx, ctx.recovery), checkFleets(ctx, ctx.recovery)],
    ),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

function activeActive(ctx: Context): RunbookStep[] {
  return [
    dnsStep(
      ctx,
      `Route 53 latency records drop ${ctx.primary}`,
      `Every other region already serves and is sized for the whole load, so users are answered at once. Reads work everywhere; writes, forwarded to the global writer in ${ctx.primary}, fail until step 2.`,
    ),
    step(
      'operator',
      `Fail over each global cluster to ${ctx.recovery}`,
      3,
      `${failoverExplanation(ctx)} Pre-authorised: the on-call engineer fails over as soon as ${ctx.primary}'s health check alarms, without waiting for a decision.`,
      [...ctx.setAccount, ...failoverCommands(ctx)],
    ),
    step(
      'operator',
      `Start the singletons in ${ctx.recovery}`,
      0,
      `Singleton parts (schedulers, timers) run once, in the primary region only; start them in ${ctx.recovery} while the databases fail over (they wait for the writer).`,
      startSingletons(ctx, ctx.recovery),
      'parallel',
    ),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

/**
 * Commands that pick the latest completed recovery point of each shard of `sourceRegion` in
 * `vaultRegion`'s vault, into the shell variables `RP_<group>_<nn>`.
 */
function recoveryPointCommands(ctx: Context, vaultRegion: string, sourceRegion: string): string[] {
  const vault = vaultName(ctx.env, vaultRegion);
  return ctx.shards.map(
    ({ group, shard }) =>
      `export ${rpVariable(group, shard)}=$(aws backup list-recovery-points-by-backup-vault --region ${vaultRegion} --backup-vault-name ${vault} --by-resource-arn ${clusterArn(sourceRegion, ctx.account, clusterId(ctx.env, sourceRegion, group, shard))} --query "max_by(RecoveryPoints[?Status=='COMPLETED'], &CreationDate).RecoveryPointArn" --output text)`,
  );
}

function rpVariable(group: string, shard: number): string {
  return `RP_${tfAddress(group)}_${shardNumber(shard)}`;
}

function backupRoleArn(ctx: Context, region: string): string {
  return `arn:${partitionOfRegion(region)}:iam::${ctx.account}:role/${backupRoleName(ctx.env, region)}`;
}

/** One restore job per shard into `region` (the stack's names, keys and subnets), then a wait per cluster. */
function restoreCommands(ctx: Context, region: string): string[] {
  const partition = partitionOfRegion(region);
  const starts = ctx.shards.map(({ group, shard }) => {
    const engine = ctx.plan.databases[group]!.engine;
    const network = databaseNetworkName(ctx.env, region, group);
    const key = `arn:${partition}:kms:${region}:${ctx.account}:alias/${network}`;
    return `aws backup start-restore-job --region ${region} --recovery-point-arn "$${rpVariable(group, shard)}" --iam-role-arn ${backupRoleArn(ctx, region)} --metadata DBClusterIdentifier=${clusterId(ctx.env, region, group, shard)},Engine=${engine},DBSubnetGroupName=${network},KmsKeyId=${key}`;
  });
  return [...starts, ...waitClusters(region, ctx.shards.map(({ group, shard }) => clusterId(ctx.env, region, group, shard)))];
}

/** Renames each shard's cluster in `region` to `<name>-<suffix>`, so that a restore can take its name. */
function moveAside(ctx: Context, region: string, suffix: string): string[] {
  return forEach(
    'id',
    ctx.shards.map(({ group, shard }) => clusterId(ctx.env, region, group, shard)),
    (id) => `aws rds modify-db-cluster --region ${region} --db-cluster-identifier ${id} --new-db-cluster-identifier ${id}-${suffix} --apply-immediately`,
  );
}

function restoreInRecoveryRegion(ctx: Context): RunbookStep[] {
  const vault = vaultName(ctx.env, ctx.recovery);
  const groups = Object.keys(ctx.plan.databases);
  const targets = groups.flatMap((group) => [`aws_db_subnet_group.${tfAddress(group)}`, `aws_kms_alias.${tfAddress(group, 'db')}`]);
  const imports = ctx.shards.map(
    ({ group, shard }) => `terraform import aws_rds_cluster.${tfAddress(group, 'shard', shardNumber(shard))} ${clusterId(ctx.env, ctx.recovery, group, shard)}`,
  );
  return [
    step(
      'operator',
      `Declare the disaster and pick the recovery points in ${vault}`,
      10,
      `Backup & restore has no automatic failover: confirm that ${ctx.primary} is lost for longer than a restore takes, declare, and pick each shard's latest completed recovery point among the copies in ${ctx.recovery}'s vault.`,
      [...ctx.setAccount, ...recoveryPointCommands(ctx, ctx.recovery, ctx.primary)],
    ),
    step(
      'operator',
      `Create the database network in ${ctx.recovery}`,
      10,
      `In backup & restore ${ctx.recovery} holds only the network, the vault and the replicated attachments. Synthesize with ${ctx.recovery} promoted and apply only each group's subnet group and KMS key: the restores need them, and a full apply now would create empty clusters under the names the restores take.`,
      [promoteComment(ctx), 'npx cdktf synth', applyStack(ctx.stacks.recovery, targets)],
    ),
    step(
      'operator',
      `Restore each shard from ${vault}`,
      100,
      `Starts one restore job per shard, all at once, under the names ${ctx.stacks.recovery} gives its clusters and with its keys, in its isolated subnets. Security groups, parameter groups and instances follow in step 4. ` +
        'Large shards take longest: the 120 min restore budget (step 1 to 3) holds for shards within the shard size limit.',
      restoreCommands(ctx, ctx.recovery),
    ),
    step(
      'operator',
      `Apply ${ctx.stacks.recovery}`,
      60,
      `Imports the restored clusters into ${ctx.stacks.recovery}'s state (its state lives in ${ctx.recovery}'s bucket), then applies the rest: instances, security groups, load balancer, fleets and singletons. ` +
        'The plan must show the clusters updated in place, never replaced.',
      [`(cd cdktf.out/stacks/${ctx.stacks.recovery} && terraform init && ${imports.join(' && ')})`, applyStack(ctx.stacks.recovery)],
    ),
    step(
      'operator',
      'Verify the data and the service',
      30,
      `Check the fleets and the newest rows per shard against the recovery points' times; attachments were replicated to ${attachmentsBucketPrefix(ctx.env, ctx.recovery)}-<account> continuously, so they may be newer than the databases.`,
      [checkFleets(ctx, ctx.recovery)],
    ),
    step(
      'operator',
      `Switch DNS to ${ctx.recovery}`,
      30,
      `${ctx.stacks.global} routes the apex to ${ctx.primary}'s endpoint until the environment is changed, so change the apex alias directly to ${ctx.recovery}'s endpoint name (the stack's next plan shows the change back, which fail-back applies). ` +
        'Route 53\'s control plane runs in us-east-1: if that is the failed region, record changes may fail until it recovers; a failover record with a health check, set up beforehand, needs no change.',
      [
        `export DOMAIN=$(node -p "require('yaml').parse(require('fs').readFileSync('environments/${ctx.env}.yaml', 'utf8')).dns.domain")`,
        `export HOSTED_ZONE_ID=$(node -p "require('yaml').parse(require('fs').readFileSync('environments/${ctx.env}.yaml', 'utf8')).dns.hostedZoneId")`,
        `aws route53 change-resource-record-sets --hosted-zone-id "$HOSTED_ZONE_ID" --change-batch "$(printf '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"%s","Type":"A","AliasTarget":{"HostedZoneId":"%s","DNSName":"${ctx.recovery}.%s","EvaluateTargetHealth":true}}}]}' "$DOMAIN" "$HOSTED_ZONE_ID" "$DOMAIN")"`,
      ],
    ),
  ];
}

function restoreInPlace(ctx: Context): RunbookStep[] {
  const region = ctx.primary;
  const vault = vaultName(ctx.env, region);
  const aside = moveAside(ctx, region, 'damaged');
  return [
    step(
      'operator',
      `Declare the incident and pick the recovery points in ${vault}`,
      10,
      `With one region this runbook recovers from losing the databases (corruption, a bad migration, deleted data), not from losing ${region}: a regional outage waits for the region. ` +
        'Pick each shard\'s recovery point (the latest completed one, or the last one before the damage).',
      [...ctx.setAccount, ...recoveryPointCommands(ctx, region, region)],
    ),
    step(
      'operator',
      'Move the damaged clusters aside',
      10,
      `Renames each damaged cluster to \`<name>-damaged\` so that the restore can take the name ${ctx.stacks.primary} gives it; the damaged clusters stay (deletion protection) until their data is no longer needed.`,
      aside,
    ),
    step('operator', `Restore each shard from ${vault}`, 100, 'Starts one restore job per shard, all at once, under the stack\'s names, keys and subnets.', restoreCommands(ctx, region)),
    step(
      'operator',
      `Apply ${ctx.stacks.primary}`,
      60,
      'Terraform finds the restored clusters under the names in its state and updates them in place (security groups, parameter groups); the instances move to the restored clusters, which the plan shows as replacements of the aws_rds_cluster_instance resources only.',
      [applyStack(ctx.stacks.primary)],
    ),
    step('operator', 'Verify the data and the service', 30, 'Check the fleets and the newest rows per shard against the recovery points\' times.', [checkFleets(ctx, region)]),
    step('operator', 'Reopen', 30, `DNS is unchanged: ${region}'s load balancer kept its name. Announce the data loss window (since the recovery points) and reopen.`),
  ];
}

// ---------------------------------------------------------------------------------------------
// Fail-back

function failbackReplicated(ctx: Context): RunbookStep[] {
  const switchovers = ctx.clusters.map(
    (c) =>
      `aws rds switchover-global-cluster --region ${ctx.primary} --global-cluster-identifier ${c.globalClusterIdentifier} --target-db-cluster-identifier ${clusterArn(ctx.primary, ctx.account, c.primaryClusterIdentifier)}`,
  );
  const waits = waitClusters(ctx.primary, ctx.clusters.map((c) => c.primaryClusterIdentifier));
  return [
    step(
      'operator',
      `Keep traffic in ${ctx.recovery} while ${ctx.primary} comes back`,
      5,
      `As soon as ${ctx.primary}'s health check passes again, Route 53 would send traffic back to it, where the clusters are now read-only secondaries. ` +
        `Scale ${ctx.primary}'s fleets and singletons to zero first, so that its health check keeps failing until step 4.`,
      [...ctx.setAccount, ...scaleFleetsToZero(ctx, ctx.primary)],
    ),
    step(
      'operator',
      `Check that ${ctx.primary}'s clusters rejoined as secondaries`,
      10,
      `After an unplanned failover Aurora adds the old primary clusters back to their global clusters as secondaries once ${ctx.primary} recovers. ` +
        `Each global cluster must list ${ctx.primary}'s cluster again, not as writer, and the AuroraGlobalDBReplicationLag metric in ${ctx.primary} must be back under a second. ` +
        'A cluster that does not rejoin holds the writes that never replicated: keep it, and recover it by hand (AWS: "Recovering an Amazon Aurora global database from an unplanned outage").',
      describeGlobal(ctx, ctx.primary),
    ),
    step(
      'operator',
      `Switch each global cluster back to ${ctx.primary} (planned, no data loss)`,
      10,
      `Stop the singletons in ${ctx.recovery} first (they write), then switch over: Aurora waits until ${ctx.primary} has every write, so nothing is lost; writes pause for a minute or two.`,
      [...stopSingletons(ctx, ctx.recovery), ...switchovers, ...waits],
    ),
    step(
      'operator',
      `Re-apply ${ctx.stacks.primary}`,
      15,
      `Synthesize from the unchanged environment and apply: fleets and singletons come back to the plan's sizes, then Route 53's check of ${ctx.primary} passes and the records send traffic back. ` +
        'Terraform does not fight the switchover: the clusters ignore changes to `global_cluster_identifier` and `replication_source_identifier`.',
      ['npx cdktf synth', applyStack(ctx.stacks.primary)],
    ),
    step(
      'operator',
      `Return ${ctx.recovery} to its normal role`,
      10,
      ctx.plan.dr.posture === 'active-active'
        ? `Applies ${ctx.stacks.recovery} as planned: it serves again with write forwarding, and its singletons stay at zero.`
        : ctx.plan.dr.posture === 'pilot-light'
          ? `Applies ${ctx.stacks.recovery} as planned (fleets back to zero, singletons at zero) and deletes the \`-failover\` instances added by hand: Terraform does not know them, and the clusters go back to headless.`
          : `Applies ${ctx.stacks.recovery} as planned: fleets back to one instance per module, singletons at zero.`,
      [
        applyStack(ctx.stacks.recovery),
        ...(ctx.plan.dr.posture === 'pilot-light'
          ? forEach(
              'id',
              ctx.shards.map(({ group, shard }) => failoverInstanceId(ctx.env, ctx.recovery, group, shard)),
              (id) => `aws rds delete-db-instance --region ${ctx.recovery} --db-instance-identifier ${id}`,
            )
          : []),
      ],
    ),
    step(
      'operator',
      `Check ${ctx.stacks.global}`,
      5,
      'Its plan must show no changes: the records never changed, health checks moved the traffic. Apply only if records must change.',
      [`(cd cdktf.out/stacks/${ctx.stacks.global} && terraform init && terraform plan)`],
    ),
  ];
}

function failbackFromRestore(ctx: Context): RunbookStep[] {
  const region = ctx.recovery;
  const vault = vaultName(ctx.env, region);
  const primaryVaultArn = `arn:${partitionOfRegion(ctx.primary)}:backup:${ctx.primary}:${ctx.account}:backup-vault:${vaultName(ctx.env, ctx.primary)}`;
  const backups = ctx.shards.map(
    ({ group, shard }) =>
      `export BK_${tfAddress(group)}_${shardNumber(shard)}=$(aws backup start-backup-job --region ${region} --backup-vault-name ${vault} --iam-role-arn ${backupRoleArn(ctx, region)} --resource-arn ${clusterArn(region, ctx.account, clusterId(ctx.env, region, group, shard))} --query RecoveryPointArn --output text)`,
  );
  const copies = ctx.shards.map(
    ({ group, shard }) =>
      `aws backup start-copy-job --region ${region} --recovery-point-arn "$BK_${tfAddress(group)}_${shardNumber(shard)}" --source-backup-vault-name ${vault} --destination-backup-vault-arn ${primaryVaultArn} --iam-role-arn ${backupRoleArn(ctx, region)}`,
  );
  const stateRm = ctx.shards.map(({ group, shard }) => {
    const address = tfAddress(group, 'shard', shardNumber(shard));
    return `aws_rds_cluster.${address} aws_cloudwatch_log_group.${address}`;
  });
  const keys = Object.keys(ctx.plan.databases).map((group) => `aws_kms_key.${tfAddress(group, 'db')}`);
  return [
    step(
      'operator',
      `Keep ${ctx.primary} dark and its old clusters untouched`,
      5,
      `${ctx.primary}'s clusters hold the writes made after the last copied recovery point, which the restore lost: keep them until that data has been reviewed. Scale its fleets to zero so that nothing writes to them.`,
      [...ctx.setAccount, ...scaleFleetsToZero(ctx, ctx.primary)],
    ),
    step(
      'operator',
      `In a maintenance window, stop writes in ${region} and copy a fresh backup of each shard to ${ctx.primary}`,
      60,
      `The fail-back is a planned restore in the other direction. Stop the fleets in ${region}, back up each shard on demand and copy the recovery points to ${vaultName(ctx.env, ctx.primary)} (on-demand backups are not copied by the plan's copy rule). Start the copies once the backup jobs are COMPLETED.`,
      [...scaleFleetsToZero(ctx, region), ...backups, `aws backup list-backup-jobs --region ${region} --by-state RUNNING --query "BackupJobs[].ResourceArn"`, ...copies],
    ),
    step(
      'operator',
      `Restore each shard in ${ctx.primary}`,
      120,
      `Moves the old clusters aside (\`-stale\`, kept until their data is reviewed) and restores the copies under ${ctx.stacks.primary}'s names, keys and subnets, which still exist there.`,
      [...moveAside(ctx, ctx.primary, 'stale'), ...recoveryPointCommands(ctx, ctx.primary, region), ...restoreCommands(ctx, ctx.primary)],
    ),
    step(
      'operator',
      `Re-apply ${ctx.stacks.primary} and switch DNS back`,
      40,
      `Undo the promotion in environments/${ctx.env}.yaml, synthesize, apply ${ctx.stacks.primary} (its instances move to the restored clusters), then ${ctx.stacks.global}: it points the apex record back at ${ctx.primary}.`,
      ['npx cdktf synth', applyStack(ctx.stacks.primary), applyStack(ctx.stacks.global)],
    ),
    step(
      'operator',
      `Return ${region} to backups only`,
      15,
      `Terraform refuses to destroy what carries prevent_destroy (the restored clusters, their log groups and keys): remove them from ${ctx.stacks.recovery}'s state, apply, and delete them by hand once the data is verified in ${ctx.primary} (turn deletion protection off first).`,
      [`(cd cdktf.out/stacks/${ctx.stacks.recovery} && terraform init && terraform state rm ${[...stateRm, ...keys].join(' ')})`, applyStack(ctx.stacks.recovery)],
    ),
  ];
}

function failbackInPlace(ctx: Context): RunbookStep[] {
  const region = ctx.primary;
  return [
    step(
      'operator',
      'Delete the damaged clusters once their data is no longer needed',
      15,
      'Service never left the region, so there is nothing to fail back. The `-damaged` clusters are outside Terraform and keep deletion protection; delete each one with a final snapshot when the incident review is done.',
      forEach(
        'id',
        ctx.shards.map(({ group, shard }) => `${clusterId(ctx.env, region, group, shard)}-damaged`),
        (id) =>
          `aws rds modify-db-cluster --region ${region} --db-cluster-identifier ${id} --no-deletion-protection --apply-immediately && aws rds delete-db-cluster --region ${region} --db-cluster-identifier ${id} --final-db-snapshot-identifier ${id}-final`,
      ),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// RPO and notes

function rpo(ctx: Context, otherStandbys: readonly string[]): RunbookRpo {
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

function notes(ctx: Context, otherRegions: readonly string[]): string[] {
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
  if (otherRegions.length > 0) out.push(`Other regions (${otherRegions.join(', ')}) are not touched by this runbook.`);
  if (ctx.setAccount.length > 0) out.push('Commands use `$ACCOUNT_ID`, set by the first operator step; run them from the repository root after `npx cdktf synth`.');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Renders a runbook as GitHub-flavoured Markdown without a heading of its own (the caller adds one):
 * a summary, a table of the fail-over steps with budgets and elapsed time, each step with its
 * explanation and commands (folded in a `<details>` block, so that a pull-request comment stays
 * short), the RPO, the fail-back steps and notes. Deterministic.
 */
export function renderRunbookMarkdown(runbook: Runbook): string {
  const t = runbook.totals;
  const inPlace = runbook.recoveryRegion === runbook.primaryRegion;
  const lines: string[] = [
    `Event: **${runbook.event}**, posture **${runbook.posture}**; ${inPlace ? 'service is restored in' : 'service moves to'} \`${runbook.recoveryRegion}\`. ` +
      `Stacks: \`${runbook.stacks.primary}\`${runbook.stacks.recovery !== runbook.stacks.primary ? `, \`${runbook.stacks.recovery}\`` : ''}, \`${runbook.stacks.global}\`.`,
    '',
    `Budget: **${formatMinutes(t.failoverMinutes)}** until service is back (${formatMinutes(t.automaticMinutes)} automatic, ${formatMinutes(t.operatorMinutes)} operator), ` +
      `within the posture's RTO of ${formatMinutes(t.achievableRtoMinutes)} (required: ${formatMinutes(t.requiredRtoMinutes)}).`,
    '',
    stepTable(runbook.failover, true),
    '',
    ...collapsed('Fail-over steps with commands', runbook.failover),
    `**RPO:** ${formatMinutes(runbook.rpo.achievableMinutes)} (required: ${formatMinutes(runbook.rpo.requiredMinutes)}).`,
    '',
    ...runbook.rpo.evidence.map((line) => `- ${line}`),
    '',
    inPlace
      ? `**After recovery** (about ${formatMinutes(t.failbackMinutes)}):`
      : `**Fail back** once \`${runbook.primaryRegion}\` is healthy (planned; about ${formatMinutes(t.failbackMinutes)}):`,
    '',
    stepTable(runbook.failback, false),
    '',
    ...collapsed('Fail-back steps with commands', runbook.failback),
    '**Notes:**',
    '',
    ...runbook.notes.map((line) => `- ${line}`),
  ];
  return lines.join('\n');
}

function timingText(s: RunbookStep, index: number): string {
  if (s.timing === 'parallel') return `during step ${index - 1}`;
  if (s.timing === 'after-recovery') return 'after recovery';
  return formatMinutes(s.budgetMinutes);
}

function stepTable(steps: readonly RunbookStep[], elapsed: boolean): string {
  let clock = 0;
  const rows = steps.map((s, i) => {
    clock += s.budgetMinutes;
    const row = [String(i + 1), s.actor, s.title, timingText(s, i + 1)];
    return elapsed ? [...row, s.timing === 'after-recovery' ? '—' : formatMinutes(clock)] : row;
  });
  const header = ['#', 'Who', 'Step', elapsed ? 'Budget' : 'Time', ...(elapsed ? ['Elapsed'] : [])];
  const align = ['r', 'l', 'l', 'r', ...(elapsed ? ['r'] : [])];
  return markdownTable([header, ...rows].map((row) => row.map(escapeCell)), { align });
}

/** Step details in a `<details>` block; GitHub renders Markdown inside it after a blank line. */
function collapsed(summary: string, steps: readonly RunbookStep[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...steps.flatMap((s, i) => stepDetail(s, i + 1)), '</details>', ''];
}

function stepDetail(s: RunbookStep, index: number): string[] {
  const out = [`${index}. **${s.title}** (${s.actor}, ${timingText(s, index)}). ${s.explanation}`, ''];
  if (s.commands.length > 0) out.push('   ```sh', ...s.commands.map((c) => `   ${c}`), '   ```', '');
  return out;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
