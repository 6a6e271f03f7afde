import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** RDS storage encrypted at rest with a customer-managed KMS key. */
export const RdsStorageEncrypted: PolicyRule = {
  id: 'ITSM-ENC-001',
  severity: 'error',
  title: 'RDS storage is encrypted with a customer-managed KMS key',
  rationale:
    'Database volumes, snapshots and automated backups hold the ITSM records. Without storage_encrypted they are stored in the clear; ' +
    'with the AWS-managed key alone, key policy and rotation are outside the account\'s control and snapshots cannot be shared or copied under our own key policy.',
  remediation:
    'ShardedDatabase always encrypts with its own KMS key; for another cluster or instance set storage_encrypted = true and kms_key_id to a customer-managed key ARN. ' +
    'Encryption cannot be switched on in place: restore a snapshot into an encrypted cluster.',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource) {
    const { storage_encrypted: encrypted, kms_key_id: key, global_cluster_identifier: global, replication_source_identifier: source } = resource.body;
    if (!isTrue(encrypted)) {
      // A member of an encrypted global cluster or a read replica inherits encryption only when it asks for it too.
      const hint = global !== undefined || source !== undefined ? ' (secondary and replica clusters must set it as well)' : '';
      return violation(`storage_encrypted is ${shown(encrypted)}; expected true${hint}`);
    }
    if (typeof key !== 'string' || key.trim() === '') return violation('kms_key_id is not set, so the AWS-managed aws/rds key is used; expected a customer-managed KMS key ARN');
    return 'compliant';
  },
};
