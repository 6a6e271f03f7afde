/**
 * Compliant and non-compliant fixtures of the shared-service rules (ITSM-ECA-*, ITSM-OSS-*, ITSM-EFS-*), shaped like
 * what Cache, SearchCluster and SharedFileSystem synthesize. cases.ts spreads them into CASES.
 */
import { Body } from './fixtures';

/** The shape of cases.ts's RuleCases (not imported from there: cases.ts imports this file). */
interface ServiceRuleCases {
  readonly compliant: ReadonlyArray<{ readonly name: string; readonly resources: Readonly<Record<string, Body>>; readonly address: string }>;
  readonly nonCompliant: ReadonlyArray<{ readonly name: string; readonly resources: Readonly<Record<string, Body>>; readonly address: string; readonly message: RegExp }>;
}

const group: Body = {
  replication_group_id: 'prod-us-east-1-cache',
  engine: 'valkey',
  at_rest_encryption_enabled: 'true',
  kms_key_id: '${aws_kms_key.cache_key.arn}',
  transit_encryption_enabled: true,
  transit_encryption_mode: 'required',
  multi_az_enabled: true,
  automatic_failover_enabled: true,
  num_node_groups: 1,
  replicas_per_node_group: 2,
  snapshot_retention_limit: 7,
  final_snapshot_identifier: 'prod-us-east-1-cache-final',
  user_group_ids: ['${aws_elasticache_user_group.cache.id}'],
  lifecycle: { prevent_destroy: true },
};
const domain: Body = {
  domain_name: 'prod-us-east-1-search',
  encrypt_at_rest: { enabled: true, kms_key_id: '${aws_kms_key.search_key.arn}' },
  node_to_node_encryption: { enabled: true },
  domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
  advanced_security_options: {
    enabled: true,
    anonymous_auth_enabled: false,
    internal_user_database_enabled: false,
    master_user_options: { master_user_arn: '${aws_iam_role.search_admin.arn}' },
  },
  vpc_options: { subnet_ids: ['${aws_subnet.isolated_a.id}', '${aws_subnet.isolated_b.id}'], security_group_ids: ['${aws_security_group.search.id}'] },
  cluster_config: { instance_count: 3, zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 3 }, dedicated_master_enabled: true, dedicated_master_count: 3 },
  log_publishing_options: ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS'].map((type) => ({
    log_type: type,
    cloudwatch_log_group_arn: `\${aws_cloudwatch_log_group.search_${type.toLowerCase()}.arn}`,
    enabled: true,
  })),
  lifecycle: { prevent_destroy: true },
};
const fileSystem: Body = { creation_token: 'prod-us-east-1-shared', encrypted: true, kms_key_id: '${aws_kms_key.shared_fs_key.arn}', lifecycle: { prevent_destroy: true } };
const tlsPolicy: Body = {
  file_system_id: '${aws_efs_file_system.shared.id}',
  policy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*', Resource: '${aws_efs_file_system.shared.arn}', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  }),
};
const mount = (az: string): Body => ({ file_system_id: '${aws_efs_file_system.shared.id}', subnet_id: `\${aws_subnet.isolated_${az}.id}`, security_groups: ['${aws_security_group.shared_fs.id}'] });

const cache = (body: Body) => ({ 'aws_elasticache_replication_group.cache': body });
const search = (body: Body) => ({ 'aws_opensearch_domain.search': body });
const CACHE = 'aws_elasticache_replication_group.cache';
const CACHE_USER = 'aws_elasticache_user.cache_user_incident';
const cacheUser = (overrides: Body): Body => ({ user_id: 'prod-cache-incident', user_name: 'prod-cache-incident', engine: 'valkey', access_string: 'on ~incident:* +@all', ...overrides });
const SEARCH = 'aws_opensearch_domain.search';
const FS = 'aws_efs_file_system.shared';

export const SHARED_SERVICE_CASES: Readonly<Record<string, ServiceRuleCases>> = {
  'ITSM-ECA-001': {
    compliant: [{ name: 'encrypted with a KMS key', resources: cache(group), address: CACHE }],
    nonCompliant: [
      { name: 'not encrypted', resources: cache({ ...group, at_rest_encryption_enabled: 'false' }), address: CACHE, message: /at_rest_encryption_enabled is "?false"?; expected true/ },
      { name: 'AWS-managed key', resources: cache({ ...group, kms_key_id: undefined }), address: CACHE, message: /kms_key_id is not set/ },
    ],
  },
  'ITSM-ECA-002': {
    compliant: [{ name: 'TLS required', resources: cache(group), address: CACHE }],
    nonCompliant: [
      { name: 'no TLS', resources: cache({ ...group, transit_encryption_enabled: false }), address: CACHE, message: /transit_encryption_enabled is false; expected true/ },
      { name: 'TLS preferred', resources: cache({ ...group, transit_encryption_mode: 'preferred' }), address: CACHE, message: /transit_encryption_mode is "preferred"/ },
    ],
  },
  'ITSM-ECA-003': {
    compliant: [
      { name: 'Multi-AZ, failover, two replicas', resources: cache(group), address: CACHE },
      { name: 'cluster mode disabled with two cache clusters', resources: cache({ ...group, num_node_groups: undefined, replicas_per_node_group: undefined, num_cache_clusters: 2 }), address: CACHE },
    ],
    nonCompliant: [
      { name: 'single AZ', resources: cache({ ...group, multi_az_enabled: false }), address: CACHE, message: /multi_az_enabled is false/ },
      { name: 'no replica', resources: cache({ ...group, replicas_per_node_group: 0, automatic_failover_enabled: false }), address: CACHE, message: /automatic_failover_enabled is false; replicas_per_node_group is 0/ },
    ],
  },
  'ITSM-ECA-004': {
    compliant: [{ name: 'a week of snapshots and a final one', resources: cache(group), address: CACHE }],
    nonCompliant: [
      { name: 'snapshots off', resources: cache({ ...group, snapshot_retention_limit: 0 }), address: CACHE, message: /snapshot_retention_limit is 0 \(no automatic snapshots\)/ },
      { name: 'no final snapshot', resources: cache({ ...group, final_snapshot_identifier: undefined }), address: CACHE, message: /final_snapshot_identifier is not set/ },
    ],
  },
  'ITSM-ECA-005': {
    compliant: [
      { name: 'RBAC user group', resources: cache(group), address: CACHE },
      { name: 'write-only AUTH token', resources: cache({ ...group, user_group_ids: undefined, auth_token_wo: '${ephemeral.random_password.cache.result}' }), address: CACHE },
    ],
    nonCompliant: [{ name: 'open to anyone who reaches the port', resources: cache({ ...group, user_group_ids: [] }), address: CACHE, message: /neither user_group_ids nor auth_token is set/ }],
  },
  'ITSM-ECA-006': {
    compliant: [
      { name: 'IAM-authenticated user', resources: { 'aws_elasticache_user.cache_user_incident': cacheUser({ authentication_mode: { type: 'iam' } }) }, address: CACHE_USER },
      {
        name: 'the switched-off default user',
        resources: { 'aws_elasticache_user.cache_user_incident': cacheUser({ user_name: 'default', access_string: 'off -@all', authentication_mode: { type: 'no-password-required' } }) },
        address: CACHE_USER,
      },
    ],
    nonCompliant: [
      {
        name: 'a password-less user that is switched on',
        resources: { 'aws_elasticache_user.cache_user_incident': cacheUser({ authentication_mode: { type: 'no-password-required' } }) },
        address: CACHE_USER,
        message: /user "prod-cache-incident" is password-less \(authentication_mode no-password-required\) and switched on \("on ~incident:\* \+@all"\)/,
      },
    ],
  },
  'ITSM-OSS-001': {
    compliant: [{ name: 'encrypted at rest and node to node', resources: search(domain), address: SEARCH }],
    nonCompliant: [
      { name: 'no encryption at rest', resources: search({ ...domain, encrypt_at_rest: { enabled: false } }), address: SEARCH, message: /encrypt_at_rest.enabled is false/ },
      { name: 'AWS-managed key, no node-to-node', resources: search({ ...domain, encrypt_at_rest: { enabled: true }, node_to_node_encryption: undefined }), address: SEARCH, message: /kms_key_id is not set .*node_to_node_encryption.enabled is nothing \(not set\)/ },
    ],
  },
  'ITSM-OSS-002': {
    compliant: [{ name: 'HTTPS with TLS 1.2 PFS', resources: search(domain), address: SEARCH }],
    nonCompliant: [
      { name: 'default TLS policy', resources: search({ ...domain, domain_endpoint_options: { enforce_https: true } }), address: SEARCH, message: /tls_security_policy is nothing \(not set\)/ },
      { name: 'HTTP allowed', resources: search({ ...domain, domain_endpoint_options: { enforce_https: false, tls_security_policy: 'Policy-Min-TLS-1-2-2019-07' } }), address: SEARCH, message: /enforce_https is false/ },
    ],
  },
  'ITSM-OSS-003': {
    compliant: [{ name: 'FGAC with an IAM master', resources: search(domain), address: SEARCH }],
    nonCompliant: [
      { name: 'no FGAC', resources: search({ ...domain, advanced_security_options: undefined }), address: SEARCH, message: /advanced_security_options.enabled is nothing \(not set\); expected true/ },
      {
        name: 'internal master user with a password',
        resources: search({ ...domain, advanced_security_options: { enabled: true, internal_user_database_enabled: true, master_user_options: { master_user_name: 'admin', master_user_password: 'x' } } }),
        address: SEARCH,
        message: /the master user is an internal user with a password/,
      },
    ],
  },
  'ITSM-OSS-004': {
    compliant: [{ name: 'in the VPC', resources: search(domain), address: SEARCH }],
    nonCompliant: [{ name: 'public endpoint', resources: search({ ...domain, vpc_options: undefined }), address: SEARCH, message: /the domain has a public endpoint/ }],
  },
  'ITSM-OSS-005': {
    compliant: [{ name: 'three zones, three masters', resources: search(domain), address: SEARCH }],
    nonCompliant: [
      { name: 'one node, no zone awareness', resources: search({ ...domain, cluster_config: { instance_count: 1 } }), address: SEARCH, message: /zone_awareness_enabled is nothing \(not set\); cluster_config.instance_count is 1/ },
      { name: 'two masters', resources: search({ ...domain, cluster_config: { ...(domain.cluster_config as Body), dedicated_master_count: 2 } }), address: SEARCH, message: /dedicated_master_count is 2/ },
    ],
  },
  'ITSM-OSS-006': {
    compliant: [{ name: 'all four logs published', resources: search(domain), address: SEARCH }],
    nonCompliant: [
      {
        name: 'audit log disabled',
        resources: search({ ...domain, log_publishing_options: (domain.log_publishing_options as Body[]).map((o) => (o.log_type === 'AUDIT_LOGS' ? { ...o, enabled: false } : o)) }),
        address: SEARCH,
        message: /does not publish AUDIT_LOGS/,
      },
    ],
  },
  'ITSM-EFS-001': {
    compliant: [{ name: 'encrypted with a KMS key', resources: { [FS]: fileSystem }, address: FS }],
    nonCompliant: [
      { name: 'not encrypted', resources: { [FS]: { ...fileSystem, encrypted: false, kms_key_id: undefined } }, address: FS, message: /encrypted is false; expected true/ },
      { name: 'AWS-managed key', resources: { [FS]: { ...fileSystem, kms_key_id: undefined } }, address: FS, message: /aws\/elasticfilesystem key is used/ },
    ],
  },
  'ITSM-EFS-002': {
    compliant: [{ name: 'policy denies insecure transport', resources: { [FS]: fileSystem, 'aws_efs_file_system_policy.shared': tlsPolicy }, address: FS }],
    nonCompliant: [
      { name: 'no policy', resources: { [FS]: fileSystem }, address: FS, message: /no aws_efs_file_system_policy of the stack refers to this file system/ },
      {
        name: 'policy without the TLS deny',
        resources: { [FS]: fileSystem, 'aws_efs_file_system_policy.shared': { ...tlsPolicy, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'elasticfilesystem:ClientMount', Resource: '*' }] }) } },
        address: FS,
        message: /no Deny statement on aws:SecureTransport/,
      },
    ],
  },
  'ITSM-EFS-003': {
    compliant: [{ name: 'mount targets in two AZs', resources: { [FS]: fileSystem, 'aws_efs_mount_target.shared_a': mount('a'), 'aws_efs_mount_target.shared_b': mount('b') }, address: FS }],
    nonCompliant: [
      { name: 'one mount target', resources: { [FS]: fileSystem, 'aws_efs_mount_target.shared_a': mount('a') }, address: FS, message: /has mount targets in 1 subnet; expected at least 2/ },
      { name: 'One Zone file system', resources: { [FS]: { ...fileSystem, availability_zone_name: 'us-east-1a' } }, address: FS, message: /One Zone file system/ },
    ],
  },
};
