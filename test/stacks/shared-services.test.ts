/**
 * The stacks build the shared services the blueprint asks for, placed by the DR posture, reachable only from the
 * fleets of the modules that use them, and passing the policy pack. The default blueprint asks for none (its
 * stacks are unchanged); these tests give it all three.
 */
import { App, Testing } from 'cdktf';
import { checkStackJson, isBlocking } from '../../policies';
import { Blueprint, BlueprintSchema } from '../../model/schema';
import { buildStacks } from '../../stacks/build';
import { RegionalStack } from '../../stacks/regional-stack';
import { mergeStatements } from '../../stacks/shared-services';
import { Json } from '../constructs/shared-service-fixtures';
import { repoProject, resourcesOf, synthStacks, TerraformJson, withBlueprint } from './helpers';

jest.setTimeout(120_000);

const SERVICES = {
  cache: { modules: ['incident', 'catalog'] },
  search: { modules: ['knowledge', 'incident'] },
  sharedFileSystem: { modules: ['cmdb'] },
};

const project = withBlueprint(repoProject(), 'itsm-standard', (bp) => BlueprintSchema.parse({ ...bp, sharedServices: SERVICES }) as Blueprint);

let stacks: Record<string, TerraformJson>;
beforeAll(() => {
  stacks = synthStacks(project, ['dev', 'staging', 'prod']);
});

function ofType(stack: string, type: string): Record<string, Json> {
  return (stacks[stack]!.resource?.[type] ?? {}) as Record<string, Json>;
}

describe('shared services in the stacks', () => {
  test('the default blueprint asks for none: its stacks have no cache, domain or file system', () => {
    const plain = synthStacks(repoProject(), ['prod']);
    for (const json of Object.values(plain)) {
      const types = Object.keys(json.resource ?? {});
      expect(types.filter((t) => /elasticache|opensearch|efs/.test(t))).toEqual([]);
    }
  });

  test('the primary builds the planned cache, domain and file system', () => {
    expect(Object.keys(ofType('prod-us-east-1', 'aws_elasticache_replication_group'))).toEqual(['cache']);
    expect(Object.keys(ofType('prod-us-east-1', 'aws_opensearch_domain'))).toEqual(['search']);
    expect(Object.keys(ofType('prod-us-east-1', 'aws_efs_file_system'))).toEqual(['shared_fs']);
    const cache = ofType('prod-us-east-1', 'aws_elasticache_replication_group').cache!;
    expect(cache).toMatchObject({ replication_group_id: 'prod-us-east-1-cache', replicas_per_node_group: 2, engine: 'valkey' });
    expect(cache.node_type).not.toMatch(/^cache\.t/);
    const domain = ofType('prod-us-east-1', 'aws_opensearch_domain').search!;
    expect(domain.cluster_config).toMatchObject({ dedicated_master_count: 3, zone_awareness_config: { availability_zone_count: 3 } });
  });

  test('warm standby (prod-us-west-2): a Global Datastore secondary of the cache, a full domain and a read-only replica of the primary\'s file system', () => {
    const secondary = ofType('prod-us-west-2', 'aws_elasticache_replication_group').cache!;
    expect(secondary).toMatchObject({
      replication_group_id: 'prod-us-west-2-cache',
      // The id AWS gave the datastore, read in this region where the primary published it.
      global_replication_group_id: '${data.aws_ssm_parameter.cache_global_id.value}',
      replicas_per_node_group: 1,
      multi_az_enabled: true,
      automatic_failover_enabled: true,
      kms_key_id: '${aws_kms_key.cache_key.arn}',
      user_group_ids: ['${aws_elasticache_user_group.cache.id}'],
      lifecycle: { prevent_destroy: true },
    });
    // Inherited from the datastore: the provider refuses them next to global_replication_group_id.
    for (const inherited of ['engine', 'engine_version', 'node_type', 'num_node_groups', 'cluster_mode', 'at_rest_encryption_enabled', 'transit_encryption_enabled', 'transit_encryption_mode', 'parameter_group_name']) {
      expect({ inherited, value: secondary[inherited] }).toEqual({ inherited, value: undefined });
    }
    expect((stacks['prod-us-west-2'] as Json).data.aws_ssm_parameter.cache_global_id).toEqual({ name: '/itsm-scale/elasticache/global-datastore/prod-cache/id' });
    expect(ofType('prod-us-west-2', 'aws_elasticache_global_replication_group')).toEqual({});

    expect(ofType('prod-us-west-2', 'aws_opensearch_domain').search!.cluster_config).toEqual(ofType('prod-us-east-1', 'aws_opensearch_domain').search!.cluster_config);
    expect(ofType('prod-us-west-2', 'aws_efs_file_system').shared_fs!.protection).toEqual({ replication_overwrite: 'DISABLED' });
    expect(ofType('prod-us-west-2', 'aws_efs_replication_configuration').shared_fs).toMatchObject({
      region: 'us-east-1',
      destination: { file_system_id: '${aws_efs_file_system.shared_fs.id}', region: 'us-west-2' },
    });
    expect((stacks['prod-us-west-2'] as Json).data.aws_efs_file_system.shared_fs_source).toEqual({ creation_token: 'prod-us-east-1-shared', region: 'us-east-1' });
    // The primary's file system refuses to be overwritten by a replication.
    expect(ofType('prod-us-east-1', 'aws_efs_file_system').shared_fs!.protection).toEqual({ replication_overwrite: 'ENABLED' });
  });

  test('warm standby (prod-us-east-1): the primary owns the Global Datastore, sized by the plan, and publishes its id in the standby region', () => {
    const primary = ofType('prod-us-east-1', 'aws_elasticache_replication_group').cache!;
    expect(primary).toMatchObject({ engine: 'valkey', transit_encryption_mode: 'required', at_rest_encryption_enabled: 'true' });
    expect(primary.global_replication_group_id).toBeUndefined();
    expect(primary.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['engine_version', 'node_type', 'num_node_groups'] });
    const global = ofType('prod-us-east-1', 'aws_elasticache_global_replication_group').cache_global!;
    expect(global).toMatchObject({
      global_replication_group_id_suffix: 'prod-cache',
      primary_replication_group_id: '${aws_elasticache_replication_group.cache.replication_group_id}',
      engine_version: primary.engine_version,
      cache_node_type: primary.node_type,
      num_node_groups: primary.num_node_groups,
      automatic_failover_enabled: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ['primary_replication_group_id'] },
    });
    expect(Object.keys(ofType('prod-us-east-1', 'aws_ssm_parameter')).filter((name) => name.startsWith('cache_'))).toEqual(['cache_global_id_us_west_2']);
    expect(ofType('prod-us-east-1', 'aws_ssm_parameter').cache_global_id_us_west_2).toMatchObject({
      region: 'us-west-2',
      name: '/itsm-scale/elasticache/global-datastore/prod-cache/id',
      type: 'String',
      value: '${aws_elasticache_global_replication_group.cache_global.global_replication_group_id}',
    });
    expect(primary.node_type).toMatch(/^cache\.(m5|m6g|m7g|r5|r6g|r6gd|r7g|c7gn)\./);
  });

  test('dev (non-production, one region): small services without dedicated masters', () => {
    expect(ofType('dev-us-east-1', 'aws_elasticache_replication_group').cache).toMatchObject({ node_type: 'cache.t4g.small', replicas_per_node_group: 1 });
    expect(ofType('dev-us-east-1', 'aws_opensearch_domain').search!.cluster_config.dedicated_master_enabled).toBe(false);
  });

  test('only the fleets of the modules that use a service reach it (the singleton parts run on the shared fleet, under a lease)', () => {
    const from = (type: 'cache' | 'search' | 'shared_fs') =>
      Object.keys(ofType('prod-us-east-1', 'aws_vpc_security_group_ingress_rule'))
        .filter((name) => name.startsWith(`${type}_from_`))
        .map((name) => name.slice(`${type}_from_`.length))
        .sort();
    // (every module of the default blueprint runs on the shared fleet: one rule for it, whichever of its members use the service)
    // (and its singleton parts too, under the application's lease: no group of their own to admit)
    expect(from('cache')).toEqual(['shared']);
    expect(from('search')).toEqual(['shared']);
    expect(from('shared_fs')).toEqual(['shared']);
    const ingress = ofType('prod-us-east-1', 'aws_vpc_security_group_ingress_rule');
    expect(ingress.cache_from_shared!.referenced_security_group_id).toBe('${aws_security_group.fleet_shared.id}');
    // Each user module gets its own IAM-authenticated cache user; singletons use their module's.
    expect(Object.keys(ofType('prod-us-east-1', 'aws_elasticache_user')).sort()).toEqual(['cache_user_catalog', 'cache_user_default', 'cache_user_incident']);
    // and the shared fleet may connect as the users of its members that use the cache, and mount cmdb's access point, nothing else
    const grants = JSON.parse(String(ofType('prod-us-east-1', 'aws_iam_role_policy').fleet_shared_shared_services!.policy)) as { Statement: { Action: unknown; Resource: unknown }[] };
    const connect = grants.Statement.filter((st) => JSON.stringify(st.Action).includes('elasticache:Connect')).flatMap((st) => [st.Resource].flat() as string[]);
    expect(connect.filter((arn) => arn.includes('aws_elasticache_user.')).sort()).toEqual(['${aws_elasticache_user.cache_user_catalog.arn}', '${aws_elasticache_user.cache_user_incident.arn}']);
    expect(JSON.stringify(grants)).toContain('elasticfilesystem:ClientMount');
    expect(new Set(grants.Statement.map((st) => JSON.stringify(st))).size).toBe(grants.Statement.length);
  });

  test('the blueprint\'s cache keyspace reaches the users: per-module by default, shared when asked', () => {
    expect(ofType('prod-us-east-1', 'aws_elasticache_user').cache_user_incident!.access_string).toBe('on ~incident:* &incident:* +@all -@dangerous');
    const shared = withBlueprint(repoProject(), 'itsm-standard', (bp) => BlueprintSchema.parse({ ...bp, sharedServices: { cache: { modules: ['incident'], keyspace: 'shared' } } }) as Blueprint);
    const users = synthStacks(shared, ['dev'])['dev-us-east-1']!.resource!.aws_elasticache_user as Record<string, Json>;
    expect(users.cache_user_incident!.access_string).toBe('on ~* &* +@all -@dangerous');
  });

  test('the services\' composite alarms notify the region\'s alarm topic, and the file system is in the backup plan', () => {
    for (const name of ['cache_alarm', 'search_alarm', 'shared_fs_alarm']) {
      expect(ofType('prod-us-east-1', 'aws_cloudwatch_composite_alarm')[name]!.alarm_actions).toEqual(['${aws_sns_topic.monitoring_alarms.arn}']);
    }
    expect(ofType('prod-us-east-1', 'aws_efs_file_system').shared_fs!.tags['backup-plan']).toBe('prod-us-east-1-backup-plan');
  });

  test('backup & restore and pilot light: what the other regions get', () => {
    // staging is pilot light: a reduced, empty cache of its own (no Global Datastore), a full domain, the file system replica.
    expect(Object.keys(ofType('staging-us-west-2', 'aws_elasticache_replication_group'))).toEqual(['cache']);
    expect(ofType('staging-us-west-2', 'aws_elasticache_replication_group').cache).toMatchObject({ engine: 'valkey', replicas_per_node_group: 1, transit_encryption_mode: 'required' });
    expect(ofType('staging-us-west-2', 'aws_elasticache_replication_group').cache!.global_replication_group_id).toBeUndefined();
    expect(ofType('staging-us-east-1', 'aws_elasticache_global_replication_group')).toEqual({});
    expect(Object.keys(ofType('staging-us-west-2', 'aws_opensearch_domain'))).toEqual(['search']);
    expect(Object.keys(ofType('staging-us-west-2', 'aws_efs_replication_configuration'))).toEqual(['shared_fs']);
  });

  test('every stack passes the policy pack', () => {
    const app = Testing.app();
    const built = buildStacks(app as App, project, { environments: ['dev', 'staging', 'prod'] });
    const blocking = built
      .flatMap((env) => [...env.regional, env.global])
      .flatMap((stack) => checkStackJson(stack.node.id, JSON.parse(JSON.stringify(stack.toTerraform())), []).filter(isBlocking))
      .map((f) => `${f.stack} ${f.ruleId} ${f.address}: ${f.message}`);
    expect(blocking).toEqual([]);
  });

  test('the regional stack exposes the services as typed fields for the runtime configuration', () => {
    const app = Testing.app();
    const [prod] = buildStacks(app as App, project, { environments: ['prod'] });
    const primary = prod!.regional[0] as RegionalStack;
    expect(primary.cache?.port).toBe(6379);
    expect(primary.search?.port).toBe(443);
    expect(primary.sharedFileSystem?.readOnly).toBe(false);
    expect((prod!.regional[1] as RegionalStack).sharedFileSystem?.readOnly).toBe(true);
    expect(resourcesOf(stacks['prod-us-east-1']!).length).toBeGreaterThan(0);
  });
});

/**
 * Replacement-forcing attributes of the shared services' stateful resources (hashicorp/aws 6.x ForceNew
 * arguments): a change to any of them destroys and recreates the resource.
 */
const REPLACEMENT_FORCING: Record<string, string[]> = {
  aws_elasticache_replication_group: ['replication_group_id', 'at_rest_encryption_enabled', 'kms_key_id', 'subnet_group_name', 'port'],
  aws_elasticache_subnet_group: ['name'],
  aws_elasticache_user: ['user_id', 'user_name', 'engine'],
  aws_elasticache_user_group: ['user_group_id', 'engine'],
  aws_opensearch_domain: ['domain_name', 'encrypt_at_rest'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'availability_zone_name'],
  aws_efs_mount_target: ['file_system_id', 'subnet_id'],
  aws_efs_access_point: ['file_system_id', 'posix_user', 'root_directory'],
  aws_cloudwatch_log_group: ['name'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
};

describe('growing the shared services never replaces them', () => {
  // A cache that outgrows one node at the aggressive scenario, so growth also crosses into cluster mode.
  const growing = withBlueprint(repoProject(), 'itsm-standard', (bp) =>
    BlueprintSchema.parse({ ...bp, sharedServices: { ...SERVICES, cache: { modules: ['incident', 'catalog'], sessionKb: 100_000 } } }) as Blueprint,
  );
  const conservative = synthStacks(growing, ['prod'], 'conservative');
  const aggressive = synthStacks(growing, ['prod'], 'aggressive');

  test('the aggressive scenario grows the cache in place: bigger nodes or more shards', () => {
    const before = conservative['prod-us-east-1']!.resource!.aws_elasticache_replication_group!.cache as Json;
    const after = aggressive['prod-us-east-1']!.resource!.aws_elasticache_replication_group!.cache as Json;
    expect([before.node_type, before.num_node_groups]).not.toEqual([after.node_type, after.num_node_groups]);
    expect(after.num_node_groups).toBeGreaterThanOrEqual(before.num_node_groups);
  });

  test('every stateful resource keeps its address and its replacement-forcing attributes', () => {
    const compared: string[] = [];
    for (const [stack, json] of Object.entries(conservative)) {
      for (const [type, attributes] of Object.entries(REPLACEMENT_FORCING)) {
        for (const [name, before] of Object.entries(json.resource?.[type] ?? {})) {
          if (!/^(cache|search|shared_fs)/.test(name)) continue;
          const now = aggressive[stack]?.resource?.[type]?.[name] as Json | undefined;
          const address = `${stack}:${type}.${name}`;
          expect({ address, present: now !== undefined }).toEqual({ address, present: true });
          for (const attribute of attributes) expect({ address, attribute, value: now?.[attribute] }).toEqual({ address, attribute, value: (before as Json)[attribute] });
          compared.push(address);
        }
      }
    }
    expect(compared).toEqual(
      expect.arrayContaining([
        'prod-us-east-1:aws_elasticache_replication_group.cache',
        'prod-us-east-1:aws_opensearch_domain.search',
        'prod-us-east-1:aws_efs_file_system.shared_fs',
        'prod-us-west-2:aws_efs_file_system.shared_fs',
      ]),
    );
  });
});

describe('mergeStatements: one policy from the grants of several modules (the shared fleet)', () => {
  test('joins statements that differ only in resources, numbers the Sids of those that differ in more', () => {
    // GIVEN two cache users' grants (same Sid and action) and two access points' mounts (same Sid, own conditions)
    const connect = (user: string) => ({ Sid: 'ConnectToCache', Effect: 'Allow', Action: 'elasticache:Connect', Resource: ['group', user] });
    const mount = (ap: string) => ({ Sid: 'Mount', Effect: 'Allow', Action: 'elasticfilesystem:ClientMount', Resource: 'fs', Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': ap } } });
    // WHEN
    const merged = mergeStatements([connect('incident'), mount('ap-1'), connect('catalog'), mount('ap-2')]);
    // THEN one connect statement for both users, and two mounts with unique Sids
    expect(merged).toEqual([
      { Sid: 'ConnectToCache', Effect: 'Allow', Action: 'elasticache:Connect', Resource: ['group', 'incident', 'catalog'] },
      mount('ap-1'),
      { ...mount('ap-2'), Sid: 'Mount2' },
    ]);
    // AND one module's grants pass unchanged
    expect(mergeStatements([connect('incident'), mount('ap-1')])).toEqual([connect('incident'), mount('ap-1')]);
  });
});
