import { Loaded } from '../load';
import { Environment, RegionSpec } from '../schema';

export { problemAt } from '../load';

/** The regions of an environment with their paths: the primary first. */
export function regionsOf(env: Loaded<Environment>): Array<{ path: Array<string | number>; spec: RegionSpec }> {
  const e = env.value;
  return [{ path: ['regions', 'primary'], spec: e.regions.primary }, ...e.regions.secondaries.map((spec, i) => ({ path: ['regions', 'secondaries', i], spec }))];
}
