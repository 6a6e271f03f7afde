/**
 * The replacement path of each singleton (a module's singleton parts, and singleton modules): how its one
 * instance comes back after it fails its health check, how long until it serves again, and whether that fits
 * the RTO. Pure: no I/O, no cdktf.
 *
 * The time is detection + start + registration:
 * - detection: a singleton module sits behind the load balancer (health check type ELB): interval × unhealthy
 *   threshold of its health check. A singleton part has no target group (health check type EC2): EC2 status
 *   checks run every minute; two failed periods are assumed. EC2 checks see a lost or impaired instance, not a
 *   hung process (systemd restarts a process that exits);
 * - start: Auto Scaling schedules the replacement "almost immediately" after marking the instance unhealthy, and
 *   by default terminates and launches at once (never two instances of a singleton in service). A warm spare is
 *   a stopped instance that has already run its user data: `warmStartSeconds`; a relaunch is a cold launch:
 *   `startupSeconds` (launch until serving, boot and user data included);
 * - registration (singleton modules only): the load balancer routes to the new target after healthy threshold ×
 *   interval passing checks.
 */
import { resolveApplication } from '../model/application';
import { Blueprint } from '../model/schema';
import { PlanProblem, SingletonReplacementPlan, Tier } from './types';

/** AWS's pages behind the model. */
export const SINGLETON_SOURCES = {
  warmPools: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html',
  lifecycle: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/warm-pool-instance-lifecycle.html',
  targetLifecycleState: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/retrieving-target-lifecycle-state-through-imds.html',
  healthChecks: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html',
  maintenancePolicy: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-maintenance-policy-overview-and-considerations.html',
  statusChecks: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-system-instance-status-check.html',
} as const;

/** EC2 status checks run every minute; a singleton part's instance counts as impaired after two failed periods (assumed). */
export const EC2_STATUS_CHECK_DETECTION_SECONDS = 120;

/** Production keeps a warm spare beside each singleton where it runs; other tiers relaunch. */
export function replacementPath(tier: Tier): SingletonReplacementPlan['path'] {
  return tier === 'production' ? 'warm-spare' : 'relaunch';
}

/** Every singleton of the blueprint (each module's parts, then the module itself where it is one), blueprint order. */
export function planSingletons(blueprint: Blueprint, tier: Tier, rtoMinutes: number): SingletonReplacementPlan[] {
  const path = replacementPath(tier);
  const plans: SingletonReplacementPlan[] = [];
  for (const [module, spec] of Object.entries(blueprint.modules)) {
    const app = resolveApplication(blueprint, module);
    const check = spec.healthCheck;
    const targets: { fleet: string; kind: SingletonReplacementPlan['kind'] }[] = [
      ...spec.singletons.map((part) => ({ fleet: `${module}-${part}`, kind: 'part' as const })),
      ...(spec.singleton ? [{ fleet: module, kind: 'module' as const }] : []),
    ];
    for (const { fleet, kind } of targets) {
      const elb = kind === 'module';
      const detectionSeconds = elb ? check.intervalSeconds * check.unhealthyThreshold : EC2_STATUS_CHECK_DETECTION_SECONDS;
      const registrationSeconds = elb ? check.intervalSeconds * check.healthyThreshold : 0;
      const coldStart = app.startupSeconds;
      // A warm start is never slower than a cold one: a spare that cannot start faster is no better than a relaunch.
      const warmStart = Math.min(app.warmStartSeconds, coldStart);
      const startSeconds = path === 'warm-spare' ? warmStart : coldStart;
      const totalSeconds = detectionSeconds + startSeconds + registrationSeconds;
      const coldFallbackSeconds = detectionSeconds + coldStart + registrationSeconds;
      const evidence = [
        elb
          ? `detection ${detectionSeconds} s: load balancer health check every ${check.intervalSeconds} s × ${check.unhealthyThreshold} failures (modules.${module}.healthCheck)`
          : `detection ${detectionSeconds} s: no load balancer, so EC2 status checks (every minute; two failed periods assumed); they see a lost or impaired instance, not a hung process`,
        path === 'warm-spare'
          ? `start ${startSeconds} s: the warm spare, a stopped instance that already ran its user data (application.warmStartSeconds${app.warmStartSeconds === coldStart ? ', not stated: taken as startupSeconds' : ''})`
          : `start ${startSeconds} s: a cold launch in any AZ of the group (application.startupSeconds)`,
        ...(elb ? [`registration ${registrationSeconds} s: ${check.healthyThreshold} passing checks every ${check.intervalSeconds} s before the load balancer routes to it`] : []),
        ...(path === 'warm-spare'
          ? [`cold fallback ${coldFallbackSeconds} s: when the pool is empty (the spare was just used and its successor is still initialising, or its AZ has no capacity) the replacement launches cold`]
          : []),
      ];
      plans.push({
        fleet,
        module,
        kind,
        path,
        healthCheck: elb ? 'ELB' : 'EC2',
        detectionSeconds,
        startSeconds,
        registrationSeconds,
        totalSeconds,
        coldFallbackSeconds,
        rtoMinutes,
        withinRto: totalSeconds <= rtoMinutes * 60,
        evidence,
      });
    }
  }
  return plans;
}

/** A singleton whose replacement cannot serve again within the RTO. */
export function singletonProblems(singletons: readonly SingletonReplacementPlan[]): PlanProblem[] {
  return singletons
    .filter((s) => !s.withinRto)
    .map((s) => {
      const neededMinutes = Math.ceil((s.totalSeconds / 60) * 10) / 10;
      const faster =
        s.path === 'warm-spare'
          ? `state a measured modules.${s.module}.application.warmStartSeconds (or application.warmStartSeconds), shorten the warm start`
          : 'shorten application.startupSeconds (bake the user data\'s installs into the image), or plan a production tier (a warm spare)';
      return {
        kind: 'singleton-replacement' as const,
        subject: s.fleet,
        limit: 'RTO (serviceLevels.rtoMinutes)',
        needed: neededMinutes,
        allowed: s.rtoMinutes,
        source: `serviceLevels.rtoMinutes; ${SINGLETON_SOURCES.healthChecks}`,
        message: `singleton ${s.fleet} comes back ${neededMinutes} min after it fails (${s.path === 'warm-spare' ? 'warm spare' : 'relaunch'}: ${s.evidence.filter((e) => !e.startsWith('cold fallback')).map((e) => e.split(':')[0]).join(' + ')}), more than the ${s.rtoMinutes}-minute RTO`,
        fix:
          s.healthCheck === 'ELB'
            ? `${faster}; or detect sooner (lower modules.${s.module}.healthCheck.intervalSeconds × unhealthyThreshold); or raise serviceLevels.rtoMinutes`
            : `${faster}; or raise serviceLevels.rtoMinutes (a part without a load balancer is judged by EC2 status checks, whose one-minute period cannot be shortened)`,
      };
    });
}
