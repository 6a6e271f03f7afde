import { blocks, isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Instances are launched without public IP addresses. */
export const InstanceNoPublicIp: PolicyRule = {
  id: 'ITSM-PUB-003',
  severity: 'error',
  title: 'Launch templates and instances do not associate public IP addresses',
  rationale:
    'Application instances sit behind the load balancer in private subnets; a public address makes them reachable from the internet around the load balancer, its WAF and its TLS policy.',
  remediation:
    'ServiceFleet sets network_interfaces[].associate_public_ip_address = false. For another launch template set it to false (or omit it); for aws_instance set associate_public_ip_address = false.',
  appliesTo: ['aws_launch_template', 'aws_instance'],
  check(resource) {
    if (resource.type === 'aws_instance') {
      return isTrue(resource.body.associate_public_ip_address) ? violation('associate_public_ip_address is true; expected false') : 'compliant';
    }
    const exposed = blocks(resource.body.network_interfaces).filter((nic) => isTrue(nic.associate_public_ip_address));
    return exposed.length === 0 ? 'compliant' : violation(`network_interfaces sets associate_public_ip_address = true on ${exposed.length} interface(s); expected false`);
  },
};
