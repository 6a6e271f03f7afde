import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DnsFailover, DnsFailoverProps, planRecords, routingProblems } from '../../constructs/dns-failover';
import { regionalEndpointName } from '../../constructs/regional-endpoint';
import { Json } from '../json';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const DOMAIN = 'itsm.example.com';
const TOPIC_ARN = '${aws_sns_topic.dns_alarms.arn}';

const BASE_PROPS: DnsFailoverProps = {
  name: 'prod-global',
  accountId: '123456789012',
  domain: DOMAIN,
  hostedZoneId: ZONE,
  routing: 'failover',
  regions: [
    { region: 'us-east-1', role: 'primary' },
    { region: 'us-west-2', role: 'secondary' },
  ],
  healthCheckPath: '/api/incident/health',
};

function synthDns(overrides: Partial<DnsFailoverProps> = {}): string {
  return Testing.synthScope((scope) => {
    new DnsFailover(scope, 'dns', { ...BASE_PROPS, ...overrides });
  });
}
/** A stack with an AWS provider in `region` (and optionally an aliased us-east-1 one), plus a DnsFailover. */
function stackWithProviders(
  region: string,
  overrides: (stack: TerraformStack) => Partial<DnsFailoverProps> = () => ({}),
): { stack: TerraformStack; dns: DnsFailover } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region });
  const dns = new DnsFailover(stack, 'dns', { ...BASE_PROPS, ...overrides(stack) });
  return { stack, dns };
}
function build(overrides: Partial<DnsFailoverProps> = {}): DnsFailover {
  const stack = new TerraformStack(Testing.app(), 'stack');
  return new DnsFailover(stack, 'dns', { ...BASE_PROPS, ...overrides });
}
function resources(synth: string, type: string): Record<string, Json> {
  return ((JSON.parse(synth) as Json).resource?.[type] ?? {}) as Record<string, Json>;
}
function resource(synth: string, type: string, id: string): Json {
  const found = resources(synth, type)[id];
  if (!found) throw new Error(`no ${type}.${id}; have ${Object.keys(resources(synth, type)).join(', ')}`);
  return found;
}
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>)
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}
const alias = (region: string) => ({ name: regionalEndpointName(region, DOMAIN), zone_id: ZONE, evaluate_target_health: true });

describe('DnsFailover: defaults (failover, us-east-1 primary, us-west-2 secondary)', () => {
  // GIVEN the required props only
  // WHEN synthesized
  const synth = synthDns();

  test('creates exactly the expected, region-keyed Terraform addresses', () => {
    // THEN
    expect(addresses(synth)).toEqual([
      'aws_cloudwatch_metric_alarm.dns_us_east_1_health',
      'aws_cloudwatch_metric_alarm.dns_us_west_2_health',
      'aws_kms_alias.dns_alarms',
      'aws_kms_key.dns_alarms',
      'aws_route53_health_check.dns_us_east_1',
      'aws_route53_health_check.dns_us_west_2',
      'aws_route53_record.dns_us_east_1',
      'aws_route53_record.dns_us_west_2',
      'aws_sns_topic.dns_alarms',
      'aws_sns_topic_policy.dns_alarms',
    ]);
  });

  test.each(['us-east-1', 'us-west-2'])('HTTPS health check of %s.<domain> with the documented defaults', (region) => {
    // THEN
    expect(resource(synth, 'aws_route53_health_check', `dns_${region.replace(/-/g, '_')}`)).toEqual({
      type: 'HTTPS',
      fqdn: `${region}.itsm.example.com`,
      port: 443,
      resource_path: '/api/incident/health',
      failure_threshold: 3,
      request_interval: 10,
      measure_latency: true,
      enable_sni: true,
      tags: { Name: `prod-global-${region}` },
      lifecycle: { create_before_destroy: true },
    });
  });

  test('uses Route 53 default checker regions (no regions argument)', () => {
    // THEN
    for (const check of Object.values(resources(synth, 'aws_route53_health_check'))) expect(check).not.toHaveProperty('regions');
  });

  test('PRIMARY record → the primary endpoint with its health check and target health', () => {
    // THEN
    expect(resource(synth, 'aws_route53_record', 'dns_us_east_1')).toEqual({
      zone_id: ZONE,
      name: DOMAIN,
      type: 'A',
      set_identifier: 'us-east-1',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: '${aws_route53_health_check.dns_us_east_1.id}',
      alias: alias('us-east-1'),
    });
  });

  test('SECONDARY record → the secondary endpoint with its health check and target health', () => {
    // THEN
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: DOMAIN,
      set_identifier: 'us-west-2',
      failover_routing_policy: { type: 'SECONDARY' },
      health_check_id: '${aws_route53_health_check.dns_us_west_2.id}',
      alias: alias('us-west-2'),
    });
  });

  test.each(['us-east-1', 'us-west-2'])('alarm on HealthCheckStatus of %s notifies the topic on ALARM and OK', (region) => {
    // THEN
    const id = region.replace(/-/g, '_');
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', `dns_${id}_health`)).toEqual(
      expect.objectContaining({
        alarm_name: `prod-global-${region}-health`,
        namespace: 'AWS/Route53',
        metric_name: 'HealthCheckStatus',
        dimensions: { HealthCheckId: `\${aws_route53_health_check.dns_${id}.id}` },
        statistic: 'Minimum',
        period: 60,
        evaluation_periods: 2,
        datapoints_to_alarm: 2,
        comparison_operator: 'LessThanThreshold',
        threshold: 1,
        treat_missing_data: 'breaching',
        actions_enabled: true,
        alarm_actions: [TOPIC_ARN],
        ok_actions: [TOPIC_ARN],
      }),
    );
  });

  test('alarm descriptions say what failing means for traffic', () => {
    // THEN
    const primary = resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_east_1_health').alarm_description as string;
    const secondary = resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_west_2_health').alarm_description as string;
    expect(primary).toContain('https://us-east-1.itsm.example.com/api/incident/health');
    expect(primary).toContain('fails traffic over to us-west-2');
    expect(secondary).toContain('failover target');
  });

  test('encrypts the topic with its own rotating, protected key that CloudWatch may use for this account only', () => {
    // THEN
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: expect.objectContaining({ prevent_destroy: true }),
      tags: expect.objectContaining({ 'data-classification': 'confidential', Name: 'prod-global-dns-alarms' }),
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: 'alias/prod-global-dns-alarms', target_key_id: '${aws_kms_key.dns_alarms.key_id}' });
    const policy = JSON.parse(resource(synth, 'aws_kms_key', 'dns_alarms').policy as string) as Json;
    expect(policy.Statement).toEqual([
      { Sid: 'EnableAccountRootAdministration', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
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
      name: 'prod-global-dns-alarms',
      kms_master_key_id: '${aws_kms_key.dns_alarms.arn}',
      signature_version: 2,
    });
  });

  test('lets only the construct\'s own alarms of this account publish to the topic, over TLS', () => {
    // THEN
    const topicPolicy = resource(synth, 'aws_sns_topic_policy', 'dns_alarms');
    expect(topicPolicy.arn).toBe(TOPIC_ARN);
    expect((JSON.parse(topicPolicy.policy as string) as Json).Statement).toEqual([
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC_ARN,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: {
            'aws:SourceArn': [
              'arn:aws:cloudwatch:*:123456789012:alarm:prod-global-us-east-1-health',
              'arn:aws:cloudwatch:*:123456789012:alarm:prod-global-us-west-2-health',
            ],
          },
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

  test('no resource names a provider (the stack default is used)', () => {
    // THEN
    for (const address of addresses(synth)) {
      const [type, id] = address.split('.') as [string, string];
      expect(resource(synth, type, id)).not.toHaveProperty('provider');
    }
  });

  test('attributes: endpoint names, alarm names, routed regions, health check ids, topic', () => {
    // WHEN
    const dns = build();
    // THEN
    expect(dns.domain).toBe(DOMAIN);
    expect(dns.endpointNames).toEqual({ 'us-east-1': 'us-east-1.itsm.example.com', 'us-west-2': 'us-west-2.itsm.example.com' });
    expect(dns.alarmNames).toEqual({ 'us-east-1': 'prod-global-us-east-1-health', 'us-west-2': 'prod-global-us-west-2-health' });
    expect(dns.routedRegions).toEqual(['us-east-1', 'us-west-2']);
    expect(Object.keys(dns.healthCheckIds)).toEqual(['us-east-1', 'us-west-2']);
    expect(dns.topicArn).toMatch(/TOKEN/);
    expect(dns.kmsKeyArn).toMatch(/TOKEN/);
  });
});

describe('DnsFailover: budgetNotifications', () => {
  test('lets AWS Budgets of this account publish to the topic and encrypt with its key', () => {
    // GIVEN
    const synth = synthDns({ budgetNotifications: true });
    // THEN the topic policy allows budgets.amazonaws.com for this account's budgets, before the TLS deny
    const topic = (JSON.parse(resource(synth, 'aws_sns_topic_policy', 'dns_alarms').policy as string) as Json).Statement as Json[];
    expect(topic.map((s) => s.Sid)).toEqual(['AllowCloudWatchAlarmsToPublish', 'AllowBudgetsToPublish', 'DenyInsecureTransport']);
    expect(topic[1]).toEqual({
      Sid: 'AllowBudgetsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: TOPIC_ARN,
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::123456789012:*' } },
    });
    // AND the key policy lets it encrypt, for this account only
    const key = Object.values(resources(synth, 'aws_kms_key'))[0]!;
    const statements = (JSON.parse(key.policy as string) as Json).Statement as Json[];
    expect(statements.find((s) => s.Sid === 'AllowBudgetsToPublishEncrypted')).toMatchObject({
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });

  test('defaults to false: no budgets statement anywhere', () => {
    expect(synthDns()).not.toContain('budgets.amazonaws.com');
  });
});

describe('DnsFailover: routing modes', () => {
  test('simple: one apex record without routing policy or health check, aliasing the single endpoint', () => {
    // GIVEN / WHEN
    const synth = synthDns({ routing: 'simple', regions: [{ region: 'eu-west-1', role: 'primary' }] });
    // THEN
    expect(Object.keys(resources(synth, 'aws_route53_record'))).toEqual(['dns_apex']);
    expect(resource(synth, 'aws_route53_record', 'dns_apex')).toEqual({ zone_id: ZONE, name: DOMAIN, type: 'A', alias: alias('eu-west-1') });
    // the single region is still health-checked and alarmed
    expect(Object.keys(resources(synth, 'aws_route53_health_check'))).toEqual(['dns_eu_west_1']);
    const description = resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_eu_west_1_health').alarm_description as string;
    expect(description).toContain('only serving region');
  });

  test('simple accepts role "active" too', () => {
    // GIVEN / WHEN
    const synth = synthDns({ routing: 'simple', regions: [{ region: 'us-east-1', role: 'active' }] });
    // THEN
    expect(Object.keys(resources(synth, 'aws_route53_record'))).toEqual(['dns_apex']);
  });

  test('latency: one latency record per region with its health check and target health', () => {
    // GIVEN
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
    // WHEN
    const synth = synthDns({ routing: 'latency', regions: regions.map((region) => ({ region, role: 'active' as const })) });
    // THEN
    const records = resources(synth, 'aws_route53_record');
    expect(Object.keys(records).sort()).toEqual(['dns_ap_southeast_2', 'dns_eu_west_1', 'dns_us_east_1']);
    for (const region of regions) {
      const id = region.replace(/-/g, '_');
      expect(records[`dns_${id}`]).toEqual({
        zone_id: ZONE,
        name: DOMAIN,
        type: 'A',
        set_identifier: region,
        latency_routing_policy: { region },
        health_check_id: `\${aws_route53_health_check.dns_${id}.id}`,
        alias: alias(region),
      });
    }
    expect(Object.keys(resources(synth, 'aws_cloudwatch_metric_alarm'))).toHaveLength(3);
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_eu_west_1_health').alarm_description).toContain('users move to the other healthy regions');
  });

  test('failover with two secondaries: only the first secondary gets the SECONDARY record; all three are checked and alarmed', () => {
    // GIVEN
    const regions: DnsFailoverProps['regions'] = [
      { region: 'eu-west-1', role: 'secondary' },
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'secondary' },
    ];
    // WHEN
    const synth = synthDns({ regions });
    // THEN
    const records = resources(synth, 'aws_route53_record');
    expect(Object.keys(records).sort()).toEqual(['dns_eu_west_1', 'dns_us_east_1']);
    expect(records.dns_us_east_1?.failover_routing_policy).toEqual({ type: 'PRIMARY' });
    expect(records.dns_eu_west_1?.failover_routing_policy).toEqual({ type: 'SECONDARY' });
    expect(Object.keys(resources(synth, 'aws_route53_health_check')).sort()).toEqual(['dns_eu_west_1', 'dns_us_east_1', 'dns_us_west_2']);
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_west_2_health').alarm_description).toContain('standby without a DNS record');
    expect(build({ regions }).routedRegions).toEqual(['us-east-1', 'eu-west-1']);
  });

  test('addresses are keyed by region, not position: reordering regions changes no address', () => {
    // GIVEN / WHEN
    const a = synthDns();
    const b = synthDns({ regions: [...BASE_PROPS.regions].reverse() });
    // THEN
    expect(addresses(b)).toEqual(addresses(a));
    expect(resources(b, 'aws_route53_record')).toEqual(resources(a, 'aws_route53_record'));
  });
});

describe('DnsFailover: props', () => {
  test('failureThreshold and requestIntervalSeconds reach every health check', () => {
    // GIVEN / WHEN
    const synth = synthDns({ failureThreshold: 1, requestIntervalSeconds: 30 });
    // THEN
    const checks = Object.values(resources(synth, 'aws_route53_health_check'));
    expect(checks).toHaveLength(2);
    for (const check of checks) expect(check).toEqual(expect.objectContaining({ failure_threshold: 1, request_interval: 30 }));
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_east_1_health').alarm_description).toContain('1 consecutive failed checks 30 s apart');
  });

  test('healthCheckRegions sets the checker regions', () => {
    // GIVEN / WHEN
    const synth = synthDns({ healthCheckRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'] });
    // THEN
    expect(synth).toHaveResourceWithProperties(Route53HealthCheck, { fqdn: 'us-west-2.itsm.example.com', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'] });
  });

  test('healthCheckPath becomes the resource path and the URL in the alarm', () => {
    // GIVEN / WHEN
    const synth = synthDns({ healthCheckPath: '/healthz?deep=1' });
    // THEN
    expect(resource(synth, 'aws_route53_health_check', 'dns_us_east_1').resource_path).toBe('/healthz?deep=1');
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_east_1_health').alarm_description).toContain('https://us-east-1.itsm.example.com/healthz?deep=1');
  });

  test('alarmTopicKmsKeyArn: no key is created and the topic uses the given one', () => {
    // GIVEN
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    // WHEN
    const synth = synthDns({ alarmTopicKmsKeyArn: keyArn });
    // THEN
    expect(resources(synth, 'aws_kms_key')).toEqual({});
    expect(resources(synth, 'aws_kms_alias')).toEqual({});
    expect(resource(synth, 'aws_sns_topic', 'dns_alarms').kms_master_key_id).toBe(keyArn);
  });

  test('tags reach health checks, alarms, topic and key; Name and data-classification stay set', () => {
    // GIVEN / WHEN
    const synth = synthDns({ tags: { owner: 'itsm-team' }, dataClassification: 'internal' });
    // THEN
    expect(resource(synth, 'aws_route53_health_check', 'dns_us_east_1').tags).toEqual({ Name: 'prod-global-us-east-1', owner: 'itsm-team' });
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'dns_us_east_1_health').tags).toEqual({ owner: 'itsm-team' });
    expect(resource(synth, 'aws_sns_topic', 'dns_alarms').tags).toEqual({ Name: 'prod-global-dns-alarms', owner: 'itsm-team' });
    expect(resource(synth, 'aws_kms_key', 'dns_alarms').tags).toEqual({
      Name: 'prod-global-dns-alarms',
      'data-classification': 'internal',
      owner: 'itsm-team',
    });
  });

  test('name prefixes alarm, topic and alias names; the construct id prefixes addresses', () => {
    // GIVEN
    const synth = Testing.synthScope((scope) => {
      // WHEN
      new DnsFailover(scope, 'failover', { ...BASE_PROPS, name: 'staging-global' });
    });
    // THEN
    expect(resource(synth, 'aws_cloudwatch_metric_alarm', 'failover_us_east_1_health').alarm_name).toBe('staging-global-us-east-1-health');
    expect(resource(synth, 'aws_sns_topic', 'failover_alarms').name).toBe('staging-global-dns-alarms');
    expect(resource(synth, 'aws_kms_alias', 'failover_alarms').name).toBe('alias/staging-global-dns-alarms');
  });
});

describe('DnsFailover: metricsProvider', () => {
  function withAliasedProvider(defaultRegion: string): string {
    const { stack } = stackWithProviders(defaultRegion, (s: Construct) => ({
      metricsProvider: new AwsProvider(s, 'aws-us-east-1', { alias: 'us_east_1', region: 'us-east-1' }),
    }));
    return Testing.synth(stack);
  }

  test('puts alarms, topic, topic policy, key and alias on the aliased provider; health checks and records stay on the default', () => {
    // GIVEN a stack whose default provider is in eu-west-1 and an aliased us-east-1 provider
    // WHEN
    const synth = withAliasedProvider('eu-west-1');
    // THEN
    for (const [type, id] of [
      ['aws_cloudwatch_metric_alarm', 'dns_us_east_1_health'],
      ['aws_cloudwatch_metric_alarm', 'dns_us_west_2_health'],
      ['aws_sns_topic', 'dns_alarms'],
      ['aws_sns_topic_policy', 'dns_alarms'],
      ['aws_kms_key', 'dns_alarms'],
      ['aws_kms_alias', 'dns_alarms'],
    ] as const) {
      expect(resource(synth, type, id).provider).toBe('aws.us_east_1');
    }
    for (const type of ['aws_route53_health_check', 'aws_route53_record']) {
      for (const record of Object.values(resources(synth, type))) expect(record).not.toHaveProperty('provider');
    }
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, { provider: 'aws.us_east_1', metric_name: 'HealthCheckStatus' });
  });

  test('a default provider in us-east-1 needs no metricsProvider', () => {
    // GIVEN / WHEN
    const { stack } = stackWithProviders('us-east-1');
    // THEN
    expect(Object.keys(resources(Testing.synth(stack), 'aws_cloudwatch_metric_alarm'))).toHaveLength(2);
  });

  test('throws when the default provider is elsewhere and no metricsProvider is given', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackWithProviders('eu-west-1')).toThrow(
      /the stack's default AWS provider is in region "eu-west-1", but Route 53 publishes health-check metrics only in us-east-1.*pass metricsProvider/,
    );
  });

  test('throws when metricsProvider is not in us-east-1', () => {
    // GIVEN / WHEN / THEN
    expect(() =>
      stackWithProviders('us-east-1', (s) => ({ metricsProvider: new AwsProvider(s, 'aws-eu', { alias: 'eu', region: 'eu-west-1' }) })),
    ).toThrow(/metricsProvider is configured for region "eu-west-1".*pass a provider with region "us-east-1"/);
  });

  test('a provider region that is a token is not checked', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'stack');
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    new AwsProvider(stack, 'aws', { region: region.stringValue });
    // WHEN / THEN
    expect(() => new DnsFailover(stack, 'dns', BASE_PROPS)).not.toThrow();
  });
});

describe('DnsFailover: validation', () => {
  test('message names the construct path', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ failureThreshold: 4 })).toThrow(/^DnsFailover stack\/dns: /);
  });

  test('throws for duplicate regions', () => {
    // GIVEN / WHEN / THEN
    expect(() =>
      build({
        regions: [
          { region: 'us-east-1', role: 'primary' },
          { region: 'us-east-1', role: 'secondary' },
        ],
      }),
    ).toThrow(/regions lists "us-east-1" more than once; list each region once/);
  });

  test.each([
    ['itsm.example.com.', /drop the trailing dot/],
    ['Itsm.Example.com', /write it in lower case/],
    ['example', /single label/],
  ])('throws for the bad domain %s', (domain, message) => {
    // GIVEN / WHEN / THEN
    expect(() => build({ domain })).toThrow(message);
  });

  test.each([0, 4, 10, 2.5])('throws for failureThreshold %p (1 to 3)', (failureThreshold) => {
    // GIVEN / WHEN / THEN
    expect(() => build({ failureThreshold })).toThrow(/failureThreshold .* is out of range; pass a whole number from 1 to 3/);
  });

  test.each([5, 20, 60])('throws for requestIntervalSeconds %p (10 or 30)', (requestIntervalSeconds) => {
    // GIVEN / WHEN / THEN
    expect(() => build({ requestIntervalSeconds })).toThrow(/requestIntervalSeconds \d+ is not offered by Route 53; use 10 \(fast\) or 30/);
  });

  test('throws for a health check path without a leading slash, and shows the fixed path', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ healthCheckPath: 'healthz' })).toThrow(/healthCheckPath "healthz" must start with "\/", e\.g\. "\/healthz"/);
    expect(() => build({ healthCheckPath: '/health check' })).toThrow(/without spaces/);
  });

  test.each<[string, Partial<DnsFailoverProps>, RegExp]>([
    [
      'latency with a primary',
      { routing: 'latency', regions: [{ region: 'us-east-1', role: 'primary' }, { region: 'eu-west-1', role: 'active' }] },
      /routing "latency" serves from every region at once, so every role must be "active"; us-east-1 must be changed to "active"/,
    ],
    ['latency with one region', { routing: 'latency', regions: [{ region: 'us-east-1', role: 'active' }] }, /routing "latency" spreads traffic over at least two regions, got 1/],
    [
      'failover with two primaries',
      { regions: [{ region: 'us-east-1', role: 'primary' }, { region: 'eu-west-1', role: 'primary' }] },
      /routing "failover" needs exactly one region with role "primary", got 2 \(us-east-1, eu-west-1\)/,
    ],
    ['failover without a secondary', { regions: [{ region: 'us-east-1', role: 'primary' }] }, /routing "failover" needs at least one region with role "secondary"/],
    [
      'failover with an active region',
      { regions: [{ region: 'us-east-1', role: 'primary' }, { region: 'eu-west-1', role: 'active' }] },
      /eu-west-1 has role "active"; use "secondary"/,
    ],
    ['simple with two regions', { routing: 'simple' }, /routing "simple" serves exactly one region, got 2/],
    ['simple with a secondary', { routing: 'simple', regions: [{ region: 'us-east-1', role: 'secondary' }] }, /give the region role "primary"/],
    ['no regions', { regions: [] }, /regions is empty/],
  ])('throws for routing vs roles mismatch: %s', (_, overrides, message) => {
    // GIVEN / WHEN / THEN
    expect(() => build(overrides)).toThrow(message);
  });

  test('throws for checker regions Route 53 does not have, duplicates, or fewer than three', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ healthCheckRegions: ['us-east-1', 'eu-central-1', 'us-west-2'] })).toThrow(
      /healthCheckRegions has "eu-central-1", where Route 53 runs no checkers; choose from us-east-1, us-west-1/,
    );
    expect(() => build({ healthCheckRegions: ['us-east-1', 'us-west-2'] })).toThrow(/Route 53 needs at least 3/);
    expect(() => build({ healthCheckRegions: ['us-east-1', 'us-east-1', 'us-west-2'] })).toThrow(/lists a region more than once/);
  });

  test('throws for an AWS-managed or malformed topic key', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ alarmTopicKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/sns' })).toThrow(/is an AWS-managed key/);
    expect(() => build({ alarmTopicKmsKeyArn: 'my-key' })).toThrow(/alarmTopicKmsKeyArn "my-key" is not a KMS key or alias ARN/);
  });

  test('throws for a bad name, account, region or hosted zone id', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ name: 'Prod_Global' })).toThrow(/name "Prod_Global" is invalid; use lower-case letters/);
    expect(() => build({ accountId: '1234' })).toThrow(/accountId "1234" is invalid/);
    expect(() => build({ regions: [{ region: 'useast1', role: 'primary' }, { region: 'us-west-2', role: 'secondary' }] })).toThrow(
      /region "useast1" is invalid; expected an AWS region name/,
    );
    expect(() => build({ hostedZoneId: '/hostedzone/Z123' })).toThrow(/pass the bare id "Z123"/);
  });

  test('throws when a region is an unresolved token (it keys addresses)', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'stack');
    const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
    // WHEN / THEN
    expect(
      () => new DnsFailover(stack, 'dns', { ...BASE_PROPS, regions: [{ region, role: 'primary' }, { region: 'us-west-2', role: 'secondary' }] }),
    ).toThrow(/every regions\[\]\.region must be a literal string/);
  });

  test('reports every problem at once', () => {
    // GIVEN three bad values
    // WHEN
    let message = '';
    try {
      build({ failureThreshold: 5, requestIntervalSeconds: 15, healthCheckPath: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    // THEN
    expect(message).toMatch(/healthCheckPath "x"/);
    expect(message).toMatch(/failureThreshold 5 is out of range/);
    expect(message).toMatch(/requestIntervalSeconds 15 is not offered/);
  });
});

describe('routing helpers (pure)', () => {
  test('planRecords: failover picks the primary and the first secondary in order', () => {
    // GIVEN / WHEN
    const planned = planRecords('failover', [
      { region: 'a-b-1', role: 'secondary' },
      { region: 'c-d-1', role: 'secondary' },
      { region: 'e-f-1', role: 'primary' },
    ]);
    // THEN
    expect(planned).toEqual([
      { key: 'e-f-1', region: 'e-f-1', setIdentifier: 'e-f-1', failover: 'PRIMARY', healthChecked: true },
      { key: 'a-b-1', region: 'a-b-1', setIdentifier: 'a-b-1', failover: 'SECONDARY', healthChecked: true },
    ]);
  });

  test('planRecords: simple is one unchecked apex record; latency one per region', () => {
    // GIVEN / WHEN / THEN
    expect(planRecords('simple', [{ region: 'us-east-1', role: 'primary' }])).toEqual([{ key: 'apex', region: 'us-east-1', healthChecked: false }]);
    expect(planRecords('latency', [{ region: 'us-east-1', role: 'active' }, { region: 'eu-west-1', role: 'active' }]).map((r) => r.latencyRegion)).toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
  });

  test('routingProblems: valid combinations have none; an unknown routing is named', () => {
    // GIVEN / WHEN / THEN
    expect(routingProblems('failover', BASE_PROPS.regions)).toEqual([]);
    expect(routingProblems('simple', [{ region: 'us-east-1', role: 'active' }])).toEqual([]);
    expect(routingProblems('latency', [{ region: 'us-east-1', role: 'active' }, { region: 'eu-west-1', role: 'active' }])).toEqual([]);
    expect(routingProblems('weighted' as never, BASE_PROPS.regions)).toEqual([expect.stringMatching(/routing "weighted" is unknown; use one of "simple", "failover", "latency"/)]);
  });
});
