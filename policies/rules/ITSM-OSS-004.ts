import { block, list, violation } from '../helpers';
import { PolicyRule } from '../types';

/** OpenSearch domains live in the VPC. */
export const SearchInVpc: PolicyRule = {
  id: 'ITSM-OSS-004',
  severity: 'error',
  title: 'OpenSearch domains are reachable only inside the VPC (vpc_options with subnets and security groups)',
  rationale:
    'A domain without vpc_options has a public endpoint: its access policy is then the only thing between the internet and the index of every ticket.',
  remediation:
    'SearchCluster places the domain in the isolated subnets behind its own security group. For another aws_opensearch_domain set vpc_options { subnet_ids, security_group_ids }; ' +
    'moving a public domain into a VPC replaces it (snapshot and restore the indexes).',
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const vpc = block(resource.body.vpc_options);
    if (list(vpc?.subnet_ids).length === 0) return violation('vpc_options.subnet_ids is empty, so the domain has a public endpoint; expected the isolated subnets of the VPC');
    if (list(vpc?.security_group_ids).length === 0) return violation('vpc_options.security_group_ids is empty, so the VPC default security group applies; expected a security group that admits the clients only');
    return 'compliant';
  },
};
