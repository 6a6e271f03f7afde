/** An IPv4 CIDR block as a numeric range. */
export interface CidrRange {
  readonly cidr: string;
  readonly first: number;
  readonly last: number;
}

/** Parses `a.b.c.d/p`; throws on malformed input (schemas check the form first). */
export function parseCidr(cidr: string): CidrRange {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { cidr, first, last: first + size - 1 };
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.first <= y.last && y.first <= x.last;
}

/** True when the address part has host bits set (`10.0.1.0/16`), which AWS rejects. */
export function hasHostBits(cidr: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return false;
  const address = match.slice(1, 5).map(Number).reduce((acc, octet) => acc * 256 + octet, 0);
  return address !== parseCidr(cidr).first;
}
