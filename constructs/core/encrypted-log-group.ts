import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { OwnedResourceProps } from './logical-id';
import { logRetentionProblem } from './validation';

/** Properties of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps extends OwnedResourceProps {
  /** The log group name, e.g. `/itsm-scale/prod-us-east-1/vpc-flow-logs`. */
  readonly name: string;
  /** Retention in days; one of `LOG_RETENTION_DAYS` (what CloudWatch Logs accepts), never "keep forever". */
  readonly retentionInDays: number;
  /** ARN of the KMS key that encrypts the group (a {@link CustomerManagedKey}'s `arn`, or one given to the owner). */
  readonly kmsKeyArn: string;
  /** Tags of the log group. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * CloudWatch Logs deletion protection (the group cannot be deleted until it is turned off).
   * @default - not set (the provider's default, off); `prevent_destroy` still guards it in Terraform
   */
  readonly deletionProtectionEnabled?: boolean;
}

/**
 * A CloudWatch log group as every construct of the toolkit makes one: encrypted with a customer-managed KMS
 * key, a finite retention from the list CloudWatch Logs accepts, and `prevent_destroy` (logs are evidence).
 * It is the `aws_cloudwatch_log_group` itself, so construct path and address stay what the owner gives.
 */
export class EncryptedLogGroup extends CloudwatchLogGroup {
  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id, {
      ...(props.provider ? { provider: props.provider } : {}),
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      ...(props.deletionProtectionEnabled !== undefined ? { deletionProtectionEnabled: props.deletionProtectionEnabled } : {}),
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    // Owners report a bad retention under their own prop name first; this guards direct use.
    const problem = logRetentionProblem(props.retentionInDays, 'retentionInDays');
    if (problem !== undefined) throw new Error(`EncryptedLogGroup ${this.node.path}: ${problem}.`);
    props.pin(this, ...(props.addressParts ?? []));
  }
}
