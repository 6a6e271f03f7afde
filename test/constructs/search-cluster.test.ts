import { TerraformOutput } from 'cdktf';
import { SearchCluster, SearchClusterProps } from '../../constructs/search-cluster';
import { addresses, BASE, INCIDENT_SG, Json, metricAlarmNames, OWN_KEY_ARN, resource, resources, synth, TOPIC_ARN } from './shared-service-fixtures';

const PROPS: SearchClusterProps = BASE;

function synthSearch(overrides: Partial<SearchClusterProps> = {}): Json {
  return synth((scope) => {
    new SearchCluster(scope, 'search', { ...PROPS, ...overrides });
  });
}

function domain(json: Json): Json {
  return resource(json, 'aws_opensearch_domain', 'search');
}

describe('SearchCluster', () => {
  describe('defaults', () => {
    let json: Json;
    beforeAll(() => {
      // GIVEN the shared props only (three zones, two clients)
      // WHEN
      json = synthSearch();
    });

    test('creates the domain, its key, admin role, log groups, security rules and alarms at readable addresses', () => {
      expect(addresses(json).filter((a) => !a.startsWith('aws_cloudwatch_metric_alarm.'))).toEqual([
        'aws_cloudwatch_composite_alarm.search_alarm',
        'aws_cloudwatch_log_group.search_log_application',
        'aws_cloudwatch_log_group.search_log_audit',
        'aws_cloudwatch_log_group.search_log_index_slow',
        'aws_cloudwatch_log_group.search_log_search_slow',
        'aws_cloudwatch_log_resource_policy.search_log_policy',
        'aws_iam_role.search_admin',
        'aws_iam_role_policy.search_admin',
        'aws_kms_alias.search_key',
        'aws_kms_key.search_key',
        'aws_opensearch_domain.search',
        'aws_security_group.search',
        'aws_vpc_security_group_egress_rule.search_to_catalog',
        'aws_vpc_security_group_egress_rule.search_to_incident',
        'aws_vpc_security_group_ingress_rule.search_from_catalog',
        'aws_vpc_security_group_ingress_rule.search_from_incident',
      ]);
    });

    test('spreads three r7g.large data nodes over three zones with three dedicated masters', () => {
      expect(domain(json)).toMatchObject({
        domain_name: 'prod-us-east-1-search',
        engine_version: 'OpenSearch_2.19',
        cluster_config: {
          instance_type: 'r7g.large.search',
          instance_count: 3,
          zone_awareness_enabled: true,
          zone_awareness_config: { availability_zone_count: 3 },
          dedicated_master_enabled: true,
          dedicated_master_count: 3,
          dedicated_master_type: 'm7g.large.search',
        },
        ebs_options: { ebs_enabled: true, volume_type: 'gp3', volume_size: 100 },
        vpc_options: { subnet_ids: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'], security_group_ids: ['${aws_security_group.search.id}'] },
      });
    });

    test('encrypts at rest with its own key and node to node, and enforces HTTPS with TLS 1.2+', () => {
      expect(domain(json)).toMatchObject({
        encrypt_at_rest: { enabled: true, kms_key_id: '${aws_kms_key.search_key.arn}' },
        node_to_node_encryption: { enabled: true },
        domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      });
    });

    test('enforces fine-grained access control with an IAM master and no internal users', () => {
      expect(domain(json).advanced_security_options).toEqual({
        enabled: true,
        anonymous_auth_enabled: false,
        internal_user_database_enabled: false,
        master_user_options: { master_user_arn: '${aws_iam_role.search_admin.arn}' },
      });
      const trust = JSON.parse(resource(json, 'aws_iam_role', 'search_admin').assume_role_policy);
      expect(trust.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
      const access = JSON.parse(domain(json).access_policies);
      expect(access.Statement).toEqual([
        expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Resource: 'arn:aws:es:us-east-1:123456789012:domain/prod-us-east-1-search/*' }),
      ]);
    });

    test('publishes audit, slow and error logs to encrypted log groups that only the domain may write', () => {
      expect(domain(json).log_publishing_options.map((o: Json) => o.log_type)).toEqual(['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS']);
      for (const log of Object.values(resources(json, 'aws_cloudwatch_log_group'))) {
        expect(log).toMatchObject({ kms_key_id: '${aws_kms_key.search_key.arn}', retention_in_days: 365, lifecycle: { prevent_destroy: true } });
      }
      const policy = JSON.parse(resource(json, 'aws_cloudwatch_log_resource_policy', 'search_log_policy').policy_document);
      expect(policy.Statement[0]).toMatchObject({
        Principal: { Service: 'es.amazonaws.com' },
        Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/prod-us-east-1-search/*:*',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:es:us-east-1:123456789012:domain/prod-us-east-1-search' } },
      });
      expect(domain(json).depends_on).toEqual(['aws_cloudwatch_log_resource_policy.search_log_policy']);
      const keyPolicy = JSON.parse(resource(json, 'aws_kms_key', 'search_key').policy);
      expect(keyPolicy.Statement.map((s: Json) => s.Sid)).toContain('AllowCloudWatchLogsUseForServiceLogs');
    });

    test('is never destroyed by Terraform', () => {
      expect(domain(json).lifecycle).toEqual({ prevent_destroy: true });
    });

    test('admits only the clients, on 443', () => {
      expect(resource(json, 'aws_vpc_security_group_ingress_rule', 'search_from_incident')).toMatchObject({ referenced_security_group_id: INCIDENT_SG, from_port: 443, to_port: 443 });
    });

    test('alarms on AWS\'s recommended metrics, capacity ones at 80%, behind a composite that notifies', () => {
      expect(metricAlarmNames(json)).toEqual(
        ['cluster-red', 'cpu', 'jvm-memory', 'kms-key', 'master-cpu', 'master-jvm-memory', 'snapshot-failure', 'storage', 'writes-blocked'].map((k) => `prod-us-east-1-search-${k}`),
      );
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'search_alarm_cpu')).toMatchObject({ threshold: 80, dimensions: { DomainName: 'prod-us-east-1-search', ClientId: '123456789012' } });
      // Free storage below 20% of 100 GiB.
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'search_alarm_storage')).toMatchObject({ threshold: 20480, comparison_operator: 'LessThanThreshold' });
      expect(resource(json, 'aws_cloudwatch_composite_alarm', 'search_alarm').alarm_actions).toEqual([TOPIC_ARN]);
    });
  });

  describe('props', () => {
    test('domainName, engineVersion and instanceType are passed through', () => {
      expect(domain(synthSearch({ domainName: 'itsm-search', engineVersion: 'OpenSearch_2.17', instanceType: 'r7g.xlarge.search' }))).toMatchObject({
        domain_name: 'itsm-search',
        engine_version: 'OpenSearch_2.17',
        cluster_config: expect.objectContaining({ instance_type: 'r7g.xlarge.search' }),
      });
    });

    test('availabilityZoneCount 2 uses the first two zones and two data nodes', () => {
      expect(domain(synthSearch({ availabilityZoneCount: 2 }))).toMatchObject({
        cluster_config: expect.objectContaining({ instance_count: 2, zone_awareness_config: { availability_zone_count: 2 } }),
        vpc_options: expect.objectContaining({ subnet_ids: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] }),
      });
    });

    test('dataNodes and volumeGib size the data nodes', () => {
      const json = synthSearch({ dataNodes: 6, volumeGib: 500 });
      expect(domain(json)).toMatchObject({ cluster_config: expect.objectContaining({ instance_count: 6 }), ebs_options: expect.objectContaining({ volume_size: 500 }) });
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'search_alarm_storage').threshold).toBe(102400);
    });

    test('dedicatedMasterCount 0 drops the masters and their alarms; dedicatedMasterType is passed through', () => {
      const none = synthSearch({ dedicatedMasterCount: 0 });
      expect(domain(none).cluster_config.dedicated_master_enabled).toBe(false);
      expect(domain(none).cluster_config.dedicated_master_count).toBeUndefined();
      expect(metricAlarmNames(none).some((n) => n.includes('master'))).toBe(false);
      expect(domain(synthSearch({ dedicatedMasterCount: 5, dedicatedMasterType: 'm7g.xlarge.search' })).cluster_config).toMatchObject({ dedicated_master_count: 5, dedicated_master_type: 'm7g.xlarge.search' });
    });

    test('masterUserArn uses the given principal and creates no admin role', () => {
      const arn = 'arn:aws:iam::123456789012:role/search-admins';
      const json = synthSearch({ masterUserArn: arn });
      expect(domain(json).advanced_security_options.master_user_options.master_user_arn).toBe(arn);
      expect(resources(json, 'aws_iam_role')).toEqual({});
    });

    test('kmsKeyArn, logRetentionDays, threshold and periods are honoured', () => {
      const json = synthSearch({ kmsKeyArn: OWN_KEY_ARN, logRetentionDays: 90, utilizationThresholdPercent: 75, evaluationPeriods: 10 });
      expect(domain(json).encrypt_at_rest.kms_key_id).toBe(OWN_KEY_ARN);
      expect(resources(json, 'aws_kms_key')).toEqual({});
      expect(resource(json, 'aws_cloudwatch_log_group', 'search_log_audit').retention_in_days).toBe(90);
      expect(resource(json, 'aws_cloudwatch_metric_alarm', 'search_alarm_cpu')).toMatchObject({ threshold: 75, evaluation_periods: 10 });
    });

    test('exposes the endpoint, port, names and ARNs as typed fields', () => {
      let search: SearchCluster | undefined;
      const json = synth((scope) => {
        search = new SearchCluster(scope, 'search', PROPS);
        new TerraformOutput(scope, 'endpoint', { value: search.endpoint });
      });
      expect(json.output.endpoint.value).toBe('${aws_opensearch_domain.search.endpoint}');
      expect(search!.port).toBe(443);
      expect(search!.alarmNames).toHaveLength(10);
    });
  });

  describe('throws', () => {
    const fails = (overrides: Partial<SearchClusterProps>) => () => synthSearch(overrides);

    test('with every problem at once', () => {
      expect(fails({ dataNodes: 4, dedicatedMasterCount: 2, volumeGib: 10, engineVersion: '2.19' })).toThrow(
        /SearchCluster stack\/search: .*engineVersion "2.19".*dataNodes 4 is not a multiple of availabilityZoneCount 3; use 6.*dedicatedMasterCount 2 must be 3 or 5.*volumeGib 10/,
      );
    });

    test('with a derived domain name over 28 characters', () => {
      expect(fails({ name: 'staging-eu-central-1-blue' })).toThrow(/domainName "staging-eu-central-1-blue-search" \(derived from name .*shorten name or pass domainName\)/);
    });

    test('with more zones asked than given', () => {
      expect(
        fails({ isolatedSubnetIds: { 'us-east-1a': 'subnet-0123456789abcdef0', 'us-east-1b': 'subnet-0123456789abcdef1' }, availabilityZoneCount: 3 }),
      ).toThrow(/availabilityZoneCount 3 needs as many zones in isolatedSubnetIds \(has 2\)/);
    });

    test('with a bad master user or instance types', () => {
      expect(fails({ masterUserArn: 'admin', instanceType: 'r7g.large', dedicatedMasterType: 'm7g' })).toThrow(
        /instanceType "r7g.large".*dedicatedMasterType "m7g".*masterUserArn "admin" is not an IAM role or user ARN/,
      );
    });
  });
});
