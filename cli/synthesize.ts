import './lean-runtime';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { Project } from '../model/load';
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
      const built = buildStacks(app, project, options);
      stacks = built.flatMap((env) => [...env.regional.map((s) => s.node.id), env.global.node.id]);
      guarded(() => app.synth());
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
