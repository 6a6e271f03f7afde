import { planCapacity } from '../../capacity/plan';
import { withResidency } from '../../capacity/residency-plan';
import { loadProject, resolveEnvironment } from '../../model/load';
import { planReportJson } from '../../report/plan-json';
import { renderPlanMarkdown } from '../../report/plan-markdown';
import { renderSingletonsMarkdown } from '../../report/singletons';

const project = loadProject({ root: `${__dirname}/../..` });
/** The environment's plan: with its blueprint's singleton lease (the default), or without it (`own`: parts in groups of their own). */
const plan = (environment: string, rtoMinutes?: number, own = false) => {
  const resolved = resolveEnvironment(project, environment);
  const { singletonLease: _lease, ...application } = resolved.blueprint.application;
  return planCapacity({
    ...resolved,
    ...(own ? { blueprint: { ...resolved.blueprint, application } } : {}),
    ...(rtoMinutes !== undefined ? { serviceLevels: { ...resolved.serviceLevels, rtoMinutes } } : {}),
  });
};
const own = (environment: string, rtoMinutes?: number) => plan(environment, rtoMinutes, true);

describe('the singletons section of the plan report', () => {
  test('production: each singleton on its warm spare, with the time it serves again against the RTO, and how to recover one', () => {
    // WHEN
    const markdown = renderSingletonsMarkdown([own('prod')])!;
    // THEN
    expect(markdown).toMatch(/^### Singletons\n/);
    expect(markdown).toContain('| `incident-sla-timer`             | part | warm spare  | EC2, 120 s | 300 s |            — |    **7 min** |         7 min | yes (15 min) |');
    expect(markdown).toContain('**Recovering a singleton**');
    expect(markdown).toContain('aws autoscaling describe-warm-pool --region us-east-1 --auto-scaling-group-name prod-us-east-1-incident-sla-timer');
    expect(markdown).toContain('completes the `launch-ready` lifecycle hook and only then starts the singleton');
  });

  test('under residency zones a singleton runs once per zone, in its home region', () => {
    const markdown = renderSingletonsMarkdown([withResidency(resolveEnvironment(project, 'intl-prod'), plan('intl-prod'))])!;
    expect(markdown).toContain('A singleton runs exactly once per residency zone, in its home region (standby regions');
    expect(renderSingletonsMarkdown([own('prod')])).toContain('A singleton runs exactly once, in the primary region (standby regions');
  });

  test('non-production relaunches: no warm-pool commands', () => {
    const markdown = renderSingletonsMarkdown([own('staging')])!;
    expect(markdown).toContain('| relaunch    |');
    expect(markdown).toContain('Outside production a failed singleton is **relaunched**');
    expect(markdown).not.toContain('describe-warm-pool');
  });

  test('a blueprint without singletons has no section (its report keeps its bytes)', () => {
    const jsm = plan('jsm-prod');
    expect(jsm.singletons).toEqual([]);
    expect(renderSingletonsMarkdown([jsm])).toBeUndefined();
    expect(renderPlanMarkdown([jsm])).not.toContain('### Singletons');
  });

  test('a replacement past the RTO is listed under Limits and quotas with its fix', () => {
    const markdown = renderPlanMarkdown([own('prod', 5)]);
    expect(markdown).toContain('| **no** (5 min) |');
    expect(markdown).toContain('- **RTO (serviceLevels.rtoMinutes)**: singleton incident-sla-timer comes back 7 min after it fails (warm spare: detection 120 s + start 300 s), more than the 5-minute RTO (needs 7, allowed 5;');
  });
});

describe('singletons in the plan JSON', () => {
  test('each singleton with its path, times and verdict, in blueprint order', () => {
    const report = planReportJson([own('prod')]);
    const singletons = report.scenarios.moderate!.singletons;
    expect(singletons.map((s) => s.fleet)).toEqual(['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator']);
    expect(singletons[0]).toEqual({
      fleet: 'incident-sla-timer',
      module: 'incident',
      kind: 'part',
      placement: 'own-group',
      servingFleet: null,
      leaseSeconds: null,
      path: 'warm-spare',
      healthCheck: 'EC2',
      detectionSeconds: 120,
      startSeconds: 300,
      registrationSeconds: 0,
      totalSeconds: 420,
      coldFallbackSeconds: 420,
      rtoMinutes: 15,
      withinRto: true,
      evidence: expect.arrayContaining([expect.stringMatching(/^detection 120 s/), expect.stringMatching(/^start 300 s: the warm spare/), expect.stringMatching(/^cold fallback 420 s/)]),
    });
  });
});

describe('singleton parts under a lease in the report', () => {
  test('production: each part on the shared fleet, taken over in lease + one renewal, and how to recover a stuck lease', () => {
    // WHEN
    const markdown = renderSingletonsMarkdown([plan('prod')])!;
    // THEN no group, warm spare or launch hook is mentioned; the lease is
    expect(markdown).toContain('| `incident-sla-timer`             | part | lease on `shared` (30 s) | lease takeover | lease, 40 s |   0 s |            — |  **0.7 min** |             — | yes (15 min) |');
    expect(markdown).not.toContain('A singleton runs exactly once, in the primary region (standby regions keep its group at zero');
    expect(markdown).not.toMatch(/describe-warm-pool|launch-ready|describe-scaling-activities/);
    expect(markdown).toContain('**Recovering a singleton part under a lease**');
    expect(markdown).toContain("alarm `prod-us-east-1-incident-sla-timer-lease` fires when no instance held the lease for 3 minutes");
    expect(markdown).toContain("UPDATE itsm_singleton_lease SET holder = 'released-by-operator', version = version + 1, expires_at = now() WHERE part = 'incident-sla-timer'");
    expect(markdown).toContain('--namespace itsm-scale/prod --metric-name SingletonLeaseHeld --dimensions Name=Part,Value=incident-sla-timer');
  });

  test('dev: a one-instance fleet brings the part back with its replacement, said as such', () => {
    const markdown = renderSingletonsMarkdown([plan('dev')])!;
    expect(markdown).toContain('| `incident-sla-timer`             | part | lease on `shared` (30 s) | relaunch    | ELB, 45 s | 300 s |            — |  **5.8 min** |             — | yes (24 h) |');
    expect(markdown).toContain('fleet shared may run a single instance (minSize 1)');
  });

  test('the plan JSON names the placement, the serving fleet and the lease; the fleets list what they run', () => {
    const scenario = planReportJson([plan('prod')]).scenarios.moderate!;
    expect(scenario.singletons[0]).toMatchObject({ placement: 'lease', servingFleet: 'shared', leaseSeconds: 30, path: 'lease', healthCheck: 'lease', totalSeconds: 40 });
    expect(scenario.fleets.shared).toMatchObject({ leaseParts: ['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator'] });
    expect(scenario.fleets.incident).toMatchObject({ singletons: ['sla-timer'], singletonPlacement: 'lease', leaseParts: [] });
    expect(scenario.summary.singletonInstances).toBe(0);
    expect(planReportJson([own('prod')]).scenarios.moderate!.summary.singletonInstances).toBe(3);
  });
});
