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
 *
 * A singleton part under a lease (application.singletonLease) has no instance of its own: it runs on every instance
 * of the fleet that serves its module and only the lease holder works. When the holder dies (or hangs) it stops
 * renewing; the lease expires after `leaseSeconds` and another instance, already running, takes it within one
 * renewal interval (`leaseSeconds / 3`, rounded down): no start time. That holds while the fleet keeps at least two
 * instances; a fleet that may run one (its off-hours floor, `minSize`) brings the part back with its own
 * replacement: the load balancer's detection + a cold start, and the new instance takes the lease.
 */
import { fleetName, partsUnderLease, resolveApplication, SINGLETON_LEASE_METRIC } from '../model/application';

export { partsUnderLease };
import { Blueprint } from '../model/schema';
import { FleetPlan, PlanProblem, SingletonReplacementPlan, Tier } from './types';

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
export function replacementPath(tier: Tier): 'warm-spare' | 'relaunch' {
  return tier === 'production' ? 'warm-spare' : 'relaunch';
}

/** The interval at which a lease holder renews its lease and the other instances try to take it: a third of it. */
export function leaseRenewalSeconds(leaseSeconds: number): number {
  return Math.floor(leaseSeconds / 3);
}

/**
 * Minutes without a lease heartbeat before the part's alarm fires: longer than a takeover (expiry + one renewal
 * interval) plus one publishing interval of the heartbeat, rounded up to whole minutes, plus one minute, so that a
 * normal takeover never pages.
 */
export function leaseAlarmMinutes(leaseSeconds: number): number {
  return Math.ceil((leaseSeconds + leaseRenewalSeconds(leaseSeconds) + SINGLETON_LEASE_METRIC.publishSeconds) / 60) + 1;
}

/** Seconds EC2 takes to stop an instance that finished its user data in the warm pool (assumed). */
export const SPARE_STOP_SECONDS = 120;

/**
 * Minutes a warm spare's pool may hold no warmed instance before its alarm fires. After the spare enters service
 * the pool prepares the next one: a cold launch held by the launch hook until its user data completes (the
 * start-up time) and a stop. The alarm allows that twice (one failed preparation retried), rounded up to whole
 * minutes, plus one, so that a normal replacement, or a new group's first spare, does not page.
 */
export function spareAlarmMinutes(startupSeconds: number): number {
  return Math.min(1440, 2 * Math.ceil((startupSeconds + SPARE_STOP_SECONDS) / 60) + 1);
}

/**
 * The fleets with their singleton parts placed: a module whose parts run under a lease is marked
 * (`singletonPlacement: 'lease'`) and the fleet that serves it lists them (`leaseParts`). Other fleets are returned
 * as they are, so a blueprint without a lease plans exactly as before.
 */
export function placeSingletonParts(blueprint: Blueprint, fleets: Readonly<Record<string, FleetPlan>>): Record<string, FleetPlan> {
  const placed: Record<string, FleetPlan> = { ...fleets };
  for (const [module, spec] of Object.entries(blueprint.modules)) {
    if (!partsUnderLease(blueprint, module) || placed[module] === undefined) continue;
    placed[module] = { ...placed[module]!, singletonPlacement: 'lease' };
    const serving = placed[module]!.hostedBy ?? module;
    const host = placed[serving]!;
    placed[serving] = { ...host, leaseParts: [...(host.leaseParts ?? []), ...spec.singletons.map((part) => fleetName(module, part))] };
  }
  return placed;
}

/** The parts of a module's fleet plan that run in one-instance groups of their own (none when under a lease). */
export function ownGroupParts(fleet: Pick<FleetPlan, 'singletons' | 'singletonPlacement'>): readonly string[] {
  return fleet.singletonPlacement === 'lease' ? [] : fleet.singletons;
}

/**
 * The one-instance groups of a module's fleet plan, by fleet name: its parts in groups of their own, then the
 * module itself when it is a singleton. Where the tier keeps warm spares (replacementPath), each keeps one.
 */
export function singletonGroups(module: string, fleet: Pick<FleetPlan, 'singletons' | 'singletonPlacement' | 'singleton'>): string[] {
  return [...ownGroupParts(fleet).map((part) => fleetName(module, part)), ...(fleet.singleton ? [module] : [])];
}

/**
 * Every singleton of the blueprint (each module's parts, then the module itself where it is one), blueprint order.
 * `fleets` (placed by {@link placeSingletonParts}) tell where a part under a lease runs and how many instances its
 * serving fleet keeps.
 */
export function planSingletons(blueprint: Blueprint, tier: Tier, rtoMinutes: number, fleets: Readonly<Record<string, FleetPlan>>): SingletonReplacementPlan[] {
  const path = replacementPath(tier);
  const plans: SingletonReplacementPlan[] = [];
  for (const [module, spec] of Object.entries(blueprint.modules)) {
    const app = resolveApplication(blueprint, module);
    const check = spec.healthCheck;
    if (fleets[module]?.singletonPlacement === 'lease') {
      for (const part of spec.singletons) plans.push(leasedPart(blueprint, module, part, fleets, rtoMinutes));
    }
    const targets: { fleet: string; kind: SingletonReplacementPlan['kind'] }[] = [
      ...(fleets[module]?.singletonPlacement === 'lease' ? [] : spec.singletons.map((part) => ({ fleet: `${module}-${part}`, kind: 'part' as const }))),
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
        placement: 'own-group',
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

/**
 * A singleton part under a lease on its serving fleet. With at least two instances (the fleet's floor, `minSize`)
 * another instance takes the lease once it expired; with one, the fleet's replacement comes first.
 */
function leasedPart(blueprint: Blueprint, module: string, part: string, fleets: Readonly<Record<string, FleetPlan>>, rtoMinutes: number): SingletonReplacementPlan {
  const leaseSeconds = resolveApplication(blueprint, module).singletonLease!.leaseSeconds;
  const renewal = leaseRenewalSeconds(leaseSeconds);
  const servingFleet = fleets[module]!.hostedBy ?? module;
  const serving = fleets[servingFleet]!;
  const takeover = leaseSeconds + renewal;
  const base = { fleet: fleetName(module, part), module, kind: 'part' as const, placement: 'lease' as const, servingFleet, leaseSeconds, registrationSeconds: 0, rtoMinutes };
  if (serving.minSize >= 2) {
    return {
      ...base,
      path: 'lease',
      healthCheck: 'lease',
      detectionSeconds: takeover,
      startSeconds: 0,
      totalSeconds: takeover,
      coldFallbackSeconds: takeover,
      withinRto: takeover <= rtoMinutes * 60,
      evidence: [
        `detection ${takeover} s: the holder stops renewing; its lease expires after ${leaseSeconds} s (application.singletonLease.leaseSeconds) and another instance of fleet ${servingFleet} takes it within one renewal interval (${renewal} s, a third of the lease); a hung holder is caught the same way`,
        `start 0 s: fleet ${servingFleet} keeps at least ${serving.minSize} instances (minSize), each already running the part and waiting for the lease`,
      ],
    };
  }
  // One instance: the part comes back with the fleet's own replacement (load balancer detection + a cold start).
  const members = serving.modules.length > 0 ? serving.modules : [module];
  const checks = members.map((m) => blueprint.modules[m]!.healthCheck);
  const detectionSeconds = Math.min(...checks.map((c) => c.intervalSeconds * c.unhealthyThreshold));
  const startSeconds = resolveApplication(blueprint, members[0]!).startupSeconds;
  const totalSeconds = Math.max(detectionSeconds + startSeconds, takeover);
  return {
    ...base,
    path: 'relaunch',
    healthCheck: 'ELB',
    detectionSeconds,
    startSeconds,
    totalSeconds,
    coldFallbackSeconds: totalSeconds,
    withinRto: totalSeconds <= rtoMinutes * 60,
    evidence: [
      `fleet ${servingFleet} may run a single instance (minSize ${serving.minSize}): no other instance can take the lease, so the part comes back with the fleet's replacement`,
      `detection ${detectionSeconds} s: the load balancer's health check of the fleet (interval × unhealthy threshold, ${members.length > 1 ? `the quickest of its ${members.length} modules' healthCheck` : `modules.${members[0]}.healthCheck`}); a hung part on a healthy instance is not detected`,
      `start ${startSeconds} s: a cold launch of the fleet's replacement (application.startupSeconds), which then takes the lease (expired by then${totalSeconds > detectionSeconds + startSeconds ? `; here only after ${takeover} s, lease plus one renewal interval` : ''})`,
    ],
  };
}

/** A singleton whose replacement cannot serve again within the RTO. */
export function singletonProblems(singletons: readonly SingletonReplacementPlan[]): PlanProblem[] {
  return singletons
    .filter((s) => !s.withinRto)
    .map((s) => {
      const neededMinutes = Math.ceil((s.totalSeconds / 60) * 10) / 10;
      const problem = { kind: 'singleton-replacement' as const, subject: s.fleet, limit: 'RTO (serviceLevels.rtoMinutes)', needed: neededMinutes, allowed: s.rtoMinutes };
      if (s.placement === 'lease') {
        return {
          ...problem,
          source: `serviceLevels.rtoMinutes; application.singletonLease`,
          message: `singleton ${s.fleet} works again ${neededMinutes} min after its holder fails (${s.path === 'lease' ? `lease on fleet ${s.servingFleet}: expiry + one renewal interval` : `fleet ${s.servingFleet} runs one instance: its replacement's detection + start`}), more than the ${s.rtoMinutes}-minute RTO`,
          fix:
            s.path === 'lease'
              ? `lower application.singletonLease.leaseSeconds (now ${s.leaseSeconds}); or raise serviceLevels.rtoMinutes`
              : `keep at least two instances of fleet ${s.servingFleet} (a production tier does), shorten application.startupSeconds, or raise serviceLevels.rtoMinutes`,
        };
      }
      const faster =
        s.path === 'warm-spare'
          ? `state a measured modules.${s.module}.application.warmStartSeconds (or application.warmStartSeconds), shorten the warm start`
          : 'shorten application.startupSeconds (bake the user data\'s installs into the image), or plan a production tier (a warm spare)';
      return {
        ...problem,
        source: `serviceLevels.rtoMinutes; ${SINGLETON_SOURCES.healthChecks}`,
        message: `singleton ${s.fleet} comes back ${neededMinutes} min after it fails (${s.path === 'warm-spare' ? 'warm spare' : 'relaunch'}: ${s.evidence.filter((e) => !e.startsWith('cold fallback')).map((e) => e.split(':')[0]).join(' + ')}), more than the ${s.rtoMinutes}-minute RTO`,
        fix:
          s.healthCheck === 'ELB'
            ? `${faster}; or detect sooner (lower modules.${s.module}.healthCheck.intervalSeconds × unhealthyThreshold); or raise serviceLevels.rtoMinutes`
            : `${faster}; or raise serviceLevels.rtoMinutes (a part without a load balancer is judged by EC2 status checks, whose one-minute period cannot be shortened)`,
      };
    });
}
