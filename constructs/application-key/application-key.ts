import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement, logicalId, partitionOf, physicalName, pinLogicalId, policyDocument, Tags } from '../core';

export interface ApplicationKeyProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Name pattern of the fleets' log groups CloudWatch Logs may encrypt with the key.
   * @default `/itsm-scale/<name>/app/*`
   */
  readonly logGroupNamePattern?: string;
  /** @default - no extra tags */
  readonly tags?: Tags;
}

/**
 * The customer-managed key of a region's application data outside the databases and buckets: the fleets'
 * log groups and the modules' secrets. CloudWatch Logs may use it only for the fleets' log groups. No other
 * principal is named: the account root administers the key, so IAM policies decide, and each fleet's policy
 * allows decryption only through Secrets Manager and only for its own secrets (encryption context SecretARN).
 */
export class ApplicationKey extends Construct {
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ApplicationKeyProps) {
    super(scope, id);
    const prefix = logicalId(id);
    const partition = partitionOf(props.region);
    const key = pinLogicalId(
      new KmsKey(this, 'Key', {
        description: `${props.name}: application log groups and module secrets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(
          policyDocument([
            accountRootAdministrationStatement(partition, props.accountId),
            cloudWatchLogsKeyUseStatement({
              sid: 'AllowCloudWatchLogsUseForApplicationLogs',
              partition,
              accountId: props.accountId,
              region: props.region,
              logGroupName: props.logGroupNamePattern ?? `/itsm-scale/${props.name}/app/*`,
              match: 'ArnLike',
            }),
          ]),
        ),
        tags: { ...props.tags, Name: physicalName(props.name, 'app') },
        lifecycle: { preventDestroy: true },
      }),
      prefix,
    );
    pinLogicalId(new KmsAlias(this, 'Alias', { name: `alias/${physicalName(props.name, 'app')}`, targetKeyId: key.keyId }), prefix);
    this.keyArn = key.arn;
  }
}
