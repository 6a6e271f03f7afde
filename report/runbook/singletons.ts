import { SINGLETON_SOURCES } from '../../capacity/singletons';
import { CapacityPlan } from '../../capacity/types';
import { autoscalingGroupName, planRegions } from '../names';

/**
 * How to recover a failed singleton in its region (not a regional failover: ./failover-runbook.ts): what Auto
 * Scaling does by itself on the singleton's replacement path, and what an operator checks, with commands. Markdown
 * lines for the plan report's Singletons section (../singletons.ts). Deterministic.
 */
export function singletonRecovery(plan: CapacityPlan): string[] {
  const { primary } = planRegions(plan, 'singletonRecovery');
  const first = plan.singletons[0];
  if (first === undefined) return [];
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
