/**
 * Deterministic subnet carving for the Network construct.
 *
 * The VPC CIDR (prefix `p`) is cut into fixed regions, each holding 4 AZ slots:
 *
 * | region              | share of VPC | subnet prefix | slots (netnum at that prefix) |
 * | ------------------- | ------------ | ------------- | ----------------------------- |
 * | private             | 1/2          | p+3           | 0..3                          |
 * | public              | 1/8          | p+5           | 16..19                        |
 * | isolated            | 1/8          | p+5           | 20..23                        |
 * | reserved (unused)   | 1/4          | -             | -                             |
 *
 * The subnet of AZ number `i` (its position in the given AZ list) always sits in slot `i` of each
 * tier, whatever the number of AZs. Appending an AZ therefore never renumbers existing subnets;
 * reordering or removing AZs from the list does. Treat the AZ list as append-only.
 *
 * For 10.0.0.0/16: private 10.0.0.0/19, 10.0.32.0/19, ...; public 10.0.128.0/21, 10.0.136.0/21, ...;
 * isolated 10.0.160.0/21, 10.0.168.0/21, ...; 10.0.192.0/18 is left free.
 */

import { formatIpv4Cidr, parseIpv4Cidr } from './ipv4-cidr';

export { formatIpv4Cidr, parseIpv4Cidr } from './ipv4-cidr';
export type { Ipv4Cidr } from './ipv4-cidr';

/** The subnet tiers of a Network, in output order. */
export const SUBNET_TIERS = ['public', 'private', 'isolated'] as const;

/** A subnet tier: `public` (IGW route), `private` (NAT route), `isolated` (no internet route). */
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** How many AZ slots every tier reserves. */
export const AZ_SLOTS = 4;

/** The smallest subnet AWS allows (a /28 has 16 addresses, 11 usable). */
export const MAX_SUBNET_PREFIX = 28;

/**
 * Where each tier lives, as Terraform `cidrsubnet(vpc_cidr, newBits, netNumBase + azIndex)` arguments.
 * Changing these numbers renumbers every subnet of every existing VPC: never do it.
 */
export const SUBNET_LAYOUT: Readonly<Record<SubnetTier, { readonly newBits: number; readonly netNumBase: number }>> = {
  private: { newBits: 3, netNumBase: 0 },
  public: { newBits: 5, netNumBase: 16 },
  isolated: { newBits: 5, netNumBase: 20 },
};

/** The CIDRs of one AZ's subnets. */
export interface AzSubnetCidrs {
  /** Position of the AZ in the list, which is also its slot in every tier. */
  readonly azIndex: number;
  readonly public: string;
  readonly private: string;
  readonly isolated: string;
}

/** The first and last address of a CIDR, as unsigned integers. */
export function ipv4CidrRange(cidr: string): { readonly first: number; readonly last: number } {
  const { network, prefix } = parseIpv4Cidr(cidr);
  return { first: network, last: network + 2 ** (32 - prefix) - 1 };
}

/** Whether two CIDRs share at least one address. */
export function ipv4CidrsOverlap(a: string, b: string): boolean {
  const ra = ipv4CidrRange(a);
  const rb = ipv4CidrRange(b);
  return ra.first <= rb.last && rb.first <= ra.last;
}

/** Whether `inner` lies entirely inside `outer`. */
export function ipv4CidrContains(outer: string, inner: string): boolean {
  const ro = ipv4CidrRange(outer);
  const ri = ipv4CidrRange(inner);
  return ro.first <= ri.first && ri.last <= ro.last;
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)` for IPv4, on literal values. */
export function cidrSubnet(cidr: string, newBits: number, netNum: number): string {
  const parent = parseIpv4Cidr(cidr);
  const prefix = parent.prefix + newBits;
  if (prefix > 32) {
    throw new Error(`cidrSubnet: ${cidr} cannot be extended by ${newBits} bits (a prefix longer than /32).`);
  }
  if (!Number.isInteger(netNum) || netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`cidrSubnet: network number ${netNum} does not fit in ${newBits} bits.`);
  }
  return formatIpv4Cidr({ network: parent.network + netNum * 2 ** (32 - prefix), prefix });
}

/**
 * Carves the subnets of `azCount` AZs out of `vpcCidr` (see the file comment for the layout).
 * Element `i` belongs to the AZ at position `i` of the AZ list.
 *
 * Throws when `azCount` is not 1..4 or when the VPC is too small for the smallest subnets to be /28.
 */
export function carveSubnets(vpcCidr: string, azCount: number): AzSubnetCidrs[] {
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > AZ_SLOTS) {
    throw new Error(`carveSubnets: azCount must be an integer from 1 to ${AZ_SLOTS} (the slots reserved per tier), got ${azCount}.`);
  }
  const { prefix } = parseIpv4Cidr(vpcCidr);
  const maxNewBits = Math.max(...Object.values(SUBNET_LAYOUT).map((l) => l.newBits));
  const smallest = prefix + maxNewBits;
  if (smallest > MAX_SUBNET_PREFIX) {
    throw new Error(
      `VPC CIDR ${vpcCidr} is too small: its public and isolated subnets would be /${smallest}, but AWS subnets must be /${MAX_SUBNET_PREFIX} or larger. ` +
        `Use a VPC CIDR with a prefix of /${MAX_SUBNET_PREFIX - maxNewBits} or shorter (e.g. /16-/${MAX_SUBNET_PREFIX - maxNewBits}).`,
    );
  }
  return Array.from({ length: azCount }, (_, azIndex) => ({
    azIndex,
    public: cidrSubnet(vpcCidr, SUBNET_LAYOUT.public.newBits, SUBNET_LAYOUT.public.netNumBase + azIndex),
    private: cidrSubnet(vpcCidr, SUBNET_LAYOUT.private.newBits, SUBNET_LAYOUT.private.netNumBase + azIndex),
    isolated: cidrSubnet(vpcCidr, SUBNET_LAYOUT.isolated.newBits, SUBNET_LAYOUT.isolated.netNumBase + azIndex),
  }));
}
