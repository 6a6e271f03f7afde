import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan } from '../capacity/types';
import { AttachmentStore, attachmentBucketName, attachmentKeyAliasArn, s3BucketArn } from '../constructs/attachment-store';
import { BackupVault, backupPlanName, backupVaultArn } from '../constructs/backup-vault';
import { physicalName } from '../constructs/core';
import { EbsKey } from '../constructs/ebs-key';
import { LoadBalancer } from '../constructs/load-balancer';
import { Monitoring } from '../constructs/monitoring';
import { Network } from '../constructs/network';
import { ServiceFleet } from '../constructs/service-fleet';
import { ShardedDatabase } from '../constructs/sharded-database';
import { Blueprint, RegionSpec } from '../model/schema';
import { EnvironmentStack, EnvironmentStackProps } from './environment-stack';

export interface RegionalStackProps extends EnvironmentStackProps {
  /** The region's spec from the environment. */
  readonly regionSpec: RegionSpec;
  /** Whether this is the environment's primary region (it holds the writers and serves traffic). */
  readonly primary: boolean;
  /** The environment's other regions: backups are copied and attachments replicated to the first of them. */
  readonly otherRegions: readonly string[];
  /** NAT layout from the environment. */
  readonly natGateways: 'per-az' | 'single';
  /** ACM certificate for the HTTPS listener in this region. @default - the region serves no traffic */
  readonly certificateArn?: string;
  /** Data classification of the environment (tag on stateful resources). */
  readonly dataClassification: string;
  /** The blueprint (modules, health checks, service levels). */
  readonly blueprint: Blueprint;
  /** The capacity plan the stack provisions. */
  readonly plan: CapacityPlan;
}

/**
 * One region of an environment, with its own state. The primary region runs the whole platform:
 * network, attachment store, backup vault, sharded databases, load balancer and a fleet per module.
 * A secondary region holds what disaster recovery copies into it (network, backup vault, replicated
 * attachments). It never refers to another region's stack: cross-region names are derived.
 */
export class RegionalStack extends EnvironmentStack {
  public readonly network: Network;
  public readonly backupVault: BackupVault;
  public readonly attachments: AttachmentStore;
  public readonly databases: Readonly<Record<string, ShardedDatabase>> = {};
  public readonly loadBalancer?: LoadBalancer;
  public readonly fleets: Readonly<Record<string, ServiceFleet>> = {};
  public readonly monitoring?: Monitoring;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    const { regionSpec, plan, blueprint } = props;
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
      dataClassification,
      ...(props.primary && offsite
        ? { copyToVaultArn: backupVaultArn(props.accountId, offsite, physicalName(props.environment, offsite, 'vault')) }
        : {}),
    });

    const offsiteName = offsite ? physicalName(props.environment, offsite) : undefined;
    this.attachments = new AttachmentStore(this, 'attachments', {
      ...site,
      retentionYears: plan.attachments.retentionYears,
      dataClassification,
      backupPlanTag: backupTag,
      ...(props.primary && offsite && offsiteName
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
    if (!props.primary) return;

    // The primary region serves: load balancer → a fleet per module → sharded databases.
    if (!props.certificateArn) {
      throw new Error(`${id}: the primary region ${props.region} serves HTTPS and needs a certificate: add dns.certificateArns.${props.region} to the environment`);
    }
    const loadBalancer = new LoadBalancer(this, 'alb', {
      ...site,
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
            stickySessions: spec.stickySessions,
          },
        ]),
      ),
    });
    this.loadBalancer = loadBalancer;

    const ebsKey = new EbsKey(this, 'ebs', site);
    const fleets: Record<string, ServiceFleet> = {};
    const common = {
      name,
      vpcId: this.network.vpcId,
      vpcCidrBlock: this.network.vpcCidrBlock,
      privateSubnetIds: this.network.privateSubnetIds,
      loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
      ebsKmsKeyArn: ebsKey.keyArn,
    };
    for (const [module, fleet] of Object.entries(plan.fleets)) {
      const spec = blueprint.modules[module]!;
      const targetGroup = loadBalancer.targetGroups[module]!;
      fleets[module] = new ServiceFleet(this, `fleet-${module}`, {
        ...common,
        module,
        targetGroupArns: [targetGroup.arn],
        instanceType: fleet.instanceType,
        minSize: fleet.minSize,
        maxSize: fleet.maxSize,
        desiredCapacity: fleet.desiredSize,
        cpuTargetPercent: Math.round(fleet.scalingTargetUtilization * 1000) / 10,
        requestCountScaling: {
          loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
          targetGroupArnSuffix: targetGroup.arnSuffix,
          targetRequestsPerSecondPerInstance: fleet.targetRequestsPerSecondPerInstance,
        },
        businessHours: { ...fleet.schedule, businessHoursMinSize: fleet.desiredSize },
        predictiveScaling: plan.tier === 'production',
        warmPool: spec.slowToJoin,
      });
      // Singleton parts (schedulers, timers) run once each, outside the load balancer.
      for (const part of fleet.singletons) {
        fleets[`${module}-${part}`] = new ServiceFleet(this, `fleet-${module}-${part}`, {
          ...common,
          module: `${module}-${part}`,
          targetGroupArns: [],
          instanceType: fleet.instanceType,
          minSize: 1,
          maxSize: 1,
          desiredCapacity: 1,
          singleton: true,
        });
      }
    }
    this.fleets = fleets;

    const databases: Record<string, ShardedDatabase> = {};
    for (const [group, db] of Object.entries(plan.databases)) {
      const clients = db.modules.flatMap((module) => Object.values(fleets).filter((f) => f.module === module || f.module.startsWith(`${module}-`)));
      databases[group] = new ShardedDatabase(this, `db-${group}`, {
        ...site,
        group,
        shards: db.shards,
        slots: db.slots,
        slotMap: db.slotMap,
        instanceClass: db.instanceClass,
        ...(db.serverless ? { serverless: db.serverless } : {}),
        readersPerShard: db.readersPerShard,
        vpcId: this.network.vpcId,
        isolatedSubnetIds: this.network.isolatedSubnetIds,
        clientSecurityGroupIds: clients.map((f) => f.securityGroupId),
        backupRetentionDays: Math.min(35, plan.backup.shortTermRetentionDays),
        dataClassification,
        backupPlanTag: backupTag,
      });
    }
    this.databases = databases;

    // Alarms at the blueprint's utilization threshold; one composite per module pages once per incident.
    const databaseKeys = Object.entries(databases).flatMap(([group, db]) =>
      Object.entries(db.clusterIdentifiers).map(([shard, identifier]) => ({ group, key: `${group}-shard-${String(shard).padStart(2, '0')}`, identifier })),
    );
    this.monitoring = new Monitoring(this, 'monitoring', {
      ...site,
      utilizationThresholdPercent: Math.round(plan.targetUtilization * 100),
      latencyTargetMs: blueprint.serviceLevels.latencyP95Ms,
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      modules: Object.fromEntries(
        Object.keys(plan.fleets).map((module) => [
          module,
          { autoscalingGroupName: fleets[module]!.autoscalingGroupName, targetGroupArnSuffix: loadBalancer.targetGroups[module]!.arnSuffix },
        ]),
      ),
      databases: Object.fromEntries(databaseKeys.map((db) => [db.key, { clusterIdentifier: db.identifier }])),
      databaseModules: Object.fromEntries(databaseKeys.map((db) => [db.key, plan.databases[db.group]!.modules])),
    });

    new TerraformOutput(this, 'load_balancer_dns_name', { value: loadBalancer.dnsName, description: 'DNS name of the load balancer.' });
  }
}
