import { z } from 'zod';
import { AwsRegion, Identifier } from './common';

/** Route 53 geolocation continent codes. @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_GeoLocation.html */
export const CONTINENT_CODES = ['AF', 'AN', 'AS', 'EU', 'OC', 'NA', 'SA'] as const;

const Zone = z
  .strictObject({
    regions: z
      .array(AwsRegion)
      .min(1)
      .describe("The zone's regions, home first; the environment's regions of the zone (in the environment's order) hold its data, and a DR standby of the zone is another of them."),
    continents: z
      .array(z.enum(CONTINENT_CODES))
      .default([])
      .describe('Continents (Route 53 geolocation codes) whose users DNS sends to the zone.'),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code such as "DE"' }))
      .default([])
      .describe('Countries (ISO 3166-1 alpha-2) whose users DNS sends to the zone; a country overrides its continent.'),
  })
  .describe('A residency zone: regions between which its data may be placed and copied, and where its users are.');

const CrossZoneGroup = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(20)
      .describe('Why this group may hold personal data of several zones in one place and be copied to every region (the legal basis, who decided); at least 20 characters.'),
  })
  .describe('Opt-in for a database group that is neither partitioned by location nor free of personal data.');

/** Where data may live: residency zones, and the explicit exceptions. */
export const ResidencySchema = z
  .strictObject({
    zones: z.record(Identifier, Zone).describe('Residency zones by name (e.g. eu, us, apac); locations of the blueprint name theirs as dataHome.'),
    defaultZone: Identifier.optional().describe("Zone whose regions answer users from places no zone lists. Default: the primary region's zone."),
    crossZoneGroups: z
      .record(Identifier, CrossZoneGroup)
      .default({})
      .describe('Database groups (keys of the blueprint\'s databaseGroups) that hold personal data, are not partitioned by location and may still span zones, each with its reason.'),
  })
  .describe("Data residency: every copy of a location's data stays in its data home's zone (docs/residency.md).");

export type Residency = z.infer<typeof ResidencySchema>;
export type ResidencyZone = Residency['zones'][string];
