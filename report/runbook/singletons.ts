import { leaseAlarmMinutes, leaseRenewalSeconds, SINGLETON_SOURCES } from '../../capacity/singletons';
import { CapacityPlan, SingletonReplacementPlan } from '../../capacity/types';
import { SINGLETON_LEASE_METRIC, singletonLeaseNamespace } from '../../model/application';
import { autoscalingGroupName, planRegions } from '../names';

/**
 * How to recover a failed singleton in its region (not a regional failover: ./failover-runbook.ts): what Auto
 * Scaling does by itself on the singleton's replacement path, and what an operator checks, with commands. Markdown
 * lines for the plan report's Singletons section (../singletons.ts). Deterministic.
 */
export function singletonRecovery(plan: CapacityPlan): string[] {
  const { primary } = planRegions(plan, 'singletonRecovery');
  const leased = plan.singletons.filter((s) => s.placement === 'lease');
  const own = plan.singletons.filter((s) => s.placement !== 'lease');
  return [...ownGroupRecovery(plan, own, primary), ...(own.length > 0 && leased.length > 0 ? [''] : []), ...leaseRecovery(plan, leased, primary)];
}

/** A singleton part under a lease: the lease moves by itself; a stuck lease is expired by hand, fencing its holder. */
function leaseRecovery(plan: CapacityPlan, leased: readonly SingletonReplacementPlan[], primary: string): string[] {
  const first = leased[0];
  if (first === undefined) return [];
  const lease = first.leaseSeconds ?? 0;
  const alarm = `${plan.environment}-${primary}-${first.fleet}-lease`;
  return [
    '**Recovering a singleton part under a lease**',
    '',
    'What happens by itself:',
    '',
    `1. The holder stops renewing (its instance died, hung, or lost its database): its lease expires after ${lease} s and another instance of the serving fleet takes it at its next try (every ${leaseRenewalSeconds(lease)} s), with a new lease version, so the old holder's late writes are refused.`,
    '2. A holder that cannot renew in time stops the part\'s work before its lease expires (it counts from the start of its last successful renewal), so two instances never work at once.',
    '',
    `What an operator checks (\`${first.fleet}\` in \`${primary}\` shown; alarm \`${alarm}\` fires when no instance held the lease for ${leaseAlarmMinutes(lease)} minutes):`,
    '',
    '```sh',
    `aws cloudwatch get-metric-statistics --region ${primary} --namespace ${singletonLeaseNamespace(plan.environment)} --metric-name ${SINGLETON_LEASE_METRIC.metricName} --dimensions Name=${SINGLETON_LEASE_METRIC.dimension},Value=${first.fleet} --statistics Maximum --period 60 --start-time "$(date -u -d '-30 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"   # who held it, minute by minute`,
    `# On the part's module database (the writer of shard 1, credentials from its module secret): the lease row`,
    `psql "$DATABASE_URL" -c "SELECT part, holder, version, expires_at, now() FROM itsm_singleton_lease WHERE part = '${first.fleet}'"`,
    `# A stuck lease (a holder that renews but does no work): restart the holder's service (Session Manager), or take the lease from it:`,
    `# a new holder and version fence it (its renewals and its work's version checks fail), and another instance takes the expired lease`,
    `psql "$DATABASE_URL" -c "UPDATE itsm_singleton_lease SET holder = 'released-by-operator', version = version + 1, expires_at = now() WHERE part = '${first.fleet}'"`,
    `# With an advisory lock instead: end the session that holds it (the lock goes with it)`,
    `psql "$DATABASE_URL" -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext('itsm-scale:${first.fleet}')::oid"`,
    '```',
    '',
    '- No heartbeat at all: every instance of the serving fleet failed to take the lease. Read the fleet\'s log group for lease errors: the database unreachable or read-only (the region is not the writer\'s), the lease table missing; or one holder keeps renewing without working (then expire its lease as above).',
    '- Two holders in one minute is a takeover, not a fault; two for several minutes means an instance works without a lease: stop it (Session Manager) and check its application\'s fencing.',
  ];
}

/** Singletons in one-instance groups of their own: Auto Scaling replaces them. */
function ownGroupRecovery(plan: CapacityPlan, singletons: readonly SingletonReplacementPlan[], primary: string): string[] {
  const first = singletons[0];
  if (first === undefined) return [];
  // A part's group is `<env>-<region>-<module>-<part>`, the module's `<env>-<region>-<module>`: either way the fleet's name.
  const group = autoscalingGroupName(plan.environment, primary, first.fleet);
  const warm = singletons.some((s) => s.path === 'warm-spare');
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
          '- The `<singleton>-spare` alarm (in its module\'s composite) means the pool has held no `Warmed:Stopped` spare for twice its preparation time: the singleton still runs, but its next replacement would launch cold. Read `describe-warm-pool` and the scaling activities for the failed preparation.',
          '- A group created by an earlier version of itsm-scale got its launch hook only after it was created, so its first spare may have been stopped before its user data finished: replace that spare once (terminate the `Warmed:Stopped` instance). Groups created now have the hook from the start.',
        ]
      : []),
    '- A replacement that fails to launch (no capacity in an AZ, a bad image) shows in the scaling activities; the group retries in its other AZs.',
    '',
    `Sources: ${[SINGLETON_SOURCES.warmPools, SINGLETON_SOURCES.lifecycle, SINGLETON_SOURCES.healthChecks, SINGLETON_SOURCES.maintenancePolicy].join(', ')}.`,
  ];
}
