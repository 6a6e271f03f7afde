import { SINGLETON_SOURCES } from '../capacity/singletons';
import { CapacityPlan, SingletonReplacementPlan } from '../capacity/types';
import { formatMinutes } from './format';
import { autoscalingGroupName, planRegions } from './names';
import { table } from './table';

/**
 * The "Singletons" section of the plan report: each singleton's replacement path, the time until it serves
 * again against the RTO, and how to recover one (what happens by itself, what an operator checks). The
 * singletons follow the blueprint, the tier and the RTO, not the growth: one section for every scenario.
 * Undefined when the blueprint has no singleton, so other reports keep their bytes.
 */
export function renderSingletonsMarkdown(plans: readonly CapacityPlan[]): string | undefined {
  const plan = plans[0];
  if (plan === undefined || plan.singletons.length === 0) return undefined;
  const rows = plan.singletons.map((s) => [
    `\`${s.fleet}\``,
    s.kind === 'module' ? 'module' : 'part',
    pathText(s.path),
    `${s.healthCheck}, ${seconds(s.detectionSeconds)}`,
    seconds(s.startSeconds),
    s.registrationSeconds > 0 ? seconds(s.registrationSeconds) : '—',
    `**${minutes(s.totalSeconds)}**`,
    s.path === 'warm-spare' ? minutes(s.coldFallbackSeconds) : '—',
    s.withinRto ? `yes (${formatMinutes(s.rtoMinutes)})` : `**no** (${formatMinutes(s.rtoMinutes)})`,
  ]);
  const summary = table(
    [
      { header: 'Singleton', align: 'l' },
      { header: 'Kind', align: 'l' },
      { header: 'Replacement', align: 'l' },
      { header: 'Detection', align: 'r' },
      { header: 'Start', align: 'r' },
      { header: 'Registration', align: 'r' },
      { header: 'Serves again', align: 'r' },
      { header: 'Cold fallback', align: 'r' },
      { header: 'Within RTO', align: 'c' },
    ],
    rows,
  );
  const evidence = plan.singletons.flatMap((s) => [`- \`${s.fleet}\`:`, ...s.evidence.map((line) => `  - ${line}`)]);
  const same = plans.length > 1 ? 'The same for every scenario (it follows the tier and the RTO, not the growth).\n\n' : '';
  return [
    '### Singletons',
    '',
    `${same}A singleton runs exactly once, in the primary region (standby regions keep its group at zero until a failover starts it). ` +
      (plan.tier === 'production'
        ? 'In production each keeps a **warm spare** where it runs: a warm pool of one stopped instance that already ran its user data, which the replacement of a failed instance starts from.'
        : 'Outside production a failed singleton is **relaunched**: a cold launch in any AZ of its group.'),
    '',
    summary,
    '',
    'How each time is made up:',
    '',
    ...evidence,
    '',
    ...recovery(plan),
  ].join('\n');
}

/** How to recover a singleton: what Auto Scaling does by itself, what an operator checks, with commands. */
function recovery(plan: CapacityPlan): string[] {
  const { primary } = planRegions(plan, 'renderSingletonsMarkdown');
  const first = plan.singletons[0]!;
  // A part's group is `<env>-<region>-<module>-<part>`, the module's `<env>-<region>-<module>`: either way the fleet's name.
  const group = autoscalingGroupName(plan.environment, primary, first.fleet);
  const warm = plan.singletons.some((s) => s.path === 'warm-spare');
  return [
    '**Recovering a singleton**',
    '',
    'What happens by itself:',
    '',
    '1. The health check fails (the load balancer\'s for a singleton module, EC2 status checks for a part); Auto Scaling marks the instance unhealthy and replaces it almost at once, ' +
      'terminating the old instance as it launches the new one (its default for health-check replacements), so the group never runs two in service.',
    warm
      ? '2. The replacement starts from the warm spare: the stopped instance boots without rerunning its user data, waits until its target lifecycle state is `InService`, refreshes its configuration, ' +
        `completes the \`launch-ready\` lifecycle hook and only then starts the singleton's work. Auto Scaling then launches a new spare into the warm pool (a full start-up, during which a second failure would launch cold).`
      : '2. The replacement is a cold launch in any AZ of the group: boot, user data, then the application.',
    '',
    `What an operator checks (the group of \`${first.fleet}\` in \`${primary}\` shown; the others are \`${plan.environment}-${primary}-<fleet>\`):`,
    '',
    '```sh',
    `aws autoscaling describe-scaling-activities --region ${primary} --auto-scaling-group-name ${group} --max-items 5   # why it was replaced, and whether the launch succeeded`,
    `aws autoscaling describe-auto-scaling-groups --region ${primary} --auto-scaling-group-names ${group} --query "AutoScalingGroups[].Instances[].[InstanceId,LifecycleState,HealthStatus,AvailabilityZone]" --output table   # exactly one InService`,
    ...(warm ? [`aws autoscaling describe-warm-pool --region ${primary} --auto-scaling-group-name ${group} --query "Instances[].[InstanceId,LifecycleState,HealthStatus]" --output table   # the next spare: Warmed:Stopped`] : []),
    '```',
    '',
    '- Exactly one instance `InService`, and the singleton\'s log group (`/itsm-scale/<env>-<region>/app/<fleet>`) shows it started its work once; a second running instance means a lease the application should hold was not taken (see docs/application-contract.md).',
    ...(warm
      ? [
          '- An instance stuck in `Pending:Wait` or `Warmed:Pending:Wait` did not complete its launch hook: the hook continues by itself after its heartbeat (the start-up time); read the instance\'s `cloud-init` log stream for why.',
          '- After the first apply of a new group, replace the first spare once (terminate the `Warmed:Stopped` instance): Terraform attaches the launch hook just after it creates the group, so the first spare may have been stopped before its user data finished.',
        ]
      : []),
    '- A replacement that fails to launch (no capacity in an AZ, a bad image) shows in the scaling activities; the group retries in its other AZs.',
    '',
    `Sources: ${[SINGLETON_SOURCES.warmPools, SINGLETON_SOURCES.lifecycle, SINGLETON_SOURCES.healthChecks, SINGLETON_SOURCES.maintenancePolicy].join(', ')}.`,
  ];
}

function pathText(path: SingletonReplacementPlan['path']): string {
  return path === 'warm-spare' ? 'warm spare' : 'relaunch';
}

function seconds(value: number): string {
  return `${value} s`;
}

function minutes(totalSeconds: number): string {
  return formatMinutes(Math.round((totalSeconds / 60) * 10) / 10);
}
