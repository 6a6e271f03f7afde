/**
 * A compliant and a non-compliant fixture (at least) for every rule of the pack, keyed by rule id.
 * rules.test.ts runs them and fails for a rule of RULES without both kinds.
 */
import { Body, policy, POLICY_TAGS, StackOptions } from './fixtures';
import { SHARED_SERVICE_CASES } from './shared-service-cases';

export interface RuleCase {
  readonly name: string;
  /** The stack's resources by address. */
  readonly resources: Readonly<Record<string, Body>>;
  /** The resource the rule is expected to pass or flag. */
  readonly address: string;
  /** For non-compliant cases: what the finding's message must say. */
  readonly message?: RegExp;
  readonly options?: StackOptions;
}

export interface RuleCases {
  readonly compliant: readonly RuleCase[];
  readonly nonCompliant: readonly RuleCase[];
}

// ---- Building blocks, shaped like the synthesized stacks ----

const budget: Body = {
  name: 'prod-monthly',
  budget_type: 'COST',
  time_unit: 'MONTHLY',
  limit_amount: '4700.00',
  limit_unit: 'USD',
  cost_filter: [{ name: 'TagKeyValue', values: ['user:environment$prod'] }],
  notification: ['ACTUAL', 'FORECASTED'].flatMap((kind) =>
    [80, 100].map((threshold) => ({ comparison_operator: 'GREATER_THAN', notification_type: kind, threshold, threshold_type: 'PERCENTAGE', subscriber_sns_topic_arns: ['${aws_sns_topic.dns_alarms.arn}'] })),
  ),
};

const healthCheck: Body = { type: 'HTTPS', fqdn: 'us-east-1.itsm.example.com', port: 443, resource_path: '/healthz', request_interval: 10, failure_threshold: 3, measure_latency: true, enable_sni: true };

const cluster: Body = {
  cluster_identifier: 'prod-us-east-1-tickets-shard-01',
  engine: 'aurora-postgresql',
  storage_encrypted: true,
  kms_key_id: '${aws_kms_key.db.arn}',
  db_cluster_parameter_group_name: '${aws_rds_cluster_parameter_group.db.name}',
  enabled_cloudwatch_logs_exports: ['postgresql'],
  backup_retention_period: 35,
  copy_tags_to_snapshot: true,
  skip_final_snapshot: false,
  final_snapshot_identifier: 'prod-us-east-1-tickets-shard-01-final',
  deletion_protection: true,
  lifecycle: { prevent_destroy: true },
  tags: { 'backup-plan': 'prod-us-east-1-backup-plan' },
};
const clusterParameterGroup: Body = {
  family: 'aurora-postgresql16',
  name: 'prod-us-east-1-tickets-aurora-postgresql16',
  parameter: [
    { apply_method: 'immediate', name: 'log_connections', value: '1' },
    { apply_method: 'pending-reboot', name: 'rds.force_ssl', value: '1' },
  ],
};
const dbInstance: Body = {
  identifier: 'legacy-reports',
  engine: 'postgres',
  storage_encrypted: true,
  kms_key_id: '${aws_kms_key.db.arn}',
  parameter_group_name: '${aws_db_parameter_group.db.name}',
  enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
  backup_retention_period: 7,
  copy_tags_to_snapshot: true,
  deletion_protection: true,
  publicly_accessible: false,
  lifecycle: { prevent_destroy: true },
};
const bucket: Body = { bucket: 'prod-us-east-1-attachments-333333333333', force_destroy: false, lifecycle: { prevent_destroy: true } };
const bucketRef = '${aws_s3_bucket.data.id}';
const launchTemplate: Body = {
  name: 'prod-us-east-1-incident',
  image_id: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', kms_key_id: '${aws_kms_key.ebs.arn}', volume_size: 30, volume_type: 'gp3' } }],
  metadata_options: { http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'required' },
  network_interfaces: [{ associate_public_ip_address: 'false', security_groups: ['${aws_security_group.fleet.id}'] }],
  tag_specifications: [
    { resource_type: 'instance', tags: { Name: 'prod-incident-instance', module: 'incident' } },
    { resource_type: 'volume', tags: { Name: 'prod-incident-volume', module: 'incident' } },
  ],
};
const alb: Body = {
  name: 'prod-us-east-1-alb',
  load_balancer_type: 'application',
  internal: false,
  security_groups: ['${aws_security_group.alb.id}'],
  subnets: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}'],
  access_logs: { bucket: '${aws_s3_bucket_policy.logs.bucket}', enabled: true, prefix: 'alb' },
  enable_deletion_protection: true,
};
const asg: Body = {
  name: 'prod-us-east-1-incident',
  launch_template: { id: '${aws_launch_template.fleet.id}', version: '${aws_launch_template.fleet.latest_version}' },
  vpc_zone_identifier: ['${aws_subnet.private_a.id}', '${aws_subnet.private_b.id}'],
  min_size: 2,
  max_size: 4,
};
const policyTagBlocks = Object.entries({ ...POLICY_TAGS, module: 'incident' }).map(([key, value]) => ({ key, value, propagate_at_launch: true }));
const metricAlarm: Body = {
  alarm_name: 'prod-us-east-1-incident-cpu',
  comparison_operator: 'GreaterThanThreshold',
  evaluation_periods: 3,
  metric_name: 'CPUUtilization',
  namespace: 'AWS/EC2',
  period: 60,
  statistic: 'Average',
  threshold: 80,
};
const vault: Body = { name: 'prod-us-east-1-vault', kms_key_arn: '${aws_kms_key.backup.arn}', force_destroy: false, lifecycle: { prevent_destroy: true } };
const backupPlan: Body = { name: 'prod-us-east-1-backup-plan', rule: [{ rule_name: 'daily', schedule: 'cron(0 5 * * ? *)', target_vault_name: '${aws_backup_vault.vault.name}' }] };
const denyInsecure = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::prod-us-east-1-attachments-333333333333', 'arn:aws:s3:::prod-us-east-1-attachments-333333333333/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

export const CASES: Readonly<Record<string, RuleCases>> = {
  // ---- Encryption at rest ----
  'ITSM-ENC-001': {
    compliant: [{ name: 'encrypted cluster with a KMS key', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' }],
    nonCompliant: [
      { name: 'storage_encrypted false', resources: { 'aws_rds_cluster.db': { ...cluster, storage_encrypted: false } }, address: 'aws_rds_cluster.db', message: /storage_encrypted is false; expected true/ },
      { name: 'encrypted with the AWS-managed key', resources: { 'aws_db_instance.db': { ...dbInstance, kms_key_id: undefined } }, address: 'aws_db_instance.db', message: /kms_key_id is not set/ },
    ],
  },
  'ITSM-ENC-002': {
    compliant: [
      {
        name: 'SSE-KMS configuration referencing the bucket',
        resources: {
          'aws_s3_bucket.data': bucket,
          'aws_s3_bucket_server_side_encryption_configuration.data': { bucket: bucketRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.s3.arn}' }, bucket_key_enabled: true }] },
        },
        address: 'aws_s3_bucket.data',
      },
      {
        name: 'SSE-S3 configuration naming the bucket literally (ALB log bucket)',
        resources: {
          'aws_s3_bucket.data': bucket,
          'aws_s3_bucket_server_side_encryption_configuration.data': { bucket: bucket.bucket, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] },
        },
        address: 'aws_s3_bucket.data',
      },
    ],
    nonCompliant: [
      { name: 'no encryption configuration', resources: { 'aws_s3_bucket.data': bucket }, address: 'aws_s3_bucket.data', message: /no aws_s3_bucket_server_side_encryption_configuration/ },
      {
        name: 'configuration of another bucket',
        resources: {
          'aws_s3_bucket.data': bucket,
          'aws_s3_bucket.other': { ...bucket, bucket: 'other' },
          'aws_s3_bucket_server_side_encryption_configuration.other': { bucket: '${aws_s3_bucket.other.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }] },
        },
        address: 'aws_s3_bucket.data',
        message: /refers to this bucket/,
      },
    ],
  },
  'ITSM-ENC-003': {
    compliant: [
      { name: 'launch template with encrypted root volume ("true" as a string)', resources: { 'aws_launch_template.fleet': launchTemplate }, address: 'aws_launch_template.fleet' },
      { name: 'encrypted standalone volume', resources: { 'aws_ebs_volume.data': { availability_zone: 'us-east-1a', size: 10, encrypted: true } }, address: 'aws_ebs_volume.data' },
    ],
    nonCompliant: [
      {
        name: 'launch template volume without encryption',
        resources: { 'aws_launch_template.fleet': { ...launchTemplate, block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 30 } }] } },
        address: 'aws_launch_template.fleet',
        message: /"\/dev\/xvda" has ebs.encrypted nothing/,
      },
      { name: 'launch template without block devices', resources: { 'aws_launch_template.fleet': { ...launchTemplate, block_device_mappings: undefined } }, address: 'aws_launch_template.fleet', message: /declares no ebs volume/ },
      { name: 'instance with an unencrypted root volume', resources: { 'aws_instance.bastion': { ami: 'ami-1', root_block_device: { encrypted: false } } }, address: 'aws_instance.bastion', message: /root_block_device.encrypted is false/ },
    ],
  },
  'ITSM-ENC-004': {
    compliant: [{ name: 'log group with kms_key_id', resources: { 'aws_cloudwatch_log_group.logs': { name: '/aws/rds/x', kms_key_id: '${aws_kms_key.logs.arn}', lifecycle: { prevent_destroy: true } } }, address: 'aws_cloudwatch_log_group.logs' }],
    nonCompliant: [{ name: 'log group without a key', resources: { 'aws_cloudwatch_log_group.logs': { name: '/aws/rds/x', retention_in_days: 365 } }, address: 'aws_cloudwatch_log_group.logs', message: /kms_key_id is not set/ }],
  },
  'ITSM-ENC-005': {
    compliant: [{ name: 'topic with a customer-managed key', resources: { 'aws_sns_topic.alarms': { name: 'alarms', kms_master_key_id: '${aws_kms_key.alarms.arn}' } }, address: 'aws_sns_topic.alarms' }],
    nonCompliant: [
      { name: 'unencrypted topic', resources: { 'aws_sns_topic.alarms': { name: 'alarms' } }, address: 'aws_sns_topic.alarms', message: /kms_master_key_id is not set/ },
      { name: 'topic with the AWS-managed key', resources: { 'aws_sns_topic.alarms': { name: 'alarms', kms_master_key_id: 'alias/aws/sns' } }, address: 'aws_sns_topic.alarms', message: /alias\/aws\/sns/ },
    ],
  },
  'ITSM-ENC-006': {
    compliant: [{ name: 'vault with its own key', resources: { 'aws_backup_vault.vault': vault }, address: 'aws_backup_vault.vault' }],
    nonCompliant: [{ name: 'vault with the default key', resources: { 'aws_backup_vault.vault': { ...vault, kms_key_arn: undefined } }, address: 'aws_backup_vault.vault', message: /kms_key_arn is not set/ }],
  },
  'ITSM-ENC-007': {
    compliant: [
      { name: 'rotating key', resources: { 'aws_kms_key.k': { enable_key_rotation: true, deletion_window_in_days: 30 } }, address: 'aws_kms_key.k' },
    ],
    nonCompliant: [{ name: 'key without rotation', resources: { 'aws_kms_key.k': { deletion_window_in_days: 30 } }, address: 'aws_kms_key.k', message: /enable_key_rotation is nothing \(not set\); expected true/ }],
  },

  // ---- Encryption in transit ----
  'ITSM-TLS-001': {
    compliant: [
      { name: 'policy denying insecure transport', resources: { 'aws_s3_bucket.data': bucket, 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: policy(denyInsecure) } }, address: 'aws_s3_bucket.data' },
      {
        name: 'Principal {"AWS": "*"} and Action "*"',
        resources: { 'aws_s3_bucket.data': bucket, 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: policy({ ...denyInsecure, Principal: { AWS: '*' }, Action: '*' }) } },
        address: 'aws_s3_bucket.data',
      },
    ],
    nonCompliant: [
      { name: 'no bucket policy', resources: { 'aws_s3_bucket.data': bucket }, address: 'aws_s3_bucket.data', message: /no aws_s3_bucket_policy/ },
      {
        name: 'deny covering GetObject only',
        resources: { 'aws_s3_bucket.data': bucket, 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: policy({ ...denyInsecure, Action: 's3:GetObject' }) } },
        address: 'aws_s3_bucket.data',
        message: /no statement denying s3:\*/,
      },
      {
        name: 'policy from a data source',
        resources: { 'aws_s3_bucket.data': bucket, 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: '${data.aws_iam_policy_document.data.json}' } },
        address: 'aws_s3_bucket.data',
        message: /cannot be checked/,
      },
    ],
  },
  'ITSM-TLS-002': {
    compliant: [
      { name: 'TLS 1.3/1.2 policy', resources: { 'aws_lb_listener.https': { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } }, address: 'aws_lb_listener.https' },
      { name: 'FS 1.2 policy', resources: { 'aws_lb_listener.https': { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10' } }, address: 'aws_lb_listener.https' },
    ],
    nonCompliant: [
      { name: 'no ssl_policy', resources: { 'aws_lb_listener.https': { port: 443, protocol: 'HTTPS' } }, address: 'aws_lb_listener.https', message: /ELBSecurityPolicy-2016-08/ },
      { name: 'TLS 1.0 policy', resources: { 'aws_lb_listener.https': { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' } }, address: 'aws_lb_listener.https', message: /"ELBSecurityPolicy-TLS13-1-0-2021-06"/ },
    ],
  },
  'ITSM-TLS-003': {
    compliant: [
      {
        name: 'HTTP listener redirecting to HTTPS',
        resources: { 'aws_lb_listener.http': { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } }] } },
        address: 'aws_lb_listener.http',
      },
    ],
    nonCompliant: [
      {
        name: 'HTTP listener forwarding',
        resources: { 'aws_lb_listener.http': { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } },
        address: 'aws_lb_listener.http',
        message: /default_action has type "forward"/,
      },
      {
        name: 'redirecting listener with a forwarding rule',
        resources: {
          'aws_lb_listener.http': { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] },
          'aws_lb_listener_rule.api': { listener_arn: '${aws_lb_listener.http.arn}', priority: 10, action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] },
        },
        address: 'aws_lb_listener.http',
        message: /aws_lb_listener_rule.api action has type "forward"/,
      },
    ],
  },
  'ITSM-TLS-004': {
    compliant: [
      { name: 'cluster parameter group forcing TLS', resources: { 'aws_rds_cluster.db': cluster, 'aws_rds_cluster_parameter_group.db': clusterParameterGroup }, address: 'aws_rds_cluster.db' },
      {
        name: 'MySQL instance with require_secure_transport ON',
        resources: {
          'aws_db_instance.db': { ...dbInstance, engine: 'mysql' },
          'aws_db_parameter_group.db': { family: 'mysql8.0', name: 'mysql', parameter: [{ name: 'require_secure_transport', value: 'ON' }] },
        },
        address: 'aws_db_instance.db',
      },
    ],
    nonCompliant: [
      {
        name: 'parameter group without rds.force_ssl',
        resources: { 'aws_rds_cluster.db': cluster, 'aws_rds_cluster_parameter_group.db': { ...clusterParameterGroup, parameter: [{ name: 'log_connections', value: '1' }] } },
        address: 'aws_rds_cluster.db',
        message: /sets rds.force_ssl to nothing/,
      },
      { name: 'default parameter group', resources: { 'aws_rds_cluster.db': { ...cluster, db_cluster_parameter_group_name: 'default.aurora-postgresql16' } }, address: 'aws_rds_cluster.db', message: /no aws_rds_cluster_parameter_group of this stack/ },
    ],
  },

  // ---- Public exposure ----
  'ITSM-PUB-001': {
    compliant: [
      {
        name: 'all four settings true',
        resources: {
          'aws_s3_bucket.data': bucket,
          'aws_s3_bucket_public_access_block.data': { bucket: bucketRef, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
        },
        address: 'aws_s3_bucket.data',
      },
    ],
    nonCompliant: [
      { name: 'no public access block', resources: { 'aws_s3_bucket.data': bucket }, address: 'aws_s3_bucket.data', message: /no aws_s3_bucket_public_access_block/ },
      {
        name: 'restrict_public_buckets false',
        resources: {
          'aws_s3_bucket.data': bucket,
          'aws_s3_bucket_public_access_block.data': { bucket: bucketRef, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false },
        },
        address: 'aws_s3_bucket.data',
        message: /does not set restrict_public_buckets to true/,
      },
    ],
  },
  'ITSM-PUB-002': {
    compliant: [{ name: 'subnet without public IPs', resources: { 'aws_subnet.public_a': { cidr_block: '10.0.0.0/21', map_public_ip_on_launch: false, vpc_id: '${aws_vpc.net.id}' } }, address: 'aws_subnet.public_a' }],
    nonCompliant: [{ name: 'subnet mapping public IPs', resources: { 'aws_subnet.public_a': { cidr_block: '10.0.0.0/21', map_public_ip_on_launch: true } }, address: 'aws_subnet.public_a', message: /map_public_ip_on_launch is true/ }],
  },
  'ITSM-PUB-003': {
    compliant: [{ name: 'launch template without public IP', resources: { 'aws_launch_template.fleet': launchTemplate }, address: 'aws_launch_template.fleet' }],
    nonCompliant: [
      {
        name: 'launch template associating a public IP',
        resources: { 'aws_launch_template.fleet': { ...launchTemplate, network_interfaces: [{ associate_public_ip_address: 'true' }] } },
        address: 'aws_launch_template.fleet',
        message: /associate_public_ip_address = true on 1 interface/,
      },
      { name: 'instance with a public IP', resources: { 'aws_instance.bastion': { ami: 'ami-1', associate_public_ip_address: true } }, address: 'aws_instance.bastion', message: /associate_public_ip_address is true/ },
    ],
  },
  'ITSM-PUB-004': {
    compliant: [{ name: 'private cluster instance', resources: { 'aws_rds_cluster_instance.w': { cluster_identifier: '${aws_rds_cluster.db.id}', publicly_accessible: false } }, address: 'aws_rds_cluster_instance.w' }],
    nonCompliant: [{ name: 'public cluster instance', resources: { 'aws_rds_cluster_instance.w': { cluster_identifier: '${aws_rds_cluster.db.id}', publicly_accessible: true } }, address: 'aws_rds_cluster_instance.w', message: /publicly_accessible is true/ }],
  },
  'ITSM-PUB-005': {
    compliant: [
      {
        name: 'HTTPS from anywhere into the ALB security group',
        resources: {
          'aws_lb.alb': alb,
          'aws_security_group.alb': { name: 'alb', vpc_id: '${aws_vpc.net.id}' },
          'aws_vpc_security_group_ingress_rule.alb_https': { security_group_id: '${aws_security_group.alb.id}', cidr_ipv6: '::/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 },
        },
        address: 'aws_vpc_security_group_ingress_rule.alb_https',
      },
      {
        name: 'database port from a security group',
        resources: { 'aws_vpc_security_group_ingress_rule.db': { security_group_id: '${aws_security_group.db.id}', referenced_security_group_id: '${aws_security_group.fleet.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432 } },
        address: 'aws_vpc_security_group_ingress_rule.db',
      },
    ],
    nonCompliant: [
      {
        name: 'SSH from anywhere',
        resources: {
          'aws_security_group.fleet': { name: 'fleet' },
          'aws_vpc_security_group_ingress_rule.ssh': { security_group_id: '${aws_security_group.fleet.id}', cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 22, to_port: 22 },
        },
        address: 'aws_vpc_security_group_ingress_rule.ssh',
        message: /allows tcp port 22 from 0.0.0.0\/0 \(aws_security_group.fleet belongs to no application load balancer\)/,
      },
      {
        name: 'all ports from anywhere on the ALB security group',
        resources: {
          'aws_lb.alb': alb,
          'aws_security_group.alb': { name: 'alb', ingress: [{ cidr_blocks: ['0.0.0.0/0'], protocol: '-1', from_port: 0, to_port: 0 }] },
        },
        address: 'aws_security_group.alb',
        message: /ingress block 1 allows all traffic from 0.0.0.0\/0 \(only TCP 80 and 443/,
      },
      {
        name: 'legacy security group rule open on 8080',
        resources: { 'aws_security_group_rule.app': { type: 'ingress', security_group_id: '${aws_security_group.app.id}', cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'], protocol: 'tcp', from_port: 8080, to_port: 8080 } },
        address: 'aws_security_group_rule.app',
        message: /tcp port 8080 from 0.0.0.0\/0/,
      },
    ],
  },

  // ---- Logging ----
  'ITSM-LOG-001': {
    compliant: [{ name: 'access logs enabled', resources: { 'aws_lb.alb': alb }, address: 'aws_lb.alb' }],
    nonCompliant: [
      { name: 'no access_logs block', resources: { 'aws_lb.alb': { ...alb, access_logs: undefined } }, address: 'aws_lb.alb', message: /access_logs is not set/ },
      { name: 'access logs disabled', resources: { 'aws_lb.alb': { ...alb, access_logs: { bucket: 'logs', enabled: false } } }, address: 'aws_lb.alb', message: /access_logs.enabled is false/ },
    ],
  },
  'ITSM-LOG-002': {
    compliant: [
      {
        name: 'VPC with an ALL flow log',
        resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16' }, 'aws_flow_log.net': { vpc_id: '${aws_vpc.net.id}', traffic_type: 'ALL', log_destination: '${aws_cloudwatch_log_group.flow.arn}' } },
        address: 'aws_vpc.net',
      },
    ],
    nonCompliant: [
      { name: 'VPC without a flow log', resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16' } }, address: 'aws_vpc.net', message: /no aws_flow_log/ },
      {
        name: 'flow log of accepted traffic only',
        resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16' }, 'aws_flow_log.net': { vpc_id: '${aws_vpc.net.id}', traffic_type: 'ACCEPT' } },
        address: 'aws_vpc.net',
        message: /traffic_type "ACCEPT" only/,
      },
    ],
  },
  'ITSM-LOG-003': {
    compliant: [
      {
        name: 'web ACL with logging',
        resources: {
          'aws_wafv2_web_acl.alb': { name: 'alb', scope: 'REGIONAL', default_action: { allow: {} } },
          'aws_wafv2_web_acl_logging_configuration.alb': { resource_arn: '${aws_wafv2_web_acl.alb.arn}', log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'] },
        },
        address: 'aws_wafv2_web_acl.alb',
      },
    ],
    nonCompliant: [{ name: 'web ACL without logging', resources: { 'aws_wafv2_web_acl.alb': { name: 'alb', scope: 'REGIONAL' } }, address: 'aws_wafv2_web_acl.alb', message: /no aws_wafv2_web_acl_logging_configuration/ }],
  },
  'ITSM-LOG-004': {
    compliant: [{ name: 'cluster exporting postgresql logs', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' }],
    nonCompliant: [
      { name: 'no exports', resources: { 'aws_rds_cluster.db': { ...cluster, enabled_cloudwatch_logs_exports: undefined } }, address: 'aws_rds_cluster.db', message: /enabled_cloudwatch_logs_exports is nothing/ },
      { name: 'PostgreSQL exporting only the upgrade log', resources: { 'aws_db_instance.db': { ...dbInstance, enabled_cloudwatch_logs_exports: ['upgrade'] } }, address: 'aws_db_instance.db', message: /include "postgresql"/ },
    ],
  },

  // ---- Backups and immutability ----
  'ITSM-BAK-001': {
    compliant: [
      { name: 'vault with a lock', resources: { 'aws_backup_vault.vault': vault, 'aws_backup_vault_lock_configuration.vault': { backup_vault_name: '${aws_backup_vault.vault.name}', min_retention_days: 7 } }, address: 'aws_backup_vault.vault' },
    ],
    nonCompliant: [{ name: 'vault without a lock', resources: { 'aws_backup_vault.vault': vault }, address: 'aws_backup_vault.vault', message: /no aws_backup_vault_lock_configuration/ }],
  },
  'ITSM-BAK-002': {
    compliant: [
      {
        name: 'cluster selected by its backup-plan tag',
        resources: {
          'aws_rds_cluster.db': cluster,
          'aws_backup_plan.plan': backupPlan,
          'aws_backup_selection.plan': { plan_id: '${aws_backup_plan.plan.id}', iam_role_arn: '${aws_iam_role.backup.arn}', selection_tag: [{ key: 'backup-plan', type: 'STRINGEQUALS', value: 'prod-us-east-1-backup-plan' }] },
        },
        address: 'aws_rds_cluster.db',
      },
      {
        name: 'instance selected by reference',
        resources: {
          'aws_db_instance.db': dbInstance,
          'aws_backup_plan.plan': backupPlan,
          'aws_backup_selection.plan': { plan_id: '${aws_backup_plan.plan.id}', resources: ['${aws_db_instance.db.arn}'] },
        },
        address: 'aws_db_instance.db',
      },
      {
        name: 'cluster selected through a default tag and a condition',
        resources: {
          'aws_rds_cluster.db': { ...cluster, tags: {} },
          'aws_backup_plan.plan': backupPlan,
          'aws_backup_selection.plan': { plan_id: '${aws_backup_plan.plan.id}', resources: ['*'], condition: [{ string_equals: [{ key: 'aws:ResourceTag/environment', value: 'prod' }] }] },
        },
        address: 'aws_rds_cluster.db',
      },
    ],
    nonCompliant: [
      { name: 'no backup plan at all', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db', message: /the stack has no aws_backup_plan/ },
      {
        name: 'selection tag the cluster does not carry',
        resources: {
          'aws_rds_cluster.db': { ...cluster, tags: {} },
          'aws_backup_plan.plan': backupPlan,
          'aws_backup_selection.plan': { plan_id: '${aws_backup_plan.plan.id}', selection_tag: [{ key: 'backup-plan', type: 'STRINGEQUALS', value: 'prod-us-east-1-backup-plan' }] },
        },
        address: 'aws_rds_cluster.db',
        message: /selections match backup-plan=prod-us-east-1-backup-plan; the resource has backup-plan=\(none\)/,
      },
    ],
  },
  'ITSM-BAK-003': {
    compliant: [{ name: '35 days', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' }],
    nonCompliant: [
      { name: 'default retention', resources: { 'aws_rds_cluster.db': { ...cluster, backup_retention_period: undefined } }, address: 'aws_rds_cluster.db', message: /not set \(the default is 1 day\)/ },
      { name: '3 days', resources: { 'aws_db_instance.db': { ...dbInstance, backup_retention_period: 3 } }, address: 'aws_db_instance.db', message: /backup_retention_period is 3; expected at least 7/ },
    ],
  },
  'ITSM-BAK-004': {
    compliant: [{ name: 'final snapshot kept', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' }],
    nonCompliant: [{ name: 'skip_final_snapshot', resources: { 'aws_rds_cluster.db': { ...cluster, skip_final_snapshot: true } }, address: 'aws_rds_cluster.db', message: /skip_final_snapshot is true/ }],
  },
  'ITSM-BAK-005': {
    compliant: [{ name: 'copies tags', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' }],
    nonCompliant: [{ name: 'does not copy tags', resources: { 'aws_rds_cluster.db': { ...cluster, copy_tags_to_snapshot: undefined } }, address: 'aws_rds_cluster.db', message: /copy_tags_to_snapshot is nothing/ }],
  },

  // ---- Deletion protection ----
  'ITSM-DEL-001': {
    compliant: [
      { name: 'protected cluster', resources: { 'aws_rds_cluster.db': cluster }, address: 'aws_rds_cluster.db' },
      { name: 'protected global cluster', resources: { 'aws_rds_global_cluster.g': { global_cluster_identifier: 'prod-tickets-shard-01', deletion_protection: true, lifecycle: { prevent_destroy: true } } }, address: 'aws_rds_global_cluster.g' },
    ],
    nonCompliant: [
      { name: 'unprotected cluster', resources: { 'aws_rds_cluster.db': { ...cluster, deletion_protection: false } }, address: 'aws_rds_cluster.db', message: /deletion_protection is false/ },
      { name: 'unprotected global cluster', resources: { 'aws_rds_global_cluster.g': { global_cluster_identifier: 'prod-tickets-shard-01' } }, address: 'aws_rds_global_cluster.g', message: /deletion_protection is nothing/ },
    ],
  },
  'ITSM-DEL-002': {
    compliant: [{ name: 'protected load balancer', resources: { 'aws_lb.alb': alb }, address: 'aws_lb.alb' }],
    nonCompliant: [{ name: 'unprotected load balancer', resources: { 'aws_lb.alb': { ...alb, enable_deletion_protection: undefined } }, address: 'aws_lb.alb', message: /enable_deletion_protection is nothing/ }],
  },
  'ITSM-DEL-003': {
    compliant: [
      { name: 'bucket with prevent_destroy', resources: { 'aws_s3_bucket.data': bucket }, address: 'aws_s3_bucket.data' },
      { name: 'key with prevent_destroy', resources: { 'aws_kms_key.k': { enable_key_rotation: true, lifecycle: { prevent_destroy: true } } }, address: 'aws_kms_key.k' },
    ],
    nonCompliant: [
      { name: 'cluster without lifecycle', resources: { 'aws_rds_cluster.db': { ...cluster, lifecycle: undefined } }, address: 'aws_rds_cluster.db', message: /lifecycle.prevent_destroy is not true/ },
      { name: 'bucket with force_destroy', resources: { 'aws_s3_bucket.data': { ...bucket, force_destroy: true } }, address: 'aws_s3_bucket.data', message: /force_destroy is true/ },
    ],
  },

  // ---- Names and replacement ----
  'ITSM-NAM-001': {
    compliant: [
      {
        name: 'target group named after its replacement-forcing arguments',
        resources: {
          'aws_lb_target_group.incident': {
            name: 'prod-us-east-1-incident-${substr(sha1(join(":", ["8080", "HTTP", "HTTP1", "instance", aws_vpc.network.id])), 0, 4)}',
            port: 8080,
            lifecycle: { create_before_destroy: true },
          },
        },
        address: 'aws_lb_target_group.incident',
      },
      { name: 'security group under a name prefix', resources: { 'aws_security_group.fleet': { name_prefix: 'prod-us-east-1-incident-fleet-', lifecycle: { create_before_destroy: true } } }, address: 'aws_security_group.fleet' },
      { name: 'parameter group under a name prefix', resources: { 'aws_rds_cluster_parameter_group.db': { ...clusterParameterGroup, name: undefined, name_prefix: 'prod-us-east-1-tickets-aurora-postgresql16-', lifecycle: { create_before_destroy: true } } }, address: 'aws_rds_cluster_parameter_group.db' },
    ],
    nonCompliant: [
      {
        name: 'target group with a fixed name',
        resources: { 'aws_lb_target_group.incident': { name: 'prod-us-east-1-incident-8080', port: 8080, lifecycle: { create_before_destroy: true } } },
        address: 'aws_lb_target_group.incident',
        message: /name is the fixed "prod-us-east-1-incident-8080" under lifecycle\.create_before_destroy; expected name_prefix or a name that changes with the replacement/,
      },
      {
        name: 'parameter group with a fixed name (create_before_destroy as a string)',
        resources: { 'aws_rds_cluster_parameter_group.db': { ...clusterParameterGroup, lifecycle: { create_before_destroy: 'true' } } },
        address: 'aws_rds_cluster_parameter_group.db',
        message: /name is the fixed "prod-us-east-1-tickets-aurora-postgresql16"/,
      },
      {
        name: 'web ACL (no name_prefix) with a fixed name',
        resources: { 'aws_wafv2_web_acl.alb': { name: 'prod-us-east-1-alb', scope: 'REGIONAL', lifecycle: { create_before_destroy: true } } },
        address: 'aws_wafv2_web_acl.alb',
        message: /name is the fixed "prod-us-east-1-alb" under lifecycle\.create_before_destroy; expected a name that changes/,
      },
    ],
  },
  'ITSM-NAM-002': {
    compliant: [
      { name: 'names within their limits', resources: { 'aws_rds_cluster_parameter_group.db': clusterParameterGroup }, address: 'aws_rds_cluster_parameter_group.db' },
      { name: 'an interpolated name whose literal text fits', resources: { 'aws_lb_target_group.incident': { name: 'prod-us-east-1-incident-${substr(sha1("x"), 0, 4)}', port: 8080 } }, address: 'aws_lb_target_group.incident' },
    ],
    nonCompliant: [
      {
        name: 'a 65-character IAM role name',
        resources: { 'aws_iam_role.fleet': { name: `${'r'.repeat(56)}-instance`, assume_role_policy: '{}' } },
        address: 'aws_iam_role.fleet',
        message: /name "r+-instance" is 65 characters, but AWS allows a name of at most 64/,
      },
      {
        name: 'a target group name prefix over 6 characters',
        resources: { 'aws_lb_target_group.incident': { name_prefix: 'incident', port: 8080 } },
        address: 'aws_lb_target_group.incident',
        message: /name_prefix "incident" is 8 characters, but AWS allows a name_prefix \(Terraform appends 26 characters to make the name\) of at most 6/,
      },
      {
        name: 'an upper-case parameter group name',
        resources: { 'aws_rds_cluster_parameter_group.db': { ...clusterParameterGroup, name: 'Prod-Tickets' } },
        address: 'aws_rds_cluster_parameter_group.db',
        message: /name "Prod-Tickets" has characters or a form AWS refuses for a name: use lower-case letters/,
      },
    ],
  },

  // ---- Instance metadata ----
  'ITSM-EC2-001': {
    compliant: [
      { name: 'IMDSv2 required', resources: { 'aws_launch_template.fleet': launchTemplate }, address: 'aws_launch_template.fleet' },
      { name: 'metadata endpoint disabled', resources: { 'aws_instance.i': { ami: 'ami-1', metadata_options: { http_endpoint: 'disabled' } } }, address: 'aws_instance.i' },
    ],
    nonCompliant: [
      { name: 'no metadata options', resources: { 'aws_launch_template.fleet': { ...launchTemplate, metadata_options: undefined } }, address: 'aws_launch_template.fleet', message: /the default allows IMDSv1/ },
      { name: 'tokens optional', resources: { 'aws_instance.i': { ami: 'ami-1', metadata_options: { http_tokens: 'optional' } } }, address: 'aws_instance.i', message: /http_tokens is "optional"/ },
    ],
  },

  // ---- Least-privilege IAM ----
  'ITSM-IAM-001': {
    compliant: [
      {
        name: 'scoped inline policy',
        resources: {
          'aws_iam_role_policy.flow': {
            role: '${aws_iam_role.flow.id}',
            policy: policy({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['${aws_cloudwatch_log_group.flow.arn}:*'] }),
          },
        },
        address: 'aws_iam_role_policy.flow',
      },
      { name: 'attached SSM core policy', resources: { 'aws_iam_role_policy_attachment.ssm': { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' } }, address: 'aws_iam_role_policy_attachment.ssm' },
      {
        name: 'wildcard action on a specific resource',
        resources: { 'aws_iam_policy.p': { policy: policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' }) } },
        address: 'aws_iam_policy.p',
      },
    ],
    nonCompliant: [
      {
        name: 'Action * on Resource *',
        resources: { 'aws_iam_role_policy.admin': { role: 'r', policy: policy({ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }) } },
        address: 'aws_iam_role_policy.admin',
        message: /policy statement "Everything" allows Action "\*" on Resource "\*"/,
      },
      {
        name: 'iam:* in an inline_policy of a role',
        resources: {
          'aws_iam_role.r': { assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), inline_policy: [{ name: 'iam', policy: policy({ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }) }] },
        },
        address: 'aws_iam_role.r',
        message: /inline_policy "iam" statement 1 allows Action "iam:\*"/,
      },
      {
        name: 'role with IAMFullAccess in managed_policy_arns',
        resources: { 'aws_iam_role.r': { assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), managed_policy_arns: ['arn:aws:iam::aws:policy/IAMFullAccess'] } },
        address: 'aws_iam_role.r',
        message: /managed_policy_arns attaches the AWS managed policy IAMFullAccess/,
      },
      { name: 'AdministratorAccess attached', resources: { 'aws_iam_role_policy_attachment.admin': { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }, address: 'aws_iam_role_policy_attachment.admin', message: /AdministratorAccess/ },
      { name: 'policy from a data source', resources: { 'aws_iam_policy.p': { policy: '${data.aws_iam_policy_document.p.json}' } }, address: 'aws_iam_policy.p', message: /cannot be checked/ },
    ],
  },
  'ITSM-IAM-002': {
    compliant: [
      {
        name: 'KMS key policy with * restricted by conditions',
        resources: {
          'aws_kms_key.k': {
            enable_key_rotation: true,
            policy: policy(
              { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:*', Resource: '*' },
              { Sid: 'ViaRds', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '333333333333', 'kms:ViaService': 'rds.us-east-1.amazonaws.com' } } },
            ),
          },
        },
        address: 'aws_kms_key.k',
      },
      { name: 'bucket policy denying to *', resources: { 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: policy(denyInsecure) } }, address: 'aws_s3_bucket_policy.data' },
    ],
    nonCompliant: [
      {
        name: 'public read on a bucket',
        resources: { 'aws_s3_bucket_policy.data': { bucket: bucketRef, policy: policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) } },
        address: 'aws_s3_bucket_policy.data',
        message: /policy statement "PublicRead" allows Principal "\*" with no Condition/,
      },
      {
        name: 'role assumable by anyone',
        resources: { 'aws_iam_role.r': { assume_role_policy: policy({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole' }) } },
        address: 'aws_iam_role.r',
        message: /assume_role_policy statement 1 allows/,
      },
    ],
  },

  'ITSM-IAM-003': {
    compliant: [
      {
        name: 'role with a scoped trust policy and an inline policy of catalogued actions, ARNs and keys',
        resources: {
          'aws_iam_role.r': {
            assume_role_policy: policy({
              Effect: 'Allow',
              Principal: { Service: 'backup.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } },
            }),
            inline_policy: [
              {
                name: 'logs',
                policy: policy(
                  { Sid: 'Describe', Effect: 'Allow', Action: ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies'], Resource: '*' },
                  { Sid: 'Write', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '${aws_cloudwatch_log_group.l.arn}:*' },
                  { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject*', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
                ),
              },
            ],
          },
        },
        address: 'aws_iam_role.r',
      },
      {
        name: 'key policy with service-specific and templated condition keys',
        resources: {
          'aws_kms_key.k': {
            policy: policy(
              { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:*', Resource: '*' },
              {
                Sid: 'Sns',
                Effect: 'Allow',
                Principal: { Service: 'backup.amazonaws.com' },
                Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
                Resource: '*',
                Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:us-east-1:333333333333:t', 'kms:CallerAccount': '333333333333' } },
              },
            ),
          },
        },
        address: 'aws_kms_key.k',
      },
    ],
    nonCompliant: [
      {
        name: 'an action the service does not have (SNS:Receive)',
        resources: {
          'aws_sns_topic_policy.t': {
            arn: '${aws_sns_topic.t.arn}',
            policy: policy({
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: ['SNS:Publish', 'SNS:Receive'],
              Resource: 'arn:aws:sns:us-east-1:333333333333:t',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          },
        },
        address: 'aws_sns_topic_policy.t',
        message: /statement "DenyInsecureTransport": "SNS:Receive" is not an action of sns/,
      },
      {
        name: 'a condition key of another service',
        resources: {
          'aws_iam_role_policy.p': {
            role: '${aws_iam_role.r.id}',
            policy: policy({ Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
          },
        },
        address: 'aws_iam_role_policy.p',
        message: /key "kms:ViaService" belongs to kms, but the statement's actions are of s3: the condition never matches/,
      },
      {
        name: 'an action that accepts only "*" scoped to a log-group ARN',
        resources: {
          'aws_iam_role_policy.p': {
            role: '${aws_iam_role.r.id}',
            policy: policy({ Sid: 'Check', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: 'arn:aws:logs:us-east-1:333333333333:log-group:*' }),
          },
        },
        address: 'aws_iam_role_policy.p',
        message: /"logs:DescribeLogGroups" supports no resource-level permissions, so IAM accepts only Resource "\*" for it \(got "arn:aws:logs:us-east-1:333333333333:log-group:\*"\)/,
      },
      {
        name: 'an action scoped to an ARN of another resource type',
        resources: {
          'aws_iam_role_policy.p': {
            role: '${aws_iam_role.r.id}',
            policy: policy({ Sid: 'Publish', Effect: 'Allow', Action: 'sns:Publish', Resource: '${aws_kms_key.k.arn}' }),
          },
        },
        address: 'aws_iam_role_policy.p',
        message: /"sns:Publish" applies to topic \(arn:\$\{Partition\}:sns:\$\{Region\}:\$\{Account\}:\$\{TopicName\}\), none of which matches "\$\{aws_kms_key.k.arn\}"/,
      },
      {
        name: 'an unknown global condition key',
        resources: {
          'aws_iam_role.r': {
            assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAcount': '333333333333' } } }),
          },
        },
        address: 'aws_iam_role.r',
        message: /assume_role_policy statement 1: StringEquals key "aws:SourceAcount" is not a global condition key/,
      },
    ],
  },

  // ---- Tagging ----
  'ITSM-TAG-001': {
    compliant: [
      { name: 'tags from default_tags', resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16', tags: { Name: 'net' } } }, address: 'aws_vpc.net' },
      { name: 'tags on the resource, provider without default_tags', resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16', tags: POLICY_TAGS } }, address: 'aws_vpc.net', options: { defaultTags: null } },
    ],
    nonCompliant: [
      { name: 'provider without default_tags', resources: { 'aws_vpc.net': { cidr_block: '10.0.0.0/16' } }, address: 'aws_vpc.net', options: { defaultTags: null }, message: /missing tags environment, blueprint, scenario, owner, cost-center and data-classification/ },
      { name: 'owner blanked on the resource', resources: { 'aws_sns_topic.t': { name: 't', kms_master_key_id: 'k', tags: { owner: '' } } }, address: 'aws_sns_topic.t', message: /missing tag owner \(neither the default_tags of provider aws/ },
    ],
  },
  'ITSM-TAG-002': {
    compliant: [
      { name: 'propagated policy tags and volume tags in the template', resources: { 'aws_autoscaling_group.fleet': { ...asg, tag: policyTagBlocks }, 'aws_launch_template.fleet': { ...launchTemplate, tag_specifications: [{ resource_type: 'volume', tags: { ...POLICY_TAGS, module: 'incident' } }] } }, address: 'aws_autoscaling_group.fleet' },
    ],
    nonCompliant: [
      {
        name: 'group tagged with module and Name only (default_tags do not reach it)',
        resources: {
          'aws_autoscaling_group.fleet': { ...asg, tag: [{ key: 'module', value: 'incident', propagate_at_launch: true }] },
          'aws_launch_template.fleet': launchTemplate,
        },
        address: 'aws_autoscaling_group.fleet',
        message: /the group's tag blocks, launched instances \(propagated tag blocks \+ aws_launch_template.fleet tag_specifications "instance"\) and volumes \(aws_launch_template.fleet tag_specifications "volume"\) lack environment, blueprint, scenario, owner, cost-center and data-classification/,
      },
      {
        name: 'policy tags not propagated to instances',
        resources: {
          'aws_autoscaling_group.fleet': { ...asg, tag: policyTagBlocks.map((t) => ({ ...t, propagate_at_launch: false })) },
          'aws_launch_template.fleet': { ...launchTemplate, tag_specifications: [{ resource_type: 'volume', tags: { ...POLICY_TAGS, module: 'incident' } }] },
        },
        address: 'aws_autoscaling_group.fleet',
        message: /^launched instances \(.*\) lack environment, blueprint, scenario, owner, cost-center, data-classification and module$/,
      },
    ],
  },

  // ---- Availability ----
  'ITSM-HA-001': {
    compliant: [{ name: 'two subnets', resources: { 'aws_autoscaling_group.fleet': asg }, address: 'aws_autoscaling_group.fleet' }],
    nonCompliant: [{ name: 'one subnet', resources: { 'aws_autoscaling_group.fleet': { ...asg, vpc_zone_identifier: ['${aws_subnet.private_a.id}'] } }, address: 'aws_autoscaling_group.fleet', message: /spans 1 subnet/ }],
  },
  'ITSM-HA-002': {
    compliant: [{ name: 'two subnets', resources: { 'aws_lb.alb': alb }, address: 'aws_lb.alb' }],
    nonCompliant: [{ name: 'one subnet', resources: { 'aws_lb.alb': { ...alb, subnets: ['${aws_subnet.public_a.id}'] } }, address: 'aws_lb.alb', message: /spans 1 subnet; expected at least 2/ }],
  },

  // ---- Cost ----
  'ITSM-CST-001': {
    compliant: [
      { name: 'budget with actual and forecast notifications at 80% and 100%', resources: { 'aws_budgets_budget.budget': budget }, address: 'aws_budgets_budget.budget' },
      {
        name: 'global stack with its budget',
        resources: { 'aws_route53_health_check.dns_us_east_1': healthCheck, 'aws_budgets_budget.budget': budget },
        address: 'aws_route53_health_check.dns_us_east_1',
      },
    ],
    nonCompliant: [
      {
        name: 'global stack without a budget',
        resources: { 'aws_route53_health_check.dns_us_east_1': healthCheck },
        address: 'aws_route53_health_check.dns_us_east_1',
        message: /holds the environment's DNS health checks but no aws_budgets_budget/,
      },
      {
        name: 'budget without forecast notifications',
        resources: { 'aws_budgets_budget.budget': { ...budget, notification: (budget.notification as Body[]).filter((n) => n.notification_type === 'ACTUAL') } },
        address: 'aws_budgets_budget.budget',
        message: /no FORECASTED notification at 80% to an SNS topic; no FORECASTED notification at 100% to an SNS topic/,
      },
      {
        name: 'budget over the whole account',
        resources: { 'aws_budgets_budget.budget': { ...budget, cost_filter: [] } },
        address: 'aws_budgets_budget.budget',
        message: /no TagKeyValue cost_filter/,
      },
    ],
  },

  // ---- Alarms that act ----
  'ITSM-ALM-001': {
    compliant: [
      { name: 'composite alarm notifying a topic', resources: { 'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("x")', alarm_actions: ['${aws_sns_topic.alarms.arn}'] } }, address: 'aws_cloudwatch_composite_alarm.incident' },
      {
        name: 'action-less composite used as another composite\'s suppressor',
        resources: {
          'aws_cloudwatch_composite_alarm.modules': { alarm_name: 'modules', alarm_rule: 'ALARM("a") OR ALARM("b")', alarm_actions: [] },
          'aws_cloudwatch_composite_alarm.alb': {
            alarm_name: 'alb',
            alarm_rule: 'ALARM("alb-5xx")',
            alarm_actions: ['${aws_sns_topic.alarms.arn}'],
            actions_suppressor: { alarm: '${aws_cloudwatch_composite_alarm.modules.alarm_name}', extension_period: 180, wait_period: 180 },
          },
        },
        address: 'aws_cloudwatch_composite_alarm.modules',
      },
    ],
    nonCompliant: [
      { name: 'composite alarm without actions', resources: { 'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("x")' } }, address: 'aws_cloudwatch_composite_alarm.incident', message: /alarm_actions is empty/ },
      {
        name: 'composite alarm with actions disabled',
        resources: { 'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("x")', alarm_actions: ['arn:aws:sns:us-east-1:333333333333:t'], actions_enabled: false } },
        address: 'aws_cloudwatch_composite_alarm.incident',
        message: /actions_enabled is false/,
      },
    ],
  },
  'ITSM-ALM-002': {
    compliant: [
      { name: 'alarm with actions', resources: { 'aws_cloudwatch_metric_alarm.cpu': { ...metricAlarm, alarm_actions: ['${aws_sns_topic.alarms.arn}'] } }, address: 'aws_cloudwatch_metric_alarm.cpu' },
      {
        name: 'alarm referenced by a composite',
        resources: {
          'aws_cloudwatch_metric_alarm.cpu': metricAlarm,
          'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("${aws_cloudwatch_metric_alarm.cpu.alarm_name}")', alarm_actions: ['${aws_sns_topic.alarms.arn}'] },
        },
        address: 'aws_cloudwatch_metric_alarm.cpu',
      },
      {
        name: 'alarm named literally in a composite',
        resources: {
          'aws_cloudwatch_metric_alarm.cpu': metricAlarm,
          'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("prod-us-east-1-incident-cpu")', alarm_actions: ['${aws_sns_topic.alarms.arn}'] },
        },
        address: 'aws_cloudwatch_metric_alarm.cpu',
      },
    ],
    nonCompliant: [
      { name: 'lonely alarm', resources: { 'aws_cloudwatch_metric_alarm.cpu': metricAlarm }, address: 'aws_cloudwatch_metric_alarm.cpu', message: /no composite alarm of the stack uses this alarm/ },
      {
        name: 'composite naming a different alarm with a longer name',
        resources: {
          'aws_cloudwatch_metric_alarm.cpu': metricAlarm,
          'aws_cloudwatch_composite_alarm.incident': { alarm_name: 'incident', alarm_rule: 'ALARM("prod-us-east-1-incident-cpu-high")', alarm_actions: ['x'] },
        },
        address: 'aws_cloudwatch_metric_alarm.cpu',
        message: /no composite alarm of the stack uses this alarm/,
      },
    ],
  },
  ...SHARED_SERVICE_CASES,
};
