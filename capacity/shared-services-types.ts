/** Plan types of the shared services (cache, search cluster, shared file system). Plain data, JSON-serialisable. */

/**
 * What a region other than the primary gets of a shared service under the DR posture:
 * - `none`: nothing (rebuilt or restored when the region takes over);
 * - `reduced`: the primary's node type and shards, with the fewest replicas that still fail over within the region;
 * - `full`: the primary's shape;
 * - `replica`: a read-only replica the primary keeps up to date (promoted on failover).
 */
export type StandbyPlacement = 'none' | 'reduced' | 'full' | 'replica';

export interface CachePlan {
  readonly modules: readonly string[];
  readonly engine: 'valkey' | 'redis';
  readonly engineVersion: string;
  readonly nodeType: string;
  /** Node groups (shards); more than one means cluster mode enabled. */
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly clusterMode: boolean;
  /** Sessions and hot data to hold at the horizon's peak, in GB. */
  readonly dataGbAtHorizon: number;
  /** Commands/s at the horizon's peak. */
  readonly operationsPerSecondAtHorizon: number;
  /** Memory used at the horizon's peak, as a share of the nodes' usable memory (after the reserved share). */
  readonly memoryUtilizationAtHorizon: number;
  readonly snapshotRetentionDays: number;
  /** `per-module` (keys and channels prefixed `<module>:`) or `shared`. */
  readonly keyspace: 'per-module' | 'shared';
  /** `iam`: IAM-authenticated users; `network`: password-less users, the security group the only gate. */
  readonly authentication: 'iam' | 'network';
  /**
   * What the other regions get: `replica` is an ElastiCache Global Datastore secondary (read-only, promoted on
   * failover) in up to two other regions, further regions get a `reduced` cache of their own.
   */
  readonly standby: StandbyPlacement;
  /** Why: each sizing step and the placement, as sentences the report prints. */
  readonly reasoning: readonly string[];
}

export interface SearchPlan {
  readonly modules: readonly string[];
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly dataNodes: number;
  /** Availability zones the data nodes spread over (zone awareness). */
  readonly availabilityZones: number;
  /** Dedicated master nodes (3 in production, else 0). */
  readonly dedicatedMasterCount: number;
  readonly dedicatedMasterType?: string;
  /** Primary shards per index, fixed at creation: sized for the horizon. */
  readonly primaryShards: number;
  readonly replicas: number;
  /** gp3 volume of each data node, in GiB. */
  readonly volumeGib: number;
  readonly documentsAtHorizon: { readonly tickets: number; readonly knowledgeArticles: number; readonly configurationItems: number };
  /** Source data indexed at the horizon, in GB. */
  readonly sourceGbAtHorizon: number;
  /** Storage the domain needs at the horizon: source × (1 + replicas) × 1.45, in GB. */
  readonly storageGbAtHorizon: number;
  readonly queriesPerSecondAtHorizon: number;
  /** Storage used at the horizon, as a share of the provisioned volumes. */
  readonly storageUtilizationAtHorizon: number;
  readonly standby: Exclude<StandbyPlacement, 'replica' | 'reduced'>;
  readonly reasoning: readonly string[];
}

export interface FileSystemPlan {
  readonly modules: readonly string[];
  readonly throughputMode: 'elastic' | 'bursting';
  readonly storageGbAtHorizon: number;
  /** Baseline throughput a bursting file system of that size gets (50 KiB/s per GiB stored), in MiB/s. */
  readonly burstingBaselineMibpsAtHorizon: number;
  readonly posixUid: number;
  readonly posixGid: number;
  readonly standby: Extract<StandbyPlacement, 'none' | 'replica'>;
  readonly reasoning: readonly string[];
}

export interface SharedServicesPlan {
  readonly cache?: CachePlan;
  readonly search?: SearchPlan;
  readonly sharedFileSystem?: FileSystemPlan;
}
