import { SharedFileSystem, SharedFileSystemProps } from '../../constructs/shared-file-system';
import { addresses, BASE, CATALOG_SG, Json, metricAlarmNames, OWN_KEY_ARN, resource, resources, synth, TOPIC_ARN } from './shared-service-fixtures';

const PROPS: SharedFileSystemProps = { ...BASE, backupPlanTag: 'prod-us-east-1-backup-plan' };
const REPLICA: SharedFileSystemProps = {
  ...PROPS,
  name: 'prod-us-west-2',
  region: 'us-west-2',
  isolatedSubnetIds: { 'us-west-2a': 'subnet-0123456789abcdef0', 'us-west-2b': 'subnet-0123456789abcdef1' },
  alarmTopicArn: 'arn:aws:sns:us-west-2:123456789012:prod-us-west-2-alarms',
  backupPlanTag: 'prod-us-west-2-backup-plan',
  replicaOf: { region: 'us-east-1', creationToken: 'prod-us-east-1-shared' },
};

function synthFs(overrides: Partial<SharedFileSystemProps> = {}, base = PROPS): Json {
  return synth((scope) => {
    new SharedFileSystem(scope, 'shared_fs', { ...base, ...overrides });
  });
}

function fs(json: Json): Json {
  return resource(json, 'aws_efs_file_system', 'shared_fs');
}

describe('SharedFileSystem', () => {
  describe('defaults', () => {
    let json: Json;
    beforeAll(() => {
      json = synthFs();
    });

    test('creates the file system, a mount target per zone and an access point per client, at readable addresses', () => {
      expect(addresses(json)).toEqual([
        'aws_cloudwatch_composite_alarm.shared_fs_alarm',
        'aws_cloudwatch_metric_alarm.shared_fs_alarm_io_limit',
        'aws_cloudwatch_metric_alarm.shared_fs_alarm_throughput',
        'aws_efs_access_point.shared_fs_access_point_catalog',
        'aws_efs_access_point.shared_fs_access_point_incident',
        'aws_efs_file_system.shared_fs',
        'aws_efs_file_system_policy.shared_fs',
        'aws_efs_mount_target.shared_fs_mount_us_east_1a',
        'aws_efs_mount_target.shared_fs_mount_us_east_1b',
        'aws_efs_mount_target.shared_fs_mount_us_east_1c',
        'aws_kms_alias.shared_fs_key',
        'aws_kms_key.shared_fs_key',
        'aws_security_group.shared_fs',
        'aws_vpc_security_group_egress_rule.shared_fs_to_catalog',
        'aws_vpc_security_group_egress_rule.shared_fs_to_incident',
        'aws_vpc_security_group_ingress_rule.shared_fs_from_catalog',
        'aws_vpc_security_group_ingress_rule.shared_fs_from_incident',
      ]);
    });

    test('is encrypted with its own key, elastic, tiered to IA after 30 days, backed up and never destroyed', () => {
      expect(fs(json)).toMatchObject({
        creation_token: 'prod-us-east-1-shared',
        encrypted: true,
        kms_key_id: '${aws_kms_key.shared_fs_key.arn}',
        performance_mode: 'generalPurpose',
        throughput_mode: 'elastic',
        lifecycle_policy: [{ transition_to_ia: 'AFTER_30_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }],
        protection: { replication_overwrite: 'ENABLED' },
        lifecycle: { prevent_destroy: true },
      });
      expect(fs(json).tags).toMatchObject({ 'backup-plan': 'prod-us-east-1-backup-plan', 'data-classification': 'confidential' });
      const keyPolicy = JSON.parse(resource(json, 'aws_kms_key', 'shared_fs_key').policy);
      expect(keyPolicy.Statement[1].Condition.StringEquals['kms:ViaService']).toEqual(['elasticfilesystem.us-east-1.amazonaws.com', 'backup.us-east-1.amazonaws.com']);
    });

    test('mounts in each isolated subnet behind the service security group, which admits NFS from the clients only', () => {
      expect(resource(json, 'aws_efs_mount_target', 'shared_fs_mount_us_east_1b')).toMatchObject({ subnet_id: 'subnet-0123456789abcdef1', security_groups: ['${aws_security_group.shared_fs.id}'] });
      expect(resource(json, 'aws_vpc_security_group_egress_rule', 'shared_fs_to_catalog')).toMatchObject({ security_group_id: CATALOG_SG, from_port: 2049, to_port: 2049 });
    });

    test('roots each access point at /<client> as 1000:1000', () => {
      expect(resource(json, 'aws_efs_access_point', 'shared_fs_access_point_incident')).toMatchObject({
        posix_user: { uid: 1000, gid: 1000 },
        root_directory: { path: '/incident', creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: '0750' } },
      });
    });

    test('allows TLS mounts through access points and mount targets only', () => {
      const policy = JSON.parse(resource(json, 'aws_efs_file_system_policy', 'shared_fs').policy);
      expect(policy.Statement.map((s: Json) => [s.Sid, s.Effect])).toEqual([
        ['DenyInsecureTransport', 'Deny'],
        ['DenyMountsOutsideAccessPoints', 'Deny'],
        ['AllowAccountMountsThroughMountTargets', 'Allow'],
      ]);
      expect(policy.Statement[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      expect(policy.Statement[1].Condition).toEqual({ Null: { 'elasticfilesystem:AccessPointArn': 'true' } });
    });

    test('alarms at 80% of the I/O limit and of the permitted throughput, behind a composite that notifies', () => {
      expect(metricAlarmNames(json)).toEqual(['prod-us-east-1-shared-io-limit', 'prod-us-east-1-shared-throughput']);
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'shared_fs_alarm_io_limit')).toMatchObject({ threshold: 80, metric_name: 'PercentIOLimit' });
      expect(resource(json, 'aws_cloudwatch_composite_alarm', 'shared_fs_alarm').alarm_actions).toEqual([TOPIC_ARN]);
    });

    test('creates no replication', () => {
      expect(resources(json, 'aws_efs_replication_configuration')).toEqual({});
    });
  });

  describe('props', () => {
    test('replicaOf makes a read-only destination that joins the primary found by its creation token', () => {
      let replica: SharedFileSystem | undefined;
      const json = synth((scope) => {
        replica = new SharedFileSystem(scope, 'shared_fs', REPLICA);
      });
      expect(fs(json).protection).toEqual({ replication_overwrite: 'DISABLED' });
      expect(json.data.aws_efs_file_system.shared_fs_source).toEqual({ creation_token: 'prod-us-east-1-shared', region: 'us-east-1' });
      expect(resource(json, 'aws_efs_replication_configuration', 'shared_fs')).toEqual({
        region: 'us-east-1',
        source_file_system_id: '${data.aws_efs_file_system.shared_fs_source.id}',
        destination: { file_system_id: '${aws_efs_file_system.shared_fs.id}', region: 'us-west-2' },
      });
      expect(replica!.readOnly).toBe(true);
    });

    test('accessPoints, posixUid and posixGid shape the access points', () => {
      const json = synthFs({ accessPoints: ['jira'], posixUid: 2001, posixGid: 2002 });
      expect(Object.keys(resources(json, 'aws_efs_access_point'))).toEqual(['shared_fs_access_point_jira']);
      expect(resource(json, 'aws_efs_access_point', 'shared_fs_access_point_jira').posix_user).toEqual({ uid: 2001, gid: 2002 });
    });

    test('throughputMode bursting and transitionToInfrequentAccessDays', () => {
      expect(fs(synthFs({ throughputMode: 'bursting', transitionToInfrequentAccessDays: 7 }))).toMatchObject({
        throughput_mode: 'bursting',
        lifecycle_policy: [{ transition_to_ia: 'AFTER_7_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }],
      });
      expect(fs(synthFs({ transitionToInfrequentAccessDays: 1 })).lifecycle_policy[0]).toEqual({ transition_to_ia: 'AFTER_1_DAY' });
    });

    test('creationToken, kmsKeyArn, backupPlanTag absent', () => {
      const json = synthFs({ creationToken: 'jira-home', kmsKeyArn: OWN_KEY_ARN, backupPlanTag: undefined });
      expect(fs(json)).toMatchObject({ creation_token: 'jira-home', kms_key_id: OWN_KEY_ARN });
      expect(fs(json).tags['backup-plan']).toBeUndefined();
      expect(resources(json, 'aws_kms_key')).toEqual({});
    });

    test('exposes ids, ARNs and the access points as typed fields', () => {
      let shared: SharedFileSystem | undefined;
      synth((scope) => {
        shared = new SharedFileSystem(scope, 'shared_fs', PROPS);
      });
      expect(shared!.port).toBe(2049);
      expect(shared!.readOnly).toBe(false);
      expect(Object.keys(shared!.accessPointIds)).toEqual(['catalog', 'incident']);
      expect(Object.keys(shared!.accessPointArns)).toEqual(['catalog', 'incident']);
    });
  });

  describe('throws', () => {
    test('with every problem at once', () => {
      expect(() => synthFs({ transitionToInfrequentAccessDays: 2, posixUid: -1, throughputMode: 'provisioned' as never, accessPoints: ['Jira'] })).toThrow(
        /SharedFileSystem stack\/shared_fs: .*access point "Jira" must be lower-case.*posixUid -1.*throughputMode "provisioned".*transitionToInfrequentAccessDays 2 is not a value EFS accepts/,
      );
    });

    test('with a replica of its own region', () => {
      expect(() => synthFs({}, { ...REPLICA, replicaOf: { region: 'us-west-2', creationToken: 'prod-us-east-1-shared' } })).toThrow(/replicaOf.region "us-west-2" equals this region/);
    });

    test('with nothing that could mount it', () => {
      expect(() => synthFs({ clientSecurityGroupIds: {} })).toThrow(/no access points/);
    });
  });
});
