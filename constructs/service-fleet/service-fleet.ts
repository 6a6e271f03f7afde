import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { logicalId, mergeTags, physicalName, pinLogicalId, TAG_KEYS } from '../core';
import { BusinessHours, isAlwaysOn, scheduleProblems, scheduleRecurrences } from './schedule';

/** Scaling on the load balancer's requests per target. */
export interface RequestCountScaling {
  /** `app/<name>/<id>` part of the ALB ARN. */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` part of the target group ARN. */
  readonly targetGroupArnSuffix: string;
  /** Requests per second one instance should carry; target tracking keeps the fleet there. */
  readonly targetRequestsPerSecondPerInstance: number;
}

export interface ServiceFleetProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  /** The ITSM module the fleet serves, e.g. `incident`; tags and names carry it. */
  readonly module: string;
  /** VPC of the fleet. */
  readonly vpcId: string;
  /** VPC CIDR; egress to the databases and VPC endpoints is limited to it. */
  readonly vpcCidrBlock: string;
  /** Private subnets, one per AZ; instances never get public addresses. */
  readonly privateSubnetIds: string[];
  /** Security group of the load balancer: the only source admitted on the app port. */
  readonly loadBalancerSecurityGroupId: string;
  /** Target groups instances register with. */
  readonly targetGroupArns: string[];
  /** EC2 instance type, e.g. `m7i.large`. */
  readonly instanceType: string;
  /** Smallest fleet (off-hours floor). */
  readonly minSize: number;
  /** Largest fleet (the horizon's peak with N+1). */
  readonly maxSize: number;
  /** Fleet size when first created; later deploys never reset it (desired capacity is ignored on change). */
  readonly desiredCapacity: number;
  /** KMS key for the EBS volumes. */
  readonly ebsKmsKeyArn: string;
  /**
   * A part that must run exactly once (a scheduler): one instance, no scaling policies, no schedule.
   * @default false
   */
  readonly singleton?: boolean;
  /**
   * A standby singleton (pilot light, warm standby, or a second active region): the group exists
   * with room for its one instance but runs none, so the part still runs exactly once across
   * regions; an operator starts it during failover. Only with `singleton`.
   * @default false
   */
  readonly standbySingleton?: boolean;
  /** Port the application listens on. @default 8080 */
  readonly appPort?: number;
  /** Database port the fleet may reach inside the VPC. @default 5432 */
  readonly databasePort?: number;
  /**
   * AMI, or an SSM parameter as `resolve:ssm:<name>`.
   * @default 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'
   */
  readonly imageId?: string;
  /** Root volume size. @default 30 */
  readonly rootVolumeSizeGb?: number;
  /** Seconds after launch before health checks count. @default 300 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Share of the fleet kept healthy during an instance refresh. @default 90 */
  readonly instanceRefreshMinHealthyPercentage?: number;
  /** Target tracking on requests per target. @default - no request-count policy */
  readonly requestCountScaling?: RequestCountScaling;
  /** Target tracking on average CPU, in percent. @default 80 (the blueprint's target utilization) */
  readonly cpuTargetPercent?: number;
  /** Business hours: the floor rises to `businessHoursMinSize` while they last. @default - no schedule */
  readonly businessHours?: BusinessHours & { readonly businessHoursMinSize: number };
  /** Predictive scaling (forecast and scale) on CPU. @default false */
  readonly predictiveScaling?: boolean;
  /** Keep stopped, pre-initialised instances for modules slow to join. @default false */
  readonly warmPool?: boolean;
  /** Extra managed policy ARNs the module needs besides SSM core. @default - none */
  readonly managedPolicyArns?: string[];
  /** Tags for every resource; also propagated to instances. @default - none */
  readonly tags?: Record<string, string>;
}

const SSM_CORE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const DEFAULT_IMAGE = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

/**
 * One ITSM module's fleet: an autoscaling group across the private subnets of all AZs behind the
 * load balancer, hardened launch template, least-privilege instance role, target tracking,
 * business-hours schedule and optionally predictive scaling and a warm pool.
 */
export class ServiceFleet extends Construct {
  public readonly autoscalingGroupName: string;
  public readonly autoscalingGroupArn: string;
  public readonly securityGroupId: string;
  public readonly roleName: string;
  public readonly module: string;

  constructor(scope: Construct, id: string, props: ServiceFleetProps) {
    super(scope, id);
    this.module = props.module;
    this.validate(props);

    const prefix = logicalId(id);
    const baseName = physicalName(props.name, props.module);
    const tags = mergeTags(props.tags, { [TAG_KEYS.module]: props.module });
    const named = (suffix: string) => mergeTags(tags, { Name: physicalName(baseName, suffix) });
    const appPort = props.appPort ?? 8080;
    const singleton = props.singleton ?? false;

    const securityGroup = pinLogicalId(
      new SecurityGroup(this, 'SecurityGroup', {
        name: physicalName(baseName, 'fleet'),
        description: `Instances of ${props.module}: app port from the load balancer only`,
        vpcId: props.vpcId,
        tags: named('fleet'),
        lifecycle: { createBeforeDestroy: true },
      }),
      prefix,
    );
    this.securityGroupId = securityGroup.id;
    pinLogicalId(
      new VpcSecurityGroupIngressRule(this, 'FromLoadBalancer', {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: props.loadBalancerSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: appPort,
        toPort: appPort,
        description: `App port ${appPort} from the load balancer`,
        tags,
      }),
      prefix,
      'from_load_balancer',
    );
    pinLogicalId(
      new VpcSecurityGroupEgressRule(this, 'HttpsOut', {
        securityGroupId: securityGroup.id,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'HTTPS to AWS APIs (SSM, CloudWatch) and package mirrors via NAT',
        tags,
      }),
      prefix,
      'https_out',
    );
    const databasePort = props.databasePort ?? 5432;
    pinLogicalId(
      new VpcSecurityGroupEgressRule(this, 'DatabaseOut', {
        securityGroupId: securityGroup.id,
        cidrIpv4: props.vpcCidrBlock,
        ipProtocol: 'tcp',
        fromPort: databasePort,
        toPort: databasePort,
        description: `PostgreSQL ${databasePort} to the databases inside the VPC`,
        tags,
      }),
      prefix,
      'database_out',
    );

    const role = pinLogicalId(
      new IamRole(this, 'Role', {
        name: physicalName(baseName, 'instance'),
        description: `Instances of ${props.module}`,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
        tags,
      }),
      prefix,
    );
    this.roleName = role.name;
    for (const [index, arn] of [SSM_CORE_POLICY, ...(props.managedPolicyArns ?? [])].entries()) {
      const policyName = arn.split('/').pop() ?? `policy_${index}`;
      pinLogicalId(new IamRolePolicyAttachment(this, `Policy${policyName}`, { role: role.name, policyArn: arn }), prefix, policyName);
    }
    const profile = pinLogicalId(
      new IamInstanceProfile(this, 'InstanceProfile', { name: physicalName(baseName, 'instance'), role: role.name, tags }),
      prefix,
    );

    const launchTemplate = pinLogicalId(
      new LaunchTemplate(this, 'LaunchTemplate', {
        name: physicalName(baseName),
        description: `${props.module} instances`,
        imageId: props.imageId ?? DEFAULT_IMAGE,
        instanceType: props.instanceType,
        updateDefaultVersion: true,
        iamInstanceProfile: { arn: profile.arn },
        // IMDSv2 only, and not reachable from containers on the instance.
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'enabled' },
        monitoring: { enabled: true },
        networkInterfaces: [{ associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: [securityGroup.id] }],
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: {
              encrypted: 'true',
              kmsKeyId: props.ebsKmsKeyArn,
              volumeSize: props.rootVolumeSizeGb ?? 30,
              volumeType: 'gp3',
              deleteOnTermination: 'true',
            },
          },
        ],
        tagSpecifications: [
          { resourceType: 'instance', tags: named('instance') },
          { resourceType: 'volume', tags: named('volume') },
        ],
        tags,
      }),
      prefix,
    );

    const standby = props.standbySingleton ?? false;
    const size = singleton ? { minSize: standby ? 0 : 1, maxSize: 1, desiredCapacity: standby ? 0 : 1 } : props;
    const group = pinLogicalId(
      new AutoscalingGroup(this, 'Group', {
        name: baseName,
        minSize: size.minSize,
        maxSize: size.maxSize,
        desiredCapacity: size.desiredCapacity,
        vpcZoneIdentifier: props.privateSubnetIds,
        targetGroupArns: props.targetGroupArns,
        healthCheckType: props.targetGroupArns.length > 0 ? 'ELB' : 'EC2',
        healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 300,
        defaultInstanceWarmup: 300,
        capacityRebalance: true,
        metricsGranularity: '1Minute',
        enabledMetrics: ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMaxSize', 'GroupMinSize', 'GroupPendingInstances', 'GroupTerminatingInstances', 'GroupTotalInstances'],
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
        instanceRefresh: {
          strategy: 'Rolling',
          preferences: { minHealthyPercentage: singleton ? 0 : (props.instanceRefreshMinHealthyPercentage ?? 90) },
        },
        ...(props.warmPool && !singleton ? { warmPool: { poolState: 'Stopped', minSize: Math.max(1, Math.ceil(size.minSize / 2)), instanceReusePolicy: { reuseOnScaleIn: true } } } : {}),
        tag: Object.entries(named('instance')).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
        // Scaling policies own desired capacity after creation: a deploy must never reset it.
        lifecycle: { ignoreChanges: ['desired_capacity'] },
      }),
      prefix,
    );
    this.autoscalingGroupName = group.name;
    this.autoscalingGroupArn = group.arn;

    if (singleton) return;

    pinLogicalId(
      new AutoscalingPolicy(this, 'CpuTracking', {
        name: physicalName(baseName, 'cpu-target'),
        autoscalingGroupName: group.name,
        policyType: 'TargetTrackingScaling',
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
          targetValue: props.cpuTargetPercent ?? 80,
        },
      }),
      prefix,
      'cpu',
    );
    if (props.requestCountScaling) {
      const rc = props.requestCountScaling;
      pinLogicalId(
        new AutoscalingPolicy(this, 'RequestTracking', {
          name: physicalName(baseName, 'requests-target'),
          autoscalingGroupName: group.name,
          policyType: 'TargetTrackingScaling',
          targetTrackingConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: 'ALBRequestCountPerTarget',
              resourceLabel: `${rc.loadBalancerArnSuffix}/${rc.targetGroupArnSuffix}`,
            },
            // The metric is a per-minute sum per target.
            targetValue: Math.round(rc.targetRequestsPerSecondPerInstance * 60),
          },
        }),
        prefix,
        'requests',
      );
    }
    if (props.predictiveScaling) {
      pinLogicalId(
        new AutoscalingPolicy(this, 'Predictive', {
          name: physicalName(baseName, 'predictive'),
          autoscalingGroupName: group.name,
          policyType: 'PredictiveScaling',
          predictiveScalingConfiguration: {
            mode: 'ForecastAndScale',
            schedulingBufferTime: '600',
            maxCapacityBreachBehavior: 'HonorMaxCapacity',
            metricSpecification: {
              targetValue: props.cpuTargetPercent ?? 80,
              predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
            },
          },
        }),
        prefix,
        'predictive',
      );
    }
    if (props.businessHours && !isAlwaysOn(props.businessHours)) {
      const recurrences = scheduleRecurrences(props.businessHours);
      pinLogicalId(
        new AutoscalingSchedule(this, 'BusinessHoursStart', {
          scheduledActionName: physicalName(baseName, 'business-hours-start'),
          autoscalingGroupName: group.name,
          recurrence: recurrences.start,
          timeZone: props.businessHours.timeZone,
          minSize: props.businessHours.businessHoursMinSize,
          maxSize: props.maxSize,
          desiredCapacity: props.businessHours.businessHoursMinSize,
        }),
        prefix,
        'business_hours_start',
      );
      pinLogicalId(
        new AutoscalingSchedule(this, 'BusinessHoursEnd', {
          scheduledActionName: physicalName(baseName, 'business-hours-end'),
          autoscalingGroupName: group.name,
          recurrence: recurrences.end,
          timeZone: props.businessHours.timeZone,
          minSize: props.minSize,
          maxSize: props.maxSize,
        }),
        prefix,
        'business_hours_end',
      );
    }
  }

  private validate(props: ServiceFleetProps): void {
    const where = `ServiceFleet ${this.node.path}`;
    const problems: string[] = [];
    const known = (value: unknown) => !Token.isUnresolved(value);
    if (props.standbySingleton && !props.singleton) problems.push('standbySingleton applies only to a singleton; set singleton: true or remove standbySingleton');
    if (props.singleton) {
      const scaling = [
        props.requestCountScaling && 'requestCountScaling',
        props.predictiveScaling && 'predictiveScaling',
        props.businessHours && 'businessHours',
        props.warmPool && 'warmPool',
      ].filter(Boolean);
      if (scaling.length > 0) problems.push(`a singleton runs exactly one instance and cannot scale; remove ${scaling.join(', ')} or set singleton: false`);
    } else {
      for (const [field, value] of [['minSize', props.minSize], ['maxSize', props.maxSize], ['desiredCapacity', props.desiredCapacity]] as const) {
        if (known(value) && (!Number.isInteger(value) || value < 0)) problems.push(`${field} must be a whole number >= 0; got ${value}`);
      }
      if (known(props.minSize) && known(props.maxSize) && props.minSize > props.maxSize) {
        problems.push(`minSize ${props.minSize} is greater than maxSize ${props.maxSize}; raise maxSize or lower minSize`);
      }
      if (props.maxSize < 1) problems.push(`maxSize must be at least 1; got ${props.maxSize}`);
      if (props.desiredCapacity < props.minSize || props.desiredCapacity > props.maxSize) {
        problems.push(`desiredCapacity ${props.desiredCapacity} must lie between minSize ${props.minSize} and maxSize ${props.maxSize}`);
      }
      if (props.businessHours) {
        problems.push(...scheduleProblems(props.businessHours));
        const floor = props.businessHours.businessHoursMinSize;
        if (floor < props.minSize || floor > props.maxSize) {
          problems.push(`businessHours.businessHoursMinSize ${floor} must lie between minSize ${props.minSize} and maxSize ${props.maxSize}`);
        }
      }
      const cpu = props.cpuTargetPercent;
      if (cpu !== undefined && (cpu <= 0 || cpu > 100)) problems.push(`cpuTargetPercent must be in (0, 100]; got ${cpu}`);
      if (props.requestCountScaling && !(props.requestCountScaling.targetRequestsPerSecondPerInstance > 0)) {
        problems.push(`requestCountScaling.targetRequestsPerSecondPerInstance must be > 0; got ${props.requestCountScaling.targetRequestsPerSecondPerInstance}`);
      }
    }
    if (known(props.privateSubnetIds) && props.privateSubnetIds.length < 1) {
      problems.push('privateSubnetIds is empty; pass the private subnets of every AZ');
    }
    if (known(props.instanceType) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.instanceType)) {
      problems.push(`instanceType "${props.instanceType}" is not an EC2 instance type (e.g. "m7i.large")`);
    }
    if (!/^[a-z][a-z0-9-]*$/.test(props.module)) problems.push(`module "${props.module}" must be lower-case kebab-case`);
    const refresh = props.instanceRefreshMinHealthyPercentage;
    if (refresh !== undefined && (refresh < 0 || refresh > 100)) problems.push(`instanceRefreshMinHealthyPercentage must be 0-100; got ${refresh}`);
    if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
  }
}
