import { blocks, listed, tagMap, violation } from '../helpers';
import { FLEET_TAG_KEYS, missingTags } from '../tagging';
import { PolicyRule } from '../types';

/** Autoscaling groups, and the instances and volumes they launch, carry the tagging policy and their module. */
export const FleetTagging: PolicyRule = {
  id: 'ITSM-TAG-002',
  severity: 'error',
  title: `Autoscaling groups and the instances and volumes they launch carry the tagging policy and the module (${FLEET_TAG_KEYS.join(', ')})`,
  rationale:
    'The provider\'s default_tags reach neither aws_autoscaling_group nor the instances and volumes it launches (launch template tag_specifications are not default-tagged either). ' +
    'Instances are most of the bill; without these tags their cost and ownership are unallocated and the module they serve is unknown.',
  remediation:
    'Give the group tag blocks for every policy key with propagate_at_launch = true (or put the keys into the launch template\'s tag_specifications for "instance"), and put them into the ' +
    'tag_specifications for "volume" too. In this toolkit: pass the stack\'s policy tags (EnvironmentStack.tags) as ServiceFleet\'s tags prop, which merges them into all three.',
  appliesTo: ['aws_autoscaling_group'],
  check(resource, stack) {
    const tagBlocks = blocks(resource.body.tag).filter((t) => typeof t.key === 'string' && typeof t.value === 'string');
    const groupTags = Object.fromEntries(tagBlocks.map((t) => [t.key as string, t.value as string]));
    const propagated = Object.fromEntries(tagBlocks.filter((t) => t.propagate_at_launch === true || t.propagate_at_launch === 'true').map((t) => [t.key as string, t.value as string]));
    const template = stack.referencedBy([resource.body.launch_template, resource.body.mixed_instances_policy], 'aws_launch_template')[0];
    const specification = (type: string) =>
      Object.assign({}, ...blocks(template?.body.tag_specifications).filter((s) => s.resource_type === type).map((s) => tagMap(s.tags))) as Record<string, string>;
    const source = template?.address ?? 'the launch template';
    const gaps: [string, string[]][] = [
      ["the group's tag blocks", missingTags(groupTags, FLEET_TAG_KEYS)],
      [`launched instances (propagated tag blocks + ${source} tag_specifications "instance")`, missingTags({ ...specification('instance'), ...propagated }, FLEET_TAG_KEYS)],
      ...(template ? [[`volumes (${source} tag_specifications "volume")`, missingTags(specification('volume'), FLEET_TAG_KEYS)] as [string, string[]]] : []),
    ];
    // One sentence per distinct set of missing keys: "a, b and c lack x and y".
    const bySet = new Map<string, string[]>();
    for (const [what, missing] of gaps) if (missing.length > 0) bySet.set(listed(missing), [...(bySet.get(listed(missing)) ?? []), what]);
    const problems = [...bySet].map(([missing, what]) => `${listed(what)} lack ${missing}`);
    return problems.length === 0 ? 'compliant' : violation(problems.join('; '));
  },
};
