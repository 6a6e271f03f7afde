import { shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/**
 * ELB security policies that accept TLS 1.2 and later only: ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*,
 * -TLS-1-2-* and -FS-1-2-* (with their Res/Ext/FIPS/PQ variants).
 */
export const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** HTTPS and TLS listeners accept TLS 1.2 or later only. */
export const ListenerModernTls: PolicyRule = {
  id: 'ITSM-TLS-002',
  severity: 'error',
  title: 'HTTPS and TLS listeners use a security policy that allows TLS 1.2 or later only',
  rationale:
    'TLS 1.0 and 1.1 are deprecated (RFC 8996) and fail PCI DSS and most audits. A listener without ssl_policy gets ELBSecurityPolicy-2016-08, which still accepts them.',
  remediation:
    'LoadBalancer uses ELBSecurityPolicy-TLS13-1-2-2021-06. For another listener set ssl_policy to a TLS 1.2+ policy such as ' +
    'ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.3 and 1.2) or ELBSecurityPolicy-TLS13-1-3-2021-06 (TLS 1.3 only).',
  appliesTo: ['aws_lb_listener'],
  check(resource) {
    const protocol = resource.body.protocol;
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return 'not-applicable';
    const policy = resource.body.ssl_policy;
    if (typeof policy === 'string' && MODERN_TLS_POLICY.test(policy)) return 'compliant';
    const received = policy === undefined ? 'not set (the default ELBSecurityPolicy-2016-08 allows TLS 1.0)' : shown(policy);
    return violation(`${protocol} listener on port ${shown(resource.body.port)}: ssl_policy is ${received}; expected a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06`);
  },
};
