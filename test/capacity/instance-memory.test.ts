/**
 * The application's least memory per instance (`capacity.minInstanceMemoryGib`): the planner runs
 * fleets (and so their singleton parts) only on instance types with at least that much, and the
 * default sharing threshold follows the smallest of them. The default blueprint asks 16 GiB, the
 * memory DCAPT gives Jira Service Management (docs/capacity-model.md), so m7i.large (8 GiB) is skipped.
 */
import { applicationInstanceTypes, planFleet, RedundancyRule } from '../../capacity/fleet';
import { sharingThreshold } from '../../capacity/fleet-sharing';
import { PlanError, planCapacity } from '../../capacity/plan';
import { ModuleSchedule } from '../../capacity/traffic';
import { MonthPoint } from '../../capacity/types';
import { memoryGibOf } from '../../model/aws-catalog';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint } from '../../model/schema';

const prod = resolveEnvironment(loadProject({ root: `${__dirname}/../..` }), 'prod');
const NON_PROD: RedundancyRule = { tier: 'non-production', availabilityZones: 2 };
const SCHEDULE: ModuleSchedule = { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 6, endHour: 20, offHoursShare: 0.3 };
const TYPES = [
  { type: 'm7i.large', requestsPerSecond: 6 },
  { type: 'm7i.xlarge', requestsPerSecond: 12 },
];

function withCapacity(capacity: Partial<Blueprint['capacity']>): Blueprint {
  const blueprint = structuredClone(prod.blueprint);
  const merged = { ...blueprint.capacity, ...capacity };
  if (!('minInstanceMemoryGib' in capacity)) delete merged.minInstanceMemoryGib;
  return { ...blueprint, capacity: merged };
}

/** A month with only incident's load set. */
function month(incident: number): MonthPoint {
  return { month: 0, requesters: 1, agents: 1, ticketsPerMonth: 1, concurrentUsers: 1, plannedConcurrentUsers: 1, locations: {}, peakRequestsPerSecond: { incident }, requestsPerMonth: 0, databaseGroups: {}, attachmentStorageGb: 0 };
}

describe('memoryGibOf', () => {
  it('knows the m, c and r families by their memory per vCPU', () => {
    expect([memoryGibOf('m7i.large'), memoryGibOf('m7i.xlarge'), memoryGibOf('m7g.4xlarge')]).toEqual([8, 16, 64]);
    expect([memoryGibOf('c7i.2xlarge'), memoryGibOf('r7g.large'), memoryGibOf('m6g.medium')]).toEqual([16, 16, 4]);
  });

  it('does not guess where the family does not set it', () => {
    expect([memoryGibOf('t3.large'), memoryGibOf('c5n.large'), memoryGibOf('x2gd.large'), memoryGibOf('m7i.metal-24xl')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('applicationInstanceTypes', () => {
  it('is every listed type without a minimum', () => {
    expect(applicationInstanceTypes({ instanceTypes: TYPES })).toEqual(TYPES);
  });

  it('drops the types below the minimum, by the catalog or by a stated memoryGib', () => {
    // GIVEN 16 GiB: m7i.large has 8 by the catalog
    expect(applicationInstanceTypes({ instanceTypes: TYPES, minInstanceMemoryGib: 16 }).map((t) => t.type)).toEqual(['m7i.xlarge']);
    // AND a stated memory wins over the catalog (and makes a type the catalog lacks usable)
    const stated = [{ type: 't3.large', requestsPerSecond: 4, memoryGib: 8 }, { type: 't3.2xlarge', requestsPerSecond: 16, memoryGib: 32 }];
    expect(applicationInstanceTypes({ instanceTypes: stated, minInstanceMemoryGib: 16 }).map((t) => t.type)).toEqual(['t3.2xlarge']);
  });

  it('refuses a minimum that no type meets, naming the field', () => {
    expect(() => applicationInstanceTypes({ instanceTypes: TYPES, minInstanceMemoryGib: 32 })).toThrow(PlanError);
    expect(() => applicationInstanceTypes({ instanceTypes: TYPES, minInstanceMemoryGib: 32 })).toThrow(/capacity\.minInstanceMemoryGib \(32 GiB\)/);
  });
});

describe('the planner with a memory minimum', () => {
  it('puts even the smallest fleet on the smallest type with enough memory', () => {
    // GIVEN 1 request/s, which one m7i.large would carry
    const without = planFleet('incident', prod.blueprint.modules.incident!, withCapacity({ instanceTypes: TYPES }), [month(1)], NON_PROD, SCHEDULE);
    const withMinimum = planFleet('incident', prod.blueprint.modules.incident!, withCapacity({ instanceTypes: TYPES, minInstanceMemoryGib: 16 }), [month(1)], NON_PROD, SCHEDULE);
    // THEN without a minimum it is one m7i.large, with 16 GiB one m7i.xlarge at 12 requests/s
    expect([without.instanceType, without.maxSize]).toEqual(['m7i.large', 1]);
    expect([withMinimum.instanceType, withMinimum.maxSize, withMinimum.requestsPerSecondPerInstance]).toEqual(['m7i.xlarge', 1, 12]);
  });

  it('takes the default sharing threshold from the smallest type with enough memory', () => {
    // THEN the default blueprint: m7i.xlarge's 12 requests/s × 0.8, not m7i.large's 6 × 0.8
    expect(sharingThreshold(prod.blueprint)).toBeCloseTo(9.6, 12);
    expect(sharingThreshold(withCapacity({}))).toBeCloseTo(4.8, 12);
  });

  it('runs every fleet of the default prod plan, and so every singleton part, on 16 GiB or more', () => {
    // GIVEN the default blueprint's minimum
    expect(prod.blueprint.capacity.minInstanceMemoryGib).toBe(16);
    const plan = planCapacity(prod);
    // THEN no fleet is on m7i.large
    for (const fleet of Object.values(plan.fleets)) expect(memoryGibOf(fleet.instanceType)).toBeGreaterThanOrEqual(16);
    expect(plan.fleets.shared!.instanceType).toBe('m7i.xlarge');
  });
});
