import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { namesOutOfLimit } from '../foundation/name-limits';
import { Project } from '../model/load';
import { planReportJson } from '../report/plan-json';
import { InputError, Problem } from '../model/problems';
import { checkStackJson, Finding, isBlocking, suppressionsFile } from '../policies';
import { buildStacks, BuildOptions, EnvironmentStacks } from '../stacks/build';
import { asFileSystemError, PolicyError } from './failure';
import { checkReplaceable, newGeneration, outputLocation, publish, removeLeftovers } from './output-dir';
import { abandonedDrafts, lockOutput } from './output-lock';

export interface SynthesizeOptions extends BuildOptions {
  /** Output directory, in the `cdktf synth` layout. @default 'cdktf.out' (relative to the current directory) */
  readonly outDir?: string;
}

export interface SynthesizeResult {
  /** Absolute path of the output (a symbolic link to the current generation, see output-dir.ts). */
  readonly outDir: string;
  /** Stack names in the order they were built: per environment its regional stacks, then `<env>-global`. */
  readonly stacks: readonly string[];
  /** Policy findings that do not block: warnings, and suppressed errors with their reasons. */
  readonly findings: readonly Finding[];
  /** Stacks the previous output held that this one does not (other environments, with `--env`). */
  readonly dropped: readonly string[];
  /** Leftovers of earlier synths that could not be removed (e.g. read-only), for a warning. */
  readonly unremoved: readonly string[];
}

/**
 * Synthesizes in-process into a new generation beside `outDir` and makes it the output only when
 * everything succeeded (output-dir.ts): a failure, or a kill at any moment, leaves the previous
 * output as it was, and the next synth removes whatever a killed one left. One synth per output
 * at a time (output-lock.ts). File-system faults are FileSystemErrors naming the path.
 */
export function synthesize(project: Project, options: SynthesizeOptions = {}): SynthesizeResult {
  const location = outputLocation(options.outDir ?? 'cdktf.out');
  const { outDir } = location;
  checkReplaceable(location);
  const lock = guarded(() => {
    mkdirSync(location.parent, { recursive: true });
    for (const draft of abandonedDrafts(location.lock, readdirSync(location.parent))) rmSync(draft, { recursive: true, force: true });
    return lockOutput(location.lock, outDir);
  });
  try {
    const leftovers = guarded(() => removeLeftovers(location));
    const staging = guarded(() => newGeneration(location));
    let stacks: string[];
    let findings: Finding[];
    try {
      const app = new App({ outdir: staging, skipValidation: false });
      const built = refusalsAsInputErrors(project, () => buildStacks(app, project, options));
      stacks = built.flatMap((env) => [...env.regional.map((s) => s.node.id), env.global.node.id]);
      guarded(() => app.synth());
      guarded(() => writePlans(staging, built));
      guarded(() => checkNameLimits(staging, project, built));
      findings = guarded(() => checkPolicies(staging, project, built));
      if (findings.some(isBlocking)) throw new PolicyError(findings);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const dropped = otherStacks(outDir, stacks);
    guarded(() => publish(location, staging));
    const stale = guarded(() => removeLeftovers(location));
    return { outDir, stacks, findings, dropped, unremoved: [...new Set([...leftovers, ...stale])].filter((path) => existsSync(path)) };
  } finally {
    lock.release();
  }
}

/** Where synth writes each environment's plan and cost (the `plan --format json` shape), for `itsm-scale diff`. */
export const PLANS_DIR = 'plans';

/**
 * Writes `plans/<env>.json` beside the stacks: the plan report JSON of the plan the stacks were built from,
 * with its cost, so that a diff of two outputs can say what a change costs per month.
 */
function writePlans(outDir: string, built: readonly EnvironmentStacks[]): void {
  mkdirSync(join(outDir, PLANS_DIR), { recursive: true });
  for (const env of built) {
    writeFileSync(join(outDir, PLANS_DIR, `${env.plan.environment}.json`), `${JSON.stringify(planReportJson([env.plan], [env.cost]), null, 2)}\n`);
  }
}

/**
 * Constructs check their props and throw plain Errors that name the construct path (which starts
 * with the stack, `<env>-<region>/…`) and the fix: input the model's checks did not catch. They
 * become input errors of that environment's file; anything else (a TypeError: a bug) stays as it is.
 */
function refusalsAsInputErrors<T>(project: Project, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof Error) || error.constructor !== Error) throw error;
    const envs = [...project.environments.values()];
    const env = envs.find((e) => new RegExp(`(^|\\s)${e.value.name}-(global|[a-z]{2}(-gov)?-[a-z]+-\\d)(/|:)`).test(error.message)) ?? (envs.length === 1 ? envs[0] : undefined);
    if (!env) throw error;
    const { line, column } = env.source.positionOf([]);
    throw new InputError([{ file: env.file, line, column, path: '(environment)', message: `${error.message} (a construct refuses what this environment and its blueprint ask for)` }]);
  }
}

/** Runs a step whose file-system faults are the machine's: they become FileSystemErrors naming the path. */
function guarded<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw asFileSystemError(error);
  }
}

/** Stacks of the previous output that the new one leaves out (other environments, with `--env`). */
function otherStacks(outDir: string, stacks: readonly string[]): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
    return Object.keys(manifest.stacks ?? {}).filter((name) => !stacks.includes(name)).sort();
  } catch {
    return [];
  }
}

/**
 * Names AWS would refuse (too long, or characters it does not take; foundation/name-limits.ts): an
 * input error of the environment (its name, or a module or group name of its blueprint, is what
 * makes them long), located at the environment's name.
 */
function checkNameLimits(outDir: string, project: Project, built: readonly EnvironmentStacks[]): void {
  const problems: Problem[] = [];
  for (const env of built) {
    const loaded = project.environments.get(env.plan.environment);
    for (const stack of [...env.regional, env.global]) {
      const json = JSON.parse(readFileSync(join(outDir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')) as Parameters<typeof namesOutOfLimit>[0];
      for (const bad of namesOutOfLimit(json)) {
        const { line, column } = loaded?.source.positionOf(['name']) ?? { line: 1, column: 1 };
        problems.push({
          file: loaded?.file ?? 'environments',
          line,
          column,
          path: 'name',
          message: `makes the ${bad.argument} of ${bad.address} in stack ${stack.node.id} "${bad.value}", which ${bad.problem} (shorten the environment name, or the module or database group name in it)`,
        });
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * Runs the policy pack on every synthesized stack and records each environment's suppressions
 * beside its stacks, so that `itsm-scale check DIR` judges the output the same way later.
 */
function checkPolicies(outDir: string, project: Project, built: readonly EnvironmentStacks[]): Finding[] {
  const findings: Finding[] = [];
  for (const env of built) {
    const suppressions = project.environments.get(env.plan.environment)?.value.policy?.suppressions ?? [];
    const file = suppressionsFile(suppressions);
    for (const stack of [...env.regional, env.global]) {
      const dir = join(outDir, 'stacks', stack.node.id);
      writeFileSync(join(dir, file.name), file.content);
      const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as object;
      findings.push(...checkStackJson(stack.node.id, json, suppressions));
    }
  }
  return findings;
}
