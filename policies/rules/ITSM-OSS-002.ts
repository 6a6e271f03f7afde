import { block, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** TLS 1.2 security policies of OpenSearch Service. */
export const TLS12_POLICIES: readonly string[] = ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'];

/** OpenSearch domains answer HTTPS only, with TLS 1.2 or later. */
export const SearchHttpsOnly: PolicyRule = {
  id: 'ITSM-OSS-002',
  severity: 'error',
  title: 'OpenSearch domains enforce HTTPS with a TLS 1.2+ security policy',
  rationale:
    'Without enforce_https the endpoint also answers plain HTTP, so queries, results and signed requests cross the VPC in the clear; the default TLS policy still accepts TLS 1.0 and 1.1.',
  remediation:
    `SearchCluster sets domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" }. For another domain set enforce_https = true and one of ${TLS12_POLICIES.join(', ')}.`,
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const options = block(resource.body.domain_endpoint_options);
    const problems: string[] = [];
    if (!isTrue(options?.enforce_https)) problems.push(`domain_endpoint_options.enforce_https is ${shown(options?.enforce_https)}`);
    const policy = options?.tls_security_policy;
    if (typeof policy !== 'string' || !TLS12_POLICIES.includes(policy)) problems.push(`domain_endpoint_options.tls_security_policy is ${shown(policy)}`);
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected HTTPS enforced with ${TLS12_POLICIES.join(' or ')}`);
  },
};
