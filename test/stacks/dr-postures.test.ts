import { coreStacks, repoProject, resourcesOf, synthStacks, TerraformJson, withEnvironment } from './helpers';
import { loadPlannableProject } from '../../cli/project';
import { InputError } from '../../model/problems';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers';

type Resources = NonNullable<TerraformJson['resource']>;
const byType = (json: TerraformJson, type: string) => (json.resource as Resources | undefined)?.[type] ?? {};
const groups = (json: TerraformJson) => Object.values(byType(json, 'aws_autoscaling_group'));

describe('DR posture → resources per region', () => {
  const stacks = coreStacks();

  test('the default environments take the posture their service levels demand', () => {
    const posture = (env: string) => (stacks[`${env}-global`]!.output as Record<string, { value: string }>).dr_posture!.value;
    expect([posture('dev'), posture('staging'), posture('prod')]).toEqual(['backup-restore', 'pilot-light', 'warm-standby']);
  });

  test('backup & restore (dev): one serving region, simple DNS record, regional clusters', () => {
    expect(byType(stacks['dev-us-east-1']!, 'aws_rds_global_cluster')).toEqual({});
    const records = Object.values(byType(stacks['dev-global']!, 'aws_route53_record'));
    expect(records).toHaveLength(1);
    expect(records[0]).not.toHaveProperty('failover_routing_policy');
  });

  test('pilot light (staging): the standby has headless global secondaries, a load balancer and no running instances', () => {
    const standby = stacks['staging-us-west-2']!;
    expect(groups(standby).length).toBeGreaterThan(0);
    for (const group of groups(standby)) expect({ min: group.min_size, desired: group.desired_capacity }).toEqual({ min: 0, desired: 0 });
    expect(byType(standby, 'aws_rds_cluster_instance')).toEqual({});
    for (const cluster of Object.values(byType(standby, 'aws_rds_cluster'))) {
      expect(cluster.global_cluster_identifier).toMatch(/^staging-[a-z]+-shard-\d{2}$/);
      expect(cluster).not.toHaveProperty('master_username');
    }
    expect(Object.keys(byType(standby, 'aws_lb'))).toHaveLength(1);
    expect(byType(standby, 'aws_fis_experiment_template')).toEqual({});
  });

  test('warm standby (prod): standby fleets at a floor of one, one instance per secondary shard, failover records', () => {
    const standby = stacks['prod-us-west-2']!;
    const serving = groups(standby).filter((g) => Number(g.max_size) > 1);
    expect(serving.length).toBeGreaterThan(0);
    for (const group of serving) expect({ min: group.min_size, desired: group.desired_capacity }).toEqual({ min: 1, desired: 1 });
    const clusters = Object.keys(byType(standby, 'aws_rds_cluster'));
    expect(Object.keys(byType(standby, 'aws_rds_cluster_instance'))).toHaveLength(clusters.length);
    const policies = Object.values(byType(stacks['prod-global']!, 'aws_route53_record')).map((r) => (r.failover_routing_policy as { type: string }[] | undefined)?.[0]?.type ?? (r.failover_routing_policy as { type: string } | undefined)?.type);
    expect(policies.sort()).toEqual(['PRIMARY', 'SECONDARY']);
  });

  test('the primary of a global posture holds the global clusters, with deletion protection', () => {
    const globals = Object.values(byType(stacks['prod-us-east-1']!, 'aws_rds_global_cluster'));
    expect(globals.length).toBe(Object.keys(byType(stacks['prod-us-east-1']!, 'aws_rds_cluster')).length);
    for (const global of globals) expect(global).toMatchObject({ deletion_protection: true, storage_encrypted: true, lifecycle: { prevent_destroy: true } });
  });

  test('singleton parts run once across regions: under a lease held in the primary only (no group of their own anywhere)', () => {
    const singletons = (json: TerraformJson) => groups(json).filter((g) => g.max_size === 1);
    const leaseAlarms = (json: TerraformJson) => Object.keys(byType(json, 'aws_cloudwatch_metric_alarm')).filter((id) => id.endsWith('_lease'));
    expect(singletons(stacks['prod-us-east-1']!)).toEqual([]);
    expect(singletons(stacks['prod-us-west-2']!)).toEqual([]);
    expect(leaseAlarms(stacks['prod-us-east-1']!)).toHaveLength(3);
    expect(leaseAlarms(stacks['prod-us-west-2']!)).toEqual([]);
  });

  test('drills (FIS) exist in serving regions only, stopped by alarms', () => {
    const templates = Object.values(byType(stacks['prod-us-east-1']!, 'aws_fis_experiment_template'));
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) expect((template.stop_condition as unknown[]).length).toBeGreaterThan(0);
    expect(byType(stacks['prod-us-west-2']!, 'aws_fis_experiment_template')).toEqual({});
  });

  test('active/active: every region serves at full size, secondaries forward writes, latency records for every region', () => {
    const project = withEnvironment(repoProject(), 'prod', (env) => ({ ...env, serviceLevels: { rtoMinutes: 5, rpoMinutes: 1 } }));
    const active = synthStacks(project, ['prod']);
    expect((active['prod-global']!.output as Record<string, { value: string }>).dr_posture!.value).toBe('active-active');
    const records = Object.values(byType(active['prod-global']!, 'aws_route53_record'));
    expect(records.map((r) => (r.latency_routing_policy as { region: string } | undefined)?.region).sort()).toEqual(['us-east-1', 'us-west-2']);
    for (const record of records) expect(record.health_check_id).toBeDefined();
    for (const cluster of Object.values(byType(active['prod-us-west-2']!, 'aws_rds_cluster'))) expect(cluster.enable_global_write_forwarding).toBe(true);
    const primaryMax = groups(active['prod-us-east-1']!).map((g) => [g.name, g.max_size]);
    const secondaryMax = groups(active['prod-us-west-2']!).map((g) => [String(g.name).replace('us-west-2', 'us-east-1'), g.max_size]);
    expect(secondaryMax).toEqual(primaryMax);
    expect(Object.keys(byType(active['prod-us-west-2']!, 'aws_fis_experiment_template')).length).toBeGreaterThan(0);
  });

  test('no regional stack contains anything of another region', () => {
    for (const [name, json] of Object.entries(stacks)) {
      if (name.endsWith('-global')) continue;
      const region = name.replace(/^[a-z]+-/, '');
      const others = ['us-east-1', 'us-west-2'].filter((r) => r !== region);
      for (const [address, body] of resourcesOf(json)) {
        const { description: _prose, ...rest } = body; // descriptions may name the destination for people
        const text = JSON.stringify(rest);
        for (const other of others) {
          // Derived names of the other region are allowed only as copy/replication destinations.
          if (text.includes(other)) expect({ address, other, allowed: /backup-vault:|arn:aws:s3:::|alias\// .test(text) }).toEqual({ address, other, allowed: true });
        }
      }
    }
  });
});

describe('service levels the regions cannot meet', () => {
  test('an RPO of one minute with a single region is rejected with what is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'itsm-dr-'));
    cpSync(join(REPO_ROOT, 'blueprints'), join(root, 'blueprints'), { recursive: true });
    cpSync(join(REPO_ROOT, 'environments'), join(root, 'environments'), { recursive: true });
    const file = join(root, 'environments', 'dev.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('rpoMinutes: 1440', 'rpoMinutes: 1'));
    let error: unknown;
    try {
      loadPlannableProject({ root });
    } catch (caught) {
      error = caught;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'serviceLevels: RTO 1440 min / RPO 1 min need pilot light (RTO 45 min, RPO 1 min), which needs a second region: add one under regions.secondaries, or relax serviceLevels to at least RTO 240 min and RPO 60 min',
    ]);
  });

  test('an RTO no posture reaches is rejected with the best achievable', () => {
    const project = repoProject();
    const prod = withEnvironment(project, 'prod', (env) => ({ ...env, serviceLevels: { rtoMinutes: 1, rpoMinutes: 1 } }));
    expect(() => synthStacks(prod, ['prod'])).toThrow(/no DR posture meets RTO 1 min \/ RPO 1 min; the best, multi-site active\/active, achieves RTO 5 min and RPO 1 min/);
  });
});

describe('a primary region other than us-east-1', () => {
  test('the global stack reads Route 53 health-check metrics through an aliased us-east-1 provider', () => {
    const project = withEnvironment(repoProject(), 'prod', (env) => ({
      ...env,
      regions: { ...env.regions, primary: { ...env.regions.primary, name: 'eu-west-1' } },
      dns: {
        ...env.dns,
        certificateArns: {
          'eu-west-1': 'arn:aws:acm:eu-west-1:333333333333:certificate/33333333-3333-4333-8333-333333333335',
          'us-west-2': env.dns.certificateArns['us-west-2']!,
        },
      },
    }));
    const stacks = synthStacks(project, ['prod']);
    const global = stacks['prod-global']!;
    const providers = global.provider!.aws as Array<{ region: string; alias?: string }>;
    expect(providers.map((p) => [p.region, p.alias ?? null])).toEqual([
      ['eu-west-1', null],
      ['us-east-1', 'route53_metrics'],
    ]);
    for (const alarm of Object.values(byType(global, 'aws_cloudwatch_metric_alarm'))) expect(alarm.provider).toBe('aws.route53_metrics');
    expect(Object.keys(stacks).sort()).toEqual(['prod-eu-west-1', 'prod-global', 'prod-us-west-2']);
  });
});
