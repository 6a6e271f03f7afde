import { block, blocks, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** EBS volumes (standalone, of instances and of launch templates) are encrypted. */
export const EbsEncrypted: PolicyRule = {
  id: 'ITSM-ENC-003',
  severity: 'error',
  title: 'EBS volumes are encrypted',
  rationale:
    'Instance volumes hold application caches, temporary files and logs with ticket data. An unencrypted volume, and every snapshot of it, ' +
    'can be read by anyone who can attach or share it; account-level EBS default encryption is a setting outside this stack and cannot be relied on.',
  remediation:
    'ServiceFleet encrypts the root volume with the EBS key. For another launch template set block_device_mappings[].ebs.encrypted = true (and kms_key_id); ' +
    'for aws_instance set root_block_device.encrypted and ebs_block_device[].encrypted; for aws_ebs_volume set encrypted = true.',
  appliesTo: ['aws_launch_template', 'aws_instance', 'aws_ebs_volume'],
  check(resource) {
    const body = resource.body;
    if (resource.type === 'aws_ebs_volume') {
      return isTrue(body.encrypted) ? 'compliant' : violation(`encrypted is ${shown(body.encrypted)}; expected true`);
    }
    if (resource.type === 'aws_instance') {
      const root = block(body.root_block_device);
      const problems: string[] = [];
      if (!root || !isTrue(root.encrypted)) problems.push(`root_block_device.encrypted is ${shown(root?.encrypted)}`);
      blocks(body.ebs_block_device).forEach((device) => {
        if (!isTrue(device.encrypted)) problems.push(`ebs_block_device ${shown(device.device_name)} has encrypted ${shown(device.encrypted)}`);
      });
      return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected true`);
    }
    const mappings = blocks(body.block_device_mappings).filter((mapping) => block(mapping.ebs) !== undefined);
    if (mappings.length === 0) {
      return violation('block_device_mappings declares no ebs volume, so the AMI\'s volume settings apply unencrypted unless the account default says otherwise; declare the root volume with encrypted = true');
    }
    const unencrypted = mappings.filter((mapping) => !isTrue(block(mapping.ebs)?.encrypted));
    if (unencrypted.length === 0) return 'compliant';
    return violation(unencrypted.map((mapping) => `block_device_mappings ${shown(mapping.device_name)} has ebs.encrypted ${shown(block(mapping.ebs)?.encrypted)}`).join('; ') + '; expected true');
  },
};
