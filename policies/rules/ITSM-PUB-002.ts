import { isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Subnets never hand out public IPv4 addresses on launch. */
export const SubnetNoPublicIp: PolicyRule = {
  id: 'ITSM-PUB-002',
  severity: 'error',
  title: 'Subnets do not assign public IPv4 addresses on launch',
  rationale:
    'With map_public_ip_on_launch every instance started in the subnet gets an internet-reachable address, whatever its launch template says. ' +
    'Only the load balancer and NAT gateways (with their own Elastic IPs) belong on the internet.',
  remediation: 'Network creates every subnet with map_public_ip_on_launch = false. For another aws_subnet leave it unset or set it to false.',
  appliesTo: ['aws_subnet'],
  check(resource) {
    return isTrue(resource.body.map_public_ip_on_launch) ? violation('map_public_ip_on_launch is true; expected false') : 'compliant';
  },
};
