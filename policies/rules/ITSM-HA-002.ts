import { blocks, list, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Load balancers span at least two subnets. */
export const LoadBalancerMultiAz: PolicyRule = {
  id: 'ITSM-HA-002',
  severity: 'error',
  title: 'Load balancers span at least two subnets',
  rationale: 'A load balancer node lives in each of its subnets; with one subnet, one availability zone failure takes the whole entry point down.',
  remediation: 'LoadBalancer uses the network\'s public subnets, one per AZ. For another aws_lb list at least two subnets (or subnet_mapping blocks) in different AZs.',
  appliesTo: ['aws_lb'],
  check(resource) {
    const count = Math.max(list(resource.body.subnets).length, blocks(resource.body.subnet_mapping).length);
    return count >= 2 ? 'compliant' : violation(`spans ${count} subnet${count === 1 ? '' : 's'}; expected at least 2`);
  },
};
