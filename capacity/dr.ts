import { DrPosture } from './types';

/** What each of AWS's four DR strategies achieves here, cheapest first, and why. */
export interface PostureCapability {
  readonly posture: DrPosture;
  readonly title: string;
  readonly rtoMinutes: number;
  /** `undefined`: the RPO is the backup interval. */
  readonly rpoMinutes?: number;
  readonly needsSecondRegion: boolean;
  readonly evidence: readonly string[];
}

/**
 * The budget each posture claims. Replication lag of Aurora Global Database is typically under a
 * second; a minute is budgeted. Route 53 failover takes 3 failed checks at 10 s plus a 60 s TTL.
 * @see https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html
 */
export const POSTURES: readonly PostureCapability[] = [
  {
    posture: 'backup-restore',
    title: 'Backup & restore',
    rtoMinutes: 240,
    needsSecondRegion: false,
    evidence: [
      'restore each shard from its latest recovery point (budget 120 min for shards within the shard size limit)',
      'apply the surviving region\'s stacks with fleets and load balancer (budget 60 min)',
      'verify, switch DNS and reopen (budget 60 min)',
      'data since the last backup copy is lost: RPO = backup interval',
    ],
  },
  {
    posture: 'pilot-light',
    title: 'Pilot light',
    rtoMinutes: 45,
    rpoMinutes: 1,
    needsSecondRegion: true,
    evidence: [
      'Aurora Global Database replicates to the standby region (typical lag < 1 s; 1 min budgeted)',
      'operator runs managed failover of each global cluster (budget 10 min)',
      'fleets scale from zero in the standby region (budget 20 min)',
      'DNS fails over on health checks (3 × 10 s + 60 s TTL) and checks pass (budget 15 min)',
    ],
  },
  {
    posture: 'warm-standby',
    title: 'Warm standby',
    rtoMinutes: 15,
    rpoMinutes: 1,
    needsSecondRegion: true,
    evidence: [
      'Aurora Global Database with a reader per standby shard (1 min RPO budgeted)',
      'managed failover of each global cluster (budget 10 min)',
      'standby fleets already run at a reduced minimum and scale out on load',
      'Route 53 failover records switch on health checks (under 2 min)',
    ],
  },
  {
    posture: 'active-active',
    title: 'Multi-site active/active',
    rtoMinutes: 5,
    rpoMinutes: 1,
    needsSecondRegion: true,
    evidence: [
      'every region serves; latency records drop a failed region on health checks (under 2 min)',
      'each region is sized to carry the whole load',
      'writes forwarded to the global writer; its failover is managed (budget 3 min)',
    ],
  },
];

/** Snapshot intervals AWS Backup schedules well, in minutes (hourly is its shortest). */
export const BACKUP_INTERVALS_MINUTES = [60, 120, 180, 240, 360, 480, 720, 1440] as const;

/** RPO achievable by backups alone: the longest interval within the RPO, or hourly at best. */
export function backupIntervalFor(rpoMinutes: number): number {
  const fitting = BACKUP_INTERVALS_MINUTES.filter((interval) => interval <= rpoMinutes);
  return fitting.length > 0 ? fitting[fitting.length - 1]! : BACKUP_INTERVALS_MINUTES[0];
}

export interface PostureChoice {
  readonly capability: PostureCapability;
  readonly achievableRpoMinutes: number;
}

/**
 * The cheapest posture that meets the RTO and the RPO, or `undefined` with the reason when none
 * does with the regions given.
 */
export function choosePosture(rtoMinutes: number, rpoMinutes: number, regionCount: number): PostureChoice | { readonly reason: string } {
  for (const capability of POSTURES) {
    const achievableRpoMinutes = capability.rpoMinutes ?? backupIntervalFor(rpoMinutes);
    if (capability.rtoMinutes <= rtoMinutes && achievableRpoMinutes <= rpoMinutes) {
      if (capability.needsSecondRegion && regionCount < 2) {
        return {
          reason: `RTO ${rtoMinutes} min / RPO ${rpoMinutes} min need ${capability.title.toLowerCase()} (RTO ${capability.rtoMinutes} min, RPO ${achievableRpoMinutes} min), which needs a second region: add one under regions.secondaries, or relax serviceLevels to at least RTO ${POSTURES[0]!.rtoMinutes} min and RPO ${BACKUP_INTERVALS_MINUTES[0]} min`,
        };
      }
      return { capability, achievableRpoMinutes };
    }
  }
  const best = POSTURES[POSTURES.length - 1]!;
  return {
    reason: `no DR posture meets RTO ${rtoMinutes} min / RPO ${rpoMinutes} min; the best, ${best.title.toLowerCase()}, achieves RTO ${best.rtoMinutes} min and RPO ${best.rpoMinutes ?? 0} min (raise rtoMinutes/rpoMinutes to at least those)`,
  };
}
