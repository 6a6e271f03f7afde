import { TerraformElement, TerraformProvider } from 'cdktf';
import { claimAddress } from './address-registry';

/**
 * Turns name parts into a Terraform-friendly logical id: lower snake case, only [a-z0-9_].
 * `logicalId('tickets', 'shard', '02')` → `tickets_shard_02`.
 */
export function logicalId(...parts: ReadonlyArray<string | number>): string {
  const id = parts
    .map((part) => String(part))
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id.length === 0) {
    throw new Error(`logicalId: the parts ${JSON.stringify(parts)} give an empty id; pass at least one alphanumeric part.`);
  }
  // Terraform addresses must not start with a digit.
  return /^[0-9]/.test(id) ? `r_${id}` : id;
}

/**
 * Pins the Terraform address of an element to a readable, position-independent id
 * (`aws_rds_cluster.tickets_shard_02` rather than `..._A1B2C3D4`). Addresses are part of the
 * API: renaming one destroys and recreates the resource, so callers key them by names
 * (module, group, shard number, AZ), never by array index. Throws when another element of the
 * stack already holds the address (address-registry.ts).
 */
export function pinLogicalId<T extends TerraformElement>(element: T, ...parts: ReadonlyArray<string | number>): T {
  const id = logicalId(...parts);
  claimAddress(element, id);
  element.overrideLogicalId(id);
  return element;
}

/** Pins an element's address to its construct's prefix plus `parts`, returning the element. */
export type AddressPinner = <T extends TerraformElement>(element: T, ...parts: string[]) => T;

/**
 * The `pin` of one construct: every element it creates gets the address `<prefix>[_<parts>]`,
 * e.g. `addressPinner('edge')(lb, 'https')` → `aws_lb_listener.edge_https`.
 */
export function addressPinner(prefix: string): AddressPinner {
  return (element, ...parts) => pinLogicalId(element, prefix, ...parts);
}

/** Where a shared sub-construct (e.g. `CustomerManagedKey`) puts its resources: its owner's address and provider. */
export interface OwnedResourceProps {
  /** The owning construct's address pinner: the resource gets the address `<prefix>[_<addressParts>]`. */
  readonly pin: AddressPinner;
  /**
   * Parts appended to the owner's address prefix, e.g. `['logs']` for `aws_kms_key.network_logs`.
   * @default - the owner's prefix alone
   */
  readonly addressParts?: readonly string[];
  /**
   * Provider of the resource (e.g. the region of a global stack's alarms).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}
