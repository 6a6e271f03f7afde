import { compositesUsing, hasActions } from '../alarms';
import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** Metric alarms notify someone directly or through a composite alarm. */
export const MetricAlarmActs: PolicyRule = {
  id: 'ITSM-ALM-002',
  severity: 'warning',
  title: 'Metric alarms have alarm actions or are used by a composite alarm of the stack',
  rationale:
    'An alarm that neither acts nor feeds a composite alarm only changes colour on a dashboard. Either it matters and must reach someone, or it is noise to remove.',
  remediation:
    'Monitoring feeds every metric alarm into its module\'s composite alarm, which pages. For another aws_cloudwatch_metric_alarm set alarm_actions, or reference it (by ' +
    '${aws_cloudwatch_metric_alarm.<name>.alarm_name}) in a composite alarm\'s alarm_rule.',
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  check(resource, stack) {
    if (hasActions(resource) || compositesUsing(resource, stack).length > 0) return 'compliant';
    return violation('alarm_actions is empty (or actions_enabled is false) and no composite alarm of the stack uses this alarm');
  },
};
