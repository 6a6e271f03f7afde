import { conditionValues, policyStatements, violation } from '../helpers';
import { PolicyRule } from '../types';

/** EFS file systems refuse NFS clients that do not use TLS. */
export const FileSystemTlsOnly: PolicyRule = {
  id: 'ITSM-EFS-002',
  severity: 'error',
  title: 'EFS file systems have a file system policy that denies access without TLS (aws:SecureTransport false)',
  rationale: 'NFS is plain text: without the deny, a client that mounts without `-o tls` reads and writes the shared home in the clear across the VPC.',
  remediation:
    'SharedFileSystem writes an aws_efs_file_system_policy whose first statement denies every action when aws:SecureTransport is false. For another file system add such a policy ' +
    '(mount with amazon-efs-utils: -o tls).',
  appliesTo: ['aws_efs_file_system'],
  check(resource, stack) {
    const policies = stack.linked(resource, 'aws_efs_file_system_policy', 'file_system_id', ['id']);
    if (policies.length === 0) return violation('no aws_efs_file_system_policy of the stack refers to this file system; expected one that denies access without TLS');
    const denies = policies.some((policy) =>
      (policyStatements(policy.body.policy) ?? []).some((statement) => statement.effect === 'Deny' && conditionValues(statement, 'Bool', 'aws:SecureTransport').includes('false')),
    );
    return denies ? 'compliant' : violation('its file system policy has no Deny statement on aws:SecureTransport = false; expected one');
  },
};
