/**
 * Pure planning of geolocation routing for a {@link DnsFailover} with residency zones: each zone
 * answers at its own name `<zone>.geo.<domain>` with the zone's own routing (simple, failover or
 * latency among its regions, so failover stays inside the zone), and the apex domain sends each
 * continent or country to its zone by geolocation, everyone else to the default zone.
 */
import { DnsRegion, DnsRouting, planRecords, PlannedRecord, routingProblems } from './routing';

/** Route 53 geolocation continent codes. */
export const GEO_CONTINENTS: readonly string[] = ['AF', 'AN', 'AS', 'EU', 'OC', 'NA', 'SA'];

/** A residency zone as DNS sees it. */
export interface DnsGeoZone {
  /** Zone name, lower-case kebab, e.g. `eu`; its records answer at `<name>.geo.<domain>`. */
  readonly name: string;
  /** How the zone's name answers among its regions. */
  readonly routing: DnsRouting;
  /** The zone's serving regions and their roles (as for {@link DnsFailover}'s `regions`). */
  readonly regions: readonly DnsRegion[];
  /** Continent codes whose users go to the zone. @default - none */
  readonly continents?: readonly string[];
  /** ISO 3166-1 alpha-2 country codes whose users go to the zone (overrides their continent). @default - none */
  readonly countries?: readonly string[];
}

/** Geolocation routing: the zones, and which one answers everyone no zone lists. */
export interface DnsGeoRouting {
  readonly zones: readonly DnsGeoZone[];
  /** Name of the zone that gets the default (`*`) geolocation record. */
  readonly defaultZone: string;
}

/** An apex geolocation record: users of `continent`/`country` (or everyone else, `default`) → the zone's name. */
export interface PlannedGeoRecord {
  /** Logical-id part and set identifier: `<zone>-<code>`, or `default`. */
  readonly key: string;
  readonly zone: string;
  readonly continent?: string;
  readonly country?: string;
}

/** The zone's own name: `<zone>.geo.<domain>`. */
export function zoneRecordName(zone: string, domain: string): string {
  return `${zone}.geo.${domain}`;
}

/** What is wrong with the geolocation routing, each with a fix; empty when valid. */
export function geoRoutingProblems(geo: DnsGeoRouting): string[] {
  const problems: string[] = [];
  if (geo.zones.length === 0) problems.push('geo.zones is empty; pass at least one zone');
  const names = geo.zones.map((z) => z.name);
  if (!names.includes(geo.defaultZone)) problems.push(`geo.defaultZone "${geo.defaultZone}" is not one of the zones (${names.join(', ')})`);
  const claimed = new Map<string, string>();
  for (const zone of geo.zones) {
    for (const problem of routingProblems(zone.routing, zone.regions)) problems.push(`zone "${zone.name}": ${problem}`);
    for (const code of zone.continents ?? []) {
      if (!GEO_CONTINENTS.includes(code)) problems.push(`zone "${zone.name}": continent "${code}" is not a Route 53 continent code (${GEO_CONTINENTS.join(', ')})`);
    }
    for (const code of zone.countries ?? []) {
      if (!/^[A-Z]{2}$/.test(code)) problems.push(`zone "${zone.name}": country "${code}" is not an ISO 3166-1 alpha-2 code such as "DE"`);
    }
    for (const code of [...(zone.continents ?? []), ...(zone.countries ?? [])]) {
      const earlier = claimed.get(code);
      if (earlier !== undefined) problems.push(`"${code}" goes to both zone "${earlier}" and zone "${zone.name}"; give it to one`);
      else claimed.set(code, zone.name);
    }
  }
  return problems;
}

/** The records of each zone's name, keyed `<zone>-<region>` (or `<zone>-apex` for a zone of one region). */
export function planZoneRecords(zone: DnsGeoZone): PlannedRecord[] {
  return planRecords(zone.routing, zone.regions).map((record) => ({ ...record, key: `${zone.name}-${record.key}` }));
}

/** The apex geolocation records: one per continent and country of each zone, and the default. */
export function planGeoRecords(geo: DnsGeoRouting): PlannedGeoRecord[] {
  return [
    ...geo.zones.flatMap((zone) => [
      ...(zone.continents ?? []).map((continent) => ({ key: `${zone.name}-${continent.toLowerCase()}`, zone: zone.name, continent })),
      ...(zone.countries ?? []).map((country) => ({ key: `${zone.name}-${country.toLowerCase()}`, zone: zone.name, country })),
    ]),
    { key: 'default', zone: geo.defaultZone, country: '*' },
  ];
}
