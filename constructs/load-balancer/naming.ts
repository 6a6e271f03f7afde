import { Fn } from 'cdktf';
import { nameLimit } from '../../foundation/name-limits';
import { physicalName } from '../../foundation/naming';
import { fnv1a32 } from './routing';

/** Load balancer and target group names: at most 32 characters of a-z, 0-9 and hyphens (foundation/name-limits.ts). */
export const ELB_NAME_MAX_LENGTH = nameLimit('aws_lb_target_group', 'name').max;

/** Hex characters of the replacement tag at the end of a target group name. */
export const REPLACEMENT_TAG_LENGTH = 4;

/** The readable part of a target group name: what is left of 32 characters after `-` and the replacement tag. */
export const TARGET_GROUP_HEAD_MAX_LENGTH = ELB_NAME_MAX_LENGTH - 1 - REPLACEMENT_TAG_LENGTH;

/** The target group arguments whose change replaces it (hashicorp/terraform-provider-aws: ForceNew). */
export interface TargetGroupReplacementKey {
  readonly port: number;
  readonly protocol: string;
  readonly protocolVersion: string;
  readonly targetType: string;
  readonly vpcId: string;
}

/**
 * A target group name that changes whenever the target group is replaced, so that
 * `create_before_destroy` can create the new group while the old one (same region and account,
 * where names are unique) still exists: `<head>-<tag>`, the tag being the first 4 hex characters of
 * the SHA-1 of the replacement-forcing arguments. Terraform computes it, so a replaced VPC's new id
 * changes the name too. `name_prefix` would also avoid the collision, but allows only 6 characters and
 * leaves a random, unreadable name. (A replacement whose tag happens to equal the old one, 1 in 65,536,
 * fails on the duplicate name: change nothing else and re-plan with `-replace`.)
 */
export function targetGroupName(head: string, key: TargetGroupReplacementKey): string {
  const forcing = Fn.join(':', [String(key.port), key.protocol, key.protocolVersion, key.targetType, key.vpcId]);
  return `${head}-${Fn.substr(Fn.sha1(forcing), 0, REPLACEMENT_TAG_LENGTH)}`;
}

/**
 * A physical name that fits `maxLength`: `physicalName(...parts)` when it fits, else its first
 * `maxLength - 5` characters plus `-` and a 4-character base-36 checksum of the full name, e.g.
 * `staging-ap-southeast-2-service-catalog-8080` → `staging-ap-southeast-2-serv-jakd`.
 *
 * Deterministic and readable (a plain truncation keeps the environment prefix); the checksum keeps two long
 * names that share a prefix apart. Names that fit are left exactly as they are.
 */
export function boundedName(maxLength: number, ...parts: ReadonlyArray<string | number>): string {
  const full = physicalName(...parts);
  if (full.length <= maxLength) return full;
  const checksum = fnv1a32(full).toString(36).padStart(4, '0').slice(-4);
  const head = full.slice(0, maxLength - checksum.length - 1).replace(/-+$/, '');
  return `${head}-${checksum}`;
}

/** Why a name is not a valid ALB / target group name, or `undefined` when it is fine. */
export function elbNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > ELB_NAME_MAX_LENGTH) return `must be 1-${ELB_NAME_MAX_LENGTH} characters`;
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(name)) {
    return 'must use only letters, digits and hyphens, and not start or end with a hyphen';
  }
  if (name.toLowerCase().startsWith('internal-')) return 'must not start with "internal-"';
  return undefined;
}
