/**
 * Where data lives under an environment's residency zones: which of its regions belong to which
 * zone, which zone each location's data calls home, and what each region runs when the DR posture
 * is applied per zone (a zone fails over to another of its own regions, never out of it). Pure.
 */
import { Blueprint, Environment } from '../model/schema';
import { regionRoles, RegionRole } from './region-roles';
import { DrPosture } from './types';

/** One residency zone as the environment realises it. */
export interface ZoneLayout {
  readonly name: string;
  /** The environment's regions of the zone, in the environment's order (primary first): the first is the zone's home. */
  readonly regions: readonly string[];
  /** Locations of the blueprint whose data home is this zone, in the blueprint's order. */
  readonly locations: readonly string[];
  /** Route 53 geolocation codes of the zone's users. */
  readonly continents: readonly string[];
  readonly countries: readonly string[];
}

export interface ResidencyLayout {
  /** Zones that hold at least one region of the environment, ordered by their home region's place in the environment. */
  readonly zones: readonly ZoneLayout[];
  /** Zone of each region of the environment. */
  readonly zoneOfRegion: Readonly<Record<string, string>>;
  /** Zone (data home) of each location. */
  readonly homeOf: Readonly<Record<string, string>>;
  /** Zone whose home answers users from places no zone lists. */
  readonly defaultZone: string;
  /** Non-partitioned groups whose data may span zones: no personal data, or an opt-in with a reason. */
  readonly crossZoneGroups: readonly string[];
  /** Groups partitioned by location. */
  readonly partitionedGroups: readonly string[];
}

/** The environment's regions, primary first. */
export function environmentRegions(environment: Pick<Environment, 'regions'>): string[] {
  return [environment.regions.primary.name, ...environment.regions.secondaries.map((r) => r.name)];
}

/**
 * The residency layout of an environment, or `undefined` when it names no zones (then data is
 * placed as without residency). Assumes the loader's residency check passed; unknown names are skipped.
 */
export function residencyLayout(environment: Pick<Environment, 'regions' | 'residency'>, blueprint: Blueprint): ResidencyLayout | undefined {
  const residency = environment.residency;
  if (!residency) return undefined;
  const regions = environmentRegions(environment);
  const zoneOfRegion: Record<string, string> = {};
  for (const region of regions) {
    const zone = Object.entries(residency.zones).find(([, spec]) => spec.regions.includes(region));
    if (zone) zoneOfRegion[region] = zone[0];
  }
  const homeOf: Record<string, string> = {};
  for (const location of blueprint.population.locations) {
    if (location.dataHome !== undefined) homeOf[location.name] = location.dataHome;
  }
  const zoneNames = [...new Set(regions.map((r) => zoneOfRegion[r]).filter((z): z is string => z !== undefined))];
  const zones = zoneNames.map((name) => {
    const spec = residency.zones[name]!;
    return {
      name,
      regions: regions.filter((r) => zoneOfRegion[r] === name),
      locations: blueprint.population.locations.filter((l) => l.dataHome === name).map((l) => l.name),
      continents: spec.continents,
      countries: spec.countries,
    };
  });
  const groups = Object.entries(blueprint.databaseGroups);
  return {
    zones,
    zoneOfRegion,
    homeOf,
    defaultZone: residency.defaultZone ?? zoneOfRegion[regions[0]!] ?? zoneNames[0]!,
    crossZoneGroups: groups
      .filter(([name, spec]) => spec.partitionBy === undefined && (!spec.personalData || name in residency.crossZoneGroups))
      .map(([name]) => name),
    partitionedGroups: groups.filter(([, spec]) => spec.partitionBy === 'location').map(([name]) => name),
  };
}

/**
 * What each region runs: the posture applied inside each zone, its home as the zone's primary.
 * In the environment's region order.
 */
export function residencyRoles(posture: DrPosture, layout: ResidencyLayout, regions: readonly string[], readersPerShard: number): RegionRole[] {
  const byRegion = new Map<string, RegionRole>();
  for (const zone of layout.zones) {
    for (const role of regionRoles(posture, zone.regions, readersPerShard)) byRegion.set(role.region, role);
  }
  return regions.map((region) => {
    const role = byRegion.get(region);
    if (!role) throw new Error(`internal: region ${region} is in no residency zone (the loader's residency check refuses that)`);
    return role;
  });
}

/** The zone of a region's stack, with its regions (home first). */
export function zoneOf(layout: ResidencyLayout, region: string): ZoneLayout {
  const zone = layout.zones.find((z) => z.regions.includes(region));
  if (!zone) throw new Error(`internal: region ${region} is in no residency zone`);
  return zone;
}

/** The name of a location's partition of a group: `<group>-<location>`, used for its clusters, slot map and global clusters. */
export function partitionName(group: string, location: string): string {
  return `${group}-${location}`;
}
