/** CloudWatch accepts at most this many underlying alarms in one composite alarm rule (PutCompositeAlarm). */
export const MAX_ALARMS_PER_COMPOSITE = 100;

/**
 * A composite alarm rule that is in ALARM while any of the named alarms is:
 * `ALARM("a") OR ALARM("b") OR ...`. Names keep their order, so the rule is deterministic.
 * Names may be Terraform references (`${aws_cloudwatch_metric_alarm.x.alarm_name}`), which also make
 * Terraform create the children before the composite.
 */
export function anyAlarmRule(alarmNames: readonly string[]): string {
  if (alarmNames.length === 0) {
    throw new Error('anyAlarmRule: a composite alarm needs at least one underlying alarm; pass one or more alarm names.');
  }
  if (alarmNames.length > MAX_ALARMS_PER_COMPOSITE) {
    throw new Error(
      `anyAlarmRule: ${alarmNames.length} alarms exceed the ${MAX_ALARMS_PER_COMPOSITE} underlying alarms CloudWatch allows ` +
        'in one composite alarm; split them over several composites.',
    );
  }
  return alarmNames.map((name) => `ALARM("${name}")`).join(' OR ');
}
