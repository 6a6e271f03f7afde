import { planCapacity } from '../../capacity/plan';
import { withResidency } from '../../capacity/residency-plan';
import { loadProject, resolveEnvironment } from '../../model/load';
import { planReportJson } from '../../report/plan-json';
import { renderPlanMarkdown } from '../../report/plan-markdown';
import { renderSingletonsMarkdown } from '../../report/singletons';

const project = loadProject({ root: `${__dirname}/../..` });
const plan = (environment: string, rtoMinutes?: number) => {
  const resolved = resolveEnvironment(project, environment);
  return planCapacity({ ...resolved, ...(rtoMinutes !== undefined ? { serviceLevels: { ...resolved.serviceLevels, rtoMinutes } } : {}) });
};

describe('the singletons section of the plan report', () => {
  test('production: each singleton on its warm spare, with the time it serves again against the RTO, and how to recover one', () => {
    // WHEN
    const markdown = renderSingletonsMarkdown([plan('prod')])!;
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
    expect(renderSingletonsMarkdown([plan('prod')])).toContain('A singleton runs exactly once, in the primary region (standby regions');
  });

  test('non-production relaunches: no warm-pool commands', () => {
    const markdown = renderSingletonsMarkdown([plan('staging')])!;
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
    const markdown = renderPlanMarkdown([plan('prod', 5)]);
    expect(markdown).toContain('| **no** (5 min) |');
    expect(markdown).toContain('- **RTO (serviceLevels.rtoMinutes)**: singleton incident-sla-timer comes back 7 min after it fails (warm spare: detection 120 s + start 300 s), more than the 5-minute RTO (needs 7, allowed 5;');
  });
});

describe('singletons in the plan JSON', () => {
  test('each singleton with its path, times and verdict, in blueprint order', () => {
    const report = planReportJson([plan('prod')]);
    const singletons = report.scenarios.moderate!.singletons;
    expect(singletons.map((s) => s.fleet)).toEqual(['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator']);
    expect(singletons[0]).toEqual({
      fleet: 'incident-sla-timer',
      module: 'incident',
      kind: 'part',
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
