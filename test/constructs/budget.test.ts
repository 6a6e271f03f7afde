import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { TerraformStack, Testing } from 'cdktf';
import { Budget, BudgetProps } from '../../constructs/budget';

const required: BudgetProps = {
  name: 'prod-monthly',
  accountId: '123456789012',
  limitUsd: 4700,
  topicArn: 'arn:aws:sns:us-east-1:123456789012:prod-global-dns-alarms',
  costAllocationTags: { environment: 'prod' },
};

function synth(props: BudgetProps): string {
  const stack = new TerraformStack(Testing.app(), 'test');
  new Budget(stack, 'budget', props);
  return Testing.synth(stack);
}

describe('Budget', () => {
  test('defaults: monthly cost budget, tag filter, actual and forecast notifications at 80% and 100%', () => {
    // GIVEN / WHEN
    const json = synth(required);
    // THEN
    expect(json).toHaveResourceWithProperties(BudgetsBudget, {
      name: 'prod-monthly',
      account_id: '123456789012',
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_amount: '4700.00',
      limit_unit: 'USD',
      cost_filter: [{ name: 'TagKeyValue', values: ['user:environment$prod'] }],
      notification: ['ACTUAL', 'FORECASTED'].flatMap((kind) =>
        [80, 100].map((threshold) => ({ comparison_operator: 'GREATER_THAN', notification_type: kind, threshold, threshold_type: 'PERCENTAGE', subscriber_sns_topic_arns: [required.topicArn] })),
      ),
    });
    expect(Object.keys(JSON.parse(json).resource.aws_budgets_budget)).toEqual(['budget']);
  });

  test('thresholdsPercent sets the notifications of both kinds', () => {
    const budget = JSON.parse(synth({ ...required, thresholdsPercent: [50, 90, 120] })).resource.aws_budgets_budget.budget;
    expect(budget.notification.map((n: { notification_type: string; threshold: number }) => `${n.notification_type}@${n.threshold}`)).toEqual([
      'ACTUAL@50', 'ACTUAL@90', 'ACTUAL@120', 'FORECASTED@50', 'FORECASTED@90', 'FORECASTED@120',
    ]);
  });

  test('costAllocationTags filter on every tag, sorted; limitUsd is written with cents; tags reach the budget', () => {
    const budget = JSON.parse(synth({ ...required, limitUsd: 1234.5, costAllocationTags: { 'cost-center': 'CC-1', environment: 'prod' }, tags: { owner: 'team' } })).resource.aws_budgets_budget.budget;
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:cost-center$CC-1', 'user:environment$prod'] }]);
    expect(budget.limit_amount).toBe('1234.50');
    expect(budget.tags).toEqual({ Name: 'prod-monthly', owner: 'team' });
  });

  test('throws with every problem at once', () => {
    expect(() => synth({ ...required, name: 'a:b', accountId: '123', limitUsd: 0, costAllocationTags: {}, thresholdsPercent: [80, 80] })).toThrow(
      /name "a:b" must be 1 to 100 characters.*accountId "123" is invalid.*limitUsd 0 must be a positive amount.*costAllocationTags must name at least one tag.*must not repeat a value/,
    );
  });

  test('throws when the notifications exceed what AWS allows', () => {
    expect(() => synth({ ...required, thresholdsPercent: [10, 20, 30, 40, 50, 60] })).toThrow(/6 thresholds make 12 notifications, but AWS allows 10 per budget/);
  });
});
