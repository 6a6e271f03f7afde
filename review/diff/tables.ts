/**
 * The classification tables of `itsm-scale diff`: which resource types hold data, which serve
 * traffic, and which of their arguments force Terraform to destroy and re-create them.
 *
 * Every attribute below was read in the AWS provider's own source, the `ForceNew: true` flags of
 * the resource schema in hashicorp/terraform-provider-aws (`internal/service/<service>/<file>.go`,
 * plus the `CustomizeDiff` functions for conditional replacements). The registry pages do not
 * say "forces new resource" for every argument, and the @cdktf/provider-aws bindings carry no
 * ForceNew information at all, so neither is used. `FORCING_SOURCES` names the file and the
 * commit read for each type. Some of the stored versions predate provider 6.25 (the version this
 * project pins); where a later version could differ, the entry says so. When a table is wrong,
 * fix the entry and its source together, and add a test in test/review/diff.test.ts.
 *
 * Decisions (see docs/diff.md):
 * - `aws_rds_cluster_instance` is NOT stateful: Aurora keeps the data in the cluster volume, an
 *   instance is compute. Replacing or removing one is DISRUPTIVE (a writer replacement fails over).
 * - `aws_rds_cluster.global_cluster_identifier` is NOT replacement-forcing (the schema has it
 *   Optional without ForceNew; joining or leaving a global cluster is an in-place modify).
 * - `aws_db_subnet_group` is DISRUPTIVE, not stateful: it holds no data, but a cluster refers to it
 *   by name and `db_subnet_group_name` forces the cluster's replacement, which the reference
 *   cascade reports as DATA RISK on the cluster.
 * - `aws_ssm_parameter` is DISRUPTIVE, not stateful: its value is the configuration itself (the
 *   shard slot map), re-created identically; but readers fail while it is missing.
 * - `aws_launch_template` is neither: a change makes a new template version in place, and a
 *   replaced template only updates the autoscaling group's `launch_template.id` in place.
 */

/**
 * Stateful resource types → arguments whose change forces replacement. Removing or replacing
 * one of these destroys data: DATA RISK. Nested blocks are listed by their root name: a change
 * anywhere below `restore_to_point_in_time` counts.
 */
export const REPLACEMENT_FORCING: Record<string, string[]> = {
  aws_rds_cluster: [
    'availability_zones',
    'cluster_identifier',
    'cluster_identifier_prefix',
    'cluster_scalability_type',
    'database_name',
    'db_subnet_group_name',
    'db_system_id',
    'engine',
    'engine_mode',
    'kms_key_id',
    'master_username',
    'restore_to_point_in_time',
    's3_import',
    'snapshot_identifier',
    'source_region',
    'storage_encrypted',
    // conditional, see conditionalForcing(): storage_type when the engine is not aurora*
  ],
  aws_rds_global_cluster: ['database_name', 'engine', 'global_cluster_identifier', 'source_db_cluster_identifier', 'storage_encrypted'],
  aws_kms_key: ['custom_key_store_id', 'customer_master_key_spec', 'key_usage', 'multi_region', 'xks_key_id'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_backup_vault: ['kms_key_arn', 'name'],
  aws_cloudwatch_log_group: ['log_group_class', 'name', 'name_prefix'],
  aws_dynamodb_table: ['hash_key', 'local_secondary_index', 'name', 'range_key', 'restore_date_time', 'restore_source_name', 'restore_to_latest_time'],
  aws_efs_file_system: ['availability_zone_name', 'creation_token', 'encrypted', 'kms_key_id', 'performance_mode'],
};

/**
 * Types that serve or route traffic → arguments whose change forces replacement. Removing or
 * replacing one interrupts service: DISRUPTIVE. (Conditional rules: see conditionalForcing().)
 */
export const DISRUPTIVE_REPLACEMENT: Record<string, string[]> = {
  // load balancing
  aws_lb: ['customer_owned_ipv4_pool', 'internal', 'load_balancer_type', 'name', 'name_prefix'],
  aws_lb_listener: ['load_balancer_arn'],
  aws_lb_listener_rule: ['listener_arn'],
  aws_lb_target_group: ['ip_address_type', 'name', 'name_prefix', 'port', 'protocol', 'protocol_version', 'target_type', 'vpc_id'],
  // fleets
  aws_autoscaling_group: ['initial_lifecycle_hook', 'name', 'name_prefix'],
  // network
  aws_vpc: ['cidr_block', 'ipv4_ipam_pool_id', 'ipv4_netmask_length'],
  aws_subnet: [
    'availability_zone',
    'availability_zone_id',
    'cidr_block',
    'ipv4_ipam_pool_id',
    'ipv4_netmask_length',
    'ipv6_ipam_pool_id',
    'ipv6_native',
    'ipv6_netmask_length',
    'outpost_arn',
    'vpc_id',
  ],
  aws_nat_gateway: ['allocation_id', 'connectivity_type', 'private_ip', 'secondary_private_ip_address_count', 'subnet_id'],
  aws_route_table: ['vpc_id'],
  aws_route: ['destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id', 'route_table_id'],
  aws_route_table_association: ['gateway_id', 'subnet_id'],
  // firewalls: a replaced VPC replaces its security groups, and a replaced group its rules
  aws_security_group: ['description', 'name', 'name_prefix', 'vpc_id'],
  aws_vpc_security_group_ingress_rule: ['security_group_id'],
  aws_vpc_security_group_egress_rule: ['security_group_id'],
  aws_vpc_endpoint: ['service_name', 'vpc_endpoint_type', 'vpc_id'],
  // DNS
  aws_route53_record: ['name', 'zone_id'],
  aws_route53_health_check: ['measure_latency', 'reference_name', 'request_interval', 'routing_control_arn', 'type'],
  // databases: compute and wiring around the stateful clusters
  aws_rds_cluster_instance: [
    'availability_zone',
    'cluster_identifier',
    'custom_iam_instance_profile',
    'db_subnet_group_name',
    'engine',
    'identifier',
    'identifier_prefix',
  ],
  aws_db_subnet_group: ['name', 'name_prefix'],
  // A cluster switches to a new parameter group in place, but its settings wait for a reboot: DISRUPTIVE.
  aws_rds_cluster_parameter_group: ['description', 'family', 'name', 'name_prefix'],
  // configuration read at run time (the shard slot map)
  aws_ssm_parameter: ['data_type', 'name'],
};

/**
 * Types whose removal is DISRUPTIVE but whose replacement-forcing arguments were not researched:
 * an attribute change on them is reported as an in-place update (SAFE). Add them to
 * DISRUPTIVE_REPLACEMENT with a source when that matters.
 */
export const DISRUPTIVE_REMOVAL_ONLY: readonly string[] = ['aws_eip', 'aws_internet_gateway', 'aws_route53_zone'];

const PROVIDER = 'hashicorp/terraform-provider-aws';

/** Where each table entry was read (repository, file, commit of the stored version). */
export const FORCING_SOURCES: Record<string, string> = {
  aws_rds_cluster: `${PROVIDER} internal/service/rds/cluster.go @0168cf68 (schema ForceNew; CustomizeDiff ForceNewIf storage_type unless engine aurora*; snapshot_identifier removal is diff-suppressed)`,
  aws_rds_global_cluster: `${PROVIDER} internal/service/rds/global_cluster.go @060c2603 and @37cdf831 (older than 6.25: global_cluster_identifier may have become updatable since; kept as forcing to stay on the safe side)`,
  aws_kms_key: `${PROVIDER} internal/service/kms/key.go @00a35305 (schema ForceNew)`,
  aws_s3_bucket: `${PROVIDER} internal/service/s3/bucket.go, v4 schema (object_lock_enabled ForceNew) and @0070bcd1 (bucket, bucket_prefix ForceNew)`,
  aws_backup_vault: `${PROVIDER} internal/service/backup/vault.go @050ac111 (schema ForceNew)`,
  aws_cloudwatch_log_group: `${PROVIDER} internal/service/logs/group.go @0073593e (schema ForceNew)`,
  aws_dynamodb_table: `${PROVIDER} internal/service/dynamodb/table.go @01335dd3 (SDK v1 era; later versions add restore_source_table_arn)`,
  aws_efs_file_system: `${PROVIDER} internal/service/efs/file_system.go @0389f467 (schema ForceNew)`,
  aws_lb: `${PROVIDER} internal/service/elbv2/load_balancer.go @00edc94b (schema ForceNew; customizeDiffLoadBalancerNLB/ALB for subnets, subnet_mapping, security_groups)`,
  aws_lb_listener: `${PROVIDER} internal/service/elbv2/listener.go @01c08000 (schema ForceNew)`,
  aws_lb_listener_rule: `${PROVIDER} internal/service/elbv2/listener_rule.go @032c4f07 (schema ForceNew; priority is explicitly ForceNew: false)`,
  aws_lb_target_group: `${PROVIDER} internal/service/elbv2/target_group.go @013cfb4c (schema ForceNew)`,
  aws_autoscaling_group: `${PROVIDER} internal/service/autoscaling/group.go @00a919d1 (schema ForceNew)`,
  aws_vpc: `${PROVIDER} internal/service/ec2/vpc_.go @00081ce4 (schema ForceNew)`,
  aws_subnet: `${PROVIDER} internal/service/ec2/vpc_subnet.go @00cda125 (schema ForceNew; ipv6_cidr_block forces only with assign_ipv6_address_on_creation, not modelled)`,
  aws_nat_gateway: `${PROVIDER} internal/service/ec2/vpc_nat_gateway.go @04088eaa (schema ForceNew)`,
  aws_route_table: `${PROVIDER} internal/service/ec2/vpc_route_table.go @02209241 (schema ForceNew)`,
  aws_route: `${PROVIDER} internal/service/ec2/vpc_route.go @0128541e (schema ForceNew)`,
  aws_route_table_association: `${PROVIDER} internal/service/ec2/vpc_route_table_association.go @0be71beb (schema ForceNew)`,
  aws_security_group: `${PROVIDER} internal/service/ec2/vpc_security_group.go @01606926 (schema ForceNew: description, name, name_prefix, vpc_id)`,
  aws_vpc_security_group_ingress_rule: `${PROVIDER} internal/service/ec2/vpc_security_group_ingress_rule.go @00a32209 (security_group_id RequiresReplace; ModifyPlan also replaces when the source kind changes, e.g. cidr_ipv4 → referenced_security_group_id, not modelled)`,
  aws_vpc_security_group_egress_rule: `${PROVIDER} internal/service/ec2/vpc_security_group_egress_rule.go (shares the ingress rule's schema: security_group_id RequiresReplace)`,
  aws_vpc_endpoint: `${PROVIDER} internal/service/ec2/vpc_endpoint.go (service_name, vpc_endpoint_type, vpc_id ForceNew; read from the registry's argument reference, not at a commit)`,
  aws_route53_record: `${PROVIDER} internal/service/route53/record.go @00655c16 (schema ForceNew; set_identifier changes are handled in place)`,
  aws_route53_health_check: `${PROVIDER} internal/service/route53/health_check.go @01606926 (schema ForceNew)`,
  aws_rds_cluster_instance: `${PROVIDER} internal/service/rds/cluster_instance.go @01606926 (schema ForceNew)`,
  aws_db_subnet_group: `${PROVIDER} internal/service/rds/subnet_group.go @01c08000 (schema ForceNew)`,
  aws_rds_cluster_parameter_group: `${PROVIDER} internal/service/rds/cluster_parameter_group.go @01e5fd8f (schema ForceNew: description, family, name, name_prefix; parameter is updated in place)`,
  aws_ssm_parameter: `${PROVIDER} internal/service/ssm/parameter.go @0073593e (schema ForceNew; CustomizeDiff forces tier Advanced → Standard)`,
};

/** Whether a resource type holds data (a row of REPLACEMENT_FORCING). */
export function isStateful(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(REPLACEMENT_FORCING, type);
}

/** Whether removing a resource type interrupts service. */
export function isDisruptive(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(DISRUPTIVE_REPLACEMENT, type) || DISRUPTIVE_REMOVAL_ONLY.includes(type);
}

/** The replacement-forcing arguments of a type (empty when unknown). */
export function forcingAttributes(type: string): readonly string[] {
  return REPLACEMENT_FORCING[type] ?? DISRUPTIVE_REPLACEMENT[type] ?? [];
}
