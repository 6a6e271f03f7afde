/**
 * Aurora Global Database options of a ShardedDatabase and the pure helpers both regions use to derive the
 * same identifiers. No cdktf here: the stacks of the primary and the secondary region call these with
 * the same environment values and get equal strings, so neither stack needs a Terraform reference to the other.
 */
import { nameLimit } from '../../foundation/name-limits';


export { globalClusterIdentifier } from '../../foundation/naming';

/** How the shards of a database group take part in an Aurora global database (one global cluster per shard). */
export interface GlobalDatabaseOptions {
  /**
   * `'primary'`: this region holds the writers and manages the `aws_rds_global_cluster` resources.
   * `'secondary'`: the clusters join the primary's global clusters by identifier (read-only replicas of the
   * primary's storage; headless when `readersPerShard` is 0).
   */
  readonly role: 'primary' | 'secondary';

  /**
   * Deterministic prefix of the global cluster identifiers: `prod-tickets` gives `prod-tickets-shard-01`, ...
   * Lower-case letters, digits and single hyphens, starting with a letter. Both regions derive it from the
   * environment (never from a Terraform reference), and it must never change: it names the global clusters.
   */
  readonly identifierPrefix: string;

  /**
   * Primary only: name of the Secrets Manager secret that receives the generated master password (write-only; see
   * `master-password.ts`), e.g. `itsm-scale/prod/tickets/master-password`. RDS-managed master passwords are not
   * supported for clusters in a global database; a secondary has no master credentials of its own.
   * @default - `<name>-<group>-master-password`
   */
  readonly masterPasswordSecretName?: string;

  /**
   * Primary only: rotation counter of the master password, a whole number from 1. Raising it draws a new password
   * and writes it to the secret and every shard in the same apply (`*_wo_version`).
   * @default 1
   */
  readonly masterPasswordVersion?: number;

  /**
   * Secondary only: forward writes from this region's readers to the primary (`enable_global_write_forwarding`).
   * Needs at least one reader per shard and Aurora PostgreSQL 14.9+, 15.4+ or 16+.
   * @default false
   */
  readonly writeForwarding?: boolean;
}

/** Global cluster identifiers: lower-case kebab starting with a letter (what the AWS provider accepts). */
export const GLOBAL_IDENTIFIER_PREFIX_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** RDS accepts global cluster identifiers of up to 255 characters (foundation/name-limits.ts). */
export const MAX_GLOBAL_CLUSTER_IDENTIFIER_LENGTH = nameLimit('aws_rds_global_cluster', 'global_cluster_identifier').max;

/**
 * Whether an Aurora PostgreSQL version supports global write forwarding: every 16+ minor version,
 * 15.4 and later 15.x, 14.9 and later 14.x (AWS, "Using write forwarding in an Aurora PostgreSQL global database").
 */
export function writeForwardingSupported(engineVersion: string): boolean {
  const [majorText, minorText] = engineVersion.split('.');
  const major = Number(majorText);
  const minor = Number(minorText ?? '0');
  if (!Number.isInteger(major) || !Number.isInteger(minor)) return false;
  if (major >= 16) return true;
  if (major === 15) return minor >= 4;
  if (major === 14) return minor >= 9;
  return false;
}
