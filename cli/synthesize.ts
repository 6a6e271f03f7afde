import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { Project } from '../model/load';
import { buildStacks, BuildOptions } from '../stacks/build';

export interface SynthesizeOptions extends BuildOptions {
  /** Output directory, in the `cdktf synth` layout. @default 'cdktf.out' */
  readonly outDir?: string;
}

export interface SynthesizeResult {
  readonly outDir: string;
  readonly stacks: readonly string[];
}

/**
 * Synthesizes in-process into a temporary sibling of `outDir` and swaps it into place only when
 * everything succeeded, so a failure leaves the previous output untouched.
 */
export function synthesize(project: Project, options: SynthesizeOptions = {}): SynthesizeResult {
  const outDir = resolve(options.outDir ?? 'cdktf.out');
  const parent = dirname(outDir);
  const staging = mkdtempSync(join(parent, `.${basename(outDir)}.tmp-`));
  let stacks: string[];
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    const built = buildStacks(app, project, options);
    stacks = built.flatMap((env) => [...env.regional.map((s) => s.node.id), env.global.node.id]);
    app.synth();
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = existsSync(outDir) ? `${staging}.previous` : undefined;
  if (previous) renameSync(outDir, previous);
  renameSync(staging, outDir);
  if (previous) rmSync(previous, { recursive: true, force: true });
  return { outDir, stacks };
}
