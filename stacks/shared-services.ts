import { Construct } from 'constructs';
import { SharedServicesPlan } from '../capacity/types';
import { Cache } from '../constructs/cache';
import { physicalName } from '../constructs/core';
import { regionCode } from '../foundation/naming';
import { SearchCluster } from '../constructs/search-cluster';
import { SharedFileSystem } from '../constructs/shared-file-system';
import { RegionRole } from '../capacity/region-roles';

/** What the shared services of one region need from its stack. */
export interface SharedServicesInput {
  readonly environment: string;
  readonly region: string;
  readonly accountId: string;
  /** Every region of the environment, primary first: replicas follow the primary, in the first other region. */
  readonly regions: readonly string[];
  readonly role: RegionRole;
  readonly plan: SharedServicesPlan;
  readonly targetUtilization: number;
  readonly vpcId: string;
  readonly isolatedSubnetIds: Readonly<Record<string, string>>;
  /** Security group of every fleet, keyed by fleet name (`<module>` or `<module>-<singleton part>`). */
  readonly fleetSecurityGroupIds: Readonly<Record<string, string>>;
  readonly alarmTopicArn: string;
  readonly backupPlanTag: string;
  readonly dataClassification: string;
}

/** The services built in one region; each is absent where the blueprint or the posture leaves it out. */
export interface SharedServices {
  readonly cache?: Cache;
  readonly search?: SearchCluster;
  readonly sharedFileSystem?: SharedFileSystem;
}

/**
 * Builds the shared services of one region that hosts the application, placed by the DR posture (the plan's
 * `standby`): the primary gets the planned size; another region gets nothing, a reduced cache, a full domain, or
 * a read-only replica of the primary's file system. Only the fleets of the modules that use a service reach it.
 */
export function buildSharedServices(scope: Construct, input: SharedServicesInput): SharedServices {
  const { plan, role } = input;
  const [primaryRegion = input.region, replicaRegion] = input.regions;
  const site = {
    name: physicalName(input.environment, input.region),
    accountId: input.accountId,
    region: input.region,
    vpcId: input.vpcId,
    isolatedSubnetIds: input.isolatedSubnetIds,
    alarmTopicArn: input.alarmTopicArn,
    utilizationThresholdPercent: Math.round(input.targetUtilization * 100),
    dataClassification: input.dataClassification,
  };
  const clientsOf = (modules: readonly string[]) =>
    Object.fromEntries(Object.entries(input.fleetSecurityGroupIds).filter(([fleet]) => modules.some((m) => fleet === m || fleet.startsWith(`${m}-`))));

  const services: { cache?: Cache; search?: SearchCluster; sharedFileSystem?: SharedFileSystem } = {};
  const cache = plan.cache;
  if (cache && (role.primary || cache.standby !== 'none')) {
    services.cache = new Cache(scope, 'cache', {
      ...site,
      clientSecurityGroupIds: clientsOf(cache.modules),
      users: cache.modules,
      // User ids are per account and region: the environment's name leaves room for the module names.
      userIdPrefix: physicalName(input.environment, 'cache'),
      engine: cache.engine,
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      shards: cache.shards,
      // A reduced standby keeps the Multi-AZ minimum; it holds derived data and fills after failover.
      replicasPerShard: role.primary || cache.standby === 'full' ? cache.replicasPerShard : 1,
      snapshotRetentionDays: cache.snapshotRetentionDays,
      keyspace: cache.keyspace,
    });
  }
  const search = plan.search;
  if (search && (role.primary || search.standby === 'full')) {
    services.search = new SearchCluster(scope, 'search', {
      ...site,
      // OpenSearch allows 28 characters: the region by its short code.
      domainName: physicalName(input.environment, regionCode(input.region), 'search'),
      clientSecurityGroupIds: clientsOf(search.modules),
      engineVersion: search.engineVersion,
      instanceType: search.instanceType,
      availabilityZoneCount: search.availabilityZones,
      dataNodes: search.dataNodes,
      dedicatedMasterCount: search.dedicatedMasterCount,
      ...(search.dedicatedMasterType ? { dedicatedMasterType: search.dedicatedMasterType } : {}),
      volumeGib: search.volumeGib,
    });
  }
  const files = plan.sharedFileSystem;
  // EFS replicates a file system to one other region: the first one after the primary.
  if (files && (role.primary || (files.standby === 'replica' && input.region === replicaRegion))) {
    services.sharedFileSystem = new SharedFileSystem(scope, 'shared_fs', {
      ...site,
      clientSecurityGroupIds: clientsOf(files.modules),
      accessPoints: files.modules,
      posixUid: files.posixUid,
      posixGid: files.posixGid,
      throughputMode: files.throughputMode,
      backupPlanTag: input.backupPlanTag,
      ...(role.primary ? {} : { replicaOf: { region: primaryRegion, creationToken: physicalName(input.environment, primaryRegion, 'shared') } }),
    });
  }
  return services;
}
