/**
 * Singletons' replacement paths in the synthesized stacks: in production each singleton group of the region where
 * it runs keeps a warm spare (a warm pool of one stopped instance, a launch hook); the standby region's zero-size
 * groups and every non-production group relaunch (no warm pool, no hook). Each singleton still runs exactly once.
 */
import { defaultStacks, repoProject, synthStacks, TerraformJson, withEnvironment } from './helpers';

type Body = Record<string, unknown>;

const stacks = defaultStacks();
const SINGLETON_PARTS = ['incident-sla-timer', 'change-change-window-scheduler', 'cmdb-discovery-coordinator'];

function groups(stack: string): Record<string, Body> {
  const json: TerraformJson | undefined = stacks[stack];
  if (!json) throw new Error(`no stack ${stack}`);
  return Object.fromEntries(Object.values(json.resource?.aws_autoscaling_group ?? {}).map((g) => [String(g.name), g]));
}

function hooks(stack: string): Body[] {
  return Object.values(stacks[stack]!.resource?.aws_autoscaling_lifecycle_hook ?? {});
}

describe('singleton replacement paths', () => {
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
    ['staging-us-east-1', SINGLETON_PARTS],
    ['staging-us-west-2', SINGLETON_PARTS],
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
});
