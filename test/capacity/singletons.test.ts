import { EC2_STATUS_CHECK_DETECTION_SECONDS, leaseAlarmMinutes, leaseRenewalSeconds, planSingletons, replacementPath, singletonProblems, spareAlarmMinutes } from '../../capacity/singletons';
import { costPlan } from '../../capacity/cost';
import { ROOT_VOLUME_GB } from '../../capacity/cost/assumptions';
import { planCapacity } from '../../capacity/plan';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint } from '../../model/schema';

const project = loadProject({ root: `${__dirname}/../..` });
const LEASED: Blueprint = project.blueprints.get('itsm-standard')!.value;
const ZAMMAD: Blueprint = project.blueprints.get('zammad')!.value;
/** The default blueprint without its application's lease: every singleton part in a one-instance group of its own. */
const { singletonLease: _lease, ...ownApplication } = LEASED.application;
const STANDARD: Blueprint = { ...LEASED, application: ownApplication };
/** No fleets placed: every part is in a group of its own. */
const NO_LEASES = {};

/** Plans an environment with another blueprint (and, optionally, other service levels). */
function planWith(environment: string, blueprint: Blueprint, rtoMinutes?: number) {
  const resolved = resolveEnvironment(project, environment);
  return planCapacity({ ...resolved, blueprint, serviceLevels: { ...resolved.serviceLevels, ...(rtoMinutes !== undefined ? { rtoMinutes } : {}) } });
}

/** The blueprint with `module`'s health check and contract changed. */
function withModule(blueprint: Blueprint, module: string, change: (m: Blueprint['modules'][string]) => Blueprint['modules'][string]): Blueprint {
  return { ...blueprint, modules: { ...blueprint.modules, [module]: change(blueprint.modules[module]!) } };
}

describe('replacementPath', () => {
  test('production keeps a warm spare; other tiers relaunch', () => {
    expect(replacementPath('production')).toBe('warm-spare');
    expect(replacementPath('non-production')).toBe('relaunch');
  });
});

describe('planSingletons', () => {
  test('every singleton part, in blueprint order, judged by EC2 status checks (no load balancer)', () => {
    // WHEN
    const plans = planSingletons(STANDARD, 'non-production', 15, NO_LEASES);
    // THEN
    expect(plans.map((s) => s.fleet)).toEqual(['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator']);
    const timer = plans[0]!;
    // 120 s of status checks + the 300 s cold start of application.startupSeconds; no registration.
    expect(timer).toMatchObject({ kind: 'part', path: 'relaunch', healthCheck: 'EC2', detectionSeconds: EC2_STATUS_CHECK_DETECTION_SECONDS, startSeconds: 300, registrationSeconds: 0, totalSeconds: 420, coldFallbackSeconds: 420, withinRto: true });
  });

  test('a singleton module is detected and registered by the load balancer: interval × thresholds', () => {
    // GIVEN Zammad's websocket server (a singleton module) with a 10 s check, 4 failures, 2 passes
    const blueprint = withModule(ZAMMAD, 'websocket', (m) => ({ ...m, healthCheck: { ...m.healthCheck, intervalSeconds: 10, unhealthyThreshold: 4, healthyThreshold: 2 } }));
    // WHEN
    const socket = planSingletons(blueprint, 'non-production', 60, NO_LEASES).find((s) => s.fleet === 'websocket')!;
    // THEN 40 s detection + startupSeconds + 20 s registration
    const startup = blueprint.modules.websocket!.application?.startupSeconds ?? blueprint.application.startupSeconds;
    expect(socket).toMatchObject({ kind: 'module', healthCheck: 'ELB', detectionSeconds: 40, startSeconds: startup, registrationSeconds: 20, totalSeconds: 60 + startup });
  });

  test('the warm spare starts in warmStartSeconds; the cold fallback is the relaunch time', () => {
    // GIVEN a measured warm start of 60 s
    const blueprint: Blueprint = { ...STANDARD, application: { ...STANDARD.application, warmStartSeconds: 60 } };
    // WHEN
    const timer = planSingletons(blueprint, 'production', 15, NO_LEASES)[0]!;
    // THEN
    expect(timer).toMatchObject({ path: 'warm-spare', startSeconds: 60, totalSeconds: 180, coldFallbackSeconds: 420 });
    expect(timer.evidence.join('\n')).toContain('start 60 s: the warm spare');
  });

  test('an unstated warm start earns no credit, and a warm start slower than a cold one counts as a cold one', () => {
    expect(planSingletons(STANDARD, 'production', 15, NO_LEASES)[0]).toMatchObject({ startSeconds: 300, totalSeconds: 420 });
    const slow: Blueprint = { ...STANDARD, application: { ...STANDARD.application, warmStartSeconds: 900 } };
    expect(planSingletons(slow, 'production', 15, NO_LEASES)[0]).toMatchObject({ startSeconds: 300 });
  });
});

describe('singletonProblems', () => {
  test('a singleton that cannot come back within the RTO is a problem naming the limit and the fix', () => {
    // GIVEN a 5-minute RTO: 420 s of relaunch is 7 minutes
    const problems = singletonProblems(planSingletons(STANDARD, 'non-production', 5, NO_LEASES));
    // THEN one problem per singleton part
    expect(problems.map((p) => p.subject)).toEqual(['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator']);
    expect(problems[0]).toMatchObject({ kind: 'singleton-replacement', limit: 'RTO (serviceLevels.rtoMinutes)', needed: 7, allowed: 5 });
    expect(problems[0]!.message).toBe('singleton incident-sla-timer comes back 7 min after it fails (relaunch: detection 120 s + start 300 s), more than the 5-minute RTO');
    expect(problems[0]!.fix).toMatch(/shorten application.startupSeconds .*raise serviceLevels.rtoMinutes/);
  });

  test('within the RTO: no problem', () => {
    expect(singletonProblems(planSingletons(STANDARD, 'production', 15, NO_LEASES))).toEqual([]);
  });
});

describe('planCapacity, parts in groups of their own', () => {
  test('prod plans warm spares within its 15-minute RTO; staging relaunches', () => {
    const prod = planWith('prod', STANDARD);
    expect(prod.singletons.map((s) => [s.fleet, s.path, s.withinRto])).toEqual([
      ['incident-sla-timer', 'warm-spare', true],
      ['change-change-window-scheduler', 'warm-spare', true],
      ['cmdb-discovery-coordinator', 'warm-spare', true],
    ]);
    expect(prod.problems.filter((p) => p.kind === 'singleton-replacement')).toEqual([]);
    expect(planWith('staging', STANDARD).singletons.every((s) => s.path === 'relaunch')).toBe(true);
  });

  test('an RTO the replacement cannot meet is reported among the plan problems, last', () => {
    // GIVEN prod with a 5-minute RTO (RPO unchanged)
    const plan = planWith('prod', STANDARD, 5);
    // THEN
    const kinds = plan.problems.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'singleton-replacement')).toHaveLength(3);
    expect(kinds.slice(kinds.indexOf('singleton-replacement')).every((k) => k === 'singleton-replacement')).toBe(true);
  });
});

describe('the cost of warm spares', () => {
  const spareLines = (environment: string, blueprint: Blueprint = STANDARD) => {
    const resolved = resolveEnvironment(project, environment);
    const cost = costPlan({ plan: planWith(environment, blueprint), blueprint, environment: resolved.environment });
    return cost.months[0]!.lines.filter((l) => l.item.startsWith('warm spare volumes'));
  };

  test("production pays each spare's stopped root volume, in the primary only", () => {
    const lines = spareLines('prod');
    expect(lines.map((l) => [l.region, l.subject, l.quantity])).toEqual([
      ['us-east-1', 'incident', ROOT_VOLUME_GB],
      ['us-east-1', 'change', ROOT_VOLUME_GB],
      ['us-east-1', 'cmdb', ROOT_VOLUME_GB],
    ]);
    expect(lines.every((l) => l.priceKey === 'ebs.gp3.storage' && l.usd > 0)).toBe(true);
  });

  test('a relaunch costs nothing while it waits', () => {
    expect(spareLines('staging')).toEqual([]);
  });
});

describe('a missing warm spare', () => {
  test('pages after twice the pool\'s preparation (start-up + a 120 s stop, whole minutes) plus one, at most a day', () => {
    expect(spareAlarmMinutes(300)).toBe(2 * 7 + 1);
    expect(spareAlarmMinutes(0)).toBe(2 * 2 + 1);
    expect(spareAlarmMinutes(61)).toBe(2 * 4 + 1);
    // The schema's longest start-up (3,600 s) stays within CloudWatch's window of a day.
    expect(spareAlarmMinutes(3600)).toBe(2 * 62 + 1);
    expect(spareAlarmMinutes(1e6)).toBe(1440);
  });
});

describe('singleton parts under a lease (application.singletonLease)', () => {
  const parts = ['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator'];

  test('the default blueprint holds a 30 s lease: renewed every 10 s, its alarm after 3 minutes without a heartbeat', () => {
    expect(LEASED.application.singletonLease).toEqual({ leaseSeconds: 30 });
    expect(leaseRenewalSeconds(30)).toBe(10);
    // 30 s lease + 10 s renewal + 30 s heartbeat interval = 70 s → 2 minutes, + 1
    expect(leaseAlarmMinutes(30)).toBe(3);
    expect(leaseAlarmMinutes(6)).toBe(2);
  });

  test('prod: every part runs on the shared fleet, and another instance takes an expired lease in lease + one renewal', () => {
    // WHEN
    const plan = planWith('prod', LEASED);
    // THEN the parts have no group of their own: the shared fleet lists them, their modules are marked
    expect(plan.fleets.shared!.leaseParts).toEqual(parts);
    expect(['incident', 'change', 'cmdb'].map((m) => plan.fleets[m]!.singletonPlacement)).toEqual(['lease', 'lease', 'lease']);
    expect(plan.fleets.problem!.singletonPlacement).toBeUndefined();
    expect(plan.fleets.shared!.minSize).toBeGreaterThanOrEqual(2);
    expect(plan.singletons.map((s) => s.fleet)).toEqual(parts);
    for (const s of plan.singletons) {
      expect(s).toMatchObject({ kind: 'part', placement: 'lease', servingFleet: 'shared', leaseSeconds: 30, path: 'lease', healthCheck: 'lease', detectionSeconds: 40, startSeconds: 0, registrationSeconds: 0, totalSeconds: 40, coldFallbackSeconds: 40, withinRto: true });
    }
    expect(plan.singletons[0]!.evidence.join('\n')).toMatch(/expires after 30 s .* within one renewal interval \(10 s/);
    expect(plan.problems.filter((p) => p.kind === 'singleton-replacement')).toEqual([]);
  });

  test('dev: the shared fleet may run one instance, so a part comes back with the fleet\'s replacement (ELB detection + cold start)', () => {
    // WHEN
    const plan = planWith('dev', LEASED);
    // THEN
    expect(plan.fleets.shared!.minSize).toBe(1);
    const timer = plan.singletons[0]!;
    // The quickest member health check (15 s × 3) + startupSeconds 300; the lease (40 s) has expired by then.
    expect(timer).toMatchObject({ placement: 'lease', servingFleet: 'shared', path: 'relaunch', healthCheck: 'ELB', detectionSeconds: 45, startSeconds: 300, totalSeconds: 345 });
    expect(timer.evidence[0]).toMatch(/may run a single instance \(minSize 1\)/);
  });

  test('on a one-instance fleet a lease longer than the replacement holds the part back until it expires', () => {
    // GIVEN a 900 s lease (renewed every 300 s)
    const long: Blueprint = { ...LEASED, application: { ...LEASED.application, singletonLease: { leaseSeconds: 900 } } };
    // WHEN
    const timer = planWith('dev', long).singletons[0]!;
    // THEN max(45 + 300, 900 + 300)
    expect(timer).toMatchObject({ path: 'relaunch', totalSeconds: 1200 });
    expect(timer.evidence.join('\n')).toContain('only after 1200 s');
  });

  test('a lease that expires later than the RTO is a problem whose fix is a shorter lease', () => {
    // GIVEN prod with a 900 s lease: 1200 s to take over, against a 15-minute RTO
    const long: Blueprint = { ...LEASED, application: { ...LEASED.application, singletonLease: { leaseSeconds: 900 } } };
    // WHEN
    const problems = planWith('prod', long).problems.filter((p) => p.kind === 'singleton-replacement');
    // THEN
    expect(problems.map((p) => p.subject)).toEqual(parts);
    expect(problems[0]).toMatchObject({ needed: 20, allowed: 15 });
    expect(problems[0]!.message).toBe('singleton incident-sla-timer works again 20 min after its holder fails (lease on fleet shared: expiry + one renewal interval), more than the 15-minute RTO');
    expect(problems[0]!.fix).toMatch(/^lower application.singletonLease.leaseSeconds \(now 900\)/);
  });

  test('dev with a 5-minute RTO: the one-instance fleet\'s replacement is the problem, and the fix keeps two instances', () => {
    // GIVEN dev's fleets (one region: the planner itself refuses a 5-minute RTO there, so the fleets are judged directly)
    const problems = singletonProblems(planSingletons(LEASED, 'non-production', 5, planWith('dev', LEASED).fleets));
    expect(problems).toHaveLength(3);
    expect(problems[0]!.message).toContain('fleet shared runs one instance');
    expect(problems[0]!.fix).toMatch(/keep at least two instances of fleet shared/);
  });

  test('a module may keep its parts in their own group (application.singletonLease: false)', () => {
    // GIVEN change opts out
    const blueprint = withModule(LEASED, 'change', (m) => ({ ...m, application: { ...m.application, singletonLease: false } }));
    // WHEN
    const plan = planWith('prod', blueprint);
    // THEN
    expect(plan.fleets.shared!.leaseParts).toEqual(['incident-sla-timer', 'cmdb-discovery-coordinator']);
    expect(plan.singletons.map((s) => [s.fleet, s.placement, s.path])).toEqual([
      ['incident-sla-timer', 'lease', 'lease'],
      ['change-change-window-scheduler', 'own-group', 'warm-spare'],
      ['cmdb-discovery-coordinator', 'lease', 'lease'],
    ]);
  });

  test("a singleton module's parts keep their own group: its one instance has no peer to take a lease", () => {
    // GIVEN Zammad with a lease and a part on its singleton websocket module
    const zammad = withModule({ ...ZAMMAD, application: { ...ZAMMAD.application, singletonLease: { leaseSeconds: 30 } } }, 'websocket', (m) => ({ ...m, singletons: ['pinger'] }));
    // WHEN
    const fleets = planWith('zammad-staging', zammad).fleets;
    // THEN the scheduler (a part of a scaled module) is leased, the websocket's part is not
    expect(fleets.websocket!.singletonPlacement).toBeUndefined();
    expect(Object.values(fleets).flatMap((f) => f.leaseParts ?? [])).toEqual(['zammad-scheduler']);
  });

  test('parts under a lease add no connecting instances and no vCPUs: the own-group plan has one more per part', () => {
    const leased = planWith('prod', LEASED);
    const own = planWith('prod', STANDARD);
    // tickets serves incident and change (one part each), cmdb serves cmdb (one part)
    expect(own.databases.tickets!.connections.instances - leased.databases.tickets!.connections.instances).toBe(2);
    expect(own.databases.cmdb!.connections.instances - leased.databases.cmdb!.connections.instances).toBe(1);
  });

  test('no warm spare is paid for a part under a lease', () => {
    expect(spareLinesOf('prod', LEASED)).toEqual([]);
  });
});

function spareLinesOf(environment: string, blueprint: Blueprint) {
  const resolved = resolveEnvironment(project, environment);
  const cost = costPlan({ plan: planWith(environment, blueprint), blueprint, environment: resolved.environment });
  return cost.months[0]!.lines.filter((l) => l.item.startsWith('warm spare volumes'));
}
