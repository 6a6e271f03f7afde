import { block, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** OpenSearch domains enforce fine-grained access control with an IAM master. */
export const SearchFineGrainedAccess: PolicyRule = {
  id: 'ITSM-OSS-003',
  severity: 'error',
  title: 'OpenSearch domains enforce fine-grained access control, with no anonymous access and an IAM master (no internal master password)',
  rationale:
    'Without fine-grained access control anyone the access policy admits may read and write every index, and audit logs cannot be published. An internal master user has a password ' +
    'that ends up in YAML or Terraform state; an IAM master needs none.',
  remediation:
    'SearchCluster sets advanced_security_options { enabled = true, anonymous_auth_enabled = false, internal_user_database_enabled = false, master_user_options { master_user_arn } }. ' +
    'For another domain do the same (enabling FGAC on an existing domain needs a blue/green update).',
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const security = block(resource.body.advanced_security_options);
    if (!isTrue(security?.enabled)) return violation(`advanced_security_options.enabled is ${shown(security?.enabled)}; expected true`);
    const problems: string[] = [];
    if (isTrue(security?.anonymous_auth_enabled)) problems.push('anonymous_auth_enabled is true');
    const master = block(security?.master_user_options);
    if (isTrue(security?.internal_user_database_enabled) || master?.master_user_password !== undefined) {
      problems.push('the master user is an internal user with a password');
    } else if (typeof master?.master_user_arn !== 'string' || master.master_user_arn === '') {
      problems.push('master_user_options.master_user_arn is not set');
    }
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected no anonymous access and an IAM master user ARN`);
  },
};
