/**
 * IAM and KMS policy documents of a ShardedDatabase, as plain objects (serialised with JSON.stringify,
 * so the output is deterministic). Pure functions, no cdktf.
 */

import { partitionOf } from '../core/partition';

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
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableAccountRootAdministration',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowUseThroughRdsAndSecretsManager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: KEY_USE_ACTIONS,
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': accountId,
            'kms:ViaService': [`rds.${region}.amazonaws.com`, `secretsmanager.${region}.amazonaws.com`],
          },
        },
      },
      {
        Sid: 'AllowCloudWatchLogsUseForRdsLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/rds/cluster/${clusterIdentifierPrefix}*`,
          },
        },
      },
    ],
  };
}

/**
 * Trust policy of the Enhanced Monitoring role: only RDS monitoring acting for DB instances of this
 * account in this region may assume it (confused-deputy protection). The instance part of the ARN is a
 * wildcard because Aurora Auto Scaling names the replicas it adds `application-autoscaling-<uuid>`.
 */
export function monitoringTrustPolicy(partition: string, accountId: string, region: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'monitoring.rds.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:rds:${region}:${accountId}:db:*` },
        },
      },
    ],
  };
}

/** The AWS managed policy that lets Enhanced Monitoring write to CloudWatch Logs. */
export function enhancedMonitoringPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`;
}
