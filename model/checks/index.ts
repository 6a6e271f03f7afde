import { Project } from '../load';
import { Problem } from '../problems';
import { checkBlueprint } from './blueprint';
import { checkAcrossEnvironments, checkState, checkTags } from './names';
import { checkRegions } from './regions';
import { checkServiceLevels } from './service-levels';

/**
 * Checks beyond each file's schema that the constructs, the planner or AWS would otherwise fail
 * on at synth or apply: see the files of this folder, one concern each.
 */
export function checkProject({ blueprints, environments }: Project): Problem[] {
  const envs = [...environments.values()];
  return [
    ...[...blueprints.values()].flatMap(checkBlueprint),
    ...envs.flatMap((env) => [...checkRegions(env), ...checkTags(env), ...checkState(env), ...checkServiceLevels(env, blueprints.get(env.value.blueprint))]),
    ...checkAcrossEnvironments(envs),
  ];
}
