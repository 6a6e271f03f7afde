import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Cache, CacheProps, globalDatastoreIdParameterName, memberClusterIds } from '../../constructs/cache';
import { addresses, BASE, CATALOG_SG, INCIDENT_SG, Json, metricAlarmNames, OWN_KEY_ARN, resource, resources, synth, TOPIC_ARN } from './shared-service-fixtures';

const PROPS: CacheProps = BASE;

/** The same cache in us-west-2 (a standby region). */
const BASE_WEST: Partial<CacheProps> = {
  name: 'prod-us-west-2',
  region: 'us-west-2',
  isolatedSubnetIds: { 'us-west-2a': 'subnet-0123456789abcdef0', 'us-west-2b': 'subnet-0123456789abcdef1' },
  alarmTopicArn: 'arn:aws:sns:us-west-2:123456789012:prod-us-west-2-alarms',
};

function synthCache(overrides: Partial<CacheProps> = {}): Json {
  return synth((scope) => {
    new Cache(scope, 'cache', { ...PROPS, ...overrides });
  });
}

function group(json: Json): Json {
  return resource(json, 'aws_elasticache_replication_group', 'cache');
}

describe('Cache', () => {
  describe('defaults', () => {
    let json: Json;
    beforeAll(() => {
      // GIVEN the shared props only
      // WHEN
      json = synthCache();
    });

    test('creates the group, its users, key, logs, security rules and alarms at readable addresses', () => {
      expect(addresses(json)).toEqual([
        'aws_cloudwatch_composite_alarm.cache_alarm',
        'aws_cloudwatch_log_group.cache_log_engine_log',
        'aws_cloudwatch_log_group.cache_log_slow_log',
        'aws_cloudwatch_log_resource_policy.cache_log_delivery',
        'aws_cloudwatch_metric_alarm.cache_alarm_connections',
        'aws_cloudwatch_metric_alarm.cache_alarm_engine_cpu',
        'aws_cloudwatch_metric_alarm.cache_alarm_memory',
        'aws_elasticache_replication_group.cache',
        'aws_elasticache_subnet_group.cache',
        'aws_elasticache_user.cache_user_catalog',
        'aws_elasticache_user.cache_user_default',
        'aws_elasticache_user.cache_user_incident',
        'aws_elasticache_user_group.cache',
        'aws_kms_alias.cache_key',
        'aws_kms_key.cache_key',
        'aws_security_group.cache',
        'aws_vpc_security_group_egress_rule.cache_to_catalog',
        'aws_vpc_security_group_egress_rule.cache_to_incident',
        'aws_vpc_security_group_ingress_rule.cache_from_catalog',
        'aws_vpc_security_group_ingress_rule.cache_from_incident',
      ]);
    });

    test('is Valkey 8.0 on cache.r7g.large, one shard with one replica, Multi-AZ with automatic failover', () => {
      expect(group(json)).toMatchObject({
        replication_group_id: 'prod-us-east-1-cache',
        engine: 'valkey',
        engine_version: '8.0',
        node_type: 'cache.r7g.large',
        cluster_mode: 'disabled',
        num_node_groups: 1,
        replicas_per_node_group: 1,
        multi_az_enabled: true,
        automatic_failover_enabled: true,
        port: 6379,
      });
    });

    test('encrypts at rest with its own rotated key and requires TLS in transit', () => {
      expect(group(json)).toMatchObject({
        at_rest_encryption_enabled: 'true',
        kms_key_id: '${aws_kms_key.cache_key.arn}',
        transit_encryption_enabled: true,
        transit_encryption_mode: 'required',
      });
      expect(resource(json, 'aws_kms_key', 'cache_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      const policy = JSON.parse(resource(json, 'aws_kms_key', 'cache_key').policy);
      const use = policy.Statement.find((s: Json) => s.Sid === 'AllowUseThroughTheService');
      expect(use.Condition.StringEquals['kms:ViaService']).toEqual(['elasticache.us-east-1.amazonaws.com']);
      expect(resource(json, 'aws_kms_alias', 'cache_key').name).toBe('alias/prod-us-east-1-cache');
    });

    test('authenticates with IAM through an RBAC user group: the default user off, one user per client, no password', () => {
      expect(group(json).user_group_ids).toEqual(['${aws_elasticache_user_group.cache.id}']);
      expect(group(json).auth_token).toBeUndefined();
      expect(resource(json, 'aws_elasticache_user', 'cache_user_default')).toMatchObject({
        user_name: 'default',
        // Valkey users cannot be password-less; a "redis" group holds the disabled default user and Valkey users.
        engine: 'redis',
        access_string: 'off -@all',
        authentication_mode: { type: 'no-password-required' },
      });
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident')).toMatchObject({
        user_id: 'prod-us-east-1-cache-incident',
        user_name: 'prod-us-east-1-cache-incident',
        engine: 'valkey',
        access_string: 'on ~incident:* &incident:* +@all -@dangerous',
        authentication_mode: { type: 'iam' },
      });
      expect(JSON.stringify(resources(json, 'aws_elasticache_user'))).not.toMatch(/passwords/);
      expect(resource(json, 'aws_elasticache_user_group', 'cache').engine).toBe('redis');
      expect(resource(json, 'aws_elasticache_user_group', 'cache').user_ids).toEqual([
        '${aws_elasticache_user.cache_user_default.user_id}',
        '${aws_elasticache_user.cache_user_catalog.user_id}',
        '${aws_elasticache_user.cache_user_incident.user_id}',
      ]);
    });

    test('keeps daily snapshots for 7 days, takes a final snapshot and is never destroyed by Terraform', () => {
      expect(group(json)).toMatchObject({
        snapshot_retention_limit: 7,
        snapshot_window: '03:00-04:00',
        maintenance_window: 'sun:05:00-sun:06:00',
        final_snapshot_identifier: 'prod-us-east-1-cache-final',
        lifecycle: { prevent_destroy: true },
      });
    });

    test('lives in the isolated subnets of every zone, in zone order', () => {
      expect(resource(json, 'aws_elasticache_subnet_group', 'cache').subnet_ids).toEqual([
        'subnet-0123456789abcdef0',
        'subnet-0123456789abcdef1',
        'subnet-0123456789abcdef2',
      ]);
    });

    test('admits only the client security groups, on 6379, and gives each client the matching egress', () => {
      expect(resource(json, 'aws_security_group', 'cache').egress).toEqual([]);
      expect(resource(json, 'aws_vpc_security_group_ingress_rule', 'cache_from_incident')).toMatchObject({
        security_group_id: '${aws_security_group.cache.id}',
        referenced_security_group_id: INCIDENT_SG,
        ip_protocol: 'tcp',
        from_port: 6379,
        to_port: 6379,
      });
      expect(resource(json, 'aws_vpc_security_group_egress_rule', 'cache_to_catalog')).toMatchObject({
        security_group_id: CATALOG_SG,
        referenced_security_group_id: '${aws_security_group.cache.id}',
        from_port: 6379,
      });
    });

    test('delivers slow and engine logs to encrypted log groups, after their resource policy exists', () => {
      expect(resource(json, 'aws_cloudwatch_log_group', 'cache_log_slow_log')).toMatchObject({
        name: '/aws/elasticache/prod-us-east-1-cache/slow-log',
        kms_key_id: '${aws_kms_key.cache_key.arn}',
        retention_in_days: 365,
      });
      expect(group(json).log_delivery_configuration).toEqual([
        expect.objectContaining({ log_type: 'slow-log', destination_type: 'cloudwatch-logs' }),
        expect.objectContaining({ log_type: 'engine-log', destination_type: 'cloudwatch-logs' }),
      ]);
      expect(group(json).depends_on).toEqual(['aws_cloudwatch_log_resource_policy.cache_log_delivery']);
    });

    test('alarms at 80% on the busiest node of the shard, silently, behind one composite that notifies the topic', () => {
      const memory = resource(json, 'aws_cloudwatch_metric_alarm', 'cache_alarm_memory');
      expect(memory).toMatchObject({ threshold: 80, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 5, datapoints_to_alarm: 5 });
      expect(memory.alarm_actions).toBeUndefined();
      const ids = memory.metric_query.filter((q: Json) => q.metric).map((q: Json) => q.metric.dimensions.CacheClusterId);
      expect(ids).toEqual(['prod-us-east-1-cache-001', 'prod-us-east-1-cache-002']);
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'cache_alarm_connections').threshold).toBe(52000);
      const composite = resource(json, 'aws_cloudwatch_composite_alarm', 'cache_alarm');
      expect(composite).toMatchObject({ alarm_name: 'prod-us-east-1-cache', alarm_actions: [TOPIC_ARN], ok_actions: [TOPIC_ARN], actions_enabled: true });
      expect(composite.alarm_rule).toContain('ALARM("${aws_cloudwatch_metric_alarm.cache_alarm_memory.alarm_name}")');
    });
  });

  describe('props', () => {
    test('engine redis defaults to 7.1 and makes redis users', () => {
      const json = synthCache({ engine: 'redis' });
      expect(group(json)).toMatchObject({ engine: 'redis', engine_version: '7.1' });
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident').engine).toBe('redis');
    });

    test('engineVersion and nodeType are passed through', () => {
      expect(group(synthCache({ engineVersion: '7.2', nodeType: 'cache.r7g.xlarge' }))).toMatchObject({ engine_version: '7.2', node_type: 'cache.r7g.xlarge' });
    });

    test('shards above one turn cluster mode on, alarm per shard, and expose the configuration endpoint', () => {
      let cache: Cache | undefined;
      const json = synth((scope) => {
        cache = new Cache(scope, 'cache', { ...PROPS, shards: 2, replicasPerShard: 2 });
        new TerraformOutput(scope, 'endpoint', { value: cache.endpointAddress });
      });
      expect(group(json)).toMatchObject({ cluster_mode: 'enabled', num_node_groups: 2, replicas_per_node_group: 2 });
      expect(metricAlarmNames(json)).toEqual([
        'prod-us-east-1-cache-shard-0001-connections',
        'prod-us-east-1-cache-shard-0001-engine-cpu',
        'prod-us-east-1-cache-shard-0001-memory',
        'prod-us-east-1-cache-shard-0002-connections',
        'prod-us-east-1-cache-shard-0002-engine-cpu',
        'prod-us-east-1-cache-shard-0002-memory',
      ]);
      expect(cache!.clusterMode).toBe(true);
      expect(json.output.endpoint.value).toBe('${aws_elasticache_replication_group.cache.configuration_endpoint_address}');
      expect(cache!.readerEndpointAddress).toBeUndefined();
    });

    test('port, snapshot retention and windows are passed through', () => {
      expect(group(synthCache({ port: 6380, snapshotRetentionDays: 35, snapshotWindow: '01:00-02:00', maintenanceWindow: 'sat:04:00-sat:05:00' }))).toMatchObject({
        port: 6380,
        snapshot_retention_limit: 35,
        snapshot_window: '01:00-02:00',
        maintenance_window: 'sat:04:00-sat:05:00',
      });
    });

    test('users replaces the client names as the users', () => {
      const json = synthCache({ users: ['incident'] });
      expect(Object.keys(resources(json, 'aws_elasticache_user')).sort()).toEqual(['cache_user_default', 'cache_user_incident']);
    });

    test('keyspace shared lets every user use every key', () => {
      expect(resource(synthCache({ keyspace: 'shared' }), 'aws_elasticache_user', 'cache_user_incident').access_string).toBe('on ~* &* +@all -@dangerous');
    });

    test('authentication network makes each user password-less ("redis" users, as Valkey users cannot be) and keeps its key ACL', () => {
      const json = synthCache({ authentication: 'network' });
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident')).toMatchObject({
        engine: 'redis',
        authentication_mode: { type: 'no-password-required' },
        access_string: 'on ~incident:* &incident:* +@all -@dangerous',
      });
      // The group keeps its RBAC user group, and the default user stays switched off.
      expect(group(json).user_group_ids).toEqual(['${aws_elasticache_user_group.cache.id}']);
      expect(resource(json, 'aws_elasticache_user', 'cache_user_default').access_string).toBe('off -@all');
    });

    test('authentication network: clients need no IAM grant and connect with a URL that AUTHs as their own user', () => {
      let cache: Cache | undefined;
      synth((scope) => {
        cache = new Cache(scope, 'cache', { ...PROPS, authentication: 'network' });
      });
      expect(cache!.clientPolicyStatements('incident')).toEqual([]);
      expect(cache!.connectionFor('incident')).toMatchObject({ authentication: 'network', url: `rediss://${cache!.userIds.incident}:nopass@${cache!.endpointAddress}:6379` });
    });

    test('logRetentionDays sets the log groups\' retention', () => {
      expect(resource(synthCache({ logRetentionDays: 90 }), 'aws_cloudwatch_log_group', 'cache_log_engine_log').retention_in_days).toBe(90);
    });

    test('replicationGroupId renames the group and everything derived from it', () => {
      const json = synthCache({ replicationGroupId: 'itsm-sessions' });
      expect(group(json).replication_group_id).toBe('itsm-sessions');
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident').user_id).toBe('itsm-sessions-incident');
      expect(resource(json, 'aws_cloudwatch_composite_alarm', 'cache_alarm').alarm_name).toBe('itsm-sessions');
    });

    test('userIdPrefix names the users and leaves the group as it is', () => {
      const json = synthCache({ userIdPrefix: 'prod-cache' });
      expect(group(json).replication_group_id).toBe('prod-us-east-1-cache');
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident')).toMatchObject({ user_id: 'prod-cache-incident', user_name: 'prod-cache-incident' });
      expect(resource(json, 'aws_elasticache_user', 'cache_user_default').user_id).toBe('prod-cache-default');
    });

    test('kmsKeyArn uses the given key and creates none', () => {
      const json = synthCache({ kmsKeyArn: OWN_KEY_ARN });
      expect(group(json).kms_key_id).toBe(OWN_KEY_ARN);
      expect(resources(json, 'aws_kms_key')).toEqual({});
    });

    test('utilizationThresholdPercent and evaluationPeriods set the alarms', () => {
      const json = synthCache({ utilizationThresholdPercent: 70, evaluationPeriods: 3 });
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'cache_alarm_engine_cpu')).toMatchObject({ threshold: 70, evaluation_periods: 3 });
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'cache_alarm_connections').threshold).toBe(45500);
    });

    test('without alarmTopicArn the composite has no actions', () => {
      const { alarmTopicArn: _omit, ...rest } = PROPS;
      const json = synth((scope) => {
        new Cache(scope, 'cache', rest);
      });
      expect(resource(json, 'aws_cloudwatch_composite_alarm', 'cache_alarm')).toMatchObject({ actions_enabled: false, alarm_actions: [] });
    });

    test('dataClassification and tags reach the stateful resources', () => {
      const json = synthCache({ dataClassification: 'restricted', tags: { owner: 'team' } });
      expect(group(json).tags).toEqual({ Name: 'prod-us-east-1-cache', 'data-classification': 'restricted', owner: 'team' });
      expect(resource(json, 'aws_elasticache_user', 'cache_user_incident').tags).toMatchObject({ owner: 'team' });
    });

    test('exposes endpoints, users and ids as typed fields', () => {
      let cache: Cache | undefined;
      const json = synth((scope) => {
        cache = new Cache(scope, 'cache', PROPS);
        new TerraformOutput(scope, 'endpoint', { value: cache.endpointAddress });
        new TerraformOutput(scope, 'reader', { value: cache.readerEndpointAddress });
      });
      expect(cache!.port).toBe(6379);
      expect(cache!.tls).toBe(true);
      expect(cache!.authentication).toBe('iam');
      expect(json.output.endpoint.value).toBe('${aws_elasticache_replication_group.cache.primary_endpoint_address}');
      expect(json.output.reader.value).toBe('${aws_elasticache_replication_group.cache.reader_endpoint_address}');
      expect(Object.keys(cache!.userIds)).toEqual(['catalog', 'incident']);
      expect(Object.keys(cache!.userArns)).toEqual(['catalog', 'incident']);
      expect(cache!.alarmNames).toHaveLength(4);
      expect(cache!.readOnly).toBe(false);
      expect('readOnly' in cache!.connectionFor('incident')).toBe(false);
      expect(cache!.globalReplicationGroupId).toBeUndefined();
    });

    describe('globalDatastore', () => {
      const PRIMARY: Partial<CacheProps> = { globalDatastore: { role: 'primary', idSuffix: 'prod-cache', secondaryRegions: ['us-west-2', 'eu-west-1'] } };
      const SECONDARY: Partial<CacheProps> = {
        ...BASE_WEST,
        engineVersion: undefined,
        globalDatastore: { role: 'secondary', idSuffix: 'prod-cache', primaryRegion: 'us-east-1' },
      };

      test('primary: creates the datastore from its group, sized like it, never destroyed and not replaced by a promotion', () => {
        const json = synthCache(PRIMARY);
        expect(resource(json, 'aws_elasticache_global_replication_group', 'cache_global')).toEqual({
          global_replication_group_id_suffix: 'prod-cache',
          global_replication_group_description: 'Global Datastore of prod-us-east-1: valkey replicated to us-west-2, eu-west-1.',
          primary_replication_group_id: '${aws_elasticache_replication_group.cache.replication_group_id}',
          engine_version: '8.0',
          cache_node_type: 'cache.r7g.large',
          num_node_groups: 1,
          automatic_failover_enabled: true,
          lifecycle: { prevent_destroy: true, ignore_changes: ['primary_replication_group_id'] },
        });
        // The datastore owns version, node type and shards from now on.
        expect(group(json).lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['engine_version', 'node_type', 'num_node_groups'] });
        expect(group(json)).toMatchObject({ engine: 'valkey', at_rest_encryption_enabled: 'true', transit_encryption_mode: 'required' });
      });

      test('primary: publishes the datastore\'s full id in each secondary region, keyed by region', () => {
        const json = synthCache(PRIMARY);
        const parameters = resources(json, 'aws_ssm_parameter');
        expect(Object.keys(parameters)).toEqual(['cache_global_id_eu_west_1', 'cache_global_id_us_west_2']);
        expect(parameters.cache_global_id_us_west_2).toMatchObject({
          region: 'us-west-2',
          name: '/itsm-scale/elasticache/global-datastore/prod-cache/id',
          type: 'String',
          value: '${aws_elasticache_global_replication_group.cache_global.global_replication_group_id}',
        });
        expect(globalDatastoreIdParameterName('prod-cache')).toBe(parameters.cache_global_id_eu_west_1!.name);
      });

      test('secondary: joins by the id read in its own region, inherits engine, version, shape and encryption, keeps its own key and users', () => {
        let cache: Cache | undefined;
        const json = synth((scope) => {
          cache = new Cache(scope, 'cache', { ...PROPS, ...SECONDARY } as CacheProps);
        });
        expect(json.data.aws_ssm_parameter.cache_global_id).toEqual({ name: '/itsm-scale/elasticache/global-datastore/prod-cache/id' });
        const secondary = group(json);
        expect(secondary).toMatchObject({
          replication_group_id: 'prod-us-west-2-cache',
          global_replication_group_id: '${data.aws_ssm_parameter.cache_global_id.value}',
          description: 'valkey for prod-us-west-2: read-only Global Datastore secondary of us-east-1, promoted on failover.',
          replicas_per_node_group: 1,
          multi_az_enabled: true,
          automatic_failover_enabled: true,
          kms_key_id: '${aws_kms_key.cache_key.arn}',
          user_group_ids: ['${aws_elasticache_user_group.cache.id}'],
          snapshot_retention_limit: 7,
          lifecycle: { prevent_destroy: true },
        });
        for (const inherited of ['engine', 'engine_version', 'node_type', 'num_node_groups', 'cluster_mode', 'at_rest_encryption_enabled', 'transit_encryption_enabled', 'transit_encryption_mode']) {
          expect({ inherited, value: secondary[inherited] }).toEqual({ inherited, value: undefined });
        }
        expect(resources(json, 'aws_elasticache_global_replication_group')).toEqual({});
        expect(resources(json, 'aws_ssm_parameter')).toEqual({});
        expect(cache!.readOnly).toBe(true);
        // Clients of the standby region learn that it takes no writes until promoted.
        expect(cache!.connectionFor('incident').readOnly).toBe(true);
        expect(cache!.globalReplicationGroupId).toBeDefined();
        // Alarms still watch each node of the inherited shards.
        expect(metricAlarmNames(json)).toEqual(['prod-us-west-2-cache-connections', 'prod-us-west-2-cache-engine-cpu', 'prod-us-west-2-cache-memory']);
      });
    });
  });

  describe('throws', () => {
    const fails = (overrides: Partial<CacheProps>) => () => synthCache(overrides);

    test('with every problem at once, each with a fix', () => {
      let message = '';
      try {
        synthCache({ accountId: '123', replicasPerShard: 0, snapshotRetentionDays: 0, engineVersion: '6.2', engine: 'redis', port: 80 });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Cache stack\/cache: /);
      expect(message).toMatch(/accountId "123" is invalid/);
      expect(message).toMatch(/replicasPerShard 0 must be a literal whole number from 1 to 5 \(at least one replica per shard for Multi-AZ failover\)/);
      expect(message).toMatch(/snapshotRetentionDays 0 .*snapshots off/);
      expect(message).toMatch(/engineVersion "6.2" of redis has no IAM authentication; use 7.0 or later/);
      expect(message).toMatch(/port 80 must be/);
    });

    test('with one zone', () => {
      expect(fails({ isolatedSubnetIds: { 'us-east-1a': 'subnet-0123456789abcdef0' } })).toThrow(/has 1 availability zone\(s\); pass at least two/);
    });

    test('with a zone of another region or a bad subnet id', () => {
      expect(fails({ isolatedSubnetIds: { 'us-west-2a': 'subnet-0123456789abcdef0', 'us-east-1b': 'subnet-x' } })).toThrow(
        /"subnet-x" is not a subnet id.*"us-west-2a" is not in region "us-east-1"/,
      );
    });

    test('with a bad client name or security group id', () => {
      expect(fails({ authentication: 'password' as never })).toThrow('authentication "password" must be "iam" or "network"');
    });

    test('users a client connects as (a shared fleet) are reachable through it; clientUsers naming an unknown client or user is refused', () => {
      // GIVEN one client, a shared fleet, that connects as both users
      const shared = { clientSecurityGroupIds: { shared: INCIDENT_SG }, users: ['incident', 'catalog'] };
      // THEN without clientUsers no user is named after the client, so neither could connect; with it both can
      expect(fails(shared)).toThrow('users "catalog", "incident" have no entry in clientSecurityGroupIds, so they could never connect');
      expect(Object.keys(resources(synthCache({ ...shared, clientUsers: { shared: ['incident', 'catalog'] } }), 'aws_elasticache_user')).sort()).toEqual(['cache_user_catalog', 'cache_user_default', 'cache_user_incident']);
      expect(fails({ ...shared, clientUsers: { shared: ['incident', 'catalog'], other: ['incident'] } })).toThrow('clientUsers["other"] names no client of clientSecurityGroupIds');
      expect(fails({ ...shared, clientUsers: { shared: ['incident', 'nope'] } })).toThrow('clientUsers["shared"] names "nope", not among the users (catalog, incident)');
      expect(fails({ clientSecurityGroupIds: { Incident: 'sg-1' } })).toThrow(/key "Incident" must be lower-case kebab-case.*"sg-1" is not a security group id/);
    });

    test('with a name too long for the replication group id', () => {
      expect(fails({ name: 'a-very-long-environment-name-in-us-east-1' })).toThrow(/derived from name .*shorten name or pass replicationGroupId/);
    });

    test('with user ids over 40 characters', () => {
      expect(fails({ replicationGroupId: 'prod-us-east-1-sessions-cache', users: ['service-catalog-portal'], clientSecurityGroupIds: { 'service-catalog-portal': INCIDENT_SG } })).toThrow(
        /user id "prod-us-east-1-sessions-cache-service-catalog-portal" .* longer than 40/,
      );
    });

    test('with a userIdPrefix that is no ElastiCache id', () => {
      expect(fails({ userIdPrefix: 'Prod--cache' })).toThrow(/userIdPrefix "Prod--cache" must be 1-40 lower-case letters/);
    });

    test('with users that have no security group', () => {
      expect(fails({ users: ['incident', 'knowledge'] })).toThrow(/users "knowledge" have no entry in clientSecurityGroupIds/);
    });

    test('with no users at all', () => {
      expect(fails({ clientSecurityGroupIds: {} })).toThrow(/no users: pass users or clientSecurityGroupIds/);
    });

    test('with a key of another region, a bad topic ARN, an unknown node type or window', () => {
      expect(
        fails({
          kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/abcd',
          alarmTopicArn: 'topic',
          nodeType: 'r7g.large',
          snapshotWindow: '3-4',
          maintenanceWindow: 'sunday',
          logRetentionDays: 42,
        }),
      ).toThrow(/in region "us-west-2".*alarmTopicArn "topic".*nodeType "r7g.large".*snapshotWindow "3-4".*maintenanceWindow "sunday".*logRetentionDays 42/);
    });

    test('with a Global Datastore on a burstable node type, a bad id suffix or too many secondary regions', () => {
      expect(
        fails({ nodeType: 'cache.t4g.medium', globalDatastore: { role: 'primary', idSuffix: 'Prod_Cache', secondaryRegions: ['us-west-2', 'eu-west-1', 'eu-central-1'] } }),
      ).toThrow(/idSuffix "Prod_Cache" must be 1-34 lower-case.*nodeType "cache.t4g.medium" cannot be in a Global Datastore.*cache.r7g.large.*secondaryRegions has 3 region\(s\); a Global Datastore replicates to 1 to 2 other regions/);
    });

    test('with a Global Datastore node type below large, or the own region as a secondary', () => {
      expect(fails({ nodeType: 'cache.m7g.medium', globalDatastore: { role: 'primary', idSuffix: 'prod-cache', secondaryRegions: ['us-east-1'] } })).toThrow(
        /nodeType "cache.m7g.medium" cannot be in a Global Datastore.*secondaryRegions lists "us-east-1", the primary's own region/,
      );
    });

    test('with a secondary that sets an engine version or names its own region as the primary', () => {
      expect(fails({ engineVersion: '8.0', globalDatastore: { role: 'secondary', idSuffix: 'prod-cache', primaryRegion: 'us-east-1' } })).toThrow(
        /primaryRegion "us-east-1" is this group's region.*engineVersion "8.0" cannot be set on a Global Datastore secondary/,
      );
    });

    test('with an unresolved threshold (alarm thresholds are computed at synth time)', () => {
      expect(() =>
        synth((scope) => {
          const threshold = new TerraformVariable(scope, 'threshold', { type: 'number' });
          new Cache(scope, 'cache', { ...PROPS, utilizationThresholdPercent: threshold.numberValue });
        }),
      ).toThrow(/utilizationThresholdPercent .* must be a literal percentage/);
    });
  });

  test('memberClusterIds names the nodes as ElastiCache does', () => {
    expect(memberClusterIds('g', false, 1, 2)).toEqual(['g-001', 'g-002', 'g-003']);
    expect(memberClusterIds('g', true, 3, 1)).toEqual(['g-0003-001', 'g-0003-002']);
  });
});
