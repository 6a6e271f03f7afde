/**
 * Singletons' replacement paths in the synthesized stacks: in production each singleton group of the region where
 * it runs keeps a warm spare (a warm pool of one stopped instance, a launch hook); the standby region's zero-size
 * groups and every non-production group relaunch (no warm pool, no hook). Each singleton still runs exactly once.
 * Parts under a lease (the default blueprint's application.singletonLease) have no group at all: the fleet that
 * serves their module runs them, its user data names them, and a heartbeat alarm watches the lease.
 */
import { Blueprint } from '../../model/schema';
import { defaultStacks, repoProject, synthStacks, TerraformJson, withBlueprint, withEnvironment } from './helpers';

type Body = Record<string, unknown>;

const leased = defaultStacks();
/** The default blueprint without its lease: each singleton part in a one-instance group of its own. */
const withoutLease = (b: Blueprint): Blueprint => {
  const { singletonLease: _lease, ...application } = b.application;
  return { ...b, application };
};
const stacks: Record<string, TerraformJson> = { ...synthStacks(withBlueprint(repoProject(), 'itsm-standard', withoutLease), ['prod', 'dev']), 'zammad-staging-eu-central-1': leased['zammad-staging-eu-central-1']! };
const SINGLETON_PARTS = ['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator'];

function groups(stack: string): Record<string, Body> {
  const json: TerraformJson | undefined = stacks[stack];
  if (!json) throw new Error(`no stack ${stack}`);
  return Object.fromEntries(Object.values(json.resource?.aws_autoscaling_group ?? {}).map((g) => [String(g.name), g]));
}

function hooks(stack: string): Body[] {
  return Object.values(stacks[stack]!.resource?.aws_autoscaling_lifecycle_hook ?? {});
}

describe('singleton replacement paths (the parts in groups of their own)', () => {
  test('production primary: every singleton group has a warm spare and a launch hook, and still runs one instance', () => {
    const byName = groups('prod-us-east-1');
    for (const part of SINGLETON_PARTS) {
      const group = byName[`prod-us-east-1-${part}`];
      expect(group).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, health_check_type: 'EC2' });
      expect(group!.warm_pool).toEqual({ pool_state: 'Stopped', min_size: 1, max_group_prepared_capacity: 2, instance_reuse_policy: { reuse_on_scale_in: false } });
    }
    // One hook per singleton group, and none elsewhere.
    const nameOf = Object.fromEntries(Object.entries(stacks['prod-us-east-1']!.resource!.aws_autoscaling_group!).map(([address, g]) => [address, String(g.name)]));
    const hooked = hooks('prod-us-east-1').map((h) => nameOf[/^\$\{aws_autoscaling_group\.([^.]+)\.name\}$/.exec(String(h.autoscaling_group_name))![1]!]);
    expect(hooked.sort()).toEqual(SINGLETON_PARTS.map((part) => `prod-us-east-1-${part}`).sort());
    expect(hooks('prod-us-east-1')).toHaveLength(SINGLETON_PARTS.length);
    expect(hooks('prod-us-east-1').every((h) => h.name === 'launch-ready' && h.lifecycle_transition === 'autoscaling:EC2_INSTANCE_LAUNCHING')).toBe(true);
    // The same hook is given at each group's creation, so the first spare is held too.
    for (const part of SINGLETON_PARTS) {
      const { autoscaling_group_name: _group, ...hook } = hooks('prod-us-east-1').find((h) => nameOf[/^\$\{aws_autoscaling_group\.([^.]+)\.name\}$/.exec(String(h.autoscaling_group_name))![1]!] === `prod-us-east-1-${part}`)!;
      expect(byName[`prod-us-east-1-${part}`]!.initial_lifecycle_hook).toEqual([hook]);
    }
    expect(byName['prod-us-east-1-shared']!.initial_lifecycle_hook).toBeUndefined();
    // Scaled fleets keep no warm pool of this kind: the shared fleet's is the slow-to-join one (cmdb is slow to
    // join), reused on scale-in and sized by the group, with no launch hook.
    expect(byName['prod-us-east-1-shared']!.warm_pool).toEqual({ pool_state: 'Stopped', min_size: 1, instance_reuse_policy: { reuse_on_scale_in: true } });
  });

  test("production standby: the zero-size singleton groups get no warm spare (the part runs once, in the primary)", () => {
    const byName = groups('prod-us-west-2');
    for (const part of SINGLETON_PARTS) {
      const group = byName[`prod-us-west-2-${part}`];
      expect(group).toMatchObject({ min_size: 0, max_size: 1, desired_capacity: 0 });
      expect(group!.warm_pool).toBeUndefined();
    }
    expect(hooks('prod-us-west-2')).toEqual([]);
  });

  test.each([
    ['dev-us-east-1', SINGLETON_PARTS],
    // Zammad's scheduler (a part) and its websocket server (a singleton module).
    ['zammad-staging-eu-central-1', ['zammad-scheduler', 'websocket']],
  ])('non-production %s relaunches: no warm spare, no hook', (stack, fleets) => {
    const byName = groups(stack);
    const singletonGroups = fleets.map((fleet) => byName[`${stack}-${fleet}`]);
    expect(singletonGroups.every((g) => g !== undefined && g.max_size === 1)).toBe(true);
    for (const group of singletonGroups) expect(group!.warm_pool).toBeUndefined();
    expect(hooks(stack)).toEqual([]);
  });
});

/** The groups a stack's spare alarms watch (the group's name, through its reference), by alarm name → [group, minutes]. */
function spareAlarms(json: TerraformJson): Record<string, [string, number]> {
  const groupNames = json.resource?.aws_autoscaling_group ?? {};
  const nameOf = (reference: string) => String(groupNames[/^\$\{aws_autoscaling_group\.([^.]+)\.name\}$/.exec(reference)?.[1] ?? '']?.name ?? reference);
  return Object.fromEntries(
    Object.values(json.resource?.aws_cloudwatch_metric_alarm ?? {})
      .filter((a) => a.metric_name === 'WarmPoolWarmedCapacity')
      .map((a) => [String(a.alarm_name), [nameOf((a.dimensions as Record<string, string>).AutoScalingGroupName!), Number(a.evaluation_periods)]]),
  );
}

/** The groups of a stack that keep a singleton's warm spare (no reuse on scale-in). */
function spareGroups(json: TerraformJson): string[] {
  return Object.values(json.resource?.aws_autoscaling_group ?? {})
    .filter((g) => (g.warm_pool as { instance_reuse_policy?: { reuse_on_scale_in?: boolean } } | undefined)?.instance_reuse_policy?.reuse_on_scale_in === false)
    .map((g) => String(g.name))
    .sort();
}

describe('a missing warm spare pages', () => {
  test('prod-us-east-1: one spare alarm per warm spare, its window twice the start-up (300 s) and a stop, plus a minute, in its module\'s composite', () => {
    const json = stacks['prod-us-east-1']!;
    const alarms = spareAlarms(json);
    expect(Object.values(alarms).map(([group]) => group).sort()).toEqual(spareGroups(json));
    // 2 × ⌈(300 + 120) / 60⌉ + 1 = 15 minutes
    expect(alarms['prod-us-east-1-incident-sla-timer-spare']).toEqual(['prod-us-east-1-incident-sla-timer', 15]);
    const composite = Object.values(json.resource!.aws_cloudwatch_composite_alarm!).find((c) => c.alarm_name === 'prod-us-east-1-incident')!;
    expect(String(composite.alarm_rule)).toContain('incident_sla_timer_spare');
  });

  test.each(['prod-us-west-2', 'dev-us-east-1'])('%s keeps no spare, so watches none', (stack) => {
    expect(spareAlarms(stacks[stack]!)).toEqual({});
  });
});

describe('a production singleton module (behind the load balancer)', () => {
  // GIVEN Zammad (its websocket server is a singleton module, its scheduler a part) as a production environment
  const production = synthStacks(withEnvironment(repoProject(), 'zammad-staging', (e) => ({ ...e, tier: 'production' })), ['zammad-staging']);
  const stack = production['zammad-staging-eu-central-1']!;
  const byName = Object.fromEntries(Object.values(stack.resource!.aws_autoscaling_group!).map((g) => [String(g.name), g]));

  test('keeps its target group and ELB health check, and gets a warm spare like the part', () => {
    const socket = byName['zammad-staging-eu-central-1-websocket']!;
    expect(socket).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, health_check_type: 'ELB' });
    expect(socket.target_group_arns).toHaveLength(1);
    expect(socket.warm_pool).toMatchObject({ pool_state: 'Stopped', min_size: 1, max_group_prepared_capacity: 2 });
    expect(byName['zammad-staging-eu-central-1-zammad-scheduler']!.warm_pool).toMatchObject({ pool_state: 'Stopped', min_size: 1 });
    expect(Object.values(stack.resource!.aws_autoscaling_lifecycle_hook!)).toHaveLength(2);
    // The scaled Rails fleet is not a singleton: no spare.
    expect(byName['zammad-staging-eu-central-1-zammad']!.warm_pool).toBeUndefined();
  });

  test('its spare is watched like a part\'s', () => {
    expect(Object.keys(spareAlarms(stack)).sort()).toEqual(['zammad-staging-eu-central-1-websocket-spare', 'zammad-staging-eu-central-1-zammad-scheduler-spare']);
    expect(Object.values(spareAlarms(stack)).map(([group]) => group).sort()).toEqual(spareGroups(stack));
  });
});

describe('singleton parts under a lease (the default blueprint)', () => {
  const LEASED_STACKS = ['dev-us-east-1', 'staging-us-east-1', 'staging-us-west-2', 'prod-us-east-1', 'prod-us-west-2'];
  const resource = (stack: string, type: string): Record<string, Body> => (leased[stack]!.resource?.[type] ?? {}) as Record<string, Body>;
  const userData = (stack: string, fleet: string): string => {
    const template = Object.values(resource(stack, 'aws_launch_template')).find((t) => String(t.name).startsWith(`${stack}-${fleet}`))!;
    return Buffer.from(String(template.user_data), 'base64').toString('utf8');
  };

  test.each(LEASED_STACKS)('%s: no group, warm spare or launch hook of their own; the shared fleet is the one group', (stack) => {
    const byName = Object.fromEntries(Object.values(resource(stack, 'aws_autoscaling_group')).map((g) => [String(g.name), g]));
    expect(Object.keys(byName)).toEqual([`${stack}-shared`]);
    expect(Object.values(resource(stack, 'aws_autoscaling_lifecycle_hook'))).toEqual([]);
    for (const part of SINGLETON_PARTS) expect(Object.values(resource(stack, 'aws_launch_template')).some((t) => String(t.name).includes(part))).toBe(false);
  });

  test.each(LEASED_STACKS)("%s: the shared fleet's user data names the parts and the lease, and starts the server with them", (stack) => {
    const text = userData(stack, 'shared');
    expect(text).toContain(`SINGLETON_PARTS='${SINGLETON_PARTS.join(' ')}'`);
    expect(text).toContain("SINGLETON_LEASE_SECONDS='30'");
    expect(text).toContain('--singleton-parts ${SINGLETON_PARTS// /,} --singleton-lease-seconds ${SINGLETON_LEASE_SECONDS}');
  });

  test('prod-us-east-1 (the primary): a silent heartbeat alarm per part, missing data breaching, in its module\'s paging composite', () => {
    const alarms = Object.values(resource('prod-us-east-1', 'aws_cloudwatch_metric_alarm'));
    const lease = alarms.filter((a) => String(a.alarm_name).endsWith('-lease'));
    expect(lease.map((a) => a.alarm_name).sort()).toEqual(SINGLETON_PARTS.map((part) => `prod-us-east-1-${part}-lease`).sort());
    const timer = lease.find((a) => a.alarm_name === 'prod-us-east-1-incident-sla-timer-lease')!;
    expect(timer).toMatchObject({
      namespace: 'itsm-scale/prod',
      metric_name: 'SingletonLeaseHeld',
      dimensions: { Part: 'incident-sla-timer' },
      statistic: 'Maximum',
      period: 60,
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
      // 30 s lease + 10 s renewal + 30 s heartbeat → 2 minutes, + 1: a takeover does not page
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
    });
    expect(timer.alarm_actions).toBeUndefined();
    // The parts' in-service and CPU alarms are gone with their groups.
    expect(alarms.some((a) => /sla-timer-(in-service|cpu)$/.test(String(a.alarm_name)))).toBe(false);
    const incident = Object.values(resource('prod-us-east-1', 'aws_cloudwatch_composite_alarm')).find((c) => c.alarm_name === 'prod-us-east-1-incident')!;
    expect(String(incident.alarm_rule)).toContain('ALARM("${aws_cloudwatch_metric_alarm.monitoring_incident_sla_timer_lease.alarm_name}")');
    expect(String(incident.alarm_description)).toContain('singleton parts incident-sla-timer holding their lease');
  });

  test('prod-us-west-2 (the standby): the parts run there too, but no lease is held, so no lease alarm', () => {
    const alarms = Object.values(resource('prod-us-west-2', 'aws_cloudwatch_metric_alarm'));
    expect(alarms.filter((a) => String(a.alarm_name).endsWith('-lease'))).toEqual([]);
  });

  test('the shared fleet may publish metrics to its environment\'s namespace only; a fleet without parts may not', () => {
    const policies = Object.values(resource('prod-us-east-1', 'aws_iam_role_policy')).map((p) => JSON.parse(String(p.policy)) as { Statement: Body[] });
    const publishing = policies.flatMap((p) => p.Statement).filter((st) => JSON.stringify(st.Action).includes('cloudwatch:PutMetricData'));
    expect(publishing).toEqual([{ Sid: 'PublishOwnMetrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'itsm-scale/prod' } } }]);
    const own = Object.values((stacks['prod-us-east-1']!.resource?.aws_iam_role_policy ?? {}) as Record<string, Body>).map((p) => String(p.policy));
    expect(own.some((p) => p.includes('cloudwatch:PutMetricData'))).toBe(false);
  });
});
