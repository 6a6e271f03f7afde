import { list, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Autoscaling groups span at least two subnets (availability zones). */
export const AsgMultiAz: PolicyRule = {
  id: 'ITSM-HA-001',
  severity: 'error',
  title: 'Autoscaling groups span at least two subnets or availability zones',
  rationale:
    'A group in one availability zone goes down with it; with two or more, Auto Scaling replaces lost capacity in the surviving zones (and the planner sizes fleets N+1 per AZ assuming it can).',
  remediation: 'ServiceFleet spreads over the network\'s private subnets, one per AZ. For another aws_autoscaling_group list at least two subnets in vpc_zone_identifier, in different AZs.',
  appliesTo: ['aws_autoscaling_group'],
  check(resource) {
    const subnets = list(resource.body.vpc_zone_identifier).length;
    const zones = list(resource.body.availability_zones).length;
    const count = Math.max(subnets, zones);
    return count >= 2 ? 'compliant' : violation(`spans ${count} subnet${count === 1 ? '' : 's'} (vpc_zone_identifier) / availability zone(s); expected at least 2`);
  },
};
