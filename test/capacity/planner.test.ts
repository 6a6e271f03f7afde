/**
 * Example-based tests of the capacity planner with hand-computed expectations. The invariants over
 * generated inputs are in properties.test.ts.
 */
import { planBackup } from '../../capacity/backup';
import { planDatabase, slotMoves, slotMovesBetween } from '../../capacity/database';
import { slotMapProblem } from '../../constructs/sharded-database/slot-map';
import { contiguousSlotMap as slotMap, firstShardSlots, SlotRange, weightedSlotMap } from '../../foundation/slot-map';
import { choosePosture, PostureChoice } from '../../capacity/dr';
import { instancesFor, planFleet, RedundancyRule, survivingInstances } from '../../capacity/fleet';
import { requestersAt, targetMonth } from '../../capacity/growth';
import { ModuleSchedule } from '../../capacity/traffic';
import { PlanError, planCapacity, PlanInput } from '../../capacity/plan';
import { MonthPoint } from '../../capacity/types';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint } from '../../model/schema';

const project = loadProject({ root: `${__dirname}/../..` });
const BLUEPRINT: Blueprint = project.blueprints.get('itsm-standard')!.value;
/** The default blueprint without its shared cluster: every group keeps all its shards, slots spread evenly. */
const WITHOUT_SHARED_CLUSTER: Blueprint = (() => {
  const { sharedCluster: _, ...capacity } = BLUEPRINT.capacity;
  return { ...BLUEPRINT, capacity };
})();

/** The plan of a repository environment, optionally for another scenario. */
function planFor(environment: string, scenario?: string) {
  const resolved = resolveEnvironment(project, environment);
  return planCapacity({ ...resolved, ...(scenario ? { scenario } : {}) });
}

/** The posture chosen, or the reason none is. */
function posture(rtoMinutes: number, rpoMinutes: number, regionCount: number): string {
  const choice = choosePosture(rtoMinutes, rpoMinutes, regionCount);
  return 'reason' in choice ? `none: ${choice.reason}` : (choice as PostureChoice).capability.posture;
}

const PROD_3AZ: RedundancyRule = { tier: 'production', availabilityZones: 3 };
const PROD_2AZ: RedundancyRule = { tier: 'production', availabilityZones: 2 };
const NON_PROD: RedundancyRule = { tier: 'non-production', availabilityZones: 2 };
/** Business hours with 30% of the busiest hour's load outside them. */
const SCHEDULE: ModuleSchedule = { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 6, endHour: 20, offHoursShare: 0.3 };

/** A month of the timeline with one person and nothing else, but what a test sets. */
function monthPoint(fields: Partial<MonthPoint> & Pick<MonthPoint, 'month'>): MonthPoint {
  return { requesters: 1, agents: 1, ticketsPerMonth: 1, concurrentUsers: 1, plannedConcurrentUsers: 1, locations: {}, peakRequestsPerSecond: {}, requestsPerMonth: 0, databaseGroups: {}, attachmentStorageGb: 0, ...fields };
}

describe('requestersAt', () => {
  it('compounds an annual growth rate monthly', () => {
    // GIVEN 1000 requesters growing 44% a year (1.2 per half year)
    const scenario = { annualGrowthRate: 0.44 };
    // THEN month 0 is today, month 6 is × 1.2, month 12 × 1.44, month 24 × 1.44²
    expect(requestersAt(1000, scenario, 0, undefined)).toBe(1000);
    expect(requestersAt(1000, scenario, 6, undefined)).toBeCloseTo(1200, 9);
    expect(requestersAt(1000, scenario, 12, undefined)).toBeCloseTo(1440, 9);
    expect(requestersAt(1000, scenario, 24, undefined)).toBeCloseTo(2073.6, 9);
  });

  it('keeps the population flat at a growth rate of 0', () => {
    expect(requestersAt(750, { annualGrowthRate: 0 }, 60, undefined)).toBe(750);
  });

  it('grows geometrically to a target at its month, and stays there after it', () => {
    // GIVEN 500 requesters today and 50,000 in 36 months (× 100: × 10 per 18 months)
    const scenario = { requesters: 50_000, inMonths: 36 };
    // THEN
    expect(requestersAt(500, scenario, 0, 36)).toBe(500);
    expect(requestersAt(500, scenario, 18, 36)).toBeCloseTo(5_000, 9);
    expect(requestersAt(500, scenario, 12, 36)).toBeCloseTo(500 * Math.cbrt(100), 9); // ≈ 2320.79
    expect(requestersAt(500, scenario, 36, 36)).toBe(50_000);
    // AND after the target the population holds: a longer horizon adds months, not growth
    expect(requestersAt(500, scenario, 120, 36)).toBe(50_000);
  });

  it('dates a target from the start date: by 2029-12-31 from 2027-01-04 is month 35', () => {
    expect(targetMonth('aggressive', { requesters: 50_000, by: '2029-12-31' }, '2027-01-04')).toBe(35);
    expect(targetMonth('aggressive', { requesters: 50_000, inMonths: 60 }, '2027-01-04')).toBe(60);
    expect(targetMonth('moderate', { annualGrowthRate: 0.5 }, '2027-01-04')).toBeUndefined();
  });

  it('refuses a target less than a month after the start, at the scenario\'s date', () => {
    const run = () => targetMonth('aggressive', { requesters: 50_000, by: '2027-01-20' }, '2027-01-04');
    expect(run).toThrow(PlanError);
    expect(run).toThrow('scenario "aggressive": by 2027-01-20 is less than a month after the environment\'s startDate 2027-01-04; a target needs time to grow into (give a later date, or inMonths)');
  });

  it('is geometric below today too, though planCapacity and the schema refuse a shrinking scenario (limits.test.ts)', () => {
    // 1000 → 250 over 12 months: halves every 6 months
    expect(requestersAt(1000, { requesters: 250, inMonths: 12 }, 6, 12)).toBeCloseTo(500, 9);
  });
});

describe('survivingInstances / instancesFor', () => {
  it('loses the fullest AZ in production and nothing outside it', () => {
    // 6 over 3 AZs: 2 per AZ, 4 survive; 5: the fullest holds 2, 3 survive; 8 over 2 AZs: 4 survive
    expect(survivingInstances(6, PROD_3AZ)).toBe(4);
    expect(survivingInstances(5, PROD_3AZ)).toBe(3);
    expect(survivingInstances(8, PROD_2AZ)).toBe(4);
    expect(survivingInstances(2, PROD_3AZ)).toBe(1);
    expect(survivingInstances(6, NON_PROD)).toBe(6);
  });

  it('needs 6 instances over 3 AZs in production where 4 carry the load', () => {
    // GIVEN 128 rps at 40 rps per instance and 80% target: exactly 4 instances (4 × 40 × 0.8 = 128)
    // THEN production over 3 AZs needs 6 (losing an AZ of 2 leaves 4); 5 would leave 3
    expect(instancesFor(128, 40, 0.8, PROD_3AZ)).toBe(6);
    // AND over 2 AZs it needs 8 (losing an AZ of 4 leaves 4)
    expect(instancesFor(128, 40, 0.8, PROD_2AZ)).toBe(8);
    // AND outside production 4
    expect(instancesFor(128, 40, 0.8, NON_PROD)).toBe(4);
  });

  it('adds an instance as soon as the load passes a whole instance', () => {
    // 128.5 rps needs 5 instances at target; production over 3 AZs: ceil(5 × 3 / 2) = 8 (8 - 3 = 5 survive)
    expect(instancesFor(128.5, 40, 0.8, NON_PROD)).toBe(5);
    expect(instancesFor(128.5, 40, 0.8, PROD_3AZ)).toBe(8);
  });

  it('keeps at least 2 instances in production and 1 outside it, even without load', () => {
    expect(instancesFor(1, 40, 0.8, PROD_3AZ)).toBe(2);
    expect(instancesFor(0, 40, 0.8, PROD_2AZ)).toBe(2);
    expect(instancesFor(1, 40, 0.8, NON_PROD)).toBe(1);
    expect(instancesFor(0, 40, 0.8, NON_PROD)).toBe(1);
  });

  it('sizes large fleets by formula, not by search', () => {
    // GIVEN 1,000,000 rps at 5 rps per instance and 50%: 400,000 instances at target
    // THEN production over 3 AZs needs 600,000 (the 400,000 left after losing 200,000) at once
    const started = Date.now();
    expect(instancesFor(1_000_000, 5, 0.5, PROD_3AZ)).toBe(600_000);
    expect(instancesFor(1_000_000, 5, 0.5, PROD_2AZ)).toBe(800_000);
    expect(Date.now() - started).toBeLessThan(200); // the former search took seconds here
  });

  it('throws when production has fewer than 2 AZs to survive losing one', () => {
    expect(() => instancesFor(10, 40, 0.8, { tier: 'production', availabilityZones: 1 })).toThrow(/at least 2 availability zones, got 1/);
  });
});

describe('planFleet', () => {
  /** The default blueprint with another capacity ladder. */
  // The types a test lists are the ones it plans on: without the blueprint's memory minimum (instance-memory.test.ts).
  const withCapacity = (capacity: Partial<Blueprint['capacity']>): Blueprint => {
    const { minInstanceMemoryGib: _, ...rest } = BLUEPRINT.capacity;
    return { ...BLUEPRINT, capacity: { ...rest, ...capacity } };
  };
  const month = (incident: number, m = 0): MonthPoint => monthPoint({ month: m, peakRequestsPerSecond: { incident } });

  it('keeps the capacity the smaller type gave when load moves the fleet to a bigger type', () => {
    // GIVEN types of 10 and 45.5 rps, at most 14 instances, 50% target, production over 3 AZs
    const blueprint = withCapacity({ targetUtilization: 0.5, maxInstancesPerFleet: 14, instanceTypes: [{ type: 'm7i.large', requestsPerSecond: 10 }, { type: 'm7i.4xlarge', requestsPerSecond: 45.5 }] });
    const incident = blueprint.modules.incident!;
    // WHEN 45 rps: 9 small instances at target, 14 with a lost AZ: the limit, still the small type (140 rps)
    const before = planFleet('incident', incident, blueprint, [month(45)], PROD_3AZ, SCHEDULE);
    // AND 45.25 rps: 10 small at target would need 15 > 14, so the big type: 2 at target, 3 with a lost AZ (136.5 rps)
    const after = planFleet('incident', incident, blueprint, [month(45.25)], PROD_3AZ, SCHEDULE);
    // THEN the big fleet keeps at least 140 rps: ceil(14 × 10 / 45.5) = 4 instances (182 rps)
    expect([before.instanceType, before.maxSize]).toEqual(['m7i.large', 14]);
    expect([after.instanceType, after.maxSize, after.exceedsFleetLimit]).toEqual(['m7i.4xlarge', 4, false]);
  });

  it('flags a fleet that needs more than maxInstancesPerFleet of the largest type, and still sizes it within target', () => {
    // GIVEN 1000 rps on 40 rps instances at 80% and at most 12 of them, outside production
    const blueprint = withCapacity({ instanceTypes: [{ type: 'm7i.large', requestsPerSecond: 40 }] });
    // WHEN planned
    const fleet = planFleet('incident', blueprint.modules.incident!, blueprint, [month(1000)], NON_PROD, SCHEDULE);
    // THEN ceil(1000 / 32) = 32 instances, flagged
    expect([fleet.maxSize, fleet.exceedsFleetLimit]).toEqual([32, true]);
    expect(fleet.utilizationAtHorizonPeak).toBeCloseTo(1000 / (32 * 40), 12);
  });

  it('sizes desired for today, max for the peak, min for off hours, and lists the step-ups', () => {
    // GIVEN incident (offHoursShare 0.3) at 60 rps today, 100 at month 12, 200 at month 24; 40 rps × 80% per instance
    const blueprint = withCapacity({ instanceTypes: [{ type: 'm7i.large', requestsPerSecond: 40 }] });
    const fleet = planFleet('incident', blueprint.modules.incident!, blueprint, [month(60, 0), month(100, 12), month(200, 24)], NON_PROD, SCHEDULE);
    // THEN desired ceil(60/32) = 2, max ceil(200/32) = 7, min max(1, ceil(18/32)) = 1; steps at 12 (4) and 24 (7)
    expect([fleet.minSize, fleet.desiredSize, fleet.maxSize]).toEqual([1, 2, 7]);
    expect(fleet.stepUps).toEqual([
      { month: 12, count: 4 },
      { month: 24, count: 7 },
    ]);
    // AND target tracking aims a tenth below the target (where the alarms fire) outside production
    expect(fleet.scalingTargetUtilization).toBeCloseTo(0.72, 12);
  });

  it('aims target tracking lower in production so that the survivors of a lost AZ land at the target', () => {
    const blueprint = withCapacity({ instanceTypes: [{ type: 'm7i.large', requestsPerSecond: 40 }] });
    const fleet = planFleet('incident', blueprint.modules.incident!, blueprint, [month(60)], PROD_3AZ, SCHEDULE);
    // 0.8 × 2/3
    expect(fleet.scalingTargetUtilization).toBeCloseTo(0.8 * (2 / 3), 12);
    expect(fleet.targetRequestsPerSecondPerInstance).toBeCloseTo(40 * 0.8 * (2 / 3), 12);
  });
});

describe('slotMap', () => {
  it('splits 4096 slots over 3 shards as contiguous ranges of 1365, 1365 and 1366', () => {
    expect(slotMap(4096, 3)).toEqual([
      { shard: 1, firstSlot: 0, lastSlot: 1364 },
      { shard: 2, firstSlot: 1365, lastSlot: 2729 },
      { shard: 3, firstSlot: 2730, lastSlot: 4095 },
    ]);
  });

  it('gives one shard every slot', () => {
    expect(slotMap(1024, 1)).toEqual([{ shard: 1, firstSlot: 0, lastSlot: 1023 }]);
  });

  it('refuses more shards than slots and shard counts that are not whole and positive', () => {
    expect(() => slotMap(64, 65)).toThrow(/65 shards cannot share 64 slots/);
    expect(() => slotMap(4096, 0)).toThrow(/shards must be a whole number >= 1, got 0/);
    expect(() => slotMap(4096, 1.5)).toThrow(/whole number/);
  });
});

describe('weightedSlotMap', () => {
  it('gives the first shard its weighted part and splits the rest evenly, a valid contiguous map for every count', () => {
    for (const slots of [24, 61, 4096]) {
      for (let shards = 1; shards <= 24; shards++) {
        for (const weight of [0.01, 0.17, 0.61, 1]) {
          const map = weightedSlotMap(slots, shards, weight);
          const sizes = map.map((r) => r.lastSlot - r.firstSlot + 1);
          expect({ slots, shards, weight, problem: slotMapProblem(map, slots, shards) }).toEqual({ slots, shards, weight, problem: undefined });
          expect(sizes[0]).toBe(firstShardSlots(slots, shards, weight));
          const others = sizes.slice(1);
          if (others.length > 0) {
            // the others differ by at least one slot at most, and none is lighter than the first
            expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(1);
            expect(Math.min(...others)).toBeGreaterThanOrEqual(sizes[0]!);
          }
        }
      }
    }
  });

  it('holds w / (w + n - 1) of the slots in the first shard, floored, at least one and leaving one per other shard', () => {
    // 4096 × 0.61 / 1.61 = 1551.9; 4096 × 0.61 / 2.61 = 957.3
    expect([2, 3].map((n) => firstShardSlots(4096, n, 0.61))).toEqual([1551, 957]);
    expect(firstShardSlots(4096, 1, 0.61)).toBe(4096);
    expect(firstShardSlots(24, 24, 0.5)).toBe(1);
    expect(firstShardSlots(24, 3, 0.01)).toBe(1);
    expect(() => firstShardSlots(24, 25, 0.5)).toThrow(/25 shards cannot share 24 slots/);
  });
});

describe('slotMoves', () => {
  /** The moves by definition: each slot's owner before and after; a piece runs from one boundary of either map to the next. */
  function movesSlotBySlotBetween(from: readonly SlotRange[], to: readonly SlotRange[]) {
    const slots = from[from.length - 1]!.lastSlot + 1;
    const ownerPerSlot = (map: readonly SlotRange[]) => map.flatMap((r) => Array.from({ length: r.lastSlot - r.firstSlot + 1 }, () => r.shard));
    const [before, after] = [ownerPerSlot(from), ownerPerSlot(to)];
    const boundaries = new Set([...from, ...to].map((r) => r.firstSlot));
    const moves: { firstSlot: number; lastSlot: number; fromShard: number; toShard: number }[] = [];
    let piece: (typeof moves)[number] | undefined;
    for (let slot = 0; slot < slots; slot++) {
      if (boundaries.has(slot)) {
        piece = before[slot] === after[slot] ? undefined : { firstSlot: slot, lastSlot: slot, fromShard: before[slot]!, toShard: after[slot]! };
        if (piece) moves.push(piece);
      } else if (piece) {
        piece.lastSlot = slot;
      }
    }
    return moves;
  }
  const movesSlotBySlot = (slots: number, from: number, to: number) => movesSlotBySlotBetween(slotMap(slots, from), slotMap(slots, to));

  it("is, for every growth of up to 24 shards over 24 or 61 slots, what comparing each slot's owner gives", () => {
    for (const slots of [24, 61]) {
      for (let from = 1; from <= 24; from++) {
        for (let to = from; to <= 24; to++) expect({ slots, from, to, moves: slotMoves(slots, from, to) }).toEqual({ slots, from, to, moves: movesSlotBySlot(slots, from, to) });
      }
    }
  });

  it('is the same at thousands of shards: 4096 slots, from 1,000 to 4,096 shards and from 3 to 2,500', () => {
    expect(slotMoves(4096, 1000, 4096)).toEqual(movesSlotBySlot(4096, 1000, 4096));
    expect(slotMoves(4096, 3, 2500)).toEqual(movesSlotBySlot(4096, 3, 2500));
  });

  it('between any two maps (slotMovesBetween) is what comparing owners gives: even maps as slotMoves, weighted maps of a shared-cluster member', () => {
    for (const slots of [24, 61]) {
      for (let from = 1; from <= 12; from++) {
        for (let to = from; to <= 12; to++) {
          expect(slotMovesBetween(slotMap(slots, from), slotMap(slots, to))).toEqual(slotMoves(slots, from, to));
          for (const weight of [0.17, 0.61]) {
            const [before, after] = [weightedSlotMap(slots, from, weight), weightedSlotMap(slots, to, weight)];
            expect({ slots, from, to, weight, moves: slotMovesBetween(before, after) }).toEqual({ slots, from, to, weight, moves: movesSlotBySlotBetween(before, after) });
          }
        }
      }
    }
    // one shard to two at weight 0.61 over 4096 slots: slots 1551.. move to the member's first own cluster
    expect(slotMovesBetween(weightedSlotMap(4096, 1, 0.61), weightedSlotMap(4096, 2, 0.61))).toEqual([{ firstSlot: 1551, lastSlot: 4095, fromShard: 1, toShard: 2 }]);
  });
});

describe('planDatabase', () => {
  const writesPoint = (m: number, shards: number, writeTps: number, readRps: number): MonthPoint =>
    monthPoint({
      month: m,
      databaseGroups: { tickets: { writeTps, readRps, storageGb: 100, shards, shardsNeededBy: { minimum: 2, writes: shards, storage: 1, restore: 0, sharedCluster: 0 }, binding: shards > 2 ? 'writes' : 'minimum' } },
    });
  const storagePoint = (m: number, shards: number): MonthPoint =>
    monthPoint({
      month: m,
      databaseGroups: { tickets: { writeTps: 10, readRps: 10, storageGb: 100 * shards, shards, shardsNeededBy: { minimum: 2, writes: 1, storage: shards, restore: 0, sharedCluster: 0 }, binding: shards > 2 ? 'storage' : 'minimum' } },
    });

  it('sizes the writer for the busiest shard and readers for its reads', () => {
    // GIVEN tickets (no shared cluster) with 3 shards at the horizon, 1800 write TPS and 9000 read RPS at peak, production
    // (a lead time that reaches month 20, so that every point is provisioned now)
    const blueprint: Blueprint = { ...WITHOUT_SHARED_CLUSTER, capacity: { ...WITHOUT_SHARED_CLUSTER.capacity, shardLeadTimeMonths: 24 } };
    const db = planDatabase('tickets', blueprint, [writesPoint(0, 2, 100, 500), writesPoint(10, 3, 1000, 4000), writesPoint(20, 3, 1800, 9000)], 'production', { connectingInstances: 12 });
    // THEN the busiest shard holds 1366/4096 of the slots: 600.29 TPS, over 400 × 0.8 on a large, within 800 × 0.8 on an xlarge
    const share = 1366 / 4096;
    expect(db.instanceClass).toBe('db.r7g.xlarge');
    expect(db.writerUtilization).toBeCloseTo((1800 * share) / 800, 12);
    // AND its 3001.5 reads need ceil(3001.5 / (4000 × 0.8)) = 1 reader
    expect(db.readersPerShard).toBe(1);
    // AND shards step up from 2 to 3 at month 10
    expect([db.shards, db.shardStepUps]).toEqual([3, [{ month: 10, count: 3 }]]);
    expect([db.provisionedForMonth, db.binding, db.nextShards]).toEqual([20, 'writes', []]);
    expect(db.modules).toEqual(['incident', 'change', 'problem', 'catalog']);
    // AND 12 instances × 10 pooled connections per writer, against db.r7g.xlarge's 3479 (AWS's published default)
    expect(db.connections).toMatchObject({ instances: 12, connectionsPerInstance: 10, perWriter: 120, maxConnections: 3479, budget: Math.floor(3479 * 0.8) });
  });

  it('provisions the need at the start plus the lead time, and lists later shards with the slots they take over', () => {
    // GIVEN 2 shards needed until month 8, 3 from month 9 (storage), a 6-month lead time, no shared cluster
    const timeline = Array.from({ length: 13 }, (_, m) => storagePoint(m, m >= 9 ? 3 : 2));
    const db = planDatabase('tickets', WITHOUT_SHARED_CLUSTER, timeline, 'production');
    // THEN 2 shards now (month 6's need), the third needed in month 9, to be added by month 3
    expect([db.shards, db.provisionedForMonth, db.binding]).toEqual([2, 6, 'minimum']);
    expect(db.nextShards).toEqual([
      {
        month: 9,
        count: 3,
        provisionByMonth: 3,
        binding: 'storage',
        // 4096 slots: 2 shards hold 0–2047 and 2048–4095; 3 hold 0–1364, 1365–2729, 2730–4095
        slotMoves: [
          { firstSlot: 1365, lastSlot: 2047, fromShard: 1, toShard: 2 },
          { firstSlot: 2730, lastSlot: 4095, fromShard: 2, toShard: 3 },
        ],
      },
    ]);
  });

  it('fills the own clusters of a shared-cluster member: its lighter first shard stays in the shared cluster, its own shards take the rest', () => {
    // GIVEN tickets in the default blueprint's shared cluster: its first shard weighs 0.612 (its smaller share, of the
    // writes) against each own shard's 1, so with 3 shards it holds floor(4096 × 0.612 / 2.612) = 959 slots
    const blueprint: Blueprint = { ...BLUEPRINT, capacity: { ...BLUEPRINT.capacity, shardLeadTimeMonths: 24 } };
    const db = planDatabase('tickets', blueprint, [writesPoint(0, 2, 100, 500), writesPoint(10, 3, 1000, 4000), writesPoint(20, 3, 1800, 9000)], 'production');
    expect(db.slotMap).toEqual([
      { shard: 1, firstSlot: 0, lastSlot: 958 },
      { shard: 2, firstSlot: 959, lastSlot: 2526 },
      { shard: 3, firstSlot: 2527, lastSlot: 4095 },
    ]);
    // THEN its own writers are sized for the busiest own shard, 1569 slots: 689.5 TPS, over 800 × 0.8 on an xlarge
    expect(db.instanceClass).toBe('db.r7g.2xlarge');
    expect(db.writerUtilization).toBeCloseTo((1800 * 1569) / 4096 / 1600, 12);
    // AND a later shard moves the slots between the weighted maps: 2 shards hold 0–1554 and 1555–4095
    const later = planDatabase('tickets', BLUEPRINT, Array.from({ length: 13 }, (_, m) => storagePoint(m, m >= 9 ? 3 : 2)), 'production');
    expect(later.nextShards.map((n) => n.slotMoves)).toEqual([
      [
        { firstSlot: 959, lastSlot: 1554, fromShard: 1, toShard: 2 },
        { firstSlot: 2527, lastSlot: 4095, fromShard: 2, toShard: 3 },
      ],
    ]);
  });
});

describe('choosePosture', () => {
  it.each([
    // [rto, rpo, regions, posture] — each posture at and just past its boundary
    [1440, 1440, 1, 'backup-restore'],
    [240, 60, 1, 'backup-restore'], // RTO 240 and an hourly backup: exactly backup & restore
    [239, 60, 2, 'pilot-light'], // a minute less than restoring takes
    [240, 59, 2, 'pilot-light'], // hourly backups no longer meet the RPO
    [60, 15, 2, 'pilot-light'],
    [45, 1, 2, 'pilot-light'],
    [44, 1, 2, 'warm-standby'],
    [15, 1, 2, 'warm-standby'],
    [14, 1, 2, 'active-active'],
    [5, 1, 2, 'active-active'],
  ])('RTO %s min / RPO %s min with %s region(s) → %s', (rto, rpo, regions, expected) => {
    expect(posture(rto, rpo, regions)).toBe(expected);
  });

  it('reports the RPO that backup & restore achieves: the longest backup interval within the RPO', () => {
    const choice = choosePosture(1440, 500, 1) as PostureChoice;
    expect([choice.capability.posture, choice.achievableRpoMinutes]).toEqual(['backup-restore', 480]);
  });

  it('asks for a second region when the service levels need one and there is only one', () => {
    expect(posture(15, 1, 1)).toMatch(/^none: .*warm standby.*needs a second region: add one under regions\.secondaries/);
    expect(posture(60, 15, 1)).toMatch(/pilot light.*second region/);
  });

  it('finds no posture for an RTO under 5 minutes or an RPO under 1 minute', () => {
    expect(posture(1, 1440, 2)).toMatch(/^none: no DR posture meets RTO 1 min \/ RPO 1440 min.*active\/active, achieves RTO 5 min and RPO 1 min/);
    expect(posture(4, 1, 2)).toMatch(/^none: no DR posture meets RTO 4 min/);
    expect(posture(60, 0.5, 2)).toMatch(/^none: no DR posture meets RTO 60 min \/ RPO 0.5 min/);
  });
});

const PROD = { tier: 'production', breakGlassRoleName: 'break-glass' } as const;

describe('planBackup', () => {
  it('backs up daily for an RPO of a day, without continuous backup', () => {
    expect(planBackup(1440, 7, PROD)).toEqual({
      frequencyMinutes: 1440,
      scheduleExpression: 'cron(0 3 * * ? *)',
      continuous: false,
      rpoMetMinutes: 1440,
      shortTermRetentionDays: 35,
      longTermRetentionDays: 7 * 365,
      coldStorageAfterDays: 90,
      vaultLock: { mode: 'compliance', coolingOffDays: 3 },
      breakGlassRoleName: 'break-glass',
    });
  });

  it('locks vaults in compliance mode (3 days cooling-off) in production only, governance elsewhere', () => {
    expect(planBackup(60, 7, PROD).vaultLock).toEqual({ mode: 'compliance', coolingOffDays: 3 });
    expect(planBackup(60, 7, { tier: 'non-production', breakGlassRoleName: 'break-glass' }).vaultLock).toEqual({ mode: 'governance' });
  });

  it('uses continuous backup under an hour, with hourly snapshots', () => {
    const backup = planBackup(30, 7, PROD);
    expect([backup.continuous, backup.rpoMetMinutes, backup.frequencyMinutes, backup.scheduleExpression]).toEqual([true, 5, 60, 'cron(0 0/1 * * ? *)']);
  });

  it('takes the longest interval within the RPO between an hour and a day', () => {
    // RPO 300 min: every 4 h (240); RPO 90 min: hourly
    expect([planBackup(300, 1, PROD).frequencyMinutes, planBackup(300, 1, PROD).scheduleExpression, planBackup(300, 1, PROD).continuous]).toEqual([240, 'cron(0 0/4 * * ? *)', false]);
    expect(planBackup(90, 1, PROD).frequencyMinutes).toBe(60);
    // AND keeps one year of retention for retentionYears 1
    expect(planBackup(300, 1, PROD).longTermRetentionDays).toBe(365);
  });
});

describe('planCapacity on the repository environments', () => {
  it.each([
    ['dev', 'backup-restore'],
    ['staging', 'pilot-light'],
    ['prod', 'warm-standby'],
  ])('%s → %s', (environment, expected) => {
    expect(planFor(environment).dr.posture).toBe(expected);
  });

  it('computes month 0 of prod from today\'s figures', () => {
    // GIVEN 500 requesters (2% active, 10 actions/h) and 25 agents (80% active, 60 actions/h), 5 requests per action:
    // 1,300 actions/h if every location peaked at once
    const coincidentRps = ((500 * 0.02 * 10 + 25 * 0.8 * 60) * 5) / 3600;
    const plan = planFor('prod');
    const [today] = plan.timeline;
    // AND the global busiest hour is 10:00 in New York (15:00 UTC): americas at its peak (0.6), Berlin in
    // business hours at 60% (0.3 × 0.6), Singapore off hours at 5% (0.1 × 0.05)
    expect(plan.traffic.globalPeakUtc).toEqual({ weekday: 'mon', hour: 15 });
    expect(plan.traffic.globalPeakShare).toBeCloseTo(0.6 + 0.18 + 0.005, 12);
    // THEN incident (35% of the traffic) peaks at ≈ 0.4963 rps
    expect(today!.requesters).toBe(500);
    expect(today!.agents).toBe(25); // 975 × 12 / 6379 ≈ 1.8 agents needed: today's team stays
    expect(today!.peakRequestsPerSecond.incident).toBeCloseTo(coincidentRps * 0.785 * 0.35, 12);
    expect(today!.concurrentUsers).toBeCloseTo((10 + 20) * 0.785, 12);
    // AND each location's own peak is its share of the coincident load
    expect(today!.locations.emea!.peakRequestsPerSecond).toBeCloseTo(coincidentRps * 0.3, 12);
    // AND tickets stores each module's own records: 975 tickets × (400 × 0.65 + 150 × 0.1 + 50 × 0.05 + 150 × 0.2) KB
    // plus 500 requesters × 50 KB (catalog) = 0.3248125 GB
    expect(today!.databaseGroups.tickets!.storageGb).toBeCloseTo(0.3248125, 12);
    // AND attachments: 975 × 2 × 200 KB = 0.39 GB
    expect(today!.attachmentStorageGb).toBeCloseTo(0.39, 12);
  });

  it('needs a second tickets shard for the aggressive scenario in month 87, when its first shard would outgrow its share of the shared cluster, and provisions the lead time\'s need', () => {
    const aggressive = planFor('prod', 'aggressive');
    const longer = planCapacity({ ...resolveEnvironment(project, 'prod'), scenario: 'aggressive', horizonMonths: 120 });
    // 50,000 requesters in month 60: within 36 months every group's first shard fits the shared cluster; over 120 months
    // tickets passes its share of the shared cluster (74% of 2,000 GB × 0.8, for 74% of the blueprint's storage per requester) in month 87 and takes a shard of its own
    expect(aggressive.databases.tickets!).toMatchObject({ shards: 1, firstShardIn: 'shared', nextShards: [] });
    expect(aggressive.databases.shared!).toMatchObject({ shards: 1, hosts: ['tickets', 'cmdb', 'knowledge'] });
    expect(longer.databases.tickets!.shards).toBe(1);
    expect(longer.databases.tickets!.nextShards.map((n) => [n.month, n.count, n.provisionByMonth, n.binding])).toEqual([[87, 2, 81, 'sharedCluster']]);
    // AND the shared cluster stays within the limit at the horizon: tickets' first shard holds 1,555 of its 4,096 slots
    // (weighing 0.612 against its own shard's 1)
    const last = longer.timeline[longer.timeline.length - 1]!;
    expect(last.databaseGroups.shared!.storageGb).toBeCloseTo((last.databaseGroups.tickets!.storageGb * 1555) / 4096 + last.databaseGroups.cmdb!.storageGb + last.databaseGroups.knowledge!.storageGb, 9);
    expect(last.databaseGroups.shared!.storageGb).toBeLessThanOrEqual(2000 * 0.8);
  });

  it('lists thresholds sorted by month, with the shard step-ups and when to provision them', () => {
    const { thresholds } = planCapacity({ ...resolveEnvironment(project, 'prod'), scenario: 'aggressive', horizonMonths: 120 });
    const months = thresholds.map((t) => t.month);
    expect(months).toEqual([...months].sort((a, b) => a - b));
    expect(thresholds).toContainEqual({ month: 87, subject: 'tickets', message: 'tickets needs shard 2: provision by month 81 (lead time 6 months), sharedCluster binding' });
  });

  it('sizes production fleets for N+1 and outside production for the load alone', () => {
    // prod's shared fleet (every module) at the horizon (aggressive): 2 instances, each able to carry the whole load;
    // dev at today's size: 1
    expect(planFor('prod', 'aggressive').fleets.shared!.maxSize).toBe(2);
    expect(planFor('dev').fleets.shared!.maxSize).toBe(1);
    expect(planFor('prod').fleets.shared!.minSize).toBe(2);
  });

  it('refuses unknown scenarios, horizons out of range and service levels the regions cannot meet', () => {
    const resolved = resolveEnvironment(project, 'prod');
    const input: PlanInput = { ...resolved };
    expect(() => planCapacity({ ...input, scenario: 'nope' })).toThrow(PlanError);
    expect(() => planCapacity({ ...input, scenario: 'nope' })).toThrow(/unknown scenario "nope" \(known: conservative, moderate, aggressive\)/);
    expect(() => planCapacity({ ...input, horizonMonths: 0 })).toThrow(/horizon 0 months is out of range/);
    expect(() => planCapacity({ ...input, horizonMonths: 121 })).toThrow(/horizon 121 months/);
    const oneRegion = { ...input, environment: { ...input.environment, regions: { ...input.environment.regions, secondaries: [] } } };
    expect(() => planCapacity(oneRegion)).toThrow(/needs a second region/);
  });
});

describe('more shards than slots', () => {
  test('is a PlanError that says how to fix it', () => {
    const resolved = resolveEnvironment(loadProject({ root: `${__dirname}/../..` }), 'prod');
    const blueprint = structuredClone(resolved.blueprint);
    blueprint.databaseGroups.tickets!.slots = 64;
    blueprint.capacity.shardStorageGb = 0.1;
    const run = () => planCapacity({ ...resolved, blueprint, scenario: 'aggressive' });
    expect(run).toThrow(PlanError);
    expect(run).toThrow(/database group "tickets" needs \d+ shards by month 36 but has only 64 slots; raise databaseGroups.tickets.slots/);
  });
});
