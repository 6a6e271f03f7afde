import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan } from '../capacity/types';
import { Network } from '../constructs/network';
import { RegionSpec } from '../model/schema';
import { EnvironmentStack, EnvironmentStackProps } from './environment-stack';

export interface RegionalStackProps extends EnvironmentStackProps {
  /** The region's spec from the environment. */
  readonly regionSpec: RegionSpec;
  /** Whether this is the environment's primary region. */
  readonly primary: boolean;
  /** NAT layout from the environment. */
  readonly natGateways: 'per-az' | 'single';
  /** The capacity plan the stack provisions. */
  readonly plan: CapacityPlan;
}

/**
 * One region of an environment, with its own state: network, data, service and backup tiers.
 * It never refers to another region's stack, so a surviving region plans and applies alone.
 */
export class RegionalStack extends EnvironmentStack {
  public readonly network: Network;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, props);
    const { regionSpec } = props;

    this.network = new Network(this, 'network', {
      name: id,
      accountId: props.accountId,
      region: props.region,
      cidrBlock: regionSpec.vpcCidr,
      availabilityZones: regionSpec.availabilityZones.map((letter) => `${props.region}${letter}`),
      natGateways: props.natGateways,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC of this region.' });
  }
}
