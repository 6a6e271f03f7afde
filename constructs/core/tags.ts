import { physicalName } from '../../foundation/naming';
import { byCodeUnitIgnoringCase } from './order';

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
