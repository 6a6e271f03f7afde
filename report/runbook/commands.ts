import { logicalId, shardNumber } from '../../foundation/naming';
import { autoscalingGroupName, backupRoleName, clusterArn, clusterId, databaseNetworkName, partitionOfRegion, vaultName } from '../names';
import { RunbookContext } from './context';
import { ownGroupParts } from '../../capacity/singletons';

/**
 * The shell commands of the runbook steps (AWS CLI v2, Terraform >= 1.10), built from the names the stacks
 * derive (../names.ts). Strings only: which step runs them, and why, is in ./steps.ts, ./failover.ts and ./failback.ts.
 */


/** `(cd cdktf.out/stacks/<stack> && terraform init && terraform plan -out=tfplan && terraform apply tfplan)`, in a subshell. */
export function applyStack(stack: string, targets: readonly string[] = []): string {
  const target = targets.map((t) => ` -target=${t}`).join('');
  return `(cd cdktf.out/stacks/${stack} && terraform init && terraform plan${target} -out=tfplan && terraform apply tfplan)`;
}

export function promoteComment(ctx: RunbookContext): string {
  return `# environments/${ctx.env}.yaml: make ${ctx.recovery} regions.primary and list ${ctx.primary} under regions.secondaries, then synthesize`;
}

export function fleetGroups(ctx: RunbookContext, region: string): Array<{ module: string; name: string; min: number; desired: number; max: number }> {
  // Singleton modules are started and stopped with the singleton parts, never scaled; modules on the shared fleet scale with it.
  return Object.entries(ctx.plan.fleets)
    .filter(([, fleet]) => !fleet.singleton && fleet.hostedBy === undefined)
    .map(([module, fleet]) => ({
    module,
    name: autoscalingGroupName(ctx.env, region, module),
    min: fleet.minSize,
    desired: fleet.desiredSize,
    max: fleet.maxSize,
  }));
}

/**
 * Groups that run exactly once: singleton parts in groups of their own, and modules that are singletons themselves
 * (e.g. a websocket server). Parts under a lease have no group: they run on their serving fleets.
 */
export function singletonGroups(ctx: RunbookContext, region: string): string[] {
  return Object.entries(ctx.plan.fleets).flatMap(([module, fleet]) => [
    ...(fleet.singleton ? [autoscalingGroupName(ctx.env, region, module)] : []),
    ...ownGroupParts(fleet).map((part) => autoscalingGroupName(ctx.env, region, module, part)),
  ]);
}

/** Singleton parts that run under a lease on their serving fleets (`<module>-<part>`), plan order. */
export function leasedParts(ctx: RunbookContext): string[] {
  return Object.values(ctx.plan.fleets).flatMap((fleet) => fleet.leaseParts ?? []);
}

/** What a failover step says of singleton parts under a lease: nothing to start, the writable database decides. */
export function leaseNote(ctx: RunbookContext): string {
  const parts = leasedParts(ctx);
  if (parts.length === 0) return '';
  return ` Singleton parts under a lease (${parts.join(', ')}) need no start: ${ctx.recovery}'s fleets already run them, and an instance takes each lease once its module's database accepts writes there.`;
}

export function setSize(region: string, name: string, min: number, desired: number, max: number): string {
  return `aws autoscaling update-auto-scaling-group --region ${region} --auto-scaling-group-name ${name} --min-size ${min} --max-size ${max} --desired-capacity ${desired}`;
}

/** One command for one name, else a `for` loop over the names (`$<variable>` in the body). */
export function forEach(variable: string, names: readonly string[], body: (name: string) => string): string[] {
  if (names.length === 0) return [];
  if (names.length === 1) return [body(names[0]!)];
  return [`for ${variable} in ${names.join(' ')}; do ${body(`"$${variable}"`)}; done`];
}

/** Sets groups to one size: a loop over the names. */
export function setSizes(region: string, names: readonly string[], min: number, desired: number, max: number): string[] {
  return forEach('asg', names, (name) => setSize(region, name, min, desired, max));
}

/** Fleets of `region` at the primary's sizes (business-hours desired), one loop per distinct size. */
export function scaleFleetsUp(ctx: RunbookContext, region: string): string[] {
  const bySize = new Map<string, { min: number; desired: number; max: number; names: string[] }>();
  for (const g of fleetGroups(ctx, region)) {
    const key = `${g.min}/${g.desired}/${g.max}`;
    const entry = bySize.get(key) ?? { min: g.min, desired: g.desired, max: g.max, names: [] };
    entry.names.push(g.name);
    bySize.set(key, entry);
  }
  return [...bySize.values()].flatMap((e) => setSizes(region, e.names, e.min, e.desired, e.max));
}

export function scaleFleetsToZero(ctx: RunbookContext, region: string): string[] {
  return setSizes(region, [...fleetGroups(ctx, region).map((g) => g.name), ...singletonGroups(ctx, region)], 0, 0, 0);
}

export function startSingletons(ctx: RunbookContext, region: string): string[] {
  return setSizes(region, singletonGroups(ctx, region), 1, 1, 1);
}

export function stopSingletons(ctx: RunbookContext, region: string): string[] {
  return setSizes(region, singletonGroups(ctx, region), 0, 0, 0);
}

export function checkFleets(ctx: RunbookContext, region: string): string {
  const names = [...fleetGroups(ctx, region).map((g) => g.name), ...singletonGroups(ctx, region)].join(' ');
  return `aws autoscaling describe-auto-scaling-groups --region ${region} --auto-scaling-group-names ${names} --query "AutoScalingGroups[].[AutoScalingGroupName,DesiredCapacity,length(Instances[?LifecycleState=='InService'])]" --output table`;
}

export function describeGlobal(ctx: RunbookContext, region: string): string[] {
  return forEach(
    'id',
    ctx.clusters.map((c) => c.globalClusterIdentifier),
    (id) => `aws rds describe-global-clusters --region ${region} --global-cluster-identifier ${id} --query "GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn,IsWriter]" --output text`,
  );
}

export function waitClusters(region: string, identifiers: readonly string[]): string[] {
  return forEach('id', identifiers, (id) => `aws rds wait db-cluster-available --region ${region} --db-cluster-identifier ${id}`);
}

export function failoverCommands(ctx: RunbookContext): string[] {
  return [
    ...ctx.clusters.map(
      (c) =>
        `aws rds failover-global-cluster --region ${ctx.recovery} --global-cluster-identifier ${c.globalClusterIdentifier} --target-db-cluster-identifier ${clusterArn(ctx.recovery, ctx.account, c.recoveryClusterIdentifier)} --allow-data-loss`,
    ),
    ...waitClusters(ctx.recovery, ctx.clusters.map((c) => c.recoveryClusterIdentifier)),
  ];
}

/**
 * Commands that pick the latest completed recovery point of each shard of `sourceRegion` in
 * `vaultRegion`'s vault, into the shell variables `RP_<group>_<nn>`.
 */
export function recoveryPointCommands(ctx: RunbookContext, vaultRegion: string, sourceRegion: string): string[] {
  const vault = vaultName(ctx.env, vaultRegion);
  return ctx.shards.map(
    ({ group, shard }) =>
      `export ${rpVariable(group, shard)}=$(aws backup list-recovery-points-by-backup-vault --region ${vaultRegion} --backup-vault-name ${vault} --by-resource-arn ${clusterArn(sourceRegion, ctx.account, clusterId(ctx.env, sourceRegion, group, shard))} --query "max_by(RecoveryPoints[?Status=='COMPLETED'], &CreationDate).RecoveryPointArn" --output text)`,
  );
}

export function rpVariable(group: string, shard: number): string {
  return `RP_${logicalId(group)}_${shardNumber(shard)}`;
}

export function backupRoleArn(ctx: RunbookContext, region: string): string {
  return `arn:${partitionOfRegion(region)}:iam::${ctx.account}:role/${backupRoleName(ctx.env, region)}`;
}

/** One restore job per shard into `region` (the stack's names, keys and subnets), then a wait per cluster. */
export function restoreCommands(ctx: RunbookContext, region: string): string[] {
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
export function moveAside(ctx: RunbookContext, region: string, suffix: string): string[] {
  return forEach(
    'id',
    ctx.shards.map(({ group, shard }) => clusterId(ctx.env, region, group, shard)),
    (id) => `aws rds modify-db-cluster --region ${region} --db-cluster-identifier ${id} --new-db-cluster-identifier ${id}-${suffix} --apply-immediately`,
  );
}
