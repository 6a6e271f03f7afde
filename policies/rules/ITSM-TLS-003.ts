import { block, blocks, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Plain-HTTP listeners only redirect to HTTPS. */
export const HttpListenerRedirects: PolicyRule = {
  id: 'ITSM-TLS-003',
  severity: 'error',
  title: 'HTTP listeners only redirect to HTTPS (default action and every rule)',
  rationale:
    'A port-80 listener that forwards or answers requests serves sessions, API tokens and ticket data unencrypted. Redirecting keeps old links working without a plain-text path to the application.',
  remediation:
    'LoadBalancer\'s HTTP listener redirects with HTTP 301 to HTTPS and has no rules. For another listener make default_action a single ' +
    '{type = "redirect", redirect = {protocol = "HTTPS", port = "443", status_code = "HTTP_301"}} and attach listener rules to the HTTPS listener only.',
  appliesTo: ['aws_lb_listener'],
  check(resource, stack) {
    if (resource.body.protocol !== 'HTTP') return 'not-applicable';
    const problems: string[] = [];
    const actions = blocks(resource.body.default_action);
    if (actions.length === 0) problems.push('default_action is missing');
    actions.forEach((action) => {
      const message = notRedirectToHttps(action);
      if (message) problems.push(`default_action ${message}`);
    });
    for (const rule of stack.linked(resource, 'aws_lb_listener_rule', 'listener_arn')) {
      blocks(rule.body.action).forEach((action) => {
        const message = notRedirectToHttps(action);
        if (message) problems.push(`${rule.address} action ${message}`);
      });
    }
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected only redirects to HTTPS`);
  },
};

function notRedirectToHttps(action: Record<string, unknown>): string | undefined {
  if (action.type !== 'redirect') return `has type ${shown(action.type)}`;
  const protocol = block(action.redirect)?.protocol;
  return protocol === 'HTTPS' ? undefined : `redirects to protocol ${shown(protocol)}`;
}
