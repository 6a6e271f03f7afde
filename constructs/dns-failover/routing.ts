/**
 * Pure planning of the apex records of a {@link DnsFailover}: which regions get a record, with which routing
 * policy, and what is wrong with a routing/roles combination. No cdktf here, so it is cheap to test.
 */

/** How Route 53 answers for the apex domain. */
export type DnsRouting = 'simple' | 'failover' | 'latency';

/** The part a region plays: `primary`/`secondary` for failover, `active` for latency (either of `primary`/`active` for simple). */
export type DnsRegionRole = 'primary' | 'secondary' | 'active';

/** One serving region of a {@link DnsFailover}. */
export interface DnsRegion {
  /** The region name, e.g. `us-east-1`; its stack publishes `<region>.<domain>` with a `RegionalEndpoint`. */
  readonly region: string;
  /** The region's role; it must fit `routing` (see {@link routingProblems}). */
  readonly role: DnsRegionRole;
}

/** One record the construct creates for the apex domain. */
export interface PlannedRecord {
  /** Logical-id part of the record: `apex` (simple routing) or the region (failover, latency). */
  readonly key: string;
  /** The region whose endpoint name the record aliases. */
  readonly region: string;
  /** Route 53 `set_identifier` (the region), absent for simple routing. */
  readonly setIdentifier?: string;
  /** Failover role of the record, for failover routing. */
  readonly failover?: 'PRIMARY' | 'SECONDARY';
  /** The AWS region Route 53 measures latency to, for latency routing. */
  readonly latencyRegion?: string;
  /** Whether the record carries the region's health check (every record but the simple one). */
  readonly healthChecked: boolean;
}

export const DNS_ROUTINGS: readonly DnsRouting[] = ['simple', 'failover', 'latency'];
export const DNS_REGION_ROLES: readonly DnsRegionRole[] = ['primary', 'secondary', 'active'];

const list = (regions: readonly DnsRegion[]) => (regions.length === 0 ? '(none)' : regions.map((r) => r.region).join(', '));

/** What is wrong with `regions` for `routing`, each with a fix; empty when the combination is valid. */
export function routingProblems(routing: DnsRouting, regions: readonly DnsRegion[]): string[] {
  const problems: string[] = [];
  if (!DNS_ROUTINGS.includes(routing)) {
    return [`routing "${String(routing)}" is unknown; use one of ${DNS_ROUTINGS.map((r) => `"${r}"`).join(', ')}`];
  }
  if (regions.length === 0) return ['regions is empty; pass at least one region, e.g. [{ region: "us-east-1", role: "primary" }]'];

  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { region } of regions) (seen.has(region) ? duplicates : seen).add(region);
  if (duplicates.size > 0) {
    problems.push(`regions lists ${[...duplicates].map((r) => `"${r}"`).join(', ')} more than once; list each region once`);
  }
  const badRoles = regions.filter((r) => !DNS_REGION_ROLES.includes(r.role));
  for (const r of badRoles) {
    problems.push(`region "${r.region}" has the unknown role "${String(r.role)}"; use "primary", "secondary" or "active"`);
  }

  const withRole = (role: DnsRegionRole) => regions.filter((r) => r.role === role);
  const primaries = withRole('primary');
  const secondaries = withRole('secondary');
  const actives = withRole('active');
  switch (routing) {
    case 'simple':
      if (regions.length !== 1) {
        problems.push(
          `routing "simple" serves exactly one region, got ${regions.length} (${list(regions)}); ` +
            'pass one region, or use routing "failover" (one primary, a secondary) or "latency" (all active)',
        );
      }
      if (secondaries.length > 0) {
        problems.push(`routing "simple" has no standby, but ${list(secondaries)} has role "secondary"; give the region role "primary"`);
      }
      break;
    case 'failover':
      if (primaries.length !== 1) {
        problems.push(
          `routing "failover" needs exactly one region with role "primary", got ${primaries.length} (${list(primaries)}); ` +
            'mark the region that serves normally "primary" and the standby "secondary"',
        );
      }
      if (secondaries.length < 1) {
        problems.push(
          'routing "failover" needs at least one region with role "secondary" to fail over to, got none; ' +
            'add a standby region, or use routing "simple" for one region',
        );
      }
      if (actives.length > 0) {
        problems.push(`routing "failover" takes roles "primary" and "secondary", but ${list(actives)} has role "active"; use "secondary"`);
      }
      break;
    case 'latency':
      if (regions.length < 2) {
        problems.push(
          `routing "latency" spreads traffic over at least two regions, got ${regions.length} (${list(regions)}); ` +
            'add a region or use routing "simple"',
        );
      }
      if (actives.length !== regions.length) {
        problems.push(
          `routing "latency" serves from every region at once, so every role must be "active"; ` +
            `${list(regions.filter((r) => r.role !== 'active'))} must be changed to "active" (or use routing "failover")`,
        );
      }
      break;
  }
  return problems;
}

/**
 * The apex records for a valid routing/regions combination (call {@link routingProblems} first):
 * - `simple`: one record `apex` → the single region;
 * - `failover`: a `PRIMARY` record for the primary and a `SECONDARY` record for the FIRST secondary in the given
 *   order (Route 53 has one of each per name); further secondaries get no record;
 * - `latency`: one record per region, in the given order.
 */
export function planRecords(routing: DnsRouting, regions: readonly DnsRegion[]): PlannedRecord[] {
  switch (routing) {
    case 'simple':
      return regions.slice(0, 1).map((r) => ({ key: 'apex', region: r.region, healthChecked: false }));
    case 'failover': {
      const primary = regions.find((r) => r.role === 'primary');
      const secondary = regions.find((r) => r.role === 'secondary');
      return [
        ...(primary ? [{ key: primary.region, region: primary.region, setIdentifier: primary.region, failover: 'PRIMARY' as const, healthChecked: true }] : []),
        ...(secondary
          ? [{ key: secondary.region, region: secondary.region, setIdentifier: secondary.region, failover: 'SECONDARY' as const, healthChecked: true }]
          : []),
      ];
    }
    case 'latency':
      return regions.map((r) => ({ key: r.region, region: r.region, setIdentifier: r.region, latencyRegion: r.region, healthChecked: true }));
  }
}
