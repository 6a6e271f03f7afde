/**
 * Tag keys of the tagging policy. Every resource carries them (via provider default_tags plus
 * per-construct tags); the stacks set them, the constructs add the module tag, and the policy pack
 * checks them on the synthesized output, so all three read the keys from here.
 */
export const TAG_KEYS = {
  environment: 'environment',
  blueprint: 'blueprint',
  scenario: 'scenario',
  module: 'module',
  owner: 'owner',
  costCenter: 'cost-center',
  dataClassification: 'data-classification',
} as const;

/** The tag key that the backup plan selects on; every stateful resource carries it. */
export const BACKUP_TAG_KEY = 'backup-plan';
