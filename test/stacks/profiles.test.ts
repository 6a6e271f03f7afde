/**
 * The product profiles: Jira Service Management Data Center (jira-service-management, environment jsm-prod)
 * and Zammad (zammad, environment zammad-staging) validate, plan in every scenario, synthesize, pass the
 * policy pack, and get what the products need from the load balancer, the fleets and the database.
 */
import { App, Testing } from 'cdktf';
import { planCapacity } from '../../capacity/plan';
import { resolveEnvironment } from '../../model/load';
import { checkStackJson, isBlocking } from '../../policies';
import { buildStacks } from '../../stacks/build';
import { repoProject, synthStacks } from './helpers';

type Body = Record<string, unknown>;
type Json = { resource?: Record<string, Record<string, Body>>; data?: Record<string, Record<string, Body>> };

const project = repoProject();
const PROFILES = [
  { blueprint: 'jira-service-management', environment: 'jsm-prod' },
  { blueprint: 'zammad', environment: 'zammad-staging' },
];

function of(json: Json, type: string): Record<string, Body> {
  return json.resource?.[type] ?? {};
}

describe.each(PROFILES)('profile $blueprint ($environment)', ({ blueprint, environment }) => {
  test('validates, and plans every scenario with one database cluster', () => {
    expect(project.blueprints.has(blueprint)).toBe(true);
    expect(project.environments.get(environment)?.value.blueprint).toBe(blueprint);
    for (const scenario of Object.keys(project.blueprints.get(blueprint)!.value.scenarios)) {
      const plan = planCapacity({ ...resolveEnvironment(project, environment), scenario });
      for (const db of Object.values(plan.databases)) expect([db.sharding, db.shards, db.engine]).toEqual(['none', 1, 'aurora-postgresql']);
      expect(Object.keys(plan.fleets).length).toBeGreaterThan(0);
    }
  });

  test('synthesizes, and its stacks pass the policy pack with the findings its environment accepts', () => {
    const built = buildStacks(Testing.app() as App, project, { environments: [environment] });
    const stacks = built.flatMap((env) => [...env.regional, env.global]);
    expect(stacks.length).toBeGreaterThanOrEqual(2);
    const suppressions = project.environments.get(environment)!.value.policy.suppressions;
    const findings = stacks.flatMap((stack) => checkStackJson(stack.node.id, JSON.parse(JSON.stringify(stack.toTerraform())) as object, suppressions));
    expect(findings.filter(isBlocking).map((f) => `${f.stack} ${f.ruleId} ${f.address}`)).toEqual([]);
    // What is accepted, and only that: Zammad's password-less cache users (its Redis client sends no IAM token).
    expect(findings.filter((f) => f.suppressed).map((f) => `${f.ruleId} ${f.address}`)).toEqual(
      environment === 'zammad-staging' ? ['ITSM-ECA-006 aws_elasticache_user.cache_user_websocket', 'ITSM-ECA-006 aws_elasticache_user.cache_user_zammad'] : [],
    );
  });
});

describe('jira-service-management in jsm-prod', () => {
  const stacks = synthStacks(project, ['jsm-prod']) as Record<string, Json>;
  const primary = stacks['jsm-prod-us-east-1']!;

  test('one web application: every unmatched path goes to Jira, with sticky sessions on its own cookie and a long idle timeout', () => {
    const lb = of(primary, 'aws_lb').alb!;
    expect(lb.idle_timeout).toBe(600);
    const listener = of(primary, 'aws_lb_listener').alb_https!;
    expect(listener.default_action).toEqual([expect.objectContaining({ type: 'forward', target_group_arn: '${aws_lb_target_group.alb_jira.arn}' })]);
    expect(of(primary, 'aws_lb_target_group').alb_jira).toMatchObject({
      port: 8080,
      deregistration_delay: '120',
      stickiness: { type: 'app_cookie', enabled: true, cookie_name: 'JSESSIONID', cookie_duration: 43200 },
      health_check: expect.objectContaining({ path: '/status' }),
    });
  });

  test('slow-to-join nodes: long start-up, warm pool, health-check grace', () => {
    const group = of(primary, 'aws_autoscaling_group').fleet_jira!;
    expect(group).toMatchObject({ health_check_grace_period: 1200, default_instance_warmup: 900, warm_pool: expect.objectContaining({ pool_state: 'Stopped' }) });
  });

  test('the fleet boots Amazon Linux 2023 x86_64 with user data that installs Jira Service Management and mounts the shared home', () => {
    const userData = Buffer.from(String(of(primary, 'aws_launch_template').fleet_jira!.user_data), 'base64').toString('utf8');
    expect(userData).toContain('atlassian-servicedesk-');
    expect(userData).toContain("CONFIG_PATH='/itsm-scale/jsm-prod-us-east-1/config/jira'");
    expect(userData).toMatch(/mount "\$SHARED_HOME"/);
    expect(primary.data?.aws_ssm_parameter?.fleet_jira_image?.name).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
  });

  test('one PostgreSQL cluster with readers, a global database member in the standby region', () => {
    expect(Object.keys(of(primary, 'aws_rds_cluster'))).toEqual(['jira_shard_01']);
    expect(Object.keys(of(primary, 'aws_rds_cluster_instance')).sort()).toEqual(['jira_shard_01_reader_1', 'jira_shard_01_writer']);
    expect(of(stacks['jsm-prod-us-west-2']!, 'aws_rds_cluster').jira_shard_01).toMatchObject({ global_cluster_identifier: 'jsm-prod-jira-shard-01' });
  });
});

describe('zammad in zammad-staging', () => {
  const stacks = synthStacks(project, ['zammad-staging']) as Record<string, Json>;
  const primary = stacks['zammad-staging-eu-central-1']!;

  test('the Rails server serves every unmatched path, the websocket server /ws on 6042 with stickiness', () => {
    expect(of(primary, 'aws_lb').alb!.idle_timeout).toBe(900);
    expect(of(primary, 'aws_lb_listener').alb_https!.default_action).toEqual([expect.objectContaining({ target_group_arn: '${aws_lb_target_group.alb_zammad.arn}' })]);
    expect(of(primary, 'aws_lb_target_group').alb_websocket).toMatchObject({ port: 6042, stickiness: expect.objectContaining({ type: 'lb_cookie', enabled: true }) });
    const wsRules = Object.values(of(primary, 'aws_lb_listener_rule')).filter((r) => JSON.stringify(r.condition).includes('"/ws"'));
    expect(wsRules).toEqual([expect.objectContaining({ action: [expect.objectContaining({ target_group_arn: '${aws_lb_target_group.alb_websocket.arn}' })] })]);
  });

  test('the scheduler runs exactly once, on Graviton with an arm64 image, its user data picking the scheduler process', () => {
    const scheduler = of(primary, 'aws_autoscaling_group').fleet_zammad_scheduler!;
    expect(scheduler).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, target_group_arns: [] });
    const template = of(primary, 'aws_launch_template').fleet_zammad_scheduler!;
    expect(String(template.instance_type)).toMatch(/^m7g\./);
    expect(primary.data?.aws_ami?.fleet_zammad_scheduler?.filter).toContainEqual({ name: 'architecture', values: ['arm64'] });
    const userData = Buffer.from(String(template.user_data), 'base64').toString('utf8');
    expect(userData).toContain("ROLE='scheduler'");
    expect(userData).toContain('zammad/scheduler) COMMAND=zammad-scheduler');
  });

  test('the websocket server runs exactly once (Zammad allows one per installation) and still serves /ws through its target group', () => {
    expect(project.blueprints.get('zammad')!.value.modules.websocket!.singleton).toBe(true);
    expect(of(primary, 'aws_autoscaling_group').fleet_websocket).toMatchObject({
      min_size: 1,
      max_size: 1,
      desired_capacity: 1,
      target_group_arns: ['${aws_lb_target_group.alb_websocket.arn}'],
    });
    // No scaling of any kind, no warm pool, and a refresh replaces the one instance rather than running two.
    const policies = [...Object.keys(of(primary, 'aws_autoscaling_policy')), ...Object.keys(of(primary, 'aws_autoscaling_schedule'))];
    expect(policies.filter((name) => name.startsWith('fleet_websocket'))).toEqual([]);
    expect(of(primary, 'aws_autoscaling_group').fleet_websocket!.warm_pool).toBeUndefined();
    expect(of(primary, 'aws_autoscaling_group').fleet_websocket!.instance_refresh).toMatchObject({ preferences: expect.objectContaining({ min_healthy_percentage: 0 }) });
    // The Rails fleet still scales on load.
    expect(policies.filter((name) => name.startsWith('fleet_zammad_') && !name.startsWith('fleet_zammad_scheduler')).length).toBeGreaterThan(0);
    // Drills never stop the one websocket server.
    expect(JSON.stringify(of(primary, 'aws_fis_experiment_template'))).not.toContain('zammad-staging-eu-central-1-websocket');
  });

  test('attachments go to the module prefix of the region\'s bucket', () => {
    const config = JSON.parse(String(of(primary, 'aws_ssm_parameter').config_zammad_attachments!.value)) as Record<string, string>;
    expect(config).toEqual({ bucket: 'zammad-staging-eu-central-1-attachments-555555555555', prefix: 'zammad/', region: 'eu-central-1' });
  });
});
