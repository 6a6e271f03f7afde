import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** EFS file systems have mount targets in at least two AZs. */
export const FileSystemMultiAz: PolicyRule = {
  id: 'ITSM-EFS-003',
  severity: 'error',
  title: 'EFS file systems have mount targets in at least two subnets (availability zones)',
  rationale:
    'A Regional file system stores data across AZs, but clients reach it only through mount targets: with one, losing its AZ cuts every module off its shared home, ' +
    'and clients in other AZs pay cross-AZ traffic.',
  remediation: 'SharedFileSystem creates one mount target per AZ of the network. For another file system add an aws_efs_mount_target in a subnet of each AZ the clients run in.',
  appliesTo: ['aws_efs_file_system'],
  check(resource, stack) {
    if (typeof resource.body.availability_zone_name === 'string') return violation('availability_zone_name makes it a One Zone file system; expected a Regional file system with mount targets in two or more AZs');
    const targets = stack.linked(resource, 'aws_efs_mount_target', 'file_system_id', ['id']);
    const subnets = new Set(targets.map((t) => JSON.stringify(t.body.subnet_id)));
    return subnets.size >= 2 ? 'compliant' : violation(`has mount targets in ${subnets.size} subnet${subnets.size === 1 ? '' : 's'}; expected at least 2, in different AZs`);
  },
};
