import { Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement } from '../core/kms-policy';
import { logDeliveryResourcePolicy } from '../core/logs-policy';
import { policyDocument } from '../core/policy';

/** The AWS managed rule groups every web ACL of the LoadBalancer evaluates, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/** Name of one of the AWS managed rule groups the web ACL uses. */
export type ManagedRuleGroupName = (typeof MANAGED_RULE_GROUPS)[number];

/** Name of the rate-based rule. */
export const RATE_LIMIT_RULE_NAME = 'rate-limit-per-ip';

/**
 * WAF rule priorities (gaps of 10 leave room for rules added later). Cheap IP-based rules run first so
 * known-bad and flooding sources are blocked before the costlier inspection of the common rule set.
 */
export const WAF_RULE_PRIORITIES: Readonly<Record<ManagedRuleGroupName | typeof RATE_LIMIT_RULE_NAME, number>> = {
  AWSManagedRulesAmazonIpReputationList: 10,
  AWSManagedRulesAnonymousIpList: 20,
  [RATE_LIMIT_RULE_NAME]: 30,
  AWSManagedRulesCommonRuleSet: 40,
  AWSManagedRulesKnownBadInputsRuleSet: 50,
};

/** CloudWatch metric names of WAF visibility configs: 1-128 of A-Z a-z 0-9 _ -. */
export const WAF_METRIC_NAME = /^[0-9A-Za-z_-]{1,128}$/;
/** Rule names inside managed rule groups (targets of a rule_action_override). */
export const WAF_RULE_NAME = /^[0-9A-Za-z_-]{1,128}$/;

/** Visibility config with CloudWatch metrics and sampled requests on. */
function visibility(metricName: string): Wafv2WebAclRule['visibilityConfig'] {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * The web ACL's rules. `statement` is typed `any` in the generated bindings (the provider's statement schema
 * nests too deeply for the code generator), so it is written in the provider's snake_case block names
 * (`managed_rule_group_statement`, `rule_action_override`, `action_to_use`, `rate_based_statement`,
 * `aggregate_key_type`, `evaluation_window_sec` as in terraform-provider-aws internal/service/wafv2/schemas.go).
 */
export function webAclRules(options: {
  readonly metricPrefix: string;
  readonly rateLimitPer5Minutes: number;
  readonly countOnlyRules: Readonly<Partial<Record<ManagedRuleGroupName, readonly string[]>>>;
}): Wafv2WebAclRule[] {
  const { metricPrefix, rateLimitPer5Minutes, countOnlyRules } = options;
  const managed = MANAGED_RULE_GROUPS.map((group): Wafv2WebAclRule => {
    const overrides = [...(countOnlyRules[group] ?? [])].sort();
    return {
      name: group,
      priority: WAF_RULE_PRIORITIES[group],
      overrideAction: { none: {} },
      statement: {
        managed_rule_group_statement: {
          name: group,
          vendor_name: 'AWS',
          ...(overrides.length > 0
            ? { rule_action_override: overrides.map((rule) => ({ name: rule, action_to_use: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(`${metricPrefix}-${group}`),
    };
  });
  const rateLimit: Wafv2WebAclRule = {
    name: RATE_LIMIT_RULE_NAME,
    priority: WAF_RULE_PRIORITIES[RATE_LIMIT_RULE_NAME],
    action: { block: {} },
    statement: {
      rate_based_statement: {
        limit: rateLimitPer5Minutes,
        aggregate_key_type: 'IP',
        evaluation_window_sec: 300,
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-${RATE_LIMIT_RULE_NAME}`),
  };
  return [...managed, rateLimit].sort((a, b) => a.priority - b.priority);
}

/** Key policy for the WAF log group's key: the account administers it; CloudWatch Logs may use it for that one group. */
export function wafLogsKeyPolicy(partition: string, accountId: string, region: string, logGroupName: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    cloudWatchLogsKeyUseStatement({ sid: 'AllowCloudWatchLogsUseForWafLogs', partition, accountId, region, logGroupName, match: 'ArnEquals' }),
  ]);
}

/**
 * CloudWatch Logs resource policy that lets the log delivery service (which WAF uses) write to the one
 * WAF log group, only on behalf of this account's resources. Written explicitly so it is reviewable, instead
 * of WAF adding statements to a shared `AWSWAF-LOGS` policy at apply time.
 */
export function wafLogDeliveryPolicy(partition: string, accountId: string, region: string, logGroupArn: string): object {
  return logDeliveryResourcePolicy({ sid: 'AllowWafLogDelivery', partition, accountId, region, logGroupArn });
}
