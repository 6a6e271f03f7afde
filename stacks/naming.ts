import { physicalName } from '../constructs/core';

/**
 * Prefix of the Aurora global cluster ids of a database group: `<env>-<group>`, so shard 1 is
 * `prod-tickets-shard-01`. Every region derives the same ids from the environment.
 */
export function globalClusterPrefix(environment: string, group: string): string {
  return physicalName(environment, group);
}

/**
 * SSM SecureString parameter holding the master password of a group's global clusters (RDS cannot
 * manage master passwords of global-database members). Created once by an operator before the
 * first apply; never in YAML.
 */
export function masterPasswordParameterName(environment: string, group: string): string {
  return `/itsm-scale/${environment}/${group}/master-password`;
}
