/**
 * The limits a plan runs into, each reported with its source and what to do, never silently
 * applied: readers held back by the blueprint's cap (and Aurora's 15 replicas per cluster), writers
 * of the largest class over target, AWS's per-region quotas (DB instances, DB clusters, On-Demand
 * vCPUs) and a warm standby whose databases cannot carry the load they take over. Pure: no I/O.
 */
import { Blueprint, Environment } from '../model/schema';
import { AURORA_MAX_REPLICAS_PER_CLUSTER, AWS_DEFAULT_QUOTAS, ec2QuotaGroupOf, QUOTA_SOURCES, vcpusOf } from '../model/aws-catalog';
import { ownShards } from './database';
import { regionRoles, RegionRole } from './region-roles';
import { ownGroupParts } from './singletons';
import { DatabasePlan, DrPosture, FleetPlan, MonthPoint, PlanProblem } from './types';

/** Readers the shard construct's auto scaling may add above the planned count (constructs/sharded-database: readers + 2, at most 15). */
export const READER_AUTOSCALING_HEADROOM = 2;

/** What the limits are checked against. */
export interface LimitsInput {
  readonly blueprint: Blueprint;
  /** Regions of the environment, primary first. */
  readonly regions: readonly string[];
  readonly posture: DrPosture;
  readonly fleets: Readonly<Record<string, FleetPlan>>;
  readonly databases: Readonly<Record<string, DatabasePlan>>;
  readonly timeline: readonly MonthPoint[];
  readonly targetUtilization: number;
  /** The account's quotas. @default - AWS's defaults (AWS_DEFAULT_QUOTAS) */
  readonly quotas?: Environment['quotas'];
}

/** Every limit the plan runs into, by kind, then subject and region. */
export function findLimitProblems(input: LimitsInput): PlanProblem[] {
  const problems = [...readerProblems(input), ...writerProblems(input), ...connectionProblems(input), ...quotaProblems(input), ...standbyProblems(input)];
  const order: readonly PlanProblem['kind'][] = [
    'readers-per-shard',
    'aurora-replicas-per-cluster',
    'writer-capacity',
    'connections-per-writer',
    'db-instances-per-region',
    'db-clusters-per-region',
    'ec2-vcpus-per-region',
    'standby-capacity',
    'singleton-replacement',
  ];
  const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return problems.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byCodeUnit(a.subject, b.subject) || byCodeUnit(a.region ?? '', b.region ?? ''));
}

/** Groups whose reads need more readers than the cap lets them have. */
function readerProblems({ databases }: LimitsInput): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const db of withOwnClusters(databases)) {
    const needed = db.readersNeededPerShard;
    if (needed <= db.readersPerShard) continue;
    const utilization = percent(needed / Math.max(1, db.readersPerShard));
    problems.push({
      kind: 'readers-per-shard',
      subject: db.group,
      limit: 'readers per shard (blueprint capacity.maxReadersPerShard)',
      needed,
      allowed: db.readersPerShard,
      source: 'blueprint: capacity.maxReadersPerShard',
      message: `${db.group} needs ${fmt(needed)} readers per shard for its reads at the peak but is capped at ${db.readersPerShard}: its readers would run at about ${utilization} of the target`,
      fix:
        needed <= AURORA_MAX_REPLICAS_PER_CLUSTER
          ? `raise capacity.maxReadersPerShard to ${needed} (Aurora allows ${AURORA_MAX_REPLICAS_PER_CLUSTER}), or add a larger class to capacity.writerClasses`
          : `shard the group further for its reads (lower capacity.shardWriteTps), or add a larger class to capacity.writerClasses: more readers than the cap would also pass Aurora's ${AURORA_MAX_REPLICAS_PER_CLUSTER} replicas per cluster`,
    });
    if (needed > AURORA_MAX_REPLICAS_PER_CLUSTER) {
      problems.push({
        kind: 'aurora-replicas-per-cluster',
        subject: db.group,
        limit: 'Aurora Replicas per DB cluster (AWS hard limit)',
        needed,
        allowed: AURORA_MAX_REPLICAS_PER_CLUSTER,
        source: QUOTA_SOURCES.auroraReplicas,
        message: `${db.group} needs ${fmt(needed)} readers per shard, more than the ${AURORA_MAX_REPLICAS_PER_CLUSTER} replicas an Aurora cluster can have; no quota increase raises it`,
        fix: `spread the reads over more shards (lower capacity.shardWriteTps or raise databaseGroups.${db.group}.minShards), or add a larger class to capacity.writerClasses`,
      });
    }
  }
  return problems;
}

/** Provisioned groups whose busiest writer, of the largest class, runs above the target at the peak. */
function writerProblems({ databases, targetUtilization }: LimitsInput): PlanProblem[] {
  return withOwnClusters(databases)
    .filter((db) => !db.serverless && db.writerUtilization > targetUtilization + 1e-9)
    .map((db) => ({
      kind: 'writer-capacity' as const,
      subject: db.group,
      limit: 'write capacity of the largest writer class (blueprint capacity.writerClasses)',
      needed: round3(db.writerUtilization),
      allowed: targetUtilization,
      source: 'blueprint: capacity.writerClasses',
      message: `${db.group}'s busiest writer (${db.instanceClass}, the largest class) runs at ${percent(db.writerUtilization)} at the peak, above the ${percent(targetUtilization)} target`,
      fix: db.sharding === 'none' ? `shard the group (sharding: slots), or add a larger class to capacity.writerClasses` : `lower capacity.shardWriteTps so that writes spread over more shards, or add a larger class to capacity.writerClasses`,
    }));
}

/**
 * Groups whose writers would take more pooled connections than max_connections allows at the target:
 * every instance of the group's fleets at their largest holds a pool to every shard's writer.
 */
function connectionProblems({ databases, targetUtilization }: LimitsInput): PlanProblem[] {
  return withOwnClusters(databases)
    .filter((db) => db.connections.maxConnections > 0 && db.connections.perWriter > db.connections.budget)
    .map((db) => ({
      kind: 'connections-per-writer' as const,
      subject: db.group,
      limit: `max_connections of ${db.instanceClass} at the ${percent(targetUtilization)} target`,
      needed: db.connections.perWriter,
      allowed: db.connections.budget,
      source: db.connections.source,
      message: `${db.group}'s writers would hold ${db.connections.perWriter} connections (${db.connections.instances} instances × ${db.connections.connectionsPerInstance}) when the fleets are at their largest, above ${db.connections.budget} (${percent(targetUtilization)} of max_connections ${db.connections.maxConnections})`,
      fix: `put RDS Proxy between the fleets and the writers (it multiplexes the pools), lower capacity.connectionsPerInstance, or add a larger class to capacity.writerClasses (more shards do not help: every instance connects to every shard)`,
    }));
}

/** What one region runs: DB instances (at the reader auto scaling's maximum), DB clusters and On-Demand vCPUs per quota group. */
export interface RegionFootprint {
  readonly region: string;
  readonly dbInstances: number;
  readonly dbClusters: number;
  readonly vcpus: { readonly standard: number; readonly x: number };
  /** Instance types whose vCPUs the size does not tell (metal): not counted. */
  readonly uncounted: readonly string[];
}

/** The footprint of every region of the environment, primary first. */
export function regionFootprints(input: LimitsInput): RegionFootprint[] {
  const readers = Math.max(0, ...Object.values(input.databases).map((db) => db.readersPerShard));
  return regionRoles(input.posture, input.regions, readers).map((role) => footprintOf(role, input));
}

function footprintOf(role: RegionRole, { fleets, databases }: LimitsInput): RegionFootprint {
  let dbInstances = 0;
  let dbClusters = 0;
  for (const db of Object.values(databases)) {
    if (role.database === 'none') continue;
    // A member of the shared cluster runs clusters for its later shards only: the shared one holds its first.
    const clusters = ownShards(db).length;
    dbClusters += clusters;
    // A secondary has readers only (none when headless); a writer's cluster has one writer besides.
    const readers = role.database === 'secondary' ? role.secondaryInstancesPerShard : db.readersPerShard;
    const scaled = role.database === 'secondary' && readers === 0 ? 0 : Math.min(readers + READER_AUTOSCALING_HEADROOM, AURORA_MAX_REPLICAS_PER_CLUSTER);
    dbInstances += clusters * ((role.database === 'secondary' ? 0 : 1) + Math.max(readers, scaled));
  }
  const vcpus = { standard: 0, x: 0 };
  const uncounted: string[] = [];
  if (role.hostsApplication) {
    for (const fleet of Object.values(fleets)) {
      // Every region that hosts the application may scale to the plan's maximum (a standby does on failover).
      const instances = (fleet.singleton ? 1 : fleet.maxSize) + ownGroupParts(fleet).length;
      const perInstance = vcpusOf(fleet.instanceType);
      const group = ec2QuotaGroupOf(fleet.instanceType);
      if (perInstance === undefined || group === undefined) {
        if (!uncounted.includes(fleet.instanceType)) uncounted.push(fleet.instanceType);
        continue;
      }
      vcpus[group] += instances * perInstance;
    }
  }
  return { region: role.region, dbInstances, dbClusters, vcpus, uncounted };
}

/** Regions that need more of a quota than the account has. */
function quotaProblems(input: LimitsInput): PlanProblem[] {
  const q = { ...AWS_DEFAULT_QUOTAS, ...definedOnly(input.quotas ?? {}) };
  const stated = (field: keyof typeof AWS_DEFAULT_QUOTAS) => input.quotas?.[field] !== undefined;
  const quotaName = (field: keyof typeof AWS_DEFAULT_QUOTAS, name: string) => `${name} (${stated(field) ? 'quotas.' + field : 'AWS default quota'})`;
  const allowedText = (field: keyof typeof AWS_DEFAULT_QUOTAS) => (stated(field) ? `the account's ${fmt(q[field])} (quotas.${field})` : `AWS's default quota of ${fmt(q[field])}`);
  const raise = (field: keyof typeof AWS_DEFAULT_QUOTAS, code: string, needed: number) =>
    `request a quota increase to at least ${fmt(needed)} in Service Quotas (${code}) and state it under quotas.${field} in the environment`;
  const problems: PlanProblem[] = [];
  for (const f of regionFootprints(input)) {
    if (f.dbInstances > q.dbInstancesPerRegion) {
      problems.push({
        kind: 'db-instances-per-region',
        subject: f.region,
        region: f.region,
        limit: quotaName('dbInstancesPerRegion', 'DB instances per region'),
        needed: f.dbInstances,
        allowed: q.dbInstancesPerRegion,
        source: QUOTA_SOURCES.aurora,
        message: `${f.region} needs up to ${fmt(f.dbInstances)} DB instances (writers, readers, and the readers that reader auto scaling may add), more than ${allowedText('dbInstancesPerRegion')}`,
        fix: `${raise('dbInstancesPerRegion', 'Amazon RDS, DB instances', f.dbInstances)}; or use larger writer classes so that fewer readers and shards are needed`,
      });
    }
    if (f.dbClusters > q.dbClustersPerRegion) {
      problems.push({
        kind: 'db-clusters-per-region',
        subject: f.region,
        region: f.region,
        limit: quotaName('dbClustersPerRegion', 'DB clusters per region'),
        needed: f.dbClusters,
        allowed: q.dbClustersPerRegion,
        source: QUOTA_SOURCES.aurora,
        message: `${f.region} needs ${fmt(f.dbClusters)} Aurora clusters (one per shard), more than ${allowedText('dbClustersPerRegion')}`,
        fix: `${raise('dbClustersPerRegion', 'Amazon RDS, DB clusters', f.dbClusters)}; or raise capacity.shardStorageGb / shardWriteTps so that fewer, larger shards are needed`,
      });
    }
    for (const [group, field, code, title] of [
      ['standard', 'ec2StandardVcpusPerRegion', 'L-1216C47A', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances'],
      ['x', 'ec2XVcpusPerRegion', 'L-7295265B', 'Running On-Demand X instances'],
    ] as const) {
      const needed = f.vcpus[group];
      if (needed <= q[field]) continue;
      problems.push({
        kind: 'ec2-vcpus-per-region',
        subject: f.region,
        region: f.region,
        limit: quotaName(field, `${title}, vCPUs per region`),
        needed,
        allowed: q[field],
        source: QUOTA_SOURCES.ec2,
        message: `${f.region}'s fleets need up to ${fmt(needed)} vCPUs of ${title} at their maximum sizes, more than ${allowedText(field)}`,
        fix: raise(field, `Amazon EC2, ${code}`, needed),
      });
    }
  }
  return problems;
}

/**
 * Warm standby: each standby shard runs one instance, which becomes the writer on failover and
 * carries the busiest shard's writes and reads alone until reader auto scaling adds replicas (each
 * takes longer than the posture's RTO). A problem when that one instance would run above the target.
 */
function standbyProblems({ posture, regions, databases, timeline, blueprint, targetUtilization }: LimitsInput): PlanProblem[] {
  if (posture !== 'warm-standby' || regions.length < 2) return [];
  const problems: PlanProblem[] = [];
  for (const db of withOwnClusters(databases)) {
    const cls = blueprint.capacity.writerClasses.find((c) => c.class === db.instanceClass);
    if (!cls) continue; // Serverless v2 scales its capacity units itself
    const busiestShare = Math.max(...db.slotMap.map((r) => r.lastSlot - r.firstSlot + 1)) / db.slots;
    const writes = Math.max(...timeline.map((p) => p.databaseGroups[db.group]?.writeTps ?? 0)) * busiestShare;
    const reads = Math.max(...timeline.map((p) => p.databaseGroups[db.group]?.readRps ?? 0)) * busiestShare;
    const utilization = writes / cls.writeTps + reads / cls.readRps;
    if (utilization <= targetUtilization + 1e-9) continue;
    for (const region of regions.slice(1)) {
      problems.push({
        kind: 'standby-capacity',
        subject: db.group,
        region,
        limit: 'instances per standby shard (warm standby: 1)',
        needed: round3(utilization),
        allowed: targetUtilization,
        source: 'capacity/region-roles.ts (warm standby keeps one instance per secondary shard)',
        message: `after a failover to ${region}, ${db.group}'s busiest shard runs on its one standby ${cls.class} at ${percent(utilization)} (${fmt(writes)} writes/s and ${fmt(reads)} reads/s), above the ${percent(targetUtilization)} target, until reader auto scaling adds replicas`,
        fix: 'lower serviceLevels.rtoMinutes below 15 for active/active (every region sized for the whole load), add a larger class to capacity.writerClasses, or accept degraded service for the first minutes after a failover',
      });
    }
  }
  return problems;
}

/** The shard sets that run clusters of their own (a member of the shared cluster with one shard has none: its writer is the shared one's). */
function withOwnClusters(databases: Readonly<Record<string, DatabasePlan>>): DatabasePlan[] {
  return Object.values(databases).filter((db) => ownShards(db).length > 0);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e15) return value.toPrecision(3);
  // Grouped by hand, not toLocaleString: the same text on every machine, whatever its locale.
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
