/**
 * The one table of AWS physical-name limits: for every named resource type the stacks create, its
 * name argument(s), the longest value AWS accepts, the characters it accepts and, where the provider
 * has a `*_prefix` argument, the longest prefix. Constructs take their limits from here, the policy
 * pack (ITSM-NAM-001, ITSM-NAM-002) and synth check the synthesized stacks against it, so an input
 * that makes a name too long fails at validate/synth time instead of at `terraform apply`.
 *
 * Sources: each service's API reference (CreateTargetGroup Name, CreateSecurityGroup GroupName,
 * CreateDBClusterParameterGroup, CreateRole RoleName, CreateReplicationGroup, CreateDomain,
 * CreateBackupVault, S3 bucket naming rules, ...) and hashicorp/terraform-provider-aws validators
 * for the prefixes: Terraform appends a 26-character unique suffix to a prefix, so a prefix may be
 * at most (name limit − 26) long unless the provider allows less (target groups and load
 * balancers: 6; security groups: 100).
 */

/** What AWS accepts for one name argument. */
export interface NameLimit {
  /** Longest value AWS accepts, in characters. */
  readonly max: number;
  /** Shortest value AWS accepts. @default 1 */
  readonly min?: number;
  /** What the whole value must match (checked on literal values only). */
  readonly pattern: RegExp;
  /** `pattern` in words, for messages. */
  readonly allowed: string;
  /**
   * For a `*_prefix` argument: the argument whose value Terraform builds from the prefix plus a unique
   * suffix. Absent for an argument that is the name itself.
   */
  readonly prefixOf?: string;
}

/** Terraform's unique suffix of a `*_prefix` name: a timestamp and counter, 26 digits. */
export const UNIQUE_SUFFIX_LENGTH = 26;

// ---- Character sets shared by several services -------------------------------------------------
const ELB = { pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, allowed: 'letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-"' };
const ELB_PREFIX = { pattern: /^(?!internal-)[A-Za-z0-9][A-Za-z0-9-]*$/, allowed: 'letters, digits and hyphens, starting with a letter or digit' };
const RDS_ID = { pattern: /^[a-z](?!.*--)(?:[a-z0-9-]*[a-z0-9])?$/, allowed: 'lower-case letters, digits and hyphens, starting with a letter, no "--", not ending with a hyphen' };
const RDS_ID_PREFIX = { pattern: /^[a-z](?!.*--)[a-z0-9-]*$/, allowed: 'lower-case letters, digits and hyphens, starting with a letter, no "--"' };
const RDS_PARAMETER_GROUP = { pattern: /^[a-z](?!.*--)(?:[a-z0-9.-]*[a-z0-9.])?$/, allowed: 'lower-case letters, digits, periods and hyphens, starting with a letter, no "--", not ending with a hyphen' };
const RDS_SUBNET_GROUP = { pattern: /^(?!default$)[a-z0-9_ .-]+$/, allowed: 'lower-case letters, digits, spaces, periods, underscores and hyphens, not "default"' };
const IAM = { pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and + = , . @ _ -' };
const BACKUP = { pattern: /^[A-Za-z0-9_.-]+$/, allowed: 'letters, digits, hyphens, underscores and periods' };
const BACKUP_VAULT = { pattern: /^[A-Za-z0-9_-]+$/, allowed: 'letters, digits, hyphens and underscores' };
const RESTORE_TESTING = { pattern: /^[A-Za-z][A-Za-z0-9_]*$/, allowed: 'letters, digits and underscores, starting with a letter (no hyphens)' };
const S3_BUCKET = {
  pattern: /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?!.*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
  allowed: 'lower-case letters, digits, periods and hyphens, starting and ending with a letter or digit, without the reserved prefixes xn--, sthree-, amzn-s3-demo- or suffixes -s3alias, --ol-s3, .mrap, --x-s3, --table-s3',
};
const S3_BUCKET_PREFIX = { pattern: /^(?!xn--|sthree-|amzn-s3-demo-)[a-z0-9][a-z0-9.-]*$/, allowed: 'lower-case letters, digits, periods and hyphens, starting with a letter or digit' };
const SECURITY_GROUP = { pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, allowed: 'letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with "sg-"' };
const CACHE_ID = RDS_ID;
const CACHE_NAME = { pattern: /^[a-z0-9-]+$/, allowed: 'lower-case letters, digits and hyphens' };
const PRINTABLE = { pattern: /^\P{Cc}+$/u, allowed: 'printable characters' };
const PRINTABLE_NO_COLON = { pattern: /^[^\p{Cc}:/]+$/u, allowed: 'printable characters except ":" and "/"' };
const LOG_GROUP = { pattern: /^[.\-_/#A-Za-z0-9]+$/, allowed: 'letters, digits and . - _ / #' };
const DASHBOARD = { pattern: /^[A-Za-z0-9_-]+$/, allowed: 'letters, digits, hyphens and underscores' };
const SNS_TOPIC = { pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, allowed: 'letters, digits, hyphens and underscores (".fifo" at the end for a FIFO topic)' };
const KMS_ALIAS = { pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/, allowed: '"alias/" then letters, digits and / _ - (not "alias/aws/")' };
const WAF = { pattern: /^[\w-]+$/, allowed: 'letters, digits, hyphens and underscores' };
const SSM_PARAMETER = { pattern: /^(?!\/?(aws|ssm))[A-Za-z0-9_.\-/]+$/i, allowed: 'letters, digits and _ . - /, not starting with "aws" or "ssm"' };
const SECRET = { pattern: /^[A-Za-z0-9/_+=.@-]+$/, allowed: 'letters, digits and / _ + = . @ -' };
const LAUNCH_TEMPLATE = { pattern: /^[A-Za-z0-9().\-/_]+$/, allowed: 'letters, digits and ( ) . - / _' };
const OPENSEARCH = { pattern: /^[a-z][a-z0-9-]*$/, allowed: 'lower-case letters, digits and hyphens, starting with a letter' };

const prefix = (of: string, max: number, chars: { pattern: RegExp; allowed: string }): NameLimit => ({ max, prefixOf: of, ...chars });

/** Resource type → name argument → what AWS accepts. Every named type the stacks create is here (test/foundation/name-limits.test.ts). */
export const NAME_LIMITS: Readonly<Record<string, Readonly<Record<string, NameLimit>>>> = {
  // Elastic Load Balancing: unique per region and account.
  aws_lb: { name: { max: 32, ...ELB }, name_prefix: prefix('name', 6, ELB_PREFIX) },
  aws_lb_target_group: { name: { max: 32, ...ELB }, name_prefix: prefix('name', 6, ELB_PREFIX) },
  // EC2 and Auto Scaling. Security group names are unique per VPC.
  aws_security_group: { name: { max: 255, ...SECURITY_GROUP }, name_prefix: prefix('name', 100, SECURITY_GROUP) },
  aws_launch_template: { name: { max: 128, min: 3, ...LAUNCH_TEMPLATE }, name_prefix: prefix('name', 99, LAUNCH_TEMPLATE) },
  aws_autoscaling_group: { name: { max: 255, ...PRINTABLE }, name_prefix: prefix('name', 255 - UNIQUE_SUFFIX_LENGTH, PRINTABLE) },
  aws_autoscaling_policy: { name: { max: 255, ...PRINTABLE } },
  aws_autoscaling_schedule: { scheduled_action_name: { max: 255, ...PRINTABLE } },
  // LifecycleHookName: 1-255 characters of [A-Za-z0-9\-_\/] (PutLifecycleHook).
  aws_autoscaling_lifecycle_hook: { name: { max: 255, pattern: /^[A-Za-z0-9_/-]+$/, allowed: 'letters, digits, hyphens, underscores and slashes' } },
  aws_appautoscaling_policy: { name: { max: 256, ...PRINTABLE_NO_COLON } },
  // RDS / Aurora.
  aws_rds_cluster: {
    cluster_identifier: { max: 63, ...RDS_ID },
    cluster_identifier_prefix: prefix('cluster_identifier', 63 - UNIQUE_SUFFIX_LENGTH, RDS_ID_PREFIX),
    final_snapshot_identifier: { max: 255, ...RDS_ID },
  },
  aws_rds_cluster_instance: { identifier: { max: 63, ...RDS_ID }, identifier_prefix: prefix('identifier', 63 - UNIQUE_SUFFIX_LENGTH, RDS_ID_PREFIX) },
  aws_rds_global_cluster: { global_cluster_identifier: { max: 255, ...RDS_ID } },
  aws_rds_cluster_parameter_group: { name: { max: 255, ...RDS_PARAMETER_GROUP }, name_prefix: prefix('name', 255 - UNIQUE_SUFFIX_LENGTH, RDS_ID_PREFIX) },
  aws_db_parameter_group: { name: { max: 255, ...RDS_PARAMETER_GROUP }, name_prefix: prefix('name', 255 - UNIQUE_SUFFIX_LENGTH, RDS_ID_PREFIX) },
  aws_db_subnet_group: { name: { max: 255, ...RDS_SUBNET_GROUP }, name_prefix: prefix('name', 255 - UNIQUE_SUFFIX_LENGTH, RDS_SUBNET_GROUP) },
  // ElastiCache.
  aws_elasticache_replication_group: { replication_group_id: { max: 40, ...CACHE_ID }, final_snapshot_identifier: { max: 255, ...RDS_ID } },
  aws_elasticache_subnet_group: { name: { max: 255, ...CACHE_NAME } },
  aws_elasticache_parameter_group: { name: { max: 255, ...CACHE_NAME } },
  aws_elasticache_user: { user_id: { max: 40, ...CACHE_ID }, user_name: { max: 120, ...PRINTABLE } },
  aws_elasticache_user_group: { user_group_id: { max: 40, ...CACHE_ID } },
  // OpenSearch Service.
  aws_opensearch_domain: { domain_name: { max: 28, min: 3, ...OPENSEARCH } },
  // EFS.
  aws_efs_file_system: { creation_token: { max: 64, ...PRINTABLE } },
  // IAM (global per account).
  aws_iam_role: { name: { max: 64, ...IAM }, name_prefix: prefix('name', 64 - UNIQUE_SUFFIX_LENGTH, IAM) },
  aws_iam_instance_profile: { name: { max: 128, ...IAM }, name_prefix: prefix('name', 128 - UNIQUE_SUFFIX_LENGTH, IAM) },
  aws_iam_policy: { name: { max: 128, ...IAM }, name_prefix: prefix('name', 128 - UNIQUE_SUFFIX_LENGTH, IAM) },
  aws_iam_role_policy: { name: { max: 128, ...IAM }, name_prefix: prefix('name', 128 - UNIQUE_SUFFIX_LENGTH, IAM) },
  // AWS Backup.
  aws_backup_vault: { name: { max: 50, min: 2, ...BACKUP_VAULT } },
  aws_backup_plan: { name: { max: 50, ...BACKUP } },
  aws_backup_selection: { name: { max: 50, ...BACKUP } },
  aws_backup_restore_testing_plan: { name: { max: 50, ...RESTORE_TESTING } },
  aws_backup_restore_testing_selection: { name: { max: 50, ...RESTORE_TESTING } },
  // S3.
  aws_s3_bucket: { bucket: { max: 63, min: 3, ...S3_BUCKET }, bucket_prefix: prefix('bucket', 63 - UNIQUE_SUFFIX_LENGTH, S3_BUCKET_PREFIX) },
  // CloudWatch.
  aws_cloudwatch_metric_alarm: { alarm_name: { max: 255, ...PRINTABLE } },
  aws_cloudwatch_composite_alarm: { alarm_name: { max: 255, ...PRINTABLE } },
  aws_cloudwatch_dashboard: { dashboard_name: { max: 255, ...DASHBOARD } },
  aws_cloudwatch_log_group: { name: { max: 512, ...LOG_GROUP }, name_prefix: prefix('name', 512 - UNIQUE_SUFFIX_LENGTH, LOG_GROUP) },
  aws_cloudwatch_log_resource_policy: { policy_name: { max: 255, ...PRINTABLE } },
  // SNS, KMS, WAF, SSM, Secrets Manager, Budgets.
  aws_sns_topic: { name: { max: 256, ...SNS_TOPIC }, display_name: { max: 100, ...PRINTABLE } },
  aws_kms_alias: { name: { max: 256, ...KMS_ALIAS } },
  aws_wafv2_web_acl: { name: { max: 128, ...WAF } },
  aws_ssm_parameter: { name: { max: 1011, ...SSM_PARAMETER } },
  aws_secretsmanager_secret: { name: { max: 512, ...SECRET } },
  aws_budgets_budget: { name: { max: 100, ...PRINTABLE_NO_COLON } },
};

/** The limit of one argument; throws for a pair the table lacks (a typo, or a type to add to the table). */
export function nameLimit(type: string, argument: string): NameLimit {
  const limit = NAME_LIMITS[type]?.[argument];
  if (!limit) throw new Error(`foundation/name-limits.ts has no limit for ${type}.${argument}; add it to NAME_LIMITS.`);
  return limit;
}

/** The limits of one type's arguments that are names (not prefixes); `[]` for a type without a name. */
export function nameArguments(type: string): readonly string[] {
  return Object.entries(NAME_LIMITS[type] ?? {})
    .filter(([, limit]) => limit.prefixOf === undefined)
    .map(([argument]) => argument);
}

/** The `*_prefix` argument that stands for `argument` of `type` (`name` → `name_prefix`), if the provider has one. */
export function prefixArgument(type: string, argument: string): string | undefined {
  return Object.entries(NAME_LIMITS[type] ?? {}).find(([, limit]) => limit.prefixOf === argument)?.[0];
}

/** The text of a value without its Terraform interpolations: the part of a name known at synth time. */
export function literalPart(value: string): string {
  return value.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '');
}

/**
 * Why `value` is not acceptable as `argument` of `type`, or `undefined` when it is (or when the table
 * has no limit for it). A value with Terraform interpolations is checked on its literal text only: that
 * text alone must fit (the interpolated part can only add to it); the characters are AWS's to check.
 */
export function nameProblem(type: string, argument: string, value: string): string | undefined {
  const limit = NAME_LIMITS[type]?.[argument];
  if (!limit) return undefined;
  const what = limit.prefixOf ? `a ${argument} (Terraform appends ${UNIQUE_SUFFIX_LENGTH} characters to make the ${limit.prefixOf})` : `a ${argument}`;
  if (value.includes('${')) {
    const known = literalPart(value);
    return known.length > limit.max ? `is at least ${known.length} characters, but AWS allows ${what} of at most ${limit.max}` : undefined;
  }
  if (value.length > limit.max) return `is ${value.length} characters, but AWS allows ${what} of at most ${limit.max}`;
  const min = limit.min ?? 1;
  if (value.length < min) return `is ${value.length} characters, but AWS needs ${what} of at least ${min}`;
  if (!limit.pattern.test(value)) return `has characters or a form AWS refuses for ${what}: use ${limit.allowed}`;
  return undefined;
}

/** A synthesized name that AWS would refuse. */
export interface NameOutOfLimit {
  /** Terraform address `<type>.<name>`. */
  readonly address: string;
  readonly argument: string;
  readonly value: string;
  /** What is wrong, as a phrase after the value ("is 33 characters, but AWS allows a name of at most 32"). */
  readonly problem: string;
}

type StackResources = { readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };

/** Every name of a synthesized stack's resources that the table says AWS refuses, in type then address order. */
export function namesOutOfLimit(stack: StackResources): NameOutOfLimit[] {
  const out: NameOutOfLimit[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const limits = NAME_LIMITS[type];
    if (!limits) continue;
    for (const [name, body] of Object.entries(byName).sort(([a], [b]) => a.localeCompare(b))) {
      if (typeof body !== 'object' || body === null) continue;
      for (const argument of Object.keys(limits)) {
        const value = (body as Record<string, unknown>)[argument];
        if (typeof value !== 'string') continue;
        const problem = nameProblem(type, argument, value);
        if (problem) out.push({ address: `${type}.${name}`, argument, value, problem });
      }
    }
  }
  return out;
}
