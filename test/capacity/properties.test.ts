/**
 * Property-based tests of the capacity planner's invariants: deterministic; monotone (more users or a
 * faster scenario never yields fewer resources); shard counts never fall along the timeline;
 * utilization at the horizon's peak within target; backups at least as often as the RPO; the
 * cheapest DR posture that meets the RTO and RPO. Checked over generated, schema-valid blueprints
 * and environments derived from the default blueprint.
 */
import fc from 'fast-check';
import { deepEqual } from 'node:assert';
import { CONTINUOUS_BACKUP_RPO_MINUTES, planBackup } from '../../capacity/backup';
import { contiguousSlotMap as slotMap } from '../../foundation/slot-map';
import { instancesFor, planFleet } from '../../capacity/fleet';
import { BACKUP_INTERVALS_MINUTES, POSTURES } from '../../capacity/dr';
import { CapacityPlan, MonthPoint, PlanError, PlanInput, planCapacity, planDr, SlotRange } from '../../capacity';
import { loadProject } from '../../model/load';
import { Blueprint, BlueprintSchema, ServiceLevels } from '../../model/schema';

fc.configureGlobal({ seed: 20261122, numRuns: 200 });

const ROOT = `${__dirname}/../..`;
const project = loadProject({ root: ROOT });
const DEFAULT_BLUEPRINT: Blueprint = project.blueprints.get('itsm-standard')!.value;
const PROD = project.environments.get('prod')!.value;
const MODULES = Object.keys(DEFAULT_BLUEPRINT.modules);
const GROUPS = Object.keys(DEFAULT_BLUEPRINT.databaseGroups);
/** Relative slack for floating-point comparisons of quantities that are equal in exact arithmetic. */
const EPS = 1e-9;

// ---------------------------------------------------------------------------------------------
// Arbitraries: a World is the varied parameters; toInput turns it into a schema-valid PlanInput.
// ---------------------------------------------------------------------------------------------

type Scenario = { annualGrowthRate: number } | { requesters: number; inMonths: number };

/** Time zones the generated locations live in: both hemispheres, half-hour offsets, the date line. */
const TIME_ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney', 'Pacific/Auckland', 'UTC'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface World {
  readonly requesters: number;
  readonly agents: number;
  readonly workload: {
    readonly ticketsPerRequesterPerMonth: number;
    readonly ticketsPerAgentPerYear: number;
    readonly concurrency: {
      readonly requesters: { readonly activeShare: number; readonly actionsPerHour: number };
      readonly agents: { readonly activeShare: number; readonly actionsPerHour: number };
      readonly requestsPerAction: number;
      readonly otherBusinessHoursShare: number;
      readonly offHoursShare: number;
    };
    readonly configurationItemsPerRequester: number;
    readonly retentionYears: number;
  };
  /** Where the requesters are: weights (normalised to shares), time zones, working days and hours. */
  readonly locations: readonly { readonly weight: number; readonly timeZone: string; readonly days: readonly (typeof WEEKDAYS)[number][]; readonly startHour: number; readonly hours: number }[];
  readonly startDate: string;
  readonly shardLeadTimeMonths: number;
  readonly connectionsPerInstance: number;
  readonly scenario: Scenario;
  readonly horizonMonths: number;
  readonly tier: 'production' | 'non-production';
  readonly availabilityZones: 2 | 3;
  /** Per module: traffic weight (normalised to shares adding up to 1), read share, off-hours share. */
  readonly modules: readonly { readonly weight: number; readonly readShare: number; readonly offHoursShare: number }[];
  /** Per database group: minimum shards and optional Serverless v2 range. */
  readonly groups: readonly { readonly minShards: number; readonly serverless: boolean }[];
  readonly targetUtilization: number;
  readonly instanceRps: readonly number[];
  readonly maxInstancesPerFleet: number;
  readonly writerTps: readonly number[];
  readonly readerFactors: readonly number[];
  readonly shardWriteTps: number;
  readonly shardStorageGb: number;
  readonly maxReadersPerShard: number;
  readonly sharedCluster: boolean;
  readonly secondaryRegion: boolean;
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
}

/** Integers scaled to decimals: shrink well and avoid NaN, -0 and subnormal doubles. */
const decimal = (min: number, max: number, scale = 100) => fc.integer({ min: Math.round(min * scale), max: Math.round(max * scale) }).map((n) => n / scale);

/** A strictly ascending ladder: a first value times ratios of 1.1 to 4. */
const ladder = (first: fc.Arbitrary<number>, maxLength: number) =>
  fc
    .tuple(first, fc.array(fc.integer({ min: 110, max: 400 }), { minLength: 0, maxLength: maxLength - 1 }))
    .map(([start, ratios]) => ratios.reduce<number[]>((acc, r) => [...acc, Math.round(acc[acc.length - 1]! * r) / 100], [start]));

const requestersArb = fc.integer({ min: 1, max: 200_000 });
const rateArb = decimal(0, 3);
const targetArb = fc.integer({ min: 1, max: 2_000_000 });
const scenarioArb: fc.Arbitrary<Scenario> = fc.oneof(
  rateArb.map((annualGrowthRate) => ({ annualGrowthRate })),
  fc.tuple(targetArb, fc.integer({ min: 1, max: 120 })).map(([requesters, inMonths]) => ({ requesters, inMonths })),
);

const shareArb = (min: number, max: number) => decimal(min, max).filter((x) => x > 0);

const worldArb: fc.Arbitrary<World> = fc
  .record({
    requesters: requestersArb,
    agents: fc.integer({ min: 1, max: 5_000 }),
    workload: fc.record({
      ticketsPerRequesterPerMonth: decimal(0.1, 5),
      ticketsPerAgentPerYear: fc.integer({ min: 500, max: 10_000 }),
      concurrency: fc.record({
        requesters: fc.record({ activeShare: shareArb(0.01, 0.3), actionsPerHour: fc.integer({ min: 1, max: 60 }) }),
        agents: fc.record({ activeShare: shareArb(0.1, 1), actionsPerHour: fc.integer({ min: 1, max: 200 }) }),
        requestsPerAction: fc.integer({ min: 1, max: 30 }),
        otherBusinessHoursShare: decimal(0, 1),
        offHoursShare: decimal(0, 1),
      }),
      configurationItemsPerRequester: fc.integer({ min: 0, max: 100 }),
      retentionYears: fc.integer({ min: 1, max: 10 }),
    }),
    locations: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 100 }),
        timeZone: fc.constantFrom(...TIME_ZONES),
        days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
        startHour: fc.integer({ min: 0, max: 22 }),
        hours: fc.integer({ min: 1, max: 24 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    // A winter and a summer week (daylight saving) and a leap day
    startDate: fc.constantFrom('2027-01-04', '2027-07-05', '2028-02-29'),
    shardLeadTimeMonths: fc.integer({ min: 0, max: 24 }),
    connectionsPerInstance: fc.integer({ min: 1, max: 50 }),
    scenario: scenarioArb,
    horizonMonths: fc.integer({ min: 1, max: 60 }),
    tier: fc.constantFrom('production' as const, 'non-production' as const),
    availabilityZones: fc.constantFrom(2 as const, 3 as const),
    modules: fc.array(
      fc.record({ weight: fc.integer({ min: 1, max: 100 }), readShare: decimal(0, 1), offHoursShare: decimal(0, 1) }),
      { minLength: MODULES.length, maxLength: MODULES.length },
    ),
    groups: fc.array(fc.record({ minShards: fc.integer({ min: 1, max: 4 }), serverless: fc.boolean() }), {
      minLength: GROUPS.length,
      maxLength: GROUPS.length,
    }),
    targetUtilization: decimal(0.5, 0.95),
    instanceRps: ladder(fc.integer({ min: 5, max: 200 }), 5),
    maxInstancesPerFleet: fc.integer({ min: 2, max: 30 }),
    writerTps: ladder(fc.integer({ min: 50, max: 1_000 }), 5),
    readerFactors: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 5, maxLength: 5 }),
    shardWriteTps: fc.integer({ min: 50, max: 5_000 }),
    shardStorageGb: fc.integer({ min: 50, max: 4_000 }),
    maxReadersPerShard: fc.integer({ min: 1, max: 15 }),
    secondaryRegion: fc.boolean(),
    // The shared cluster (capacity.sharedCluster), where at least two groups can share it
    sharedCluster: fc.boolean(),
    rtoMinutes: fc.integer({ min: 5, max: 2_880 }),
    rpoMinutes: fc.integer({ min: 1, max: 2_880 }),
  })
  // One region reaches only backup & restore: keep the service levels reachable with the regions given.
  .map((w) => (w.secondaryRegion ? w : { ...w, rtoMinutes: Math.max(w.rtoMinutes, 240), rpoMinutes: Math.max(w.rpoMinutes, 60) }));

/**
 * The blueprint of a world. It is built complete (every default the schema would add is already in the
 * default blueprint it starts from), so the properties need not pay for a zod parse per plan; the
 * first test checks that the schema accepts generated blueprints and leaves them unchanged.
 */
function blueprintOf(w: World): Blueprint {
  const totalWeight = w.modules.reduce((sum, m) => sum + m.weight, 0);
  const base = structuredClone(DEFAULT_BLUEPRINT);
  return {
    ...base,
    population: {
      ...base.population,
      requesters: w.requesters,
      agents: w.agents,
      locations: locationsOf(w),
    },
    workload: { ...base.workload, ...w.workload },
    modules: Object.fromEntries(
      MODULES.map((name, i) => {
        const spec = base.modules[name]!;
        const m = w.modules[i]!;
        const schedule = { timeZone: 'UTC', days: [...WEEKDAYS].slice(0, 5), startHour: 6, endHour: 20, offHoursShare: m.offHoursShare };
        return [name, { ...spec, trafficShare: m.weight / totalWeight, readShare: m.readShare, schedule }];
      }),
    ),
    databaseGroups: Object.fromEntries(
      GROUPS.map((name, i) => {
        const { serverless: _ignored, ...spec } = base.databaseGroups[name]!;
        const g = w.groups[i]!;
        return [name, { ...spec, minShards: g.minShards, ...(g.serverless ? { serverless: { minAcu: 0.5, maxAcu: 64 } } : {}) }];
      }),
    ),
    // The schema refuses a target below today (planning growth only): a target under today's population means a flat one.
    scenarios: Object.fromEntries(
      Object.entries({ ...base.scenarios, generated: w.scenario }).map(([name, scenario]) => [
        name,
        'requesters' in scenario && scenario.requesters !== undefined ? { ...scenario, requesters: Math.max(scenario.requesters, w.requesters) } : scenario,
      ]),
    ),
    capacity: {
      targetUtilization: w.targetUtilization,
      instanceTypes: w.instanceRps.map((requestsPerSecond, i) => ({ type: `m${i + 5}i.large`, requestsPerSecond })),
      maxInstancesPerFleet: w.maxInstancesPerFleet,
      writerClasses: w.writerTps.map((writeTps, i) => ({ class: `db.r${i + 5}g.large`, writeTps, readRps: writeTps * w.readerFactors[i]! })),
      shardWriteTps: w.shardWriteTps,
      shardStorageGb: w.shardStorageGb,
      maxReadersPerShard: w.maxReadersPerShard,
      shardLeadTimeMonths: w.shardLeadTimeMonths,
      connectionsPerInstance: w.connectionsPerInstance,
      restoreGbPerHour: base.capacity.restoreGbPerHour,
      ...(w.sharedCluster && w.groups.filter((g) => !g.serverless).length >= 2 ? { sharedCluster: {} } : {}),
    },
  };
}

/** The world's locations, with shares adding up to 1 (the last takes the rounding). */
function locationsOf(w: World): Blueprint['population']['locations'] {
  const total = w.locations.reduce((sum, l) => sum + l.weight, 0);
  let given = 0;
  return w.locations.map((l, i) => {
    const share = i === w.locations.length - 1 ? 1 - given : l.weight / total;
    given += share;
    const endHour = Math.min(24, l.startHour + l.hours);
    return { name: `site-${i + 1}`, share, timeZone: l.timeZone, businessHours: { days: [...l.days], startHour: l.startHour, endHour } };
  });
}

function toInput(w: World): PlanInput {
  const serviceLevels: ServiceLevels = { ...DEFAULT_BLUEPRINT.serviceLevels, rtoMinutes: w.rtoMinutes, rpoMinutes: w.rpoMinutes };
  return {
    blueprint: blueprintOf(w),
    environment: {
      name: PROD.name,
      startDate: w.startDate,
      tier: w.tier,
      horizonMonths: w.horizonMonths,
      scenario: 'generated',
      backup: PROD.backup,
      regions: {
        primary: { ...PROD.regions.primary, availabilityZones: ['a', 'b', 'c'].slice(0, w.availabilityZones) },
        secondaries: w.secondaryRegion ? PROD.regions.secondaries : [],
      },
    },
    serviceLevels,
  };
}


interface Planned {
  readonly plan: CapacityPlan;
  readonly blueprint: Blueprint;
}

/**
 * The plan, or undefined when a group would need more shards than it has virtual slots: the slot
 * count is fixed for the life of the data, so such inputs cannot be planned (a PlanError says so).
 */
function tryPlan(w: World): Planned | undefined {
  const input = toInput(w);
  try {
    return { plan: planCapacity(input), blueprint: input.blueprint };
  } catch (error) {
    if (error instanceof PlanError && /shards by month \d+ but has only \d+ slots/.test(error.message)) return undefined;
    throw error;
  }
}

/** The plan of a world that can be planned; other worlds are skipped (fc.pre). */
function plannable(w: World): Planned {
  const planned = tryPlan(w);
  fc.pre(planned !== undefined);
  return planned!;
}

type Need = (ok: boolean, what: () => string) => void;

/**
 * Runs `checks` and returns what they found broken, so that a run costs one jest `expect` (matchers
 * are slow in loops over months and shards) and a failure lists every broken invariant at once.
 */
function broken(checks: (need: Need) => void): string[] {
  const found: string[] = [];
  checks((ok, what) => {
    if (!ok) found.push(what());
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// What "resources" means for monotonicity.
// ---------------------------------------------------------------------------------------------

/** Fleet capacity at 100%: maxSize × requests/s of one instance. */
const fleetCapacity = (plan: CapacityPlan, module: string) => plan.fleets[module]!.maxSize * plan.fleets[module]!.requestsPerSecondPerInstance;

/** Write TPS one provisioned writer of the plan's class sustains; 0 for Serverless v2 groups (no class ladder). */
function writerTps(planned: Planned, group: string): number {
  const cls = planned.blueprint.capacity.writerClasses.find((c) => c.class === planned.plan.databases[group]!.instanceClass);
  return cls?.writeTps ?? 0;
}

/** The peak write TPS of a group over the months its provisioned shards are sized for (0 to provisionedForMonth). */
const peakWrites = (plan: CapacityPlan, group: string) =>
  Math.max(...plan.timeline.filter((p) => p.month <= plan.databases[group]!.provisionedForMonth).map((p) => p.databaseGroups[group]!.writeTps));

/** The peak requests/s of a module over the timeline. */
const peakRequests = (plan: CapacityPlan, module: string) => Math.max(...plan.timeline.map((p) => p.peakRequestsPerSecond[module]!));

/** The peak write TPS that lands on the busiest shard (the shard with the most slots), computed from the timeline and slot map. */
function busiestShardWrites(plan: CapacityPlan, group: string): number {
  const db = plan.databases[group]!;
  const largestRange = Math.max(...db.slotMap.map((r) => r.lastSlot - r.firstSlot + 1));
  return (peakWrites(plan, group) * largestRange) / db.slots;
}

/**
 * What `more` provisions below `less`: shards, fleet capacity (maxSize × rps), storage and write load
 * at the horizon, and the writer.
 *
 * Total write capacity (shards × the writer's write TPS) is NOT monotone, by design: writers are sized
 * per shard, so when a shard is added (for storage, say) each shard carries fewer writes and a
 * smaller class may do. fast-check found (1 vs 106509 requesters today, requestersAtHorizon 136095,
 * horizon 1 month): writer ladder [50, 100.5] TPS, target 0.5; tickets writes 25.00005 TPS on 1 shard,
 * just over 50 × 0.5 → db.r6g (100.5 TPS); with more requesters today storage reaches 25.00005 GB >
 * 50 GB × 0.5 and adds a second shard at 12.5 TPS each → 2 × db.r5g (50 TPS) = 100 < 100.5. Both plans
 * meet the target, which is what matters; even a doubling ladder like the default one drops from
 * 2 × class j to 3 × class j-1 when a third shard comes. The weaker, true property is: never fewer
 * shards, and with as many shards, never a smaller writer. That the chosen writers always carry the
 * peak within target is its own property below. (Readers per shard are not compared for the same
 * reason, and because a larger writer class may read faster.)
 */
function fewerResources(less: Planned, more: Planned): string[] {
  return broken((need) => {
    for (const group of GROUPS) {
      const a = less.plan.databases[group]!;
      const b = more.plan.databases[group]!;
      need(b.shards >= a.shards, () => `${group}: ${b.shards} shards < ${a.shards}`);
      need(b.storageGbAtHorizon >= a.storageGbAtHorizon * (1 - EPS), () => `${group}: storage ${b.storageGbAtHorizon} GB < ${a.storageGbAtHorizon}`);
      need(b.writeTpsAtHorizon >= a.writeTpsAtHorizon * (1 - EPS), () => `${group}: writes ${b.writeTpsAtHorizon} TPS < ${a.writeTpsAtHorizon}`);
      // (a fleet that moves to a larger instance type can run fewer instances, so fewer connections may
      // let a smaller class do: compare writers where the connecting instances did not fall)
      if (!a.serverless && b.shards === a.shards && b.connections.instances >= a.connections.instances) {
        need(writerTps(more, group) >= writerTps(less, group), () => `${group}: writer ${b.instanceClass} < ${a.instanceClass} with ${a.shards} shards`);
      }
    }
    for (const module of MODULES) {
      const [a, b] = [fleetCapacity(less.plan, module), fleetCapacity(more.plan, module)];
      need(b >= a, () => `${module}: fleet capacity ${b} rps (${more.plan.fleets[module]!.maxSize} × ${more.plan.fleets[module]!.instanceType}) < ${a}`);
    }
  });
}

/** Slot-map invariants: contiguous ranges covering 0..slots-1 once, shards numbered 1..n, sizes within 1. */
/** `firstLighter`: a member of the shared cluster, whose first shard there holds no more than any other (weightedSlotMap). */
function slotMapProblems(slots: number, shards: number, ranges: readonly SlotRange[], firstLighter = false): string[] {
  return broken((need) => {
    need(ranges.length === shards, () => `${ranges.length} ranges for ${shards} shards`);
    need(ranges[0]?.firstSlot === 0, () => `first range starts at ${ranges[0]?.firstSlot}`);
    need(ranges[ranges.length - 1]?.lastSlot === slots - 1, () => `last range ends at ${ranges[ranges.length - 1]?.lastSlot}, not ${slots - 1}`);
    let min = Infinity;
    let max = -Infinity;
    ranges.forEach((r, i) => {
      need(r.shard === i + 1, () => `range ${i} is shard ${r.shard}`);
      if (i > 0) need(r.firstSlot === ranges[i - 1]!.lastSlot + 1, () => `shard ${r.shard} starts at ${r.firstSlot}, after ${ranges[i - 1]!.lastSlot}`);
      const size = r.lastSlot - r.firstSlot + 1;
      need(size >= 1, () => `shard ${r.shard} holds ${size} slots`);
      if (firstLighter && i === 0 && ranges.length > 1) return;
      min = Math.min(min, size);
      max = Math.max(max, size);
    });
    need(max - min <= 1, () => `shard sizes range from ${min} to ${max}`);
    if (firstLighter && ranges.length > 1) {
      const first = ranges[0]!.lastSlot - ranges[0]!.firstSlot + 1;
      need(first <= min, () => `the first shard holds ${first} slots, more than another's ${min}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('capacity planner properties', () => {
  it('generates schema-valid blueprints, most of which can be planned', () => {
    // GIVEN a sample of generated worlds
    const worlds = fc.sample(worldArb, { numRuns: 200, seed: 20261122 });
    // THEN the schema accepts each blueprint and adds or changes nothing (it is complete)
    for (const w of worlds) {
      const blueprint = blueprintOf(w);
      const parsed = BlueprintSchema.safeParse(blueprint);
      expect(parsed.error?.issues ?? []).toEqual([]);
      deepEqual(parsed.data, blueprint);
    }
    // WHEN they are planned
    const planned = worlds.filter((w) => tryPlan(w) !== undefined);
    // THEN few need more shards than slots (else the properties below would prove little)
    expect(planned.length).toBeGreaterThanOrEqual(140);
    // AND the sample covers both tiers, both AZ counts and both kinds of scenario
    expect(new Set(planned.map((w) => `${w.tier}/${w.availabilityZones}/${'annualGrowthRate' in w.scenario}`)).size).toBe(8);
  });

  it('is deterministic: the same input, or a deep copy, gives a deep-equal plan with identical JSON; the input is not mutated', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN an input and a deep copy of it
        const input = toInput(w);
        const copy = structuredClone(input);
        const before = JSON.stringify(input);
        // WHEN both are planned
        let first: CapacityPlan;
        try {
          first = planCapacity(input);
        } catch (error) {
          fc.pre(!(error instanceof PlanError && /shards by month \d+ but has only \d+ slots/.test(error.message)));
          throw error;
        }
        const second = planCapacity(copy);
        // THEN the plans are equal and serialise identically, also when planned again; the input is untouched
        // (node's deepEqual, not isDeepStrictEqual: structuredClone under jest builds objects of another
        // realm, whose prototypes differ; jest's toEqual would do too but costs seconds over 200 plans)
        deepEqual(second, first);
        expect([JSON.stringify(second), JSON.stringify(planCapacity(input)), JSON.stringify(input)]).toEqual([JSON.stringify(first), JSON.stringify(first), before]);
      }),
    );
  });

  it('is monotone in population: more requesters today never yields fewer shards, less fleet capacity, storage or write load, nor a smaller writer for as many shards', () => {
    fc.assert(
      fc.property(worldArb, requestersArb, requestersArb, (w, r1, r2) => {
        // GIVEN two worlds that differ only in today's requesters
        const less = tryPlan({ ...w, requesters: Math.min(r1, r2) });
        const more = tryPlan({ ...w, requesters: Math.max(r1, r2) });
        // THEN one the planner cannot fit into the slots stays unplannable with more requesters
        if (less === undefined) {
          expect(more).toBeUndefined();
          return;
        }
        fc.pre(more !== undefined);
        // AND the larger one provisions no fewer resources
        expect(fewerResources(less, more!)).toEqual([]);
      }),
    );
  });

  it('is monotone in scenario growth: a higher annualGrowthRate, a larger target or the same target sooner never yields fewer resources', () => {
    const slowAndFast = fc.oneof(
      fc.tuple(rateArb, rateArb).map(([a, b]): [Scenario, Scenario] => [{ annualGrowthRate: Math.min(a, b) }, { annualGrowthRate: Math.max(a, b) }]),
      fc.tuple(targetArb, targetArb, fc.integer({ min: 1, max: 120 })).map(([a, b, inMonths]): [Scenario, Scenario] => [
        { requesters: Math.min(a, b), inMonths },
        { requesters: Math.max(a, b), inMonths },
      ]),
      fc.tuple(targetArb, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 })).map(([requesters, a, b]): [Scenario, Scenario] => [
        { requesters, inMonths: Math.max(a, b) },
        { requesters, inMonths: Math.min(a, b) },
      ]),
    );
    fc.assert(
      fc.property(worldArb, slowAndFast, (w, [slow, fast]) => {
        // GIVEN two worlds that differ only in the scenario's growth
        const less = tryPlan({ ...w, scenario: slow });
        const more = tryPlan({ ...w, scenario: fast });
        if (less === undefined) {
          expect(more).toBeUndefined();
          return;
        }
        fc.pre(more !== undefined);
        // THEN the faster one provisions no fewer resources (same sense as for population)
        expect(fewerResources(less, more!)).toEqual([]);
      }),
    );
  });

  it('grows the population along the scenario: today at month 0, the rate or the target (flat after its month) at the horizon', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        const requesters = plan.timeline.map((p) => p.requesters);
        const target = 'annualGrowthRate' in w.scenario ? undefined : { requesters: Math.max(w.scenario.requesters, w.requesters), inMonths: w.scenario.inMonths };
        const atHorizon =
          target === undefined
            ? w.requesters * (1 + (w.scenario as { annualGrowthRate: number }).annualGrowthRate) ** (w.horizonMonths / 12)
            : w.horizonMonths >= target.inMonths
              ? target.requesters
              : w.requesters * (target.requesters / w.requesters) ** (w.horizonMonths / target.inMonths);
        const growing = atHorizon >= w.requesters;
        const problems = broken((need) => {
          // THEN the timeline runs month 0..horizon, from today's requesters to the scenario's
          need(plan.timeline.length === w.horizonMonths + 1 && plan.timeline.every((p, i) => p.month === i), () => `months ${plan.timeline.map((p) => p.month).join(',')}`);
          need(requesters[0] === w.requesters, () => `month 0 has ${requesters[0]} requesters, not ${w.requesters}`);
          need(Math.abs(requesters[w.horizonMonths]! - atHorizon) <= EPS * atHorizon, () => `horizon has ${requesters[w.horizonMonths]}, not ${atHorizon}`);
          // AND moves steadily in one direction, with agents never below today's team
          requesters.forEach((r, i) => need(i === 0 || (growing ? r >= requesters[i - 1]! * (1 - EPS) : r <= requesters[i - 1]! * (1 + EPS)), () => `month ${i}: ${r} after ${requesters[i - 1]}`));
          need(plan.timeline.every((p) => p.agents >= w.agents), () => `agents below today's ${w.agents}`);
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('never lowers shard counts along the timeline, holds each month\'s data and writes within target, and provisions the maximum', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        const problems = broken((need) => {
          GROUPS.forEach((group, g) => {
            // THEN shards never fall from one month to the next
            const shards = plan.timeline.map((p) => p.databaseGroups[group]!.shards);
            shards.forEach((n, i) => need(i === 0 || n >= shards[i - 1]!, () => `${group}: ${n} shards in month ${i} after ${shards[i - 1]}`));
            // AND each month's shards hold its data and carry its writes within target
            for (const point of plan.timeline) {
              const load = point.databaseGroups[group]!;
              const [storageRoom, writeRoom] = [load.shards * w.shardStorageGb * w.targetUtilization, load.shards * w.shardWriteTps * w.targetUtilization];
              need(load.storageGb <= storageRoom * (1 + EPS), () => `${group} month ${point.month}: ${load.storageGb} GB on ${load.shards} shards`);
              need(load.writeTps <= writeRoom * (1 + EPS), () => `${group} month ${point.month}: ${load.writeTps} TPS on ${load.shards} shards`);
            }
            // AND the plan provisions the need at the start plus the lead time (within the horizon), at least minShards
            const db = plan.databases[group]!;
            const provisioned = Math.min(w.shardLeadTimeMonths, w.horizonMonths);
            need(db.provisionedForMonth === provisioned && db.shards === shards[provisioned], () => `${group}: plans ${db.shards} for month ${db.provisionedForMonth}, timeline ${shards.join(',')}`);
            need(db.shards >= w.groups[g]!.minShards, () => `${group}: ${db.shards} < minShards ${w.groups[g]!.minShards}`);
            // AND the binding constraint is the one that needs the most shards
            const needs = db.shardsNeededBy;
            need(needs[db.binding] === Math.max(needs.minimum, needs.writes, needs.storage, needs.restore, needs.sharedCluster), () => `${group}: binding ${db.binding} of ${JSON.stringify(needs)}`);
            // AND each step-up names a strictly larger count, the last being the horizon's
            const steps = db.shardStepUps.map((s) => s.count);
            steps.forEach((n, i) => need(i === 0 || n > steps[i - 1]!, () => `${group}: step-ups ${steps.join(',')}`));
            need(steps.length === 0 || steps[steps.length - 1] === shards[shards.length - 1], () => `${group}: last step-up ${steps[steps.length - 1]} ≠ ${shards[shards.length - 1]}`);
            // AND the next shards are exactly the step-ups after the provisioned month, each to be added a lead time before
            const later = db.shardStepUps.filter((s) => s.month > provisioned);
            need(
              JSON.stringify(db.nextShards.map((n) => [n.month, n.count, n.provisionByMonth])) === JSON.stringify(later.map((s) => [s.month, s.count, Math.max(0, s.month - w.shardLeadTimeMonths)])),
              () => `${group}: next shards ${JSON.stringify(db.nextShards)} vs step-ups ${JSON.stringify(later)}`,
            );
          });
          // AND the shared cluster, where there is one, carries its members' first shards within one shard's limits
          if (plan.databases.shared) {
            for (const point of plan.timeline) {
              const shared = point.databaseGroups.shared!;
              need(shared.storageGb <= w.shardStorageGb * w.targetUtilization * (1 + EPS), () => `shared month ${point.month}: ${shared.storageGb} GB`);
              need(shared.writeTps <= w.shardWriteTps * w.targetUtilization * (1 + EPS), () => `shared month ${point.month}: ${shared.writeTps} TPS`);
            }
          }
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('keeps fleet utilization at the horizon peak after the planned failure within target', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        const problems = broken((need) => {
          for (const module of MODULES) {
            const fleet = plan.fleets[module]!;
            // THEN the utilization after the worst single failure is within target. This holds even when
            // exceedsFleetLimit: the fleet then grows past maxInstancesPerFleet of the largest type.
            need(fleet.utilizationAtHorizonPeak <= w.targetUtilization + EPS, () => `${module}: ${fleet.utilizationAtHorizonPeak} > ${w.targetUtilization}`);
            // AND it is what the fleet's own numbers give (survivors: all outside production, else all but the fullest AZ)
            const survivors = w.tier === 'production' ? fleet.maxSize - Math.ceil(fleet.maxSize / w.availabilityZones) : fleet.maxSize;
            const expected = peakRequests(plan, module) / (survivors * fleet.requestsPerSecondPerInstance);
            need(Math.abs(fleet.utilizationAtHorizonPeak - expected) <= EPS * expected, () => `${module}: reports ${fleet.utilizationAtHorizonPeak}, computed ${expected}`);
          }
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('keeps the busiest writer within target for provisioned groups when the largest writer class suffices', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const planned = plannable(w);
        const { plan, blueprint } = planned;
        const largest = blueprint.capacity.writerClasses[blueprint.capacity.writerClasses.length - 1]!;
        const problems = broken((need) => {
          for (const group of GROUPS) {
            const db = plan.databases[group]!;
            if (db.serverless) {
              need(db.instanceClass === 'db.serverless', () => `${group}: serverless group on ${db.instanceClass}`);
              continue;
            }
            // THEN the utilization reported is the busiest shard's writes (computed here) over the writer's TPS
            const shardWrites = busiestShardWrites(plan, group);
            const expected = shardWrites / writerTps(planned, group);
            need(Math.abs(db.writerUtilization - expected) <= EPS * expected, () => `${group}: reports ${db.writerUtilization}, computed ${expected}`);
            if (shardWrites <= largest.writeTps * w.targetUtilization) {
              // AND when the largest class can carry them within target, the chosen class does,
              need(db.writerUtilization <= w.targetUtilization + EPS, () => `${group}: writer at ${db.writerUtilization} > ${w.targetUtilization}`);
              // so all writers together carry the group's peak writes within target
              const capacity = db.shards * writerTps(planned, group) * w.targetUtilization;
              need(capacity >= peakWrites(plan, group) * (1 - EPS), () => `${group}: writers carry ${capacity} TPS < peak ${peakWrites(plan, group)}`);
            } else {
              // AND otherwise the largest class is chosen
              need(db.instanceClass === largest.class, () => `${group}: ${db.instanceClass} although only ${largest.class} comes close`);
            }
            need(db.readersPerShard <= blueprint.capacity.maxReadersPerShard, () => `${group}: ${db.readersPerShard} readers > max`);
            need(w.tier !== 'production' || db.readersPerShard >= 1, () => `${group}: production shard without a reader`);
          }
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('sizes every fleet min <= desired <= max; production keeps min >= 2 and survives one lost AZ within target', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        const problems = broken((need) => {
          for (const module of MODULES) {
            const { minSize, desiredSize, maxSize, requestsPerSecondPerInstance: rps } = plan.fleets[module]!;
            // THEN 1 <= min <= desired <= max, whole numbers
            need([minSize, desiredSize, maxSize].every(Number.isInteger), () => `${module}: sizes ${minSize}/${desiredSize}/${maxSize} not whole`);
            need(1 <= minSize && minSize <= desiredSize && desiredSize <= maxSize, () => `${module}: min ${minSize}, desired ${desiredSize}, max ${maxSize}`);
            // AND desired carries today's peak (unless that needs more than max), min today's off-hours load
            // (the module's offHoursShare of the peak) with no more instances than the tier's floor requires
            const fleet = plan.fleets[module]!;
            const rule = { tier: w.tier, availabilityZones: w.availabilityZones };
            const forToday = instancesFor(fleet.peakRequestsPerSecondToday, rps, w.targetUtilization, rule);
            need(desiredSize === Math.min(maxSize, forToday), () => `${module}: desired ${desiredSize}, today's peak needs ${forToday}`);
            const offHours = w.modules[MODULES.indexOf(module)]!.offHoursShare;
            const forOffHours = Math.max(w.tier === 'production' ? 2 : 1, instancesFor(fleet.peakRequestsPerSecondToday * offHours, rps, w.targetUtilization, rule));
            need(minSize === Math.min(desiredSize, forOffHours), () => `${module}: min ${minSize}, off-hours load needs ${forOffHours}`);
            if (w.tier !== 'production') continue;
            // AND in production: min >= 2, and the instances left after losing the fullest AZ (instances
            // spread evenly, so it holds ceil(max / AZs)) carry the peak within target
            need(minSize >= 2, () => `${module}: production min ${minSize}`);
            const survivors = maxSize - Math.ceil(maxSize / w.availabilityZones);
            const peak = peakRequests(plan, module);
            need(survivors * rps * w.targetUtilization >= peak * (1 - EPS), () => `${module}: ${survivors} survivors × ${rps} rps × ${w.targetUtilization} < peak ${peak}`);
          }
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('sizes fleets like a search for the smallest count that survives the worst single failure (instancesFor)', () => {
    // A reference: the smallest count, from 2 and N+1 in production, whose survivors of a lost AZ
    // (instances spread evenly, so the fullest AZ holds ceil(count / AZs)) reach the instances needed.
    const reference = (needed: number, tier: string, azs: number) => {
      if (tier !== 'production') return needed;
      let count = Math.max(2, needed + 1);
      while (count - Math.ceil(count / azs) < needed) count++;
      return count;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        decimal(0.5, 400),
        decimal(0.5, 0.95),
        fc.constantFrom('production' as const, 'non-production' as const),
        fc.constantFrom(2, 3),
        (needed, rps, u, tier, azs) => {
          // GIVEN a demand that needs exactly `needed` instances at target, and one half an instance over it
          const rule = { tier, availabilityZones: azs };
          // THEN instancesFor agrees with the search
          expect([instancesFor(needed * rps * u, rps, u, rule), instancesFor((needed + 0.5) * rps * u, rps, u, rule)]).toEqual([
            reference(Math.max(1, needed), tier, azs),
            reference(needed + 1, tier, azs),
          ]);
        },
      ),
    );
  });

  it('keeps at least the capacity the smaller instance type gave when load pushes a fleet to a bigger type', () => {
    // Targets the switch itself, where random worlds rarely land: production, and the largest load the
    // smaller type carries within maxInstancesPerFleet (its survivors of a lost AZ at target), then a bit more.
    fc.assert(
      fc.property(worldArb, decimal(0.01, 1), (w, over) => {
        // GIVEN a world with at least two instance types, its fleet for incident and the demand at the switch
        fc.pre(w.instanceRps.length >= 2);
        const blueprint = blueprintOf({ ...w, tier: 'production' });
        const rule = { tier: 'production' as const, availabilityZones: w.availabilityZones };
        const small = blueprint.capacity.instanceTypes[0]!;
        const maxInstances = blueprint.capacity.maxInstancesPerFleet;
        const survivors = maxInstances - Math.ceil(maxInstances / w.availabilityZones);
        fc.pre(survivors >= 1);
        const fits = survivors * small.requestsPerSecond * w.targetUtilization;
        const schedule = { ...blueprint.modules.incident!.schedule! };
        const fleetFor = (demand: number) => planFleet('incident', blueprint.modules.incident!, blueprint, [monthWith(demand)], rule, schedule);
        // WHEN the demand grows just past what the smaller type can carry
        const before = fleetFor(fits);
        const after = fleetFor(fits + over * small.requestsPerSecond * w.targetUtilization);
        // THEN the smallest type served before and a bigger one after, with no less capacity
        expect([before.instanceType, after.instanceType === small.type]).toEqual([small.type, false]);
        expect(after.maxSize * after.requestsPerSecondPerInstance).toBeGreaterThanOrEqual(before.maxSize * before.requestsPerSecondPerInstance);
      }),
    );
    function monthWith(incidentRps: number): MonthPoint {
      return {
        month: 0,
        requesters: 1,
        agents: 1,
        ticketsPerMonth: 1,
        concurrentUsers: 1,
        plannedConcurrentUsers: 1,
        locations: {},
        peakRequestsPerSecond: { incident: incidentRps },
        requestsPerMonth: 0,
        databaseGroups: {},
        attachmentStorageGb: 0,
      };
    }
  });

  it('maps slots to shards as contiguous ranges covering 0..slots-1 once, shards 1..n, sizes within 1 of each other (a shared-cluster member\'s first shard no larger)', () => {
    // GIVEN any slot count the schema allows and any shard count up to it
    fc.assert(
      fc.property(
        // (shard counts beyond a few thousand only cost time: the arithmetic is the same)
        fc.integer({ min: 64, max: 65_536 }).chain((slots) => fc.tuple(fc.constant(slots), fc.integer({ min: 1, max: Math.min(slots, 4_096) }))),
        ([slots, shards]) => {
          // THEN slotMap's ranges hold the invariants
          expect(slotMapProblems(slots, shards, slotMap(slots, shards))).toEqual([]);
        },
      ),
    );
    // AND so do the slot maps of generated plans
    fc.assert(
      fc.property(worldArb, (w) => {
        const { plan } = plannable(w);
        expect(Object.values(plan.databases).flatMap((db) => slotMapProblems(db.slots, db.shards, db.slotMap, db.firstShardIn !== undefined))).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('backs up no less often than the RPO from an hour up, continuously under an hour', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 20_160 }), decimal(0.01, 120)), fc.integer({ min: 1, max: 100 }), (rpoMinutes, retentionYears) => {
        // WHEN backups are planned for an RPO
        const backup = planBackup(rpoMinutes, retentionYears, { tier: 'production', breakGlassRoleName: 'break-glass' });
        const hours = backup.frequencyMinutes / 60;
        const problems = broken((need) => {
          // THEN the interval is one AWS Backup schedules well, and the schedule fires at it
          need(BACKUP_INTERVALS_MINUTES.some((i) => i === backup.frequencyMinutes), () => `interval ${backup.frequencyMinutes}`);
          const cron = hours === 24 ? 'cron(0 3 * * ? *)' : `cron(0 0/${hours} * * ? *)`;
          need(backup.scheduleExpression === cron, () => `schedule ${backup.scheduleExpression} for ${backup.frequencyMinutes} min`);
          if (rpoMinutes >= 60) {
            // AND from an hour up a snapshot at least every RPO meets it alone
            need(backup.frequencyMinutes <= rpoMinutes, () => `every ${backup.frequencyMinutes} min > RPO ${rpoMinutes}`);
            need(!backup.continuous && backup.rpoMetMinutes <= rpoMinutes, () => `continuous ${backup.continuous}, met ${backup.rpoMetMinutes}`);
          } else {
            // AND under an hour continuous backup (point-in-time recovery) covers the gap
            need(backup.continuous && backup.rpoMetMinutes === CONTINUOUS_BACKUP_RPO_MINUTES, () => `continuous ${backup.continuous} for RPO ${rpoMinutes}`);
          }
          need(backup.longTermRetentionDays >= Math.max(retentionYears * 365, backup.coldStorageAfterDays + 90), () => `kept ${backup.longTermRetentionDays} days`);
        });
        expect(problems).toEqual([]);
      }),
    );
  });

  it('chooses the cheapest DR posture whose achievable RTO/RPO meet the required ones, or refuses with a PlanError', () => {
    const backupInterval = (rpo: number) => [...BACKUP_INTERVALS_MINUTES].reverse().find((i) => i <= rpo) ?? 60;
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 2_880 }), decimal(0.5, 300)),
        fc.oneof(fc.integer({ min: 1, max: 2_880 }), decimal(0.1, 120)),
        fc.integer({ min: 1, max: 3 }),
        (rtoMinutes, rpoMinutes, regionCount) => {
          const levels: ServiceLevels = { ...DEFAULT_BLUEPRINT.serviceLevels, rtoMinutes, rpoMinutes };
          const regions = ['us-east-1', 'us-west-2', 'eu-west-1'].slice(0, regionCount);
          // GIVEN the cheapest posture meeting both objectives, found here from the capability table
          const meets = POSTURES.find((p) => p.rtoMinutes <= rtoMinutes && (p.rpoMinutes ?? backupInterval(rpoMinutes)) <= rpoMinutes);
          if (meets === undefined || (meets.needsSecondRegion && regionCount < 2)) {
            // THEN an unreachable objective is refused with a PlanError
            expect(() => planDr(levels, regions)).toThrow(PlanError);
            return;
          }
          // THEN otherwise the plan takes that posture and achieves what is required
          const dr = planDr(levels, regions);
          expect([dr.posture, dr.achievableRtoMinutes <= rtoMinutes, dr.achievableRpoMinutes <= rpoMinutes]).toEqual([meets.posture, true, true]);
          expect([...dr.servingRegions, ...dr.standbyRegions].sort()).toEqual([...regions].sort());
        },
      ),
    );
  });

  it('plans backups and DR within the service levels for generated environments', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        // THEN the DR posture achieves the RTO and RPO asked for
        const { dr, backup } = plan;
        expect([dr.requiredRtoMinutes, dr.requiredRpoMinutes]).toEqual([w.rtoMinutes, w.rpoMinutes]);
        expect([dr.achievableRtoMinutes <= w.rtoMinutes, dr.achievableRpoMinutes <= w.rpoMinutes]).toEqual([true, true]);
        // AND backups run at least every RPO from an hour up, continuously below
        expect(w.rpoMinutes >= 60 ? backup.frequencyMinutes <= w.rpoMinutes : backup.continuous).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
  it('plans every input the schema accepts to an end: a plan with countable sizes, or a PlanError that says what to change', () => {
    // Boundedness is structural, not timed: every loop of capacity/ runs over the timeline (at most 121
    // months), the modules, groups, postures or a fleet's AZs, and counts past 2^53 are refused (the
    // bench measures the time). Here: the schema's extremes, which once looped forever (annualGrowthRate
    // 100 over 120 months), end in a plan or a PlanError.
    /** Whole numbers from 1 to about 10^12 (LARGEST_NUMBER), spread over the orders of magnitude. */
    const huge = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 9 })).map(([m, e]) => m * 10 ** e);
    const extreme: fc.Arbitrary<World> = fc
      .record({
        base: worldArb,
        requesters: huge,
        agents: huge,
        scenario: fc.oneof(
          decimal(0, 100).map((annualGrowthRate): Scenario => ({ annualGrowthRate })),
          fc.tuple(huge, fc.integer({ min: 1, max: 600 })).map(([requesters, inMonths]): Scenario => ({ requesters, inMonths })),
        ),
        horizonMonths: fc.integer({ min: 1, max: 120 }),
        requestsPerAction: huge,
        ticketsPerRequesterPerMonth: decimal(0.01, 1_000),
        maxInstancesPerFleet: fc.integer({ min: 2, max: 1_000 }),
      })
      .map(({ base, requesters, agents, scenario, horizonMonths, requestsPerAction, ticketsPerRequesterPerMonth, maxInstancesPerFleet }) => ({
        ...base,
        requesters,
        agents,
        scenario,
        horizonMonths,
        maxInstancesPerFleet,
        workload: { ...base.workload, concurrency: { ...base.workload.concurrency, requestsPerAction }, ticketsPerRequesterPerMonth },
      }));
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(extreme, (w) => {
        // GIVEN an input the schema accepts
        const input = toInput(w);
        expect(BlueprintSchema.safeParse(input.blueprint).error?.issues ?? []).toEqual([]);
        // WHEN it is planned
        let plan: CapacityPlan;
        try {
          plan = planCapacity(input);
        } catch (error) {
          // THEN a refusal is a PlanError that names what to change
          expect(error).toBeInstanceOf(PlanError);
          expect((error as PlanError).message).toMatch(/lower|raise|add|relax/);
          outcomes.add('refused');
          return;
        }
        // THEN a plan counts whole, exact instances and at most as many shards as slots
        const sizes = Object.values(plan.fleets).flatMap((f) => [f.minSize, f.desiredSize, f.maxSize]);
        expect(sizes.every(Number.isSafeInteger)).toBe(true);
        expect(Object.values(plan.databases).every((db) => db.shards <= db.slots)).toBe(true);
        outcomes.add('planned');
      }),
      { numRuns: 150 },
    );
    // AND the sample reaches both ends
    expect([...outcomes].sort()).toEqual(['planned', 'refused']);
  });

  it('plans month m the same for every horizon of at least m months, and the same databases once the horizon covers the lead time', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 120 }), (w, other) => {
        // GIVEN the same world planned over two horizons
        const [short, long] = [Math.min(w.horizonMonths, other), Math.max(w.horizonMonths, other)];
        const a = tryPlan({ ...w, horizonMonths: short });
        const b = tryPlan({ ...w, horizonMonths: long });
        fc.pre(a !== undefined && b !== undefined);
        // THEN the shorter timeline is the longer one cut: every month up to the shorter horizon is equal
        deepEqual(b!.plan.timeline.slice(0, short + 1), a!.plan.timeline);
        // AND so are the provisioned databases (shards, class, readers), when both horizons reach the lead time
        if (short >= w.shardLeadTimeMonths) {
          const provisioned = (p: CapacityPlan) => Object.values(p.databases).map((d) => [d.shards, d.provisionedForMonth, d.instanceClass, d.binding]);
          // (the class also answers to the fleets' connections, which follow the horizon's peak)
          expect(provisioned(b!.plan).map((d) => [d[0], d[1], d[3]])).toEqual(provisioned(a!.plan).map((d) => [d[0], d[1], d[3]]));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never puts the global busiest hour above the sum of the locations\' own peaks, nor below the largest of them', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        // GIVEN a plan
        const { plan } = plannable(w);
        const problems = broken((need) => {
          need(plan.traffic.globalPeakShare <= 1 + EPS, () => `global peak share ${plan.traffic.globalPeakShare}`);
          for (const point of plan.timeline) {
            // THEN the global peak (all modules) lies between the largest location's own peak and the sum of them
            const global = MODULES.reduce((sum, m) => sum + point.peakRequestsPerSecond[m]!, 0);
            const locals = Object.values(point.locations).map((l) => l.peakRequestsPerSecond);
            const sum = locals.reduce((a, b) => a + b, 0);
            need(global <= sum * (1 + EPS), () => `month ${point.month}: global ${global} > sum of locations ${sum}`);
            need(global >= Math.max(...locals) * (1 - EPS), () => `month ${point.month}: global ${global} < largest location ${Math.max(...locals)}`);
            // AND the locations hold the whole population
            const requesters = Object.values(point.locations).reduce((a, l) => a + l.requesters, 0);
            need(Math.abs(requesters - point.requesters) <= EPS * point.requesters, () => `month ${point.month}: locations hold ${requesters} of ${point.requesters}`);
          }
        });
        expect(problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
