import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { TerraformVariable, Testing } from 'cdktf';
import {
  AZ_SLOTS,
  carveSubnets,
  cidrSubnet,
  ipv4CidrContains,
  ipv4CidrsOverlap,
  LOG_RETENTION_DAYS,
  Network,
  NetworkProps,
} from '../../constructs/network';
import { Json } from '../json';

const AZS_3 = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const AZS_2 = ['us-east-1a', 'us-east-1b'];

const BASE_PROPS: NetworkProps = {
  name: 'prod-us-east-1',
  accountId: '123456789012',
  region: 'us-east-1',
  cidrBlock: '10.0.0.0/16',
  availabilityZones: AZS_3,
};

/** Synthesizes one Network with id `network` and BASE_PROPS plus overrides; returns the JSON string. */
function synthNetwork(overrides: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Network(scope, 'network', { ...BASE_PROPS, ...overrides });
  });
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  const parsed = JSON.parse(synth) as Json;
  return (parsed.resource?.[type] ?? {}) as Record<string, Json>;
}

/** `"${type.id.attr}"` as cdktf renders a reference. */
function ref(type: string, id: string, attr = 'id'): string {
  return `\${${type}.${id}.${attr}}`;
}

/** All `<type>.<id>` addresses of a synthesized stack. */
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  return Object.entries((parsed.resource ?? {}) as Record<string, Json>).flatMap(([type, byId]) =>
    Object.keys(byId).map((id) => `${type}.${id}`),
  );
}

function makeNetwork(overrides: Partial<NetworkProps>): () => void {
  return () => {
    Testing.synthScope((scope) => {
      new Network(scope, 'network', { ...BASE_PROPS, ...overrides });
    });
  };
}

describe('Network', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN only the required props (3 AZs)
      // WHEN
      synth = synthNetwork();
    });

    test('creates a VPC with DNS support and hostnames', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(Vpc, {
        cidr_block: '10.0.0.0/16',
        enable_dns_hostnames: true,
        enable_dns_support: true,
        tags: expect.objectContaining({ Name: 'prod-us-east-1-vpc' }),
      });
      expect(Object.keys(resources(synth, 'aws_vpc'))).toEqual(['network']);
    });

    test('creates 9 subnets, one per tier and AZ, none mapping public IPs on launch', () => {
      // THEN
      const subnets = resources(synth, 'aws_subnet');
      expect(Object.keys(subnets).sort()).toEqual(
        ['isolated', 'private', 'public'].flatMap((tier) => AZS_3.map((az) => `network_${tier}_${az.replace(/-/g, '_')}`)).sort(),
      );
      for (const subnet of Object.values(subnets)) {
        expect(subnet.map_public_ip_on_launch).toBe(false);
        expect(subnet.vpc_id).toBe(ref('aws_vpc', 'network'));
      }
      expect(subnets.network_private_us_east_1b).toMatchObject({
        availability_zone: 'us-east-1b',
        cidr_block: '10.0.32.0/19',
        tags: { Name: 'prod-us-east-1-private-us-east-1b' },
      });
      expect(synth).toHaveResourceWithProperties(Subnet, { availability_zone: 'us-east-1c', cidr_block: '10.0.176.0/21' });
    });

    test('creates one NAT gateway with its own EIP per AZ, each in its public subnet', () => {
      // THEN
      const nats = resources(synth, 'aws_nat_gateway');
      const eips = resources(synth, 'aws_eip');
      expect(Object.keys(nats).sort()).toEqual(['network_us_east_1a', 'network_us_east_1b', 'network_us_east_1c']);
      expect(Object.keys(eips).sort()).toEqual(['network_nat_us_east_1a', 'network_nat_us_east_1b', 'network_nat_us_east_1c']);
      for (const az of ['us_east_1a', 'us_east_1b', 'us_east_1c']) {
        expect(nats[`network_${az}`]).toMatchObject({
          allocation_id: ref('aws_eip', `network_nat_${az}`, 'allocation_id'),
          subnet_id: ref('aws_subnet', `network_public_${az}`),
          depends_on: ['aws_internet_gateway.network'],
        });
      }
      expect(synth).toHaveResourceWithProperties(Eip, { domain: 'vpc' });
    });

    test('routes public subnets to the internet gateway and each private subnet to its own NAT', () => {
      // THEN
      const routes = resources(synth, 'aws_route');
      expect(routes.network_public_internet).toEqual({
        route_table_id: ref('aws_route_table', 'network_public'),
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: ref('aws_internet_gateway', 'network'),
      });
      for (const az of ['us_east_1a', 'us_east_1b', 'us_east_1c']) {
        expect(routes[`network_private_${az}_internet`]).toEqual({
          route_table_id: ref('aws_route_table', `network_private_${az}`),
          destination_cidr_block: '0.0.0.0/0',
          nat_gateway_id: ref('aws_nat_gateway', `network_${az}`),
        });
      }
      expect(Object.keys(routes)).toHaveLength(4);
      const associations = resources(synth, 'aws_route_table_association');
      expect(associations.network_public_us_east_1c?.route_table_id).toBe(ref('aws_route_table', 'network_public'));
      expect(associations.network_private_us_east_1c?.route_table_id).toBe(ref('aws_route_table', 'network_private_us_east_1c'));
      expect(associations.network_isolated_us_east_1c?.route_table_id).toBe(ref('aws_route_table', 'network_isolated_us_east_1c'));
      expect(Object.keys(associations)).toHaveLength(9);
    });

    test('gives isolated route tables no route at all', () => {
      // THEN
      const tables = resources(synth, 'aws_route_table');
      expect(Object.keys(tables).sort()).toEqual([
        'network_isolated_us_east_1a',
        'network_isolated_us_east_1b',
        'network_isolated_us_east_1c',
        'network_private_us_east_1a',
        'network_private_us_east_1b',
        'network_private_us_east_1c',
        'network_public',
      ]);
      for (const table of Object.values(tables)) expect(table.route).toBeUndefined();
      const routedTables = Object.values(resources(synth, 'aws_route')).map((r) => r.route_table_id as string);
      expect(routedTables.filter((t) => t.includes('isolated'))).toEqual([]);
    });

    test('adopts the default security group with no ingress and no egress rules', () => {
      // THEN
      const sg = resources(synth, 'aws_default_security_group').network;
      expect(sg).toMatchObject({ vpc_id: ref('aws_vpc', 'network'), ingress: [], egress: [] });
      expect(synth).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
    });

    test('creates a rotating, destroy-protected KMS key whose policy lets only CloudWatch Logs of this account and region use it', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(KmsAlias, {
        name: 'alias/prod-us-east-1-logs',
        target_key_id: ref('aws_kms_key', 'network_logs', 'key_id'),
      });
      const policy = JSON.parse(resources(synth, 'aws_kms_key').network_logs?.policy as string) as Json;
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:*' } },
        }),
      ]);
    });

    test('sends ALL traffic flow logs to a KMS-encrypted, 365-day, destroy-protected log group', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: '/itsm-scale/prod-us-east-1/vpc-flow-logs',
        retention_in_days: 365,
        kms_key_id: ref('aws_kms_key', 'network_logs', 'arn'),
        lifecycle: { prevent_destroy: true },
      });
      expect(synth).toHaveResourceWithProperties(FlowLog, {
        vpc_id: ref('aws_vpc', 'network'),
        traffic_type: 'ALL',
        log_destination_type: 'cloud-watch-logs',
        log_destination: ref('aws_cloudwatch_log_group', 'network_flow_logs', 'arn'),
        iam_role_arn: ref('aws_iam_role', 'network_flow_logs', 'arn'),
      });
    });

    test('gives the flow-log role a source-account-scoped trust policy and a least-privilege policy on the log group only', () => {
      // THEN
      const role = resources(synth, 'aws_iam_role').network_flow_logs as Json;
      expect(role.name).toBe('prod-us-east-1-vpc-flow-logs');
      expect(JSON.parse(role.assume_role_policy as string)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*' },
            },
          },
        ],
      });
      const rolePolicy = resources(synth, 'aws_iam_role_policy').network_flow_logs as Json;
      expect(rolePolicy.role).toBe(ref('aws_iam_role', 'network_flow_logs'));
      const logGroupArn = ref('aws_cloudwatch_log_group', 'network_flow_logs', 'arn');
      expect(JSON.parse(rolePolicy.policy as string).Statement).toEqual([
        {
          Sid: 'DeliverFlowLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
      ]);
    });

    test('adds S3 and DynamoDB gateway endpoints to every private and isolated route table', () => {
      // THEN
      const tableIds = ['private', 'isolated'].flatMap((tier) =>
        ['us_east_1a', 'us_east_1b', 'us_east_1c'].map((az) => ref('aws_route_table', `network_${tier}_${az}`)),
      );
      for (const service of ['s3', 'dynamodb']) {
        expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
          service_name: `com.amazonaws.us-east-1.${service}`,
          vpc_endpoint_type: 'Gateway',
          route_table_ids: tableIds,
        });
      }
    });

    test('puts a Name tag on every taggable resource', () => {
      // THEN
      const parsed = JSON.parse(synth) as Json;
      const untaggable = ['aws_route', 'aws_route_table_association', 'aws_kms_alias', 'aws_iam_role_policy'];
      for (const [type, byId] of Object.entries(parsed.resource as Record<string, Record<string, Json>>)) {
        if (untaggable.includes(type)) continue;
        for (const [id, config] of Object.entries(byId)) {
          expect({ address: `${type}.${id}`, name: config.tags?.Name }).toEqual({
            address: `${type}.${id}`,
            name: expect.stringMatching(/^prod-us-east-1-[a-z0-9-]+$/),
          });
        }
      }
    });

    test('exposes ordered subnet ids and CIDRs, and maps keyed by AZ', () => {
      // GIVEN
      let network: Network | undefined;
      // WHEN
      Testing.synthScope((scope) => {
        network = new Network(scope, 'network', BASE_PROPS);
      });
      // THEN
      expect(network?.privateSubnetIds).toHaveLength(3);
      expect(network?.publicSubnetIds).toHaveLength(3);
      expect(network?.isolatedSubnetIds).toHaveLength(3);
      expect(Object.keys(network?.privateSubnetIdsByAz ?? {})).toEqual(AZS_3);
      expect(Object.keys(network?.natGatewayIdsByAz ?? {})).toEqual(AZS_3);
      expect(network?.privateSubnetCidrBlocks).toEqual(['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19']);
      expect(network?.publicSubnetCidrBlocks).toEqual(['10.0.128.0/21', '10.0.136.0/21', '10.0.144.0/21']);
      expect(network?.isolatedSubnetCidrBlocks).toEqual(['10.0.160.0/21', '10.0.168.0/21', '10.0.176.0/21']);
      expect(network?.vpcCidrBlock).toBe('10.0.0.0/16');
      expect(network?.privateRouteTableIds).toHaveLength(3);
      expect(network?.isolatedRouteTableIds).toHaveLength(3);
    });
  });

  describe('natGateways', () => {
    test("'single' creates one NAT in the first AZ that every private route table points at", () => {
      // GIVEN / WHEN
      const synth = synthNetwork({ natGateways: 'single' });
      // THEN
      expect(Object.keys(resources(synth, 'aws_nat_gateway'))).toEqual(['network_us_east_1a']);
      expect(Object.keys(resources(synth, 'aws_eip'))).toEqual(['network_nat_us_east_1a']);
      expect(synth).toHaveResourceWithProperties(NatGateway, { subnet_id: ref('aws_subnet', 'network_public_us_east_1a') });
      const routes = resources(synth, 'aws_route');
      for (const az of ['us_east_1a', 'us_east_1b', 'us_east_1c']) {
        expect(routes[`network_private_${az}_internet`]).toMatchObject({
          route_table_id: ref('aws_route_table', `network_private_${az}`),
          destination_cidr_block: '0.0.0.0/0',
          nat_gateway_id: ref('aws_nat_gateway', 'network_us_east_1a'),
        });
      }
    });

    test("'none' creates no NAT or EIP and no default route in the private route tables", () => {
      // GIVEN / WHEN
      const synth = synthNetwork({ natGateways: 'none' });
      // THEN
      expect(synth).not.toHaveResource(NatGateway);
      expect(synth).not.toHaveResource(Eip);
      const routes = resources(synth, 'aws_route');
      expect(Object.keys(routes)).toEqual(['network_public_internet']);
      const privateTableRoutes = Object.values(routes).filter((r) => String(r.route_table_id).includes('private'));
      expect(privateTableRoutes).toEqual([]);
      expect(Object.keys(resources(synth, 'aws_route_table'))).toHaveLength(7);
    });
  });

  test('2 AZs give 6 subnets, 2 NATs and 5 route tables', () => {
    // GIVEN / WHEN
    const synth = synthNetwork({ availabilityZones: AZS_2 });
    // THEN
    expect(Object.keys(resources(synth, 'aws_subnet'))).toHaveLength(6);
    expect(Object.keys(resources(synth, 'aws_nat_gateway'))).toHaveLength(2);
    expect(Object.keys(resources(synth, 'aws_route_table'))).toHaveLength(5);
    expect(Object.values(resources(synth, 'aws_subnet')).map((s) => s.availability_zone)).not.toContain('us-east-1c');
  });

  test('flowLogRetentionDays sets the log group retention', () => {
    // GIVEN / WHEN
    const synth = synthNetwork({ flowLogRetentionDays: 30 });
    // THEN
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 30 });
  });

  test('flowLogTrafficType sets the flow log traffic type', () => {
    // GIVEN / WHEN
    const synth = synthNetwork({ flowLogTrafficType: 'REJECT' });
    // THEN
    expect(synth).toHaveResourceWithProperties(FlowLog, { traffic_type: 'REJECT' });
  });

  test('logsKmsKeyArn: no KMS key is created and the log group uses the given key', () => {
    // GIVEN
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    // WHEN
    let network: Network | undefined;
    const synth = Testing.synthScope((scope) => {
      network = new Network(scope, 'network', { ...BASE_PROPS, logsKmsKeyArn: keyArn });
    });
    // THEN
    expect(synth).not.toHaveResource(KmsKey);
    expect(synth).not.toHaveResource(KmsAlias);
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { kms_key_id: keyArn });
    expect(network?.logsKmsKeyArn).toBe(keyArn);
  });

  test('tags are merged onto every taggable resource, and Name stays the construct’s', () => {
    // GIVEN / WHEN
    const synth = synthNetwork({ tags: { component: 'network', Name: 'ignored' } });
    // THEN
    expect(synth).toHaveResourceWithProperties(Vpc, { tags: { Name: 'prod-us-east-1-vpc', component: 'network' } });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      tags: { Name: 'prod-us-east-1-isolated-us-east-1a', component: 'network' },
    });
    for (const [type, id] of [
      ['aws_kms_key', 'network_logs'],
      ['aws_cloudwatch_log_group', 'network_flow_logs'],
      ['aws_nat_gateway', 'network_us_east_1b'],
      ['aws_flow_log', 'network'],
      ['aws_default_security_group', 'network'],
    ] as const) {
      expect(resources(synth, type)[id]?.tags).toMatchObject({ component: 'network' });
    }
  });

  test('a token VPC CIDR is carved with cidrsubnet() using the same layout', () => {
    // GIVEN / WHEN
    const synth = Testing.synthScope((scope) => {
      const cidr = new TerraformVariable(scope, 'vpc_cidr', { type: 'string' });
      new Network(scope, 'network', { ...BASE_PROPS, cidrBlock: cidr.stringValue });
    });
    // THEN
    const subnets = resources(synth, 'aws_subnet');
    expect(subnets.network_private_us_east_1b?.cidr_block).toBe('${cidrsubnet(var.vpc_cidr, 3, 1)}');
    expect(subnets.network_public_us_east_1a?.cidr_block).toBe('${cidrsubnet(var.vpc_cidr, 5, 16)}');
    expect(subnets.network_isolated_us_east_1c?.cidr_block).toBe('${cidrsubnet(var.vpc_cidr, 5, 22)}');
  });

  describe('validation', () => {
    test.each([
      ['not an IP', '10.0.0/16', /cidrBlock is invalid: "10.0.0\/16" is not a valid IPv4 CIDR/],
      ['an octet over 255', '10.0.300.0/16', /not a valid IPv4 CIDR/],
      ['host bits set', '10.0.1.0/16', /host bits set.*Did you mean 10\.0\.0\.0\/16\?/],
    ])('throws for a bad CIDR (%s)', (_label, cidrBlock, message) => {
      // GIVEN / WHEN / THEN
      expect(makeNetwork({ cidrBlock })).toThrow(message);
    });

    test('throws for a /8 prefix', () => {
      expect(makeNetwork({ cidrBlock: '10.0.0.0/8' })).toThrow(/cidrBlock "10\.0\.0\.0\/8" has prefix \/8; AWS VPCs allow \/16 to \/24/);
    });

    test('throws for a /24, whose smallest subnets would be smaller than /28', () => {
      expect(makeNetwork({ cidrBlock: '10.0.0.0/24' })).toThrow(/subnets would be \/29.*\/28 or larger.*\/23 or shorter/);
    });

    test('accepts a /23, whose smallest subnets are /28', () => {
      const synth = synthNetwork({ cidrBlock: '10.0.0.0/23' });
      expect(synth).toHaveResourceWithProperties(Subnet, { cidr_block: '10.0.1.0/28' });
    });

    test('throws for 1 AZ', () => {
      expect(makeNetwork({ availabilityZones: ['us-east-1a'] })).toThrow(/availabilityZones has 1 entries .*pass 2 or 3 AZ names/);
    });

    test('throws for 4 AZs', () => {
      expect(makeNetwork({ availabilityZones: [...AZS_3, 'us-east-1d'] })).toThrow(/availabilityZones has 4 entries/);
    });

    test('throws for duplicate AZs', () => {
      expect(makeNetwork({ availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'] })).toThrow(
        /lists "us-east-1a" twice.*remove the duplicate/,
      );
    });

    test('throws for an AZ of another region', () => {
      expect(makeNetwork({ availabilityZones: ['us-east-1a', 'us-west-2b'] })).toThrow(/"us-west-2b" is not in region "us-east-1"/);
    });

    test('throws for a retention CloudWatch Logs does not accept, listing the allowed values', () => {
      expect(makeNetwork({ flowLogRetentionDays: 42 })).toThrow(/flowLogRetentionDays 42 is not accepted.*1, 3, 5, 7, 14, 30.*3653/);
    });

    test('accepts every retention CloudWatch Logs accepts', () => {
      for (const days of LOG_RETENTION_DAYS) expect(makeNetwork({ flowLogRetentionDays: days })).not.toThrow();
    });

    test.each(['12345', '12345678901a', '1234567890123'])('throws for a bad account id (%s)', (accountId) => {
      expect(makeNetwork({ accountId })).toThrow(/accountId ".*" is invalid; an AWS account id is exactly 12 digits/);
    });

    test('throws for a bad region', () => {
      expect(makeNetwork({ region: 'US East' })).toThrow(/region "US East" is invalid/);
    });

    test('throws for a name that is not lower-case kebab', () => {
      expect(makeNetwork({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid; use lower-case letters/);
    });

    test('throws for an unknown natGateways mode', () => {
      expect(makeNetwork({ natGateways: 'two' as NetworkProps['natGateways'] })).toThrow(/natGateways "two" is invalid; allowed: "per-az", "single", "none"/);
    });

    test('throws for an unknown flowLogTrafficType', () => {
      expect(makeNetwork({ flowLogTrafficType: 'all' as NetworkProps['flowLogTrafficType'] })).toThrow(
        /flowLogTrafficType "all" is invalid; allowed: "ALL", "ACCEPT", "REJECT"/,
      );
    });

    test('throws for a logsKmsKeyArn that is an alias, not a key ARN', () => {
      expect(makeNetwork({ logsKmsKeyArn: 'alias/my-key' })).toThrow(/logsKmsKeyArn "alias\/my-key" is not a KMS key ARN/);
    });

    test('error messages carry the construct path', () => {
      expect(makeNetwork({ accountId: 'x' })).toThrow(/^Network stack\/network: accountId/);
    });

    test('reports every problem at once, in the order of the props', () => {
      // GIVEN a bad name, CIDR prefix, AZ list and retention
      // THEN one error lists all four, separated by "; ", ending in one period
      expect(makeNetwork({ name: 'Prod_US', cidrBlock: '10.0.0.0/8', availabilityZones: ['us-east-1a', 'us-west-2b'], flowLogRetentionDays: 42 })).toThrow(
        /^Network stack\/network: name "Prod_US" is invalid; .+; cidrBlock "10\.0\.0\.0\/8" has prefix \/8; .+; availability zone "us-west-2b" is not in region "us-east-1"; .+; flowLogRetentionDays 42 is not accepted by CloudWatch Logs; use one of [\d, ]+\.$/,
      );
    });

    test('a CIDR that is not one is reported once, not again as too small', () => {
      expect(makeNetwork({ cidrBlock: '10.0.0.0' })).toThrow(
        /^Network stack\/network: cidrBlock is invalid: "10\.0\.0\.0" is not a valid IPv4 CIDR; expected the form a\.b\.c\.d\/p [^;]+, e\.g\. 10\.0\.0\.0\/16\.$/,
      );
    });
  });

  describe('stability', () => {
    test('adding a third AZ leaves the first two AZs’ subnets (CIDRs and addresses) and every other address unchanged', () => {
      // GIVEN
      const twoAzs = synthNetwork({ availabilityZones: AZS_2 });
      // WHEN
      const threeAzs = synthNetwork({ availabilityZones: AZS_3 });
      // THEN
      const before = resources(twoAzs, 'aws_subnet');
      const after = resources(threeAzs, 'aws_subnet');
      expect(Object.keys(before)).toHaveLength(6);
      for (const [id, subnet] of Object.entries(before)) {
        expect(after[id]).toEqual(subnet);
      }
      // every resource of the 2-AZ network keeps its address; the 3rd AZ only adds
      const afterAddresses = new Set(addresses(threeAzs));
      expect(addresses(twoAzs).filter((a) => !afterAddresses.has(a))).toEqual([]);
      // and the NATs and routes of the first two AZs are unchanged
      expect(resources(threeAzs, 'aws_nat_gateway').network_us_east_1b).toEqual(resources(twoAzs, 'aws_nat_gateway').network_us_east_1b);
      expect(resources(threeAzs, 'aws_route').network_private_us_east_1a_internet).toEqual(
        resources(twoAzs, 'aws_route').network_private_us_east_1a_internet,
      );
    });

    test("switching natGateways from 'single' to 'per-az' keeps the first NAT", () => {
      const single = resources(synthNetwork({ natGateways: 'single' }), 'aws_nat_gateway');
      const perAz = resources(synthNetwork({ natGateways: 'per-az' }), 'aws_nat_gateway');
      expect(perAz.network_us_east_1a).toEqual(single.network_us_east_1a);
    });

    test.each(['10.0.0.0/16', '172.16.0.0/18', '192.168.4.0/22', '10.20.2.0/23'])(
      'subnets of %s never overlap each other and stay inside the VPC CIDR',
      (cidrBlock) => {
        // GIVEN / WHEN
        const synth = synthNetwork({ cidrBlock });
        // THEN
        const cidrs = Object.values(resources(synth, 'aws_subnet')).map((s) => s.cidr_block as string);
        expect(cidrs).toHaveLength(9);
        for (const [i, a] of cidrs.entries()) {
          expect(ipv4CidrContains(cidrBlock, a)).toBe(true);
          for (const b of cidrs.slice(i + 1)) expect({ a, b, overlap: ipv4CidrsOverlap(a, b) }).toEqual({ a, b, overlap: false });
        }
      },
    );
  });

  describe('logical ids', () => {
    test('are readable, keyed by tier and AZ name, with no hash suffix', () => {
      // GIVEN / WHEN
      const parsed = JSON.parse(synthNetwork()) as Json;
      // THEN
      expect(parsed.resource.aws_vpc.network).toBeDefined();
      expect(parsed.resource.aws_subnet.network_private_us_east_1a).toBeDefined();
      expect(parsed.resource.aws_subnet.network_public_us_east_1b).toBeDefined();
      expect(parsed.resource.aws_subnet.network_isolated_us_east_1c).toBeDefined();
      expect(parsed.resource.aws_nat_gateway.network_us_east_1a).toBeDefined();
      expect(parsed.resource.aws_route_table.network_private_us_east_1a).toBeDefined();
      expect(parsed.resource.aws_flow_log.network).toBeDefined();
      expect(parsed.resource.aws_cloudwatch_log_group.network_flow_logs).toBeDefined();
      expect(parsed.resource.aws_kms_key.network_logs).toBeDefined();
      expect(parsed.resource.aws_vpc_endpoint.network_s3).toBeDefined();
      for (const address of addresses(JSON.stringify(parsed))) {
        expect(address).toMatch(/^aws_[a-z0-9_]+\.network(_[a-z0-9]+)*$/);
      }
    });

    test('two Networks in one stack do not clash', () => {
      // GIVEN / WHEN
      const synth = Testing.synthScope((scope) => {
        new Network(scope, 'network', BASE_PROPS);
        new Network(scope, 'shared-services', { ...BASE_PROPS, name: 'prod-us-east-1-shared', cidrBlock: '10.1.0.0/16' });
      });
      // THEN
      const subnets = resources(synth, 'aws_subnet');
      expect(Object.keys(subnets)).toHaveLength(18);
      expect(subnets.shared_services_private_us_east_1a?.cidr_block).toBe('10.1.0.0/19');
      expect(subnets.network_private_us_east_1a?.cidr_block).toBe('10.0.0.0/19');
      expect(Object.keys(resources(synth, 'aws_vpc')).sort()).toEqual(['network', 'shared_services']);
    });
  });
});

describe('carveSubnets', () => {
  test('lays out a /16 as private /19s, then public /21s, then isolated /21s', () => {
    expect(carveSubnets('10.0.0.0/16', 3)).toEqual([
      { azIndex: 0, private: '10.0.0.0/19', public: '10.0.128.0/21', isolated: '10.0.160.0/21' },
      { azIndex: 1, private: '10.0.32.0/19', public: '10.0.136.0/21', isolated: '10.0.168.0/21' },
      { azIndex: 2, private: '10.0.64.0/19', public: '10.0.144.0/21', isolated: '10.0.176.0/21' },
    ]);
  });

  test('scales with the prefix: a /20 gives private /23s and public/isolated /25s', () => {
    expect(carveSubnets('172.16.16.0/20', 2)).toEqual([
      { azIndex: 0, private: '172.16.16.0/23', public: '172.16.24.0/25', isolated: '172.16.26.0/25' },
      { azIndex: 1, private: '172.16.18.0/23', public: '172.16.24.128/25', isolated: '172.16.26.128/25' },
    ]);
  });

  test.each([16, 17, 18, 19, 20, 21, 22, 23])('with /%i, adding AZs never renumbers the earlier ones', (prefix) => {
    const cidr = `10.0.0.0/${prefix}`;
    const full = carveSubnets(cidr, AZ_SLOTS);
    for (let count = 1; count <= AZ_SLOTS; count++) {
      expect(carveSubnets(cidr, count)).toEqual(full.slice(0, count));
    }
  });

  test.each([16, 17, 18, 19, 20, 21, 22, 23])('with /%i and all 4 slots, no two subnets overlap and all stay inside the VPC', (prefix) => {
    const cidr = `10.128.0.0/${prefix}`;
    const all = carveSubnets(cidr, AZ_SLOTS).flatMap((az) => [az.public, az.private, az.isolated]);
    expect(new Set(all).size).toBe(12);
    for (const [i, a] of all.entries()) {
      expect(ipv4CidrContains(cidr, a)).toBe(true);
      for (const b of all.slice(i + 1)) expect(ipv4CidrsOverlap(a, b)).toBe(false);
    }
    // the last quarter stays free for later use
    const reserved = cidrSubnet(cidr, 2, 3);
    for (const a of all) expect(ipv4CidrsOverlap(a, reserved)).toBe(false);
  });

  test('throws when the smallest subnets would be below /28', () => {
    expect(() => carveSubnets('10.0.0.0/24', 2)).toThrow(/would be \/29.*\/28 or larger/);
  });

  test.each([0, 5, 1.5])('throws for azCount %p', (count) => {
    expect(() => carveSubnets('10.0.0.0/16', count)).toThrow(/azCount must be an integer from 1 to 4/);
  });

  test('cidrSubnet matches Terraform cidrsubnet()', () => {
    expect(cidrSubnet('10.0.0.0/16', 8, 2)).toBe('10.0.2.0/24');
    expect(cidrSubnet('172.16.0.0/12', 4, 15)).toBe('172.31.0.0/16');
    expect(() => cidrSubnet('10.0.0.0/16', 2, 4)).toThrow(/does not fit in 2 bits/);
  });
});
