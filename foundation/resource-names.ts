import { physicalName, shardNumber } from './naming';

/**
 * The names more than one layer derives: the stacks and constructs create them, the report (runbook,
 * topology) and other regions' stacks name them without a Terraform reference. Defined once here, so
 * they cannot drift apart.
 */

/** The stack of a region: `<env>-<region>`. */
export function regionalStackName(environment: string, region: string): string {
  return `${environment}-${region}`;
}

/** The stack of what spans regions (Route 53): `<env>-global`. */
export function globalStackName(environment: string): string {
  return `${environment}-global`;
}

/**
 * A shard's regional Aurora cluster: `<prefix>-<group>-shard-NN`, the prefix being the stack's name prefix
 * `<env>-<region>` (ShardedDatabase's `name`), e.g. `prod-us-east-1-tickets-shard-02`.
 */
export function shardClusterIdentifier(prefix: string, group: string, shard: number): string {
  return `${physicalName(prefix, group)}-shard-${shardNumber(shard)}`;
}

/**
 * Physical name of an environment's backup vault in one region: `<environment>-<region>-vault`,
 * e.g. `prod-us-west-2-vault`. It is what BackupVault creates when its `name` prop is
 * `physicalName(environment, region)`, so the primary region's stack can name the secondary region's
 * vault without a Terraform reference.
 */
export function backupVaultName(environment: string, region: string): string {
  return physicalName(environment, region, 'vault');
}

/** The AWS partition of a region, for ARNs: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The name of the fleet small modules share (blueprint `capacity.sharedFleet`); no module may take it. */
export const SHARED_FLEET = 'shared';

/** The name of the Aurora cluster small database groups share (blueprint `capacity.sharedCluster`); no group may take it. */
export const SHARED_CLUSTER = 'shared';
