import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache replication groups require TLS from every client. */
export const CacheTlsRequired: PolicyRule = {
  id: 'ITSM-ECA-002',
  severity: 'error',
  title: 'ElastiCache replication groups require TLS in transit (transit_encryption_mode = required)',
  rationale:
    'Valkey and Redis OSS speak plain text unless TLS is on; in `preferred` mode a client that does not ask for TLS still connects in the clear, sending session tokens and cached records across the VPC. ' +
    'IAM authentication also needs TLS.',
  remediation:
    'Cache sets transit_encryption_enabled = true and transit_encryption_mode = "required". For another group set both; a group in `preferred` mode moves to `required` in place once every client uses TLS.',
  appliesTo: ['aws_elasticache_replication_group'],
  check(resource) {
    // A Global Datastore secondary inherits TLS from its primary (which this rule checks); the provider rejects the argument on it.
    if (resource.body.global_replication_group_id !== undefined) return 'not-applicable';
    const { transit_encryption_enabled: enabled, transit_encryption_mode: mode } = resource.body;
    if (!isTrue(enabled)) return violation(`transit_encryption_enabled is ${shown(enabled)}; expected true`);
    if (mode === 'preferred') return violation('transit_encryption_mode is "preferred", so clients may still connect without TLS; expected "required"');
    return 'compliant';
  },
};
