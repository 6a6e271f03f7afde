/**
 * How the command line, the cdktf app and `diff --base` load a project: the model's validation
 * plus the planner's check that every environment can be planned (capacity/feasibility.ts), so that
 * all problems are reported at once, before anything is planned or written.
 */
import { checkServiceLevels } from '../capacity/feasibility';
import { LoadOptions, loadProject, Project } from '../model/load';

/** Loads and validates the project, the planner's check included; throws InputError listing every problem. */
export function loadPlannableProject(options: LoadOptions = {}): Project {
  return loadProject({ ...options, checks: [...(options.checks ?? []), checkServiceLevels] });
}
