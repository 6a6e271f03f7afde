import { z } from 'zod';
import { isKnownTimeZone } from '../../foundation/time-zone';

// zod compiles a fast path per object schema (new Function) on its first parse; a few
// documents per process never repay that (~10 ms), so schemas are interpreted. Same results.
z.config({ jitless: true });

/**
 * A name used in resource names and logical ids: lower-case kebab, starting with a letter, single
 * hyphens only (physical names collapse "--", so "stag-ing" and "stag--ing" would collide).
 */
export const Identifier = z
  .string()
  .regex(/^[a-z](?!.*--)[a-z0-9-]{0,30}[a-z0-9]$/, {
    error: 'must be lower-case kebab-case with single hyphens, 2-32 characters, starting with a letter (e.g. "service-catalog")',
  });

/** IANA time zone name, checked against the runtime's time zone database. */
export const TimeZone = z.string().refine(isKnownTimeZone, {
  error: (issue) => `unknown time zone ${JSON.stringify(issue.input)} (an IANA name such as "Europe/Berlin" or "America/New_York")`,
});

/** A share of a whole: 0 < x <= 1. */
export const Share = z.number().gt(0).lte(1);

/** A non-negative share: 0 <= x <= 1. */
export const ShareOrZero = z.number().gte(0).lte(1);

/**
 * Largest count or rate any field accepts: far beyond any organisation (10^12), and small enough
 * that the planner's products of a few such numbers stay finite.
 */
export const LARGEST_NUMBER = 1e12;

export const PositiveInt = z.number().int().positive().max(LARGEST_NUMBER);
export const PositiveNumber = z.number().positive().max(LARGEST_NUMBER);
export const NonNegativeNumber = z.number().nonnegative().max(LARGEST_NUMBER);

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** AWS region name such as us-east-1 or ap-southeast-2. */
export const AwsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
  error: 'must be an AWS region name such as "us-east-1" or "eu-central-1"',
});

/** Service levels: what the deployment must survive. */
export const ServiceLevels = z
  .strictObject({
    availability: z.number().gte(0.9).lt(1).describe('Target availability as a fraction, e.g. 0.9995 for 99.95%.'),
    rtoMinutes: PositiveNumber.describe('Recovery time objective: the longest the service may be down after a regional disaster.'),
    rpoMinutes: PositiveNumber.describe('Recovery point objective: the most data, in minutes of writes, that a disaster may lose.'),
    latencyP95Ms: PositiveNumber.describe('95th percentile latency target for API requests, in milliseconds.'),
  })
  .describe('What the deployment must survive and how fast it must answer.');
export type ServiceLevels = z.infer<typeof ServiceLevels>;
