/**
 * Policy documents of the FaultInjection construct, as plain objects (the construct JSON.stringifies them).
 * Pure functions: no cdktf, so they can be read and tested on their own.
 */

import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement } from '../core/kms-policy';
import { logDeliveryResourcePolicy } from '../core/logs-policy';
import { policyDocument, serviceTrustPolicy, sourceAccountCondition } from '../core/policy';

/** The resource tag EC2 Auto Scaling puts on every instance it launches. */
export const ASG_TAG_KEY = 'aws:autoscaling:groupName';

/** The tag AWS FIS puts on the network ACLs it creates for `aws:network:disrupt-connectivity`. */
export const FIS_MANAGED_TAG_KEY = 'managedByFIS';

/** Trust policy: only AWS FIS, running an experiment of this account in this region, may assume the role. */
export function fisTrustPolicy(partition: string, accountId: string, region: string): object {
  return serviceTrustPolicy('fis.amazonaws.com', {
    sid: 'AllowFisExperimentsOfThisAccount',
    condition: sourceAccountCondition(accountId, `arn:${partition}:fis:${region}:${accountId}:experiment/*`),
  });
}

/** What the experiment role must be able to do. */
export interface ExperimentPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Names of the autoscaling groups whose instances the stop-instances experiments may stop and start; may be empty. */
  readonly autoscalingGroupNames: readonly string[];
  /** Subnet ARNs of the AZ-outage experiment; empty when there is none (and then no network permission is granted). */
  readonly outageSubnetArns: readonly string[];
}

/**
 * The experiment role's permissions, least privilege:
 * - `ec2:StopInstances` / `ec2:StartInstances` only on instances tagged with one of the given ASG names
 *   (`aws:ec2:stop-instances` with `startInstancesAfterDuration`); `ec2:DescribeInstances`, which has no
 *   resource-level permissions.
 * - For `aws:network:disrupt-connectivity` (only when there is an AZ-outage experiment), the subset of the
 *   AWS managed policy `AWSFaultInjectionSimulatorNetworkAccess` that scope `all` uses, narrowed to this
 *   account and region: create a network ACL tagged `managedByFIS=true`, add entries to and delete only
 *   such ACLs, swap the ACL association of the target subnets only, and the describe calls.
 * - Experiment logging to CloudWatch Logs (vended-logs delivery): `logs:CreateLogDelivery` plus the describe
 *   calls AWS uses to check that the log group's resource policy already admits the delivery service. The
 *   construct writes that resource policy itself, so the role gets no `logs:PutResourcePolicy`.
 */
export function fisExperimentPolicy(input: ExperimentPolicyInput): object {
  const { partition, accountId, region, autoscalingGroupNames, outageSubnetArns } = input;
  const ec2Arn = (resource: string) => `arn:${partition}:ec2:${region}:${accountId}:${resource}`;
  const statements: object[] = [];

  if (autoscalingGroupNames.length > 0) {
    statements.push(
      {
        Sid: 'StopAndStartFleetInstances',
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'ec2:StartInstances'],
        Resource: ec2Arn('instance/*'),
        Condition: { StringEquals: { [`aws:ResourceTag/${ASG_TAG_KEY}`]: [...autoscalingGroupNames] } },
      },
      {
        // DescribeInstances supports no resource-level permissions.
        Sid: 'DescribeInstances',
        Effect: 'Allow',
        Action: 'ec2:DescribeInstances',
        Resource: '*',
      },
    );
  }

  if (outageSubnetArns.length > 0) {
    const networkAcls = ec2Arn('network-acl/*');
    statements.push(
      {
        Sid: 'CreateFisNetworkAcl',
        Effect: 'Allow',
        Action: 'ec2:CreateNetworkAcl',
        Resource: networkAcls,
        Condition: { StringEquals: { [`aws:RequestTag/${FIS_MANAGED_TAG_KEY}`]: 'true' } },
      },
      {
        Sid: 'CreateNetworkAclInVpc',
        Effect: 'Allow',
        Action: 'ec2:CreateNetworkAcl',
        Resource: ec2Arn('vpc/*'),
      },
      {
        Sid: 'TagFisNetworkAclOnCreate',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: networkAcls,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', [`aws:RequestTag/${FIS_MANAGED_TAG_KEY}`]: 'true' } },
      },
      {
        Sid: 'ManageFisNetworkAclOnly',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
        Resource: networkAcls,
        Condition: { StringEquals: { [`aws:ResourceTag/${FIS_MANAGED_TAG_KEY}`]: 'true' } },
      },
      {
        // Swaps in the deny-all ACL, and back to the original ACL at the end; only on the target subnets.
        Sid: 'SwapNetworkAclOfTargetSubnets',
        Effect: 'Allow',
        Action: 'ec2:ReplaceNetworkAclAssociation',
        Resource: [...outageSubnetArns, networkAcls],
      },
      {
        // Describe calls support no resource-level permissions.
        Sid: 'DescribeNetwork',
        Effect: 'Allow',
        Action: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'],
        Resource: '*',
      },
    );
  }

  statements.push(
    {
      // CreateLogDelivery supports no resource-level permissions.
      Sid: 'DeliverExperimentLogs',
      Effect: 'Allow',
      Action: 'logs:CreateLogDelivery',
      Resource: '*',
    },
    {
      // Neither describe call supports resource-level permissions: IAM accepts only "*" for them.
      Sid: 'CheckLogGroupResourcePolicy',
      Effect: 'Allow',
      Action: ['logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      Resource: '*',
    },
  );

  return policyDocument(statements);
}

/**
 * CloudWatch Logs resource policy that lets the log delivery service (which AWS FIS experiment logging uses)
 * write to the one FIS log group, only for this account's resources. Written explicitly so it is reviewable,
 * instead of the service appending to a shared `AWSLogDeliveryWrite` policy at experiment start.
 */
export function fisLogDeliveryPolicy(partition: string, accountId: string, region: string, logGroupArn: string): object {
  return logDeliveryResourcePolicy({ sid: 'AllowFisExperimentLogDelivery', partition, accountId, region, logGroupArn });
}

/**
 * Key policy of the log group's KMS key: the account root administers the key (and so enables IAM policies);
 * CloudWatch Logs of this region may use it only for the one FIS log group (encryption-context condition).
 */
export function fisLogsKeyPolicy(partition: string, accountId: string, region: string, logGroupName: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    cloudWatchLogsKeyUseStatement({ sid: 'AllowCloudWatchLogsUseForFisLogs', partition, accountId, region, logGroupName, match: 'ArnEquals' }),
  ]);
}
