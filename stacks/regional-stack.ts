import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan, FleetPlan } from '../capacity/types';
import { ApplicationKey } from '../constructs/application-key';
import { Cache } from '../constructs/cache';
import { SearchCluster } from '../constructs/search-cluster';
import { SharedFileSystem } from '../constructs/shared-file-system';
import { AttachmentStore, attachmentBucketName, attachmentKeyAliasArn, s3BucketArn } from '../constructs/attachment-store';
import { BackupVault, backupPlanName, backupVaultArn } from '../constructs/backup-vault';
import { byCodeUnit, physicalName } from '../constructs/core';
import { EbsKey } from '../constructs/ebs-key';
import { FaultInjection } from '../constructs/fault-injection';
import { LoadBalancer } from '../constructs/load-balancer';
import { Monitoring } from '../constructs/monitoring';
import { Network } from '../constructs/network';
import { RegionalEndpoint } from '../constructs/regional-endpoint';
import { RuntimeConfig, moduleSecretArnPattern } from '../constructs/runtime-config';
import { FleetImage, ServiceFleet, ServiceFleetProps } from '../constructs/service-fleet';
import { engineProfile, ShardedDatabase } from '../constructs/sharded-database';
import { applicationLogGroupName, configParameterPath, fleetName, LeasedParts, renderUserData, resolveApplication, SERVER_ROLE, SINGLETON_LEASE_METRIC, singletonLeaseNamespace, userDataValues } from '../model/application';
import { Blueprint, MachineImage, RegionSpec, ServiceLevels } from '../model/schema';
import { buildSharedServices, grantSharedServices, moduleConnections, SERVICES_PARAMETER } from './shared-services';
import { EnvironmentStack, EnvironmentStackProps } from './environment-stack';
import { globalClusterPrefix, masterPasswordSecretName } from './naming';
import { RegionRole } from '../capacity/region-roles';
import { placeDatabases } from '../capacity/residency-placement';
import { leaseAlarmMinutes, ownGroupParts, replacementPath, singletonGroups, spareAlarmMinutes } from '../capacity/singletons';

export interface RegionalStackProps extends EnvironmentStackProps {
  /** The region's spec from the environment. */
  readonly regionSpec: RegionSpec;
  /** What the region runs under the DR posture. */
  readonly role: RegionRole;
  /** The environment's other regions: backups are copied and attachments replicated to the first of them. */
  readonly otherRegions: readonly string[];
  /**
   * Every region of the environment, primary first (where the shared file system replicates).
   * @default - this region followed by otherRegions
   */
  readonly regions?: readonly string[];
  /** NAT layout from the environment. */
  readonly natGateways: 'per-az' | 'single';
  /** DNS of the environment: each region with a load balancer publishes `<region>.<domain>`. */
  readonly dns: { readonly domain: string; readonly hostedZoneId: string };
  /** ACM certificate for the HTTPS listener in this region. @default - none; required where the region hosts the application */
  readonly certificateArn?: string;
  /** Data classification of the environment (tag on stateful resources). */
  readonly dataClassification: string;
  /** The blueprint (modules, health checks, service levels). */
  readonly blueprint: Blueprint;
  /** The blueprint's service levels with the environment's overrides: they set the alarm thresholds. */
  readonly serviceLevels: ServiceLevels;
  /** The capacity plan the stack provisions. */
  readonly plan: CapacityPlan;
  /** The blueprint's user-data templates, by the path as written in it. */
  readonly userData: ReadonlyMap<string, string>;
  /**
   * The environment's primary region: a group that spans residency zones is homed there.
   * @default - the first of `regions`
   */
  readonly primaryRegion?: string;
  /**
   * Residency: the region's zone, and the home region of every location (published to the modules
   * so that the application routes a requester to the partition of their location).
   * @default - no residency zones: data placed by the region's role alone
   */
  readonly residency?: { readonly zone: string; readonly homeRegions: Readonly<Record<string, string>> };
}

/** The secret every module gets for its own database credentials. */
const DATABASE_SECRET = 'database';

/**
 * One region of an environment, with its own state. Every region holds its network, backup vault
 * and attachment store; regions that host the application add the load balancer, a fleet per
 * module, the sharded databases (regional, or members of Aurora global databases), monitoring,
 * the regional DNS name and, where they serve, fault-injection drills. A regional stack never
 * refers to another region's stack: cross-region names and ids are derived from the environment.
 */
export class RegionalStack extends EnvironmentStack {
  public readonly network: Network;
  public readonly backupVault: BackupVault;
  public readonly attachments: AttachmentStore;
  public readonly databases: Readonly<Record<string, ShardedDatabase>> = {};
  public readonly loadBalancer?: LoadBalancer;
  public readonly fleets: Readonly<Record<string, ServiceFleet>> = {};
  /** Each module's runtime configuration (SSM parameters and secrets), by module. */
  public readonly runtimeConfigs: Readonly<Record<string, RuntimeConfig>> = {};
  public readonly monitoring?: Monitoring;
  /** The shared services of this region (see stacks/shared-services.ts); absent where the blueprint or the posture leaves them out. */
  public readonly cache?: Cache;
  public readonly search?: SearchCluster;
  public readonly sharedFileSystem?: SharedFileSystem;
  /** Home region of every location (residency); empty without residency zones. */
  private readonly homeRegions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    const { regionSpec, plan, blueprint, role } = props;
    this.homeRegions = props.residency?.homeRegions ?? {};
    // Under residency zones the region's fleets carry its zone's load (the plan's zone fleets), else the whole plan's.
    const fleetPlans = (props.residency ? plan.residency?.zoneFleets[props.residency.zone] : undefined) ?? plan.fleets;
    const name = physicalName(props.environment, props.region);
    const site = { name, accountId: props.accountId, region: props.region };
    const offsite = props.otherRegions[0];
    const backupTag = backupPlanName(props.environment, props.region);
    const dataClassification = props.dataClassification;

    this.network = new Network(this, 'network', {
      ...site,
      cidrBlock: regionSpec.vpcCidr,
      availabilityZones: regionSpec.availabilityZones.map((letter) => `${props.region}${letter}`),
      natGateways: props.natGateways,
    });

    this.backupVault = new BackupVault(this, 'backup', {
      ...site,
      scheduleExpression: plan.backup.scheduleExpression,
      continuousBackup: plan.backup.continuous,
      shortTermRetentionDays: plan.backup.shortTermRetentionDays,
      longTermRetentionDays: plan.backup.longTermRetentionDays,
      coldStorageAfterDays: plan.backup.coldStorageAfterDays,
      // The selection tag is on the Aurora clusters and the attachment bucket.
      protectedResourceTypes: ['Aurora', 'S3'],
      vaultLock:
        plan.backup.vaultLock.mode === 'compliance'
          ? { mode: 'compliance', changeableForDays: plan.backup.vaultLock.coolingOffDays }
          : { mode: 'governance' },
      breakGlassRoleName: plan.backup.breakGlassRoleName,
      dataClassification,
      ...(role.primary && offsite
        ? { copyToVaultArn: backupVaultArn(props.accountId, offsite, physicalName(props.environment, offsite, 'vault')) }
        : {}),
    });

    const offsiteName = offsite ? physicalName(props.environment, offsite) : undefined;
    this.attachments = new AttachmentStore(this, 'attachments', {
      ...site,
      retentionYears: plan.attachments.retentionYears,
      dataClassification,
      backupPlanTag: backupTag,
      ...(role.primary && offsite && offsiteName
        ? {
            replicationDestination: {
              bucketArn: s3BucketArn(attachmentBucketName(offsiteName, props.accountId), offsite),
              region: offsite,
              kmsKeyArn: attachmentKeyAliasArn(offsiteName, offsite, props.accountId),
            },
          }
        : {}),
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC of this region.' });
    if (!role.hostsApplication) return;

    if (!props.certificateArn) {
      throw new Error(`${id}: region ${props.region} hosts the application and needs an HTTPS certificate: add dns.certificateArns.${props.region} to the environment`);
    }
    const applications = Object.fromEntries(Object.keys(blueprint.modules).map((module) => [module, resolveApplication(blueprint, module)]));
    const loadBalancer = new LoadBalancer(this, 'alb', {
      ...site,
      idleTimeoutSeconds: blueprint.application.idleTimeoutSeconds,
      ...(blueprint.application.defaultModule !== undefined ? { defaultModule: blueprint.application.defaultModule } : {}),
      vpcId: this.network.vpcId,
      vpcCidrBlock: this.network.vpcCidrBlock,
      publicSubnetIds: this.network.publicSubnetIds,
      certificateArn: props.certificateArn,
      accessLogs: { bucketName: this.attachments.logBucketName, prefix: this.attachments.albLogPrefix },
      dataClassification,
      modules: Object.fromEntries(
        Object.entries(blueprint.modules).map(([module, spec]) => [
          module,
          {
            healthCheckPath: spec.healthCheck.path,
            healthCheckMatcher: spec.healthCheck.matcher,
            healthCheckIntervalSeconds: spec.healthCheck.intervalSeconds,
            healthyThreshold: spec.healthCheck.healthyThreshold,
            unhealthyThreshold: spec.healthCheck.unhealthyThreshold,
            uiPaths: spec.uiPaths,
            appPort: applications[module]!.port,
            deregistrationDelaySeconds: applications[module]!.deregistrationDelaySeconds,
            ...stickinessOf(applications[module]!.stickiness),
            ...(spec.routingSlot !== undefined ? { routingSlot: spec.routingSlot } : {}),
          },
        ]),
      ),
    });
    this.loadBalancer = loadBalancer;
    new RegionalEndpoint(this, 'endpoint', {
      domain: props.dns.domain,
      hostedZoneId: props.dns.hostedZoneId,
      region: props.region,
      loadBalancerDnsName: loadBalancer.dnsName,
      loadBalancerZoneId: loadBalancer.zoneId,
    });

    const { fleets, applicationKey } = this.buildFleets(props, { name, site, fleetPlans, loadBalancer, applications });
    // Fleets that serve several modules (the shared fleet).
    const sharedFleets = Object.entries(fleetPlans).filter(([, f]) => f.hostedBy === undefined && f.modules.length > 1);
    // The modules, in the plan's order (the shared fleet is not one).
    const servedModules = Object.keys(fleetPlans).filter((key) => key in blueprint.modules);
    /** The fleets that hold a module's data connections: the one serving its requests and its singleton parts. */
    const fleetsOfModule = (module: string): ServiceFleet[] => {
      const plan = fleetPlans[module]!;
      return [plan.hostedBy ?? module, ...ownGroupParts(plan).map((part) => fleetName(module, part))].map((f) => fleets[f]!);
    };
    this.fleets = fleets;

    const databases: Record<string, ShardedDatabase> = {};
    const placements = placeDatabases(plan, role, props.region, props.primaryRegion ?? props.regions?.[0] ?? props.region);
    const placementOf: Record<string, (typeof placements)[number]> = {};
    for (const placement of placements) {
      const db = placement.plan;
      const key = placement.key;
      placementOf[key] = placement;
      // A member of the shared cluster (built first, as the plan lists it first) has its first shard there.
      const host = db.firstShardIn === undefined ? undefined : databases[db.firstShardIn];
      if (db.firstShardIn !== undefined && !host) throw new Error(`internal: database group ${key}'s first shard lives in ${db.firstShardIn}, which ${props.region} does not hold`);
      // An unsharded member lives wholly in the shared cluster: nothing of its own to build.
      if (host && db.sharding === 'none') continue;
      const clients = [...new Set(db.modules.flatMap(fleetsOfModule))];
      const prefix = globalClusterPrefix(props.environment, key);
      databases[key] = new ShardedDatabase(this, `db-${key}`, {
        ...(host ? { externalShards: { 1: { writerEndpoint: host.writerEndpoints[1]!, readerEndpoint: host.readerEndpoints[1]! } } } : {}),
        ...site,
        group: key,
        engine: db.engine,
        ...(db.engineVersion !== undefined ? { engineVersion: db.engineVersion } : {}),
        sharding: db.sharding,
        shards: db.shards,
        slots: db.slots,
        slotMap: db.slotMap,
        instanceClass: db.instanceClass,
        ...(db.serverless ? { serverless: db.serverless } : {}),
        readersPerShard: placement.readersPerShard,
        vpcId: this.network.vpcId,
        isolatedSubnetIds: this.network.isolatedSubnetIds,
        clientSecurityGroupIds: clients.map((f) => f.securityGroupId),
        backupRetentionDays: Math.min(35, plan.backup.shortTermRetentionDays),
        dataClassification,
        backupPlanTag: backupTag,
        ...(placement.database === 'primary'
          ? { globalDatabase: { role: 'primary', identifierPrefix: prefix, masterPasswordSecretName: masterPasswordSecretName(props.environment, key) } }
          : {}),
        ...(placement.database === 'secondary'
          ? { globalDatabase: { role: 'secondary', identifierPrefix: prefix, writeForwarding: placement.writeForwarding } }
          : {}),
      });
    }
    this.databases = databases;

    // Alarms at the blueprint's utilization threshold; one composite per module pages once per incident.
    const databaseKeys = Object.entries(databases).flatMap(([group, db]) =>
      Object.entries(db.clusterIdentifiers).map(([shard, identifier]) => ({
        group,
        shard: Number(shard),
        key: `${group}-shard-${String(shard).padStart(2, '0')}`,
        identifier,
      })),
    );
    const monitoring = new Monitoring(this, 'monitoring', {
      ...site,
      utilizationThresholdPercent: Math.round(plan.targetUtilization * 100),
      latencyTargetMs: props.serviceLevels.latencyP95Ms,
      // The error budget: a module whose 5xx share exceeds 1 - availability is spending more than the target allows.
      serverErrorRateThresholdPercent: errorBudgetPercent(props.serviceLevels.availability),
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      // A module on the shared fleet is watched on the shared group (its CPU is the members' CPU) and its own target group.
      modules: Object.fromEntries(
        servedModules.map((module) => [
          module,
          { autoscalingGroupName: fleets[fleetPlans[module]!.hostedBy ?? module]!.autoscalingGroupName, targetGroupArnSuffix: loadBalancer.targetGroups[module]!.arnSuffix },
        ]),
      ),
      // A fleet serving several modules has its CPU watched once, paging once for all of them.
      ...(sharedFleets.length > 0
        ? { fleets: Object.fromEntries(sharedFleets.map(([fleet, f]) => [fleet, { autoscalingGroupName: fleets[fleet]!.autoscalingGroupName, modules: f.modules }])) }
        : {}),
      // Singletons run only in the primary; elsewhere they wait at zero instances, so an in-service alarm would never clear.
      ...(role.primary
        ? {
            singletons: Object.fromEntries(
              Object.entries(fleetPlans).flatMap(([module, fleet]) =>
                ownGroupParts(fleet).map((part) => [fleetName(module, part), { autoscalingGroupName: fleets[fleetName(module, part)]!.autoscalingGroupName, module }]),
              ),
            ),
            // Production's warm spares: the pool each singleton's next replacement starts from.
            ...(singletonReplacement(plan.tier, role) === 'warm-spare'
              ? {
                  warmSpares: Object.fromEntries(
                    Object.entries(fleetPlans).flatMap(([module, fleet]) =>
                      singletonGroups(module, fleet).map((key) => [
                        key,
                        { autoscalingGroupName: fleets[key]!.autoscalingGroupName, module, alarmAfterMinutes: spareAlarmMinutes(resolveApplication(blueprint, module).startupSeconds) },
                      ]),
                    ),
                  ),
                }
              : {}),
            // Parts under a lease: the holder's heartbeat (docs/application-contract.md), watched where the lease is held.
            ...(blueprint.application.singletonLease && Object.values(fleetPlans).some((f) => f.singletonPlacement === 'lease')
              ? {
                  singletonLeases: Object.fromEntries(
                    Object.entries(fleetPlans)
                      .filter(([, fleet]) => fleet.singletonPlacement === 'lease')
                      .flatMap(([module, fleet]) =>
                        fleet.singletons.map((part) => [
                          fleetName(module, part),
                          {
                            module,
                            namespace: singletonLeaseNamespace(props.environment),
                            metricName: SINGLETON_LEASE_METRIC.metricName,
                            dimensions: { [SINGLETON_LEASE_METRIC.dimension]: fleetName(module, part) },
                            alarmAfterMinutes: leaseAlarmMinutes(blueprint.application.singletonLease!.leaseSeconds),
                          },
                        ]),
                      ),
                  ),
                }
              : {}),
          }
        : {}),
      // Grouped: a group's shards roll up through composites of composites, so hundreds of shards stay within CloudWatch's limits.
      // The connections alarm fires at the target share of the class's own max_connections (the plan's, from AWS's defaults).
      databases: Object.fromEntries(
        databaseKeys.map((db) => {
          const maxConnections = placementOf[db.group]!.plan.connections.maxConnections;
          return [db.key, { clusterIdentifier: db.identifier, group: { name: db.group, shard: db.shard }, ...(maxConnections > 0 ? { maxConnections } : {}) }];
        }),
      ),
      databaseModules: Object.fromEntries(databaseKeys.map((db) => [db.key, placementOf[db.group]!.plan.modules])),
    });
    this.monitoring = monitoring;

    // Shared services after the fleets (only theirs may connect) and the alarm topic (their composites page there).
    if (plan.sharedServices) {
      const services = buildSharedServices(this, {
        environment: props.environment,
        region: props.region,
        accountId: props.accountId,
        regions: props.regions ?? [props.region, ...props.otherRegions],
        role,
        plan: plan.sharedServices,
        targetUtilization: plan.targetUtilization,
        vpcId: this.network.vpcId,
        isolatedSubnetIds: this.network.isolatedSubnetIdsByAz,
        fleetSecurityGroupIds: Object.fromEntries(Object.entries(fleets).map(([fleet, f]) => [fleet, f.securityGroupId])),
        fleetModules: modulesByFleet(fleetPlans),
        alarmTopicArn: monitoring.topicArn,
        backupPlanTag: backupTag,
        dataClassification,
        ...(props.residency ? { residencyZone: props.residency.zone } : {}),
      });
      this.cache = services.cache;
      this.search = services.search;
      this.sharedFileSystem = services.sharedFileSystem;
      grantSharedServices(fleetPlans, fleets, plan.sharedServices, services);
    }
    // After the shared services: the configuration carries their endpoints.
    this.runtimeConfigs = this.publishRuntimeConfigs(name, blueprint, plan, databases, applicationKey.keyArn);

    // Drills where traffic is served: stop a share of each fleet, or cut one AZ off; stopped by the module alarms.
    if (role.serving) {
      const firstAz = regionSpec.availabilityZones[0]!;
      new FaultInjection(this, 'drills', {
        ...site,
        dataClassification,
        // A singleton module's one instance is not drilled: stopping it is an outage of its routes, not a test of scaling.
        fleets: Object.fromEntries(
          Object.entries(fleetPlans)
            .filter(([, fleet]) => !fleet.singleton && fleet.hostedBy === undefined)
            .map(([fleet]) => [fleet, { autoscalingGroupName: fleets[fleet]!.autoscalingGroupName }]),
        ),
        // FIS takes at most five stop conditions: the load balancer's and the four busiest modules'.
        stopConditionAlarmArns: [
          monitoring.loadBalancerCompositeAlarmArn,
          ...servedModules
            .slice()
            .sort((a, b) => (blueprint.modules[b]?.trafficShare ?? 0) - (blueprint.modules[a]?.trafficShare ?? 0) || byCodeUnit(a, b))
            .slice(0, 4)
            .map((module) => monitoring.compositeAlarmArns[module]!),
        ],
        azOutage: {
          availabilityZone: `${props.region}${firstAz}`,
          subnetIds: [this.network.privateSubnetIds[0]!],
        },
      });
    }

    new TerraformOutput(this, 'load_balancer_dns_name', { value: loadBalancer.dnsName, description: 'DNS name of the load balancer.' });
  }

  /**
   * Each module's runtime configuration under its own SSM path: its database group's endpoints per shard and
   * slot map, its attachment bucket and prefix, the ARN of its own database secret (never a value) and, where it
   * uses shared services in this region, how it reaches them (`services`).
   */
  /**
   * The fleets: each module's own (or the shared fleet that serves several) behind its target groups, and each
   * singleton part's one-instance group, with the EBS and application keys they use.
   */
  private buildFleets(
    props: RegionalStackProps,
    context: {
      readonly name: string;
      readonly site: { readonly name: string; readonly accountId: string; readonly region: string };
      readonly fleetPlans: Readonly<Record<string, FleetPlan>>;
      readonly loadBalancer: LoadBalancer;
      readonly applications: Readonly<Record<string, ReturnType<typeof resolveApplication>>>;
    },
  ): { fleets: Record<string, ServiceFleet>; applicationKey: ApplicationKey } {
    const { name, site, fleetPlans, loadBalancer, applications } = context;
    const { plan, blueprint, role } = props;
    const ebsKey = new EbsKey(this, 'ebs', site);
    const applicationKey = new ApplicationKey(this, 'app', site);
    const fleets: Record<string, ServiceFleet> = {};
    const common = {
      name,
      accountId: props.accountId,
      region: props.region,
      vpcId: this.network.vpcId,
      vpcCidrBlock: this.network.vpcCidrBlock,
      privateSubnetIds: this.network.privateSubnetIds,
      loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
      ebsKmsKeyArn: ebsKey.keyArn,
      logsKmsKeyArn: applicationKey.keyArn,
      // The provider's default_tags reach neither autoscaling groups nor the instances and volumes
      // they launch, so the tagging policy is passed explicitly.
      tags: this.tags,
    };
    // What a fleet runs and may read: the module's image, user data, configuration path, own secret and
    // attachment prefix; a shared fleet gets those of every module it serves (and runs their one application).
    const application = (
      fleet: string,
      role: string,
      served: readonly string[],
      leased?: LeasedParts,
    ): Omit<ServiceFleetProps, keyof typeof common | 'module' | 'targetGroupArns' | 'instanceType' | 'minSize' | 'maxSize' | 'desiredCapacity'> => {
      const app = applications[served[0]!]!;
      const template = props.userData.get(app.userData);
      if (template === undefined) throw new Error(`internal: user data ${app.userData} of fleet ${fleet} was not loaded`);
      const groups = [...new Set(served.map((m) => blueprint.modules[m]!.databaseGroup))];
      // One port per engine of the groups it reaches (a shared fleet may reach PostgreSQL and MySQL groups).
      const ports = [...new Set(groups.map((g) => engineProfile(plan.databases[g]!.engine).defaultPort))];
      const paths = served.map((m) => configParameterPath(props.environment, props.region, m));
      const prefixes = served.map((m) => `${m}/`);
      return {
        image: fleetImage(app.image),
        userData: renderUserData(template, userDataValues(props.environment, props.region, fleet, role, app.port, role === SERVER_ROLE ? served : [fleet], leased)),
        // A fleet running singleton parts under a lease publishes their heartbeat, to the environment's namespace only.
        ...(leased ? { metricsNamespace: singletonLeaseNamespace(props.environment) } : {}),
        appPort: app.port,
        databasePort: ports.length === 1 ? ports[0]! : ports,
        startupSeconds: app.startupSeconds,
        healthCheckGracePeriodSeconds: Math.max(...served.map((m) => applications[m]!.healthCheckGraceSeconds)),
        configParameterPath: paths.length === 1 ? paths[0]! : paths,
        logGroupName: applicationLogGroupName(props.environment, props.region, fleetName(fleet, role)),
        secrets: { secretArns: served.map((m) => moduleSecretArnPattern(props.accountId, props.region, name, m, DATABASE_SECRET)), kmsKeyArn: applicationKey.keyArn },
        attachments: {
          bucketArn: s3BucketArn(attachmentBucketName(name, props.accountId), props.region),
          prefix: prefixes.length === 1 ? prefixes[0]! : prefixes,
          kmsKeyArn: this.attachments.kmsKeyArn,
        },
      };
    };
    for (const [module, fleet] of Object.entries(fleetPlans)) {
      // A module on the shared fleet has no group of its own: the shared fleet registers with its target group.
      if (fleet.hostedBy === undefined) {
        const sizes = fleetSizes(fleet, role.fleets);
        const targetGroups = fleet.modules.map((m) => loadBalancer.targetGroups[m]!);
        const shared = fleet.modules.length > 1;
        // Singleton parts under a lease run on every instance of the fleet that serves their module (in every region,
        // so the launch template is the same after a failover; only a writable database grants the lease).
        const leased = fleet.leaseParts !== undefined && blueprint.application.singletonLease ? { parts: fleet.leaseParts, leaseSeconds: blueprint.application.singletonLease.leaseSeconds } : undefined;
        fleets[module] = new ServiceFleet(this, `fleet-${module}`, {
          ...common,
          ...application(module, SERVER_ROLE, fleet.modules, leased),
          module,
          targetGroupArns: targetGroups.map((tg) => tg.arn),
          instanceType: fleet.instanceType,
          ...(fleet.singleton
            ? // A singleton module (e.g. a websocket server that must run once) serves its routes from one instance in the
              // primary; elsewhere its group waits at zero, in its target group, until a failover starts it.
              { ...sizes, minSize: 1, maxSize: 1, desiredCapacity: 1, singleton: true, standbySingleton: !role.primary, replacement: singletonReplacement(plan.tier, role) }
            : {
                ...sizes,
                cpuTargetPercent: Math.round(fleet.scalingTargetUtilization * 1000) / 10,
                // A fleet serving several modules tracks the sum of their requests per target (it is in each group).
                requestCountScaling: {
                  loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
                  targetGroupArnSuffix: shared ? targetGroups.map((tg) => tg.arnSuffix) : targetGroups[0]!.arnSuffix,
                  targetRequestsPerSecondPerInstance: fleet.targetRequestsPerSecondPerInstance,
                },
                // Standby fleets keep their floor around the clock: they must take over at any hour.
                ...(role.fleets === 'full' ? { businessHours: { ...fleet.schedule, businessHoursMinSize: fleet.desiredSize } } : {}),
                predictiveScaling: plan.tier === 'production' && role.fleets === 'full',
                warmPool: fleet.modules.some((m) => blueprint.modules[m]!.slowToJoin) && role.fleets !== 'paused',
              }),
        });
      }
      // Singleton parts (schedulers, timers) in groups of their own run once across all regions: in the primary.
      for (const part of ownGroupParts(fleet)) {
        fleets[fleetName(module, part)] = new ServiceFleet(this, `fleet-${module}-${part}`, {
          ...common,
          ...application(module, part, [module]),
          module: fleetName(module, part),
          targetGroupArns: [],
          instanceType: fleet.instanceType,
          minSize: 1,
          maxSize: 1,
          desiredCapacity: 1,
          singleton: true,
          standbySingleton: !role.primary,
          replacement: singletonReplacement(plan.tier, role),
        });
      }
    }
    return { fleets, applicationKey };
  }

  private publishRuntimeConfigs(
    name: string,
    blueprint: Blueprint,
    plan: CapacityPlan,
    databases: Readonly<Record<string, ShardedDatabase>>,
    secretsKmsKeyArn: string,
  ): Record<string, RuntimeConfig> {
    const configs: Record<string, RuntimeConfig> = {};
    // A shard in the shared cluster names it and the group's own database there.
    const shardsOf = (db: ShardedDatabase) =>
      db.slotMap.map((range) => ({
        shard: range.shard,
        firstSlot: range.firstSlot,
        lastSlot: range.lastSlot,
        writerEndpoint: db.writerEndpoints[range.shard],
        readerEndpoint: db.readerEndpoints[range.shard],
        ...(range.shard === 1 && plan.databases[db.group]?.firstShardIn !== undefined ? { cluster: plan.databases[db.group]!.firstShardIn, database: db.group } : {}),
      }));
    // An unsharded member of the shared cluster has no construct of its own: its one shard is the shared cluster's.
    const shardsOfHosted = (group: string, host: ShardedDatabase) =>
      plan.databases[group]!.slotMap.map((range) => ({
        shard: range.shard,
        firstSlot: range.firstSlot,
        lastSlot: range.lastSlot,
        writerEndpoint: host.writerEndpoints[1],
        readerEndpoint: host.readerEndpoints[1],
        cluster: host.group,
        database: group,
      }));
    for (const [module, spec] of Object.entries(blueprint.modules)) {
      const group = spec.databaseGroup;
      const sharding = plan.databases[group]!.sharding;
      const partitions = Object.values(plan.residency?.partitions ?? {}).filter((p) => p.group === group);
      let database: object;
      if (partitions.length > 0) {
        // Partitioned by location: this zone's partitions, each with its own slot map; the partition key is the
        // requester's location, and a location homed elsewhere is served by its home region (homeRegions).
        const local = partitions.filter((p) => databases[p.name] !== undefined);
        const first = databases[local[0]?.name ?? ''];
        if (!first) throw new Error(`internal: module ${module} uses database group ${group}, of which ${this.region} holds no partition`);
        database = {
          group,
          engine: first.engine,
          sharding,
          port: first.port,
          partitionBy: 'location',
          partitions: Object.fromEntries(
            local.map((p) => {
              const db = databases[p.name]!;
              return [p.location, { shards: shardsOf(db), ...(sharding === 'slots' ? { slotMapParameter: db.slotMapParameterName } : {}) }];
            }),
          ),
          homeRegions: this.homeRegions,
        };
      } else {
        const db = databases[group];
        const hostName = plan.databases[group]!.firstShardIn;
        const host = hostName === undefined ? undefined : databases[hostName];
        const source = db ?? host;
        if (!source) throw new Error(`internal: module ${module} uses database group ${group}, which the plan does not have`);
        database = {
          group,
          engine: source.engine,
          sharding,
          port: source.port,
          shards: db ? shardsOf(db) : shardsOfHosted(group, host!),
          ...(sharding === 'slots' && db ? { slotMapParameter: db.slotMapParameterName } : {}),
        };
      }
      const attachments = { bucket: attachmentBucketName(name, this.accountId), prefix: `${module}/`, region: this.region };
      const services = plan.sharedServices ? moduleConnections(module, plan.sharedServices, this) : undefined;
      const config = new RuntimeConfig(this, `config-${module}`, {
        name,
        module,
        accountId: this.accountId,
        region: this.region,
        path: configParameterPath(this.environment, this.region, module),
        secrets: { [DATABASE_SECRET]: `credentials of the ${module} module's own user of database group ${group}` },
        secretsKmsKeyArn,
        parameters: {
          database: JSON.stringify(database),
          attachments: JSON.stringify(attachments),
          ...(services ? { [SERVICES_PARAMETER]: JSON.stringify(services) } : {}),
        },
        tags: this.tags,
      });
      configs[module] = config;
    }
    return configs;
  }
}

/** The construct's form of a blueprint image (the schema guarantees exactly one source). */
function fleetImage(image: MachineImage): FleetImage {
  const { architecture } = image;
  if (image.amiId !== undefined) return { amiId: image.amiId, architecture };
  if (image.ssmParameter !== undefined) return { ssmParameterName: image.ssmParameter, architecture };
  return { nameFilter: image.nameFilter!, owners: image.owners!, architecture };
}

/** The load balancer's stickiness settings for a module's contract. */
function stickinessOf(stickiness: { type: string; cookieName?: string | undefined; durationSeconds: number }): {
  stickySessions: boolean;
  stickinessCookieName?: string;
  stickinessDurationSeconds: number;
} {
  return {
    stickySessions: stickiness.type !== 'none',
    ...(stickiness.type === 'app_cookie' && stickiness.cookieName !== undefined ? { stickinessCookieName: stickiness.cookieName } : {}),
    stickinessDurationSeconds: stickiness.durationSeconds,
  };
}

/** Fleet sizes for how the region runs: the plan's, a floor of one, or zero with room to scale. */
/** The modules each autoscaling group works for: a module's own, the shared fleet's members, a singleton part's module. */
function modulesByFleet(fleetPlans: Readonly<Record<string, FleetPlan>>): Record<string, readonly string[]> {
  const modules: Record<string, readonly string[]> = {};
  for (const [name, fleet] of Object.entries(fleetPlans)) {
    if (fleet.hostedBy === undefined) modules[name] = fleet.modules;
    for (const part of ownGroupParts(fleet)) modules[fleetName(name, part)] = [name];
  }
  return modules;
}

function fleetSizes(fleet: FleetPlan, mode: RegionRole['fleets']): { minSize: number; maxSize: number; desiredCapacity: number } {
  switch (mode) {
    case 'reduced':
      return { minSize: 1, maxSize: fleet.maxSize, desiredCapacity: 1 };
    case 'paused':
      return { minSize: 0, maxSize: fleet.maxSize, desiredCapacity: 0 };
    default:
      return { minSize: fleet.minSize, maxSize: fleet.maxSize, desiredCapacity: fleet.desiredSize };
  }
}

/** A singleton's replacement where it runs (the primary) is the tier's path; a standby's zero-size group needs none. */
function singletonReplacement(tier: CapacityPlan['tier'], role: RegionRole): 'warm-spare' | 'relaunch' {
  return role.primary ? replacementPath(tier) : 'relaunch';
}

/** 1 - availability, in percent, rounded to 4 decimals: 0.9995 → 0.05. */
function errorBudgetPercent(availability: number): number {
  return Math.round((1 - availability) * 100 * 10_000) / 10_000;
}
