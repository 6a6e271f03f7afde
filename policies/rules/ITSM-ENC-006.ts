import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** Backup vaults encrypt recovery points with a customer-managed KMS key. */
export const BackupVaultEncrypted: PolicyRule = {
  id: 'ITSM-ENC-006',
  severity: 'error',
  title: 'Backup vaults encrypt recovery points with a customer-managed KMS key',
  rationale:
    'Recovery points are the last copy of the data. With the default AWS-managed key the account cannot restrict or audit who decrypts them, ' +
    'and cross-account or cross-region copies need a customer-managed key.',
  remediation: 'BackupVault creates and uses its own key. For another aws_backup_vault set kms_key_arn to a customer-managed KMS key ARN.',
  appliesTo: ['aws_backup_vault'],
  check(resource) {
    const key = resource.body.kms_key_arn;
    return typeof key === 'string' && key.trim() !== '' ? 'compliant' : violation('kms_key_arn is not set, so AWS Backup uses its AWS-managed key; expected a customer-managed KMS key ARN');
  },
};
