import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** EFS file systems are encrypted with a customer-managed KMS key. */
export const FileSystemEncrypted: PolicyRule = {
  id: 'ITSM-EFS-001',
  severity: 'error',
  title: 'EFS file systems are encrypted at rest with a customer-managed KMS key',
  rationale: 'A shared home holds attachments, exports and application state. EFS encryption can only be chosen at creation, and the AWS-managed key cannot be governed or revoked by the account.',
  remediation:
    'SharedFileSystem always encrypts with its own KMS key. For another aws_efs_file_system set encrypted = true and kms_key_id to a customer-managed key ARN ' +
    '(a new file system: copy the data with AWS DataSync or restore a backup into it).',
  appliesTo: ['aws_efs_file_system'],
  check(resource) {
    const { encrypted, kms_key_id: key } = resource.body;
    if (!isTrue(encrypted)) return violation(`encrypted is ${shown(encrypted)}; expected true`);
    if (typeof key !== 'string' || key.trim() === '') return violation('kms_key_id is not set, so the AWS-managed aws/elasticfilesystem key is used; expected a customer-managed KMS key ARN');
    return 'compliant';
  },
};
