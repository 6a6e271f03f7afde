import { effectiveTags, listed, violation } from '../helpers';
import { missingTags, REQUIRED_TAG_KEYS, TAGGABLE_TYPES } from '../tagging';
import { PolicyRule } from '../types';

/** Taggable resources carry the tagging policy. */
export const TaggingPolicy: PolicyRule = {
  id: 'ITSM-TAG-001',
  severity: 'error',
  title: `Taggable resources carry the tagging policy (${REQUIRED_TAG_KEYS.join(', ')}) through default_tags or their own tags`,
  rationale:
    'Cost allocation, ownership, incident routing and data-handling rules all key on these tags; an untagged resource is paid for by no one and protected by no classification-based control.',
  remediation:
    'The stacks put the policy into the AWS provider\'s default_tags from the environment (tags.owner, tags.cost-center, tags.data-classification) plus environment, blueprint and scenario. ' +
    'A resource fails only if its provider lacks them or it overrides one with an empty value; check the provider block and the resource\'s tags.',
  appliesTo: TAGGABLE_TYPES,
  check(resource, stack) {
    const missing = missingTags(effectiveTags(resource, stack), REQUIRED_TAG_KEYS);
    if (missing.length === 0) return 'compliant';
    const provider = typeof resource.body.provider === 'string' ? resource.body.provider : 'aws';
    return violation(`missing tag${missing.length === 1 ? '' : 's'} ${listed(missing)} (neither the default_tags of provider ${provider} nor the resource's tags set a non-empty value)`);
  },
};
