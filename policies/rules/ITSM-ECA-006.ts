import { block, violation } from '../helpers';
import { PolicyRule } from '../types';

/** ElastiCache users authenticate: IAM or a password, never password-less unless switched off. */
export const CacheUsersAuthenticate: PolicyRule = {
  id: 'ITSM-ECA-006',
  severity: 'error',
  title: 'ElastiCache users authenticate (IAM or password); only a switched-off user may be password-less',
  rationale:
    'A password-less ("no-password-required") user admits any client that reaches the port and names it: the security group becomes the only gate, ' +
    "so one compromised instance in its reach can read and write that user's keys. The RBAC group's required default user is harmless only while it is switched off.",
  remediation:
    'Use IAM authentication (Cache authentication: "iam", the default). Where a product cannot present IAM tokens (e.g. Zammad), blueprint ' +
    'sharedServices.cache.authentication: network is the explicit choice; accept this finding in the environment with policy.suppressions and the reason.',
  appliesTo: ['aws_elasticache_user'],
  check(resource) {
    const mode = block(resource.body.authentication_mode)?.type;
    if (mode !== 'no-password-required') return 'compliant';
    const access = typeof resource.body.access_string === 'string' ? resource.body.access_string.trim() : '';
    if (/^off(\s|$)/.test(access)) return 'compliant';
    return violation(`user "${String(resource.body.user_id)}" is password-less (authentication_mode no-password-required) and switched on ("${access}"); expected IAM authentication`);
  },
};
