import './lean-runtime';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { Project } from '../model/load';
import { checkStackJson, Finding, isBlocking, suppressionsFile } from '../policies';
import { buildStacks, BuildOptions, EnvironmentStacks } from '../stacks/build';
import { PolicyError, UsageError } from './failure';

export interface SynthesizeOptions extends BuildOptions {
  /** Output directory, in the `cdktf synth` layout. @default 'cdktf.out' (relative to the current directory) */
  readonly outDir?: string;
}

export interface SynthesizeResult {
  /** Absolute path of the output directory. */
  readonly outDir: string;
  /** Stack names in the order they were built: per environment its regional stacks, then `<env>-global`. */
  readonly stacks: readonly string[];
  /** Policy findings that do not block: warnings, and suppressed errors with their reasons. */
  readonly findings: readonly Finding[];
}

/**
 * Synthesizes in-process into a temporary sibling of `outDir` and swaps it into place only when
 * everything succeeded, so a failure leaves the previous output untouched and no temporary
 * directory behind.
 */
export function synthesize(project: Project, options: SynthesizeOptions = {}): SynthesizeResult {
  const outDir = resolve(options.outDir ?? 'cdktf.out');
  checkReplaceable(outDir);
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  // mkdirSync rather than mkdtempSync: the latter creates mode 0700, which the renamed output would keep.
  const staging = join(parent, `.${basename(outDir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging);
  let stacks: string[];
  let findings: Finding[];
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    const built = buildStacks(app, project, options);
    stacks = built.flatMap((env) => [...env.regional.map((s) => s.node.id), env.global.node.id]);
    app.synth();
    findings = checkPolicies(staging, project, built);
    if (findings.some(isBlocking)) throw new PolicyError(findings);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  swapInto(staging, outDir);
  return { outDir, stacks, findings };
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

/**
 * The whole output directory is replaced, so it must be missing, empty or an earlier output
 * (holding manifest.json); anything else (`--out .` in the project, a typo naming a source
 * folder) is refused rather than deleted.
 */
function checkReplaceable(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) {
    throw new UsageError(`output ${outDir} exists and is not a directory (choose another --out)`);
  }
  const entries = readdirSync(outDir);
  if (entries.length > 0 && !entries.includes('manifest.json')) {
    throw new UsageError(
      `output directory ${outDir} is not empty and has no manifest.json, so it is not an earlier synth output; refusing to replace it (choose another --out, or empty it)`,
    );
  }
}

/** Moves `staging` to `target`; the old `target` is removed only after the new one is in place. */
function swapInto(staging: string, target: string): void {
  const previous = existsSync(target) ? `${staging}.previous` : undefined;
  try {
    if (previous) renameSync(target, previous);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (previous) renameSync(previous, target);
      throw error;
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (previous) rmSync(previous, { recursive: true, force: true });
}
