/**
 * Where the shared services of the product profiles live across regions, per DR posture: what the primary and each
 * other region get of the cache (standalone, reduced, or a Global Datastore secondary), of the search domain (a
 * standby domain that re-indexes from the promoted database) and of the shared file system (an EFS replica).
 * jsm-prod (pilot light) and zammad-staging (one region) as the repository has them, and zammad-staging grown into a
 * warm standby over three regions (a Global Datastore takes two secondaries; the third region gets its own cache).
 */
import { planCapacity, PlanError } from '../../capacity/plan';
import { failoverRunbook } from '../../report/runbook';
import { Environment } from '../../model/schema';
import { resolveEnvironment } from '../../model/load';
import { Json } from '../json';
import { repoProject, synthStacks, withBlueprint, withEnvironment } from './helpers';

jest.setTimeout(120_000);

const project = repoProject();
const GLOBAL_ID_PARAMETER = '/itsm-scale/elasticache/global-datastore/zammad-staging-cache/id';

function of(json: Json, type: string): Record<string, Json> {
  return (json.resource?.[type] ?? {}) as Record<string, Json>;
}

/** zammad-staging with a standby in each of `secondaries` and service levels that need a warm standby. */
function warmStandby(secondaries: readonly string[]) {
  return withEnvironment(project, 'zammad-staging', (env) => {
    const certificateArns = { ...env.dns.certificateArns };
    const regions = secondaries.map((name, index) => {
      certificateArns[name] = `arn:aws:acm:${name}:555555555555:certificate/55555555-5555-4555-8555-55555555555${index + 6}`;
      return { name, vpcCidr: `10.${65 + index}.0.0/16`, availabilityZones: ['a', 'b'] };
    });
    return {
      ...env,
      regions: { ...env.regions, secondaries: regions },
      dns: { ...env.dns, certificateArns },
      // Minutes of RTO: pilot light (45 min) is too slow, warm standby (15 min) fits.
      serviceLevels: { ...env.serviceLevels, rtoMinutes: 30, rpoMinutes: 5 },
    } as Environment;
  });
}

describe('jsm-prod (pilot light): search and shared home across regions', () => {
  const stacks = synthStacks(project, ['jsm-prod']) as Record<string, Json>;
  const plan = planCapacity(resolveEnvironment(project, 'jsm-prod'));

  test('the standby region gets a domain of the primary\'s shape and a read-only replica of the shared home; no cache anywhere', () => {
    expect(plan.dr.posture).toBe('pilot-light');
    const primary = of(stacks['jsm-prod-us-east-1']!, 'aws_opensearch_domain').search!;
    const standby = of(stacks['jsm-prod-us-west-2']!, 'aws_opensearch_domain').search!;
    expect(standby.domain_name).toBe('jsm-prod-usw2-search');
    expect(standby.cluster_config).toEqual(primary.cluster_config);
    expect(of(stacks['jsm-prod-us-west-2']!, 'aws_efs_replication_configuration').shared_fs).toMatchObject({ region: 'us-east-1' });
    for (const json of Object.values(stacks)) expect(Object.keys(json.resource ?? {}).filter((t) => t.startsWith('aws_elasticache'))).toEqual([]);
  });

  test('no search data crosses regions: no cross-cluster connection, and the plan says the standby re-indexes from the database', () => {
    for (const json of Object.values(stacks)) {
      expect(Object.keys(json.resource ?? {}).filter((t) => /opensearch_(outbound|inbound)_connection/.test(t))).toEqual([]);
    }
    expect(plan.sharedServices!.search!.reasoning.join('\n')).toMatch(/re-index.*from the promoted database/);
    // Pilot light: the runbook re-indexes after recovery; there is no cache to promote.
    const steps = failoverRunbook(plan).failover;
    expect(steps.filter((s) => s.title.startsWith('Rebuild the search index')).map((s) => [s.title, s.timing])).toEqual([
      ['Rebuild the search index on jsm-prod-usw2-search from the promoted database', 'after-recovery'],
    ]);
    expect(steps.some((s) => s.title.includes('Global Datastore'))).toBe(false);
  });
});

describe('zammad-staging (backup & restore, one region): a standalone cache', () => {
  const stacks = synthStacks(project, ['zammad-staging']) as Record<string, Json>;

  test('one replication group, no Global Datastore and no id parameter', () => {
    const primary = stacks['zammad-staging-eu-central-1']!;
    expect(Object.keys(of(primary, 'aws_elasticache_replication_group'))).toEqual(['cache']);
    expect(of(primary, 'aws_elasticache_replication_group').cache).toMatchObject({ engine: 'valkey', transit_encryption_mode: 'required' });
    expect(of(primary, 'aws_elasticache_replication_group').cache!.lifecycle).toEqual({ prevent_destroy: true });
    expect(of(primary, 'aws_elasticache_global_replication_group')).toEqual({});
    expect(Object.keys(of(primary, 'aws_ssm_parameter')).filter((name) => name.startsWith('cache_'))).toEqual([]);
  });
});

describe('zammad-staging grown into a warm standby over three regions', () => {
  const grown = warmStandby(['eu-west-1', 'eu-west-3', 'eu-north-1']);
  const stacks = synthStacks(grown, ['zammad-staging']) as Record<string, Json>;
  const plan = planCapacity(resolveEnvironment(grown, 'zammad-staging'));
  const group = (region: string) => of(stacks[`zammad-staging-${region}`]!, 'aws_elasticache_replication_group').cache!;

  test('the planner picks a Global Datastore node type even outside production (no burstable t4g), and says why', () => {
    expect(plan.dr.posture).toBe('warm-standby');
    const cache = plan.sharedServices!.cache!;
    expect(cache).toMatchObject({ standby: 'replica', nodeType: 'cache.m7g.large' });
    expect(cache.reasoning.join('\n')).toMatch(/Global Datastore/);
  });

  test('the primary (eu-central-1) creates the datastore and publishes its id in the two secondary regions', () => {
    const primary = stacks['zammad-staging-eu-central-1']!;
    expect(of(primary, 'aws_elasticache_global_replication_group').cache_global).toMatchObject({
      global_replication_group_id_suffix: 'zammad-staging-cache',
      primary_replication_group_id: '${aws_elasticache_replication_group.cache.replication_group_id}',
      cache_node_type: 'cache.m7g.large',
    });
    const parameters = of(primary, 'aws_ssm_parameter');
    expect(Object.keys(parameters).filter((name) => name.startsWith('cache_')).sort()).toEqual(['cache_global_id_eu_west_1', 'cache_global_id_eu_west_3']);
    expect([parameters.cache_global_id_eu_west_1!.region, parameters.cache_global_id_eu_west_3!.region]).toEqual(['eu-west-1', 'eu-west-3']);
    expect(parameters.cache_global_id_eu_west_1!.name).toBe(GLOBAL_ID_PARAMETER);
  });

  test('the first two other regions join as read-only secondaries, by the id read in their own region', () => {
    for (const region of ['eu-west-1', 'eu-west-3']) {
      const json = stacks[`zammad-staging-${region}`]!;
      expect(group(region)).toMatchObject({ replication_group_id: `zammad-staging-${region}-cache`, global_replication_group_id: '${data.aws_ssm_parameter.cache_global_id.value}', replicas_per_node_group: 1 });
      expect(group(region).node_type).toBeUndefined();
      expect((json as Json).data.aws_ssm_parameter.cache_global_id).toEqual({ name: GLOBAL_ID_PARAMETER });
      // Nothing in a secondary's stack refers to another region: it plans while the primary region is down.
      expect(JSON.stringify(json.resource?.aws_elasticache_replication_group)).not.toContain('eu-central-1"');
      expect(of(json, 'aws_elasticache_global_replication_group')).toEqual({});
    }
  });

  test('the third other region (beyond the datastore\'s two) gets an empty cache of its own, of the same shape', () => {
    expect(group('eu-north-1')).toMatchObject({ engine: 'valkey', node_type: 'cache.m7g.large', replicas_per_node_group: 1, transit_encryption_mode: 'required' });
    expect(group('eu-north-1').global_replication_group_id).toBeUndefined();
    expect((stacks['zammad-staging-eu-north-1'] as Json).data?.aws_ssm_parameter?.cache_global_id).toBeUndefined();
  });

  test('the websocket server waits at zero in every standby region, still in its target group, and the runbook starts it with the singletons', () => {
    for (const region of ['eu-west-1', 'eu-west-3', 'eu-north-1']) {
      expect(of(stacks[`zammad-staging-${region}`]!, 'aws_autoscaling_group').fleet_websocket).toMatchObject({
        min_size: 0,
        max_size: 1,
        desired_capacity: 0,
        target_group_arns: ['${aws_lb_target_group.alb_websocket.arn}'],
      });
    }
    // The Rails fleet of a warm standby keeps its reduced floor of one.
    expect(of(stacks['zammad-staging-eu-west-1']!, 'aws_autoscaling_group').fleet_zammad).toMatchObject({ min_size: 1 });
    const steps = failoverRunbook(plan).failover;
    const start = steps.find((s) => s.title.startsWith('Start the singletons in eu-west-1'))!;
    expect(start.commands.join('\n')).toContain('zammad-staging-eu-west-1-websocket');
    const scale = steps.find((s) => s.title.startsWith("Scale eu-west-1's fleets"))!;
    expect(scale.commands.join('\n')).not.toContain('-websocket');
  });

  test('the runbook promotes the cache\'s secondary beside the database failover, and re-indexes search after recovery', () => {
    const steps = failoverRunbook(plan).failover;
    const cache = steps.find((s) => s.title.includes("Global Datastore secondary"))!;
    expect(cache).toMatchObject({ actor: 'operator', timing: 'parallel', budgetMinutes: 0 });
    expect(cache.commands).toEqual([
      `export CACHE_GLOBAL_ID=$(aws ssm get-parameter --region eu-west-1 --name ${GLOBAL_ID_PARAMETER} --query Parameter.Value --output text)`,
      'aws elasticache failover-global-replication-group --region eu-west-1 --global-replication-group-id "$CACHE_GLOBAL_ID" --primary-region eu-west-1 --primary-replication-group-id zammad-staging-eu-west-1-cache',
    ]);
    const search = steps.find((s) => s.title.startsWith('Rebuild the search index'))!;
    expect(search).toMatchObject({ title: 'Rebuild the search index on zammad-staging-euw1-search from the promoted database', timing: 'after-recovery' });
    expect(search.explanation).toContain('zammad run rake zammad:searchindex:rebuild');
    // Neither adds to the RTO budget.
    expect(failoverRunbook(plan).totals.failoverMinutes).toBe(steps.filter((s) => s.timing === 'sequential').reduce((sum, s) => sum + s.budgetMinutes, 0));
  });

  test('a blueprint that lists only burstable cache types cannot be planned into a Global Datastore: the error names the field', () => {
    const burstable = withBlueprint(grown, 'zammad', (bp) => {
      const cache = bp.sharedServices!.cache!;
      return { ...bp, sharedServices: { ...bp.sharedServices, cache: { ...cache, nodeTypes: [{ type: 'cache.t4g.medium', memoryGib: 3.09, operationsPerSecond: 40_000 }] } } };
    });
    let error: unknown;
    try {
      planCapacity(resolveEnvironment(burstable, 'zammad-staging'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).location).toEqual({ file: 'blueprint', path: ['sharedServices', 'cache', 'nodeTypes'] });
    expect((error as PlanError).message).toMatch(/Global Datastore cannot use \(cache\.t4g\.medium\), but the warm-standby posture .* of size large or above/);
  });
});
