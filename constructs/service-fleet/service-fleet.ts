import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingLifecycleHook } from '@cdktf/provider-aws/lib/autoscaling-lifecycle-hook';
import { AutoscalingPolicy, AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetrics } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { accountIdProblem, addressPinner, EncryptedLogGroup, isResolved, logicalId, logRetentionProblem, mergeTags, partitionOf, physicalName, pinLogicalId, policyDocument, TAG_KEYS } from '../core';
import { amazonLinux2023, FleetImage, imageProblems, instanceArchitecture } from './image';
import { AttachmentAccess, instanceRolePolicy, instanceTrustPolicy, SecretAccess } from './policies';
import { BusinessHours, isAlwaysOn, scheduleProblems, scheduleRecurrences } from './schedule';

/** Scaling on the load balancer's requests per target. */
export interface RequestCountScaling {
  /** `app/<name>/<id>` part of the ALB ARN. */
  readonly loadBalancerArnSuffix: string;
  /**
   * `targetgroup/<name>/<id>` part of the target group ARN, or one per target group of a fleet that serves several
   * modules (every instance registered in each): the policy then tracks the sum of their requests per target.
   */
  readonly targetGroupArnSuffix: string | readonly string[];
  /** Requests per second one instance should carry; target tracking keeps the fleet there. */
  readonly targetRequestsPerSecondPerInstance: number;
}

/**
 * How a singleton's one instance comes back after it fails its health check (EC2 Auto Scaling terminates it
 * and launches a replacement in any AZ of the group):
 * - `relaunch`: the replacement is a cold launch (boot, user data, the application's start-up);
 * - `warm-spare`: the group keeps a warm pool of one stopped, pre-initialised instance (user data already run)
 *   that the replacement is started from; a launch lifecycle hook (`LAUNCH_HOOK_NAME`) holds each instance until
 *   its user data reports it ready, so the pool never stops an instance mid-setup.
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html
 */
export type SingletonReplacement = 'warm-spare' | 'relaunch';

/** The replacement paths a singleton may take. */
export const SINGLETON_REPLACEMENTS: readonly SingletonReplacement[] = ['warm-spare', 'relaunch'];

/**
 * Name of the launch lifecycle hook of a warm-spare group: the user data completes it (CONTINUE) when the
 * instance is ready, on the warm pool's first boot and again when the instance is put in service.
 */
export const LAUNCH_HOOK_NAME = 'launch-ready';

/** A warm spare's pool: one stopped instance beside the singleton (at most two prepared: the singleton and its spare). */
export const WARM_SPARE_POOL = { poolState: 'Stopped', minSize: 1, maxGroupPreparedCapacity: 2 } as const;

export interface ServiceFleetProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  /** The fleet's name within the region: the ITSM module, e.g. `incident`, or `<module>-<singleton>`; tags and names carry it. */
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
  /** EC2 instance type, e.g. `m7i.large`; its architecture must match the image's. */
  readonly instanceType: string;
  /** Smallest fleet (off-hours floor). */
  readonly minSize: number;
  /** Largest fleet (the horizon's peak with N+1). */
  readonly maxSize: number;
  /** Fleet size when first created; later deploys never reset it (desired capacity is ignored on change). */
  readonly desiredCapacity: number;
  /** KMS key for the EBS volumes. */
  readonly ebsKmsKeyArn: string;
  /** The 12-digit account id (scopes the instance role's ARNs). */
  readonly accountId: string;
  /** The region of the fleet (scopes the instance role's ARNs). */
  readonly region: string;
  /**
   * SSM path of the fleet's runtime configuration, e.g. `/itsm-scale/prod-us-east-1/config/incident`, or one
   * per module a shared fleet serves; the instance role may read these paths and what lies below them, and
   * nothing else of Parameter Store.
   */
  readonly configParameterPath: string | readonly string[];
  /** KMS key ARN of the fleet's log group (its policy must let `logs.<region>.amazonaws.com` use it). */
  readonly logsKmsKeyArn: string;
  /**
   * The fleet's log group, where the CloudWatch agent of the user data delivers the application's logs.
   * @default `/itsm-scale/<name>/app/<module>`
   */
  readonly logGroupName?: string;
  /** Days the application logs are kept; a value CloudWatch Logs accepts. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * The machine image; its architecture must match `instanceType`'s (Graviton types are arm64). Terraform looks it
   * up through an `aws_ami` data source filtered by that architecture.
   * @default - the public Amazon Linux 2023 SSM parameter for the instance type's architecture
   */
  readonly image?: FleetImage;
  /** Rendered user data (cloud-init or shell), at most 16 KB after base64. @default - none */
  readonly userData?: string;
  /**
   * Seconds from launch until an instance serves: the instance warm-up of scaling and instance refresh, and
   * the default health-check grace period.
   * @default 300
   */
  readonly startupSeconds?: number;
  /** Secrets Manager secrets the fleet reads (its own database credentials). @default - none */
  readonly secrets?: SecretAccess;
  /** The fleet's own prefix of the attachment bucket. @default - no attachment access */
  readonly attachments?: AttachmentAccess;
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
  /**
   * How the singleton's instance is replaced when it fails its health check (see {@link SingletonReplacement}).
   * `warm-spare` adds a warm pool of one stopped instance and a launch lifecycle hook whose heartbeat is
   * `startupSeconds` (30 s at least; the hook continues by itself if the user data never completes it).
   * Only with `singleton`, and not with `standbySingleton` (a group that runs nothing needs no spare).
   * @default 'relaunch'
   */
  readonly replacement?: SingletonReplacement;
  /**
   * A CloudWatch namespace the instances may publish metrics to (`cloudwatch:PutMetricData`, only for this
   * namespace: condition key `cloudwatch:namespace`), e.g. `itsm-scale/prod` for a singleton lease's heartbeat.
   * @default - no metric publishing
   */
  readonly metricsNamespace?: string;
  /** Port the application listens on. @default 8080 */
  readonly appPort?: number;
  /** Database port the fleet may reach inside the VPC, or one per engine a shared fleet's modules use. @default 5432 */
  readonly databasePort?: number | readonly number[];
  /** Root volume size. @default 30 */
  readonly rootVolumeSizeGb?: number;
  /** Seconds after launch before health checks count. @default - `startupSeconds` */
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
  /** Extra managed policy ARNs the module needs; none is attached by default. @default - none */
  readonly managedPolicyArns?: string[];
  /** Tags for every resource; also propagated to instances. @default - none */
  readonly tags?: Record<string, string>;
}

/** Heartbeat of a warm spare's launch hook: the start-up time, within the 30-7200 s Auto Scaling accepts. */
export function launchHookHeartbeatSeconds(startupSeconds: number): number {
  return Math.min(7200, Math.max(30, startupSeconds));
}

/** The launch hook of a warm-spare group: every launch waits for its user data, or continues after the start-up time. */
function launchHookSpec(startupSeconds: number) {
  return { name: LAUNCH_HOOK_NAME, lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', defaultResult: 'CONTINUE', heartbeatTimeout: launchHookHeartbeatSeconds(startupSeconds) };
}

/** EC2 accepts at most 16 KB of user data after base64 encoding. */
export const MAX_USER_DATA_BASE64_BYTES = 16384;

/** The settings every step reads, with defaults applied. */
interface Resolved {
  readonly prefix: string;
  readonly baseName: string;
  readonly tags: Record<string, string>;
  readonly named: (suffix: string) => Record<string, string>;
  readonly appPort: number;
  readonly singleton: boolean;
  readonly startupSeconds: number;
  readonly image: FleetImage;
  readonly logGroupName: string;
  readonly partition: string;
}

/** Name of the instance role's own inline policy (./policies.ts). */
const LEAST_PRIVILEGE_POLICY = 'least-privilege';

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
  /** ARN of the instance role (what the IAM policy simulator and resource policies name). */
  public readonly roleArn: string;
  /** The fleet's log group name. */
  public readonly logGroupName: string;
  public readonly module: string;
  /** How the fleet's singleton instance is replaced (`relaunch` for scaled fleets). */
  public readonly replacement: SingletonReplacement;

  private readonly props: ServiceFleetProps;
  private readonly settings: Resolved;

  constructor(scope: Construct, id: string, props: ServiceFleetProps) {
    super(scope, id);
    this.props = props;
    this.module = props.module;
    this.replacement = props.replacement ?? 'relaunch';
    this.settings = this.resolve(id);
    this.validate();

    const securityGroup = this.createSecurityGroup();
    const role = this.createInstanceRole();
    const profile = pinLogicalId(
      new IamInstanceProfile(this, 'InstanceProfile', { name: physicalName(this.settings.baseName, 'instance'), role: role.name, tags: this.settings.tags }),
      this.settings.prefix,
    );
    this.createLogGroup();
    const launchTemplate = this.createLaunchTemplate(securityGroup, profile, this.lookUpImage());
    const group = this.createGroup(launchTemplate);

    this.securityGroupId = securityGroup.id;
    this.roleName = role.name;
    this.roleArn = role.arn;
    this.logGroupName = this.settings.logGroupName;
    this.autoscalingGroupName = group.name;
    this.autoscalingGroupArn = group.arn;

    if (this.replacement === 'warm-spare') this.addLaunchHook(group);
    if (this.settings.singleton) return;
    this.addTargetTracking(group);
    this.addPredictiveScaling(group);
    this.addBusinessHours(group);
  }

  /**
   * Adds the inline policy `name` to the instance role: access to resources built after the fleet, such as the
   * shared services, which admit the fleet's security group and so come later. Callers grant only what this
   * fleet's module owns (its cache user, its access point); each name once.
   */
  public addRolePolicy(name: string, statements: readonly object[]): void {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(name)) problems.push(`policy name "${name}" must be lower-case kebab-case, at most 64 characters`);
    if (name === LEAST_PRIVILEGE_POLICY) problems.push(`policy name "${name}" is the role's own policy; choose another`);
    if (this.node.tryFindChild(`RolePolicy-${name}`) !== undefined) problems.push(`policy "${name}" is already on the role; add its statements once`);
    if (statements.length === 0) problems.push(`policy "${name}" has no statements`);
    if (problems.length > 0) throw new Error(`ServiceFleet ${this.node.path}: ${problems.join('; ')}`);
    pinLogicalId(
      new IamRolePolicy(this, `RolePolicy-${name}`, { name, role: this.roleName, policy: JSON.stringify(policyDocument([...statements])) }),
      this.settings.prefix,
      name,
    );
  }

  private resolve(id: string): Resolved {
    const props = this.props;
    const baseName = physicalName(props.name, props.module);
    const tags = mergeTags(props.tags, { [TAG_KEYS.module]: props.module });
    const known = !Token.isUnresolved(props.instanceType);
    return {
      prefix: logicalId(id),
      baseName,
      tags,
      named: (suffix: string) => mergeTags(tags, { Name: physicalName(baseName, suffix) }),
      appPort: props.appPort ?? 8080,
      singleton: props.singleton ?? false,
      startupSeconds: props.startupSeconds ?? 300,
      image: props.image ?? amazonLinux2023(known ? instanceArchitecture(props.instanceType) : 'x86_64'),
      logGroupName: props.logGroupName ?? `/itsm-scale/${props.name}/app/${props.module}`,
      partition: Token.isUnresolved(props.region) ? 'aws' : partitionOf(props.region),
    };
  }

  /** Instances admit the app port from the load balancer only; egress is HTTPS and the database port. */
  private createSecurityGroup(): SecurityGroup {
    const { props } = this;
    const { prefix, baseName, tags, named, appPort } = this.settings;
    const securityGroup = pinLogicalId(
      new SecurityGroup(this, 'SecurityGroup', {
        // A prefix, not a name: with create_before_destroy (instances still use the old group, which EC2 will not
        // delete) the new group exists beside the old one in the same VPC, where names are unique.
        namePrefix: `${physicalName(baseName, 'fleet')}-`,
        description: `Instances of ${props.module}: app port from the load balancer only`,
        vpcId: props.vpcId,
        tags: named('fleet'),
        lifecycle: { createBeforeDestroy: true },
      }),
      prefix,
    );
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
    const databasePorts = typeof props.databasePort === 'number' ? [props.databasePort] : [...new Set(props.databasePort ?? [5432])];
    databasePorts.forEach((databasePort, index) => {
      // The first port keeps the address it always had; further engines' ports get their own.
      const suffix = index === 0 ? '' : `_${databasePort}`;
      pinLogicalId(
        new VpcSecurityGroupEgressRule(this, `DatabaseOut${suffix}`, {
          securityGroupId: securityGroup.id,
          cidrIpv4: props.vpcCidrBlock,
          ipProtocol: 'tcp',
          fromPort: databasePort,
          toPort: databasePort,
          description: `Database port ${databasePort} to the databases inside the VPC`,
          tags,
        }),
        prefix,
        `database_out${suffix}`,
      );
    });
    return securityGroup;
  }

  /** The instance role: one inline least-privilege policy (see ./policies.ts), plus any managed policies the caller names. */
  private createInstanceRole(): IamRole {
    const { props } = this;
    const { prefix, baseName, tags, partition, logGroupName } = this.settings;
    const role = pinLogicalId(
      new IamRole(this, 'Role', {
        name: physicalName(baseName, 'instance'),
        description: `Instances of ${props.module}`,
        assumeRolePolicy: JSON.stringify(instanceTrustPolicy()),
        tags,
      }),
      prefix,
    );
    pinLogicalId(
      new IamRolePolicy(this, 'RolePolicy', {
        name: LEAST_PRIVILEGE_POLICY,
        role: role.name,
        policy: JSON.stringify(
          instanceRolePolicy({
            partition,
            accountId: props.accountId,
            region: props.region,
            configParameterPath: props.configParameterPath,
            logGroupName,
            ...(props.secrets ? { secrets: props.secrets } : {}),
            ...(props.attachments ? { attachments: props.attachments } : {}),
            ...((props.replacement ?? 'relaunch') === 'warm-spare' ? { launchHookGroupName: baseName } : {}),
            ...(props.metricsNamespace !== undefined ? { metricsNamespace: props.metricsNamespace } : {}),
          }),
        ),
      }),
      prefix,
    );
    for (const arn of props.managedPolicyArns ?? []) {
      const policyName = arn.split('/').pop()!;
      pinLogicalId(new IamRolePolicyAttachment(this, `Policy${policyName}`, { role: role.name, policyArn: arn }), prefix, policyName);
    }
    return role;
  }

  /** The fleet's own encrypted, kept log group (application logs are evidence); created before any instance writes to it. */
  private createLogGroup(): void {
    const { props } = this;
    const { prefix, logGroupName, named } = this.settings;
    new EncryptedLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyArn: props.logsKmsKeyArn,
      deletionProtectionEnabled: true,
      tags: named('logs'),
      pin: addressPinner(prefix),
    });
  }

  /** An `aws_ami` data source filtered by the declared architecture (and the SSM parameter it reads, if any). */
  private lookUpImage(): DataAwsAmi {
    const { prefix, image } = this.settings;
    const architecture = { name: 'architecture', values: [image.architecture] };
    if ('nameFilter' in image) {
      return pinLogicalId(
        new DataAwsAmi(this, 'Image', {
          mostRecent: true,
          owners: [...image.owners],
          filter: [{ name: 'name', values: [image.nameFilter] }, architecture, { name: 'state', values: ['available'] }],
        }),
        prefix,
      );
    }
    let imageId: string;
    if ('ssmParameterName' in image) {
      // The parameter holds an AMI id, not a secret: insecure_value keeps it readable in plans.
      imageId = pinLogicalId(new DataAwsSsmParameter(this, 'ImageParameter', { name: image.ssmParameterName }), prefix, 'image').insecureValue;
    } else {
      imageId = image.amiId;
    }
    return pinLogicalId(new DataAwsAmi(this, 'Image', { filter: [{ name: 'image-id', values: [imageId] }, architecture] }), prefix);
  }

  /** Hardened launch template: IMDSv2 only, no public address, encrypted gp3 root volume, the rendered user data. */
  private createLaunchTemplate(securityGroup: SecurityGroup, profile: IamInstanceProfile, image: DataAwsAmi): LaunchTemplate {
    const { props } = this;
    const { prefix, baseName, tags, named } = this.settings;
    return pinLogicalId(
      new LaunchTemplate(this, 'LaunchTemplate', {
        name: physicalName(baseName),
        description: `${props.module} instances`,
        imageId: image.id,
        instanceType: props.instanceType,
        updateDefaultVersion: true,
        iamInstanceProfile: { arn: profile.arn },
        ...(props.userData !== undefined ? { userData: Buffer.from(props.userData, 'utf8').toString('base64') } : {}),
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
  }

  /** The autoscaling group; start-up time feeds the warm-up of scaling and of instance refresh. */
  private createGroup(launchTemplate: LaunchTemplate): AutoscalingGroup {
    const { props } = this;
    const { prefix, baseName, named, singleton, startupSeconds } = this.settings;
    const standby = props.standbySingleton ?? false;
    const size = singleton ? { minSize: standby ? 0 : 1, maxSize: 1, desiredCapacity: standby ? 0 : 1 } : props;
    const warmSpare = this.replacement === 'warm-spare';
    return pinLogicalId(
      new AutoscalingGroup(this, 'Group', {
        name: baseName,
        minSize: size.minSize,
        maxSize: size.maxSize,
        desiredCapacity: size.desiredCapacity,
        vpcZoneIdentifier: props.privateSubnetIds,
        targetGroupArns: props.targetGroupArns,
        healthCheckType: props.targetGroupArns.length > 0 ? 'ELB' : 'EC2',
        healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? startupSeconds,
        defaultInstanceWarmup: startupSeconds,
        capacityRebalance: true,
        metricsGranularity: '1Minute',
        enabledMetrics: [
          'GroupDesiredCapacity',
          'GroupInServiceInstances',
          'GroupMaxSize',
          'GroupMinSize',
          'GroupPendingInstances',
          'GroupTerminatingInstances',
          'GroupTotalInstances',
          // A warm spare's pool: whether the spare is there (warmed) or still initialising after it was used.
          ...(warmSpare ? ['WarmPoolMinSize', 'WarmPoolPendingCapacity', 'WarmPoolTotalCapacity', 'WarmPoolWarmedCapacity'] : []),
        ],
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
        instanceRefresh: {
          strategy: 'Rolling',
          preferences: { minHealthyPercentage: singleton ? 0 : (props.instanceRefreshMinHealthyPercentage ?? 90), instanceWarmup: String(startupSeconds) },
        },
        ...(props.warmPool && !singleton ? { warmPool: { poolState: 'Stopped', minSize: Math.max(1, Math.ceil(size.minSize / 2)), instanceReusePolicy: { reuseOnScaleIn: true } } } : {}),
        // The warm spare: one stopped, pre-initialised instance; never a used one (no reuse on scale-in), so a
        // spare always starts from the launch template's current version, never from a singleton that already ran.
        // The launch hook exists from the group's creation, so its first spare is held like every later one; the
        // hook's own resource (addLaunchHook) owns it from then on, and changes to this creation-only copy are
        // ignored (a change would replace the group, and groups created before it have none).
        ...(warmSpare ? { warmPool: { ...WARM_SPARE_POOL, instanceReusePolicy: { reuseOnScaleIn: false } }, initialLifecycleHook: [launchHookSpec(startupSeconds)] } : {}),
        tag: Object.entries(named('instance')).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
        // Scaling policies own desired capacity after creation: a deploy must never reset it.
        lifecycle: { ignoreChanges: ['desired_capacity', ...(warmSpare ? ['initial_lifecycle_hook'] : [])] },
      }),
      prefix,
    );
  }

  /**
   * The launch hook of a warm-spare group: every launch (into the warm pool, and from it into service) waits in
   * `Warmed:Pending:Wait` or `Pending:Wait` until the user data completes it, so Auto Scaling never stops a spare
   * in the middle of its user data. Its heartbeat is the start-up time; after it the launch continues by itself.
   */
  private addLaunchHook(group: AutoscalingGroup): void {
    const { prefix, startupSeconds } = this.settings;
    pinLogicalId(
      new AutoscalingLifecycleHook(this, 'LaunchHook', { ...launchHookSpec(startupSeconds), autoscalingGroupName: group.name }),
      prefix,
      'launch',
    );
  }

  /** CPU target tracking always; request-count target tracking when the load balancer's ids are given. */
  private addTargetTracking(group: AutoscalingGroup): void {
    const { props } = this;
    const { prefix, baseName } = this.settings;
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
    if (!props.requestCountScaling) return;
    const rc = props.requestCountScaling;
    const targetGroups = typeof rc.targetGroupArnSuffix === 'string' ? [rc.targetGroupArnSuffix] : rc.targetGroupArnSuffix;
    pinLogicalId(
      new AutoscalingPolicy(this, 'RequestTracking', {
        name: physicalName(baseName, 'requests-target'),
        autoscalingGroupName: group.name,
        policyType: 'TargetTrackingScaling',
        targetTrackingConfiguration: {
          ...(targetGroups.length === 1
            ? { predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: `${rc.loadBalancerArnSuffix}/${targetGroups[0]!}` } }
            : { customizedMetricSpecification: { metrics: requestsPerTargetSum(rc.loadBalancerArnSuffix, targetGroups) } }),
          // The metric is a per-minute sum per target.
          targetValue: Math.round(rc.targetRequestsPerSecondPerInstance * 60),
        },
      }),
      prefix,
      'requests',
    );
  }

  private addPredictiveScaling(group: AutoscalingGroup): void {
    const { props } = this;
    if (!props.predictiveScaling) return;
    const { prefix, baseName } = this.settings;
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

  /** The floor rises to `businessHoursMinSize` at the start of business hours and falls back at their end. */
  private addBusinessHours(group: AutoscalingGroup): void {
    const { props } = this;
    if (!props.businessHours || isAlwaysOn(props.businessHours)) return;
    const { prefix, baseName } = this.settings;
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

  /** Every problem of the props at once, each with its fix. */
  private validate(): void {
    const props = this.props;
    const problems: string[] = [];
    if (props.standbySingleton && !props.singleton) problems.push('standbySingleton applies only to a singleton; set singleton: true or remove standbySingleton');
    problems.push(...this.replacementProblems());
    if (props.singleton) {
      const scaling = [
        props.requestCountScaling && 'requestCountScaling',
        props.predictiveScaling && 'predictiveScaling',
        props.businessHours && 'businessHours',
        props.warmPool && 'warmPool',
      ].filter(Boolean);
      if (scaling.length > 0) problems.push(`a singleton runs exactly one instance and cannot scale; remove ${scaling.join(', ')} or set singleton: false`);
    } else {
      problems.push(...this.sizeProblems());
    }
    if (isResolved(props.privateSubnetIds) && props.privateSubnetIds.length < 1) {
      problems.push('privateSubnetIds is empty; pass the private subnets of every AZ');
    }
    if (isResolved(props.instanceType) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.instanceType)) {
      problems.push(`instanceType "${props.instanceType}" is not an EC2 instance type (e.g. "m7i.large")`);
    }
    if (!/^[a-z][a-z0-9-]*$/.test(props.module)) problems.push(`module "${props.module}" must be lower-case kebab-case`);
    const refresh = props.instanceRefreshMinHealthyPercentage;
    if (refresh !== undefined && (refresh < 0 || refresh > 100)) problems.push(`instanceRefreshMinHealthyPercentage must be 0-100; got ${refresh}`);
    problems.push(...this.applicationProblems());
    const namespace = props.metricsNamespace;
    if (namespace !== undefined && isResolved(namespace) && (!/^[A-Za-z0-9.\-_/#:]{1,255}$/.test(namespace) || namespace.startsWith('AWS/'))) {
      problems.push(`metricsNamespace "${namespace}" is not a custom CloudWatch namespace (1-255 of A-Z a-z 0-9 . - _ / # :, not starting with "AWS/"), e.g. "itsm-scale/prod"`);
    }
    if (problems.length > 0) throw new Error(`ServiceFleet ${this.node.path}: ${problems.join('; ')}`);
  }

  /** The replacement path: a known one; a warm spare only for a singleton that runs. */
  private replacementProblems(): string[] {
    const { replacement } = this.props;
    if (replacement === undefined) return [];
    if (!SINGLETON_REPLACEMENTS.includes(replacement)) return [`replacement "${String(replacement)}" is not one of ${SINGLETON_REPLACEMENTS.join(', ')}`];
    if (replacement !== 'warm-spare') return [];
    const problems: string[] = [];
    if (!this.props.singleton) problems.push("replacement 'warm-spare' applies only to a singleton; set singleton: true, or use warmPool for a scaled fleet");
    if (this.props.standbySingleton) problems.push("replacement 'warm-spare' needs a singleton that runs; a standbySingleton runs no instance to replace (use 'relaunch')");
    return problems;
  }

  private sizeProblems(): string[] {
    const props = this.props;
    const problems: string[] = [];
    for (const [field, value] of [['minSize', props.minSize], ['maxSize', props.maxSize], ['desiredCapacity', props.desiredCapacity]] as const) {
      if (isResolved(value) && (!Number.isInteger(value) || value < 0)) problems.push(`${field} must be a whole number >= 0; got ${value}`);
    }
    if (isResolved(props.minSize) && isResolved(props.maxSize) && props.minSize > props.maxSize) {
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
    const trackedGroups = props.requestCountScaling?.targetGroupArnSuffix;
    if (trackedGroups !== undefined && typeof trackedGroups !== 'string' && trackedGroups.length === 0) {
      problems.push('requestCountScaling.targetGroupArnSuffix is an empty list; pass the target group of each module the fleet serves');
    }
    if (props.requestCountScaling && !(props.requestCountScaling.targetRequestsPerSecondPerInstance > 0)) {
      problems.push(`requestCountScaling.targetRequestsPerSecondPerInstance must be > 0; got ${props.requestCountScaling.targetRequestsPerSecondPerInstance}`);
    }
    return problems;
  }

  /** Image, user data, start-up time, logs and the role's scope. */
  private applicationProblems(): string[] {
    const props = this.props;
    const { image, startupSeconds, logGroupName } = this.settings;
    const problems = imageProblems(image);
    if (!Token.isUnresolved(props.instanceType)) {
      const needed = instanceArchitecture(props.instanceType);
      if (needed !== image.architecture) {
        problems.push(`image architecture ${image.architecture} cannot run on ${props.instanceType} (${needed}); use an ${needed} image or an ${image.architecture} instance type`);
      }
    }
    if (props.userData !== undefined) {
      const size = Math.ceil(Buffer.byteLength(props.userData, 'utf8') / 3) * 4;
      if (size > MAX_USER_DATA_BASE64_BYTES) problems.push(`userData is ${size} bytes after base64; EC2 allows ${MAX_USER_DATA_BASE64_BYTES} (bake large content into the image)`);
    }
    if (!Number.isInteger(startupSeconds) || startupSeconds < 0 || startupSeconds > 3600) problems.push(`startupSeconds must be a whole number from 0 to 3600; got ${startupSeconds}`);
    if (!/^[A-Za-z0-9_\-/.#]{1,512}$/.test(logGroupName)) problems.push(`logGroupName "${logGroupName}" is not a CloudWatch Logs group name`);
    const retentionProblem = logRetentionProblem(props.logRetentionDays, 'logRetentionDays');
    if (retentionProblem !== undefined) problems.push(retentionProblem);
    const paths = typeof props.configParameterPath === 'string' ? [props.configParameterPath] : props.configParameterPath;
    if (paths.length === 0) problems.push('configParameterPath is an empty list; pass the path of each module the fleet serves');
    for (const path of paths) {
      if (!Token.isUnresolved(path) && !/^\/[A-Za-z0-9_.\-/]+[^/]$/.test(path)) {
        problems.push(`configParameterPath "${path}" must be an SSM path such as "/itsm-scale/prod-us-east-1/config/incident" (no trailing "/")`);
      }
    }
    const accountProblem = accountIdProblem(props.accountId);
    if (accountProblem !== undefined) problems.push(accountProblem);
    const prefixes = props.attachments === undefined ? [] : typeof props.attachments.prefix === 'string' ? [props.attachments.prefix] : props.attachments.prefix;
    if (props.attachments !== undefined && prefixes.length === 0) problems.push('attachments.prefix is an empty list; pass the prefix of each module the fleet serves');
    for (const prefix of prefixes) {
      if (!Token.isUnresolved(prefix) && !/^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*\/$/.test(prefix)) {
        problems.push(`attachments.prefix "${prefix}" must be a key prefix ending in "/", e.g. "incident/"`);
      }
    }
    return problems;
  }
}

/**
 * Requests per target summed over target groups, as metric math for target tracking: every instance of a fleet
 * serving several modules is registered in each module's group, so the sum is what one instance carries.
 */
function requestsPerTargetSum(loadBalancerArnSuffix: string, targetGroupArnSuffixes: readonly string[]): AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecificationMetrics[] {
  const ids = targetGroupArnSuffixes.map((_, index) => `tg${index}`);
  return [
    ...targetGroupArnSuffixes.map((targetGroup, index) => ({
      id: ids[index]!,
      metricStat: {
        metric: {
          namespace: 'AWS/ApplicationELB',
          metricName: 'RequestCountPerTarget',
          dimensions: [
            { name: 'LoadBalancer', value: loadBalancerArnSuffix },
            { name: 'TargetGroup', value: targetGroup },
          ],
        },
        stat: 'Sum',
      },
      returnData: false,
    })),
    { id: 'requests', expression: ids.join(' + '), label: 'requests per target, all target groups', returnData: true },
  ];
}
