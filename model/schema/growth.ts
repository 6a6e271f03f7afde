import { z } from 'zod';
import { isIsoDate } from '../../foundation/calendar';
import { Identifier, PositiveInt, PositiveNumber, Share, ShareOrZero, Weekday } from './common';

/** A calendar date written YYYY-MM-DD. */
export const IsoDate = z.string().refine(isIsoDate, {
  error: 'must be a calendar date written YYYY-MM-DD, e.g. "2027-12-31"',
});

/** A location's working week in its own time zone: its load peaks in `peakHour`, holds up through business hours and falls off outside them. */
export const BusinessHours = z
  .strictObject({
    days: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']).describe('Working days in the local time zone.'),
    startHour: z.number().int().min(0).max(23).default(8).describe('Local hour (0-23) when the working day starts.'),
    endHour: z.number().int().min(1).max(24).default(18).describe('Local hour (1-24) when the working day ends; after startHour.'),
    peakHour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .optional()
      .describe('Local hour (0-23) of the busiest hour, inside business hours. Default: two hours after startHour (the mid-morning peak service desks report).'),
  })
  .refine((h) => h.endHour > h.startHour, { error: 'endHour must be after startHour', path: ['endHour'] })
  .refine((h) => h.peakHour === undefined || (h.peakHour >= h.startHour && h.peakHour < h.endHour), {
    error: 'peakHour must be inside business hours (startHour <= peakHour < endHour)',
    path: ['peakHour'],
  })
  .describe("The location's business hours in its own time zone.");

const ActiveUsers = (who: string, share: string, actions: string) =>
  z
    .strictObject({
      activeShare: Share.describe(`Share of ${who} active in their location's busiest hour. ${share}`),
      actionsPerHour: PositiveNumber.describe(`Actions (page views, saves, searches) one active ${who.replace(/s$/, '')} makes per hour. ${actions}`),
    })
    .describe(`How ${who} load the platform in the busiest hour.`);

/** The load model: concurrency per location, actions per active user, requests per action. */
export const Concurrency = z
  .strictObject({
    requesters: ActiveUsers('requesters', 'Our estimate: 0.05.', 'Our estimate: 10.'),
    agents: ActiveUsers('agents', 'Our estimate: 0.8 (agents work tickets all day).', 'Our estimate: 60.'),
    requestsPerAction: PositiveNumber.describe('HTTP/API requests the platform serves per user action (page, its API calls, polling). Our estimate: 5.'),
    otherBusinessHoursShare: ShareOrZero.default(0.6).describe("Load in a business hour other than the busiest, as a share of the busiest hour's."),
    offHoursShare: ShareOrZero.default(0.05).describe("Load outside business hours, as a share of the busiest hour's."),
  })
  .describe('Load from concurrency: active users per location in its busiest hour, their actions and the requests per action. The global peak is the sum of the locations\' overlapping hours.');

/** A growth scenario: a yearly rate, or a target population at a date or a month from the start. */
export const Scenario = z
  .strictObject({
    description: z.string().optional().describe('What the scenario assumes.'),
    annualGrowthRate: z.number().min(0).max(100).optional().describe('Yearly population growth, e.g. 0.3 for +30% a year (compounded monthly).'),
    requesters: PositiveInt.optional().describe(
      "Requesters at the target (with `by` or `inMonths`), at least today's (population.requesters); growth is geometric from the start to there and flat after it. Scenarios plan growth only: shards are never merged.",
    ),
    by: IsoDate.optional().describe('Date (YYYY-MM-DD) by which `requesters` are reached; at least a month after the environment\'s startDate.'),
    inMonths: z.number().int().min(1).max(600).optional().describe('Months after the environment\'s startDate at which `requesters` are reached.'),
    requestersAtHorizon: z.unknown().optional().describe('Retired: it was measured from the horizon, so changing --horizon moved the target. Use `requesters` with `by` or `inMonths`.'),
  })
  .superRefine((s, ctx) => {
    if (s.requestersAtHorizon !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['requestersAtHorizon'],
        message: `requestersAtHorizon is retired: it was measured from the horizon, so --horizon moved the target. Write requesters: ${typeof s.requestersAtHorizon === 'number' ? s.requestersAtHorizon : '<count>'} with by: <YYYY-MM-DD> or inMonths: <months after startDate>`,
      });
      return;
    }
    const target = s.requesters !== undefined;
    if ((s.annualGrowthRate === undefined) === !target) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of annualGrowthRate or requesters (with by or inMonths)' });
      return;
    }
    if (target && (s.by === undefined) === (s.inMonths === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['requesters'], message: 'a target of requesters needs exactly one of by (a date, YYYY-MM-DD) or inMonths (months after startDate)' });
    }
    if (!target && (s.by !== undefined || s.inMonths !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [s.by !== undefined ? 'by' : 'inMonths'], message: 'by and inMonths date a target of requesters; with annualGrowthRate leave them out' });
    }
  })
  .describe('A growth scenario.');

/** A SMART milestone: a measurable capability by a date. */
export const Milestone = z
  .strictObject({
    name: z.string().min(1).max(120).optional().describe('What the milestone is called in the plan, e.g. "global rollout".'),
    by: IsoDate.describe('Date (YYYY-MM-DD) by which the milestone must hold.'),
    concurrentUsers: PositiveInt.optional().describe('Users active at the same time (in the global busiest hour) the platform must carry by the date; the plan sizes for it.'),
    p95LatencyMs: PositiveNumber.optional().describe("95th percentile latency the module (or every module) must stay below by the date."),
    module: Identifier.optional().describe('The module a latency milestone is about (a key of modules). Default: every module.'),
  })
  .refine((m) => (m.concurrentUsers === undefined) !== (m.p95LatencyMs === undefined), { error: 'give exactly one of concurrentUsers or p95LatencyMs' })
  .refine((m) => m.module === undefined || m.p95LatencyMs !== undefined, { error: 'module names the subject of a latency milestone (p95LatencyMs); leave it out for concurrentUsers', path: ['module'] })
  .describe('A milestone in SMART form, e.g. "10,000 concurrent users by 2027-12-31" or "p95 below 400 ms for incident by 2027-06-30".');

export type ScenarioSpec = z.infer<typeof Scenario>;
export type MilestoneSpec = z.infer<typeof Milestone>;
export type BusinessHoursSpec = z.infer<typeof BusinessHours>;

/**
 * Workload fields of the ticket-driven load model, which the concurrency model replaced (issue 11): each
 * is refused with what now says the same thing, so an older blueprint gets directions, not a bare
 * "unknown field".
 */
export const RETIRED_WORKLOAD_FIELDS: Readonly<Record<string, string>> = {
  busiestHourShare:
    "the busiest hour is now each location's own (population.locations[].businessHours.peakHour), with workload.concurrency.otherBusinessHoursShare and offHoursShare for the rest of the week",
  apiRequestsPerTicket:
    'requests now come from active users: workload.concurrency.requesters / agents (activeShare, actionsPerHour) × workload.concurrency.requestsPerAction',
  baselineRequestsPerUserPerHour:
    'requests now come from active users: workload.concurrency.requesters / agents (activeShare, actionsPerHour) × workload.concurrency.requestsPerAction',
  businessDaysPerMonth: "each location's working days are population.locations[].businessHours.days",
};

/** The retired workload fields, accepted by the shape so that `retiredWorkloadFields` can say what replaced them. */
export const RetiredWorkloadFields = Object.fromEntries(
  Object.keys(RETIRED_WORKLOAD_FIELDS).map((field) => [field, z.unknown().optional().describe(`Retired: ${RETIRED_WORKLOAD_FIELDS[field]} (docs/capacity-model.md).`)]),
) as Record<keyof typeof RETIRED_WORKLOAD_FIELDS, z.ZodOptional<z.ZodUnknown>>;

/** An issue per retired workload field that is present, saying what replaced it. */
export function retiredWorkloadFields(workload: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  for (const [field, replacement] of Object.entries(RETIRED_WORKLOAD_FIELDS)) {
    if (workload[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} is retired with the ticket-driven load model: ${replacement} (docs/capacity-model.md)` });
    }
  }
}
