/**
 * Service levels drive the design: availability sets the 5xx alarms' error budget (and, in
 * validation, the AZ count); an environment's latency target replaces the blueprint's.
 */
import { repoProject, synthStacks, withEnvironment } from './helpers';

jest.setTimeout(60_000);

type Alarm = { alarm_name?: string; threshold?: number };

function alarms(stack: { resource?: Record<string, Record<string, Record<string, unknown>>> } | undefined, suffix: string): Alarm[] {
  return Object.values(stack?.resource?.['aws_cloudwatch_metric_alarm'] ?? {}).filter((a) => String((a as Alarm).alarm_name).endsWith(suffix)) as Alarm[];
}

test('the 5xx alarms fire at the error budget: 1 - availability', () => {
  // GIVEN dev at 0.99 (its own) and prod at the blueprint's 0.9995
  const stacks = synthStacks(repoProject(), ['dev', 'prod']);
  // THEN
  expect(alarms(stacks['dev-us-east-1'], '-5xx').map((a) => a.threshold)).toEqual(expect.arrayContaining([1]));
  expect(new Set(alarms(stacks['dev-us-east-1'], '-5xx').map((a) => a.threshold))).toEqual(new Set([1]));
  expect(new Set(alarms(stacks['prod-us-east-1'], '-5xx').map((a) => a.threshold))).toEqual(new Set([0.05]));
});

test("an environment's latencyP95Ms replaces the blueprint's in the latency alarms", () => {
  // GIVEN dev with its own latency target of 250 ms (the blueprint says 400)
  const project = withEnvironment(repoProject(), 'dev', (env) => ({ ...env, serviceLevels: { ...env.serviceLevels, latencyP95Ms: 250 } }));
  // WHEN
  const stacks = synthStacks(project, ['dev']);
  // THEN
  const latency = alarms(stacks['dev-us-east-1'], '-latency');
  expect(latency.length).toBeGreaterThan(0);
  expect(new Set(latency.map((a) => a.threshold))).toEqual(new Set([0.25]));
});
