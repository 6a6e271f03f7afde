import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceFleet, ServiceFleetProps, scheduleRecurrences } from '../../constructs/service-fleet';

const base: ServiceFleetProps = {
  name: 'prod-us-east-1',
  module: 'incident',
  vpcId: 'vpc-1',
  vpcCidrBlock: '10.32.0.0/16',
  privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  loadBalancerSecurityGroupId: 'sg-alb',
  targetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:333333333333:targetgroup/incident/abc'],
  instanceType: 'm7i.large',
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 3,
  ebsKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/ebs',
  accountId: '333333333333',
  region: 'us-east-1',
  configParameterPath: '/itsm-scale/prod-us-east-1/config/incident',
  logsKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/app',
};

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; data: Record<string, Record<string, Record<string, unknown>>> };

function synth(props: Partial<ServiceFleetProps> = {}): Json {
  return JSON.parse(Testing.synthScope((scope: Construct) => new ServiceFleet(scope, 'incident', { ...base, ...props }))) as Json;
}

function resources(json: Json, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

describe('ServiceFleet', () => {
  test('defaults: hardened launch template, ELB health checks, desired capacity ignored on change', () => {
    // WHEN
    const json = synth();
    const text = JSON.stringify(json);
    // THEN
    expect(text).toHaveResourceWithProperties(LaunchTemplate, {
      instance_type: 'm7i.large',
      metadata_options: expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }),
      monitoring: { enabled: true },
    });
    const template = resources(json, 'aws_launch_template').incident!;
    expect(template.network_interfaces).toEqual([expect.objectContaining({ associate_public_ip_address: 'false' })]);
    expect(template.block_device_mappings).toEqual([
      expect.objectContaining({ ebs: expect.objectContaining({ encrypted: 'true', kms_key_id: base.ebsKmsKeyArn, volume_type: 'gp3' }) }),
    ]);
    const group = resources(json, 'aws_autoscaling_group').incident!;
    expect(group).toMatchObject({ min_size: 2, max_size: 6, desired_capacity: 3, health_check_type: 'ELB', health_check_grace_period: 300 });
    expect(group.vpc_zone_identifier).toEqual(base.privateSubnetIds);
    expect(group.lifecycle).toEqual({ ignore_changes: ['desired_capacity'] });
    expect(group.instance_refresh).toEqual({ strategy: 'Rolling', preferences: { min_healthy_percentage: 90, instance_warmup: '300' } });
    expect(group.default_instance_warmup).toBe(300);
    expect(group.tag).toEqual(expect.arrayContaining([{ key: 'module', value: 'incident', propagate_at_launch: true }]));
    // CPU target tracking at 80% by default; no request-count policy without its props.
    const policies = resources(json, 'aws_autoscaling_policy');
    expect(Object.keys(policies)).toEqual(['incident_cpu']);
    expect(policies.incident_cpu!.target_tracking_configuration).toMatchObject({ target_value: 80 });
  });

  test('instance role: no managed policy, one inline policy scoped to its own path, log group, secrets and prefix', () => {
    // WHEN
    const json = synth({
      secrets: { secretArns: ['arn:aws:secretsmanager:us-east-1:333333333333:secret:itsm-scale/prod-us-east-1/incident/database-??????'], kmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/app' },
      attachments: { bucketArn: 'arn:aws:s3:::att', prefix: 'incident/', kmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/att' },
    });
    // THEN AmazonSSMManagedInstanceCore (ssm:GetParameter on every parameter) is gone
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual({});
    const policy = JSON.parse(String(resources(json, 'aws_iam_role_policy').incident!.policy)) as { Statement: { Sid: string; Resource: unknown; Condition?: unknown }[] };
    const bySid = Object.fromEntries(policy.Statement.map((st) => [st.Sid, st]));
    expect(Object.keys(bySid)).toEqual([
      'SessionManager',
      'RunCommand',
      'ReadOwnConfiguration',
      'DeliverOwnLogs',
      'ReadOwnSecrets',
      'DecryptOwnSecrets',
      'OwnAttachmentObjects',
      'ListOwnAttachmentPrefix',
      'AttachmentKeyThroughS3',
    ]);
    expect(bySid.ReadOwnConfiguration!.Resource).toEqual([
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/incident',
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/incident/*',
    ]);
    expect(bySid.DeliverOwnLogs!.Resource).toEqual([
      'arn:aws:logs:us-east-1:333333333333:log-group:/itsm-scale/prod-us-east-1/app/incident',
      'arn:aws:logs:us-east-1:333333333333:log-group:/itsm-scale/prod-us-east-1/app/incident:log-stream:*',
    ]);
    expect(bySid.OwnAttachmentObjects!.Resource).toBe('arn:aws:s3:::att/incident/*');
    expect(bySid.AttachmentKeyThroughS3!.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    expect(bySid.DecryptOwnSecrets!.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } });
    // Only the data-free agent actions are on "*".
    const onEverything = policy.Statement.filter((st) => st.Resource === '*').map((st) => st.Sid);
    expect(onEverything).toEqual(['SessionManager', 'RunCommand']);
  });

  test('the security group admits only the load balancer', () => {
    const json = synth();
    const ingress = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ referenced_security_group_id: 'sg-alb', from_port: 8080, to_port: 8080 });
    const egress = Object.values(resources(json, 'aws_vpc_security_group_egress_rule'));
    expect(egress.map((r) => [r.cidr_ipv4, r.from_port]).sort()).toEqual([
      ['0.0.0.0/0', 443],
      ['10.32.0.0/16', 5432],
    ]);
    for (const rule of [...ingress, ...egress]) expect(String(rule.description).length).toBeGreaterThan(10);
  });

  test('the security group is replaced before it is destroyed, under a name prefix (a fixed name would collide in its VPC)', () => {
    const groups = Object.values(resources(synth(), 'aws_security_group'));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ name_prefix: expect.stringMatching(/-incident-fleet-$/), lifecycle: { create_before_destroy: true } });
    expect(groups[0]?.name).toBeUndefined();
    expect(groups[0]?.tags).toMatchObject({ Name: expect.stringMatching(/-incident-fleet$/) });
  });

  test('defaults: Amazon Linux 2023 of the instance type architecture, looked up through an architecture-filtered aws_ami', () => {
    const x86 = synth();
    expect(x86.data.aws_ssm_parameter!.incident_image!.name).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(x86.data.aws_ami!.incident!.filter).toEqual([
      { name: 'image-id', values: ['${data.aws_ssm_parameter.incident_image.insecure_value}'] },
      { name: 'architecture', values: ['x86_64'] },
    ]);
    expect(resources(x86, 'aws_launch_template').incident!.image_id).toBe('${data.aws_ami.incident.id}');
    const graviton = synth({ instanceType: 'm7g.large' });
    expect(graviton.data.aws_ssm_parameter!.incident_image!.name).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64');
    expect(graviton.data.aws_ami!.incident!.filter).toContainEqual({ name: 'architecture', values: ['arm64'] });
  });

  test('image: a fixed AMI id, or the newest image of a name filter among owners', () => {
    const fixed = synth({ image: { amiId: 'ami-0123456789abcdef0', architecture: 'x86_64' } });
    expect(fixed.data.aws_ssm_parameter).toBeUndefined();
    expect(fixed.data.aws_ami!.incident!.filter).toEqual([
      { name: 'image-id', values: ['ami-0123456789abcdef0'] },
      { name: 'architecture', values: ['x86_64'] },
    ]);
    const named = synth({ image: { nameFilter: 'itsm-app-*', owners: ['123456789012'], architecture: 'x86_64' } });
    expect(named.data.aws_ami!.incident).toMatchObject({
      most_recent: true,
      owners: ['123456789012'],
      filter: [{ name: 'name', values: ['itsm-app-*'] }, { name: 'architecture', values: ['x86_64'] }, { name: 'state', values: ['available'] }],
    });
  });

  test('userData is base64-encoded into the launch template; startupSeconds feeds grace, warm-up and refresh', () => {
    const json = synth({ userData: '#!/bin/bash\necho incident\n', startupSeconds: 900 });
    expect(Buffer.from(String(resources(json, 'aws_launch_template').incident!.user_data), 'base64').toString('utf8')).toBe('#!/bin/bash\necho incident\n');
    expect(resources(json, 'aws_autoscaling_group').incident).toMatchObject({
      health_check_grace_period: 900,
      default_instance_warmup: 900,
      instance_refresh: { preferences: { instance_warmup: '900' } },
    });
    expect(resources(json, 'aws_autoscaling_group').incident).toMatchObject({ health_check_grace_period: 900 });
    expect(resources(synth({ startupSeconds: 900, healthCheckGracePeriodSeconds: 1200 }), 'aws_autoscaling_group').incident).toMatchObject({ health_check_grace_period: 1200 });
  });

  test('the fleet has its own encrypted, kept log group', () => {
    const json = synth({ logRetentionDays: 90 });
    expect(resources(json, 'aws_cloudwatch_log_group').incident).toMatchObject({
      name: '/itsm-scale/prod-us-east-1/app/incident',
      kms_key_id: base.logsKmsKeyArn,
      retention_in_days: 90,
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resources(synth({ logGroupName: '/custom/incident' }), 'aws_cloudwatch_log_group').incident!.name).toBe('/custom/incident');
  });

  test('requestCountScaling adds a per-target request policy in requests per minute', () => {
    const json = synth({
      requestCountScaling: { loadBalancerArnSuffix: 'app/alb/1', targetGroupArnSuffix: 'targetgroup/incident/2', targetRequestsPerSecondPerInstance: 21.5 },
    });
    const policy = resources(json, 'aws_autoscaling_policy').incident_requests!;
    expect(policy.target_tracking_configuration).toMatchObject({
      target_value: 1290,
      predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: 'app/alb/1/targetgroup/incident/2' },
    });
  });

  test('businessHours schedules the floor in the module time zone', () => {
    const json = synth({
      businessHours: { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 7, endHour: 19, businessHoursMinSize: 3 },
    });
    const schedules = resources(json, 'aws_autoscaling_schedule');
    expect(schedules.incident_business_hours_start).toMatchObject({ recurrence: '0 7 * * 1,2,3,4,5', time_zone: 'Europe/Berlin', min_size: 3 });
    expect(schedules.incident_business_hours_end).toMatchObject({ recurrence: '0 19 * * 1,2,3,4,5', time_zone: 'Europe/Berlin', min_size: 2 });
  });

  test('an always-on schedule needs no scheduled actions', () => {
    const json = synth({ businessHours: { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24, businessHoursMinSize: 2 } });
    expect(resources(json, 'aws_autoscaling_schedule')).toEqual({});
  });

  test('predictiveScaling adds a forecast-and-scale policy; warmPool keeps stopped instances', () => {
    const json = synth({ predictiveScaling: true, warmPool: true });
    expect(resources(json, 'aws_autoscaling_policy').incident_predictive).toMatchObject({ policy_type: 'PredictiveScaling' });
    expect(resources(json, 'aws_autoscaling_group').incident!.warm_pool).toMatchObject({ pool_state: 'Stopped', min_size: 1 });
  });

  test('a singleton runs exactly one instance with no scaling policies', () => {
    const json = synth({ singleton: true });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(AutoscalingGroup, { min_size: 1, max_size: 1, desired_capacity: 1 });
    expect(resources(json, 'aws_autoscaling_policy')).toEqual({});
    expect(resources(json, 'aws_autoscaling_schedule')).toEqual({});
  });

  test('a standby singleton has room for its instance but runs none', () => {
    const json = synth({ singleton: true, standbySingleton: true });
    expect(resources(json, 'aws_autoscaling_group').incident).toMatchObject({ min_size: 0, max_size: 1, desired_capacity: 0 });
    expect(() => synth({ standbySingleton: true })).toThrow(/standbySingleton applies only to a singleton/);
  });

  describe('singleton replacement', () => {
    test("warm-spare: a warm pool of one stopped, never reused instance and a launch hook; still one instance in service", () => {
      // WHEN
      const json = synth({ singleton: true, replacement: 'warm-spare', targetGroupArns: [], startupSeconds: 240 });
      // THEN the group still runs exactly one instance: warm-pool instances are stopped, outside min/max/desired
      const group = resources(json, 'aws_autoscaling_group').incident!;
      expect(group).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, health_check_type: 'EC2' });
      expect(group.warm_pool).toEqual({ pool_state: 'Stopped', min_size: 1, max_group_prepared_capacity: 2, instance_reuse_policy: { reuse_on_scale_in: false } });
      // AND the pool's metrics are published (is the spare there, or still initialising?)
      expect(group.enabled_metrics).toEqual(expect.arrayContaining(['GroupInServiceInstances', 'WarmPoolWarmedCapacity', 'WarmPoolPendingCapacity']));
      expect(resources(json, 'aws_autoscaling_lifecycle_hook')).toEqual({
        incident_launch: {
          name: 'launch-ready',
          autoscaling_group_name: '${aws_autoscaling_group.incident.name}',
          lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
          default_result: 'CONTINUE',
          heartbeat_timeout: 240,
        },
      });
      // AND the hook is also given at the group's creation, so the first spare is held too; later changes to that
      // creation-only copy are ignored (they would replace the group), and the hook's resource owns it from then on
      expect(group.initial_lifecycle_hook).toEqual([{ name: 'launch-ready', lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING', default_result: 'CONTINUE', heartbeat_timeout: 240 }]);
      expect(group.lifecycle).toEqual({ ignore_changes: ['desired_capacity', 'initial_lifecycle_hook'] });
      // AND the instance may complete the hook of its own group, and no other
      const policy = JSON.parse(String(resources(json, 'aws_iam_role_policy').incident!.policy)) as { Statement: { Sid: string; Action: unknown; Resource: unknown }[] };
      expect(policy.Statement.find((st) => st.Sid === 'CompleteOwnLaunchHook')).toEqual({
        Sid: 'CompleteOwnLaunchHook',
        Effect: 'Allow',
        Action: 'autoscaling:CompleteLifecycleAction',
        Resource: 'arn:aws:autoscaling:us-east-1:333333333333:autoScalingGroup:*:autoScalingGroupName/prod-us-east-1-incident',
      });
      expect(resources(json, 'aws_autoscaling_policy')).toEqual({});
    });

    test("the hook's heartbeat is the start-up time within Auto Scaling's 30-7200 s", () => {
      const heartbeat = (startupSeconds: number) =>
        resources(synth({ singleton: true, replacement: 'warm-spare', startupSeconds }), 'aws_autoscaling_lifecycle_hook').incident_launch!.heartbeat_timeout;
      expect(heartbeat(0)).toBe(30);
      expect(heartbeat(3600)).toBe(3600);
    });

    test('relaunch (the default): no warm pool, no hook, no hook permission', () => {
      for (const json of [synth({ singleton: true }), synth({ singleton: true, replacement: 'relaunch' })]) {
        expect(resources(json, 'aws_autoscaling_group').incident!.warm_pool).toBeUndefined();
        expect(JSON.stringify(resources(json, 'aws_autoscaling_group').incident!.enabled_metrics)).not.toContain('WarmPool');
        expect(resources(json, 'aws_autoscaling_lifecycle_hook')).toEqual({});
        expect(resources(json, 'aws_autoscaling_group').incident!.initial_lifecycle_hook).toBeUndefined();
        expect(resources(json, 'aws_autoscaling_group').incident!.lifecycle).toEqual({ ignore_changes: ['desired_capacity'] });
        expect(String(resources(json, 'aws_iam_role_policy').incident!.policy)).not.toContain('CompleteLifecycleAction');
      }
      // AND the two forms synthesize the same bytes
      expect(JSON.stringify(synth({ singleton: true, replacement: 'relaunch' }))).toBe(JSON.stringify(synth({ singleton: true })));
    });

    test('every replacement problem at once', () => {
      expect(() => synth({ replacement: 'warm-spare', standbySingleton: true })).toThrow(
        "standbySingleton applies only to a singleton; set singleton: true or remove standbySingleton; replacement 'warm-spare' applies only to a singleton; set singleton: true, or use warmPool for a scaled fleet; replacement 'warm-spare' needs a singleton that runs; a standbySingleton runs no instance to replace (use 'relaunch')",
      );
      expect(() => synth({ singleton: true, replacement: 'hot-standby' as never, warmPool: true })).toThrow(
        /replacement "hot-standby" is not one of warm-spare, relaunch; a singleton runs exactly one instance and cannot scale; remove warmPool/,
      );
    });
  });

  test('cpuTargetPercent, appPort, databasePort and managedPolicyArns are honoured', () => {
    const json = synth({ cpuTargetPercent: 60, appPort: 9000, databasePort: 3306, managedPolicyArns: ['arn:aws:iam::123456789012:policy/extra'] });
    expect(resources(json, 'aws_autoscaling_policy').incident_cpu!.target_tracking_configuration).toMatchObject({ target_value: 60 });
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))[0]).toMatchObject({ from_port: 9000 });
    expect(resources(json, 'aws_vpc_security_group_egress_rule').incident_database_out).toMatchObject({ from_port: 3306, to_port: 3306 });
    expect(Object.keys(resources(json, 'aws_iam_role_policy_attachment'))).toEqual(['incident_extra']);
  });

  test.each([
    [{ minSize: 5, maxSize: 2, desiredCapacity: 3 }, /minSize 5 is greater than maxSize 2/],
    [{ desiredCapacity: 9 }, /desiredCapacity 9 must lie between minSize 2 and maxSize 6/],
    [{ singleton: true, predictiveScaling: true }, /a singleton runs exactly one instance and cannot scale; remove predictiveScaling/],
    [{ businessHours: { timeZone: 'Mars/Olympus', days: ['mon'], startHour: 7, endHour: 19, businessHoursMinSize: 2 } }, /unknown time zone "Mars\/Olympus"/],
    [{ businessHours: { timeZone: 'UTC', days: ['mon'], startHour: 19, endHour: 7, businessHoursMinSize: 2 } }, /endHour must be a whole hour after startHour/],
    [{ cpuTargetPercent: 120 }, /cpuTargetPercent must be in \(0, 100\]/],
    [{ instanceType: 'large' }, /instanceType "large" is not an EC2 instance type/],
    [{ privateSubnetIds: [] }, /privateSubnetIds is empty/],
    [{ instanceType: 'm7g.large', image: { amiId: 'ami-0123456789abcdef0', architecture: 'x86_64' } }, /image architecture x86_64 cannot run on m7g.large \(arm64\)/],
    [{ image: { amiId: 'ami-1', architecture: 'x86_64' } }, /image.amiId "ami-1" is not an AMI id/],
    [{ userData: 'x'.repeat(12289) }, /userData is 16388 bytes after base64; EC2 allows 16384/],
    [{ startupSeconds: 4000 }, /startupSeconds must be a whole number from 0 to 3600/],
    [{ logRetentionDays: 10 }, /logRetentionDays 10 is not accepted/],
    [{ configParameterPath: 'config/incident/' }, /configParameterPath "config\/incident\/" must be an SSM path/],
    [{ attachments: { bucketArn: 'arn:aws:s3:::b', prefix: 'incident', kmsKeyArn: 'k' } }, /attachments.prefix "incident" must be a key prefix ending in "\/"/],
  ] as const)('throws on invalid props %#', (props, message) => {
    expect(() => synth(props as Partial<ServiceFleetProps>)).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(() => synth({ cpuTargetPercent: 120, startupSeconds: -1, accountId: '1' })).toThrow(
      /cpuTargetPercent must be in \(0, 100\]; got 120; .*startupSeconds must be a whole number from 0 to 3600; got -1; accountId "1" is invalid; an AWS account id is exactly 12 digits/,
    );
  });

  test('schedule recurrences: end at 24 means the last minute of the day', () => {
    expect(scheduleRecurrences({ timeZone: 'UTC', days: ['sat', 'sun'], startHour: 8, endHour: 24 })).toEqual({ start: '0 8 * * 0,6', end: '59 23 * * 0,6' });
  });
});

describe('ServiceFleet serving several modules (a shared fleet)', () => {
  const shared: Partial<ServiceFleetProps> = {
    module: 'shared',
    configParameterPath: ['/itsm-scale/prod-us-east-1/config/incident', '/itsm-scale/prod-us-east-1/config/cmdb'],
    attachments: { bucketArn: 'arn:aws:s3:::prod-us-east-1-attachments-333333333333', prefix: ['incident/', 'cmdb/'], kmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/att' },
    databasePort: [5432, 3306, 5432],
  };

  test("its role reads each member's configuration and attachment prefix, and it reaches each engine's port once", () => {
    // WHEN
    const json = synth(shared);
    const policy = JSON.parse(String(resources(json, 'aws_iam_role_policy').incident!.policy)) as { Statement: { Sid: string; Resource: unknown; Condition?: unknown }[] };
    const sid = (name: string) => policy.Statement.find((st) => st.Sid === name)!;
    // THEN both paths and what lies below them, nothing else
    expect(sid('ReadOwnConfiguration').Resource).toEqual([
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/incident',
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/incident/*',
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/cmdb',
      'arn:aws:ssm:us-east-1:333333333333:parameter/itsm-scale/prod-us-east-1/config/cmdb/*',
    ]);
    expect(sid('OwnAttachmentObjects').Resource).toEqual(['arn:aws:s3:::prod-us-east-1-attachments-333333333333/incident/*', 'arn:aws:s3:::prod-us-east-1-attachments-333333333333/cmdb/*']);
    expect(sid('ListOwnAttachmentPrefix').Condition).toEqual({ StringLike: { 's3:prefix': ['incident/', 'incident/*', 'cmdb/', 'cmdb/*'] } });
    // AND one egress rule per distinct database port, the first at the address a single-port fleet has
    const egress = resources(json, 'aws_vpc_security_group_egress_rule');
    expect(egress.incident_database_out).toMatchObject({ from_port: 5432, to_port: 5432 });
    expect(egress.incident_database_out_3306).toMatchObject({ from_port: 3306, to_port: 3306 });
    expect(Object.keys(egress).filter((name) => name.includes('database_out'))).toHaveLength(2);
  });

  test('tracks the sum of its target groups\' requests per target (metric math), at the per-minute target', () => {
    // WHEN the fleet is registered in two modules' target groups
    const json = synth({ ...shared, requestCountScaling: { loadBalancerArnSuffix: 'app/lb/1', targetGroupArnSuffix: ['targetgroup/incident/1', 'targetgroup/cmdb/2'], targetRequestsPerSecondPerInstance: 21.5 } });
    const config = resources(json, 'aws_autoscaling_policy').incident_requests!.target_tracking_configuration as Record<string, unknown>;
    // THEN no predefined (one-group) metric, but RequestCountPerTarget of each group, summed
    expect(config.predefined_metric_specification).toBeUndefined();
    expect(config.target_value).toBe(1290);
    expect((config.customized_metric_specification as { metrics: unknown[] }).metrics).toEqual([
      { id: 'tg0', return_data: false, metric_stat: { stat: 'Sum', metric: { namespace: 'AWS/ApplicationELB', metric_name: 'RequestCountPerTarget', dimensions: [{ name: 'LoadBalancer', value: 'app/lb/1' }, { name: 'TargetGroup', value: 'targetgroup/incident/1' }] } } },
      { id: 'tg1', return_data: false, metric_stat: { stat: 'Sum', metric: { namespace: 'AWS/ApplicationELB', metric_name: 'RequestCountPerTarget', dimensions: [{ name: 'LoadBalancer', value: 'app/lb/1' }, { name: 'TargetGroup', value: 'targetgroup/cmdb/2' }] } } },
      { id: 'requests', expression: 'tg0 + tg1', label: 'requests per target, all target groups', return_data: true },
    ]);
    // AND an empty list is refused
    expect(() => synth({ requestCountScaling: { loadBalancerArnSuffix: 'app/lb/1', targetGroupArnSuffix: [], targetRequestsPerSecondPerInstance: 1 } })).toThrow(
      'requestCountScaling.targetGroupArnSuffix is an empty list; pass the target group of each module the fleet serves',
    );
  });

  test('one path and one prefix synthesize as before: a string resource, not a list of one', () => {
    const policy = JSON.parse(String(resources(synth({ attachments: { bucketArn: 'arn:aws:s3:::b', prefix: 'incident/', kmsKeyArn: 'k' } }), 'aws_iam_role_policy').incident!.policy)) as { Statement: { Sid: string; Resource: unknown }[] };
    expect(policy.Statement.find((st) => st.Sid === 'OwnAttachmentObjects')!.Resource).toBe('arn:aws:s3:::b/incident/*');
  });

  test('empty lists and malformed entries are refused, every problem at once', () => {
    expect(() => synth({ configParameterPath: [], attachments: { bucketArn: 'arn:aws:s3:::b', prefix: [], kmsKeyArn: 'k' } })).toThrow(
      /configParameterPath is an empty list; pass the path of each module the fleet serves; attachments\.prefix is an empty list; pass the prefix of each module the fleet serves/,
    );
    expect(() => synth({ configParameterPath: ['/itsm-scale/ok', 'no-slash'], attachments: { bucketArn: 'arn:aws:s3:::b', prefix: ['ok/', 'bad'], kmsKeyArn: 'k' } })).toThrow(
      /configParameterPath "no-slash" must be an SSM path[\s\S]*attachments\.prefix "bad" must be a key prefix ending in "\/"/,
    );
  });
});

describe('ServiceFleet: metricsNamespace', () => {
  const statements = (json: Json) => (JSON.parse(String(resources(json, 'aws_iam_role_policy').incident!.policy)) as { Statement: { Sid: string }[] }).Statement;

  test('grants PutMetricData for that namespace only (cloudwatch:namespace), and nothing without it', () => {
    expect(statements(synth({ metricsNamespace: 'itsm-scale/prod' })).find((st) => st.Sid === 'PublishOwnMetrics')).toEqual({
      Sid: 'PublishOwnMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'itsm-scale/prod' } },
    });
    expect(JSON.stringify(statements(synth()))).not.toContain('cloudwatch');
  });

  test.each(['AWS/EC2', '', 'bad namespace'])('refuses %j (not a custom CloudWatch namespace)', (namespace) => {
    expect(() => synth({ metricsNamespace: namespace })).toThrow(/metricsNamespace ".*" is not a custom CloudWatch namespace/);
  });
});
