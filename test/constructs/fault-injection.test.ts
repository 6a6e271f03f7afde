import 'cdktf/lib/testing/adapters/jest';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { FaultInjection, FaultInjectionProps, isoDurationMinutes } from '../../constructs/fault-injection';
import { Json } from '../json';

const ALARM_INCIDENT = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-incident';
const ALARM_ALB = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-us-east-1-alb';
const SUBNETS_1A = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2', 'subnet-0aaaaaaaaaaaaaaa3'];

const BASE_PROPS: FaultInjectionProps = {
  name: 'prod-us-east-1',
  accountId: '123456789012',
  region: 'us-east-1',
  fleets: {
    incident: { autoscalingGroupName: 'prod-us-east-1-incident' },
    change: { autoscalingGroupName: 'prod-us-east-1-change' },
  },
  stopConditionAlarmArns: [ALARM_INCIDENT, ALARM_ALB],
};

/** Synthesizes one FaultInjection with id `fault-injection` and BASE_PROPS plus overrides; returns the JSON string. */
function synthFis(overrides: Partial<FaultInjectionProps> = {}): string {
  return Testing.synthScope((scope) => {
    new FaultInjection(scope, 'fault-injection', { ...BASE_PROPS, ...overrides });
  });
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  const parsed = JSON.parse(synth) as Json;
  return (parsed.resource?.[type] ?? {}) as Record<string, Json>;
}

/** One resource by type and logical id; fails the test when absent. */
function resource(synth: string, type: string, id: string): Json {
  const found = resources(synth, type)[id];
  if (found === undefined) throw new Error(`no ${type}.${id} in ${Object.keys(resources(synth, type)).join(', ')}`);
  return found;
}

/** All `<type>.<id>` addresses of a synthesized stack. */
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>).flatMap(([type, byId]) =>
    Object.keys(byId).map((id) => `${type}.${id}`),
  );
}

/** The experiment role's inline policy, parsed. */
function rolePolicy(synth: string): { Statement: Json[] } {
  return JSON.parse(resource(synth, 'aws_iam_role_policy', 'fault_injection').policy as string);
}

/** The statement with the given Sid, or undefined. */
function statement(synth: string, sid: string): Json | undefined {
  return rolePolicy(synth).Statement.find((s) => s.Sid === sid);
}

/** Every IAM action the role is granted. */
function grantedActions(synth: string): string[] {
  return rolePolicy(synth).Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function makeFis(overrides: Partial<FaultInjectionProps>): () => void {
  return () => {
    synthFis(overrides);
  };
}

describe('isoDurationMinutes', () => {
  test.each([
    [1, 'PT1M'],
    [10, 'PT10M'],
    [60, 'PT1H'],
    [90, 'PT1H30M'],
    [720, 'PT12H'],
  ])('%i minutes → %s', (minutes, expected) => {
    expect(isoDurationMinutes(minutes)).toBe(expected);
  });

  test('rejects zero and fractions', () => {
    expect(() => isoDurationMinutes(0)).toThrow(/whole number of minutes >= 1, got 0/);
    expect(() => isoDurationMinutes(2.5)).toThrow(/got 2.5/);
  });
});

describe('FaultInjection', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN two fleets and two stop-condition alarms, nothing else
      // WHEN
      synth = synthFis();
    });

    test('creates exactly one stop-instances template per module, addressed by module name', () => {
      // THEN
      expect(Object.keys(resources(synth, 'aws_fis_experiment_template')).sort()).toEqual([
        'fault_injection_change_stop_instances',
        'fault_injection_incident_stop_instances',
      ]);
    });

    test('has the readable, index-free addresses of the API', () => {
      // THEN
      expect(addresses(synth).sort()).toEqual(
        [
          'aws_cloudwatch_log_group.fault_injection',
          'aws_cloudwatch_log_resource_policy.fault_injection',
          'aws_fis_experiment_template.fault_injection_change_stop_instances',
          'aws_fis_experiment_template.fault_injection_incident_stop_instances',
          'aws_iam_role.fault_injection',
          'aws_iam_role_policy.fault_injection',
          'aws_kms_alias.fault_injection_logs',
          'aws_kms_key.fault_injection_logs',
        ].sort(),
      );
    });

    test('stops 30% of the running instances of the module\'s ASG for PT10M, then starts them again', () => {
      // THEN
      const template = resource(synth, 'aws_fis_experiment_template', 'fault_injection_incident_stop_instances');
      expect(template.action).toHaveLength(1);
      // (named by its fleet: a module's own, or the shared fleet that serves several)
      expect(template.description).toBe('DR drill: stop 30% of the running instances of fleet incident for 10 minutes, then start them again.');
      const action = template.action[0];
      expect(action.action_id).toBe('aws:ec2:stop-instances');
      expect(action.parameter).toEqual([
        { key: 'startInstancesAfterDuration', value: 'PT10M' },
        { key: 'completeIfInstancesTerminated', value: 'true' },
      ]);
      expect(action.target).toEqual({ key: 'Instances', value: 'fleet-instances' });
      expect(template.target).toEqual([
        {
          name: 'fleet-instances',
          resource_type: 'aws:ec2:instance',
          selection_mode: 'PERCENT(30)',
          resource_tag: [{ key: 'aws:autoscaling:groupName', value: 'prod-us-east-1-incident' }],
          filter: [{ path: 'State.Name', values: ['running'] }],
        },
      ]);
    });

    test('each module targets its own autoscaling group', () => {
      // THEN
      const change = resource(synth, 'aws_fis_experiment_template', 'fault_injection_change_stop_instances');
      expect(change.target[0].resource_tag).toEqual([{ key: 'aws:autoscaling:groupName', value: 'prod-us-east-1-change' }]);
    });

    test('every template stops on every given alarm', () => {
      // THEN
      for (const template of Object.values(resources(synth, 'aws_fis_experiment_template'))) {
        expect(template.stop_condition).toEqual([
          { source: 'aws:cloudwatch:alarm', value: ALARM_INCIDENT },
          { source: 'aws:cloudwatch:alarm', value: ALARM_ALB },
        ]);
      }
    });

    test('every template logs (schema 2) to the FIS log group, with the `:*` suffix FIS requires', () => {
      // THEN
      for (const template of Object.values(resources(synth, 'aws_fis_experiment_template'))) {
        expect(template.log_configuration).toEqual({
          log_schema_version: 2,
          cloudwatch_logs_configuration: { log_group_arn: '${aws_cloudwatch_log_group.fault_injection.arn}:*' },
        });
        expect(template.role_arn).toBe('${aws_iam_role.fault_injection.arn}');
        expect(template.depends_on).toEqual(
          expect.arrayContaining(['aws_iam_role_policy.fault_injection', 'aws_cloudwatch_log_resource_policy.fault_injection']),
        );
      }
    });

    test('tags templates with Name and module', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(FisExperimentTemplate, {
        tags: { Name: 'prod-us-east-1-incident-stop-instances', module: 'incident' },
      });
    });

    test('creates an encrypted log group with 365 days retention that cannot be destroyed', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: '/itsm-scale/prod-us-east-1/fis',
        retention_in_days: 365,
        kms_key_id: '${aws_kms_key.fault_injection_logs.arn}',
        lifecycle: { prevent_destroy: true },
        tags: expect.objectContaining({ 'data-classification': 'confidential' }),
      });
    });

    test('creates its own rotating logs key whose policy admits only CloudWatch Logs for this log group', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      const policy = JSON.parse(resource(synth, 'aws_kms_key', 'fault_injection_logs').policy as string);
      const logs = policy.Statement.find((s: Json) => s.Principal?.Service !== undefined);
      expect(logs.Principal.Service).toBe('logs.us-east-1.amazonaws.com');
      expect(logs.Condition).toEqual({
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:/itsm-scale/prod-us-east-1/fis' },
      });
      expect(resource(synth, 'aws_kms_alias', 'fault_injection_logs').name).toBe('alias/prod-us-east-1-fis-logs');
    });

    test('lets only the log delivery service write, only to the FIS log group, only for this account', () => {
      // THEN
      const policy = JSON.parse(resource(synth, 'aws_cloudwatch_log_resource_policy', 'fault_injection').policy_document as string);
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/itsm-scale/prod-us-east-1/fis:*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:123456789012:*' },
          },
        }),
      ]);
    });

    test('the role trusts only FIS experiments of this account and region', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(IamRole, { name: 'prod-us-east-1-fis' });
      const trust = JSON.parse(resource(synth, 'aws_iam_role', 'fault_injection').assume_role_policy as string);
      expect(trust.Statement).toEqual([
        {
          Sid: 'AllowFisExperimentsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:fis:us-east-1:123456789012:experiment/*' },
          },
        },
      ]);
    });

    test('the role may stop and start only instances of the drilled ASGs', () => {
      // THEN
      expect(statement(synth, 'StopAndStartFleetInstances')).toEqual({
        Sid: 'StopAndStartFleetInstances',
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'ec2:StartInstances'],
        Resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
        Condition: {
          StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': ['prod-us-east-1-change', 'prod-us-east-1-incident'] },
        },
      });
      expect(statement(synth, 'DescribeInstances')).toEqual(
        expect.objectContaining({ Action: 'ec2:DescribeInstances', Resource: '*' }),
      );
    });

    test('the role may set up experiment log delivery but not rewrite resource policies', () => {
      // THEN
      expect(statement(synth, 'DeliverExperimentLogs')).toEqual(expect.objectContaining({ Action: 'logs:CreateLogDelivery' }));
      expect(statement(synth, 'CheckLogGroupResourcePolicy')).toEqual(
        expect.objectContaining({
          Action: ['logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
          // Both describe calls accept only "*" (no resource-level permissions).
          Resource: '*',
        }),
      );
      expect(grantedActions(synth)).not.toContain('logs:PutResourcePolicy');
    });

    test('grants no network permissions and creates no AZ-outage template without azOutage', () => {
      // THEN
      const actions = grantedActions(synth);
      expect(actions.filter((a) => /NetworkAcl|Subnet|Vpc/.test(a))).toEqual([]);
      expect(resources(synth, 'aws_fis_experiment_template').fault_injection_az_outage).toBeUndefined();
      // Only the calls without resource-level permissions (describes, log delivery) may use a wildcard resource.
      for (const s of rolePolicy(synth).Statement.filter((st) => st.Resource === '*')) {
        expect([s.Action].flat().every((a: string) => /^ec2:Describe|^logs:Describe|^logs:CreateLogDelivery$/.test(a))).toBe(true);
      }
    });
  });

  describe('props', () => {
    test('stopInstancesPercent and stopDurationMinutes shape every stop-instances template', () => {
      // GIVEN / WHEN
      const synth = synthFis({ stopInstancesPercent: 50, stopDurationMinutes: 90 });
      // THEN
      for (const template of Object.values(resources(synth, 'aws_fis_experiment_template'))) {
        expect(template.target[0].selection_mode).toBe('PERCENT(50)');
        expect(template.action[0].parameter).toContainEqual({ key: 'startInstancesAfterDuration', value: 'PT1H30M' });
      }
    });

    test('azOutage adds a network experiment on the AZ subnets and network permissions to the role', () => {
      // GIVEN / WHEN
      const synth = synthFis({ azOutage: { availabilityZone: 'us-east-1a', subnetIds: SUBNETS_1A } });
      // THEN the experiment
      const template = resource(synth, 'aws_fis_experiment_template', 'fault_injection_az_outage');
      expect(template.action).toEqual([
        expect.objectContaining({
          action_id: 'aws:network:disrupt-connectivity',
          parameter: [
            { key: 'duration', value: 'PT5M' },
            { key: 'scope', value: 'all' },
          ],
          target: { key: 'Subnets', value: 'az-subnets' },
        }),
      ]);
      const subnetArns = SUBNETS_1A.map((id) => `arn:aws:ec2:us-east-1:123456789012:subnet/${id}`);
      expect(template.target).toEqual([
        { name: 'az-subnets', resource_type: 'aws:ec2:subnet', selection_mode: 'ALL', resource_arns: subnetArns },
      ]);
      expect(template.stop_condition).toHaveLength(2);
      expect(template.log_configuration.log_schema_version).toBe(2);
      expect(template.tags).toEqual(expect.objectContaining({ Name: 'prod-us-east-1-az-outage-us-east-1a' }));
      // THEN the role
      expect(grantedActions(synth)).toEqual(
        expect.arrayContaining([
          'ec2:CreateNetworkAcl',
          'ec2:CreateNetworkAclEntry',
          'ec2:DeleteNetworkAcl',
          'ec2:ReplaceNetworkAclAssociation',
          'ec2:CreateTags',
          'ec2:DescribeNetworkAcls',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
        ]),
      );
      expect(statement(synth, 'SwapNetworkAclOfTargetSubnets')?.Resource).toEqual([
        ...subnetArns,
        'arn:aws:ec2:us-east-1:123456789012:network-acl/*',
      ]);
      expect(statement(synth, 'ManageFisNetworkAclOnly')?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } });
      expect(statement(synth, 'CreateFisNetworkAcl')?.Condition).toEqual({ StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } });
      expect(statement(synth, 'TagFisNetworkAclOnCreate')?.Condition).toEqual({
        StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' },
      });
      // and the fleet templates are unchanged
      expect(resources(synth, 'aws_fis_experiment_template').fault_injection_incident_stop_instances).toBeDefined();
    });

    test('azOutage.durationMinutes sets the disruption duration', () => {
      // GIVEN / WHEN
      const synth = synthFis({ azOutage: { availabilityZone: 'us-east-1b', subnetIds: SUBNETS_1A.slice(0, 1), durationMinutes: 15 } });
      // THEN
      const template = resource(synth, 'aws_fis_experiment_template', 'fault_injection_az_outage');
      expect(template.action[0].parameter).toContainEqual({ key: 'duration', value: 'PT15M' });
    });

    test('azOutage with no fleets drills only the AZ and grants no instance permissions', () => {
      // GIVEN / WHEN
      const synth = synthFis({ fleets: {}, azOutage: { availabilityZone: 'us-east-1a', subnetIds: SUBNETS_1A } });
      // THEN
      expect(Object.keys(resources(synth, 'aws_fis_experiment_template'))).toEqual(['fault_injection_az_outage']);
      expect(grantedActions(synth)).not.toContain('ec2:StopInstances');
      expect(grantedActions(synth)).not.toContain('ec2:DescribeInstances');
    });

    test('logsKmsKeyArn given → no key or alias is created and the log group uses the given key', () => {
      // GIVEN
      const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
      // WHEN
      const synth = synthFis({ logsKmsKeyArn: keyArn });
      // THEN
      expect(resources(synth, 'aws_kms_key')).toEqual({});
      expect(resources(synth, 'aws_kms_alias')).toEqual({});
      expect(resource(synth, 'aws_cloudwatch_log_group', 'fault_injection').kms_key_id).toBe(keyArn);
    });

    test('logRetentionDays, dataClassification and tags are applied', () => {
      // GIVEN / WHEN
      const synth = synthFis({ logRetentionDays: 90, dataClassification: 'internal', tags: { owner: 'itsm-platform' } });
      // THEN
      const logGroup = resource(synth, 'aws_cloudwatch_log_group', 'fault_injection');
      expect(logGroup.retention_in_days).toBe(90);
      expect(logGroup.tags['data-classification']).toBe('internal');
      for (const type of ['aws_fis_experiment_template', 'aws_iam_role', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
        for (const config of Object.values(resources(synth, type))) {
          expect(config.tags).toEqual(expect.objectContaining({ owner: 'itsm-platform', Name: expect.stringMatching(/^prod-us-east-1-/) }));
        }
      }
    });

    test('ASG names and alarm ARNs may be references to other resources', () => {
      // GIVEN a fleet and an alarm whose identifiers are Terraform references
      const synth = Testing.synthScope((scope: Construct) => {
        const group = new AutoscalingGroup(scope, 'asg', { maxSize: 2, minSize: 1 });
        const alarm = new CloudwatchMetricAlarm(scope, 'alarm', { alarmName: 'a', comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1 });
        // WHEN
        new FaultInjection(scope, 'fault-injection', {
          ...BASE_PROPS,
          fleets: { incident: { autoscalingGroupName: group.name } },
          stopConditionAlarmArns: [alarm.arn],
        });
      });
      // THEN
      const template = resource(synth, 'aws_fis_experiment_template', 'fault_injection_incident_stop_instances');
      expect(template.target[0].resource_tag[0].value).toBe('${aws_autoscaling_group.asg.name}');
      expect(template.stop_condition).toEqual([{ source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_metric_alarm.alarm.arn}' }]);
      expect(statement(synth, 'StopAndStartFleetInstances')?.Condition.StringEquals['aws:ResourceTag/aws:autoscaling:groupName']).toEqual([
        '${aws_autoscaling_group.asg.name}',
      ]);
    });

    test('adding a module adds a template and leaves the existing addresses alone', () => {
      // GIVEN
      const before = addresses(synthFis());
      // WHEN
      const after = addresses(
        synthFis({ fleets: { ...BASE_PROPS.fleets, problem: { autoscalingGroupName: 'prod-us-east-1-problem' } } }),
      );
      // THEN
      expect(after).toEqual(expect.arrayContaining(before));
      expect(after.filter((a) => !before.includes(a))).toEqual(['aws_fis_experiment_template.fault_injection_problem_stop_instances']);
    });

    test('two instances in one stack do not clash', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new FaultInjection(scope, 'fis-a', BASE_PROPS);
        new FaultInjection(scope, 'fis-b', { ...BASE_PROPS, name: 'prod-us-east-1-b' });
      });
      // THEN
      expect(Object.keys(resources(synth, 'aws_fis_experiment_template'))).toHaveLength(4);
      expect(Object.keys(resources(synth, 'aws_iam_role')).sort()).toEqual(['fis_a', 'fis_b']);
    });
  });

  describe('throws', () => {
    test('with every problem at once, in the order of the props', () => {
      // GIVEN a bad account, a stop condition of another region, a bad percentage and an AZ of another region
      // THEN one error lists all four, ending in one period
      expect(
        makeFis({
          accountId: '42',
          stopConditionAlarmArns: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x'],
          stopInstancesPercent: 0,
          azOutage: { availabilityZone: 'eu-west-1a', subnetIds: SUBNETS_1A },
        }),
      ).toThrow(
        /^FaultInjection [^:]+: accountId "42" is invalid; .+; stop-condition alarm ".+" is in region eu-west-1, but the experiments run in us-east-1; .+; stopInstancesPercent 0 is invalid; .+; azOutage\.availabilityZone "eu-west-1a" is not in region "us-east-1"; use an AZ of that region, e\.g\. "us-east-1a"\.$/,
      );
    });

    test('without stop conditions, with a fix-it message', () => {
      expect(makeFis({ stopConditionAlarmArns: [] })).toThrow(
        /FaultInjection .*fault-injection: stopConditionAlarmArns is empty; a fault experiment needs at least one stop condition.*compositeAlarmArns/,
      );
    });

    test('with more stop conditions than FIS allows', () => {
      const arns = [1, 2, 3, 4, 5, 6].map((i) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:a${i}`);
      expect(makeFis({ stopConditionAlarmArns: arns })).toThrow(/6 entries; AWS FIS allows at most 5.*composite alarm/);
    });

    test('with a stop condition that is not an alarm ARN, or from another region, or listed twice', () => {
      expect(makeFis({ stopConditionAlarmArns: ['prod-us-east-1-incident'] })).toThrow(/"prod-us-east-1-incident" is not a CloudWatch alarm ARN/);
      expect(makeFis({ stopConditionAlarmArns: ['arn:aws:cloudwatch:us-west-2:123456789012:alarm:x'] })).toThrow(
        /is in region us-west-2, but the experiments run in us-east-1/,
      );
      expect(makeFis({ stopConditionAlarmArns: [ALARM_ALB, ALARM_ALB] })).toThrow(/lists ".*alb" twice/);
    });

    test.each([0, 150, 12.5])('with stopInstancesPercent %p', (percent) => {
      expect(makeFis({ stopInstancesPercent: percent })).toThrow(
        new RegExp(`stopInstancesPercent ${percent} is invalid; pass a whole percentage from 1 to 100`),
      );
    });

    test.each([0, 721, 1.5])('with stopDurationMinutes %p', (minutes) => {
      expect(makeFis({ stopDurationMinutes: minutes })).toThrow(new RegExp(`stopDurationMinutes ${minutes} is invalid; pass whole minutes from 1 to 720`));
    });

    test('with an azOutage that has no subnets', () => {
      expect(makeFis({ azOutage: { availabilityZone: 'us-east-1a', subnetIds: [] } })).toThrow(
        /azOutage.subnetIds is empty; pass the subnets of us-east-1a/,
      );
    });

    test('with an azOutage in another region, with a bad subnet id, or a bad duration', () => {
      expect(makeFis({ azOutage: { availabilityZone: 'eu-west-1a', subnetIds: SUBNETS_1A } })).toThrow(
        /availabilityZone "eu-west-1a" is not in region "us-east-1"/,
      );
      expect(makeFis({ azOutage: { availabilityZone: 'us-east-1a', subnetIds: ['sn-1'] } })).toThrow(/"sn-1" is not a subnet id/);
      expect(makeFis({ azOutage: { availabilityZone: 'us-east-1a', subnetIds: SUBNETS_1A, durationMinutes: 0 } })).toThrow(
        /azOutage.durationMinutes 0 is invalid/,
      );
    });

    test.each(['Incident', 'service_catalog', '1st', ''])('with module name %p', (module) => {
      expect(makeFis({ fleets: { [module]: { autoscalingGroupName: 'prod-us-east-1-x' } } })).toThrow(
        new RegExp(`fleets key "${module}" is not a module name; use lower-case kebab-case`),
      );
    });

    test('when two modules name the same autoscaling group', () => {
      expect(
        makeFis({ fleets: { incident: { autoscalingGroupName: 'asg-1' }, change: { autoscalingGroupName: 'asg-1' } } }),
      ).toThrow(/both name autoscaling group "asg-1"/);
    });

    test('when there is nothing to drill', () => {
      expect(makeFis({ fleets: {} })).toThrow(/nothing to drill: fleets is empty and azOutage is not set/);
    });

    test('with an invalid name, retention or key ARN', () => {
      expect(makeFis({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid/);
      expect(makeFis({ logRetentionDays: 42 })).toThrow(/logRetentionDays 42 is not accepted by CloudWatch Logs/);
      expect(makeFis({ logsKmsKeyArn: 'alias/logs' })).toThrow(/logsKmsKeyArn "alias\/logs" is not a KMS key ARN/);
    });
  });
});
