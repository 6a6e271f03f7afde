import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache replication groups are encrypted at rest with a customer-managed KMS key. */
export const CacheEncryptedAtRest: PolicyRule = {
  id: 'ITSM-ECA-001',
  severity: 'error',
  title: 'ElastiCache replication groups are encrypted at rest with a customer-managed KMS key',
  rationale:
    'Cache nodes and their snapshots hold sessions and copies of ticket data. Without at-rest encryption they are stored in the clear; with the AWS-managed key, ' +
    'key policy and revocation are outside the account\'s control.',
  remediation:
    'Cache always encrypts with its own KMS key. For another aws_elasticache_replication_group set at_rest_encryption_enabled = true and kms_key_id to a customer-managed key ARN; ' +
    'encryption cannot be switched on in place: restore a snapshot into a new, encrypted group.',
  appliesTo: ['aws_elasticache_replication_group'],
  check(resource) {
    if (resource.body.global_replication_group_id !== undefined) return 'not-applicable';
    const { at_rest_encryption_enabled: encrypted, kms_key_id: key } = resource.body;
    if (!isTrue(encrypted)) return violation(`at_rest_encryption_enabled is ${shown(encrypted)}; expected true`);
    if (typeof key !== 'string' || key.trim() === '') return violation('kms_key_id is not set, so the AWS-managed key is used; expected a customer-managed KMS key ARN');
    return 'compliant';
  },
};
