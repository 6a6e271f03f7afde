import { isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Database instances are not reachable from the internet. */
export const RdsNotPublic: PolicyRule = {
  id: 'ITSM-PUB-004',
  severity: 'error',
  title: 'RDS instances are not publicly accessible',
  rationale:
    'publicly_accessible gives the instance a public DNS name and address; one permissive security group rule would then expose the database to the internet.',
  remediation: 'ShardedDatabase sets publicly_accessible = false on every instance in isolated subnets. For another aws_rds_cluster_instance or aws_db_instance set publicly_accessible = false.',
  appliesTo: ['aws_rds_cluster_instance', 'aws_db_instance'],
  check(resource) {
    return isTrue(resource.body.publicly_accessible) ? violation('publicly_accessible is true; expected false') : 'compliant';
  },
};
