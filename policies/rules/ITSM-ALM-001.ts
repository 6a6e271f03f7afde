import { compositesUsing, hasActions } from '../alarms';
import { isFalse, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Composite alarms notify someone, or serve another composite alarm. */
export const CompositeAlarmActs: PolicyRule = {
  id: 'ITSM-ALM-001',
  severity: 'error',
  title: 'Composite alarms have alarm actions (or feed another composite alarm of the stack)',
  rationale:
    'Composite alarms are where this toolkit pages people: one per module, rolling up the metric alarms. A composite alarm with no action, or with actions disabled, ' +
    'goes into ALARM and tells no one. One that only feeds or suppresses another composite alarm is part of that alarm\'s logic and is fine.',
  remediation:
    'Monitoring sends every paging composite alarm to its encrypted SNS topic. For another aws_cloudwatch_composite_alarm set alarm_actions to an SNS topic (and keep actions_enabled true), ' +
    'or use it in another composite alarm\'s alarm_rule or actions_suppressor.',
  appliesTo: ['aws_cloudwatch_composite_alarm'],
  check(resource, stack) {
    if (hasActions(resource) || compositesUsing(resource, stack).length > 0) return 'compliant';
    if (isFalse(resource.body.actions_enabled)) return violation('actions_enabled is false, and no other composite alarm of the stack uses this one');
    return violation('alarm_actions is empty, and no other composite alarm of the stack uses this one in its alarm_rule or actions_suppressor');
  },
};
