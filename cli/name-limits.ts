/**
 * AWS name-length limits, checked on the synthesized stacks: the names there are the ones AWS
 * will see, whatever construct built them, so an environment, module or group name that makes one
 * too long fails at synth (and at validate) instead of at `terraform apply`. Limits from each
 * service's API reference (CreateRole RoleName, CreateLoadBalancer Name, CreateDBCluster
 * DBClusterIdentifier, CreateBackupVault BackupVaultName, ...).
 */
import { Json } from '../review/diff/types';

/** Resource type → name argument → longest value AWS accepts. */
export const NAME_LIMITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  aws_iam_role: { name: 64, name_prefix: 38 },
  aws_iam_instance_profile: { name: 128, name_prefix: 102 },
  aws_iam_role_policy: { name: 128 },
  aws_iam_policy: { name: 128 },
  aws_lb: { name: 32, name_prefix: 6 },
  aws_lb_target_group: { name: 32, name_prefix: 6 },
  aws_rds_cluster: { cluster_identifier: 63, cluster_identifier_prefix: 37 },
  aws_rds_cluster_instance: { identifier: 63, identifier_prefix: 37 },
  aws_rds_global_cluster: { global_cluster_identifier: 63 },
  aws_rds_cluster_parameter_group: { name: 255, name_prefix: 229 },
  aws_db_subnet_group: { name: 255, name_prefix: 229 },
  aws_backup_vault: { name: 50 },
  aws_backup_plan: { name: 50 },
  aws_backup_selection: { name: 50 },
  aws_backup_restore_testing_plan: { name: 50 },
  aws_backup_restore_testing_selection: { name: 50 },
  aws_s3_bucket: { bucket: 63, bucket_prefix: 37 },
  aws_autoscaling_group: { name: 255, name_prefix: 229 },
  aws_launch_template: { name: 128, name_prefix: 102 },
  aws_security_group: { name: 255, name_prefix: 229 },
  aws_cloudwatch_metric_alarm: { alarm_name: 255 },
  aws_cloudwatch_composite_alarm: { alarm_name: 255 },
  aws_cloudwatch_dashboard: { dashboard_name: 255 },
  aws_cloudwatch_log_group: { name: 512 },
  aws_sns_topic: { name: 256 },
  aws_kms_alias: { name: 256 },
  aws_wafv2_web_acl: { name: 128 },
  aws_ssm_parameter: { name: 1011 },
};

/** A synthesized name longer than AWS allows. */
export interface NameTooLong {
  readonly address: string;
  readonly argument: string;
  readonly value: string;
  readonly limit: number;
}

/** Every literal name of a stack's resources that exceeds its limit (interpolated names are skipped). */
export function namesTooLong(stack: { resource?: Record<string, Record<string, Record<string, Json>>> }): NameTooLong[] {
  const out: NameTooLong[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    const limits = NAME_LIMITS[type];
    if (!limits) continue;
    for (const [name, body] of Object.entries(byName)) {
      for (const [argument, limit] of Object.entries(limits)) {
        const value = body[argument];
        if (typeof value === 'string' && !value.includes('${') && value.length > limit) out.push({ address: `${type}.${name}`, argument, value, limit });
      }
    }
  }
  return out;
}
