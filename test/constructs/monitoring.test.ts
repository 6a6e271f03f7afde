import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  anyAlarmRule,
  connectionsAlarmThreshold,
  dashboardBody,
  DashboardInput,
  DASHBOARD_GRID_WIDTH,
  MAX_ALARMS_PER_COMPOSITE,
  Monitoring,
  MonitoringProps,
} from '../../constructs/monitoring';
import { Json } from '../json';

const LB = 'app/prod-us-east-1/50dc6c495c0c9188';
const MODULES: MonitoringProps['modules'] = {
  incident: { autoscalingGroupName: 'prod-us-east-1-incident', targetGroupArnSuffix: 'targetgroup/prod-incident/73e2d6bc24d8a067' },
  change: { autoscalingGroupName: 'prod-us-east-1-change', targetGroupArnSuffix: 'targetgroup/prod-change/0a1b2c3d4e5f6a7b' },
};
const DATABASES: MonitoringProps['databases'] = {
  'tickets-shard-01': { clusterIdentifier: 'prod-us-east-1-tickets-shard-01' },
  'cmdb-shard-01': { clusterIdentifier: 'prod-us-east-1-cmdb-shard-01', maxConnections: 5000 },
};

const BASE_PROPS: MonitoringProps = {
  name: 'prod-us-east-1',
  accountId: '123456789012',
  region: 'us-east-1',
  latencyTargetMs: 500,
  loadBalancerArnSuffix: LB,
  modules: MODULES,
  databases: DATABASES,
};

const GIB = 1024 ** 3;
const MODULE_KINDS = ['cpu', '5xx', 'latency', 'unhealthy_hosts'];
const DATABASE_KINDS = ['cpu', 'connections', 'free_storage'];
const TOPIC_ARN = '${aws_sns_topic.monitoring_alarms.arn}';

/** Synthesizes one Monitoring with id `monitoring` and BASE_PROPS plus overrides; returns the JSON string. */
function synthMonitoring(overrides: Partial<MonitoringProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Monitoring(scope, 'monitoring', { ...BASE_PROPS, ...overrides });
  });
}

/** Builds a Monitoring in a fresh stack (for attributes and throw tests). */
function build(overrides: Partial<MonitoringProps> = {}): { stack: TerraformStack; monitoring: Monitoring } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const monitoring = new Monitoring(stack, 'monitoring', { ...BASE_PROPS, ...overrides });
  return { stack, monitoring };
}

function resources(synth: string, type: string): Record<string, Json> {
  return ((JSON.parse(synth) as Json).resource?.[type] ?? {}) as Record<string, Json>;
}
function metricAlarms(synth: string): Record<string, Json> {
  return resources(synth, 'aws_cloudwatch_metric_alarm');
}
function composites(synth: string): Record<string, Json> {
  return resources(synth, 'aws_cloudwatch_composite_alarm');
}
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}
function alarm(synth: string, id: string): Json {
  const found = metricAlarms(synth)[id];
  if (!found) throw new Error(`no metric alarm ${id}; have ${Object.keys(metricAlarms(synth)).join(', ')}`);
  return found;
}
/** The addresses (`aws_cloudwatch_metric_alarm.x`) a composite's rule names, in order. */
function ruleChildren(rule: string): string[] {
  const children = [...rule.matchAll(/ALARM\("\$\{(aws_cloudwatch_(?:metric|composite)_alarm\.[a-z0-9_]+)\.alarm_name\}"\)/g)].map((m) => m[1] as string);
  // Nothing but `ALARM("...")` terms joined by OR.
  expect(rule).toBe(children.map((c) => `ALARM("\${${c}.alarm_name}")`).join(' OR '));
  return children;
}
function moduleAlarmAddresses(module: string): string[] {
  return MODULE_KINDS.map((kind) => `aws_cloudwatch_metric_alarm.monitoring_${module}_${kind}`);
}
function databaseAlarmAddresses(key: string): string[] {
  return DATABASE_KINDS.map((kind) => `aws_cloudwatch_metric_alarm.monitoring_${key}_${kind}`);
}
function dashboard(synth: string): Json {
  const body = resources(synth, 'aws_cloudwatch_dashboard').monitoring?.dashboard_body as string;
  return JSON.parse(body) as Json;
}

describe('Monitoring: defaults', () => {
  // GIVEN two modules and two databases, every optional prop left out
  // WHEN synthesized
  const synth = synthMonitoring();

  test('creates exactly the expected, name-keyed Terraform addresses', () => {
    // THEN
    expect(addresses(synth)).toEqual(
      [
        'aws_cloudwatch_composite_alarm.monitoring_alb',
        'aws_cloudwatch_composite_alarm.monitoring_change',
        'aws_cloudwatch_composite_alarm.monitoring_cmdb_shard_01',
        'aws_cloudwatch_composite_alarm.monitoring_incident',
        'aws_cloudwatch_composite_alarm.monitoring_modules',
        'aws_cloudwatch_composite_alarm.monitoring_tickets_shard_01',
        'aws_cloudwatch_dashboard.monitoring',
        'aws_cloudwatch_metric_alarm.monitoring_alb_5xx',
        ...moduleAlarmAddresses('change'),
        ...databaseAlarmAddresses('cmdb_shard_01'),
        ...moduleAlarmAddresses('incident'),
        ...databaseAlarmAddresses('tickets_shard_01'),
        'aws_kms_alias.monitoring_alarms',
        'aws_kms_key.monitoring_alarms',
        'aws_sns_topic.monitoring_alarms',
        'aws_sns_topic_policy.monitoring_alarms',
      ].sort(),
    );
  });

  test('encrypts the topic with its own rotating, protected KMS key that CloudWatch may use for this account only', () => {
    // THEN
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: expect.objectContaining({ prevent_destroy: true }),
      tags: expect.objectContaining({ 'data-classification': 'confidential', Name: 'prod-us-east-1-alarms' }),
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, {
      name: 'alias/prod-us-east-1-alarms',
      target_key_id: '${aws_kms_key.monitoring_alarms.key_id}',
    });
    const policy = JSON.parse(resources(synth, 'aws_kms_key').monitoring_alarms?.policy as string) as Json;
    expect(policy.Statement).toEqual([
      {
        Sid: 'EnableAccountRootAdministration',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);
    expect(synth).toHaveResourceWithProperties(SnsTopic, {
      name: 'prod-us-east-1-alarms',
      kms_master_key_id: '${aws_kms_key.monitoring_alarms.arn}',
      signature_version: 2,
    });
  });

  test('lets only CloudWatch alarms of this account and region publish to the topic, over TLS', () => {
    // THEN
    const topicPolicy = resources(synth, 'aws_sns_topic_policy').monitoring_alarms as Json;
    expect(topicPolicy.arn).toBe(TOPIC_ARN);
    const statements = (JSON.parse(topicPolicy.policy as string) as Json).Statement as Json[];
    expect(statements).toEqual([
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC_ARN,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*' },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: TOPIC_ARN,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  test.each(['incident', 'change'])('module %s: CPU alarm on its autoscaling group above 80%%', (module) => {
    // THEN
    expect(alarm(synth, `monitoring_${module}_cpu`)).toEqual(
      expect.objectContaining({
        alarm_name: `prod-us-east-1-${module}-cpu`,
        namespace: 'AWS/EC2',
        metric_name: 'CPUUtilization',
        dimensions: { AutoScalingGroupName: `prod-us-east-1-${module}` },
        statistic: 'Average',
        period: 60,
        evaluation_periods: 3,
        datapoints_to_alarm: 3,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 80,
        treat_missing_data: 'missing',
        tags: { module },
      }),
    );
  });

  test.each(['incident', 'change'])('module %s: target 5xx error-rate alarm (metric math) above 1%%', (module) => {
    // THEN
    const target = MODULES[module]!;
    const dims = { LoadBalancer: LB, TargetGroup: target.targetGroupArnSuffix };
    const fiveXx = alarm(synth, `monitoring_${module}_5xx`);
    expect(fiveXx).toEqual(
      expect.objectContaining({
        alarm_name: `prod-us-east-1-${module}-5xx`,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 1,
        treat_missing_data: 'notBreaching',
      }),
    );
    expect(fiveXx.metric_name).toBeUndefined();
    expect(fiveXx.metric_query).toEqual([
      {
        id: 'errors',
        metric: { namespace: 'AWS/ApplicationELB', metric_name: 'HTTPCode_Target_5XX_Count', dimensions: dims, period: 60, stat: 'Sum' },
        return_data: false,
      },
      {
        id: 'requests',
        metric: { namespace: 'AWS/ApplicationELB', metric_name: 'RequestCount', dimensions: dims, period: 60, stat: 'Sum' },
        return_data: false,
      },
      { id: 'rate', expression: '100 * FILL(errors, 0) / requests', label: `${module} target 5xx %`, return_data: true },
    ]);
  });

  test.each(['incident', 'change'])('module %s: p95 latency alarm above the target in seconds and unhealthy-hosts alarm', (module) => {
    // THEN
    const dims = { LoadBalancer: LB, TargetGroup: MODULES[module]!.targetGroupArnSuffix };
    const latency = alarm(synth, `monitoring_${module}_latency`);
    expect(latency).toEqual(
      expect.objectContaining({
        metric_name: 'TargetResponseTime',
        namespace: 'AWS/ApplicationELB',
        dimensions: dims,
        extended_statistic: 'p95',
        threshold: 0.5,
        comparison_operator: 'GreaterThanThreshold',
        treat_missing_data: 'missing',
      }),
    );
    expect(latency.statistic).toBeUndefined();
    expect(alarm(synth, `monitoring_${module}_unhealthy_hosts`)).toEqual(
      expect.objectContaining({
        metric_name: 'UnHealthyHostCount',
        dimensions: dims,
        statistic: 'Maximum',
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
        treat_missing_data: 'notBreaching',
      }),
    );
  });

  test('every alarm description says what it means and what to do', () => {
    // THEN
    for (const [id, config] of [...Object.entries(metricAlarms(synth)), ...Object.entries(composites(synth))]) {
      expect({ id, description: config.alarm_description }).toEqual({ id, description: expect.stringMatching(/Runbook|never notifies/) });
      expect((config.alarm_description as string).length).toBeLessThanOrEqual(1024);
    }
  });

  test('no metric alarm has actions: only composites notify', () => {
    // THEN
    for (const [id, config] of Object.entries(metricAlarms(synth))) {
      expect({ id, alarm: config.alarm_actions, ok: config.ok_actions, insufficient: config.insufficient_data_actions }).toEqual({
        id,
        alarm: undefined,
        ok: undefined,
        insufficient: undefined,
      });
    }
  });

  test.each(['incident', 'change'])('module %s: one composite that notifies the topic and names exactly its four alarms', (module) => {
    // THEN
    const composite = composites(synth)[`monitoring_${module}`] as Json;
    expect(composite).toEqual(
      expect.objectContaining({
        alarm_name: `prod-us-east-1-${module}`,
        actions_enabled: true,
        alarm_actions: [TOPIC_ARN],
        ok_actions: [TOPIC_ARN],
        tags: { module },
      }),
    );
    expect(composite.insufficient_data_actions).toBeUndefined();
    expect(ruleChildren(composite.alarm_rule as string)).toEqual(moduleAlarmAddresses(module));
  });

  test('database alarms: busiest-instance CPU above 80%, connections above 80% of max (default 1000), free local storage below 20 GiB', () => {
    // THEN
    expect(alarm(synth, 'monitoring_tickets_shard_01_cpu')).toEqual(
      expect.objectContaining({
        alarm_name: 'prod-us-east-1-tickets-shard-01-cpu',
        namespace: 'AWS/RDS',
        metric_name: 'CPUUtilization',
        dimensions: { DBClusterIdentifier: 'prod-us-east-1-tickets-shard-01' },
        statistic: 'Maximum',
        threshold: 80,
        comparison_operator: 'GreaterThanThreshold',
        treat_missing_data: 'missing',
      }),
    );
    expect(alarm(synth, 'monitoring_tickets_shard_01_connections')).toEqual(
      expect.objectContaining({ metric_name: 'DatabaseConnections', statistic: 'Maximum', threshold: 800, comparison_operator: 'GreaterThanThreshold' }),
    );
    expect(alarm(synth, 'monitoring_cmdb_shard_01_connections').threshold).toBe(4000);
    expect(alarm(synth, 'monitoring_tickets_shard_01_free_storage')).toEqual(
      expect.objectContaining({
        metric_name: 'FreeLocalStorage',
        statistic: 'Minimum',
        threshold: 20 * GIB,
        comparison_operator: 'LessThanThreshold',
        treat_missing_data: 'missing',
      }),
    );
  });

  test('without databaseModules every database pages through a composite of its own', () => {
    // THEN
    for (const key of ['tickets_shard_01', 'cmdb_shard_01']) {
      const composite = composites(synth)[`monitoring_${key}`] as Json;
      expect(composite.alarm_actions).toEqual([TOPIC_ARN]);
      expect(ruleChildren(composite.alarm_rule as string)).toEqual(databaseAlarmAddresses(key));
    }
  });

  test('every metric alarm belongs to exactly one paging path (no silent alarm, no double page)', () => {
    // THEN: follow the rules from each notifying composite down to the metric alarms
    const all = composites(synth);
    const paged = Object.entries(all)
      .filter(([, c]) => (c.alarm_actions as string[]).length > 0)
      .flatMap(([, c]) => ruleChildren(c.alarm_rule as string));
    expect(paged.sort()).toEqual(Object.keys(metricAlarms(synth)).map((id) => `aws_cloudwatch_metric_alarm.${id}`).sort());
  });

  test('load balancer 5xx pages through its own composite, suppressed while any module composite is in ALARM', () => {
    // THEN
    expect(alarm(synth, 'monitoring_alb_5xx').metric_query[0].metric).toEqual(
      expect.objectContaining({ metric_name: 'HTTPCode_ELB_5XX_Count', dimensions: { LoadBalancer: LB } }),
    );
    const all = composites(synth);
    expect(all.monitoring_alb).toEqual(
      expect.objectContaining({
        alarm_actions: [TOPIC_ARN],
        actions_suppressor: {
          alarm: '${aws_cloudwatch_composite_alarm.monitoring_modules.alarm_name}',
          wait_period: 180,
          extension_period: 180,
        },
      }),
    );
    expect(ruleChildren(all.monitoring_alb?.alarm_rule as string)).toEqual(['aws_cloudwatch_metric_alarm.monitoring_alb_5xx']);
    expect(all.monitoring_modules).toEqual(expect.objectContaining({ actions_enabled: false, alarm_actions: [], ok_actions: [] }));
    expect(ruleChildren(all.monitoring_modules?.alarm_rule as string)).toEqual([
      'aws_cloudwatch_composite_alarm.monitoring_change',
      'aws_cloudwatch_composite_alarm.monitoring_incident',
    ]);
  });

  test('dashboard named after the environment-region, valid JSON, a section per module and database, region on every widget', () => {
    // THEN
    expect(synth).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: 'prod-us-east-1' });
    const body = dashboard(synth);
    const widgets = body.widgets as Json[];
    const headers = widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown as string);
    expect(headers.slice(1)).toEqual(['## Module change', '## Module incident', '## Database cmdb-shard-01', '## Database tickets-shard-01']);
    for (const widget of widgets.filter((w) => w.type !== 'text')) expect(widget.properties.region).toBe('us-east-1');
    for (const [module, target] of Object.entries(MODULES)) {
      const graphs = JSON.stringify(widgets);
      expect(graphs).toContain(target.targetGroupArnSuffix);
      expect(graphs).toContain(target.autoscalingGroupName);
      const titles = widgetsOfSection(widgets, `## Module ${module}`).map((w) => w.properties.title as string);
      expect(titles).toEqual(['Requests (sum)', 'Latency (seconds)', 'Target 5xx rate (%)', 'CPU (%)', 'Instances', `${module} alarm`]);
    }
    const db = widgetsOfSection(widgets, '## Database tickets-shard-01');
    expect(db.map((w) => w.properties.metrics[0]).flat()).toEqual(
      expect.arrayContaining(['CPUUtilization', 'DatabaseConnections', 'prod-us-east-1-tickets-shard-01']),
    );
    const alarmWidget = widgets.find((w) => w.type === 'alarm' && w.properties.title === 'Paging alarms');
    expect(alarmWidget?.properties.alarms).toEqual([
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-change',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-incident',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-cmdb-shard-01',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-tickets-shard-01',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-alb',
    ]);
  });

  test('is deterministic and independent of the order of modules and databases', () => {
    // WHEN the same input is given in another key order
    const reordered = synthMonitoring({
      modules: { change: MODULES.change!, incident: MODULES.incident! },
      databases: { 'cmdb-shard-01': DATABASES['cmdb-shard-01']!, 'tickets-shard-01': DATABASES['tickets-shard-01']! },
    });
    // THEN
    expect(reordered).toBe(synth);
    expect(synthMonitoring()).toBe(synth);
  });

  test('exposes topic, composite ARNs per module, every alarm name and the dashboard name', () => {
    // WHEN
    const { stack, monitoring } = build();
    new TerraformOutput(stack, 'topic', { value: monitoring.topicArn });
    new TerraformOutput(stack, 'key', { value: monitoring.kmsKeyArn });
    new TerraformOutput(stack, 'composites', { value: monitoring.compositeAlarmArns });
    new TerraformOutput(stack, 'alb', { value: monitoring.loadBalancerCompositeAlarmArn });
    const outputs = (JSON.parse(Testing.synth(stack)) as Json).output as Json;
    // THEN
    expect(outputs.topic.value).toBe(TOPIC_ARN);
    expect(outputs.key.value).toBe('${aws_kms_key.monitoring_alarms.arn}');
    expect(outputs.composites.value).toEqual({
      change: '${aws_cloudwatch_composite_alarm.monitoring_change.arn}',
      incident: '${aws_cloudwatch_composite_alarm.monitoring_incident.arn}',
    });
    expect(outputs.alb.value).toBe('${aws_cloudwatch_composite_alarm.monitoring_alb.arn}');
    expect(Object.keys(monitoring.databaseCompositeAlarmArns)).toEqual(['cmdb-shard-01', 'tickets-shard-01']);
    expect(monitoring.dashboardName).toBe('prod-us-east-1');
    expect(monitoring.alarmNames).toHaveLength(8 + 6 + 1 + 2 + 2 + 2);
    expect(monitoring.alarmNames).toEqual(expect.arrayContaining(['prod-us-east-1-incident-cpu', 'prod-us-east-1-incident', 'prod-us-east-1-alb']));
    expect(new Set(monitoring.alarmNames).size).toBe(monitoring.alarmNames.length);
    const synthesized = Testing.synth(stack);
    const names = [...Object.values(metricAlarms(synthesized)), ...Object.values(composites(synthesized))].map((a) => a.alarm_name);
    expect([...monitoring.alarmNames].sort()).toEqual(names.sort());
  });
});

/** The widgets after a header until the next header. */
function widgetsOfSection(widgets: Json[], header: string): Json[] {
  const start = widgets.findIndex((w) => w.type === 'text' && w.properties.markdown === header);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = widgets.slice(start + 1);
  const end = rest.findIndex((w) => w.type === 'text');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('Monitoring: props', () => {
  test('utilizationThresholdPercent 70 moves every CPU and connections threshold', () => {
    // WHEN
    const synth = synthMonitoring({ utilizationThresholdPercent: 70 });
    // THEN
    for (const id of ['monitoring_incident_cpu', 'monitoring_change_cpu', 'monitoring_tickets_shard_01_cpu', 'monitoring_cmdb_shard_01_cpu']) {
      expect({ id, threshold: alarm(synth, id).threshold }).toEqual({ id, threshold: 70 });
    }
    expect(alarm(synth, 'monitoring_tickets_shard_01_connections').threshold).toBe(700);
    expect(alarm(synth, 'monitoring_cmdb_shard_01_connections').threshold).toBe(3500);
    expect(JSON.stringify(dashboard(synth))).toContain('"label":"alarm > 70%","value":70');
  });

  test('latencyTargetMs 250 sets the p95 thresholds to 0.25 seconds', () => {
    // WHEN
    const synth = synthMonitoring({ latencyTargetMs: 250 });
    // THEN
    expect(alarm(synth, 'monitoring_incident_latency').threshold).toBe(0.25);
    expect(alarm(synth, 'monitoring_change_latency').threshold).toBe(0.25);
  });

  test('databaseModules puts a database\'s alarms into the composites of the modules that use it, and only those', () => {
    // WHEN
    const synth = synthMonitoring({ databaseModules: { 'tickets-shard-01': ['incident'] } });
    // THEN
    const all = composites(synth);
    expect(ruleChildren(all.monitoring_incident?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('incident'),
      ...databaseAlarmAddresses('tickets_shard_01'),
    ]);
    expect(ruleChildren(all.monitoring_change?.alarm_rule as string)).toEqual(moduleAlarmAddresses('change'));
    // The claimed database no longer pages on its own; the unclaimed one still does.
    expect(all.monitoring_tickets_shard_01).toBeUndefined();
    expect(ruleChildren(all.monitoring_cmdb_shard_01?.alarm_rule as string)).toEqual(databaseAlarmAddresses('cmdb_shard_01'));
  });

  test('databaseModules with several modules adds the database to each composite', () => {
    // WHEN
    const synth = synthMonitoring({ databaseModules: { 'tickets-shard-01': ['incident', 'change'], 'cmdb-shard-01': ['change'] } });
    // THEN
    const all = composites(synth);
    expect(ruleChildren(all.monitoring_change?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('change'),
      ...databaseAlarmAddresses('cmdb_shard_01'),
      ...databaseAlarmAddresses('tickets_shard_01'),
    ]);
    expect(ruleChildren(all.monitoring_incident?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('incident'),
      ...databaseAlarmAddresses('tickets_shard_01'),
    ]);
    expect(Object.keys(all).sort()).toEqual(['monitoring_alb', 'monitoring_change', 'monitoring_incident', 'monitoring_modules']);
  });

  test('kmsKeyArn given: no key or alias is created and the topic uses the given key', () => {
    // WHEN
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const synth = synthMonitoring({ kmsKeyArn: keyArn });
    // THEN
    expect(resources(synth, 'aws_kms_key')).toEqual({});
    expect(resources(synth, 'aws_kms_alias')).toEqual({});
    expect(synth).toHaveResourceWithProperties(SnsTopic, { kms_master_key_id: keyArn });
  });

  test('freeStorageThresholdGb 50 sets the storage thresholds in bytes', () => {
    // WHEN
    const synth = synthMonitoring({ freeStorageThresholdGb: 50 });
    // THEN
    expect(alarm(synth, 'monitoring_tickets_shard_01_free_storage').threshold).toBe(50 * GIB);
  });

  test('serverErrorRateThresholdPercent 5 moves the module and load balancer 5xx thresholds', () => {
    // WHEN
    const synth = synthMonitoring({ serverErrorRateThresholdPercent: 5 });
    // THEN
    for (const id of ['monitoring_incident_5xx', 'monitoring_change_5xx', 'monitoring_alb_5xx']) expect(alarm(synth, id).threshold).toBe(5);
  });

  test('evaluationPeriods and periodSeconds apply to every alarm, graph and the suppression window', () => {
    // WHEN
    const synth = synthMonitoring({ evaluationPeriods: 5, periodSeconds: 300 });
    // THEN
    for (const [id, config] of Object.entries(metricAlarms(synth))) {
      const periods = config.metric_query
        ? (config.metric_query as Json[]).filter((q) => q.metric).map((q) => q.metric.period)
        : [config.period];
      expect({ id, evaluation: config.evaluation_periods, datapoints: config.datapoints_to_alarm, periods }).toEqual({
        id,
        evaluation: 5,
        datapoints: 5,
        periods: periods.map(() => 300),
      });
    }
    expect(composites(synth).monitoring_alb?.actions_suppressor).toEqual(expect.objectContaining({ wait_period: 1500, extension_period: 1500 }));
    for (const widget of (dashboard(synth).widgets as Json[]).filter((w) => w.type === 'metric')) expect(widget.properties.period).toBe(300);
  });

  test('databases left out: no database alarms, composites, or dashboard sections', () => {
    // WHEN
    const synth = synthMonitoring({ databases: undefined });
    // THEN
    expect(Object.keys(metricAlarms(synth)).filter((id) => id.includes('shard'))).toEqual([]);
    expect(Object.keys(composites(synth)).sort()).toEqual(['monitoring_alb', 'monitoring_change', 'monitoring_incident', 'monitoring_modules']);
    expect(JSON.stringify(dashboard(synth))).not.toContain('## Database');
  });

  test('tags reach every alarm, the topic and the key; dataClassification tags the key', () => {
    // WHEN
    const synth = synthMonitoring({ tags: { owner: 'itsm-platform' }, dataClassification: 'internal' });
    // THEN
    for (const [id, config] of [...Object.entries(metricAlarms(synth)), ...Object.entries(composites(synth))]) {
      expect({ id, owner: config.tags?.owner }).toEqual({ id, owner: 'itsm-platform' });
    }
    expect(synth).toHaveResourceWithProperties(SnsTopic, { tags: expect.objectContaining({ owner: 'itsm-platform' }) });
    expect(synth).toHaveResourceWithProperties(KmsKey, { tags: expect.objectContaining({ owner: 'itsm-platform', 'data-classification': 'internal' }) });
  });

  test('two instances in one stack get distinct addresses', () => {
    // WHEN
    const synth = Testing.synthScope((scope) => {
      new Monitoring(scope, 'primary', BASE_PROPS);
      new Monitoring(scope, 'secondary', { ...BASE_PROPS, name: 'prod-us-west-2', region: 'us-west-2' });
    });
    // THEN
    const ids = Object.keys(composites(synth));
    expect(ids).toEqual(expect.arrayContaining(['primary_incident', 'secondary_incident']));
    expect(synth).toHaveResourceWithProperties(CloudwatchCompositeAlarm, { alarm_name: 'prod-us-west-2-incident' });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: 'prod-us-west-2-incident-cpu' });
  });

  test('unresolved string tokens skip validation and flow into the alarms', () => {
    // GIVEN
    const synth = Testing.synthScope((scope) => {
      const account = new TerraformVariable(scope, 'account', { type: 'string' });
      const asg = new TerraformVariable(scope, 'asg', { type: 'string' });
      const tg = new TerraformVariable(scope, 'tg', { type: 'string' });
      // WHEN
      new Monitoring(scope, 'monitoring', {
        ...BASE_PROPS,
        accountId: account.stringValue,
        modules: { incident: { autoscalingGroupName: asg.stringValue, targetGroupArnSuffix: tg.stringValue } },
      });
    });
    // THEN
    expect(alarm(synth, 'monitoring_incident_cpu').dimensions).toEqual({ AutoScalingGroupName: '${var.asg}' });
    expect(alarm(synth, 'monitoring_incident_latency').dimensions).toEqual({ LoadBalancer: LB, TargetGroup: '${var.tg}' });
    expect(JSON.parse(resources(synth, 'aws_kms_key').monitoring_alarms?.policy as string).Statement[1].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '${var.account}' },
    });
  });

  test('numeric props must be literals (they are computed into thresholds at synth time)', () => {
    // GIVEN
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    const latency = new TerraformVariable(stack, 'latency', { type: 'number' });
    // WHEN / THEN
    expect(() => new Monitoring(stack, 'monitoring', { ...BASE_PROPS, latencyTargetMs: latency.numberValue })).toThrow(
      /latencyTargetMs must be a literal number/,
    );
  });
});

describe('Monitoring: validation', () => {
  test.each([0, 101, -5, Number.NaN])('utilizationThresholdPercent %p is rejected with the allowed range', (value) => {
    expect(() => build({ utilizationThresholdPercent: value })).toThrow(/Monitoring stack\/monitoring: utilizationThresholdPercent .* out of range; pass a percentage from 1 to 100/);
  });

  test.each([0, -100])('latencyTargetMs %p is rejected', (value) => {
    expect(() => build({ latencyTargetMs: value })).toThrow(/latencyTargetMs -?\d+ must be a number of milliseconds > 0/);
  });

  test('no modules', () => {
    expect(() => build({ modules: {} })).toThrow(/modules is empty; pass at least one module/);
  });

  test.each(['Incident', 'service_catalog', '1st', 'a--b'])('module name %p that is not kebab-case', (module) => {
    expect(() => build({ modules: { [module]: MODULES.incident! } })).toThrow(/module name ".*" must be lower-case kebab-case \(e\.g\. "service-catalog"\)/);
  });

  test('database key that is not kebab-case', () => {
    expect(() => build({ databases: { tickets_01: { clusterIdentifier: 'x' } } })).toThrow(/database key "tickets_01" must be lower-case kebab-case/);
  });

  test('databaseModules naming an unknown module lists the known ones', () => {
    expect(() => build({ databaseModules: { 'tickets-shard-01': ['incident', 'problem'] } })).toThrow(
      /databaseModules\["tickets-shard-01"\] names unknown module\(s\) "problem"; known modules are "incident", "change"/,
    );
  });

  test('databaseModules naming an unknown database key', () => {
    expect(() => build({ databaseModules: { 'tickets-shard-02': ['incident'] } })).toThrow(
      /databaseModules names database "tickets-shard-02", which is not in databases \("tickets-shard-01", "cmdb-shard-01"\)/,
    );
  });

  test('a module named like a reserved or database alarm clashes', () => {
    expect(() => build({ modules: { ...MODULES, alb: MODULES.incident! } })).toThrow(/would both get the alarm "alb"; rename one of them/);
    expect(() => build({ databases: { incident: { clusterIdentifier: 'x' } } })).toThrow(/database "incident" and module "incident" would both get the alarm/);
  });

  test('an AWS-managed SNS key cannot be used by CloudWatch', () => {
    expect(() => build({ kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/sns' })).toThrow(/is an AWS-managed key; CloudWatch alarms cannot use it/);
    expect(() => build({ kmsKeyArn: '1234abcd-12ab' })).toThrow(/is not a KMS key or alias ARN/);
  });

  test('periods that are not whole minutes, too long windows and bad evaluation periods', () => {
    expect(() => build({ periodSeconds: 90 })).toThrow(/periodSeconds 90 must be a multiple of 60/);
    expect(() => build({ periodSeconds: 3600, evaluationPeriods: 48 })).toThrow(/exceeds the 86400 s \(one day\)/);
    expect(() => build({ evaluationPeriods: 0 })).toThrow(/evaluationPeriods 0 must be a whole number >= 1/);
  });

  test('ARN suffixes, max connections, thresholds and names that are malformed', () => {
    expect(() => build({ loadBalancerArnSuffix: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1' })).toThrow(
      /loadBalancerArnSuffix .* expected "app\/<name>\/<id>"/,
    );
    expect(() => build({ modules: { incident: { autoscalingGroupName: 'a', targetGroupArnSuffix: 'prod-incident' } } })).toThrow(
      /modules\["incident"\]\.targetGroupArnSuffix "prod-incident" is not a target group ARN suffix/,
    );
    expect(() => build({ databases: { 'tickets-shard-01': { clusterIdentifier: 'x', maxConnections: 0 } } })).toThrow(
      /maxConnections 0 must be a whole number >= 1/,
    );
    expect(() => build({ freeStorageThresholdGb: 0 })).toThrow(/freeStorageThresholdGb 0 must be > 0 GiB/);
    expect(() => build({ serverErrorRateThresholdPercent: 0 })).toThrow(/serverErrorRateThresholdPercent 0 must be > 0 and <= 100/);
    expect(() => build({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid/);
    expect(() => build({ accountId: '1234' })).toThrow(/accountId "1234" is invalid/);
  });

  test('a module composite with more than 100 underlying alarms', () => {
    // GIVEN 33 databases all used by `incident`: 4 + 33 × 3 = 103 alarms
    const databases = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`db-${i}`, { clusterIdentifier: `c-${i}` }]));
    expect(() => build({ databases, databaseModules: Object.fromEntries(Object.keys(databases).map((k) => [k, ['incident']])) })).toThrow(
      /composite alarm "prod-us-east-1-incident" would have 103 underlying alarms; CloudWatch allows 100: put the databases it uses in groups/,
    );
  });

  test('reports every problem at once', () => {
    expect(() => build({ utilizationThresholdPercent: 0, latencyTargetMs: 0 })).toThrow(/utilizationThresholdPercent.*; latencyTargetMs/);
  });
});

const SINGLETONS: NonNullable<MonitoringProps['singletons']> = {
  'incident-sla-timer': { autoscalingGroupName: 'prod-us-east-1-incident-sla-timer', module: 'incident' },
  'change-window-scheduler': { autoscalingGroupName: 'prod-us-east-1-change-window-scheduler', module: 'change' },
  'incident-escalation': { autoscalingGroupName: 'prod-us-east-1-incident-escalation', module: 'incident' },
};
function singletonAlarmAddresses(singleton: string): string[] {
  return ['in_service', 'cpu'].map((kind) => `aws_cloudwatch_metric_alarm.monitoring_${singleton}_${kind}`);
}

describe('Monitoring: singletons', () => {
  // GIVEN three singletons, two of them parts of `incident`
  // WHEN synthesized
  const synth = synthMonitoring({ singletons: SINGLETONS });

  test('adds exactly two metric alarms per singleton, keyed by the singleton name, and nothing else', () => {
    // THEN
    const without = addresses(synthMonitoring());
    const added = addresses(synth).filter((address) => !without.includes(address));
    expect(added).toEqual(
      [
        ...singletonAlarmAddresses('change_window_scheduler'),
        ...singletonAlarmAddresses('incident_escalation'),
        ...singletonAlarmAddresses('incident_sla_timer'),
      ].sort(),
    );
    expect(without.filter((address) => !addresses(synth).includes(address))).toEqual([]);
  });

  test.each(Object.entries(SINGLETONS))('%s: in-service alarm pages when fewer than one instance is in service, or the group sends no data', (singleton, target) => {
    // THEN
    const inService = alarm(synth, `monitoring_${singleton.replace(/-/g, '_')}_in_service`);
    expect(inService).toEqual(
      expect.objectContaining({
        alarm_name: `prod-us-east-1-${singleton}-in-service`,
        namespace: 'AWS/AutoScaling',
        metric_name: 'GroupInServiceInstances',
        dimensions: { AutoScalingGroupName: target.autoscalingGroupName },
        statistic: 'Minimum',
        period: 60,
        // 15 minutes: a replacement during a deploy leaves a shorter gap, which must not page
        evaluation_periods: 15,
        datapoints_to_alarm: 15,
        comparison_operator: 'LessThanThreshold',
        threshold: 1,
        treat_missing_data: 'breaching',
        tags: { module: target.module },
      }),
    );
    expect(inService.alarm_description).toMatch(/Runbook/);
    expect(inService.alarm_actions).toBeUndefined();
  });

  test.each(Object.entries(SINGLETONS))('%s: CPU alarm on the group average above the utilization threshold', (singleton, target) => {
    // THEN
    const cpu = alarm(synth, `monitoring_${singleton.replace(/-/g, '_')}_cpu`);
    expect(cpu).toEqual(
      expect.objectContaining({
        alarm_name: `prod-us-east-1-${singleton}-cpu`,
        namespace: 'AWS/EC2',
        metric_name: 'CPUUtilization',
        dimensions: { AutoScalingGroupName: target.autoscalingGroupName },
        statistic: 'Average',
        period: 60,
        evaluation_periods: 3,
        datapoints_to_alarm: 3,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 80,
        treat_missing_data: 'missing',
        tags: { module: target.module },
      }),
    );
    expect(cpu.alarm_actions).toBeUndefined();
  });

  test('each module composite adds the alarms of its own singletons (sorted by name) after its module alarms', () => {
    // THEN
    const all = composites(synth);
    expect(ruleChildren(all.monitoring_incident?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('incident'),
      ...singletonAlarmAddresses('incident_escalation'),
      ...singletonAlarmAddresses('incident_sla_timer'),
    ]);
    expect(ruleChildren(all.monitoring_change?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('change'),
      ...singletonAlarmAddresses('change_window_scheduler'),
    ]);
    expect(all.monitoring_incident?.alarm_description).toContain('singletons incident-escalation, incident-sla-timer');
    // No composite of their own: one incident pages once, through the module.
    expect(Object.keys(all).filter((id) => /timer|escalation|scheduler/.test(id))).toEqual([]);
  });

  test('every metric alarm, singletons included, still belongs to exactly one paging path', () => {
    // THEN
    const paged = Object.values(composites(synth))
      .filter((c) => (c.alarm_actions as string[]).length > 0)
      .flatMap((c) => ruleChildren(c.alarm_rule as string));
    expect(paged.sort()).toEqual(Object.keys(metricAlarms(synth)).map((id) => `aws_cloudwatch_metric_alarm.${id}`).sort());
  });

  test('with databaseModules the rule lists module, singleton, then database alarms', () => {
    // WHEN
    const withDatabases = synthMonitoring({ singletons: SINGLETONS, databaseModules: { 'tickets-shard-01': ['incident'] } });
    // THEN
    expect(ruleChildren(composites(withDatabases).monitoring_incident?.alarm_rule as string)).toEqual([
      ...moduleAlarmAddresses('incident'),
      ...singletonAlarmAddresses('incident_escalation'),
      ...singletonAlarmAddresses('incident_sla_timer'),
      ...databaseAlarmAddresses('tickets_shard_01'),
    ]);
  });

  test('dashboard: one graph per singleton in its module\'s section, with both alarm thresholds', () => {
    // THEN
    const widgets = dashboard(synth).widgets as Json[];
    const incident = widgetsOfSection(widgets, '## Module incident').map((w) => w.properties.title as string);
    expect(incident).toEqual([
      'Requests (sum)',
      'Latency (seconds)',
      'Target 5xx rate (%)',
      'CPU (%)',
      'Instances',
      'incident alarm',
      'Singleton incident-escalation',
      'Singleton incident-sla-timer',
    ]);
    expect(widgetsOfSection(widgets, '## Module change').map((w) => w.properties.title)).toContain('Singleton change-window-scheduler');
    const timer = widgets.find((w) => w.properties.title === 'Singleton incident-sla-timer') as Json;
    expect(timer).toEqual(
      expect.objectContaining({
        type: 'metric',
        properties: expect.objectContaining({
          region: 'us-east-1',
          period: 60,
          metrics: [
            ['AWS/AutoScaling', 'GroupInServiceInstances', 'AutoScalingGroupName', 'prod-us-east-1-incident-sla-timer', expect.objectContaining({ stat: 'Minimum' })],
            ['AWS/EC2', 'CPUUtilization', 'AutoScalingGroupName', 'prod-us-east-1-incident-sla-timer', expect.objectContaining({ stat: 'Average', yAxis: 'right' })],
          ],
          annotations: {
            horizontal: [
              { label: 'alarm in service < 1', value: 1, yAxis: 'left' },
              { label: 'alarm CPU > 80%', value: 80, yAxis: 'right' },
            ],
          },
        }),
      }),
    );
  });

  test('dashboardBody keeps singleton graphs on the grid without overlap', () => {
    // GIVEN
    const input: DashboardInput = {
      title: 't',
      region: 'us-east-1',
      periodSeconds: 60,
      loadBalancerArnSuffix: LB,
      utilizationThresholdPercent: 80,
      latencyThresholdSeconds: 0.5,
      serverErrorRateThresholdPercent: 1,
      freeStorageThresholdGb: 20,
      pagingAlarmArns: ['arn:x'],
      modules: ['a', 'b'].map((name) => ({
        name,
        autoscalingGroupName: name,
        targetGroupArnSuffix: `targetgroup/${name}/1`,
        alarmArn: 'arn:x',
        singletons: ['s1', 's2', 's3', 's4'].map((s) => ({ name: `${name}-${s}`, autoscalingGroupName: `${name}-${s}` })),
      })),
      databases: [],
    };
    // WHEN
    const { widgets } = dashboardBody(input);
    // THEN
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(DASHBOARD_GRID_WIDTH);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
    expect(widgets.filter((w) => String(w.properties.title).startsWith('Singleton '))).toHaveLength(8);
  });

  test('the in-service alarm waits singletonReplacementMinutes, in whole periods', () => {
    const tuned = synthMonitoring({ singletons: SINGLETONS, singletonReplacementMinutes: 20, periodSeconds: 300 });
    expect(alarm(tuned, 'monitoring_incident_sla_timer_in_service')).toEqual(
      expect.objectContaining({ period: 300, evaluation_periods: 4, datapoints_to_alarm: 4 }),
    );
    expect(String(alarm(tuned, 'monitoring_incident_sla_timer_in_service').alarm_description)).toContain('for 20 minutes');
  });

  test('singleton alarms follow utilizationThresholdPercent, evaluationPeriods and periodSeconds', () => {
    // WHEN
    const tuned = synthMonitoring({ singletons: SINGLETONS, utilizationThresholdPercent: 70, evaluationPeriods: 5, periodSeconds: 300 });
    // THEN
    expect(alarm(tuned, 'monitoring_incident_sla_timer_cpu')).toEqual(
      expect.objectContaining({ threshold: 70, period: 300, evaluation_periods: 5, datapoints_to_alarm: 5 }),
    );
    // the in-service alarm keeps its own window: 15 minutes = 3 periods of 300 s
    expect(alarm(tuned, 'monitoring_incident_sla_timer_in_service')).toEqual(
      expect.objectContaining({ threshold: 1, period: 300, evaluation_periods: 3, datapoints_to_alarm: 3 }),
    );
  });

  test('alarmNames lists the singleton alarms; an empty singletons map changes nothing', () => {
    // WHEN
    const { monitoring } = build({ singletons: SINGLETONS });
    // THEN
    expect(monitoring.alarmNames).toHaveLength(8 + 6 + 1 + 2 * 3 + 2 + 2 + 2);
    expect(monitoring.alarmNames).toEqual(
      expect.arrayContaining(['prod-us-east-1-incident-sla-timer-in-service', 'prod-us-east-1-incident-sla-timer-cpu']),
    );
    expect(synthMonitoring({ singletons: {} })).toBe(synthMonitoring());
  });

  test('is independent of the order of singletons', () => {
    // WHEN
    const reordered = synthMonitoring({ singletons: Object.fromEntries(Object.entries(SINGLETONS).reverse()) });
    // THEN
    expect(reordered).toBe(synth);
  });

  test('an unresolved autoscaling group name flows into both alarms', () => {
    // GIVEN
    const tokenSynth = Testing.synthScope((scope) => {
      const asg = new TerraformVariable(scope, 'asg', { type: 'string' });
      // WHEN
      new Monitoring(scope, 'monitoring', { ...BASE_PROPS, singletons: { 'incident-sla-timer': { autoscalingGroupName: asg.stringValue, module: 'incident' } } });
    });
    // THEN
    expect(alarm(tokenSynth, 'monitoring_incident_sla_timer_in_service').dimensions).toEqual({ AutoScalingGroupName: '${var.asg}' });
    expect(alarm(tokenSynth, 'monitoring_incident_sla_timer_cpu').dimensions).toEqual({ AutoScalingGroupName: '${var.asg}' });
  });
});

describe('Monitoring: singleton validation', () => {
  test('a singleton of an unknown module lists the known modules', () => {
    expect(() => build({ singletons: { 'problem-timer': { autoscalingGroupName: 'x', module: 'problem' } } })).toThrow(
      /Monitoring stack\/monitoring: singletons\["problem-timer"\]\.module "problem" is not a known module; known modules are "incident", "change"/,
    );
  });

  test.each(['SlaTimer', 'sla_timer', '1-timer', 'sla--timer'])('singleton name %p that is not kebab-case', (singleton) => {
    expect(() => build({ singletons: { [singleton]: { autoscalingGroupName: 'x', module: 'incident' } } })).toThrow(
      /singleton name ".*" must be lower-case kebab-case \(e\.g\. "incident-sla-timer"\)/,
    );
  });

  test('an empty autoscaling group name', () => {
    expect(() => build({ singletons: { 'incident-sla-timer': { autoscalingGroupName: ' ', module: 'incident' } } })).toThrow(
      /singletons\["incident-sla-timer"\]\.autoscalingGroupName is empty/,
    );
  });

  test('a singleton whose alarm names clash with a module\'s or a database\'s', () => {
    expect(() => build({ singletons: { incident: { autoscalingGroupName: 'x', module: 'incident' } } })).toThrow(
      /singleton "incident" and module "incident" would both get the alarm "incident-cpu"; rename one of them/,
    );
    expect(() => build({ singletons: { 'tickets-shard-01': { autoscalingGroupName: 'x', module: 'change' } } })).toThrow(
      /database "tickets-shard-01" and singleton "tickets-shard-01" would both get the alarm "tickets-shard-01-cpu"/,
    );
  });

  test('singleton alarms count towards the 100 alarms of a module composite', () => {
    // GIVEN 32 databases (96 alarms) and one singleton (2) on top of the 4 module alarms: 102
    const databases = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`db-${i}`, { clusterIdentifier: `c-${i}` }]));
    const databaseModules = Object.fromEntries(Object.keys(databases).map((k) => [k, ['incident']]));
    // WHEN / THEN: without the singleton it fits
    expect(() => build({ databases, databaseModules })).not.toThrow();
    expect(() => build({ databases, databaseModules, singletons: { 'incident-sla-timer': { autoscalingGroupName: 'x', module: 'incident' } } })).toThrow(
      /composite alarm "prod-us-east-1-incident" would have 102 underlying alarms; CloudWatch allows 100/,
    );
  });
});

describe('helpers', () => {
  test('anyAlarmRule joins ALARM terms with OR and enforces the CloudWatch limits', () => {
    expect(anyAlarmRule(['a', 'b'])).toBe('ALARM("a") OR ALARM("b")');
    expect(() => anyAlarmRule([])).toThrow(/at least one underlying alarm/);
    expect(() => anyAlarmRule(Array.from({ length: MAX_ALARMS_PER_COMPOSITE + 1 }, (_, i) => `a${i}`))).toThrow(/exceed the 100/);
  });

  test('connectionsAlarmThreshold rounds down', () => {
    expect(connectionsAlarmThreshold(1000, 80)).toBe(800);
    expect(connectionsAlarmThreshold(45, 80)).toBe(36);
    expect(connectionsAlarmThreshold(1001, 75)).toBe(750);
  });

  test('dashboardBody lays widgets out on the 24-column grid without overlap', () => {
    // GIVEN
    const input: DashboardInput = {
      title: 'prod-us-east-1',
      region: 'eu-west-1',
      periodSeconds: 60,
      loadBalancerArnSuffix: LB,
      utilizationThresholdPercent: 80,
      latencyThresholdSeconds: 0.5,
      serverErrorRateThresholdPercent: 1,
      freeStorageThresholdGb: 20,
      pagingAlarmArns: ['arn:x'],
      modules: ['a', 'b', 'c'].map((name) => ({ name, autoscalingGroupName: name, targetGroupArnSuffix: `targetgroup/${name}/1`, alarmArn: 'arn:x' })),
      databases: [{ key: 'db', clusterIdentifier: 'db', connectionsThreshold: 800 }],
    };
    // WHEN
    const { widgets } = dashboardBody(input);
    // THEN
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(DASHBOARD_GRID_WIDTH);
      if (w.type !== 'text') expect(w.properties.region).toBe('eu-west-1');
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
    expect(widgets.filter((w) => w.type === 'text')).toHaveLength(1 + 3 + 1);
    // Same input, same output.
    expect(JSON.stringify(dashboardBody(input))).toBe(JSON.stringify({ widgets }));
  });
});

describe('Monitoring: database groups (composites of composites)', () => {
  /** `count` shards of group `tickets`, claimed by `modules`. */
  function grouped(count: number, modules: string[] = ['incident', 'change']): Partial<MonitoringProps> {
    const keys = Array.from({ length: count }, (_, i) => `tickets-shard-${String(i + 1).padStart(2, '0')}`);
    return {
      databases: Object.fromEntries(
        keys.map((key, i) => [key, { clusterIdentifier: `prod-us-east-1-${key}`, group: { name: 'tickets', shard: i + 1 } }]),
      ),
      databaseModules: Object.fromEntries(keys.map((key) => [key, modules])),
    };
  }
  /** Alarm names a composite's rule names (literal names are rendered as references to the child resources). */
  function childrenOf(composite: Json): string[] {
    return [...(composite.alarm_rule as string).matchAll(/ALARM\("\$\{aws_cloudwatch_(?:metric|composite)_alarm\.monitoring_([a-z0-9_]+)\.alarm_name\}"\)/g)].map((m) => m[1]!);
  }

  let synth: string;
  beforeAll(() => {
    // GIVEN one group of 256 shards used by two modules
    synth = synthMonitoring(grouped(256));
  });

  test('every shard is alarmed, and its alarms roll up through exactly one range composite of at most 96 alarms', () => {
    // THEN
    const all = composites(synth);
    const ranges = Object.entries(all).filter(([id]) => /^monitoring_tickets_shards_\d{3}_\d{3}$/.test(id));
    expect(ranges.map(([id]) => id)).toEqual(
      Array.from({ length: 8 }, (_, i) => `monitoring_tickets_shards_${String(i * 32 + 1).padStart(3, '0')}_${String((i + 1) * 32).padStart(3, '0')}`),
    );
    const covered = ranges.flatMap(([, composite]) => childrenOf(composite));
    for (let shard = 1; shard <= 256; shard++) {
      const key = `tickets_shard_${String(shard).padStart(2, '0')}`;
      for (const kind of DATABASE_KINDS) {
        expect(alarm(synth, `${key}_${kind}`.replace(/^/, 'monitoring_')).actions_enabled).toBeUndefined();
        expect(covered.filter((child) => child === `${key}_${kind}`)).toHaveLength(1);
      }
    }
    for (const [, composite] of ranges) {
      expect(childrenOf(composite).length).toBeLessThanOrEqual(96);
      expect((composite.alarm_rule as string).length).toBeLessThan(10_240);
      expect(composite.alarm_actions).toEqual([]);
      expect(composite.actions_enabled).toBe(false);
    }
  });

  test('each module composite pages and has one child for the whole group; the group composite stays silent', () => {
    const all = composites(synth);
    const group = all.monitoring_tickets_databases!;
    expect(childrenOf(group)).toHaveLength(8);
    expect(group.alarm_actions).toEqual([]);
    for (const module of ['incident', 'change']) {
      const composite = all[`monitoring_${module}`]!;
      expect(composite.alarm_actions).toEqual([TOPIC_ARN]);
      expect(childrenOf(composite)).toEqual([...MODULE_KINDS.map((kind) => `${module}_${kind}`), 'tickets_databases']);
      expect(composite.alarm_description).toContain('databases group tickets (256 shards)');
    }
    // AND only the module composites and the load balancer's page: one page per module incident
    const paging = Object.entries(all).filter(([, c]) => (c.alarm_actions as string[]).length > 0).map(([id]) => id).sort();
    expect(paging).toEqual(['monitoring_alb', 'monitoring_change', 'monitoring_incident']);
    // AND the load balancer 5xx page is suppressed while any module composite is in ALARM
    expect(all.monitoring_alb!.actions_suppressor).toEqual(expect.objectContaining({ alarm: '${aws_cloudwatch_composite_alarm.monitoring_modules.alarm_name}' }));
    expect(childrenOf(all.monitoring_modules!)).toEqual(['change', 'incident']);
  });

  test('a range composite is keyed by shard numbers, so growing the group adds ranges and never renames one', () => {
    const before = Object.keys(composites(synthMonitoring(grouped(40))));
    const after = Object.keys(composites(synthMonitoring(grouped(70))));
    expect(before.filter((id) => id.includes('shards'))).toEqual(['monitoring_tickets_shards_001_032', 'monitoring_tickets_shards_033_064']);
    expect(after.filter((id) => !before.includes(id))).toEqual(['monitoring_tickets_shards_065_096']);
  });

  test('a group no module claims pages through its own composite', () => {
    const all = composites(synthMonitoring(grouped(3, [])));
    expect(all.monitoring_tickets_databases!.alarm_actions).toEqual([TOPIC_ARN]);
    expect(childrenOf(all.monitoring_incident!)).toEqual(MODULE_KINDS.map((kind) => `incident_${kind}`));
  });

  test('the dashboard shows a group as one row of per-shard graphs, within 500 widgets', () => {
    const body = JSON.parse(Object.values(resources(synth, 'aws_cloudwatch_dashboard'))[0]!.dashboard_body as string) as Json;
    expect((body.widgets as Json[]).length).toBeLessThan(500);
    const headers = (body.widgets as Json[]).filter((w) => w.type === 'text').map((w) => w.properties.markdown as string);
    expect(headers).toContain('## Database group tickets (256 shards)');
    expect(JSON.stringify(body)).toContain(`SEARCH('{AWS/RDS,DBClusterIdentifier} MetricName=\\"CPUUtilization\\" \\"prod-us-east-1-tickets-shard-\\"', 'Maximum', 60)`);
  });

  test('throws when shards of a group are claimed by different modules, or a shard number repeats', () => {
    const props = grouped(2);
    expect(() => build({ ...props, databaseModules: { 'tickets-shard-01': ['incident'], 'tickets-shard-02': ['change'] } })).toThrow(
      /the shards of group "tickets" are claimed by different modules in databaseModules \(\[incident\], \[change\]\)/,
    );
    expect(() =>
      build({
        databases: {
          'tickets-shard-01': { clusterIdentifier: 'a', group: { name: 'tickets', shard: 1 } },
          'tickets-shard-1': { clusterIdentifier: 'b', group: { name: 'tickets', shard: 1 } },
        },
      }),
    ).toThrow(/databases "tickets-shard-01" and "tickets-shard-1" are both shard 1 of group "tickets"/);
    expect(() => build({ databases: { a: { clusterIdentifier: 'a', group: { name: 'tickets', shard: 0 } } } })).toThrow(/group\.shard 0 must be a whole number from 1 to 3200/);
  });
});

describe('Monitoring: a fleet that serves several modules (the shared fleet)', () => {
  const SHARED_ASG = 'prod-us-east-1-shared';
  const shared: Partial<MonitoringProps> = {
    modules: {
      incident: { autoscalingGroupName: SHARED_ASG, targetGroupArnSuffix: 'targetgroup/prod-incident/73e2d6bc24d8a067' },
      change: { autoscalingGroupName: SHARED_ASG, targetGroupArnSuffix: 'targetgroup/prod-change/0a1b2c3d4e5f6a7b' },
    },
    fleets: { shared: { autoscalingGroupName: SHARED_ASG, modules: ['incident', 'change'] } },
  };

  test("watches the group's CPU once, in a composite of its own that pages; the modules' composites keep their target-group alarms", () => {
    // WHEN
    const synth = synthMonitoring(shared);
    // THEN one CPU alarm for the group, none per module
    expect(Object.keys(metricAlarms(synth)).filter((id) => id.endsWith('_cpu') && !id.includes('shard'))).toEqual(['monitoring_shared_cpu']);
    expect(alarm(synth, 'monitoring_shared_cpu')).toMatchObject({ namespace: 'AWS/EC2', metric_name: 'CPUUtilization', dimensions: { AutoScalingGroupName: SHARED_ASG }, threshold: 80 });
    // AND the fleet's composite pages for it alone
    const fleet = composites(synth).monitoring_shared!;
    expect(ruleChildren(String(fleet.alarm_rule))).toEqual(['aws_cloudwatch_metric_alarm.monitoring_shared_cpu']);
    expect(fleet.alarm_actions).toEqual([TOPIC_ARN]);
    expect(String(fleet.alarm_description)).toMatch(/^Fleet shared, which serves incident, change, is busy/);
    // AND each module's composite has its 5xx, latency and unhealthy-hosts alarms, not the CPU
    const incident = ruleChildren(String(composites(synth).monitoring_incident!.alarm_rule));
    expect(incident.slice(0, 3)).toEqual(['5xx', 'latency', 'unhealthy_hosts'].map((kind) => `aws_cloudwatch_metric_alarm.monitoring_incident_${kind}`));
    expect(incident).not.toContain('aws_cloudwatch_metric_alarm.monitoring_shared_cpu');
    // AND the overview lists the fleet's paging alarm
    expect(JSON.stringify(dashboard(synth))).toContain('alarm:prod-us-east-1-shared"');
  });

  test('fleets naming unknown modules, a module on two fleets or an empty list are refused, every problem at once', () => {
    expect(() =>
      build({
        ...shared,
        fleets: {
          shared: { autoscalingGroupName: SHARED_ASG, modules: ['incident', 'nope'] },
          other: { autoscalingGroupName: 'x', modules: ['incident'] },
          empty: { autoscalingGroupName: 'y', modules: [] },
        },
      }),
    ).toThrow(/fleets\["shared"\]\.modules names "nope", not a known module[\s\S]*module "incident" is on fleets "shared" and "other"[\s\S]*fleets\["empty"\]\.modules is empty/);
  });
});

describe('Monitoring: singleton parts under a lease', () => {
  // GIVEN two parts of incident and one of change under a lease
  const LEASES: NonNullable<MonitoringProps['singletonLeases']> = {
    'incident-sla-timer': { module: 'incident', namespace: 'itsm-scale/prod', metricName: 'SingletonLeaseHeld', dimensions: { Part: 'incident-sla-timer' }, alarmAfterMinutes: 3 },
    'change-window-scheduler': { module: 'change', namespace: 'itsm-scale/prod', metricName: 'SingletonLeaseHeld', dimensions: { Part: 'change-window-scheduler' }, alarmAfterMinutes: 5 },
  };
  const synth = synthMonitoring({ singletonLeases: LEASES });

  test('adds exactly one silent lease alarm per part: the heartbeat missing for alarmAfterMinutes, missing data breaching', () => {
    const without = addresses(synthMonitoring());
    expect(addresses(synth).filter((a) => !without.includes(a))).toEqual([
      'aws_cloudwatch_metric_alarm.monitoring_change_window_scheduler_lease',
      'aws_cloudwatch_metric_alarm.monitoring_incident_sla_timer_lease',
    ]);
    expect(alarm(synth, 'monitoring_change_window_scheduler_lease')).toEqual(
      expect.objectContaining({
        alarm_name: 'prod-us-east-1-change-window-scheduler-lease',
        namespace: 'itsm-scale/prod',
        metric_name: 'SingletonLeaseHeld',
        dimensions: { Part: 'change-window-scheduler' },
        statistic: 'Maximum',
        period: 60,
        comparison_operator: 'LessThanThreshold',
        threshold: 1,
        treat_missing_data: 'breaching',
        evaluation_periods: 5,
        datapoints_to_alarm: 5,
      }),
    );
    expect(alarm(synth, 'monitoring_change_window_scheduler_lease').alarm_actions).toBeUndefined();
  });

  test("each lease alarm pages through its module's composite only", () => {
    const rules = Object.fromEntries(Object.values(composites(synth)).map((c) => [String(c.alarm_name), String(c.alarm_rule)]));
    expect(rules['prod-us-east-1-incident']).toContain('monitoring_incident_sla_timer_lease');
    expect(rules['prod-us-east-1-incident']).not.toContain('monitoring_change_window_scheduler_lease');
    expect(rules['prod-us-east-1-change']).toContain('monitoring_change_window_scheduler_lease');
  });

  test('refuses an unknown module, an AWS namespace, a bad window and a part that is also a singleton group, all at once', () => {
    const bad = { ...LEASES['incident-sla-timer']!, module: 'nope', namespace: 'AWS/EC2', alarmAfterMinutes: 0 };
    expect(() => build({ singletonLeases: { 'incident-sla-timer': bad }, singletons: { 'incident-sla-timer': { autoscalingGroupName: 'g', module: 'incident' } } })).toThrow(
      /singletonLeases\["incident-sla-timer"\]\.module "nope" is not a known module.*namespace "AWS\/EC2" must be a custom namespace.*alarmAfterMinutes 0 must be a whole number of minutes from 1 to 1440.*"incident-sla-timer" is in both singletons and singletonLeases/,
    );
  });
});

describe('Monitoring: warm spares of singletons', () => {
  // GIVEN two singleton parts, one of them with a warm spare, and incident (a module) with one of its own
  const SPARES: NonNullable<MonitoringProps['warmSpares']> = {
    'incident-sla-timer': { autoscalingGroupName: 'prod-us-east-1-incident-sla-timer', module: 'incident', alarmAfterMinutes: 15 },
    incident: { autoscalingGroupName: 'prod-us-east-1-incident', module: 'incident', alarmAfterMinutes: 9 },
  };
  const singletons = { 'incident-sla-timer': SINGLETONS['incident-sla-timer']!, 'change-window-scheduler': SINGLETONS['change-window-scheduler']! };
  const synth = synthMonitoring({ singletons, warmSpares: SPARES });

  test('adds exactly one silent spare alarm per spare: no warmed instance in the pool for alarmAfterMinutes, missing data breaching', () => {
    const without = addresses(synthMonitoring({ singletons }));
    expect(addresses(synth).filter((a) => !without.includes(a))).toEqual([
      'aws_cloudwatch_metric_alarm.monitoring_incident_sla_timer_spare',
      'aws_cloudwatch_metric_alarm.monitoring_incident_spare',
    ]);
    const spare = alarm(synth, 'monitoring_incident_sla_timer_spare');
    expect(spare).toEqual(
      expect.objectContaining({
        alarm_name: 'prod-us-east-1-incident-sla-timer-spare',
        namespace: 'AWS/AutoScaling',
        metric_name: 'WarmPoolWarmedCapacity',
        dimensions: { AutoScalingGroupName: 'prod-us-east-1-incident-sla-timer' },
        statistic: 'Maximum',
        period: 60,
        comparison_operator: 'LessThanThreshold',
        threshold: 1,
        treat_missing_data: 'breaching',
        evaluation_periods: 15,
        datapoints_to_alarm: 15,
        tags: expect.objectContaining({ module: 'incident' }),
      }),
    );
    expect(String(spare.alarm_description)).toMatch(/held no warmed spare, or published no group metrics, for 15 minutes.*next replacement would be a cold launch/);
    expect(spare.alarm_actions).toBeUndefined();
    expect(alarm(synth, 'monitoring_incident_spare').evaluation_periods).toBe(9);
  });

  test("each spare alarm pages through its module's composite, after the singletons' alarms", () => {
    const children = ruleChildren(String(composites(synth).monitoring_incident!.alarm_rule));
    expect(children).toEqual([
      ...moduleAlarmAddresses('incident'),
      ...singletonAlarmAddresses('incident_sla_timer'),
      'aws_cloudwatch_metric_alarm.monitoring_incident_spare',
      'aws_cloudwatch_metric_alarm.monitoring_incident_sla_timer_spare',
    ]);
    expect(String(composites(synth).monitoring_change!.alarm_rule)).not.toContain('_spare');
  });

  test('dashboard: the warmed spares are a line of the singleton\'s graph and of a singleton module\'s instances graph', () => {
    const widgets = dashboard(synth).widgets as Json[];
    const timer = widgets.find((w) => w.properties.title === 'Singleton incident-sla-timer')!;
    expect(timer.properties.metrics).toContainEqual(['AWS/AutoScaling', 'WarmPoolWarmedCapacity', 'AutoScalingGroupName', 'prod-us-east-1-incident-sla-timer', { stat: 'Maximum', label: 'warmed spares (max)' }]);
    expect((timer.properties.annotations as { horizontal: Json[] }).horizontal[0]).toEqual({ label: 'alarm in service or warmed spares < 1', value: 1, yAxis: 'left' });
    const scheduler = widgets.find((w) => w.properties.title === 'Singleton change-window-scheduler')!;
    expect(JSON.stringify(scheduler)).not.toContain('WarmPoolWarmedCapacity');
    const instances = widgetsOfSection(widgets, '## Module incident').find((w) => w.properties.title === 'Instances')!;
    expect(instances.properties.metrics).toContainEqual(['AWS/AutoScaling', 'WarmPoolWarmedCapacity', 'AutoScalingGroupName', 'prod-us-east-1-incident', { stat: 'Maximum', label: 'warmed spares (max)' }]);
  });

  test('refuses an unknown module, an empty group, a bad window and a part under a lease, all at once', () => {
    const lease = { module: 'incident', namespace: 'itsm-scale/prod', metricName: 'SingletonLeaseHeld', dimensions: { Part: 'incident-sla-timer' }, alarmAfterMinutes: 3 };
    expect(() =>
      build({
        singletonLeases: { 'incident-sla-timer': lease },
        warmSpares: { 'incident-sla-timer': { autoscalingGroupName: ' ', module: 'nope', alarmAfterMinutes: 1441 } },
      }),
    ).toThrow(
      /warmSpares\["incident-sla-timer"\]\.module "nope" is not a known module.*warmSpares\["incident-sla-timer"\]\.autoscalingGroupName is empty.*alarmAfterMinutes 1441 must be a whole number of minutes from 1 to 1440.*"incident-sla-timer" is in both singletonLeases and warmSpares/s,
    );
  });
});

describe('Monitoring: lease heartbeats on the dashboard', () => {
  test("one heartbeat graph per part under a lease, in its module's section, with the alarm's threshold", () => {
    // GIVEN a part of incident under a lease
    const lease = { module: 'incident', namespace: 'itsm-scale/prod', metricName: 'SingletonLeaseHeld', dimensions: { Part: 'incident-sla-timer' }, alarmAfterMinutes: 3 };
    const widgets = dashboard(synthMonitoring({ singletonLeases: { 'incident-sla-timer': lease } })).widgets as Json[];
    // THEN
    const graph = widgetsOfSection(widgets, '## Module incident').find((w) => w.properties.title === 'Lease incident-sla-timer')!;
    expect(graph.properties).toEqual(
      expect.objectContaining({
        period: 60,
        metrics: [['itsm-scale/prod', 'SingletonLeaseHeld', 'Part', 'incident-sla-timer', { stat: 'Maximum', label: 'held (max)' }]],
        annotations: { horizontal: [{ label: 'alarm < 1 (nobody holds it)', value: 1 }] },
      }),
    );
    expect(widgetsOfSection(widgets, '## Module change').map((w) => w.properties.title)).not.toContain('Lease incident-sla-timer');
  });
});
