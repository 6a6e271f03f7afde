import { list, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache replication groups authenticate every client. */
export const CacheAuthentication: PolicyRule = {
  id: 'ITSM-ECA-005',
  severity: 'error',
  title: 'ElastiCache replication groups authenticate clients (RBAC user group, or an AUTH token)',
  rationale:
    'Without authentication anything that reaches the port reads and writes every key: one compromised instance anywhere in the security group\'s reach can hijack sessions. ' +
    'An RBAC user group with IAM authentication avoids a shared password altogether.',
  remediation:
    'Cache attaches an RBAC user group with one IAM-authenticated user per module and the default user switched off. For another group set user_group_ids ' +
    '(preferred) or auth_token (kept out of the state with a write-only argument).',
  appliesTo: ['aws_elasticache_replication_group'],
  check(resource) {
    if (list(resource.body.user_group_ids).length > 0) return 'compliant';
    const token = resource.body.auth_token ?? resource.body.auth_token_wo;
    if (typeof token === 'string' && token !== '') return 'compliant';
    return violation('neither user_group_ids nor auth_token is set, so any client that reaches the port is admitted; expected an RBAC user group');
  },
};
