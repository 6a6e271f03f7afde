import { Construct } from 'constructs';
import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement, partitionOf, policyDocument, PurposeKey, PurposeKeyProps } from '../core';

/** Properties of an {@link ApplicationKey}. */
export interface ApplicationKeyProps extends PurposeKeyProps {
  /**
   * Name pattern of the fleets' log groups CloudWatch Logs may encrypt with the key.
   * @default `/itsm-scale/<name>/app/*`
   */
  readonly logGroupNamePattern?: string;
}

/**
 * The customer-managed key of a region's application data outside the databases and buckets: the fleets'
 * log groups and the modules' secrets. CloudWatch Logs may use it only for the fleets' log groups. No other
 * principal is named: the account root administers the key, so IAM policies decide, and each fleet's policy
 * allows decryption only through Secrets Manager and only for its own secrets (encryption context SecretARN).
 */
export class ApplicationKey extends PurposeKey {
  constructor(scope: Construct, id: string, props: ApplicationKeyProps) {
    super(scope, id, props, { purpose: 'app', description: `${props.name}: application log groups and module secrets`, policy: applicationKeyPolicy(props) });
  }
}

/** The account administers the key; CloudWatch Logs may use it for the fleets' log groups only. */
function applicationKeyPolicy(props: ApplicationKeyProps): object {
  const partition = partitionOf(props.region);
  return policyDocument([
    accountRootAdministrationStatement(partition, props.accountId),
    cloudWatchLogsKeyUseStatement({
      sid: 'AllowCloudWatchLogsUseForApplicationLogs',
      partition,
      accountId: props.accountId,
      region: props.region,
      logGroupName: props.logGroupNamePattern ?? `/itsm-scale/${props.name}/app/*`,
      match: 'ArnLike',
    }),
  ]);
}
