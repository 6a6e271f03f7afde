import { Construct } from 'constructs';
import {
  accountRootAdministrationStatement,
  addressPinner,
  cloudWatchLogsKeyUseStatement,
  CustomerManagedKey,
  logicalId,
  partitionOf,
  physicalName,
  policyDocument,
  Tags,
} from '../core';

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
    const partition = partitionOf(props.region);
    const key = new CustomerManagedKey(this, 'Key', {
      description: `${props.name}: application log groups and module secrets`,
      policy: policyDocument([
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
      aliasName: `alias/${physicalName(props.name, 'app')}`,
      aliasId: 'Alias',
      tags: { ...props.tags, Name: physicalName(props.name, 'app') },
      pin: addressPinner(logicalId(id)),
    });
    this.keyArn = key.arn;
  }
}
