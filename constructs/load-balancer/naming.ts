import { physicalName } from '../../foundation/naming';
import { fnv1a32 } from './routing';

/** Load balancer and target group names: at most 32 characters of a-z, 0-9 and hyphens. */
export const ELB_NAME_MAX_LENGTH = 32;

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
