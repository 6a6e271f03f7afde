/**
 * The instance role of a ServiceFleet, as plain policy documents (serialised with JSON.stringify, so the
 * output is deterministic). Least privilege: what the SSM agent needs for Session Manager and Run Command,
 * and read access to the fleet's *own* configuration path, *own* secrets and *own* attachment prefix, and
 * log delivery to its *own* log group. Nothing account-wide: AmazonSSMManagedInstanceCore is not attached
 * (it grants ssm:GetParameter on every parameter of the account, master passwords included). Pure, no cdktf.
 */
import { logGroupArn } from '../core/logs-policy';
import { policyDocument, serviceTrustPolicy } from '../core/policy';

/** The fleet's attachment prefix in the region's attachment bucket. */
export interface AttachmentAccess {
  /** ARN of the bucket (`arn:aws:s3:::<name>`). */
  readonly bucketArn: string;
  /** Key prefix the fleet owns, ending in `/`, e.g. `incident/`; a fleet serving several modules owns one per module. */
  readonly prefix: string | readonly string[];
  /** ARN of the bucket's KMS key; used only through S3 (`kms:ViaService`). */
  readonly kmsKeyArn: string;
}

/** Secrets the fleet reads (never their values in Terraform: only ARNs). */
export interface SecretAccess {
  /** ARNs of the Secrets Manager secrets the fleet may read. */
  readonly secretArns: readonly string[];
  /** The KMS key the secrets are encrypted with; used only through Secrets Manager, for these secrets. */
  readonly kmsKeyArn: string;
}

/** What {@link instanceRolePolicy} needs to know. */
export interface InstanceRolePolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** SSM path of the fleet's runtime configuration, e.g. `/itsm-scale/prod-us-east-1/config/incident`; one per module it serves. */
  readonly configParameterPath: string | readonly string[];
  /** The fleet's log group name. */
  readonly logGroupName: string;
  /** @default - no secrets */
  readonly secrets?: SecretAccess;
  /** @default - no attachment access */
  readonly attachments?: AttachmentAccess;
  /**
   * The fleet's own autoscaling group, when it has the launch hook of a warm spare: the instance completes the
   * hook on its own group and no other.
   * @default - no launch hook
   */
  readonly launchHookGroupName?: string;
  /**
   * The CloudWatch namespace the instances may publish metrics to, and no other (`cloudwatch:namespace`).
   * @default - no metric publishing
   */
  readonly metricsNamespace?: string;
}

/** What the SSM agent calls for Session Manager (AWS's minimal Session Manager instance profile). */
export const SESSION_MANAGER_ACTIONS: readonly string[] = [
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

/** What the SSM agent calls to receive and answer Run Command messages (patching, operators' commands). */
export const RUN_COMMAND_ACTIONS: readonly string[] = [
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
];

/** `arn:<partition>:ssm:<region>:<account>:parameter<path>` (`path` starts with `/`). */
export function parameterArn(partition: string, region: string, accountId: string, path: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:parameter${path}`;
}

/** Trust policy of the instance role: only EC2 may assume it. */
export function instanceTrustPolicy(): object {
  return serviceTrustPolicy('ec2.amazonaws.com');
}

/** The instance role's one inline policy. */
export function instanceRolePolicy(input: InstanceRolePolicyInput): object {
  const { partition, accountId, region, configParameterPath, logGroupName, secrets, attachments, launchHookGroupName, metricsNamespace } = input;
  const paths = (typeof configParameterPath === 'string' ? [configParameterPath] : configParameterPath).map((p) => p.replace(/\/+$/, ''));
  const statements: object[] = [
    // These actions have no resource-level scoping that the agent's calls would satisfy (AWS's own Session Manager
    // profile grants them on "*"); none of them reads data.
    { Sid: 'SessionManager', Effect: 'Allow', Action: [...SESSION_MANAGER_ACTIONS], Resource: '*' },
    { Sid: 'RunCommand', Effect: 'Allow', Action: [...RUN_COMMAND_ACTIONS], Resource: '*' },
    {
      Sid: 'ReadOwnConfiguration',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      // The path itself (GetParametersByPath) and what lies below it; the trailing "/" keeps a module named
      // "change" out of "change-window"'s parameters.
      Resource: paths.flatMap((path) => [parameterArn(partition, region, accountId, path), parameterArn(partition, region, accountId, `${path}/*`)]),
    },
    {
      Sid: 'DeliverOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: [logGroupArn(partition, region, accountId, logGroupName), `${logGroupArn(partition, region, accountId, logGroupName)}:log-stream:*`],
    },
  ];
  if (secrets && secrets.secretArns.length > 0) {
    statements.push(
      { Sid: 'ReadOwnSecrets', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: [...secrets.secretArns] },
      {
        Sid: 'DecryptOwnSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: secrets.kmsKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:SecretARN': [...secrets.secretArns] },
        },
      },
    );
  }
  if (attachments) {
    const prefixes = (typeof attachments.prefix === 'string' ? [attachments.prefix] : attachments.prefix).map((p) => (p.endsWith('/') ? p : `${p}/`));
    const objects = prefixes.map((prefix) => `${attachments.bucketArn}/${prefix}*`);
    statements.push(
      {
        Sid: 'OwnAttachmentObjects',
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        // One prefix: a string, as before sharing existed (the synthesized policy stays the same).
        Resource: objects.length === 1 ? objects[0]! : objects,
      },
      {
        Sid: 'ListOwnAttachmentPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: attachments.bucketArn,
        Condition: { StringLike: { 's3:prefix': prefixes.flatMap((prefix) => [prefix, `${prefix}*`]) } },
      },
      {
        Sid: 'AttachmentKeyThroughS3',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: attachments.kmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      },
    );
  }
  if (launchHookGroupName !== undefined) {
    statements.push({
      Sid: 'CompleteOwnLaunchHook',
      Effect: 'Allow',
      Action: 'autoscaling:CompleteLifecycleAction',
      // The group's id is not known before it exists; its name is, and names are unique in the region.
      Resource: `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${launchHookGroupName}`,
    });
  }
  if (metricsNamespace !== undefined) {
    statements.push({
      Sid: 'PublishOwnMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      // PutMetricData takes no resource scope (AWS: "*" only); the namespace condition is its limit.
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': metricsNamespace } },
    });
  }
  return policyDocument(statements);
}
