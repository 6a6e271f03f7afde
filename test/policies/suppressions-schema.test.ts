/**
 * `policy.suppressions` in an environment file: validated by the environment schema when the project loads, with
 * located messages. Each test copies the repository's blueprints/ and environments/ into a temporary project.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { formatProblem, InputError, loadProject } from '../../model';

const REPO = resolve(__dirname, '..', '..');
const ENV = 'environments/dev.yaml';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'itsm-scale-suppressions-'));
  cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function appendPolicy(yaml: string): void {
  appendFileSync(join(root, ENV), yaml);
}

/** `FILE:LINE:COL` of the first occurrence of `needle` in the environment file (plus `offset` characters). */
function at(needle: string, offset = 0): string {
  const text = readFileSync(join(root, ENV), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`test setup: "${needle}" not in ${ENV}`);
  const before = text.slice(0, index + offset).split('\n');
  return `${relative(process.cwd(), join(root, ENV))}:${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

function problemLines(): string[] {
  try {
    loadProject({ root });
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('test setup: the project loaded without problems');
}

describe('environment policy.suppressions', () => {
  test('defaults to no suppressions', () => {
    // GIVEN the default dev environment, which says nothing about policy
    // WHEN loaded / THEN it has an empty suppression list
    expect(loadProject({ root }).environments.get('dev')!.value.policy).toEqual({ suppressions: [] });
  });

  test('a suppression with a rule, address patterns and a reason loads as written', () => {
    // GIVEN a valid suppression
    appendPolicy(
      [
        'policy:',
        '  suppressions:',
        '    - rule: ITSM-ALM-002',
        '      resources: [aws_cloudwatch_metric_alarm.monitoring_*_latency]',
        '      reason: "  Latency alarms are dashboard-only until the SLO is agreed (ARCH-42).  "',
        '',
      ].join('\n'),
    );
    // WHEN loaded / THEN it is there, with the reason trimmed
    expect(loadProject({ root }).environments.get('dev')!.value.policy.suppressions).toEqual([
      { rule: 'ITSM-ALM-002', resources: ['aws_cloudwatch_metric_alarm.monitoring_*_latency'], reason: 'Latency alarms are dashboard-only until the SLO is agreed (ARCH-42).' },
    ]);
  });

  test('a suppression without a reason is refused, located at the suppression', () => {
    // GIVEN a suppression that gives no reason
    appendPolicy(['policy:', '  suppressions:', '    - rule: ITSM-ALM-002', '      resources: [aws_cloudwatch_metric_alarm.cpu]', ''].join('\n'));
    // WHEN loaded / THEN the missing reason is named at the suppression's mapping
    expect(problemLines()).toEqual([`${at('rule: ITSM-ALM-002')}: policy.suppressions[0].reason: missing (required: a string)`]);
  });

  test('a short (or blank-padded) reason, an unknown rule, a malformed address and an unknown key are each located', () => {
    // GIVEN four broken suppressions
    appendPolicy(
      [
        'policy:',
        '  suppressions:',
        '    - rule: ITSM-LOG-001',
        '      reason: "   because       "',
        '    - rule: ITSM-NOPE-001',
        '      reason: Long enough reason for an unknown rule.',
        '    - rule: ITSM-LOG-001',
        "      resources: ['the load balancer']",
        '      reason: Long enough reason for a bad address.',
        '    - rule: ITSM-LOG-001',
        '      reason: Long enough reason with a typo below.',
        '      resource: [aws_lb.alb]',
        '',
      ].join('\n'),
    );
    // WHEN loaded / THEN every problem is reported with its position and what is allowed
    const lines = problemLines();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`${at('"   because')}: policy.suppressions[0].reason: is too short (at least 20 characters)`);
    expect(lines[1]).toMatch(new RegExp(`^${escape(at('ITSM-NOPE-001'))}: policy.suppressions\\[1\\].rule: got string "ITSM-NOPE-001" \\(allowed: "ITSM-ENC-001", .*"ITSM-ALM-002"\\)$`));
    expect(lines[2]).toBe(
      `${at("'the load balancer'")}: policy.suppressions[2].resources[0]: got string "the load balancer" (must be a Terraform address "<type>.<name>" in which * matches any characters, e.g. "aws_lb.alb" or "aws_rds_cluster.tickets_*")`,
    );
    expect(lines[3]).toBe(`${at('resource: [aws_lb.alb]')}: policy.suppressions[3].resource: unknown field (did you mean "resources"? allowed here: rule, resources, reason)`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
