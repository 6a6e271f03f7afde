import { Construct } from 'constructs';
import { accountRootAdministrationStatement, ENVELOPE_ENCRYPTION_ACTIONS } from '../core/kms-policy';
import { partitionOf } from '../core/partition';
import { policyDocument } from '../core/policy';
import { PurposeKey, PurposeKeyProps } from '../core/purpose-key';

/** Properties of an {@link EbsKey}: what every purpose key takes. */
export type EbsKeyProps = PurposeKeyProps;

/**
 * The customer-managed key for the fleets' EBS volumes. EC2 Auto Scaling launches instances with
 * its service-linked role, which must be allowed to use the key and create grants on it, or every
 * launch of an encrypted volume fails.
 */
export class EbsKey extends PurposeKey {
  constructor(scope: Construct, id: string, props: EbsKeyProps) {
    super(scope, id, props, { purpose: 'ebs', description: `${props.name}: EBS volumes of the service fleets`, policy: ebsKeyPolicy(props) });
  }
}

/** The account administers the key; Auto Scaling's service-linked role uses it for volumes; the account uses it through EC2. */
function ebsKeyPolicy(props: EbsKeyProps): object {
  const partition = partitionOf(props.region);
  const autoscaling = `arn:${partition}:iam::${props.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  const viaEc2 = { StringEquals: { 'kms:ViaService': `ec2.${props.region}.amazonaws.com`, 'kms:CallerAccount': props.accountId } };
  return policyDocument([
    accountRootAdministrationStatement(partition, props.accountId, { sid: 'AccountAdministers' }),
    {
      Sid: 'AutoScalingUsesForVolumes',
      Effect: 'Allow',
      Principal: { AWS: autoscaling },
      Action: [...ENVELOPE_ENCRYPTION_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'AutoScalingGrantsForAttachedVolumes',
      Effect: 'Allow',
      Principal: { AWS: autoscaling },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    {
      Sid: 'AccountUsesThroughEc2',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
      Resource: '*',
      Condition: viaEc2,
    },
  ]);
}
