import { blocks, list, violation } from '../helpers';
import { PolicyRule, ResourceView } from '../types';

/** The notification kinds a budget must send, each at 80% and at 100% of its limit. */
const KINDS = ['ACTUAL', 'FORECASTED'] as const;
const THRESHOLDS = [80, 100] as const;

/**
 * Every environment has a monthly cost budget that warns before and when it is spent. The environment's global
 * stack (the one holding its Route 53 health checks) must hold an aws_budgets_budget, and every budget must notify
 * an SNS topic at 80% and 100%, of actual and of forecasted cost, counting a cost-allocation tag.
 */
export const EnvironmentBudget: PolicyRule = {
  id: 'ITSM-CST-001',
  severity: 'error',
  title: 'Every environment has a monthly budget with actual and forecast notifications at 80% and 100%',
  rationale: 'Growth shows up on the bill before anyone reads a plan again: a budget per environment pages when actual or forecasted monthly cost passes the plan\'s figure.',
  remediation:
    "The global stack creates a Budget (constructs/budget) from the plan's horizon cost or the environment's budget.monthlyLimitUsd. For a budget of your own: time_unit MONTHLY, a TagKeyValue cost_filter, and GREATER_THAN notifications of type ACTUAL and FORECASTED at 80 and 100 PERCENTAGE to an SNS topic.",
  appliesTo: ['aws_budgets_budget', 'aws_route53_health_check'],
  check(resource, stack) {
    if (resource.type === 'aws_route53_health_check') {
      // Judged once per stack, on its first health check.
      if (stack.ofType('aws_route53_health_check')[0]?.address !== resource.address) return 'not-applicable';
      return stack.ofType('aws_budgets_budget').length > 0
        ? 'compliant'
        : violation(`stack ${stack.name} holds the environment's DNS health checks but no aws_budgets_budget; expected the environment's monthly budget here`);
    }
    return budgetProblems(resource);
  },
};

function budgetProblems(budget: ResourceView): ReturnType<PolicyRule['check']> {
  const problems: string[] = [];
  if (budget.body.time_unit !== 'MONTHLY') problems.push(`time_unit is ${JSON.stringify(budget.body.time_unit)}; expected "MONTHLY"`);
  const filters = blocks(budget.body.cost_filter);
  if (!filters.some((f) => f.name === 'TagKeyValue' && list(f.values).length > 0)) problems.push('no TagKeyValue cost_filter: the budget would count the whole account, not the environment');
  const notifications = blocks(budget.body.notification);
  for (const kind of KINDS) {
    for (const threshold of THRESHOLDS) {
      const found = notifications.some(
        (n) =>
          n.notification_type === kind &&
          Number(n.threshold) === threshold &&
          n.threshold_type === 'PERCENTAGE' &&
          n.comparison_operator === 'GREATER_THAN' &&
          list(n.subscriber_sns_topic_arns).length > 0,
      );
      if (!found) problems.push(`no ${kind} notification at ${threshold}% to an SNS topic`);
    }
  }
  return problems.length === 0 ? 'compliant' : violation(problems.join('; '));
}
