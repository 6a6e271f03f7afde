import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement } from '../core/kms-policy';
import { logicalId } from '../core/logical-id';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { policyDocument, serviceTrustPolicy, sourceAccountCondition } from '../core/policy';
import { Tags } from '../core/tags';
import { AZ_SLOTS, carveSubnets, parseIpv4Cidr, SUBNET_LAYOUT, SubnetTier } from './subnet-plan';
import { accountIdProblem, ipv4CidrProblem, KEBAB_NAME_PATTERN, kebabNameProblem, kmsKeyArnProblem, logRetentionProblem, regionProblem, ValidationProblems } from '../core/validation';

/** How the private subnets reach the internet. */
export type NatGatewayMode = 'per-az' | 'single' | 'none';

/** Which flows a VPC flow log records. */
export type FlowLogTrafficType = 'ALL' | 'ACCEPT' | 'REJECT';

export { LOG_RETENTION_DAYS } from '../core/log-retention';

const NAT_GATEWAY_MODES: readonly NatGatewayMode[] = ['per-az', 'single', 'none'];
const FLOW_LOG_TRAFFIC_TYPES: readonly FlowLogTrafficType[] = ['ALL', 'ACCEPT', 'REJECT'];
const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 24;
const SUBNET_TIERS: readonly SubnetTier[] = ['public', 'private', 'isolated'];
const MIN_AZS = 2;
const MAX_AZS = 3;
/** IAM role names are at most 64 characters and we append `-vpc-flow-logs` (14). */
const MAX_NAME_LENGTH = 50;

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. Used for Name tags
   * (`prod-us-east-1-vpc`, `prod-us-east-1-private-us-east-1a`), the flow-log group, role and KMS alias.
   */
  readonly name: string;

  /** The 12-digit AWS account id the network lives in (used in the KMS key policy and IAM conditions). */
  readonly accountId: string;

  /** The AWS region the network lives in, e.g. `us-east-1`. */
  readonly region: string;

  /**
   * IPv4 CIDR of the VPC, prefix /16 to /24 (a /24 is too small for the /28 minimum subnet size,
   * so /23 is the practical upper limit). Subnets are carved from it, see `carveSubnets`.
   */
  readonly cidrBlock: string;

  /**
   * Availability zone names, 2 or 3, e.g. `['us-east-1a', 'us-east-1b', 'us-east-1c']`.
   *
   * The list is APPEND-ONLY: an AZ's position picks its subnet CIDRs, so appending an AZ leaves existing
   * subnets alone, while removing or reordering entries renumbers (destroys and recreates) subnets.
   */
  readonly availabilityZones: string[];

  /**
   * NAT gateways for the private subnets: `per-az` (one per AZ, survives an AZ outage), `single`
   * (one in the first AZ that every private subnet routes through; the dev cost saver) or `none`
   * (private subnets get no default route to the internet).
   * @default 'per-az'
   */
  readonly natGateways?: NatGatewayMode;

  /**
   * Retention of the VPC flow log group, in days; one of the values CloudWatch Logs accepts
   * (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;

  /**
   * Which traffic the VPC flow log records.
   * @default 'ALL'
   */
  readonly flowLogTrafficType?: FlowLogTrafficType;

  /**
   * ARN of an existing customer-managed KMS key that encrypts the flow-log group. Its key policy must
   * let `logs.<region>.amazonaws.com` use it.
   * @default - the construct creates a KMS key with rotation enabled and the alias `alias/<name>-logs`
   */
  readonly logsKmsKeyArn?: string;

  /**
   * Extra tags for every resource of the network. The `Name` tag is always set by the construct.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/**
 * A three-tier VPC: public subnets (internet gateway), private subnets (NAT gateways) and isolated
 * subnets (no internet route), one of each per AZ, with encrypted VPC flow logs, a locked-down default
 * security group and gateway endpoints for S3 and DynamoDB.
 *
 * Terraform addresses are pinned to readable ids keyed by tier and AZ name (`aws_subnet.network_private_us_east_1a`),
 * prefixed with the construct id, so they do not depend on the construct tree or on list positions.
 */
export class Network extends ToolkitConstruct<NetworkProps> {
  /** The VPC id. */
  public readonly vpcId: string;
  /** The VPC IPv4 CIDR (the `cidrBlock` prop, usable without a Terraform reference). */
  public readonly vpcCidrBlock: string;
  /** The AZ names, in the given (append-only) order. */
  public readonly availabilityZones: readonly string[];
  /** Public subnet ids, in AZ order. */
  public readonly publicSubnetIds: string[];
  /** Private subnet ids, in AZ order. */
  public readonly privateSubnetIds: string[];
  /** Isolated subnet ids, in AZ order. */
  public readonly isolatedSubnetIds: string[];
  /** Public subnet ids keyed by AZ name. */
  public readonly publicSubnetIdsByAz: Readonly<Record<string, string>>;
  /** Private subnet ids keyed by AZ name. */
  public readonly privateSubnetIdsByAz: Readonly<Record<string, string>>;
  /** Isolated subnet ids keyed by AZ name. */
  public readonly isolatedSubnetIdsByAz: Readonly<Record<string, string>>;
  /** Public subnet CIDRs, in AZ order. */
  public readonly publicSubnetCidrBlocks: string[];
  /** Private subnet CIDRs, in AZ order. */
  public readonly privateSubnetCidrBlocks: string[];
  /** Isolated subnet CIDRs, in AZ order. */
  public readonly isolatedSubnetCidrBlocks: string[];
  /** The public route table id (shared by all AZs). */
  public readonly publicRouteTableId: string;
  /** Private route table ids, in AZ order. */
  public readonly privateRouteTableIds: string[];
  /** Isolated route table ids, in AZ order. */
  public readonly isolatedRouteTableIds: string[];
  /** NAT gateway ids keyed by the AZ they sit in (empty when `natGateways` is `none`). */
  public readonly natGatewayIdsByAz: Readonly<Record<string, string>>;
  /** ARN of the KMS key that encrypts the network's logs (created or given). */
  public readonly logsKmsKeyArn: string;
  /** Name of the VPC flow-log group. */
  public readonly flowLogGroupName: string;
  /** ARN of the VPC flow-log group. */
  public readonly flowLogGroupArn: string;

  private readonly natGateways: NatGatewayMode;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id, props);
    this.natGateways = props.natGateways ?? 'per-az';
    const retentionDays = props.flowLogRetentionDays ?? 365;
    const trafficType = props.flowLogTrafficType ?? 'ALL';
    this.validate(retentionDays, trafficType);
    const azs = [...props.availabilityZones];

    const vpc = this.createVpc();
    const cidrs = this.subnetCidrs(props.cidrBlock, azs.length);
    const subnets = this.createSubnets(vpc, azs, cidrs);
    const { internetGateway, publicRouteTable } = this.routePublicSubnetsToTheInternet(vpc);
    const natByAz = this.createNatGateways(azs, subnets.public, internetGateway);
    const routeTables = this.routeSubnets(vpc, azs, subnets, publicRouteTable, natByAz);
    this.createGatewayEndpoints(vpc, [...routeTables.private, ...routeTables.isolated]);
    const logsKmsKeyArn = props.logsKmsKeyArn ?? this.createLogsKey();
    const logGroup = this.recordFlowLogs(vpc, logsKmsKeyArn, retentionDays, trafficType);

    const ids = (list: ReadonlyArray<{ id: string }>) => list.map((s) => s.id);
    const byAz = (list: ReadonlyArray<{ id: string }>): Record<string, string> =>
      Object.fromEntries(azs.flatMap((az, i) => (list[i] ? [[az, list[i].id] as const] : [])));
    this.vpcId = vpc.id;
    this.vpcCidrBlock = props.cidrBlock;
    this.availabilityZones = azs;
    this.publicSubnetIds = ids(subnets.public);
    this.privateSubnetIds = ids(subnets.private);
    this.isolatedSubnetIds = ids(subnets.isolated);
    this.publicSubnetIdsByAz = byAz(subnets.public);
    this.privateSubnetIdsByAz = byAz(subnets.private);
    this.isolatedSubnetIdsByAz = byAz(subnets.isolated);
    this.publicSubnetCidrBlocks = [...cidrs.public];
    this.privateSubnetCidrBlocks = [...cidrs.private];
    this.isolatedSubnetCidrBlocks = [...cidrs.isolated];
    this.publicRouteTableId = publicRouteTable.id;
    this.privateRouteTableIds = ids(routeTables.private);
    this.isolatedRouteTableIds = ids(routeTables.isolated);
    this.natGatewayIdsByAz = Object.fromEntries(Object.entries(natByAz).map(([az, nat]) => [az, nat.id]));
    this.logsKmsKeyArn = logsKmsKeyArn;
    this.flowLogGroupName = logGroup.name;
    this.flowLogGroupArn = logGroup.arn;
  }

  /** The VPC, and its default security group adopted with every rule stripped, so nothing can use it by accident. */
  private createVpc(): Vpc {
    const vpc = this.pin(
      new Vpc(this, 'Vpc', {
        cidrBlock: this.props.cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: this.tagsFor('vpc'),
      }),
    );
    this.pin(
      new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
        vpcId: vpc.id,
        ingress: [],
        egress: [],
        tags: this.tagsFor('default-sg'),
      }),
    );
    return vpc;
  }

  /** A subnet per tier and AZ, addressed by tier and AZ name (so adding an AZ only adds resources). */
  private createSubnets(vpc: Vpc, azs: readonly string[], cidrs: Record<SubnetTier, string[]>): Record<SubnetTier, Subnet[]> {
    const subnets: Record<SubnetTier, Subnet[]> = { public: [], private: [], isolated: [] };
    for (const tier of SUBNET_TIERS) {
      azs.forEach((az, azIndex) => {
        const subnetCidr = cidrs[tier][azIndex];
        if (subnetCidr === undefined) throw new Error(`Network ${this.node.path}: no ${tier} CIDR for AZ ${az}.`);
        subnets[tier].push(
          this.pin(
            new Subnet(this, `Subnet-${tier}-${az}`, {
              vpcId: vpc.id,
              availabilityZone: az,
              cidrBlock: subnetCidr,
              mapPublicIpOnLaunch: false,
              tags: this.tagsFor(tier, az),
            }),
            tier,
            az,
          ),
        );
      });
    }
    return subnets;
  }

  /** The internet gateway and the public route table (shared by all AZs) with its default route to it. */
  private routePublicSubnetsToTheInternet(vpc: Vpc): { internetGateway: InternetGateway; publicRouteTable: RouteTable } {
    const internetGateway = this.pin(new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id, tags: this.tagsFor('igw') }));
    const publicRouteTable = this.pin(
      new RouteTable(this, 'RouteTable-public', { vpcId: vpc.id, tags: this.tagsFor('public', 'rt') }),
      'public',
    );
    this.pin(
      new Route(this, 'Route-public-internet', {
        routeTableId: publicRouteTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: internetGateway.id,
      }),
      'public',
      'internet',
    );
    return { internetGateway, publicRouteTable };
  }

  /** The NAT gateways (with their Elastic IPs) in the public subnets: one per AZ, one in the first AZ, or none. */
  private createNatGateways(azs: readonly string[], publicSubnets: readonly Subnet[], internetGateway: InternetGateway): Record<string, NatGateway> {
    const natAzs = this.natGateways === 'per-az' ? azs : this.natGateways === 'single' ? azs.slice(0, 1) : [];
    const natByAz: Record<string, NatGateway> = {};
    for (const az of natAzs) {
      const publicSubnet = publicSubnets[azs.indexOf(az)];
      if (!publicSubnet) throw new Error(`Network ${this.node.path}: no public subnet for AZ ${az}.`);
      const eip = this.pin(new Eip(this, `Eip-nat-${az}`, { domain: 'vpc', tags: this.tagsFor('nat', az, 'eip') }), 'nat', az);
      natByAz[az] = this.pin(
        new NatGateway(this, `NatGateway-${az}`, {
          allocationId: eip.allocationId,
          subnetId: publicSubnet.id,
          connectivityType: 'public',
          tags: this.tagsFor('nat', az),
          dependsOn: [internetGateway],
        }),
        az,
      );
    }
    return natByAz;
  }

  /**
   * Every subnet's route table association: public subnets share the public table; private and isolated subnets
   * get a table per AZ, the private ones with a default route to their NAT gateway (none for isolated subnets).
   * Returns the private and isolated tables.
   */
  private routeSubnets(
    vpc: Vpc,
    azs: readonly string[],
    subnets: Record<SubnetTier, Subnet[]>,
    publicRouteTable: RouteTable,
    natByAz: Record<string, NatGateway>,
  ): Record<SubnetTier, RouteTable[]> {
    const firstAz = azs[0];
    const natFor = (az: string): NatGateway | undefined =>
      this.natGateways === 'per-az' ? natByAz[az] : this.natGateways === 'single' && firstAz !== undefined ? natByAz[firstAz] : undefined;
    const routeTables: Record<SubnetTier, RouteTable[]> = { public: [], private: [], isolated: [] };
    azs.forEach((az, azIndex) => {
      for (const tier of SUBNET_TIERS) {
        const subnet = subnets[tier][azIndex];
        if (!subnet) throw new Error(`Network ${this.node.path}: no ${tier} subnet for AZ ${az}.`);
        let table = publicRouteTable;
        if (tier !== 'public') {
          table = this.pin(
            new RouteTable(this, `RouteTable-${tier}-${az}`, { vpcId: vpc.id, tags: this.tagsFor(tier, az, 'rt') }),
            tier,
            az,
          );
          routeTables[tier].push(table);
        }
        this.pin(
          new RouteTableAssociation(this, `RouteTableAssociation-${tier}-${az}`, { subnetId: subnet.id, routeTableId: table.id }),
          tier,
          az,
        );
        const nat = tier === 'private' ? natFor(az) : undefined;
        if (nat) {
          this.pin(
            new Route(this, `Route-private-${az}-internet`, {
              routeTableId: table.id,
              destinationCidrBlock: '0.0.0.0/0',
              natGatewayId: nat.id,
            }),
            tier,
            az,
            'internet',
          );
        }
      }
    });
    return routeTables;
  }

  /** The S3 and DynamoDB gateway endpoints (free): their traffic stays off the NAT and off the internet. */
  private createGatewayEndpoints(vpc: Vpc, routeTables: readonly RouteTable[]): void {
    const routeTableIds = routeTables.map((t) => t.id);
    for (const service of ['s3', 'dynamodb'] as const) {
      this.pin(
        new VpcEndpoint(this, `Endpoint-${service}`, {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${this.props.region}.${service}`,
          vpcEndpointType: 'Gateway',
          routeTableIds,
          tags: this.tagsFor(service, 'endpoint'),
        }),
        service,
      );
    }
  }

  /** The key of the network's logs (when none is given); returns its ARN. */
  private createLogsKey(): string {
    const { name, accountId, region } = this.props;
    return new CustomerManagedKey(this, 'LogsKey', {
      description: `Encrypts the CloudWatch Logs of network ${name} (VPC flow logs).`,
      policy: logsKeyPolicy(partitionOf(region), accountId, region),
      aliasName: `alias/${physicalName(name, 'logs')}`,
      tags: this.tagsFor('logs'),
      pin: this.pin,
      addressParts: ['logs'],
    }).arn;
  }

  /** VPC flow logs into an encrypted log group, written by a role that may only write to that group. */
  private recordFlowLogs(vpc: Vpc, kmsKeyArn: string, retentionDays: number, trafficType: FlowLogTrafficType): EncryptedLogGroup {
    const { name, accountId, region } = this.props;
    const partition = partitionOf(region);
    const logGroup = new EncryptedLogGroup(this, 'FlowLogGroup', {
      name: `/itsm-scale/${name}/vpc-flow-logs`,
      retentionInDays: retentionDays,
      kmsKeyArn,
      tags: this.tagsFor('vpc-flow-logs'),
      pin: this.pin,
      addressParts: ['flow_logs'],
    });
    const role = this.pin(
      new IamRole(this, 'FlowLogRole', {
        name: physicalName(name, 'vpc-flow-logs'),
        description: `Lets VPC Flow Logs of network ${name} write to its CloudWatch log group.`,
        assumeRolePolicy: JSON.stringify(flowLogTrustPolicy(partition, accountId, region)),
        tags: this.tagsFor('vpc-flow-logs'),
      }),
      'flow_logs',
    );
    const rolePolicy = this.pin(
      new IamRolePolicy(this, 'FlowLogRolePolicy', {
        name: 'vpc-flow-logs-delivery',
        role: role.id,
        policy: JSON.stringify(flowLogDeliveryPolicy(logGroup.arn)),
      }),
      'flow_logs',
    );
    this.pin(
      new FlowLog(this, 'FlowLog', {
        vpcId: vpc.id,
        trafficType,
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        tags: this.tagsFor('vpc-flow-log'),
        dependsOn: [rolePolicy],
      }),
    );
    return logGroup;
  }

  /** Subnet CIDRs per tier in AZ order: literal when the VPC CIDR is literal, else `cidrsubnet()` expressions. */
  private subnetCidrs(cidrBlock: string, azCount: number): Record<SubnetTier, string[]> {
    if (Token.isUnresolved(cidrBlock)) {
      const tier = (t: SubnetTier) =>
        Array.from({ length: azCount }, (_, i) => Fn.cidrsubnet(cidrBlock, SUBNET_LAYOUT[t].newBits, SUBNET_LAYOUT[t].netNumBase + i));
      return { public: tier('public'), private: tier('private'), isolated: tier('isolated') };
    }
    const plan = carveSubnets(cidrBlock, azCount);
    return {
      public: plan.map((p) => p.public),
      private: plan.map((p) => p.private),
      isolated: plan.map((p) => p.isolated),
    };
  }

  /** Every problem of the props, in one error. */
  private validate(retentionDays: number, trafficType: string): void {
    const { name, accountId, region, logsKmsKeyArn } = this.props;
    const problems = new ValidationProblems();
    if (Token.isUnresolved(name)) {
      problems.add('name must be a literal string: it is part of Name tags and physical names, which are computed at synth time');
    } else {
      problems.add(kebabNameProblem(name, { maxLength: MAX_NAME_LENGTH }));
    }
    problems.add(accountIdProblem(accountId));
    problems.add(regionProblem(region));
    this.addressSpaceProblems(problems);
    this.availabilityZoneProblems(problems);
    problems.addIf(
      !NAT_GATEWAY_MODES.includes(this.natGateways),
      () => `natGateways "${this.natGateways}" is invalid; allowed: ${NAT_GATEWAY_MODES.map((m) => `"${m}"`).join(', ')}`,
    );
    problems.add(logRetentionProblem(retentionDays, 'flowLogRetentionDays'));
    problems.addIf(
      !FLOW_LOG_TRAFFIC_TYPES.includes(trafficType as FlowLogTrafficType),
      () => `flowLogTrafficType "${trafficType}" is invalid; allowed: ${FLOW_LOG_TRAFFIC_TYPES.map((t) => `"${t}"`).join(', ')}`,
    );
    problems.add(kmsKeyArnProblem(logsKmsKeyArn, 'logsKmsKeyArn', 'CloudWatch Logs needs'));
    problems.throwIfAny('Network', this.node.path);
  }

  /** The VPC CIDR's problems: not a CIDR, a prefix AWS refuses, or too small for the subnets of every AZ. */
  private addressSpaceProblems(problems: ValidationProblems): void {
    const { cidrBlock, availabilityZones } = this.props;
    if (Token.isUnresolved(cidrBlock)) return;
    const cidrProblem = ipv4CidrProblem(cidrBlock, 'cidrBlock');
    if (cidrProblem !== undefined) {
      problems.add(cidrProblem);
      return;
    }
    const { prefix } = parseIpv4Cidr(cidrBlock);
    if (prefix < MIN_VPC_PREFIX || prefix > MAX_VPC_PREFIX) {
      problems.add(
        `cidrBlock "${cidrBlock}" has prefix /${prefix}; AWS VPCs allow /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} ` +
          `(and this construct needs /23 or larger so its smallest subnets stay /28), e.g. "10.0.0.0/16"`,
      );
      return;
    }
    try {
      carveSubnets(cidrBlock, Math.min(Math.max(availabilityZones.length, 1), AZ_SLOTS));
    } catch (e) {
      problems.add((e as Error).message.replace(/\.$/, ''));
    }
  }

  /** The AZ list's problems: how many, each name and region, duplicates. */
  private availabilityZoneProblems(problems: ValidationProblems): void {
    const { region, availabilityZones } = this.props;
    problems.addIf(
      availabilityZones.length < MIN_AZS || availabilityZones.length > MAX_AZS,
      () =>
        `availabilityZones has ${availabilityZones.length} entries (${JSON.stringify(availabilityZones)}); ` +
        `pass ${MIN_AZS} or ${MAX_AZS} AZ names of the region, e.g. ["us-east-1a", "us-east-1b", "us-east-1c"]`,
    );
    const seen = new Map<string, string>();
    for (const az of availabilityZones) {
      if (Token.isUnresolved(az)) {
        problems.add('availabilityZones must be literal AZ names: they key the Terraform addresses of subnets and route tables');
        continue;
      }
      if (!KEBAB_NAME_PATTERN.test(az)) {
        problems.add(`availability zone "${az}" is not an AZ name; expected lower-case names such as "us-east-1a"`);
        continue;
      }
      problems.addIf(
        !Token.isUnresolved(region) && !az.startsWith(`${region}`),
        () => `availability zone "${az}" is not in region "${region}"; use AZ names of that region, e.g. "${region}a"`,
      );
      const key = logicalId(az);
      problems.addIf(
        seen.has(key),
        () =>
          `availabilityZones lists "${az}" twice (${JSON.stringify(availabilityZones)}); each AZ may appear once — ` +
          `remove the duplicate (and keep the existing order: the list is append-only)`,
      );
      seen.set(key, az);
    }
  }
}

/** Key policy: the account administers the key; CloudWatch Logs may use it for this account's log groups in this region. */
function logsKeyPolicy(partition: string, accountId: string, region: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    cloudWatchLogsKeyUseStatement({ sid: 'AllowCloudWatchLogsUse', partition, accountId, region, logGroupName: '*', match: 'ArnLike' }),
  ]);
}

/** Trust policy: only VPC Flow Logs acting for this account's flow logs in this region may assume the role. */
function flowLogTrustPolicy(partition: string, accountId: string, region: string): object {
  return serviceTrustPolicy('vpc-flow-logs.amazonaws.com', {
    condition: sourceAccountCondition(accountId, `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`),
  });
}

/** Least-privilege delivery policy: write streams and events to the one flow-log group. */
function flowLogDeliveryPolicy(logGroupArn: string): object {
  return policyDocument([
    {
      Sid: 'DeliverFlowLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [logGroupArn, `${logGroupArn}:*`],
    },
  ]);
}
