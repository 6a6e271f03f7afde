import { TAG_KEYS } from '../foundation/tag-keys';

/** Tag keys every taggable resource must carry (through the provider's default_tags or its own tags). */
export const REQUIRED_TAG_KEYS: readonly string[] = [
  TAG_KEYS.environment,
  TAG_KEYS.blueprint,
  TAG_KEYS.scenario,
  TAG_KEYS.owner,
  TAG_KEYS.costCenter,
  TAG_KEYS.dataClassification,
];

/** What fleets (autoscaling groups and the instances and volumes they launch) carry on top: the ITSM module they serve. */
export const FLEET_TAG_KEYS: readonly string[] = [...REQUIRED_TAG_KEYS, TAG_KEYS.module];

/**
 * Resource types that take `tags` and receive the provider's `default_tags`. Not every type does (a route, a
 * bucket policy, an alias), so the tagging rule needs the list; test/policies/tagging.test.ts checks each entry
 * against the provider bindings and fails when the stacks use a taggable type missing here.
 * `aws_autoscaling_group` is deliberately absent: default_tags do not reach it (see ITSM-TAG-002).
 */
export const TAGGABLE_TYPES: readonly string[] = [
  'aws_acm_certificate',
  'aws_appautoscaling_target',
  'aws_backup_plan',
  'aws_backup_restore_testing_plan',
  'aws_backup_vault',
  'aws_budgets_budget',
  'aws_cloudtrail',
  'aws_cloudwatch_composite_alarm',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_db_instance',
  'aws_db_option_group',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_default_security_group',
  'aws_dynamodb_table',
  'aws_ebs_volume',
  'aws_ecr_repository',
  'aws_efs_access_point',
  'aws_efs_file_system',
  'aws_egress_only_internet_gateway',
  'aws_eip',
  'aws_elasticache_replication_group',
  'aws_elasticache_subnet_group',
  'aws_elasticache_user',
  'aws_elasticache_user_group',
  'aws_fis_experiment_template',
  'aws_flow_log',
  'aws_iam_instance_profile',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_user',
  'aws_instance',
  'aws_internet_gateway',
  'aws_kms_key',
  'aws_lambda_function',
  'aws_launch_template',
  'aws_lb',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_nat_gateway',
  'aws_network_acl',
  'aws_opensearch_domain',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_rds_cluster_parameter_group',
  'aws_rds_global_cluster',
  'aws_route53_health_check',
  'aws_route53_zone',
  'aws_route_table',
  'aws_s3_bucket',
  'aws_secretsmanager_secret',
  'aws_security_group',
  'aws_sns_topic',
  'aws_sqs_queue',
  'aws_ssm_parameter',
  'aws_subnet',
  'aws_vpc',
  'aws_vpc_endpoint',
  'aws_vpc_peering_connection',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_wafv2_ip_set',
  'aws_wafv2_web_acl',
];

/** The required keys missing (absent or blank) from a tag set. */
export function missingTags(tags: Readonly<Record<string, string>>, required: readonly string[]): string[] {
  return required.filter((key) => (tags[key] ?? '').trim() === '');
}
