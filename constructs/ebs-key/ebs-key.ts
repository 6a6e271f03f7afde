import { Construct } from 'constructs';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { accountRootAdministrationStatement, ENVELOPE_ENCRYPTION_ACTIONS } from '../core/kms-policy';
import { addressPinner, logicalId } from '../core/logical-id';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { policyDocument } from '../core/policy';
import { Tags } from '../core/tags';

export interface EbsKeyProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** @default - no extra tags */
  readonly tags?: Tags;
}

/**
 * The customer-managed key for the fleets' EBS volumes. EC2 Auto Scaling launches instances with
 * its service-linked role, which must be allowed to use the key and create grants on it, or every
 * launch of an encrypted volume fails.
 */
export class EbsKey extends Construct {
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EbsKeyProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    const autoscaling = `arn:${partition}:iam::${props.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    const viaEc2 = { StringEquals: { 'kms:ViaService': `ec2.${props.region}.amazonaws.com`, 'kms:CallerAccount': props.accountId } };
    const key = new CustomerManagedKey(this, 'Key', {
      description: `${props.name}: EBS volumes of the service fleets`,
      policy: policyDocument([
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
      ]),
      aliasName: `alias/${physicalName(props.name, 'ebs')}`,
      aliasId: 'Alias',
      tags: { ...props.tags, Name: physicalName(props.name, 'ebs') },
      pin: addressPinner(logicalId(id)),
    });
    this.keyArn = key.arn;
  }
}
