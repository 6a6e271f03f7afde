import { CapacityPlan } from '../capacity/types';
import { globalClusterIdentifier as globalIdentifier, physicalName } from '../foundation/naming';
import { backupVaultName, globalStackName, partitionOfRegion, regionalStackName, shardClusterIdentifier } from '../foundation/resource-names';

export { globalStackName, partitionOfRegion, regionalStackName };

/**
 * Names the runbook and the topology diagram derive from a plan: the names the stacks and constructs
 * create, from the same functions (foundation/naming.ts, foundation/resource-names.ts) applied to the
 * plan's environment and regions. A plan has no account id, so ARNs take it as a parameter. Pure: no
 * cdktf, no I/O.
 */

/** The regions of a plan and the part each plays. */
export interface PlanRegions {
  /** Where the writers are and traffic goes in normal operation: `servingRegions[0]`. */
  readonly primary: string;
  /** Every region, primary first, then the other serving regions, then the standby regions. */
  readonly all: readonly string[];
  /** Regions that serve traffic in normal operation, primary first. */
  readonly serving: readonly string[];
  /** Regions that stand by. */
  readonly standby: readonly string[];
  /**
   * Where service moves when the primary is lost: the first standby region, else the second serving
   * region, else the primary itself (one region: recovery happens in place).
   */
  readonly recovery: string;
  /** The region the primary copies its backups and replicates its attachments to (the first other region), if any. */
  readonly offsite: string | undefined;
}

/** The regions of a plan; throws when it names none. */
export function planRegions(plan: CapacityPlan, caller: string): PlanRegions {
  const serving = [...plan.dr.servingRegions];
  const standby = plan.dr.standbyRegions.filter((r) => !serving.includes(r));
  const primary = serving[0];
  if (primary === undefined) {
    throw new Error(
      `${caller}: the plan of "${plan.environment}" (scenario "${plan.scenario}") has no serving region; dr.servingRegions must name the primary region first.`,
    );
  }
  const all = [...serving, ...standby];
  const offsite = all[1];
  return { primary, all, serving, standby, recovery: standby[0] ?? serving[1] ?? primary, offsite };
}

/** The global cluster of a shard, the same in every region: `<env>-<group>-shard-NN`. */
export function globalClusterId(environment: string, group: string, shard: number): string {
  return globalIdentifier(physicalName(environment, group), shard);
}

/** A shard's regional cluster: `<env>-<region>-<group>-shard-NN` (ShardedDatabase). */
export function clusterId(environment: string, region: string, group: string, shard: number): string {
  return shardClusterIdentifier(physicalName(environment, region), group, shard);
}

/**
 * The instance an operator adds by hand to a headless secondary cluster before failing over to it
 * (pilot light): `<cluster>-failover`. No stack uses the suffix, so it never collides with an
 * instance Terraform manages; fail-back deletes it.
 */
export function failoverInstanceId(environment: string, region: string, group: string, shard: number): string {
  return `${clusterId(environment, region, group, shard)}-failover`;
}

/** The ARN of an Aurora cluster; `accountId` may be a shell variable such as `$ACCOUNT_ID`. */
export function clusterArn(region: string, accountId: string, identifier: string): string {
  return `arn:${partitionOfRegion(region)}:rds:${region}:${accountId}:cluster:${identifier}`;
}

/** A module's Auto Scaling group (ServiceFleet): `<env>-<region>-<module>`; singletons `<env>-<region>-<module>-<part>`. */
export function autoscalingGroupName(environment: string, region: string, module: string, singleton?: string): string {
  return singleton === undefined ? physicalName(environment, region, module) : physicalName(environment, region, `${module}-${singleton}`);
}

/** A region's backup vault (BackupVault, `backupVaultName`): `<env>-<region>-vault`. */
export function vaultName(environment: string, region: string): string {
  return backupVaultName(environment, region);
}

/** The role AWS Backup uses in a region (BackupVault): `<env>-<region>-backup`. */
export function backupRoleName(environment: string, region: string): string {
  return physicalName(environment, region, 'backup');
}

/** The subnet group and security group of a database group in a region (ShardedDatabase): `<env>-<region>-<group>-db`. */
export function databaseNetworkName(environment: string, region: string, group: string): string {
  return physicalName(environment, region, group, 'db');
}

/** The attachments bucket of a region without its account suffix: `<env>-<region>-attachments`. */
export function attachmentsBucketPrefix(environment: string, region: string): string {
  return physicalName(environment, region, 'attachments');
}
