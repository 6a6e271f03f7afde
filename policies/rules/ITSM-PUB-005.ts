import { asNumber, blocks, list, listed, shown, violation } from '../helpers';
import { PolicyRule, ResourceView, StackView } from '../types';

const ANYWHERE = ['0.0.0.0/0', '::/0'];
const WEB_PORTS = [80, 443];

/** The one open ingress an internet-facing load balancer needs. */
interface Ingress {
  readonly what: string;
  readonly cidrs: readonly string[];
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

/** No ingress from the whole internet, except HTTP/HTTPS into application load balancers. */
export const NoOpenIngress: PolicyRule = {
  id: 'ITSM-PUB-005',
  severity: 'error',
  title: 'Security groups allow no ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 on application load balancer security groups',
  rationale:
    'An ingress rule open to the internet on SSH, a database or an application port exposes the service around the load balancer, its WAF and its TLS policy. ' +
    'Only the internet-facing application load balancer takes traffic from anywhere, and only on 80 (redirected) and 443.',
  remediation:
    'Allow clients by security group (referenced_security_group_id) or by VPC CIDR. The load balancer\'s security group may keep its 80/443 rules; anything else open to the internet ' +
    'needs a suppression with a reason in the environment\'s policy.suppressions.',
  appliesTo: ['aws_vpc_security_group_ingress_rule', 'aws_security_group_rule', 'aws_security_group', 'aws_default_security_group'],
  check(resource, stack) {
    const rules = ingressOf(resource);
    if (rules.length === 0) return 'not-applicable';
    const group = resource.type === 'aws_security_group' ? resource : stack.referencedBy(resource.body.security_group_id, 'aws_security_group')[0];
    const onLoadBalancer = group !== undefined && isApplicationLoadBalancerGroup(group, stack);
    const problems = rules
      .filter((rule) => rule.cidrs.some((cidr) => ANYWHERE.includes(cidr)))
      .filter((rule) => !(onLoadBalancer && isWebPort(rule)))
      .map((rule) => `${rule.what} allows ${describe(rule)} from ${listed(rule.cidrs.filter((c) => ANYWHERE.includes(c)))}`);
    if (problems.length === 0) return 'compliant';
    const where = onLoadBalancer ? ' (only TCP 80 and 443 may be open on a load balancer)' : group ? ` (${group.address} belongs to no application load balancer)` : '';
    return violation(`${problems.join('; ')}${where}`);
  },
};

function ingressOf(resource: ResourceView): Ingress[] {
  const body = resource.body;
  switch (resource.type) {
    case 'aws_vpc_security_group_ingress_rule':
      return [{ what: 'the rule', cidrs: [body.cidr_ipv4, body.cidr_ipv6].filter((c): c is string => typeof c === 'string'), protocol: body.ip_protocol, fromPort: body.from_port, toPort: body.to_port }];
    case 'aws_security_group_rule':
      if (body.type !== 'ingress') return [];
      return [{ what: 'the rule', cidrs: cidrsOf(body), protocol: body.protocol, fromPort: body.from_port, toPort: body.to_port }];
    default:
      return blocks(body.ingress).map((rule, index) => ({ what: `ingress block ${index + 1}`, cidrs: cidrsOf(rule), protocol: rule.protocol, fromPort: rule.from_port, toPort: rule.to_port }));
  }
}

function cidrsOf(body: Record<string, unknown>): string[] {
  return [...list(body.cidr_blocks), ...list(body.ipv6_cidr_blocks)].filter((c): c is string => typeof c === 'string');
}

function isWebPort(rule: Ingress): boolean {
  const protocol = String(rule.protocol).toLowerCase();
  const from = asNumber(rule.fromPort);
  return (protocol === 'tcp' || protocol === '6') && from !== undefined && from === asNumber(rule.toPort) && WEB_PORTS.includes(from);
}

function describe(rule: Ingress): string {
  const protocol = String(rule.protocol).toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'all traffic';
  const from = asNumber(rule.fromPort);
  const to = asNumber(rule.toPort);
  const ports = from === undefined ? `ports ${shown(rule.fromPort)}` : from === to || to === undefined ? `port ${from}` : `ports ${from}-${to}`;
  return `${protocol} ${ports}`;
}

function isApplicationLoadBalancerGroup(group: ResourceView, stack: StackView): boolean {
  return stack
    .ofType('aws_lb')
    .some((lb) => (lb.body.load_balancer_type ?? 'application') === 'application' && stack.referencedBy(lb.body.security_groups, 'aws_security_group').includes(group));
}
