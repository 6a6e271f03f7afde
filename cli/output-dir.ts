/**
 * The synth output directory (`--out`), replaced so that it is never missing and never mixed.
 *
 * A directory cannot replace a non-empty directory in one step, so `--out` is a symbolic link
 * to a generation beside it: `cdktf.out -> .cdktf.out.generations/<id>`. A synth writes a new
 * generation, then swaps the link with one rename(2), which POSIX makes atomic: whoever reads
 * `--out` (a person, terraform, a synth killed at any moment) finds the old output or the new one.
 * Everything a synth leaves when it is killed (a half-written generation, a temporary link, the
 * temporary directories of earlier versions) is removed by the next synth of the same `--out`,
 * which holds the lock meanwhile (output-lock.ts), so no other synth of it is running.
 *
 * A `--out` that is a symbolic link the user made (to another disk, say) is followed: the
 * directory it names is the output, and the user's link stays as it is.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './failure';

/** Where an output lives and the names of its helpers, all siblings in one parent directory. */
export interface OutputLocation {
  /** The output path: a symbolic link to the current generation (or missing before the first synth). */
  readonly outDir: string;
  readonly parent: string;
  /** `.<name>.generations`: one directory per synth, the link names one of them. */
  readonly generations: string;
  /** `.<name>.lock`: held while a synth writes this output. */
  readonly lock: string;
}

/** Links a user made are followed at most this many times (a loop of links is an error). */
const MAX_LINKS = 16;

/** Resolves `--out` (following links that are not ours) to where the output and its helpers live. */
export function outputLocation(given: string): OutputLocation {
  let outDir = resolve(given);
  for (let hops = 0; isSymbolicLink(outDir) && !isOurLink(outDir); hops += 1) {
    if (hops >= MAX_LINKS) throw new UsageError(`output ${given} is a loop of symbolic links (give a directory as --out)`);
    outDir = resolve(dirname(outDir), readlinkSync(outDir));
  }
  const parent = dirname(outDir);
  const name = basename(outDir);
  return { outDir, parent, generations: join(parent, `.${name}.generations`), lock: join(parent, `.${name}.lock`) };
}

/**
 * Refuses an `--out` that is something other than an earlier output: a file, or a directory that
 * is not empty and has no manifest.json (`--out .` in the project, a typo naming a source folder).
 */
export function checkReplaceable(location: OutputLocation): void {
  const { outDir } = location;
  if (!existsSync(outDir)) {
    if (isSymbolicLink(outDir)) return; // our link to a generation that is gone: replaced like any other
    return;
  }
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

/** A new, empty generation directory to synthesize into. */
export function newGeneration(location: OutputLocation): string {
  mkdirSync(location.generations, { recursive: true });
  const dir = join(location.generations, `${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/**
 * Makes `generation` the output: the link is swapped in one rename. An output of the earlier
 * layout (a real directory) first moves into the generations, the one moment at which `--out`
 * is briefly absent; it happens once per output directory.
 */
export function publish(location: OutputLocation, generation: string): void {
  const { outDir, parent } = location;
  const link = join(parent, `.${basename(outDir)}.link-${process.pid}-${randomBytes(4).toString('hex')}`);
  symlinkSync(relative(parent, generation), link, 'dir');
  try {
    if (existsSync(outDir) && !isSymbolicLink(outDir)) {
      renameSync(outDir, join(location.generations, `earlier-${randomBytes(4).toString('hex')}`));
    }
    renameSync(link, outDir);
  } catch (error) {
    rmSync(link, { force: true });
    throw error;
  }
}

/**
 * Removes what earlier synths of this output left: every generation but the current one,
 * temporary links, and the `.<name>.tmp-*` directories of the earlier layout. Call it holding the lock.
 * @returns the paths that could not be removed (a read-only old generation, say), for a warning
 */
export function removeLeftovers(location: OutputLocation, keep: readonly string[] = []): string[] {
  const { outDir, parent, generations } = location;
  const name = basename(outDir);
  const current = currentGeneration(location);
  const doomed: string[] = [];
  for (const entry of safeReaddir(parent)) {
    if (entry.startsWith(`.${name}.tmp-`) || entry.startsWith(`.${name}.link-`)) doomed.push(join(parent, entry));
  }
  for (const entry of safeReaddir(generations)) {
    const path = join(generations, entry);
    if (path !== current && !keep.includes(path)) doomed.push(path);
  }
  const failed: string[] = [];
  for (const path of doomed) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      failed.push(path);
    }
  }
  return failed;
}

/** The generation the output link names, if it is one of ours. */
function currentGeneration(location: OutputLocation): string | undefined {
  if (!isSymbolicLink(location.outDir)) return undefined;
  return resolve(location.parent, readlinkSync(location.outDir));
}

/** Whether `path` is a link this module made: a relative link into its own `.<name>.generations`. */
function isOurLink(path: string): boolean {
  const target = readlinkSync(path);
  const generations = `.${basename(path)}.generations`;
  return target.startsWith(`${generations}${sep}`) || target.startsWith(`${generations}/`);
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
