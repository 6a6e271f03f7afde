import { TerraformElement, TerraformProvider } from 'cdktf';
import { logicalId } from '../../foundation/naming';
import { claimAddress } from './address-registry';

// The one derivation of Terraform addresses, shared with the runbook (report/runbook/), lives in foundation.
export { logicalId };

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
