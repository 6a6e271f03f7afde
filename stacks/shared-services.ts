import { Construct } from 'constructs';
import { FleetPlan, SharedServicesPlan } from '../capacity/types';
import { Cache, CacheConnection } from '../constructs/cache';
import { physicalName } from '../constructs/core';
import { GLOBAL_DATASTORE_MAX_SECONDARIES } from '../foundation/global-datastore';
import { regionCode } from '../foundation/naming';
import { SearchCluster, SearchConnection } from '../constructs/search-cluster';
import { FileSystemConnection, SharedFileSystem } from '../constructs/shared-file-system';
import { ServiceFleet } from '../constructs/service-fleet';
import { fleetName } from '../model/application';
import { ownGroupParts } from '../capacity/singletons';
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
  /** The modules each fleet works for, by fleet name (a module's own fleet and its singleton parts: the module; the shared fleet: its members). */
  readonly fleetModules: Readonly<Record<string, readonly string[]>>;
  readonly alarmTopicArn: string;
  readonly backupPlanTag: string;
  readonly dataClassification: string;
  /** The region's residency zone: each zone has its own Global Datastore. @default - no zones: one for the environment */
  readonly residencyZone?: string;
}

/** The services built in one region; each is absent where the blueprint or the posture leaves it out. */
export interface SharedServices {
  readonly cache?: Cache;
  readonly search?: SearchCluster;
  readonly sharedFileSystem?: SharedFileSystem;
}

/**
 * Builds the shared services of one region that hosts the application, placed by the DR posture (the plan's
 * `standby`): the primary gets the planned size; another region gets nothing, a reduced cache, a Global Datastore
 * secondary of the primary's cache (warm standby), a full domain, or a read-only replica of the primary's file system. Only the fleets of the modules that use a service reach it.
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
  // A service's clients: the fleets of its modules (their own, the shared fleet that serves them, their singleton
  // parts), each with the users among them it connects as.
  const usersOf = (modules: readonly string[]) =>
    Object.fromEntries(
      Object.entries(input.fleetModules)
        .map(([fleet, served]) => [fleet, served.filter((m) => modules.includes(m))] as const)
        .filter(([, served]) => served.length > 0),
    );
  const clientsOf = (modules: readonly string[]) => {
    const users = usersOf(modules);
    return Object.fromEntries(Object.entries(input.fleetSecurityGroupIds).filter(([fleet]) => fleet in users));
  };

  const services: { cache?: Cache; search?: SearchCluster; sharedFileSystem?: SharedFileSystem } = {};
  const cache = plan.cache;
  if (cache && (role.primary || cache.standby !== 'none')) {
    // Warm standby: a Global Datastore from the primary to the first two other regions (its limit); the id suffix is
    // derived from the environment alone, so every region's stack names the same datastore.
    const secondaries = cache.standby === 'replica' ? input.regions.slice(1, 1 + GLOBAL_DATASTORE_MAX_SECONDARIES) : [];
    const idSuffix = input.residencyZone !== undefined ? physicalName(input.environment, input.residencyZone, 'cache') : physicalName(input.environment, 'cache');
    const globalDatastore =
      secondaries.length === 0
        ? undefined
        : role.primary
          ? { role: 'primary' as const, idSuffix, secondaryRegions: secondaries }
          : secondaries.includes(input.region)
            ? { role: 'secondary' as const, idSuffix, primaryRegion }
            : undefined;
    services.cache = new Cache(scope, 'cache', {
      ...site,
      clientSecurityGroupIds: clientsOf(cache.modules),
      users: cache.modules,
      clientUsers: usersOf(cache.modules),
      // User ids are per account and region: the environment's name leaves room for the module names.
      userIdPrefix: physicalName(input.environment, 'cache'),
      engine: cache.engine,
      // A secondary inherits the version from the datastore.
      ...(globalDatastore?.role === 'secondary' ? {} : { engineVersion: cache.engineVersion }),
      nodeType: cache.nodeType,
      shards: cache.shards,
      // A standby keeps the Multi-AZ minimum: reduced, it holds derived data and fills after failover; a secondary adds
      // replicas when it is promoted and takes the load.
      replicasPerShard: role.primary || cache.standby === 'full' ? cache.replicasPerShard : 1,
      snapshotRetentionDays: cache.snapshotRetentionDays,
      keyspace: cache.keyspace,
      authentication: cache.authentication,
      ...(globalDatastore ? { globalDatastore } : {}),
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

/** The runtime-configuration parameter that tells a module how to reach its shared services. */
export const SERVICES_PARAMETER = 'services';

/** The fleets' inline policy for their shared services. */
export const SHARED_SERVICES_POLICY = 'shared-services';

/** What a module's `services` parameter holds: one entry per shared service it uses in the region. */
export interface ModuleServices {
  readonly cache?: CacheConnection;
  readonly search?: SearchConnection;
  readonly sharedFileSystem?: FileSystemConnection;
}

/** The services built in this region that `module` uses (the plan lists it among their modules). */
function servicesUsedBy(module: string, plan: SharedServicesPlan, services: SharedServices): SharedServices {
  return {
    ...(services.cache && plan.cache?.modules.includes(module) ? { cache: services.cache } : {}),
    ...(services.search && plan.search?.modules.includes(module) ? { search: services.search } : {}),
    ...(services.sharedFileSystem && plan.sharedFileSystem?.modules.includes(module) ? { sharedFileSystem: services.sharedFileSystem } : {}),
  };
}

/** How `module` reaches the shared services it uses in this region; `undefined` where it uses none here. */
export function moduleConnections(module: string, plan: SharedServicesPlan, services: SharedServices): ModuleServices | undefined {
  const { cache, search, sharedFileSystem } = servicesUsedBy(module, plan, services);
  const connections: ModuleServices = {
    ...(cache ? { cache: cache.connectionFor(module) } : {}),
    ...(search ? { search: search.connection() } : {}),
    ...(sharedFileSystem ? { sharedFileSystem: sharedFileSystem.connectionFor(module) } : {}),
  };
  return Object.keys(connections).length > 0 ? connections : undefined;
}

/**
 * Grants each fleet what its module uses of the shared services built in this region, as one inline policy:
 * connect as the module's own cache user, sign search requests as the domain's role, mount the module's own
 * access point. Singleton parts (scheduler, websocket) share their module's grants.
 */
export function grantSharedServices(
  fleetPlans: Readonly<Record<string, FleetPlan>>,
  fleets: Readonly<Record<string, ServiceFleet>>,
  plan: SharedServicesPlan,
  services: SharedServices,
): void {
  // Per fleet, the statements of every module it runs: a shared fleet gets each member's, once each.
  const grants = new Map<string, { module: string; statements: Map<string, object> }>();
  for (const [module, fleetPlan] of Object.entries(fleetPlans)) {
    const { cache, search, sharedFileSystem } = servicesUsedBy(module, plan, services);
    const statements: object[] = [
      ...(cache ? cache.clientPolicyStatements(module) : []),
      ...(search ? search.clientPolicyStatements() : []),
      ...(sharedFileSystem ? sharedFileSystem.clientPolicyStatements(module) : []),
    ];
    if (statements.length === 0) continue;
    for (const fleet of [fleetPlan.hostedBy ?? module, ...ownGroupParts(fleetPlan).map((part) => fleetName(module, part))]) {
      const grant = grants.get(fleet) ?? { module, statements: new Map<string, object>() };
      for (const statement of statements) grant.statements.set(JSON.stringify(statement), statement);
      grants.set(fleet, grant);
    }
  }
  for (const [fleet, { module, statements }] of grants) {
    const target = fleets[fleet];
    if (target === undefined) throw new Error(`internal: fleet ${fleet} of module ${module} was not built`);
    target.addRolePolicy(SHARED_SERVICES_POLICY, mergeStatements([...statements.values()]));
  }
}

/**
 * One policy's statements from several modules' grants: statements that differ only in their resources
 * (the same Sid, effect, actions and conditions: each member's cache user) become one with the union of
 * the resources, since IAM refuses two statements with one Sid. A module's own grants pass unchanged.
 */
export function mergeStatements(statements: readonly object[]): object[] {
  const merged = new Map<string, { statement: Record<string, unknown>; resources: unknown[] }>();
  for (const statement of statements as Record<string, unknown>[]) {
    const { Resource, ...rest } = statement;
    const key = JSON.stringify(rest);
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, { statement, resources: [Resource].flat() });
    else for (const resource of [Resource].flat()) if (!entry.resources.some((r) => JSON.stringify(r) === JSON.stringify(resource))) entry.resources.push(resource);
  }
  const out = [...merged.values()].map(({ statement, resources }) => (resources.length === [statement.Resource].flat().length ? statement : { ...statement, Resource: resources }));
  // Statements of one Sid that differ in their conditions too (each member's own access point) stay apart, numbered.
  const seen = new Map<unknown, number>();
  return out.map((statement) => {
    const sid = (statement as { Sid?: unknown }).Sid;
    if (typeof sid !== 'string') return statement;
    const count = (seen.get(sid) ?? 0) + 1;
    seen.set(sid, count);
    return count === 1 ? statement : { ...statement, Sid: `${sid}${count}` };
  });
}
