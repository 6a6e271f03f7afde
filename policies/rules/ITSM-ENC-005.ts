import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** SNS topics are encrypted with a KMS key. */
export const SnsTopicEncrypted: PolicyRule = {
  id: 'ITSM-ENC-005',
  severity: 'error',
  title: 'SNS topics are encrypted with a KMS key',
  rationale:
    'Alarm and backup notifications name resources, failures and sometimes data. Server-side encryption keeps messages encrypted at rest in SNS; ' +
    'a customer-managed key (not alias/aws/sns) is required for CloudWatch and AWS Backup to publish to an encrypted topic.',
  remediation:
    'Monitoring and BackupVault encrypt their topics with their own keys. For another aws_sns_topic set kms_master_key_id to a customer-managed key ' +
    'whose policy lets the publishing service principal use kms:GenerateDataKey* and kms:Decrypt.',
  appliesTo: ['aws_sns_topic'],
  check(resource) {
    const key = resource.body.kms_master_key_id;
    if (typeof key !== 'string' || key.trim() === '') return violation('kms_master_key_id is not set; expected a customer-managed KMS key');
    if (key === 'alias/aws/sns') return violation('kms_master_key_id is the AWS-managed alias/aws/sns, which CloudWatch alarms and AWS Backup cannot use; expected a customer-managed key');
    return 'compliant';
  },
};
