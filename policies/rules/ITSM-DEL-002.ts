import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Load balancers cannot be deleted until deletion protection is turned off. */
export const LoadBalancerDeletionProtection: PolicyRule = {
  id: 'ITSM-DEL-002',
  severity: 'error',
  title: 'Load balancers have deletion protection',
  rationale:
    'The load balancer\'s DNS name is what Route 53 and clients point at; a deleted load balancer comes back with a new name, so an accidental delete is an outage until DNS follows.',
  remediation: 'LoadBalancer sets enable_deletion_protection = true. For another aws_lb set enable_deletion_protection = true.',
  appliesTo: ['aws_lb'],
  check(resource) {
    return isTrue(resource.body.enable_deletion_protection)
      ? 'compliant'
      : violation(`enable_deletion_protection is ${shown(resource.body.enable_deletion_protection)}; expected true`);
  },
};
