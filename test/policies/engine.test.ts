/** The engine around the rules: the stack view, suppressions, ordering and the text output. */
import {
  checkStackJson,
  createStackView,
  formatFindings,
  isBlocking,
  PolicyRule,
  suppressionsFile,
  SUPPRESSIONS_FILE,
  unusedSuppressions,
} from '../../policies';
import { POLICY_TAGS, stackJson } from './fixtures';

/** A stack with one unencrypted log group (ITSM-ENC-004, error) and one lonely metric alarm (ITSM-ALM-002, warning). */
const STACK = stackJson({
  'aws_cloudwatch_log_group.app': { name: '/app', lifecycle: { prevent_destroy: true } },
  'aws_cloudwatch_log_group.audit': { name: '/audit', lifecycle: { prevent_destroy: true } },
  'aws_cloudwatch_metric_alarm.cpu': { alarm_name: 'cpu', metric_name: 'CPUUtilization', namespace: 'AWS/EC2', threshold: 80 },
});

describe('stack view', () => {
  const view = createStackView('s', {
    provider: { aws: [{ region: 'us-east-1', default_tags: [{ tags: { owner: 'a' } }] }, { alias: 'west', region: 'us-west-2', default_tags: [{ tags: { owner: 'b' } }] }] },
    resource: {
      aws_s3_bucket: { data: { bucket: 'data-bucket' }, other: { bucket: 'other' } },
      aws_s3_bucket_policy: { by_ref: { bucket: '${aws_s3_bucket.data.id}' }, by_name: { bucket: 'data-bucket' }, other: { bucket: '${aws_s3_bucket.other.id}' } },
      aws_sns_topic: { west: { name: 't', provider: 'aws.west' } },
    },
  });

  test('referencedBy finds resources inside ${...} only, and never data sources, variables or locals', () => {
    // GIVEN expressions of every kind / WHEN resolved / THEN only managed resources of the stack are returned, once each
    const found = view.referencedBy(['${aws_s3_bucket.data.arn}/*', 'aws_s3_bucket.other.id', '${data.aws_s3_bucket.other.id}', '${var.x} ${local.y}', { nested: ['${aws_s3_bucket.data.id}'] }]);
    expect(found.map((r) => r.address)).toEqual(['aws_s3_bucket.data']);
    expect(view.referencedBy('${jsonencode([aws_s3_bucket.other.arn])}', 'aws_s3_bucket').map((r) => r.address)).toEqual(['aws_s3_bucket.other']);
    expect(view.referencedBy('${aws_s3_bucket.data.id}', 'aws_sns_topic')).toEqual([]);
  });

  test('linked matches by reference or by a literal identity attribute', () => {
    const data = view.get('aws_s3_bucket.data')!;
    expect(view.linked(data, 'aws_s3_bucket_policy', 'bucket').map((r) => r.name)).toEqual(['by_ref']);
    expect(view.linked(data, 'aws_s3_bucket_policy', 'bucket', ['bucket']).map((r) => r.name)).toEqual(['by_name', 'by_ref']);
  });

  test('defaultTags follow the resource\'s provider, aliases included', () => {
    expect(view.defaultTags(view.get('aws_s3_bucket.data')!)).toEqual({ owner: 'a' });
    expect(view.defaultTags(view.get('aws_sns_topic.west')!)).toEqual({ owner: 'b' });
  });

  test('resources carry the construct path from the "//" metadata, and the body without it', () => {
    const resource = createStackView('s', STACK).get('aws_cloudwatch_log_group.app')!;
    expect(resource.path).toBe('stack/app');
    expect(resource.body['//']).toBeUndefined();
  });
});

describe('checkStackJson', () => {
  test('reports errors before warnings, each with stack, address, construct path and message', () => {
    // GIVEN the stack / WHEN checked without suppressions
    const findings = checkStackJson('prod-us-east-1', STACK, []);
    // THEN two ENC-004 errors (by address) and then the ALM-002 warning
    expect(findings.map((f) => [f.severity, f.ruleId, f.address])).toEqual([
      ['error', 'ITSM-ENC-004', 'aws_cloudwatch_log_group.app'],
      ['error', 'ITSM-ENC-004', 'aws_cloudwatch_log_group.audit'],
      ['warning', 'ITSM-ALM-002', 'aws_cloudwatch_metric_alarm.cpu'],
    ]);
    expect(findings[0]).toMatchObject({ stack: 'prod-us-east-1', path: 'stack/app', message: 'kms_key_id is not set; expected a KMS key ARN' });
    expect(findings.filter(isBlocking)).toHaveLength(2);
  });

  test('a suppression marks the findings it covers with its reason and drops none', () => {
    // GIVEN a suppression of ENC-004 for one log group
    const reason = 'Application logs hold no personal data (ARCH-7).';
    const findings = checkStackJson('s', STACK, [{ rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.app'], reason }]);
    // THEN that finding is suppressed with the reason, the other log group still blocks, nothing is dropped
    expect(findings).toHaveLength(3);
    expect(findings.find((f) => f.address === 'aws_cloudwatch_log_group.app')!.suppressed).toEqual({ reason });
    expect(findings.filter(isBlocking).map((f) => f.address)).toEqual(['aws_cloudwatch_log_group.audit']);
  });

  test('suppression patterns: * matches any characters; no resources means every resource; another rule id matches nothing', () => {
    const reason = 'Accepted for this test of matching rules.';
    const glob = checkStackJson('s', STACK, [{ rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.*'], reason }]);
    expect(glob.filter(isBlocking)).toEqual([]);
    const all = checkStackJson('s', STACK, [{ rule: 'ITSM-ENC-004', reason }]);
    expect(all.filter((f) => f.suppressed).map((f) => f.address)).toEqual(['aws_cloudwatch_log_group.app', 'aws_cloudwatch_log_group.audit']);
    const other = checkStackJson('s', STACK, [{ rule: 'ITSM-ENC-005', reason }, { rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.ap'], reason }]);
    expect(other.filter((f) => f.suppressed)).toEqual([]);
  });

  test('without "//" metadata findings have no path but are otherwise the same', () => {
    const bare = JSON.parse(JSON.stringify(STACK, (key, value) => (key === '//' ? undefined : value))) as object;
    const findings = checkStackJson('s', bare, []);
    expect(findings).toHaveLength(3);
    expect(findings.every((f) => f.path === undefined)).toBe(true);
  });

  test('a rule that throws is reported with its id, the resource and the stack', () => {
    const broken: PolicyRule = { id: 'ITSM-TST-001', severity: 'error', title: 't', rationale: 'r', remediation: 'r', appliesTo: ['aws_cloudwatch_log_group'], check: () => { throw new Error('boom'); } };
    expect(() => checkStackJson('s', STACK, [], [broken])).toThrow(/policy rule ITSM-TST-001 failed on aws_cloudwatch_log_group.app of stack s: boom/);
  });

  test('a stack with no resources (a global stack with outputs only) has no findings', () => {
    expect(checkStackJson('dev-global', { provider: { aws: [{ default_tags: [{ tags: POLICY_TAGS }] }] }, output: { x: { value: 1 } } }, [])).toEqual([]);
  });
});

describe('formatFindings', () => {
  test('open findings, suppressed ones with reasons, how to fix each failing rule once, and a summary', () => {
    // GIVEN one suppressed and two open findings
    const findings = checkStackJson('prod-us-east-1', STACK, [{ rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.audit'], reason: 'Audit logs are encrypted by the SIEM pipeline (SEC-9).' }]);
    // WHEN formatted
    const text = formatFindings(findings);
    // THEN the layout is exactly this
    const lines = text.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'ERROR    ITSM-ENC-004  prod-us-east-1  aws_cloudwatch_log_group.app  (stack/app)',
      '         kms_key_id is not set; expected a KMS key ARN',
      'WARNING  ITSM-ALM-002  prod-us-east-1  aws_cloudwatch_metric_alarm.cpu  (stack/cpu)',
      '         alarm_actions is empty (or actions_enabled is false) and no composite alarm of the stack uses this alarm',
      '',
      'Suppressed (1):',
      'ERROR    ITSM-ENC-004  prod-us-east-1  aws_cloudwatch_log_group.audit  (stack/audit)',
      '         kms_key_id is not set; expected a KMS key ARN',
      '         reason: Audit logs are encrypted by the SIEM pipeline (SEC-9).',
    ]);
    expect(lines.slice(9, 12)).toEqual(['', 'How to fix:', '  ITSM-ALM-002  Metric alarms have alarm actions or are used by a composite alarm of the stack']);
    expect(text).toContain('  ITSM-ENC-004  CloudWatch log groups are encrypted with a KMS key\n    The constructs create their log groups with kms_key_id.');
    expect(text.endsWith('\n1 error, 1 warning, 1 suppressed.\n')).toBe(true);
  });

  test('no findings', () => {
    expect(formatFindings([])).toBe('No findings.\n');
  });
});

describe('suppressions that travel with the synth output', () => {
  test('suppressionsFile is deterministic JSON of the suppressions, named policy-suppressions.json', () => {
    const file = suppressionsFile([{ rule: 'ITSM-ALM-002', reason: 'Dashboard-only alarm until the SLO is agreed.', resources: ['aws_cloudwatch_metric_alarm.cpu'] }]);
    expect(file.name).toBe(SUPPRESSIONS_FILE);
    expect(file.name).toBe('policy-suppressions.json');
    expect(JSON.parse(file.content)).toEqual({ suppressions: [{ rule: 'ITSM-ALM-002', resources: ['aws_cloudwatch_metric_alarm.cpu'], reason: 'Dashboard-only alarm until the SLO is agreed.' }] });
    expect(file.content).toBe(suppressionsFile([{ resources: ['aws_cloudwatch_metric_alarm.cpu'], reason: 'Dashboard-only alarm until the SLO is agreed.', rule: 'ITSM-ALM-002' }]).content);
    expect(file.content.endsWith('}\n')).toBe(true);
  });

  test('unusedSuppressions names suppressions that cover no finding', () => {
    const used = { rule: 'ITSM-ENC-004', reason: 'Covers the two log groups of the stack.' };
    const stale = { rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.gone'], reason: 'The resource was removed since then.' };
    expect(unusedSuppressions(checkStackJson('s', STACK, []), [used, stale])).toEqual([stale]);
  });
});
