import { ownShards } from '../../capacity/database';
import { logicalId, shardNumber } from '../../foundation/naming';
import { clusterArn, clusterId, failoverInstanceId, partitionOfRegion, vaultName } from '../names';
import { applyStack, backupRoleArn, describeGlobal, forEach, leasedParts, moveAside, recoveryPointCommands, restoreCommands, scaleFleetsToZero, singletonGroups, stopSingletons, waitClusters } from './commands';
import { RunbookContext } from './context';
import { RunbookStep } from './model';
import { step } from './steps';

/** The fail-back steps: back to the primary region once it is healthy (planned), or, with one region, after recovery. */

export function failbackReplicated(ctx: RunbookContext): RunbookStep[] {
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
      `${singletonGroups(ctx, ctx.recovery).length > 0 ? `Stop the singletons in ${ctx.recovery} first (they write), then switch over` : 'Switch over'}: Aurora waits until ${ctx.primary} has every write, so nothing is lost; writes pause for a minute or two.` +
        leaseFailback(ctx),
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

export function failbackFromRestore(ctx: RunbookContext): RunbookStep[] {
  const region = ctx.recovery;
  const vault = vaultName(ctx.env, region);
  const primaryVaultArn = `arn:${partitionOfRegion(ctx.primary)}:backup:${ctx.primary}:${ctx.account}:backup-vault:${vaultName(ctx.env, ctx.primary)}`;
  const backups = ctx.shards.map(
    ({ group, shard }) =>
      `export BK_${logicalId(group)}_${shardNumber(shard)}=$(aws backup start-backup-job --region ${region} --backup-vault-name ${vault} --iam-role-arn ${backupRoleArn(ctx, region)} --resource-arn ${clusterArn(region, ctx.account, clusterId(ctx.env, region, group, shard))} --query RecoveryPointArn --output text)`,
  );
  const copies = ctx.shards.map(
    ({ group, shard }) =>
      `aws backup start-copy-job --region ${region} --recovery-point-arn "$BK_${logicalId(group)}_${shardNumber(shard)}" --source-backup-vault-name ${vault} --destination-backup-vault-arn ${primaryVaultArn} --iam-role-arn ${backupRoleArn(ctx, region)}`,
  );
  const stateRm = ctx.shards.map(({ group, shard }) => {
    const address = logicalId(group, 'shard', shardNumber(shard));
    return `aws_rds_cluster.${address} aws_cloudwatch_log_group.${address}`;
  });
  const keys = Object.keys(ctx.plan.databases)
    .filter((group) => ownShards(ctx.plan.databases[group]!).length > 0)
    .map((group) => `aws_kms_key.${logicalId(group, 'db')}`);
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

export function failbackInPlace(ctx: RunbookContext): RunbookStep[] {
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

/** Singleton parts under a lease follow the writer: nothing to stop. */
function leaseFailback(ctx: RunbookContext): string {
  const parts = leasedParts(ctx);
  return parts.length === 0 ? '' : ` Singleton parts under a lease (${parts.join(', ')}) need no stop: their holders in ${ctx.recovery} lose the leases when the switchover makes the database read-only there, and ${ctx.primary}'s instances take them.`;
}
