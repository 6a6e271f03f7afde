import { DrPosture } from './types';

/** How a region runs the application under the environment's DR posture. */
export interface RegionRole {
  readonly region: string;
  readonly primary: boolean;
  /** Serves traffic in normal operation. */
  readonly serving: boolean;
  /** Has a load balancer and fleets (possibly at zero). */
  readonly hostsApplication: boolean;
  /** full: the plan's sizes; reduced: a minimum of one instance; paused: zero instances, room to scale. */
  readonly fleets: 'full' | 'reduced' | 'paused' | 'none';
  /** regional: a plain cluster per shard; primary/secondary: members of Aurora global databases. */
  readonly database: 'regional' | 'primary' | 'secondary' | 'none';
  /** Instances per secondary shard (0: headless). Only for `database: 'secondary'`. */
  readonly secondaryInstancesPerShard: number;
  /** Secondary clusters forward writes to the primary (active/active). */
  readonly writeForwarding: boolean;
}

/**
 * What each region of an environment holds for a DR posture (AWS's four strategies):
 * - backup & restore: the primary runs everything; other regions hold copies (vault, attachments);
 * - pilot light: standby regions add global-database secondaries without instances, a load
 *   balancer and fleets at zero;
 * - warm standby: as pilot light, with one instance per secondary shard and fleets at a minimum of one;
 * - active/active: every region serves at full size, secondaries forward writes.
 * Singleton parts run in the primary only (elsewhere they wait at zero), so they run once.
 */
export function regionRoles(posture: DrPosture, regions: readonly string[], readersPerShard: number): RegionRole[] {
  return regions.map((region, index) => {
    if (index === 0) return { region, primary: true, ...primaryRole(posture) };
    return { region, primary: false, ...secondaryRole(posture, readersPerShard) };
  });
}

type Role = Omit<RegionRole, 'region' | 'primary'>;

/** The primary serves at full size under every posture; its databases are global primaries unless backups are the only copy. */
function primaryRole(posture: DrPosture): Role {
  return {
    serving: true,
    hostsApplication: true,
    fleets: 'full',
    database: posture === 'backup-restore' ? 'regional' : 'primary',
    secondaryInstancesPerShard: 0,
    writeForwarding: false,
  };
}

/** What a further region holds under each posture, from nothing (backup & restore) to serving (active/active). */
function secondaryRole(posture: DrPosture, readersPerShard: number): Role {
  switch (posture) {
    case 'backup-restore':
      return { serving: false, hostsApplication: false, fleets: 'none', database: 'none', secondaryInstancesPerShard: 0, writeForwarding: false };
    case 'pilot-light':
      return { serving: false, hostsApplication: true, fleets: 'paused', database: 'secondary', secondaryInstancesPerShard: 0, writeForwarding: false };
    case 'warm-standby':
      return { serving: false, hostsApplication: true, fleets: 'reduced', database: 'secondary', secondaryInstancesPerShard: 1, writeForwarding: false };
    case 'active-active':
      return { serving: true, hostsApplication: true, fleets: 'full', database: 'secondary', secondaryInstancesPerShard: Math.max(1, readersPerShard), writeForwarding: true };
  }
}
