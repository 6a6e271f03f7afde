/** IPv4 CIDR blocks as plain numbers: parsing (with the checks the constructs' props need) and formatting. */

/** A parsed IPv4 CIDR: the network address as an unsigned 32-bit integer plus the prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/p`. Throws when the text is not an IPv4 CIDR or when host bits are set
 * (`10.0.1.0/16`), naming the network address that was probably meant.
 */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const match = CIDR_PATTERN.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((o) => o > 255) || prefix > 32) {
    throw new Error(`"${cidr}" is not a valid IPv4 CIDR; expected the form a.b.c.d/p with octets 0-255 and p 0-32, e.g. 10.0.0.0/16.`);
  }
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) {
    throw new Error(
      `"${cidr}" has host bits set; a CIDR block must start at its network address. Did you mean ${formatIpv4Cidr({ network, prefix })}?`,
    );
  }
  return { network, prefix };
}

/** Formats a parsed CIDR back to `a.b.c.d/p`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}
