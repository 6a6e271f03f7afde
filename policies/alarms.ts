/** What the alarm rules share: whether an alarm notifies someone, directly or through a composite alarm. */
import { block, escapeRegExp, isFalse, list } from './helpers';
import { ResourceView, StackView } from './types';

/** `true` when the alarm has at least one alarm action and its actions are not disabled. */
export function hasActions(alarm: ResourceView): boolean {
  return list(alarm.body.alarm_actions).length > 0 && !isFalse(alarm.body.actions_enabled);
}

/**
 * The composite alarms of the stack that use `alarm`: in their alarm_rule (by reference, or by its literal
 * alarm_name inside ALARM(...), OK(...) or INSUFFICIENT_DATA(...)) or as their actions suppressor.
 */
export function compositesUsing(alarm: ResourceView, stack: StackView): ResourceView[] {
  const name = typeof alarm.body.alarm_name === 'string' && !alarm.body.alarm_name.includes('${') ? alarm.body.alarm_name : undefined;
  let literal: RegExp | undefined;
  // Only rules that contain the name at all are matched against the pattern (built once, on demand).
  const namedIn = (rule: string): boolean =>
    name !== undefined && rule.includes(name) && (literal ??= new RegExp(`\\(\\s*"?${escapeRegExp(name)}"?\\s*\\)`)).test(rule);
  return stack.ofType('aws_cloudwatch_composite_alarm').filter((composite) => {
    if (composite === alarm) return false;
    const rule = composite.body.alarm_rule;
    const suppressor = block(composite.body.actions_suppressor)?.alarm;
    if (stack.referencedBy(rule).includes(alarm) || stack.referencedBy(suppressor).includes(alarm)) return true;
    return (typeof rule === 'string' && namedIn(rule)) || (name !== undefined && suppressor === name);
  });
}
