/**
 * Which Aurora clusters a region holds: every group of the plan under the region's role, or, under
 * residency zones, each partition in its own zone only, and the groups that may span zones as one
 * global database homed in the environment's primary. Pure: the stacks build it, the reports read it.
 */
import { RegionRole } from './region-roles';
import { CapacityPlan, DatabasePlan } from './types';

/** One shard set a region holds, and how. */
export interface DatabasePlacement {
  /** Name of the shard set: the group, or the partition `<group>-<location>`; keys its Terraform addresses and global cluster ids. */
  readonly key: string;
  /** The blueprint's database group. */
  readonly group: string;
  /** The location whose partition this is. @default - not a partition */
  readonly location?: string;
  readonly plan: DatabasePlan;
  /** regional: plain clusters; primary/secondary: members of Aurora global databases. */
  readonly database: 'regional' | 'primary' | 'secondary';
  /** Instances per shard in this region (writer excluded where it is a primary). */
  readonly readersPerShard: number;
  readonly writeForwarding: boolean;
}

/**
 * The shard sets `region` holds under `role`. Without residency, every group of the plan under the
 * region's role. With it (`role` then comes from the region's zone): partitions only where their
 * location's zone is the region's, groups that may span zones as one global database with its
 * primary in the environment's primary region and a secondary in every region that hosts the
 * application (zone homes forward writes), other groups under the zone's role.
 */
export function placeDatabases(plan: CapacityPlan, role: RegionRole, region: string, primaryRegion: string): DatabasePlacement[] {
  const placements: DatabasePlacement[] = [];
  const residency = plan.residency;
  const underRole = (key: string, group: string, db: DatabasePlan, location?: string): DatabasePlacement | undefined =>
    role.database === 'none'
      ? undefined
      : {
          key,
          group,
          ...(location !== undefined ? { location } : {}),
          plan: db,
          database: role.database,
          readersPerShard: role.database === 'secondary' ? role.secondaryInstancesPerShard : db.readersPerShard,
          writeForwarding: role.writeForwarding,
        };
  for (const [group, db] of Object.entries(plan.databases)) {
    if (!residency) {
      const placement = underRole(group, group, db);
      if (placement) placements.push(placement);
      continue;
    }
    const partitions = Object.values(residency.partitions).filter((p) => p.group === group);
    if (partitions.length > 0) {
      for (const partition of partitions.filter((p) => p.regions.includes(region))) {
        const placement = underRole(partition.name, group, partition.database, partition.location);
        if (placement) placements.push(placement);
      }
    } else if (group in residency.crossZoneGroups && residency.zones.length > 1) {
      if (region === primaryRegion) {
        placements.push({ key: group, group, plan: db, database: 'primary', readersPerShard: db.readersPerShard, writeForwarding: false });
      } else if (role.hostsApplication) {
        placements.push({
          key: group,
          group,
          plan: db,
          database: 'secondary',
          readersPerShard: role.primary ? Math.max(1, db.readersPerShard) : role.secondaryInstancesPerShard,
          writeForwarding: role.primary || role.writeForwarding,
        });
      }
    } else {
      const placement = underRole(group, group, db);
      if (placement) placements.push(placement);
    }
  }
  return placements;
}
