/**
 * The shared fleet (blueprint `capacity.sharedFleet`, issue 11 point 7): which modules share, how the
 * fleet is sized, what its members keep, and what the writers count. Hand-checked against the default
 * blueprint, whose seven modules all stay below one m7i.xlarge's load (12 × 0.8 = 9.6 requests/s; the
 * blueprint's 16 GiB minimum skips m7i.large).
 */
import { planCapacity, PlanInput } from '../../capacity/plan';
import { servingFleet, sharingThreshold } from '../../capacity/fleet-sharing';
import { survivingInstances } from '../../capacity/fleet';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint } from '../../model/schema';

const project = loadProject({ root: `${__dirname}/../..` });
const prod = resolveEnvironment(project, 'prod');
const MODULES = Object.keys(prod.blueprint.modules);

/** prod's plan with the blueprint edited (a copy). */
function planWith(edit: (blueprint: Blueprint) => void, input: Partial<PlanInput> = {}) {
  const blueprint = structuredClone(prod.blueprint);
  edit(blueprint);
  return planCapacity({ ...prod, ...input, blueprint });
}

describe('the shared fleet', () => {
  const plan = planCapacity(prod);
  const shared = plan.fleets.shared!;

  test('serves every module below the threshold, which defaults to one instance of the smallest type at target', () => {
    // THEN m7i.xlarge's 12 requests/s × 0.8
    expect(sharingThreshold(prod.blueprint)).toBeCloseTo(9.6, 12);
    expect(shared.modules).toEqual(MODULES);
    for (const module of MODULES) expect(plan.fleets[module]!.hostedBy).toBe('shared');
  });

  test('is sized for the sum of its members\' busiest hours, with N+1 across AZs in production', () => {
    // GIVEN the members' peaks at the horizon
    const last = plan.timeline[plan.timeline.length - 1]!;
    const sum = MODULES.reduce((total, m) => total + last.peakRequestsPerSecond[m]!, 0);
    // THEN the fleet carries their sum within target after losing an AZ, with at least two instances
    expect(shared.peakRequestsPerSecondAtHorizon).toBeCloseTo(sum, 9);
    expect(shared.maxSize).toBeGreaterThanOrEqual(2);
    expect(sum / (survivingInstances(shared.maxSize, { tier: 'production', availabilityZones: 3 }) * shared.requestsPerSecondPerInstance)).toBeLessThanOrEqual(0.8);
    expect(shared.utilizationAtHorizonPeak).toBeCloseTo(sum / (survivingInstances(shared.maxSize, { tier: 'production', availabilityZones: 3 }) * 12), 9);
  });

  test('members keep their own load figures and singleton parts, with no instances of their own', () => {
    const incident = plan.fleets.incident!;
    expect(incident).toMatchObject({ minSize: 0, desiredSize: 0, maxSize: 0, singletons: ['sla-timer'], modules: ['incident'], instanceType: shared.instanceType });
    expect(incident.peakRequestsPerSecondAtHorizon).toBeGreaterThan(0);
    expect(incident.peakRequestsPerSecondAtHorizon).toBeLessThan(shared.peakRequestsPerSecondAtHorizon);
    // and they are served in the shared fleet's hours: the whole week, since cmdb works around the clock
    expect(incident.schedule).toEqual(shared.schedule);
    expect(shared.schedule).toEqual({ timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 });
    expect(servingFleet(plan.fleets, 'incident')).toBe(shared);
  });

  test('counts once per database group in the writers\' connections: one application, one pool per group', () => {
    // GIVEN tickets (incident, change, problem, catalog: two of them with a singleton part, run on the shared fleet under a lease)
    const tickets = plan.databases.tickets!.connections;
    // THEN the shared fleet at its largest, 10 connections each: the leased parts add no instance
    expect(tickets.instances).toBe(shared.maxSize);
    expect(tickets.perWriter).toBe(shared.maxSize * 10);
    // and without the lease, sla-timer and change-window-scheduler are groups of their own that connect too
    const own = planWith((b) => delete (b.application as { singletonLease?: unknown }).singletonLease).databases.tickets!.connections;
    expect(own.instances).toBe(shared.maxSize + 2);
  });

  test('is opt-in: without capacity.sharedFleet every module has its own fleet of at least two instances', () => {
    const own = planWith((b) => {
      delete b.capacity.sharedFleet;
    });
    expect(Object.keys(own.fleets)).toEqual(MODULES);
    for (const module of MODULES) expect(own.fleets[module]).toMatchObject({ modules: [module], minSize: 2 });
    for (const fleet of Object.values(own.fleets)) expect(fleet.hostedBy).toBeUndefined();
  });

  test('a module above the threshold keeps its own fleet; fewer than two below it share nothing', () => {
    // GIVEN a threshold between incident's horizon peak and the next largest module's
    const peaks = Object.fromEntries(MODULES.map((m) => [m, plan.fleets[m]!.peakRequestsPerSecondAtHorizon]));
    const between = (peaks.incident! + Math.max(...MODULES.filter((m) => m !== 'incident').map((m) => peaks[m]!))) / 2;
    const split = planWith((b) => {
      b.capacity.sharedFleet = { belowRequestsPerSecond: between };
    });
    // THEN incident runs on its own, the six others together
    expect(split.fleets.incident).toMatchObject({ modules: ['incident'], minSize: 2 });
    expect(split.fleets.incident!.hostedBy).toBeUndefined();
    expect(split.fleets.shared!.modules).toEqual(MODULES.filter((m) => m !== 'incident'));
    // AND a threshold below all but one module shares nothing (one module on a "shared" fleet is just its own fleet)
    const smallest = Math.min(...Object.values(peaks));
    const secondSmallest = Math.min(...Object.values(peaks).filter((p) => p > smallest));
    const none = planWith((b) => {
      b.capacity.sharedFleet = { belowRequestsPerSecond: (smallest + secondSmallest) / 2 };
    });
    expect(none.fleets.shared).toBeUndefined();
  });

  test('shares only the listed modules, and never a singleton module or one with its own application', () => {
    const listed = planWith((b) => {
      b.capacity.sharedFleet = { modules: ['problem', 'asset', 'knowledge'] };
      b.modules.asset!.application = { port: 9090 };
      b.modules.knowledge!.singleton = true;
    });
    // THEN only problem is left, and one module does not make a shared fleet
    expect(listed.fleets.shared).toBeUndefined();
    const two = planWith((b) => {
      b.capacity.sharedFleet = { modules: ['problem', 'asset', 'knowledge'] };
      b.modules.asset!.application = { port: 9090 };
    });
    expect(two.fleets.shared!.modules).toEqual(['problem', 'knowledge']);
    expect(two.fleets.asset!.hostedBy).toBeUndefined();
  });

  test('outside production one instance carries the members, and the shared fleet\'s step-ups are thresholds', () => {
    // GIVEN dev (non-production) under a thousandfold load, so that the shared fleet grows
    const dev = resolveEnvironment(project, 'dev');
    const blueprint = structuredClone(dev.blueprint);
    blueprint.capacity.sharedFleet = { belowRequestsPerSecond: 1e9 };
    blueprint.workload.concurrency.requestsPerAction = 5000;
    const grown = planCapacity({ ...dev, blueprint, scenario: 'aggressive' });
    const fleet = grown.fleets.shared!;
    expect(fleet.stepUps.length).toBeGreaterThan(0);
    expect(grown.thresholds.filter((t) => t.subject === 'shared').map((t) => t.message)).toContain(
      `shared (serving ${fleet.modules.join(', ')}) needs ${fleet.stepUps[0]!.count} × ${fleet.instanceType} at peak`,
    );
    expect(planCapacity(dev).fleets.shared!.minSize).toBe(1);
  });
});
