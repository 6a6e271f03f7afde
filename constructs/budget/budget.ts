import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { mergeTags, Tags } from '../core';
import { accountIdProblem, ValidationProblems } from '../core/validation';

/** Percentages of the limit at which the budget notifies, for actual and for forecasted spend alike. */
export const DEFAULT_BUDGET_THRESHOLDS_PERCENT: readonly number[] = [80, 100];

export interface BudgetProps {
  /** Budget name, unique in the account (e.g. `<env>-monthly`). */
  readonly name: string;
  /** The 12-digit AWS account id the budget watches. */
  readonly accountId: string;
  /** Monthly limit in US dollars (the plan's horizon cost, or the environment's explicit figure). */
  readonly limitUsd: number;
  /** ARN of the SNS topic the notifications go to; its policy must let `budgets.amazonaws.com` publish. */
  readonly topicArn: string;
  /**
   * Cost-allocation tags whose values the budget counts, e.g. `{ environment: 'prod' }`. The tag keys must be
   * activated as cost-allocation tags in the Billing console, or the budget sees no cost (docs/cost.md).
   */
  readonly costAllocationTags: Readonly<Record<string, string>>;
  /**
   * Percentages of the limit that notify, each for actual and for forecasted spend.
   * @default [80, 100]
   */
  readonly thresholdsPercent?: readonly number[];
  /**
   * Extra tags on the budget.
   * @default - none (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/**
 * A monthly AWS cost budget of one environment: the limit in USD, filtered by the environment's cost-allocation
 * tags, with a notification per threshold for actual and for forecasted spend to an SNS topic. Budgets without
 * actions are free. Terraform address: `aws_budgets_budget.<id>`.
 */
export class Budget extends Construct {
  /** The budget's name. */
  public readonly budgetName: string;
  /** The notifications, as `<ACTUAL|FORECASTED>@<percent>`, in order. */
  public readonly notifications: readonly string[];

  constructor(scope: Construct, id: string, props: BudgetProps) {
    super(scope, id);
    const thresholds = props.thresholdsPercent ?? DEFAULT_BUDGET_THRESHOLDS_PERCENT;
    this.validate(props, thresholds);
    const kinds = ['ACTUAL', 'FORECASTED'] as const;
    const budget = new BudgetsBudget(this, 'Resource', {
      name: props.name,
      accountId: props.accountId,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: props.limitUsd.toFixed(2),
      limitUnit: 'USD',
      costFilter: [
        {
          name: 'TagKeyValue',
          // Billing's form of a user-defined tag: `user:<key>$<value>`.
          values: Object.entries(props.costAllocationTags)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, value]) => `user:${key}$${value}`),
        },
      ],
      notification: kinds.flatMap((kind) =>
        thresholds.map((threshold) => ({
          comparisonOperator: 'GREATER_THAN',
          notificationType: kind,
          threshold,
          thresholdType: 'PERCENTAGE',
          subscriberSnsTopicArns: [props.topicArn],
        })),
      ),
      tags: mergeTags(props.tags, { Name: props.name }),
    });
    budget.overrideLogicalId(id);
    this.budgetName = props.name;
    this.notifications = kinds.flatMap((kind) => thresholds.map((t) => `${kind}@${t}`));
  }

  private validate(props: BudgetProps, thresholds: readonly number[]): void {
    const problems = new ValidationProblems();
    problems.addIf(!Token.isUnresolved(props.name) && !/^[^:\\]{1,100}$/.test(props.name), () => `name "${props.name}" must be 1 to 100 characters without ':' or '\\'`);
    problems.add(accountIdProblem(props.accountId));
    if (!Number.isFinite(props.limitUsd) || props.limitUsd <= 0) problems.add(`limitUsd ${props.limitUsd} must be a positive amount of US dollars (e.g. the plan's monthly cost at the horizon)`);
    if (Object.keys(props.costAllocationTags).length === 0) {
      problems.add('costAllocationTags must name at least one tag (e.g. { environment: "prod" }), or the budget counts the whole account');
    }
    for (const [key, value] of Object.entries(props.costAllocationTags)) {
      if (key.length === 0 || value.length === 0) problems.add(`costAllocationTags: "${key}" = "${value}": tag keys and values must not be empty`);
    }
    if (thresholds.length === 0) problems.add('thresholdsPercent must hold at least one percentage (e.g. [80, 100])');
    for (const t of thresholds) if (!Number.isFinite(t) || t <= 0 || t > 1000) problems.add(`thresholdsPercent: ${t} must be a percentage above 0 and at most 1000`);
    if (new Set(thresholds).size !== thresholds.length) problems.add(`thresholdsPercent ${JSON.stringify(thresholds)} must not repeat a value`);
    if (thresholds.length * 2 > 10) problems.add(`thresholdsPercent: ${thresholds.length} thresholds make ${thresholds.length * 2} notifications, but AWS allows 10 per budget`);
    problems.throwIfAny('Budget', this.node.path);
  }
}
