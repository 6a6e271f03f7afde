/**
 * IAM and KMS policy documents of a ShardedDatabase, as plain objects (serialised with JSON.stringify,
 * so the output is deterministic). Pure functions, no cdktf.
 */

import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement, viaServiceCondition } from '../core/kms-policy';
import { partitionOf } from '../core/partition';
import { policyDocument, serviceTrustPolicy, sourceAccountCondition } from '../core/policy';

export { partitionOf };

/** What the database key policy needs to know. */
export interface DatabaseKeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Prefix of the cluster identifiers, e.g. `prod-us-east-1-tickets-shard-`; scopes the logs grant. */
  readonly clusterIdentifierPrefix: string;
}

/** The actions a service needs to use (not administer) a key for envelope encryption and grants. */
const KEY_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:CreateGrant',
  'kms:ListGrants',
  'kms:DescribeKey',
];

/**
 * Key policy of the per-group database key:
 * - the account root administers the key (so IAM policies of the account decide who else may);
 * - principals of this account may use it only through RDS (storage, Performance Insights) and
 *   Secrets Manager (the RDS-managed master user secret) in this region;
 * - CloudWatch Logs of this region may use it only for this group's RDS log groups.
 */
export function databaseKeyPolicy(input: DatabaseKeyPolicyInput): object {
  const { partition, accountId, region, clusterIdentifierPrefix } = input;
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    {
      Sid: 'AllowUseThroughRdsAndSecretsManager',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: viaServiceCondition(accountId, [`rds.${region}.amazonaws.com`, `secretsmanager.${region}.amazonaws.com`]),
    },
    cloudWatchLogsKeyUseStatement({
      sid: 'AllowCloudWatchLogsUseForRdsLogGroups',
      partition,
      accountId,
      region,
      logGroupName: `/aws/rds/cluster/${clusterIdentifierPrefix}*`,
      match: 'ArnLike',
    }),
  ]);
}

/**
 * Trust policy of the Enhanced Monitoring role: only RDS monitoring acting for DB instances of this
 * account in this region may assume it (confused-deputy protection). The instance part of the ARN is a
 * wildcard because Aurora Auto Scaling names the replicas it adds `application-autoscaling-<uuid>`.
 */
export function monitoringTrustPolicy(partition: string, accountId: string, region: string): object {
  return serviceTrustPolicy('monitoring.rds.amazonaws.com', {
    condition: sourceAccountCondition(accountId, `arn:${partition}:rds:${region}:${accountId}:db:*`),
  });
}

/** The AWS managed policy that lets Enhanced Monitoring write to CloudWatch Logs. */
export function enhancedMonitoringPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`;
}
