import 'cdktf/lib/testing/adapters/jest';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSecurityGroup } from '@cdktf/provider-aws/lib/data-aws-security-group';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { RdsGlobalCluster } from '@cdktf/provider-aws/lib/rds-global-cluster';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformVariable, Testing } from 'cdktf';
import { contiguousSlotMap as planSlotMap } from '../../foundation/slot-map';
import {
  contiguousSlotMap,
  DEFAULT_ENGINE_VERSION,
  globalClusterIdentifier,
  GlobalDatabaseOptions,
  parseBackupWindow,
  parseMaintenanceWindow,
  ShardedDatabase,
  ShardedDatabaseProps,
  slotMapProblem,
  windowsOverlap,
  writeForwardingSupported,
} from '../../constructs/sharded-database';
import { Json } from '../json';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const BASE_PROPS: ShardedDatabaseProps = {
  group: 'tickets',
  name: 'prod-us-east-1',
  accountId: '123456789012',
  region: 'us-east-1',
  shards: 2,
  slots: 4096,
  instanceClass: 'db.r7g.large',
  readersPerShard: 1,
  vpcId: 'vpc-0123456789abcdef0',
  isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb', 'subnet-0cccccccccccccccc'],
};

/** Synthesizes one ShardedDatabase (id `db`) with BASE_PROPS plus overrides; returns the JSON string. */
function synthDb(overrides: Partial<ShardedDatabaseProps> = {}): string {
  return Testing.synthScope((scope) => {
    new ShardedDatabase(scope, 'db', { ...BASE_PROPS, ...overrides });
  });
}

function parse(synth: string): Json {
  return JSON.parse(synth) as Json;
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  return (parse(synth).resource?.[type] ?? {}) as Record<string, Json>;
}

/** The single resource at `<type>.<id>`; fails the test when absent. */
function resource(synth: string, type: string, id: string): Json {
  const found = resources(synth, type)[id];
  if (found === undefined) throw new Error(`no ${type}.${id} in ${addresses(synth).join(', ')}`);
  return found;
}

/** All `<type>.<id>` addresses of a synthesized stack. */
function addresses(synth: string): string[] {
  return Object.entries((parse(synth).resource ?? {}) as Record<string, Json>).flatMap(([type, byId]) =>
    Object.keys(byId).map((id) => `${type}.${id}`),
  );
}

function ref(type: string, id: string, attr = 'id'): string {
  return `\${${type}.${id}.${attr}}`;
}

function makeDb(overrides: Partial<ShardedDatabaseProps>): () => void {
  return () => {
    synthDb(overrides);
  };
}

describe('ShardedDatabase', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN only the required props (2 shards, 1 reader each, provisioned)
      // WHEN
      synth = synthDb();
    });

    test('creates one encrypted, deletion-protected, destroy-protected Aurora PostgreSQL cluster per shard', () => {
      // THEN
      const clusters = resources(synth, 'aws_rds_cluster');
      expect(Object.keys(clusters).sort()).toEqual(['tickets_shard_01', 'tickets_shard_02']);
      for (const nn of ['01', '02']) {
        const id = `prod-us-east-1-tickets-shard-${nn}`;
        expect(clusters[`tickets_shard_${nn}`]).toEqual({
          cluster_identifier: id,
          engine: 'aurora-postgresql',
          engine_mode: 'provisioned',
          engine_version: DEFAULT_ENGINE_VERSION,
          port: 5432,
          master_username: 'itsm_admin',
          manage_master_user_password: true,
          master_user_secret_kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
          iam_database_authentication_enabled: true,
          storage_encrypted: true,
          kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
          deletion_protection: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: `${id}-final`,
          copy_tags_to_snapshot: true,
          backup_retention_period: 35,
          preferred_backup_window: '03:00-04:00',
          preferred_maintenance_window: 'sun:04:30-sun:05:30',
          enabled_cloudwatch_logs_exports: ['postgresql'],
          db_cluster_parameter_group_name: ref('aws_rds_cluster_parameter_group', 'tickets', 'name'),
          db_subnet_group_name: ref('aws_db_subnet_group', 'tickets', 'name'),
          vpc_security_group_ids: [ref('aws_security_group', 'tickets_db')],
          tags: { Name: id, 'data-classification': 'confidential', group: 'tickets', shard: nn },
          depends_on: [`aws_cloudwatch_log_group.tickets_shard_${nn}`],
          lifecycle: { prevent_destroy: true },
        });
      }
      expect(synth).toHaveResourceWithProperties(RdsCluster, { storage_encrypted: true, lifecycle: { prevent_destroy: true } });
    });

    test('gives each shard a private writer (tier 0) and reader (tier 1) with monitoring, Performance Insights and the RSA 2048 CA', () => {
      // THEN
      const instances = resources(synth, 'aws_rds_cluster_instance');
      expect(Object.keys(instances).sort()).toEqual([
        'tickets_shard_01_reader_1',
        'tickets_shard_01_writer',
        'tickets_shard_02_reader_1',
        'tickets_shard_02_writer',
      ]);
      for (const [address, instance] of Object.entries(instances)) {
        const nn = address.slice('tickets_shard_'.length, 'tickets_shard_'.length + 2);
        expect(instance).toMatchObject({
          cluster_identifier: ref('aws_rds_cluster', `tickets_shard_${nn}`),
          engine: 'aurora-postgresql',
          instance_class: 'db.r7g.large',
          db_subnet_group_name: ref('aws_db_subnet_group', 'tickets', 'name'),
          publicly_accessible: false,
          auto_minor_version_upgrade: true,
          ca_cert_identifier: 'rds-ca-rsa2048-g1',
          performance_insights_enabled: true,
          performance_insights_kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
          performance_insights_retention_period: 7,
          monitoring_interval: 60,
          monitoring_role_arn: ref('aws_iam_role', 'tickets_db_monitoring', 'arn'),
        });
      }
      expect(instances.tickets_shard_02_writer).toMatchObject({
        identifier: 'prod-us-east-1-tickets-shard-02-writer',
        promotion_tier: 0,
        tags: expect.objectContaining({ role: 'writer', shard: '02' }),
      });
      expect(instances.tickets_shard_02_reader_1).toMatchObject({
        identifier: 'prod-us-east-1-tickets-shard-02-reader-1',
        promotion_tier: 1,
        depends_on: ['aws_rds_cluster_instance.tickets_shard_02_writer'],
      });
      expect(synth).toHaveResourceWithProperties(RdsClusterInstance, { publicly_accessible: false, promotion_tier: 0 });
    });

    test('creates one security group that admits nobody and has no egress', () => {
      // THEN
      expect(resources(synth, 'aws_security_group')).toEqual({
        tickets_db: {
          name: 'prod-us-east-1-tickets-db',
          description: 'Aurora PostgreSQL of database group tickets (prod-us-east-1): clients by security group only.',
          vpc_id: 'vpc-0123456789abcdef0',
          egress: [],
          tags: { Name: 'prod-us-east-1-tickets-db', 'data-classification': 'confidential', group: 'tickets' },
        },
      });
      expect(synth).not.toHaveResource(VpcSecurityGroupIngressRule);
    });

    test('puts the clusters in a subnet group of the isolated subnets', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(DbSubnetGroup, {
        name: 'prod-us-east-1-tickets-db',
        subnet_ids: BASE_PROPS.isolatedSubnetIds,
      });
      expect(Object.keys(resources(synth, 'aws_db_subnet_group'))).toEqual(['tickets']);
    });

    test('enforces TLS and logs connections and slow statements through an aurora-postgresql16 cluster parameter group', () => {
      // THEN
      const group = resource(synth, 'aws_rds_cluster_parameter_group', 'tickets');
      expect(group).toMatchObject({
        name_prefix: 'prod-us-east-1-tickets-aurora-postgresql16-',
        family: 'aurora-postgresql16',
        lifecycle: { create_before_destroy: true },
      });
      // A prefix, never a fixed name: the group replaced by a major upgrade is created beside the old one.
      expect(group.name).toBeUndefined();
      // The clusters read the name AWS gave it from the resource.
      expect(resource(synth, 'aws_rds_cluster', 'tickets_shard_01').db_cluster_parameter_group_name).toBe('${aws_rds_cluster_parameter_group.tickets.name}');
      expect(group.parameter).toEqual([
        { name: 'log_connections', value: '1', apply_method: 'immediate' },
        { name: 'log_disconnections', value: '1', apply_method: 'immediate' },
        { name: 'log_min_duration_statement', value: '500', apply_method: 'immediate' },
        { name: 'rds.force_ssl', value: '1', apply_method: 'pending-reboot' },
      ]);
      expect(synth).toHaveResourceWithProperties(RdsClusterParameterGroup, { family: 'aurora-postgresql16' });
    });

    test('creates a rotating, destroy-protected key per group whose policy allows root admin, RDS/Secrets Manager use and RDS log groups only', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(KmsAlias, {
        name: 'alias/prod-us-east-1-tickets-db',
        target_key_id: ref('aws_kms_key', 'tickets_db', 'key_id'),
      });
      const policy = JSON.parse(resource(synth, 'aws_kms_key', 'tickets_db').policy as string) as Json;
      expect(policy.Statement).toEqual([
        {
          Sid: 'EnableAccountRootAdministration',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowUseThroughRdsAndSecretsManager',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': '123456789012',
              'kms:ViaService': ['rds.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
            },
          },
        },
        {
          Sid: 'AllowCloudWatchLogsUseForRdsLogGroups',
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn':
                'arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/cluster/prod-us-east-1-tickets-shard-*',
            },
          },
        },
      ]);
    });

    test('creates an Enhanced Monitoring role only RDS monitoring of this account and region may assume', () => {
      // THEN
      const role = resource(synth, 'aws_iam_role', 'tickets_db_monitoring');
      expect(role.name).toBe('prod-us-east-1-tickets-rds-monitoring');
      expect(JSON.parse(role.assume_role_policy as string)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'monitoring.rds.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:rds:us-east-1:123456789012:db:*' },
            },
          },
        ],
      });
      expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: ref('aws_iam_role', 'tickets_db_monitoring', 'name'),
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
      });
      // the writer waits for the policy, so monitoring works from the first minute
      expect(resource(synth, 'aws_rds_cluster_instance', 'tickets_shard_01_writer').depends_on).toEqual([
        'aws_iam_role_policy_attachment.tickets_db_monitoring',
      ]);
    });

    test('creates each cluster’s PostgreSQL log group first, KMS-encrypted, kept 365 days and destroy-protected', () => {
      // THEN
      const groups = resources(synth, 'aws_cloudwatch_log_group');
      expect(Object.keys(groups).sort()).toEqual(['tickets_shard_01', 'tickets_shard_02']);
      expect(groups.tickets_shard_02).toEqual({
        name: '/aws/rds/cluster/prod-us-east-1-tickets-shard-02/postgresql',
        retention_in_days: 365,
        kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
        deletion_protection_enabled: true,
        tags: { Name: 'prod-us-east-1-tickets-shard-02-postgresql', 'data-classification': 'confidential', group: 'tickets', shard: '02' },
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 365 });
    });

    test('scales each shard’s readers from readersPerShard to readersPerShard + 2 on 70% reader CPU', () => {
      // THEN
      const target = resource(synth, 'aws_appautoscaling_target', 'tickets_shard_01_readers');
      expect(target).toMatchObject({
        service_namespace: 'rds',
        scalable_dimension: 'rds:cluster:ReadReplicaCount',
        resource_id: `cluster:${ref('aws_rds_cluster', 'tickets_shard_01', 'cluster_identifier')}`,
        min_capacity: 1,
        max_capacity: 3,
        depends_on: ['aws_rds_cluster_instance.tickets_shard_01_writer', 'aws_rds_cluster_instance.tickets_shard_01_reader_1'],
      });
      expect(resource(synth, 'aws_appautoscaling_policy', 'tickets_shard_01_reader_cpu')).toEqual({
        name: 'prod-us-east-1-tickets-shard-01-reader-cpu',
        policy_type: 'TargetTrackingScaling',
        service_namespace: ref('aws_appautoscaling_target', 'tickets_shard_01_readers', 'service_namespace'),
        scalable_dimension: ref('aws_appautoscaling_target', 'tickets_shard_01_readers', 'scalable_dimension'),
        resource_id: ref('aws_appautoscaling_target', 'tickets_shard_01_readers', 'resource_id'),
        target_tracking_scaling_policy_configuration: {
          predefined_metric_specification: { predefined_metric_type: 'RDSReaderAverageCPUUtilization' },
          target_value: 70,
          scale_in_cooldown: 300,
          scale_out_cooldown: 300,
        },
      });
      expect(Object.keys(resources(synth, 'aws_appautoscaling_target'))).toHaveLength(2);
      expect(synth).toHaveResourceWithProperties(AppautoscalingPolicy, { policy_type: 'TargetTrackingScaling' });
    });

    test('has no backup-plan tag and no global cluster without the props', () => {
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) {
        expect(cluster.tags['backup-plan']).toBeUndefined();
        expect(cluster.global_cluster_identifier).toBeUndefined();
        expect(cluster.lifecycle.ignore_changes).toBeUndefined();
        expect(cluster.serverlessv2_scaling_configuration).toBeUndefined();
      }
    });

    test('creates exactly these resources', () => {
      // THEN
      expect(addresses(synth).sort()).toEqual(
        [
          'aws_appautoscaling_policy.tickets_shard_01_reader_cpu',
          'aws_appautoscaling_policy.tickets_shard_02_reader_cpu',
          'aws_appautoscaling_target.tickets_shard_01_readers',
          'aws_appautoscaling_target.tickets_shard_02_readers',
          'aws_cloudwatch_log_group.tickets_shard_01',
          'aws_cloudwatch_log_group.tickets_shard_02',
          'aws_db_subnet_group.tickets',
          'aws_iam_role.tickets_db_monitoring',
          'aws_iam_role_policy_attachment.tickets_db_monitoring',
          'aws_kms_alias.tickets_db',
          'aws_kms_key.tickets_db',
          'aws_rds_cluster.tickets_shard_01',
          'aws_rds_cluster.tickets_shard_02',
          'aws_rds_cluster_instance.tickets_shard_01_reader_1',
          'aws_rds_cluster_instance.tickets_shard_01_writer',
          'aws_rds_cluster_instance.tickets_shard_02_reader_1',
          'aws_rds_cluster_instance.tickets_shard_02_writer',
          'aws_rds_cluster_parameter_group.tickets',
          'aws_security_group.tickets_db',
          'aws_ssm_parameter.tickets_slot_map',
        ].sort(),
      );
    });
  });

  describe('slot map', () => {
    test('publishes the slot ranges and each shard’s endpoints as JSON in SSM and as an output', () => {
      // GIVEN / WHEN
      const synth = synthDb({ shards: 3, slots: 4096 });
      // THEN
      const parameter = resource(synth, 'aws_ssm_parameter', 'tickets_slot_map');
      expect(parameter).toMatchObject({ name: '/itsm-scale/prod-us-east-1/tickets/slot-map', type: 'String', tier: 'Intelligent-Tiering' });
      const expected = {
        group: 'tickets',
        slots: 4096,
        shards: [
          { shard: 1, firstSlot: 0, lastSlot: 1364 },
          { shard: 2, firstSlot: 1365, lastSlot: 2729 },
          { shard: 3, firstSlot: 2730, lastSlot: 4095 },
        ].map((r) => ({
          ...r,
          writerEndpoint: ref('aws_rds_cluster', `tickets_shard_0${r.shard}`, 'endpoint'),
          readerEndpoint: ref('aws_rds_cluster', `tickets_shard_0${r.shard}`, 'reader_endpoint'),
        })),
      };
      expect(JSON.parse(parameter.value as string)).toEqual(expected);
      expect(parse(synth).output).toEqual({
        tickets_slot_map: { description: expect.stringContaining('tickets'), value: expected },
      });
      expect(synth).toHaveResourceWithProperties(SsmParameter, { type: 'String' });
    });

    test('matches the capacity planner’s slotMap for the same slots and shards', () => {
      // GIVEN
      let db: ShardedDatabase | undefined;
      // WHEN
      Testing.synthScope((scope) => {
        db = new ShardedDatabase(scope, 'db', { ...BASE_PROPS, shards: 5, slots: 4096 });
      });
      // THEN
      expect(db?.slotMap).toEqual(planSlotMap(4096, 5));
      const covered = db!.slotMap.reduce((sum, r) => sum + r.lastSlot - r.firstSlot + 1, 0);
      expect(covered).toBe(4096);
    });

    test('accepts a caller-supplied slot map (e.g. after a custom rebalance)', () => {
      // GIVEN
      const custom = [
        { shard: 1, firstSlot: 0, lastSlot: 99 },
        { shard: 2, firstSlot: 100, lastSlot: 4095 },
      ];
      // WHEN
      const synth = synthDb({ slotMap: custom });
      // THEN
      const document = JSON.parse(resource(synth, 'aws_ssm_parameter', 'tickets_slot_map').value as string) as Json;
      expect(document.shards.map((s: Json) => [s.shard, s.firstSlot, s.lastSlot])).toEqual([
        [1, 0, 99],
        [2, 100, 4095],
      ]);
    });
  });

  describe('props', () => {
    test('group keys addresses and physical names (service-catalog → service_catalog_shard_01)', () => {
      // GIVEN / WHEN
      const synth = synthDb({ group: 'service-catalog', shards: 1 });
      // THEN
      expect(resource(synth, 'aws_rds_cluster', 'service_catalog_shard_01').cluster_identifier).toBe('prod-us-east-1-service-catalog-shard-01');
      expect(resource(synth, 'aws_ssm_parameter', 'service_catalog_slot_map').name).toBe('/itsm-scale/prod-us-east-1/service-catalog/slot-map');
      expect(parse(synth).output.service_catalog_slot_map).toBeDefined();
      expect(resource(synth, 'aws_kms_alias', 'service_catalog_db').name).toBe('alias/prod-us-east-1-service-catalog-db');
      expect(resource(synth, 'aws_rds_cluster', 'service_catalog_shard_01').tags.group).toBe('service-catalog');
    });

    test('name prefixes every physical name', () => {
      // GIVEN / WHEN
      const synth = synthDb({ name: 'dev-eu-west-1', region: 'eu-west-1', shards: 1 });
      // THEN
      expect(resource(synth, 'aws_rds_cluster', 'tickets_shard_01').cluster_identifier).toBe('dev-eu-west-1-tickets-shard-01');
      expect(resource(synth, 'aws_rds_cluster_instance', 'tickets_shard_01_writer').identifier).toBe('dev-eu-west-1-tickets-shard-01-writer');
      expect(resource(synth, 'aws_security_group', 'tickets_db').name).toBe('dev-eu-west-1-tickets-db');
      expect(resource(synth, 'aws_iam_role', 'tickets_db_monitoring').name).toBe('dev-eu-west-1-tickets-rds-monitoring');
      expect(resource(synth, 'aws_cloudwatch_log_group', 'tickets_shard_01').name).toBe('/aws/rds/cluster/dev-eu-west-1-tickets-shard-01/postgresql');
    });

    test('accountId and region scope the key policy and the monitoring trust', () => {
      // GIVEN / WHEN
      const synth = synthDb({ accountId: '999988887777', region: 'eu-central-1', name: 'prod-eu-central-1' });
      // THEN
      const keyPolicy = resource(synth, 'aws_kms_key', 'tickets_db').policy as string;
      expect(keyPolicy).toContain('arn:aws:iam::999988887777:root');
      expect(keyPolicy).toContain('rds.eu-central-1.amazonaws.com');
      expect(keyPolicy).toContain('logs.eu-central-1.amazonaws.com');
      expect(keyPolicy).not.toContain('us-east-1');
      const trust = resource(synth, 'aws_iam_role', 'tickets_db_monitoring').assume_role_policy as string;
      expect(trust).toContain('arn:aws:rds:eu-central-1:999988887777:db:*');
    });

    test('a China region uses the aws-cn partition in ARNs', () => {
      // GIVEN / WHEN
      const synth = synthDb({ region: 'cn-north-1', name: 'prod-cn-north-1' });
      // THEN
      expect(resource(synth, 'aws_kms_key', 'tickets_db').policy).toContain('arn:aws-cn:iam::123456789012:root');
      expect(resource(synth, 'aws_iam_role_policy_attachment', 'tickets_db_monitoring').policy_arn).toBe(
        'arn:aws-cn:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
      );
    });

    test('shards sets the number of clusters, log groups and autoscaling targets', () => {
      // GIVEN / WHEN
      const synth = synthDb({ shards: 12 });
      // THEN
      expect(Object.keys(resources(synth, 'aws_rds_cluster'))).toHaveLength(12);
      expect(resources(synth, 'aws_rds_cluster').tickets_shard_12?.cluster_identifier).toBe('prod-us-east-1-tickets-shard-12');
      expect(Object.keys(resources(synth, 'aws_cloudwatch_log_group'))).toHaveLength(12);
      expect(Object.keys(resources(synth, 'aws_appautoscaling_target'))).toHaveLength(12);
      // shared resources stay single
      expect(Object.keys(resources(synth, 'aws_kms_key'))).toHaveLength(1);
      expect(Object.keys(resources(synth, 'aws_security_group'))).toHaveLength(1);
    });

    test('slots sets the slot count of the map', () => {
      // GIVEN / WHEN
      const synth = synthDb({ slots: 1024 });
      // THEN
      const document = JSON.parse(resource(synth, 'aws_ssm_parameter', 'tickets_slot_map').value as string) as Json;
      expect(document.slots).toBe(1024);
      expect(document.shards[1].lastSlot).toBe(1023);
    });

    test('instanceClass sets every instance’s class', () => {
      // GIVEN / WHEN
      const synth = synthDb({ instanceClass: 'db.r7g.2xlarge', readersPerShard: 2 });
      // THEN
      const classes = Object.values(resources(synth, 'aws_rds_cluster_instance')).map((i) => i.instance_class);
      expect(classes).toHaveLength(6);
      expect(new Set(classes)).toEqual(new Set(['db.r7g.2xlarge']));
    });

    test('serverless with db.serverless sets the Serverless v2 range on every cluster', () => {
      // GIVEN / WHEN
      const synth = synthDb({ instanceClass: 'db.serverless', serverless: { minAcu: 0.5, maxAcu: 16 } });
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) {
        expect(cluster.serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 16 });
        expect(cluster.engine_mode).toBe('provisioned');
      }
      expect(synth).toHaveResourceWithProperties(RdsClusterInstance, { instance_class: 'db.serverless' });
    });

    test('readersPerShard 3 creates readers 1..3 with promotion tiers 1..3, each after the writer', () => {
      // GIVEN / WHEN
      const synth = synthDb({ readersPerShard: 3, shards: 1 });
      // THEN
      const instances = resources(synth, 'aws_rds_cluster_instance');
      expect(Object.keys(instances).sort()).toEqual([
        'tickets_shard_01_reader_1',
        'tickets_shard_01_reader_2',
        'tickets_shard_01_reader_3',
        'tickets_shard_01_writer',
      ]);
      for (const n of [1, 2, 3]) {
        expect(instances[`tickets_shard_01_reader_${n}`]).toMatchObject({
          identifier: `prod-us-east-1-tickets-shard-01-reader-${n}`,
          promotion_tier: n,
          depends_on: ['aws_rds_cluster_instance.tickets_shard_01_writer'],
        });
      }
      expect(resource(synth, 'aws_appautoscaling_target', 'tickets_shard_01_readers')).toMatchObject({ min_capacity: 3, max_capacity: 5 });
    });

    test('readersPerShard 0 leaves only the writer; autoscaling may add up to 2', () => {
      // GIVEN / WHEN
      const synth = synthDb({ readersPerShard: 0, shards: 1 });
      // THEN
      expect(Object.keys(resources(synth, 'aws_rds_cluster_instance'))).toEqual(['tickets_shard_01_writer']);
      expect(resource(synth, 'aws_appautoscaling_target', 'tickets_shard_01_readers')).toMatchObject({
        min_capacity: 0,
        max_capacity: 2,
        depends_on: ['aws_rds_cluster_instance.tickets_shard_01_writer'],
      });
    });

    test('the default autoscaling maximum is capped at 15', () => {
      // GIVEN / WHEN
      const synth = synthDb({ readersPerShard: 14, shards: 1 });
      // THEN
      expect(resource(synth, 'aws_appautoscaling_target', 'tickets_shard_01_readers')).toMatchObject({ min_capacity: 14, max_capacity: 15 });
    });

    test('readerAutoscaling sets the maximum and the CPU target', () => {
      // GIVEN / WHEN
      const synth = synthDb({ readerAutoscaling: { maxReaders: 8, targetCpuPercent: 55 } });
      // THEN
      expect(synth).toHaveResourceWithProperties(AppautoscalingTarget, { max_capacity: 8, min_capacity: 1 });
      expect(
        resource(synth, 'aws_appautoscaling_policy', 'tickets_shard_02_reader_cpu').target_tracking_scaling_policy_configuration.target_value,
      ).toBe(55);
    });

    test('readerAutoscaling false creates no scaling targets or policies', () => {
      // GIVEN / WHEN
      const synth = synthDb({ readerAutoscaling: false });
      // THEN
      expect(synth).not.toHaveResource(AppautoscalingTarget);
      expect(synth).not.toHaveResource(AppautoscalingPolicy);
    });

    test('vpcId places the security group', () => {
      // GIVEN / WHEN
      const synth = synthDb({ vpcId: 'vpc-0fedcba9876543210' });
      // THEN
      expect(synth).toHaveResourceWithProperties(SecurityGroup, { vpc_id: 'vpc-0fedcba9876543210' });
    });

    test('isolatedSubnetIds may be references to the network’s subnets', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        const subnets = new TerraformVariable(scope, 'subnets', { type: 'list(string)' });
        new ShardedDatabase(scope, 'db', { ...BASE_PROPS, isolatedSubnetIds: subnets.listValue });
      });
      // THEN
      expect(resource(synth, 'aws_db_subnet_group', 'tickets').subnet_ids).toBe('${var.subnets}');
    });

    test('clientSecurityGroupIds admits exactly those groups on 5432, one described rule each, named after the group', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        const app = new SecurityGroup(scope, 'app', { name: 'app' });
        app.overrideLogicalId('incident_app');
        const shared = new DataAwsSecurityGroup(scope, 'shared', { name: 'shared-tools' });
        shared.overrideLogicalId('shared_tools');
        new ShardedDatabase(scope, 'db', { ...BASE_PROPS, clientSecurityGroupIds: [app.id, shared.id, 'sg-0123456789abcdef0'] });
      });
      // THEN
      const rules = resources(synth, 'aws_vpc_security_group_ingress_rule');
      expect(Object.keys(rules).sort()).toEqual([
        'tickets_db_from_incident_app',
        'tickets_db_from_sg_0123456789abcdef0',
        'tickets_db_from_shared_tools',
      ]);
      for (const rule of Object.values(rules)) {
        expect(rule).toMatchObject({
          security_group_id: ref('aws_security_group', 'tickets_db'),
          ip_protocol: 'tcp',
          from_port: 5432,
          to_port: 5432,
        });
        expect(rule.description).toMatch(/^PostgreSQL 5432 from client security group \S+$/);
        expect(rule.cidr_ipv4).toBeUndefined();
      }
      expect(rules.tickets_db_from_incident_app?.referenced_security_group_id).toBe(ref('aws_security_group', 'incident_app'));
      expect(rules.tickets_db_from_shared_tools?.referenced_security_group_id).toBe('${data.aws_security_group.shared_tools.id}');
      expect(rules.tickets_db_from_sg_0123456789abcdef0).toMatchObject({
        referenced_security_group_id: 'sg-0123456789abcdef0',
        description: 'PostgreSQL 5432 from client security group sg-0123456789abcdef0',
      });
      // still no egress
      expect(resource(synth, 'aws_security_group', 'tickets_db').egress).toEqual([]);
    });

    test('adding a client security group in front of others keeps the existing rules’ addresses', () => {
      // GIVEN
      const before = synthDb({ clientSecurityGroupIds: ['sg-0bbbbbbbbbbbbbbbb'] });
      // WHEN
      const after = synthDb({ clientSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'] });
      // THEN
      expect(resources(after, 'aws_vpc_security_group_ingress_rule').tickets_db_from_sg_0bbbbbbbbbbbbbbbb).toEqual(
        resources(before, 'aws_vpc_security_group_ingress_rule').tickets_db_from_sg_0bbbbbbbbbbbbbbbb,
      );
    });

    test('engineVersion sets the version and the parameter group family follows its major', () => {
      // GIVEN / WHEN
      const synth = synthDb({ engineVersion: '17.5' });
      // THEN
      expect(synth).toHaveResourceWithProperties(RdsCluster, { engine_version: '17.5' });
      expect(resource(synth, 'aws_rds_cluster_parameter_group', 'tickets')).toMatchObject({
        family: 'aurora-postgresql17',
        name_prefix: 'prod-us-east-1-tickets-aurora-postgresql17-',
      });
    });

    test('port sets the cluster port and the ingress rules', () => {
      // GIVEN / WHEN
      const synth = synthDb({ port: 6432, clientSecurityGroupIds: ['sg-0123456789abcdef0'] });
      // THEN
      expect(synth).toHaveResourceWithProperties(RdsCluster, { port: 6432 });
      expect(synth).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { from_port: 6432, to_port: 6432 });
      // the security group's (replacement-forcing) description does not mention the port
      expect(resource(synth, 'aws_security_group', 'tickets_db').description).toBe(
        resource(synthDb(), 'aws_security_group', 'tickets_db').description,
      );
    });

    test('backupRetentionDays and the windows reach every cluster', () => {
      // GIVEN / WHEN
      const synth = synthDb({ backupRetentionDays: 7, preferredBackupWindow: '22:30-23:30', preferredMaintenanceWindow: 'sat:01:00-sat:02:00' });
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) {
        expect(cluster).toMatchObject({
          backup_retention_period: 7,
          preferred_backup_window: '22:30-23:30',
          preferred_maintenance_window: 'sat:01:00-sat:02:00',
        });
      }
    });

    test('deletionProtection false turns RDS and log-group deletion protection off but keeps prevent_destroy and the final snapshot', () => {
      // GIVEN / WHEN
      const synth = synthDb({ deletionProtection: false });
      // THEN
      expect(synth).toHaveResourceWithProperties(RdsCluster, {
        deletion_protection: false,
        skip_final_snapshot: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { deletion_protection_enabled: false });
    });

    test('kmsKeyArn replaces the created key everywhere', () => {
      // GIVEN / WHEN
      let db: ShardedDatabase | undefined;
      const synth = Testing.synthScope((scope) => {
        db = new ShardedDatabase(scope, 'db', { ...BASE_PROPS, kmsKeyArn: KEY_ARN });
      });
      // THEN
      expect(synth).not.toHaveResource(KmsKey);
      expect(synth).not.toHaveResource(KmsAlias);
      expect(synth).toHaveResourceWithProperties(RdsCluster, { kms_key_id: KEY_ARN, master_user_secret_kms_key_id: KEY_ARN });
      expect(synth).toHaveResourceWithProperties(RdsClusterInstance, { performance_insights_kms_key_id: KEY_ARN });
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { kms_key_id: KEY_ARN });
      expect(db?.kmsKeyArn).toBe(KEY_ARN);
    });

    test('logRetentionDays sets the log groups’ retention', () => {
      // GIVEN / WHEN
      const synth = synthDb({ logRetentionDays: 90 });
      // THEN
      for (const group of Object.values(resources(synth, 'aws_cloudwatch_log_group'))) expect(group.retention_in_days).toBe(90);
    });

    test('slowStatementMs sets log_min_duration_statement', () => {
      // GIVEN / WHEN
      const synth = synthDb({ slowStatementMs: 2000 });
      // THEN
      const parameters = resource(synth, 'aws_rds_cluster_parameter_group', 'tickets').parameter as Json[];
      expect(parameters.find((p) => p.name === 'log_min_duration_statement')?.value).toBe('2000');
    });

    test('performanceInsightsRetentionDays sets every instance’s retention', () => {
      // GIVEN / WHEN
      const synth = synthDb({ performanceInsightsRetentionDays: 93 });
      // THEN
      for (const instance of Object.values(resources(synth, 'aws_rds_cluster_instance'))) {
        expect(instance.performance_insights_retention_period).toBe(93);
      }
    });

    test('monitoringIntervalSeconds 0 turns Enhanced Monitoring off and creates no role', () => {
      // GIVEN / WHEN
      const synth = synthDb({ monitoringIntervalSeconds: 0 });
      // THEN
      expect(synth).not.toHaveResource(IamRole);
      expect(synth).not.toHaveResource(IamRolePolicyAttachment);
      for (const instance of Object.values(resources(synth, 'aws_rds_cluster_instance'))) {
        expect(instance.monitoring_interval).toBe(0);
        expect(instance.monitoring_role_arn).toBeUndefined();
      }
    });

    test('monitoringIntervalSeconds 15 sets the interval', () => {
      // GIVEN / WHEN
      const synth = synthDb({ monitoringIntervalSeconds: 15 });
      // THEN
      expect(synth).toHaveResourceWithProperties(RdsClusterInstance, { monitoring_interval: 15 });
    });

    test('globalClusterIdentifier joins the global database and ignores changes that failovers make', () => {
      // GIVEN / WHEN
      const synth = synthDb({ globalClusterIdentifier: 'prod-tickets-shard-global' });
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) {
        expect(cluster.global_cluster_identifier).toBe('prod-tickets-shard-global');
        expect(cluster.lifecycle).toEqual({
          prevent_destroy: true,
          ignore_changes: ['global_cluster_identifier', 'replication_source_identifier'],
        });
      }
    });

    test('dataClassification tags every taggable resource', () => {
      // GIVEN / WHEN
      const synth = synthDb({ dataClassification: 'restricted' });
      // THEN
      const tagged = Object.entries((parse(synth).resource ?? {}) as Record<string, Record<string, Json>>).flatMap(([type, byId]) =>
        Object.entries(byId)
          .filter(([, config]) => config.tags !== undefined)
          .map(([id, config]) => [`${type}.${id}`, config.tags['data-classification']]),
      );
      expect(tagged.length).toBeGreaterThanOrEqual(15);
      for (const [address, value] of tagged) expect({ address, value }).toEqual({ address, value: 'restricted' });
    });

    test('backupPlanTag tags the clusters (only) for the backup selection', () => {
      // GIVEN / WHEN
      const synth = synthDb({ backupPlanTag: 'prod-daily' });
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) expect(cluster.tags['backup-plan']).toBe('prod-daily');
      for (const instance of Object.values(resources(synth, 'aws_rds_cluster_instance'))) expect(instance.tags['backup-plan']).toBeUndefined();
    });

    test('tags are merged onto every resource, and the construct’s own keys win', () => {
      // GIVEN / WHEN
      const synth = synthDb({ tags: { team: 'itsm', shard: 'ignored', Name: 'ignored' } });
      // THEN
      expect(resource(synth, 'aws_rds_cluster', 'tickets_shard_02').tags).toEqual({
        Name: 'prod-us-east-1-tickets-shard-02',
        'data-classification': 'confidential',
        group: 'tickets',
        shard: '02',
        team: 'itsm',
      });
      expect(resource(synth, 'aws_security_group', 'tickets_db').tags).toMatchObject({ Name: 'prod-us-east-1-tickets-db', team: 'itsm' });
      for (const [type, id] of [
        ['aws_kms_key', 'tickets_db'],
        ['aws_db_subnet_group', 'tickets'],
        ['aws_rds_cluster_parameter_group', 'tickets'],
        ['aws_iam_role', 'tickets_db_monitoring'],
        ['aws_cloudwatch_log_group', 'tickets_shard_01'],
        ['aws_rds_cluster_instance', 'tickets_shard_01_reader_1'],
        ['aws_appautoscaling_target', 'tickets_shard_01_readers'],
        ['aws_ssm_parameter', 'tickets_slot_map'],
      ] as const) {
        expect(resource(synth, type, id).tags).toMatchObject({ team: 'itsm' });
      }
    });
  });

  describe('attributes', () => {
    test('expose clusters, ARNs, endpoints, identifiers, slot map, security group and key', () => {
      // GIVEN
      let db: ShardedDatabase | undefined;
      // WHEN
      Testing.synthScope((scope) => {
        db = new ShardedDatabase(scope, 'db', { ...BASE_PROPS, shards: 3 });
      });
      // THEN
      expect(Object.keys(db!.clusters)).toEqual(['1', '2', '3']);
      expect(db!.clusters[2]?.clusterIdentifier).toBeDefined();
      expect(db!.clusterIdentifiers).toEqual({
        1: 'prod-us-east-1-tickets-shard-01',
        2: 'prod-us-east-1-tickets-shard-02',
        3: 'prod-us-east-1-tickets-shard-03',
      });
      expect(Object.keys(db!.clusterArns)).toEqual(['1', '2', '3']);
      expect(Object.keys(db!.writerEndpoints)).toHaveLength(3);
      expect(Object.keys(db!.readerEndpoints)).toHaveLength(3);
      expect(db!.slotMap).toEqual(contiguousSlotMap(4096, 3));
      expect(db!.slotMapParameterName).toBe('/itsm-scale/prod-us-east-1/tickets/slot-map');
      expect(db!.port).toBe(5432);
      // the token attributes resolve to the right Terraform references
      const stackJson = Testing.synthScope((scope) => {
        const d = new ShardedDatabase(scope, 'db', BASE_PROPS);
        new SsmParameter(scope, 'probe', {
          name: 'probe',
          type: 'String',
          value: Fn.jsonencode([d.clusterArns[2], d.securityGroupId, d.kmsKeyArn, d.writerEndpoints[1], d.readerEndpoints[1]]),
        });
      });
      expect(resources(stackJson, 'aws_ssm_parameter').probe?.value).toBe(
        '${jsonencode([aws_rds_cluster.tickets_shard_02.arn, aws_security_group.tickets_db.id, aws_kms_key.tickets_db.arn, ' +
          'aws_rds_cluster.tickets_shard_01.endpoint, aws_rds_cluster.tickets_shard_01.reader_endpoint])}',
      );
    });
  });

  describe('growth safety', () => {
    test('growing from 2 to 4 shards only adds shards 3 and 4 and changes the map; shards 1 and 2 are untouched', () => {
      // GIVEN
      const two = synthDb({ shards: 2 });
      // WHEN
      const four = synthDb({ shards: 4 });
      // THEN every address of the 2-shard database still exists
      const fourAddresses = new Set(addresses(four));
      expect(addresses(two).filter((a) => !fourAddresses.has(a))).toEqual([]);
      // AND the new addresses are exactly shards 3 and 4
      const twoAddresses = new Set(addresses(two));
      expect(addresses(four).filter((a) => !twoAddresses.has(a)).sort()).toEqual(
        ['03', '04']
          .flatMap((nn) => [
            `aws_appautoscaling_policy.tickets_shard_${nn}_reader_cpu`,
            `aws_appautoscaling_target.tickets_shard_${nn}_readers`,
            `aws_cloudwatch_log_group.tickets_shard_${nn}`,
            `aws_rds_cluster.tickets_shard_${nn}`,
            `aws_rds_cluster_instance.tickets_shard_${nn}_reader_1`,
            `aws_rds_cluster_instance.tickets_shard_${nn}_writer`,
          ])
          .sort(),
      );
      // AND the replacement-forcing attributes of the existing clusters and instances are identical
      const forcing = [
        'cluster_identifier',
        'engine',
        'engine_mode',
        'kms_key_id',
        'db_subnet_group_name',
        'storage_encrypted',
        'master_username',
        'availability_zones',
        'database_name',
        'port',
        'final_snapshot_identifier',
        'global_cluster_identifier',
      ];
      for (const id of ['tickets_shard_01', 'tickets_shard_02']) {
        const before = resource(two, 'aws_rds_cluster', id);
        const after = resource(four, 'aws_rds_cluster', id);
        for (const attr of forcing) expect({ id, attr, value: after[attr] }).toEqual({ id, attr, value: before[attr] });
        expect(before.cluster_identifier).toBe(`prod-us-east-1-${id.replace(/_/g, '-')}`);
      }
      // AND in fact every existing resource except the published map is byte-for-byte the same
      for (const address of addresses(two)) {
        const [type, id] = address.split('.') as [string, string];
        if (address === 'aws_ssm_parameter.tickets_slot_map') continue;
        expect({ address, config: resource(four, type, id) }).toEqual({ address, config: resource(two, type, id) });
      }
      // AND the key policy, which covers all shards by prefix, did not change
      expect(resource(four, 'aws_kms_key', 'tickets_db').policy).toBe(resource(two, 'aws_kms_key', 'tickets_db').policy);
      // AND the map moved slots to the new shards
      const mapOf = (synth: string) =>
        (JSON.parse(resource(synth, 'aws_ssm_parameter', 'tickets_slot_map').value as string) as Json).shards.map((s: Json) => [
          s.shard,
          s.firstSlot,
          s.lastSlot,
        ]);
      expect(mapOf(two)).toEqual([
        [1, 0, 2047],
        [2, 2048, 4095],
      ]);
      expect(mapOf(four)).toEqual([
        [1, 0, 1023],
        [2, 1024, 2047],
        [3, 2048, 3071],
        [4, 3072, 4095],
      ]);
      expect(resource(four, 'aws_ssm_parameter', 'tickets_slot_map').name).toBe(resource(two, 'aws_ssm_parameter', 'tickets_slot_map').name);
    });

    test('adding a reader only adds reader 2; resizing the class changes instances in place (same identifiers)', () => {
      // GIVEN
      const before = synthDb({ readersPerShard: 1 });
      // WHEN
      const moreReaders = synthDb({ readersPerShard: 2 });
      const bigger = synthDb({ instanceClass: 'db.r7g.4xlarge' });
      // THEN
      const beforeInstances = resources(before, 'aws_rds_cluster_instance');
      const moreInstances = resources(moreReaders, 'aws_rds_cluster_instance');
      for (const [id, instance] of Object.entries(beforeInstances)) expect(moreInstances[id]).toEqual(instance);
      expect(Object.keys(moreInstances).filter((id) => !(id in beforeInstances)).sort()).toEqual([
        'tickets_shard_01_reader_2',
        'tickets_shard_02_reader_2',
      ]);
      const biggerInstances = resources(bigger, 'aws_rds_cluster_instance');
      for (const [id, instance] of Object.entries(beforeInstances)) {
        expect(biggerInstances[id]).toEqual({ ...instance, instance_class: 'db.r7g.4xlarge' });
      }
      expect(resources(bigger, 'aws_rds_cluster')).toEqual(resources(before, 'aws_rds_cluster'));
    });
  });

  describe('logical ids', () => {
    test('are readable, keyed by group and two-digit shard number, with no hash suffix and no construct id', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new ShardedDatabase(scope, 'TicketsDatabase', { ...BASE_PROPS, clientSecurityGroupIds: ['sg-0123456789abcdef0'] });
      });
      // THEN
      const all = addresses(synth);
      expect(all.length).toBeGreaterThan(15);
      for (const address of all) {
        expect(address).toMatch(/^aws_[a-z0-9_]+\.tickets(_[a-z0-9]+)*$/);
        expect(address).not.toMatch(/_[A-F0-9]{8}$/);
        expect(address.toLowerCase()).not.toContain('ticketsdatabase');
      }
      expect(Object.keys(parse(synth).output)).toEqual(['tickets_slot_map']);
    });

    test('two groups in one stack do not clash', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new ShardedDatabase(scope, 'tickets-db', BASE_PROPS);
        new ShardedDatabase(scope, 'cmdb-db', { ...BASE_PROPS, group: 'cmdb', shards: 1 });
      });
      // THEN
      expect(Object.keys(resources(synth, 'aws_rds_cluster')).sort()).toEqual(['cmdb_shard_01', 'tickets_shard_01', 'tickets_shard_02']);
      expect(Object.keys(resources(synth, 'aws_kms_key')).sort()).toEqual(['cmdb_db', 'tickets_db']);
      expect(Object.keys(resources(synth, 'aws_security_group')).sort()).toEqual(['cmdb_db', 'tickets_db']);
      expect(Object.keys(parse(synth).output).sort()).toEqual(['cmdb_slot_map', 'tickets_slot_map']);
    });

    test('the same group twice in one stack throws', () => {
      // GIVEN / WHEN / THEN
      expect(() =>
        Testing.synthScope((scope) => {
          new ShardedDatabase(scope, 'a', BASE_PROPS);
          new ShardedDatabase(scope, 'b', BASE_PROPS);
        }),
      ).toThrow(/already manages group "tickets"; use one construct per database group/);
    });
  });

  describe('validation', () => {
    test.each([
      [0, /shards is 0; it must be a whole number of at least 1/],
      [-1, /shards is -1/],
      [1.5, /shards is 1\.5/],
    ])('throws for shards %p', (shards, message) => {
      expect(makeDb({ shards })).toThrow(message);
    });

    test('throws when slots < shards', () => {
      expect(makeDb({ shards: 8, slots: 4 })).toThrow(/slots \(4\) is less than shards \(8\); every shard needs at least one slot/);
    });

    test('throws for non-integer slots', () => {
      expect(makeDb({ slots: 10.5 })).toThrow(/slots is 10\.5/);
    });

    test('throws for readersPerShard above 15', () => {
      expect(makeDb({ readersPerShard: 16 })).toThrow(/readersPerShard is 16; use a whole number from 0 to 15/);
    });

    test('throws for negative readersPerShard', () => {
      expect(makeDb({ readersPerShard: -1 })).toThrow(/readersPerShard is -1/);
    });

    test('throws for db.serverless without a serverless range', () => {
      expect(makeDb({ instanceClass: 'db.serverless' })).toThrow(/"db\.serverless" but serverless is missing; pass serverless: \{ minAcu, maxAcu \}/);
    });

    test('throws when maxAcu < minAcu', () => {
      expect(makeDb({ instanceClass: 'db.serverless', serverless: { minAcu: 8, maxAcu: 4 } })).toThrow(
        /serverless\.maxAcu \(4\) is less than serverless\.minAcu \(8\)/,
      );
    });

    test('throws for ACU values off the 0.5 grid or out of range', () => {
      expect(makeDb({ instanceClass: 'db.serverless', serverless: { minAcu: 0.3, maxAcu: 4 } })).toThrow(/minAcu is 0\.3; use 0 to 256 in steps of 0\.5/);
      expect(makeDb({ instanceClass: 'db.serverless', serverless: { minAcu: 1, maxAcu: 512 } })).toThrow(/maxAcu is 512/);
    });

    test('throws for a serverless range on a provisioned class', () => {
      expect(makeDb({ serverless: { minAcu: 1, maxAcu: 4 } })).toThrow(/serverless is set but instanceClass is "db\.r7g\.large"/);
    });

    test('throws for an instance class that is not one', () => {
      expect(makeDb({ instanceClass: 'r7g.large' })).toThrow(/instanceClass "r7g\.large" is not an RDS instance class/);
    });

    test.each([0, 36, 7.5])('throws for backupRetentionDays %p', (backupRetentionDays) => {
      expect(makeDb({ backupRetentionDays })).toThrow(/backupRetentionDays is .*; Aurora keeps automated backups for 1 to 35 days/);
    });

    test('accepts backupRetentionDays 1 and 35', () => {
      expect(makeDb({ backupRetentionDays: 1 })).not.toThrow();
      expect(makeDb({ backupRetentionDays: 35 })).not.toThrow();
    });

    test.each([2, 45, 120])('throws for monitoringIntervalSeconds %p', (monitoringIntervalSeconds) => {
      expect(makeDb({ monitoringIntervalSeconds })).toThrow(/monitoringIntervalSeconds is \d+; use one of 0, 1, 5, 10, 15, 30, 60/);
    });

    test('throws for an empty or single-subnet isolatedSubnetIds', () => {
      expect(makeDb({ isolatedSubnetIds: [] })).toThrow(/isolatedSubnetIds has 0 subnet\(s\); an Aurora subnet group needs at least 2 subnets in different AZs/);
      expect(makeDb({ isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa'] })).toThrow(/isolatedSubnetIds has 1 subnet/);
    });

    test.each([0, 8, 60, 732])('throws for performanceInsightsRetentionDays %p', (performanceInsightsRetentionDays) => {
      expect(makeDb({ performanceInsightsRetentionDays })).toThrow(/performanceInsightsRetentionDays is \d+; use 7 \(free tier\), a multiple of 31/);
    });

    test.each([7, 31, 713, 731])('accepts performanceInsightsRetentionDays %p', (performanceInsightsRetentionDays) => {
      expect(makeDb({ performanceInsightsRetentionDays })).not.toThrow();
    });

    test('throws for a log retention CloudWatch Logs does not accept', () => {
      expect(makeDb({ logRetentionDays: 42 })).toThrow(/logRetentionDays 42 is not accepted by CloudWatch Logs; use one of 1, 3, 5/);
    });

    test('throws for a slowStatementMs below -1', () => {
      expect(makeDb({ slowStatementMs: -5 })).toThrow(/slowStatementMs is -5/);
    });

    test('throws for malformed windows and for overlapping windows', () => {
      expect(makeDb({ preferredBackupWindow: '3:00-4:00' })).toThrow(/preferredBackupWindow "3:00-4:00" is not a daily window; use hh:mm-hh:mm/);
      expect(makeDb({ preferredBackupWindow: '03:00-03:10' })).toThrow(/lasts 10 minutes; RDS needs at least 30/);
      expect(makeDb({ preferredMaintenanceWindow: 'sunday:04:30-sunday:05:30' })).toThrow(/preferredMaintenanceWindow .* is not a weekly window/);
      expect(makeDb({ preferredBackupWindow: '04:00-05:00' })).toThrow(
        /preferredBackupWindow "04:00-05:00" overlaps preferredMaintenanceWindow "sun:04:30-sun:05:30"/,
      );
    });

    test('throws for readerAutoscaling.maxReaders below readersPerShard or above 15, and a bad CPU target', () => {
      expect(makeDb({ readersPerShard: 3, readerAutoscaling: { maxReaders: 2, targetCpuPercent: 70 } })).toThrow(
        /readerAutoscaling\.maxReaders is 2; use a whole number from readersPerShard \(3\) to 15/,
      );
      expect(makeDb({ readerAutoscaling: { maxReaders: 16, targetCpuPercent: 70 } })).toThrow(/maxReaders is 16/);
      expect(makeDb({ readerAutoscaling: { maxReaders: 4, targetCpuPercent: 0 } })).toThrow(/targetCpuPercent is 0/);
    });

    test('throws for an invalid slotMap', () => {
      expect(makeDb({ slotMap: [{ shard: 1, firstSlot: 0, lastSlot: 4095 }] })).toThrow(/slotMap is invalid: it has 1 entries but shards is 2/);
      expect(
        makeDb({
          slotMap: [
            { shard: 1, firstSlot: 0, lastSlot: 99 },
            { shard: 2, firstSlot: 101, lastSlot: 4095 },
          ],
        }),
      ).toThrow(/shard 2 starts at slot 101, expected 100/);
    });

    test('throws for a client security group listed twice', () => {
      expect(makeDb({ clientSecurityGroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef0'] })).toThrow(
        /lists the security group "sg-0123456789abcdef0" twice/,
      );
    });

    test('throws for a client security group id that is not one', () => {
      expect(makeDb({ clientSecurityGroupIds: ['vpc-0123'] })).toThrow(/"vpc-0123", which is not a security group id/);
    });

    test('throws for a client security group token that is not a plain reference', () => {
      expect(() =>
        Testing.synthScope((scope) => {
          const ids = new TerraformVariable(scope, 'ids', { type: 'list(string)' });
          new ShardedDatabase(scope, 'db', { ...BASE_PROPS, clientSecurityGroupIds: [Fn.element(ids.listValue, 0)] });
        }),
      ).toThrow(/is neither a literal id nor a plain reference to a security group's id/);
    });

    test('throws for a kmsKeyArn that is an alias', () => {
      expect(makeDb({ kmsKeyArn: 'alias/prod-db' })).toThrow(/kmsKeyArn "alias\/prod-db" is not a KMS key ARN/);
    });

    test('throws for names that make identifiers longer than 63 characters', () => {
      expect(makeDb({ name: 'production-us-east-1-blue-green-canary', group: 'service-catalog' })).toThrow(
        /instance identifiers such as ".*-reader-15" would have \d+ characters, RDS allows 63/,
      );
    });

    test('throws for an invalid group, name, account or region', () => {
      expect(makeDb({ group: 'Tickets' })).toThrow(/group "Tickets" is invalid/);
      expect(makeDb({ group: '1tickets' })).toThrow(/group "1tickets" is invalid/);
      expect(makeDb({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid/);
      expect(makeDb({ accountId: '1234' })).toThrow(/accountId "1234" is invalid/);
      expect(makeDb({ region: 'US East' })).toThrow(/region "US East" is invalid/);
    });

    test('throws for a port outside 1150-65535 and a bad engine version', () => {
      expect(makeDb({ port: 80 })).toThrow(/port is 80; Aurora accepts 1150 to 65535/);
      expect(makeDb({ engineVersion: 'latest' })).toThrow(/engineVersion "latest" is invalid/);
    });

    test('throws for empty dataClassification and backupPlanTag, and a bad global cluster id', () => {
      expect(makeDb({ dataClassification: ' ' })).toThrow(/dataClassification is empty/);
      expect(makeDb({ backupPlanTag: '' })).toThrow(/backupPlanTag is empty/);
      expect(makeDb({ globalClusterIdentifier: 'global_1' })).toThrow(/globalClusterIdentifier "global_1" is invalid/);
    });

    test('error messages carry the construct path', () => {
      expect(makeDb({ shards: 0 })).toThrow(/^ShardedDatabase stack\/db: shards is 0/);
    });
  });
});

describe('ShardedDatabase global database', () => {
  const SECRET_NAME = 'itsm-scale/prod/tickets/master-password';
  const PRIMARY: GlobalDatabaseOptions = { role: 'primary', identifierPrefix: 'prod-tickets', masterPasswordSecretName: SECRET_NAME };
  const EPHEMERAL_PASSWORD = '${ephemeral.aws_secretsmanager_random_password.tickets_master_password.random_password}';
  const SECONDARY: GlobalDatabaseOptions = { role: 'secondary', identifierPrefix: 'prod-tickets' };
  /** The secondary region's props: its own name, region and subnets, the same group, shards and prefix. */
  const SECONDARY_REGION: Partial<ShardedDatabaseProps> = {
    name: 'prod-us-west-2',
    region: 'us-west-2',
    isolatedSubnetIds: ['subnet-0dddddddddddddddd', 'subnet-0eeeeeeeeeeeeeeee'],
  };
  const primaryDb = (overrides: Partial<ShardedDatabaseProps> = {}) => synthDb({ globalDatabase: PRIMARY, ...overrides });
  const secondaryDb = (overrides: Partial<ShardedDatabaseProps> = {}) =>
    synthDb({ ...SECONDARY_REGION, globalDatabase: SECONDARY, ...overrides });

  describe('primary', () => {
    test('creates one encrypted, deletion-protected, destroy-protected global cluster per shard, named <prefix>-shard-NN', () => {
      // GIVEN / WHEN
      const synth = primaryDb({ shards: 3 });
      // THEN
      const globals = resources(synth, 'aws_rds_global_cluster');
      expect(Object.keys(globals).sort()).toEqual(['tickets_shard_01_global', 'tickets_shard_02_global', 'tickets_shard_03_global']);
      for (const nn of ['01', '02', '03']) {
        expect(globals[`tickets_shard_${nn}_global`]).toEqual({
          global_cluster_identifier: `prod-tickets-shard-${nn}`,
          engine: 'aurora-postgresql',
          engine_version: DEFAULT_ENGINE_VERSION,
          storage_encrypted: true,
          deletion_protection: true,
          tags: { Name: `prod-tickets-shard-${nn}`, 'data-classification': 'confidential', group: 'tickets', shard: nn },
          lifecycle: { prevent_destroy: true },
        });
      }
      expect(synth).toHaveResourceWithProperties(RdsGlobalCluster, { global_cluster_identifier: 'prod-tickets-shard-02', storage_encrypted: true });
    });

    test('global clusters follow deletionProtection and engineVersion', () => {
      // GIVEN / WHEN
      const synth = primaryDb({ deletionProtection: false, engineVersion: '17.5' });
      // THEN
      for (const global of Object.values(resources(synth, 'aws_rds_global_cluster'))) {
        expect(global).toMatchObject({ deletion_protection: false, engine_version: '17.5', lifecycle: { prevent_destroy: true } });
      }
      expect(resource(synth, 'aws_rds_cluster', 'tickets_shard_01').engine_version).toBe('17.5');
    });

    test('each cluster joins its own global cluster by reference, sets the generated master password write-only and ignores failover changes', () => {
      // GIVEN / WHEN
      const synth = primaryDb();
      // THEN
      for (const nn of ['01', '02']) {
        const cluster = resource(synth, 'aws_rds_cluster', `tickets_shard_${nn}`);
        expect(cluster.global_cluster_identifier).toBe(ref('aws_rds_global_cluster', `tickets_shard_${nn}_global`));
        expect(cluster.master_username).toBe('itsm_admin');
        // The password is write-only: fed from the ephemeral resource, never in state or plan; the version rotates it.
        expect(cluster.master_password).toBeUndefined();
        expect(cluster.master_password_wo).toBe(EPHEMERAL_PASSWORD);
        expect(cluster.master_password_wo_version).toBe(1);
        // RDS-managed passwords are not supported in global databases
        expect(cluster.manage_master_user_password).toBeUndefined();
        expect(cluster.master_user_secret_kms_key_id).toBeUndefined();
        expect(cluster.lifecycle).toEqual({
          prevent_destroy: true,
          ignore_changes: ['global_cluster_identifier', 'replication_source_identifier', 'engine_version'],
        });
        // everything else stays as for a regional cluster
        expect(cluster).toMatchObject({
          cluster_identifier: `prod-us-east-1-tickets-shard-${nn}`,
          storage_encrypted: true,
          kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
          deletion_protection: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: `prod-us-east-1-tickets-shard-${nn}-final`,
          backup_retention_period: 35,
        });
        expect(cluster.enable_global_write_forwarding).toBeUndefined();
      }
      expect(synth).not.toHaveDataSource(DataAwsSsmParameter);
    });

    test('draws the password from an ephemeral resource, written through the stack override, and stores it write-only in a KMS-encrypted secret', () => {
      // GIVEN / WHEN
      const synth = primaryDb();
      const json = parse(synth);
      // THEN the ephemeral block (cdktf has no class for it) holds only letters and digits RDS accepts
      expect(json.ephemeral).toEqual({
        aws_secretsmanager_random_password: {
          tickets_master_password: { password_length: 40, exclude_punctuation: true, include_space: false, require_each_included_type: true },
        },
      });
      // AND the secret, with its own rotating customer-managed key, receives it write-only with the user and engine
      expect(resource(synth, 'aws_secretsmanager_secret', 'tickets_master_password')).toMatchObject({
        name: SECRET_NAME,
        kms_key_id: ref('aws_kms_key', 'tickets_master_password', 'arn'),
        recovery_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResource(SecretsmanagerSecret);
      const version = resource(synth, 'aws_secretsmanager_secret_version', 'tickets_master_password');
      expect(version).toEqual({
        secret_id: ref('aws_secretsmanager_secret', 'tickets_master_password'),
        secret_string_wo:
          '${jsonencode({ engine = "postgres", username = "itsm_admin", password = ephemeral.aws_secretsmanager_random_password.tickets_master_password.random_password })}',
        secret_string_wo_version: 1,
      });
      const key = resource(synth, 'aws_kms_key', 'tickets_master_password');
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      expect(JSON.parse(key.policy as string).Statement[1].Condition).toEqual({
        StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
      });
    });

    test('masterPasswordVersion rotates: the secret and every shard get the new version together', () => {
      const synth = primaryDb({ globalDatabase: { ...PRIMARY, masterPasswordVersion: 2 } });
      expect(resource(synth, 'aws_secretsmanager_secret_version', 'tickets_master_password').secret_string_wo_version).toBe(2);
      for (const nn of ['01', '02']) expect(resource(synth, 'aws_rds_cluster', `tickets_shard_${nn}`).master_password_wo_version).toBe(2);
      expect(makeDb({ globalDatabase: { ...PRIMARY, masterPasswordVersion: 0 } })).toThrow(/globalDatabase\.masterPasswordVersion 0 is invalid; use a whole number from 1/);
    });

    test('keeps the writer, the readers and reader scaling of a regional database', () => {
      // GIVEN / WHEN
      const synth = primaryDb();
      // THEN
      expect(Object.keys(resources(synth, 'aws_rds_cluster_instance')).sort()).toEqual([
        'tickets_shard_01_reader_1',
        'tickets_shard_01_writer',
        'tickets_shard_02_reader_1',
        'tickets_shard_02_writer',
      ]);
      expect(resources(synth, 'aws_rds_cluster_instance')).toEqual(resources(synthDb(), 'aws_rds_cluster_instance'));
      expect(resources(synth, 'aws_appautoscaling_target')).toEqual(resources(synthDb(), 'aws_appautoscaling_target'));
    });

    test('exposes the global cluster identifiers; a regional database has none', () => {
      // GIVEN
      let global: ShardedDatabase | undefined;
      let regional: ShardedDatabase | undefined;
      // WHEN
      Testing.synthScope((scope) => {
        global = new ShardedDatabase(scope, 'db', { ...BASE_PROPS, shards: 3, globalDatabase: PRIMARY });
        regional = new ShardedDatabase(scope, 'cmdb', { ...BASE_PROPS, group: 'cmdb' });
      });
      // THEN
      expect(global!.globalClusterIdentifiers).toEqual({ 1: 'prod-tickets-shard-01', 2: 'prod-tickets-shard-02', 3: 'prod-tickets-shard-03' });
      expect(regional!.globalClusterIdentifiers).toEqual({});
    });

    test('a primary needs no password input: the secret name defaults to <name>-<group>-master-password', () => {
      const synth = primaryDb({ globalDatabase: { role: 'primary', identifierPrefix: 'prod-tickets' } });
      expect(resource(synth, 'aws_secretsmanager_secret', 'tickets_master_password').name).toBe('prod-us-east-1-tickets-master-password');
    });

    test('throws for a masterPasswordSecretName that is not a secret name', () => {
      expect(makeDb({ globalDatabase: { ...PRIMARY, masterPasswordSecretName: 'my password' } })).toThrow(
        /masterPasswordSecretName "my password" is not a Secrets Manager secret name/,
      );
    });

    test('throws for write forwarding on the primary', () => {
      expect(makeDb({ globalDatabase: { ...PRIMARY, writeForwarding: true } })).toThrow(/writeForwarding is true on the primary; only a secondary forwards writes/);
    });

    test('throws for readersPerShard 0 on the primary (no in-region failover)', () => {
      expect(makeDb({ globalDatabase: PRIMARY, readersPerShard: 0 })).toThrow(
        /role is "primary" but readersPerShard is 0; the primary of a global database needs at least 1 reader per shard/,
      );
    });
  });

  describe('secondary', () => {
    test('joins each shard’s global cluster by its deterministic identifier, without master credentials', () => {
      // GIVEN / WHEN
      const synth = secondaryDb({ shards: 3 });
      // THEN
      const clusters = resources(synth, 'aws_rds_cluster');
      expect(Object.keys(clusters).sort()).toEqual(['tickets_shard_01', 'tickets_shard_02', 'tickets_shard_03']);
      for (const nn of ['01', '02', '03']) {
        const cluster = clusters[`tickets_shard_${nn}`]!;
        expect(cluster.global_cluster_identifier).toBe(`prod-tickets-shard-${nn}`);
        for (const attribute of ['master_username', 'master_password', 'manage_master_user_password', 'master_user_secret_kms_key_id', 'database_name']) {
          expect({ attribute, value: cluster[attribute] }).toEqual({ attribute, value: undefined });
        }
        expect(cluster).toMatchObject({
          cluster_identifier: `prod-us-west-2-tickets-shard-${nn}`,
          engine: 'aurora-postgresql',
          engine_version: DEFAULT_ENGINE_VERSION,
          // its own regional key
          storage_encrypted: true,
          kms_key_id: ref('aws_kms_key', 'tickets_db', 'arn'),
          deletion_protection: true,
          // a detached (promoted) secondary keeps 35 days of PITR and takes a final snapshot
          backup_retention_period: 35,
          skip_final_snapshot: false,
          final_snapshot_identifier: `prod-us-west-2-tickets-shard-${nn}-final`,
          lifecycle: { prevent_destroy: true, ignore_changes: ['global_cluster_identifier', 'replication_source_identifier', 'engine_version'] },
        });
        expect(cluster.enable_global_write_forwarding).toBeUndefined();
      }
      // the global clusters and the password belong to the primary region
      expect(synth).not.toHaveResource(RdsGlobalCluster);
      expect(synth).not.toHaveDataSource(DataAwsSsmParameter);
      expect(synth).not.toHaveResource(SecretsmanagerSecret);
      expect(parse(synth).ephemeral).toBeUndefined();
      expect(resource(synth, 'aws_kms_key', 'tickets_db').policy).toContain('rds.us-west-2.amazonaws.com');
    });

    test('writeForwarding turns on global write forwarding', () => {
      // GIVEN / WHEN
      const synth = secondaryDb({ globalDatabase: { ...SECONDARY, writeForwarding: true } });
      // THEN
      for (const cluster of Object.values(resources(synth, 'aws_rds_cluster'))) expect(cluster.enable_global_write_forwarding).toBe(true);
      expect(synth).toHaveResourceWithProperties(RdsCluster, { enable_global_write_forwarding: true });
    });

    test('headless (readersPerShard 0) creates clusters but no instances and no reader scaling', () => {
      // GIVEN / WHEN
      const synth = secondaryDb({ readersPerShard: 0 });
      // THEN
      expect(Object.keys(resources(synth, 'aws_rds_cluster'))).toHaveLength(2);
      expect(synth).not.toHaveResource(RdsClusterInstance);
      expect(synth).not.toHaveResource(AppautoscalingTarget);
      expect(synth).not.toHaveResource(AppautoscalingPolicy);
      // the log groups stay, ready for when instances are added
      expect(Object.keys(resources(synth, 'aws_cloudwatch_log_group'))).toHaveLength(2);
    });

    test('with readers, every instance is a reader (no writer) and scaling starts from readersPerShard', () => {
      // GIVEN / WHEN
      const synth = secondaryDb({ readersPerShard: 2, shards: 1 });
      // THEN
      const instances = resources(synth, 'aws_rds_cluster_instance');
      expect(Object.keys(instances).sort()).toEqual(['tickets_shard_01_reader_1', 'tickets_shard_01_reader_2']);
      for (const n of [1, 2]) {
        expect(instances[`tickets_shard_01_reader_${n}`]).toMatchObject({
          identifier: `prod-us-west-2-tickets-shard-01-reader-${n}`,
          cluster_identifier: ref('aws_rds_cluster', 'tickets_shard_01'),
          promotion_tier: n,
          tags: expect.objectContaining({ role: 'reader' }),
          depends_on: ['aws_iam_role_policy_attachment.tickets_db_monitoring'],
        });
      }
      expect(resource(synth, 'aws_appautoscaling_target', 'tickets_shard_01_readers')).toMatchObject({
        min_capacity: 2,
        max_capacity: 4,
        depends_on: ['aws_rds_cluster_instance.tickets_shard_01_reader_1', 'aws_rds_cluster_instance.tickets_shard_01_reader_2'],
      });
    });

    test('throws for masterPasswordSecretName or masterPasswordVersion (not applicable to a secondary)', () => {
      expect(makeDb({ globalDatabase: { ...SECONDARY, masterPasswordSecretName: SECRET_NAME } })).toThrow(
        /masterPasswordSecretName \/ masterPasswordVersion is set on a secondary; it does not apply there/,
      );
      expect(makeDb({ globalDatabase: { ...SECONDARY, masterPasswordVersion: 2 } })).toThrow(/is set on a secondary/);
    });

    test('throws for write forwarding on a headless secondary or an engine version without it', () => {
      expect(makeDb({ globalDatabase: { ...SECONDARY, writeForwarding: true }, readersPerShard: 0 })).toThrow(
        /writeForwarding is true but readersPerShard is 0; a headless secondary has no instance/,
      );
      expect(makeDb({ globalDatabase: { ...SECONDARY, writeForwarding: true }, engineVersion: '15.3' })).toThrow(
        /writeForwarding needs Aurora PostgreSQL 14\.9\+, 15\.4\+ or 16\+, but engineVersion is "15\.3"/,
      );
      expect(makeDb({ globalDatabase: { ...SECONDARY, writeForwarding: true }, engineVersion: '15.4' })).not.toThrow();
    });

    test('throws for an explicit readerAutoscaling on a headless secondary', () => {
      expect(makeDb({ globalDatabase: SECONDARY, readersPerShard: 0, readerAutoscaling: { maxReaders: 2, targetCpuPercent: 70 } })).toThrow(
        /readerAutoscaling is set but this secondary is headless/,
      );
      expect(makeDb({ globalDatabase: SECONDARY, readersPerShard: 0, readerAutoscaling: false })).not.toThrow();
    });
  });

  describe('both regions', () => {
    test('the primary’s global cluster ids and the ids the secondary joins are equal strings, shard by shard', () => {
      // GIVEN / WHEN two separate stacks, as in two regions
      const primary = primaryDb({ shards: 4 });
      const secondary = secondaryDb({ shards: 4, readersPerShard: 0 });
      // THEN
      const created = Object.entries(resources(primary, 'aws_rds_global_cluster')).map(([id, g]) => [id.replace(/_global$/, ''), g.global_cluster_identifier]);
      const joined = Object.entries(resources(secondary, 'aws_rds_cluster')).map(([id, c]) => [id, c.global_cluster_identifier]);
      expect(created).toHaveLength(4);
      expect(joined.sort()).toEqual(created.sort());
      for (const [, value] of joined) expect(typeof value).toBe('string');
      expect(joined.map(([, value]) => value).sort()).toEqual([1, 2, 3, 4].map((n) => globalClusterIdentifier('prod-tickets', n)));
    });

    test.each([
      ['primary', () => ({ globalDatabase: PRIMARY })],
      ['secondary', () => ({ ...SECONDARY_REGION, globalDatabase: SECONDARY })],
    ])('growing a %s from 2 to 4 shards only adds shards 3 and 4, global clusters included', (role, props) => {
      // GIVEN
      const two = synthDb({ ...props(), shards: 2 });
      // WHEN
      const four = synthDb({ ...props(), shards: 4 });
      // THEN every existing address is kept and the new ones are exactly shards 3 and 4
      const twoAddresses = new Set(addresses(two));
      const fourAddresses = new Set(addresses(four));
      expect(addresses(two).filter((a) => !fourAddresses.has(a))).toEqual([]);
      const added = addresses(four).filter((a) => !twoAddresses.has(a));
      expect(added.sort()).toEqual(
        ['03', '04']
          .flatMap((nn) => [
            `aws_appautoscaling_policy.tickets_shard_${nn}_reader_cpu`,
            `aws_appautoscaling_target.tickets_shard_${nn}_readers`,
            `aws_cloudwatch_log_group.tickets_shard_${nn}`,
            `aws_rds_cluster.tickets_shard_${nn}`,
            `aws_rds_cluster_instance.tickets_shard_${nn}_reader_1`,
            ...(role === 'primary' ? [`aws_rds_cluster_instance.tickets_shard_${nn}_writer`, `aws_rds_global_cluster.tickets_shard_${nn}_global`] : []),
          ])
          .sort(),
      );
      // AND every existing resource except the published map is byte-for-byte the same
      for (const address of addresses(two)) {
        const [type, id] = address.split('.') as [string, string];
        if (address === 'aws_ssm_parameter.tickets_slot_map') continue;
        expect({ address, config: resource(four, type, id) }).toEqual({ address, config: resource(two, type, id) });
      }
      // AND so is the password data source
      expect(parse(four).data).toEqual(parse(two).data);
    });

    test('adding globalDatabase (primary) to a regional database keeps every address and every replacement-forcing attribute', () => {
      // GIVEN
      const regional = synthDb();
      // WHEN
      const global = primaryDb();
      // THEN nothing is removed; the global clusters are the only new resources
      const globalAddresses = new Set(addresses(global));
      expect(addresses(regional).filter((a) => !globalAddresses.has(a))).toEqual([]);
      const regionalAddresses = new Set(addresses(regional));
      expect(addresses(global).filter((a) => !regionalAddresses.has(a)).sort()).toEqual([
        'aws_kms_alias.tickets_master_password',
        'aws_kms_key.tickets_master_password',
        'aws_rds_global_cluster.tickets_shard_01_global',
        'aws_rds_global_cluster.tickets_shard_02_global',
        'aws_secretsmanager_secret.tickets_master_password',
        'aws_secretsmanager_secret_version.tickets_master_password',
      ]);
      // AND the clusters change in place only (these attributes force replacement in the AWS provider)
      const forcing = ['cluster_identifier', 'engine', 'engine_mode', 'kms_key_id', 'db_subnet_group_name', 'storage_encrypted', 'master_username', 'database_name', 'port'];
      for (const id of ['tickets_shard_01', 'tickets_shard_02']) {
        for (const attr of forcing) {
          expect({ id, attr, value: resource(global, 'aws_rds_cluster', id)[attr] }).toEqual({ id, attr, value: resource(regional, 'aws_rds_cluster', id)[attr] });
        }
      }
      // AND every other existing resource is byte-for-byte the same
      for (const address of addresses(regional)) {
        if (address.startsWith('aws_rds_cluster.')) continue;
        const [type, id] = address.split('.') as [string, string];
        expect({ address, config: resource(global, type, id) }).toEqual({ address, config: resource(regional, type, id) });
      }
    });

    test('addresses stay readable and keyed by group and shard', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new ShardedDatabase(scope, 'TicketsDatabase', { ...BASE_PROPS, globalDatabase: PRIMARY });
      });
      // THEN
      for (const address of addresses(synth)) {
        expect(address).toMatch(/^aws_[a-z0-9_]+\.tickets(_[a-z0-9]+)*$/);
        expect(address.toLowerCase()).not.toContain('ticketsdatabase');
      }
      expect(Object.keys(parse(synth).ephemeral.aws_secretsmanager_random_password)).toEqual(['tickets_master_password']);
    });
  });

  describe('validation', () => {
    test('throws for an invalid identifierPrefix', () => {
      expect(makeDb({ globalDatabase: { ...PRIMARY, identifierPrefix: 'Prod_Tickets' } })).toThrow(
        /globalDatabase\.identifierPrefix "Prod_Tickets" is invalid; use a literal of lower-case letters/,
      );
      expect(makeDb({ globalDatabase: { ...SECONDARY, identifierPrefix: '' } })).toThrow(/identifierPrefix "" is invalid/);
      expect(makeDb({ globalDatabase: { ...SECONDARY, identifierPrefix: 'a'.repeat(250) } })).toThrow(/identifierPrefix is too long/);
    });

    test('throws for an unknown role', () => {
      expect(makeDb({ globalDatabase: { role: 'tertiary' as 'primary', identifierPrefix: 'prod-tickets' } })).toThrow(
        /globalDatabase\.role is "tertiary"; use "primary"/,
      );
    });

    test('throws when combined with the deprecated globalClusterIdentifier', () => {
      expect(makeDb({ globalDatabase: PRIMARY, globalClusterIdentifier: 'prod-tickets' })).toThrow(
        /globalClusterIdentifier and globalDatabase are both set; use only globalDatabase/,
      );
    });

    test('throws when two groups in one stack share an identifierPrefix', () => {
      expect(() =>
        Testing.synthScope((scope) => {
          new ShardedDatabase(scope, 'tickets', { ...BASE_PROPS, globalDatabase: PRIMARY });
          new ShardedDatabase(scope, 'cmdb', { ...BASE_PROPS, group: 'cmdb', globalDatabase: PRIMARY });
        }),
      ).toThrow(/already uses globalDatabase\.identifierPrefix "prod-tickets"/);
    });
  });
});

describe('global database helpers', () => {
  test('globalClusterIdentifier gives <prefix>-shard-NN', () => {
    expect(globalClusterIdentifier('prod-tickets', 1)).toBe('prod-tickets-shard-01');
    expect(globalClusterIdentifier('prod-tickets', 12)).toBe('prod-tickets-shard-12');
  });

  test.each([
    ['16.0', true],
    ['16.10', true],
    ['17.5', true],
    ['15.4', true],
    ['15.3', false],
    ['14.9', true],
    ['14.8', false],
    ['13.20', false],
    ['latest', false],
  ])('writeForwardingSupported(%p) is %p', (version, expected) => {
    expect(writeForwardingSupported(version)).toBe(expected);
  });
});

describe('slot-map helpers', () => {
  test('contiguousSlotMap is the one the capacity planner plans with (foundation/slot-map.ts)', () => {
    expect(contiguousSlotMap).toBe(planSlotMap);
  });

  test('slotMapProblem accepts the planner’s maps and rejects gaps, overlaps, misorder and short coverage', () => {
    for (const shards of [1, 2, 3, 7, 16]) expect(slotMapProblem(planSlotMap(4096, shards), 4096, shards)).toBeUndefined();
    expect(
      slotMapProblem(
        [
          { shard: 1, firstSlot: 0, lastSlot: 10 },
          { shard: 2, firstSlot: 10, lastSlot: 4095 },
        ],
        4096,
        2,
      ),
    ).toMatch(/shard 2 starts at slot 10, expected 11/);
    expect(
      slotMapProblem(
        [
          { shard: 2, firstSlot: 0, lastSlot: 10 },
          { shard: 1, firstSlot: 11, lastSlot: 4095 },
        ],
        4096,
        2,
      ),
    ).toMatch(/entry 0 is for shard 2, expected shard 1/);
    expect(
      slotMapProblem(
        [
          { shard: 1, firstSlot: 0, lastSlot: 10 },
          { shard: 2, firstSlot: 11, lastSlot: 4000 },
        ],
        4096,
        2,
      ),
    ).toMatch(/end at slot 4000, but the last slot is 4095/);
    expect(
      slotMapProblem(
        [
          { shard: 1, firstSlot: 0, lastSlot: -1 },
          { shard: 2, firstSlot: 0, lastSlot: 4095 },
        ],
        4096,
        2,
      ),
    ).toMatch(/shard 1 has an empty range/);
  });
});

describe('window helpers', () => {
  test('parse daily and weekly windows, including ones that cross midnight or the week', () => {
    expect(parseBackupWindow('23:30-00:30')).toEqual({ start: 23 * 60 + 30, length: 60 });
    expect(parseMaintenanceWindow('sun:23:30-mon:00:30')).toEqual({ start: 6 * 1440 + 23 * 60 + 30, length: 60 });
    expect(parseBackupWindow('25:00-26:00')).toMatch(/not a daily window/);
  });

  test('detect overlaps on any day of the week, and only real ones', () => {
    const backup = (t: string) => parseBackupWindow(t) as { start: number; length: number };
    const maintenance = (t: string) => parseMaintenanceWindow(t) as { start: number; length: number };
    expect(windowsOverlap(backup('03:00-04:00'), maintenance('sun:04:30-sun:05:30'))).toBe(false);
    expect(windowsOverlap(backup('03:00-04:00'), maintenance('sun:04:00-sun:05:00'))).toBe(false);
    expect(windowsOverlap(backup('03:00-04:00'), maintenance('wed:03:59-wed:04:30'))).toBe(true);
    expect(windowsOverlap(backup('23:30-00:30'), maintenance('mon:00:00-mon:01:00'))).toBe(true);
    expect(windowsOverlap(backup('23:30-00:30'), maintenance('sun:23:45-mon:00:15'))).toBe(true);
  });
});

describe('ShardedDatabase engines and sharding', () => {
  test('engine aurora-mysql: MySQL version, family, port, TLS-only parameters and its three logs, each in an encrypted group', () => {
    // WHEN
    const synth = synthDb({ engine: 'aurora-mysql', shards: 1 });
    // THEN
    expect(resource(synth, 'aws_rds_cluster', 'tickets_shard_01')).toMatchObject({
      engine: 'aurora-mysql',
      engine_version: '8.0.mysql_aurora.3.10.0',
      port: 3306,
      enabled_cloudwatch_logs_exports: ['audit', 'error', 'slowquery'],
      db_cluster_parameter_group_name: ref('aws_rds_cluster_parameter_group', 'tickets', 'name'),
      storage_encrypted: true,
      deletion_protection: true,
    });
    const group = resource(synth, 'aws_rds_cluster_parameter_group', 'tickets');
    expect(group).toMatchObject({ family: 'aurora-mysql8.0', name_prefix: 'prod-us-east-1-tickets-aurora-mysql8-0-' });
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'require_secure_transport', value: 'ON', apply_method: 'immediate' },
        { name: 'long_query_time', value: '0.5', apply_method: 'immediate' },
        { name: 'slow_query_log', value: '1', apply_method: 'immediate' },
      ]),
    );
    const logGroups = Object.values(resources(synth, 'aws_cloudwatch_log_group')).map((g) => [g.name, g.kms_key_id !== undefined]);
    expect(logGroups.sort()).toEqual([
      ['/aws/rds/cluster/prod-us-east-1-tickets-shard-01/audit', true],
      ['/aws/rds/cluster/prod-us-east-1-tickets-shard-01/error', true],
      ['/aws/rds/cluster/prod-us-east-1-tickets-shard-01/slowquery', true],
    ]);
    expect(resource(synth, 'aws_rds_cluster_instance', 'tickets_shard_01_writer').engine).toBe('aurora-mysql');
    expect(resource(synth, 'aws_security_group', 'tickets_db').description).toBe('Aurora MySQL of database group tickets (prod-us-east-1): clients by security group only.');
  });

  test('engine aurora-mysql in a global database: MySQL global clusters, write forwarding from MySQL 3', () => {
    const primary = synthDb({ engine: 'aurora-mysql', globalDatabase: { role: 'primary', identifierPrefix: 'prod-tickets' } });
    expect(resource(primary, 'aws_rds_global_cluster', 'tickets_shard_01_global')).toMatchObject({ engine: 'aurora-mysql', engine_version: '8.0.mysql_aurora.3.10.0' });
    const secondary = synthDb({ engine: 'aurora-mysql', globalDatabase: { role: 'secondary', identifierPrefix: 'prod-tickets', writeForwarding: true } });
    expect(resource(secondary, 'aws_rds_cluster', 'tickets_shard_02')).toMatchObject({ enable_global_write_forwarding: true, engine: 'aurora-mysql' });
  });

  test('sharding none: one cluster with readers, named as shard 01, and no slot map', () => {
    const synth = synthDb({ sharding: 'none', shards: 1, readersPerShard: 2 });
    expect(Object.keys(resources(synth, 'aws_rds_cluster'))).toEqual(['tickets_shard_01']);
    expect(Object.keys(resources(synth, 'aws_rds_cluster_instance')).sort()).toEqual(['tickets_shard_01_reader_1', 'tickets_shard_01_reader_2', 'tickets_shard_01_writer']);
    expect(resources(synth, 'aws_ssm_parameter')).toEqual({});
    expect(parse(synth).output).toBeUndefined();
  });

  test.each([
    [{ engine: 'aurora-mysql', engineVersion: '16.10' }, /engineVersion "16.10" is invalid; use a literal Aurora MySQL version such as "8.0.mysql_aurora.3.10.0"/],
    [{ engine: 'oracle' as never }, /engine "oracle" is not supported; use "aurora-postgresql" or "aurora-mysql"/],
    [{ sharding: 'none', shards: 2 }, /sharding is "none" but shards is 2/],
    [
      { engine: 'aurora-mysql', engineVersion: '5.7.mysql_aurora.2.12.5', globalDatabase: { role: 'secondary', identifierPrefix: 'prod-tickets', writeForwarding: true } },
      /writeForwarding needs Aurora MySQL version 3/,
    ],
  ] as const)('throws on an invalid engine or sharding %#', (overrides, message) => {
    expect(makeDb(overrides as Partial<ShardedDatabaseProps>)).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(makeDb({ shards: 0, readersPerShard: 20, backupRetentionDays: 90, port: 80 })).toThrow(
      /shards is 0;[\s\S]*readersPerShard is 20;[\s\S]*port is 80;[\s\S]*backupRetentionDays is 90;/,
    );
  });
});

describe('externalShards: shards that live in another cluster (the shared cluster)', () => {
  const SHARED = { writerEndpoint: 'shared.cluster-abc.us-east-1.rds.amazonaws.com', readerEndpoint: 'shared.cluster-ro-abc.us-east-1.rds.amazonaws.com' };

  test('builds clusters for its own shards only; the slot map and endpoints name the external one', () => {
    // GIVEN two shards, the first held by the shared cluster
    const synth = synthDb({ externalShards: { 1: SHARED } });
    // THEN only shard 02 is a cluster (with its instances and log group), and the group's key and network exist for it
    expect(Object.keys(resources(synth, 'aws_rds_cluster'))).toEqual(['tickets_shard_02']);
    expect(Object.keys(resources(synth, 'aws_rds_cluster_instance')).sort()).toEqual(['tickets_shard_02_reader_1', 'tickets_shard_02_writer']);
    expect(Object.keys(resources(synth, 'aws_cloudwatch_log_group'))).toEqual(['tickets_shard_02']);
    expect(Object.keys(resources(synth, 'aws_kms_key'))).toEqual(['tickets_db']);
    // AND the slot map sends shard 01's slots to the shared cluster
    const map = JSON.parse(String(resource(synth, 'aws_ssm_parameter', 'tickets_slot_map').value)) as { shards: { shard: number; writerEndpoint: string; readerEndpoint: string }[] };
    expect(map.shards.map((s) => [s.shard, s.writerEndpoint, s.readerEndpoint])).toEqual([
      [1, SHARED.writerEndpoint, SHARED.readerEndpoint],
      [2, '${aws_rds_cluster.tickets_shard_02.endpoint}', '${aws_rds_cluster.tickets_shard_02.reader_endpoint}'],
    ]);
  });

  test('a group whose every shard lives elsewhere builds its slot map only, and exposes no key or security group', () => {
    let db: ShardedDatabase | undefined;
    const synth = Testing.synthScope((scope) => {
      db = new ShardedDatabase(scope, 'db', { ...BASE_PROPS, shards: 1, externalShards: { 1: SHARED } });
    });
    expect(addresses(synth)).toEqual(['aws_ssm_parameter.tickets_slot_map']);
    expect([db!.kmsKeyArn, db!.securityGroupId, db!.clusterIdentifiers, db!.writerEndpoints]).toEqual([undefined, undefined, {}, { 1: SHARED.writerEndpoint }]);
  });

  test('refuses shards outside the group and an unsharded group with its one shard elsewhere, at once', () => {
    expect(() => synthDb({ externalShards: { 3: SHARED } })).toThrow(/externalShards has shard 3; it must be one of the group's shards, 1 to 2\./);
    expect(() => synthDb({ shards: 1, sharding: 'none', externalShards: { 1: SHARED, 0: SHARED } })).toThrow(
      /externalShards has shard 0;[\s\S]*externalShards is set but sharding is "none"/,
    );
  });
});
