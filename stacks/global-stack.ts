import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan } from '../capacity/types';
import { EnvironmentStack, EnvironmentStackProps } from './environment-stack';

export interface GlobalStackProps extends EnvironmentStackProps {
  /** Regions of the environment, primary first. */
  readonly regions: readonly string[];
  /** The capacity plan; its DR posture decides how traffic is routed between regions. */
  readonly plan: CapacityPlan;
}

/**
 * What spans regions (DNS and failover routing). Its state lives in the primary region's bucket;
 * it refers to regional resources by deterministic names, never by Terraform reference.
 */
export class GlobalStack extends EnvironmentStack {
  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, props);
    new TerraformOutput(this, 'dr_posture', { value: props.plan.dr.posture, description: 'DR posture chosen from the RTO/RPO.' });
    new TerraformOutput(this, 'serving_regions', { value: props.plan.dr.servingRegions, description: 'Regions that serve traffic in normal operation.' });
  }
}
