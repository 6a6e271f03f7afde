import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** CloudWatch log groups are encrypted with a KMS key. */
export const LogGroupEncrypted: PolicyRule = {
  id: 'ITSM-ENC-004',
  severity: 'error',
  title: 'CloudWatch log groups are encrypted with a KMS key',
  rationale:
    'Database, WAF and flow logs contain user names, client addresses and query text. A customer-managed key restricts who can read them ' +
    'beyond logs:* permissions and lets access be revoked by disabling the key.',
  remediation:
    'The constructs create their log groups with kms_key_id. For another aws_cloudwatch_log_group set kms_key_id to a KMS key ARN whose key policy lets logs.<region>.amazonaws.com use it for that log group.',
  appliesTo: ['aws_cloudwatch_log_group'],
  check(resource) {
    const key = resource.body.kms_key_id;
    return typeof key === 'string' && key.trim() !== '' ? 'compliant' : violation('kms_key_id is not set; expected a KMS key ARN');
  },
};
