/**
 * How the command line, the cdktf app and `diff --base` load a project: the model's validation,
 * the planner's check that every environment can be planned (capacity/feasibility.ts) and the
 * checks of what the constructs and AWS would refuse (model/checks/), so that
 * all problems are reported at once, before anything is planned or written.
 */
import { checkScenarioDates, checkServiceLevels } from '../capacity/feasibility';
import { checkResidency } from '../capacity/residency-check';
import { checkProject } from '../model/checks';
import { LoadOptions, loadProject, Project } from '../model/load';

/** Loads and validates the project, the planner's check included; throws InputError listing every problem. */
export function loadPlannableProject(options: LoadOptions = {}): Project {
  return loadProject({ ...options, checks: [...(options.checks ?? []), checkServiceLevels, checkScenarioDates, checkResidency, checkProject] });
}
