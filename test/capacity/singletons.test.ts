import { EC2_STATUS_CHECK_DETECTION_SECONDS, planSingletons, replacementPath, singletonProblems } from '../../capacity/singletons';
import { costPlan } from '../../capacity/cost';
import { ROOT_VOLUME_GB } from '../../capacity/cost/assumptions';
import { planCapacity } from '../../capacity/plan';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint } from '../../model/schema';

const project = loadProject({ root: `${__dirname}/../..` });
const STANDARD: Blueprint = project.blueprints.get('itsm-standard')!.value;
const ZAMMAD: Blueprint = project.blueprints.get('zammad')!.value;

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
    const plans = planSingletons(STANDARD, 'non-production', 15);
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
    const socket = planSingletons(blueprint, 'non-production', 60).find((s) => s.fleet === 'websocket')!;
    // THEN 40 s detection + startupSeconds + 20 s registration
    const startup = blueprint.modules.websocket!.application?.startupSeconds ?? blueprint.application.startupSeconds;
    expect(socket).toMatchObject({ kind: 'module', healthCheck: 'ELB', detectionSeconds: 40, startSeconds: startup, registrationSeconds: 20, totalSeconds: 60 + startup });
  });

  test('the warm spare starts in warmStartSeconds; the cold fallback is the relaunch time', () => {
    // GIVEN a measured warm start of 60 s
    const blueprint: Blueprint = { ...STANDARD, application: { ...STANDARD.application, warmStartSeconds: 60 } };
    // WHEN
    const timer = planSingletons(blueprint, 'production', 15)[0]!;
    // THEN
    expect(timer).toMatchObject({ path: 'warm-spare', startSeconds: 60, totalSeconds: 180, coldFallbackSeconds: 420 });
    expect(timer.evidence.join('\n')).toContain('start 60 s: the warm spare');
  });

  test('an unstated warm start earns no credit, and a warm start slower than a cold one counts as a cold one', () => {
    expect(planSingletons(STANDARD, 'production', 15)[0]).toMatchObject({ startSeconds: 300, totalSeconds: 420 });
    const slow: Blueprint = { ...STANDARD, application: { ...STANDARD.application, warmStartSeconds: 900 } };
    expect(planSingletons(slow, 'production', 15)[0]).toMatchObject({ startSeconds: 300 });
  });
});

describe('singletonProblems', () => {
  test('a singleton that cannot come back within the RTO is a problem naming the limit and the fix', () => {
    // GIVEN a 5-minute RTO: 420 s of relaunch is 7 minutes
    const problems = singletonProblems(planSingletons(STANDARD, 'non-production', 5));
    // THEN one problem per singleton part
    expect(problems.map((p) => p.subject)).toEqual(['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator']);
    expect(problems[0]).toMatchObject({ kind: 'singleton-replacement', limit: 'RTO (serviceLevels.rtoMinutes)', needed: 7, allowed: 5 });
    expect(problems[0]!.message).toBe('singleton incident-sla-timer comes back 7 min after it fails (relaunch: detection 120 s + start 300 s), more than the 5-minute RTO');
    expect(problems[0]!.fix).toMatch(/shorten application.startupSeconds .*raise serviceLevels.rtoMinutes/);
  });

  test('within the RTO: no problem', () => {
    expect(singletonProblems(planSingletons(STANDARD, 'production', 15))).toEqual([]);
  });
});

describe('planCapacity', () => {
  test('prod plans warm spares within its 15-minute RTO; staging relaunches', () => {
    const prod = planCapacity(resolveEnvironment(project, 'prod'));
    expect(prod.singletons.map((s) => [s.fleet, s.path, s.withinRto])).toEqual([
      ['incident-sla-timer', 'warm-spare', true],
      ['change-change-window-scheduler', 'warm-spare', true],
      ['cmdb-discovery-coordinator', 'warm-spare', true],
    ]);
    expect(prod.problems.filter((p) => p.kind === 'singleton-replacement')).toEqual([]);
    expect(planCapacity(resolveEnvironment(project, 'staging')).singletons.every((s) => s.path === 'relaunch')).toBe(true);
  });

  test('an RTO the replacement cannot meet is reported among the plan problems, last', () => {
    // GIVEN prod with a 5-minute RTO (RPO unchanged)
    const resolved = resolveEnvironment(project, 'prod');
    const plan = planCapacity({ ...resolved, serviceLevels: { ...resolved.serviceLevels, rtoMinutes: 5 } });
    // THEN
    const kinds = plan.problems.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'singleton-replacement')).toHaveLength(3);
    expect(kinds.slice(kinds.indexOf('singleton-replacement')).every((k) => k === 'singleton-replacement')).toBe(true);
  });
});

describe('the cost of warm spares', () => {
  const spareLines = (environment: string) => {
    const resolved = resolveEnvironment(project, environment);
    const cost = costPlan({ plan: planCapacity(resolved), blueprint: resolved.blueprint, environment: resolved.environment });
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
