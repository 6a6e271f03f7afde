import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** Every WAF web ACL logs its decisions. */
export const WafLogging: PolicyRule = {
  id: 'ITSM-LOG-003',
  severity: 'error',
  title: 'Every WAF web ACL has a logging configuration',
  rationale:
    'Without logs a blocked legitimate user or a bypassed rule cannot be diagnosed, and attacks the WAF stopped leave no evidence. Sampled requests in the console are not a record.',
  remediation:
    'LoadBalancer logs its web ACL to an encrypted aws-waf-logs-* log group with the authorization and cookie headers redacted. For another aws_wafv2_web_acl add an ' +
    'aws_wafv2_web_acl_logging_configuration whose resource_arn references it.',
  appliesTo: ['aws_wafv2_web_acl'],
  check(resource, stack) {
    return stack.linked(resource, 'aws_wafv2_web_acl_logging_configuration', 'resource_arn').length > 0
      ? 'compliant'
      : violation('no aws_wafv2_web_acl_logging_configuration in the stack has resource_arn referencing this web ACL');
  },
};
