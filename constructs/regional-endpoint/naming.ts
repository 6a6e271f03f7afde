import { Token } from 'cdktf';

/**
 * Pure DNS-name helpers shared by {@link RegionalEndpoint} (each regional stack) and `DnsFailover` (the global
 * stack). Both derive a region's endpoint name from the region and the domain alone, so the global stack can
 * point at a regional stack's record without a Terraform reference to it.
 */

/** Longest DNS name Route 53 accepts, without the trailing dot. */
export const MAX_DOMAIN_NAME_LENGTH = 253;
/** Longest DNS label. */
export const MAX_DNS_LABEL_LENGTH = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;

/**
 * The DNS name of a region's endpoint: `<region>.<domain>`, e.g. `us-east-1.itsm.example.com`.
 * The regional stack's `RegionalEndpoint` creates it; the global stack's `DnsFailover` health-checks it and
 * aliases the apex `domain` to it. Works with tokens (the result is then a token string).
 */
export function regionalEndpointName(region: string, domain: string): string {
  return `${region}.${domain}`;
}

/**
 * Why `domain` is not a DNS name the constructs accept, or `undefined` when it is fine (or an unresolved token).
 * Accepted: lower-case labels of a-z, 0-9 and inner hyphens, at least two labels, no trailing dot, at most
 * 253 characters.
 */
export function domainProblem(domain: string): string | undefined {
  if (Token.isUnresolved(domain)) return undefined;
  if (domain.endsWith('.')) return `domain "${domain}" ends with a dot; drop the trailing dot, e.g. "${domain.replace(/\.+$/, '')}"`;
  if (domain !== domain.toLowerCase()) return `domain "${domain}" has upper-case letters; write it in lower case, e.g. "${domain.toLowerCase()}"`;
  const labels = domain.split('.');
  if (labels.length < 2) return `domain "${domain}" has a single label; pass a name inside your hosted zone, e.g. "itsm.example.com"`;
  const bad = labels.find((label) => label.length > MAX_DNS_LABEL_LENGTH || !LABEL.test(label));
  if (bad !== undefined) {
    return (
      `domain "${domain}" has the invalid label "${bad}"; each label is 1 to ${MAX_DNS_LABEL_LENGTH} characters of ` +
      'a-z, 0-9 and inner hyphens (no wildcards, underscores or empty labels)'
    );
  }
  if (domain.length > MAX_DOMAIN_NAME_LENGTH) {
    return `domain "${domain}" is ${domain.length} characters long; DNS names have at most ${MAX_DOMAIN_NAME_LENGTH}`;
  }
  return undefined;
}

/** Why the endpoint name `<region>.<domain>` is too long, or `undefined` when it fits (or either part is a token). */
export function endpointNameProblem(region: string, domain: string): string | undefined {
  if (Token.isUnresolved(region) || Token.isUnresolved(domain)) return undefined;
  const name = regionalEndpointName(region, domain);
  return name.length > MAX_DOMAIN_NAME_LENGTH
    ? `the endpoint name "${name}" is ${name.length} characters long; DNS names have at most ${MAX_DOMAIN_NAME_LENGTH}, so shorten domain`
    : undefined;
}

/** Why `hostedZoneId` is not a Route 53 hosted zone id, or `undefined` when it is fine (or an unresolved token). */
export function hostedZoneIdProblem(hostedZoneId: string, field = 'hostedZoneId'): string | undefined {
  if (Token.isUnresolved(hostedZoneId)) return undefined;
  if (hostedZoneId.startsWith('/hostedzone/')) {
    return `${field} "${hostedZoneId}" has the "/hostedzone/" prefix; pass the bare id "${hostedZoneId.slice('/hostedzone/'.length)}"`;
  }
  return HOSTED_ZONE_ID.test(hostedZoneId)
    ? undefined
    : `${field} "${hostedZoneId}" is not a Route 53 hosted zone id; expected upper-case letters and digits, e.g. "Z0123456789ABCDEFGHIJ"`;
}
