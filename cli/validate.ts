/**
 * `itsm-scale validate` beyond the files' own rules: every environment is planned, built into
 * stacks and synthesized (into a temporary directory, removed afterwards) exactly as `synth`
 * would, so that whatever validate accepts, synth accepts too. A failure of the planner, a
 * construct or the policy pack becomes a problem located in the environment's file; a failure
 * that is a bug (a TypeError, say) still reports as an internal error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanError } from '../capacity/errors';
import { Loaded, Project } from '../model/load';
import { formatPath, InputError, Problem } from '../model/problems';
import { PolicyError } from './failure';

/** Synthesizes every environment of `project` to a scratch directory; throws InputError with every problem found. */
export function validateBySynthesis(project: Project): void {
  // Loaded here: `validate` of a broken file never pays for cdktf.
  const { synthesize } = require('./synthesize') as typeof import('./synthesize');
  const scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-validate-'));
  const problems: Problem[] = [];
  try {
    for (const name of [...project.environments.keys()].sort()) {
      const env = project.environments.get(name)!;
      const blueprint = project.blueprints.get(env.value.blueprint);
      try {
        synthesize(project, { environments: [name], outDir: join(scratch, name) });
      } catch (error) {
        problems.push(...asProblems(error, env, blueprint));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** A failure of one environment's synthesis as located problems; bugs are rethrown. */
function asProblems(error: unknown, env: Loaded<unknown>, blueprint: Loaded<unknown> | undefined): Problem[] {
  if (error instanceof InputError) return [...error.problems];
  if (error instanceof PlanError) {
    const where = error.location?.file === 'blueprint' && blueprint ? blueprint : env;
    return [at(where, error.location?.path ?? [], `${error.message} (the capacity planner refuses this input)`)];
  }
  if (error instanceof PolicyError) {
    const { isBlocking } = require('../policies') as typeof import('../policies');
    return error.findings
      .filter(isBlocking)
      .map((finding) => at(env, ['policy'], `policy rule ${finding.ruleId} fails on ${finding.stack} ${finding.address}: ${finding.message} (${finding.remediation}; or accept it under policy.suppressions with a reason)`));
  }
  // Constructs validate their props and throw plain Errors naming the construct and the fix.
  if (error instanceof Error && error.constructor === Error) {
    return [at(env, [], `${error.message} (a construct refuses what this environment and its blueprint ask for)`)];
  }
  throw error;
}

function at(loaded: Loaded<unknown>, path: ReadonlyArray<string | number>, message: string): Problem {
  const { line, column } = loaded.source.positionOf(path);
  return { file: loaded.file, line, column, path: path.length === 0 ? '(environment)' : formatPath(path), message };
}
