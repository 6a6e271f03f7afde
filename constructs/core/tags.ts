import { physicalName } from './naming';
import { byCodeUnitIgnoringCase } from './order';

/** Tag keys of the tagging policy. Every resource carries them (via provider default_tags plus per-construct tags). */
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

/** Plain string tags as AWS resources take them. */
export type Tags = Readonly<Record<string, string>>;

/** Merges tag sets left to right; later sets win. Returns a new object with keys in alphabetical order, ignoring case. */
export function mergeTags(...sets: ReadonlyArray<Tags | undefined>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const set of sets) {
    if (set) Object.assign(merged, set);
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => byCodeUnitIgnoringCase(a, b)));
}

/** The construct's tags plus a `Name` of `<name>-<parts>`. */
export type NameTagger = (...nameParts: string[]) => Record<string, string>;

/** The `tagsFor` of one construct: `tags` with `Name: physicalName(name, ...nameParts)` added. */
export function nameTagger(tags: Tags | undefined, name: string): NameTagger {
  return (...nameParts) => mergeTags(tags, { Name: physicalName(name, ...nameParts) });
}
