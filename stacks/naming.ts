import { physicalName } from '../constructs/core';

/**
 * Prefix of the Aurora global cluster ids of a database group: `<env>-<group>`, so shard 1 is
 * `prod-tickets-shard-01`. Every region derives the same ids from the environment.
 */
export function globalClusterPrefix(environment: string, group: string): string {
  return physicalName(environment, group);
}

/**
 * Secrets Manager secret that receives the master password of a group's global clusters (RDS cannot
 * manage master passwords of global-database members). The stacks generate the password during the
 * apply and write it there write-only; nothing is created by hand, and the value is in no state or plan.
 */
export function masterPasswordSecretName(environment: string, group: string): string {
  return `itsm-scale/${environment}/${group}/master-password`;
}
