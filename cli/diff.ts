/**
 * `itsm-scale diff`: the command-line side of the comparison in review/diff/ (cli/main.ts only
 * parses arguments and calls runDiffCommand). Loaded on first use of the command.
 *
 * Two ways to get the two sides:
 * - `diff BEFORE AFTER`: two synth output directories;
 * - `diff --base REF`: the project as it is at the git ref REF against the working tree. The ref is
 *   checked out into a temporary `git worktree` (removed afterwards, also on failure) and
 *   synthesized with its own code, using this checkout's node_modules when the ref's lock file is
 *   the same (so no second install). When the lock files differ, or the ref has no itsm-scale
 *   launcher, the ref's blueprints/ and environments/ are synthesized with this checkout's code
 *   instead, and a note says that code changes do not show (docs/diff.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { BLUEPRINTS_DIR, ENVIRONMENTS_DIR } from '../model/load';
import { diffSynth } from '../review/diff/compare';
import { diffReportJson, exitCodeOf } from '../review/diff/json';
import { DiffInputError, readSynthOutput } from '../review/diff/load';
import { renderDiffMarkdown } from '../review/diff/markdown';
import { SynthOutput } from '../review/diff/types';
import { UsageError } from './failure';
import { loadPlannableProject } from './project';
import { isProcessRunning } from './process-liveness';

export type DiffFormat = 'md' | 'json';

export interface DiffCommandOptions {
  /** BEFORE directory, as typed (resolved against `cwd`). */
  readonly before?: string;
  /** AFTER directory, as typed. */
  readonly after?: string;
  /** Git ref to compare the working tree with. */
  readonly base?: string;
  readonly format: DiffFormat;
  /** Directory that BEFORE and AFTER are relative to. */
  readonly cwd: string;
  /** The project root; resolved lazily because only `--base` needs a project. */
  readonly projectRoot: () => string;
}

export interface DiffCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Code directories whose changes `--base` cannot show (it synthesizes both sides with the working tree's code). */
const CODE_DIRS = ['constructs', 'stacks', 'capacity', 'model'];

/**
 * Runs the comparison and writes the report to stdout.
 * @returns 2 when a change is DATA RISK, else 0
 * @throws UsageError for arguments, directories or refs that cannot be used (exit 1, no stack trace)
 */
export function runDiffCommand(options: DiffCommandOptions, io: DiffCommandIo): number {
  const { before, after } = options.base !== undefined ? withBase(options, io) : fromDirectories(options);
  const report = diffSynth(before, after);
  const text = options.format === 'json' ? JSON.stringify(diffReportJson(report), null, 2) : renderDiffMarkdown(report);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return exitCodeOf(report);
}

function fromDirectories(options: DiffCommandOptions): { before: SynthOutput; after: SynthOutput } {
  if (options.before === undefined || options.after === undefined) {
    throw new UsageError('diff needs two synth output directories (itsm-scale diff BEFORE AFTER) or a git ref (itsm-scale diff --base REF)');
  }
  return { before: read(options.before, options.cwd), after: read(options.after, options.cwd) };
}

function read(dir: string, cwd: string): SynthOutput {
  try {
    return readSynthOutput(dir, { cwd });
  } catch (error) {
    if (error instanceof DiffInputError) throw new UsageError(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// --base

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function gitFailure(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n')[0] ?? '';
}

function withBase(options: DiffCommandOptions, io: DiffCommandIo): { before: SynthOutput; after: SynthOutput } {
  const ref = options.base!;
  if (options.before !== undefined || options.after !== undefined) {
    throw new UsageError('give either two synth output directories (BEFORE AFTER) or --base REF, not both');
  }
  if (ref.trim() === '' || ref.startsWith('-')) throw new UsageError(`--base needs a git ref such as origin/main or a commit (got "${ref}")`);
  const root = options.projectRoot();
  let toplevel: string;
  try {
    toplevel = git(['rev-parse', '--show-toplevel'], root).trim();
  } catch (error) {
    throw new UsageError(`--base needs a git repository, and the project root ${root} is not inside one (${gitFailure(error)})`);
  }
  const inRepo = relative(realpathSync(toplevel), realpathSync(root));

  // Lazily: cdktf and the provider bindings only load when something is synthesized.
  const { synthesize } = require('./synthesize') as typeof import('./synthesize');
  removeAbandonedWorktrees(toplevel, inRepo, io);
  // The pid in the name lets a later run tell a worktree whose diff was killed from one in use.
  const scratch = mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  const worktree = join(scratch, 'base');
  let added = false;
  let cleaned = false;
  const cleanUp = (): void => {
    if (cleaned) return;
    cleaned = true;
    removeWorktree(toplevel, worktree, inRepo, added, io);
    rmSync(scratch, { recursive: true, force: true });
  };
  // Ctrl-C or a kill: remove the worktree, then die of the same signal. Synthesis is synchronous,
  // so a signal that arrives meanwhile is delivered after it; the listeners stay until then.
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUp();
    for (const name of SIGNALS) process.removeListener(name, onSignal);
    process.kill(process.pid, signal);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  try {
    try {
      git(['worktree', 'add', '--detach', worktree, ref], toplevel);
      added = true;
    } catch (error) {
      throw new UsageError(`cannot check out --base ${ref} into a temporary worktree: ${gitFailure(error)}`);
    }
    const baseRoot = join(worktree, inRepo);
    if (!existsSync(join(baseRoot, BLUEPRINTS_DIR)) && !existsSync(join(baseRoot, ENVIRONMENTS_DIR))) {
      throw new UsageError(`${ref} has no itsm-scale project at ${inRepo === '' ? 'the repository root' : inRepo} (no ${BLUEPRINTS_DIR}/ and no ${ENVIRONMENTS_DIR}/)`);
    }
    const baseOut = synthesizeBase(ref, baseRoot, root, join(scratch, 'base.out'), io);
    const headOut = synthesize(loadPlannableProject({ root }), { outDir: join(scratch, 'head.out') }).outDir;
    return { before: readSynthOutput(baseOut, { label: ref }), after: readSynthOutput(headOut, { label: 'working tree' }) };
  } finally {
    cleanUp();
    setImmediate(() => {
      for (const name of SIGNALS) process.removeListener(name, onSignal);
    });
  }
}

/** Temporary directories of `--base` are `<tmpdir>/itsm-scale-diff-<pid>-<random>`; the worktree is its `base`. */
const SCRATCH_PREFIX = 'itsm-scale-diff-';
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeWorktree(toplevel: string, worktree: string, inRepo: string, registered: boolean, io: DiffCommandIo): void {
  // The link to the shared node_modules goes first: it must never be followed when the worktree is deleted.
  const link = join(worktree, inRepo, 'node_modules');
  if (isSymbolicLink(link)) unlinkSync(link);
  if (!registered) return;
  try {
    git(['worktree', 'remove', '--force', worktree], toplevel);
  } catch (error) {
    io.stderr.write(`warning: could not remove the temporary worktree ${worktree}: ${gitFailure(error)} (run git worktree prune)\n`);
  }
}

/**
 * Worktrees left by a `diff --base` that was killed outright (SIGKILL, power loss) before it could
 * clean up: registered under a scratch directory whose process no longer runs. Removed with their
 * directories; `git worktree prune` drops registrations whose directory is already gone.
 */
function removeAbandonedWorktrees(toplevel: string, inRepo: string, io: DiffCommandIo): void {
  let listing: string;
  try {
    listing = git(['worktree', 'list', '--porcelain'], toplevel);
  } catch {
    return;
  }
  const scratchRoot = realpathOr(tmpdir());
  for (const line of listing.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const path = line.slice('worktree '.length);
    const scratch = dirname(path);
    const match = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-[^/\\\\]+$`).exec(basename(scratch));
    if (!match || basename(path) !== 'base' || realpathOr(dirname(scratch)) !== scratchRoot || isProcessRunning(Number(match[1]))) continue;
    removeWorktree(toplevel, path, inRepo, true, io);
    rmSync(scratch, { recursive: true, force: true });
  }
  try {
    git(['worktree', 'prune'], toplevel);
  } catch {
    // nothing to prune, or git refuses: the worktree list above already said what it could
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Synthesizes the ref with its own code when it can run with this checkout's dependencies (same
 * lock file, and the ref has the launcher; a launcher of the compiled build first compiles the
 * ref's sources inside the temporary worktree); otherwise with this checkout's code, saying so.
 */
function synthesizeBase(ref: string, baseRoot: string, root: string, outDir: string, io: DiffCommandIo): string {
  const launcher = join(baseRoot, 'bin', 'itsm-scale.js');
  const modules = join(root, 'node_modules');
  const sameLock = readOrUndefined(join(baseRoot, 'package-lock.json')) === readOrUndefined(join(root, 'package-lock.json'));
  if (sameLock && existsSync(launcher) && existsSync(modules)) {
    const link = join(baseRoot, 'node_modules');
    if (!existsSync(link)) symlinkSync(modules, link, 'dir');
    seedBuild(root, baseRoot);
    const result = spawnSync(process.execPath, [launcher, 'synth', '--out', outDir], { cwd: baseRoot, encoding: 'utf8', env: process.env });
    if (result.status !== 0) {
      throw new UsageError(`cannot synthesize ${ref} with its own code (exit ${result.status ?? 'signal'}):\n${(result.stderr || result.stdout).trim()}`);
    }
    return outDir;
  }
  warnAboutCode(ref, root, io, sameLock ? 'it has no itsm-scale launcher' : 'its package-lock.json differs from this checkout\'s');
  const { synthesize } = require('./synthesize') as typeof import('./synthesize');
  return synthesize(loadPlannableProject({ root: baseRoot }), { outDir }).outDir;
}

/**
 * Starts the ref's compiled build (dist/) from a copy of this checkout's: its launcher then
 * recompiles only the files that differ (tsc's incremental build compares every source with the
 * build info) instead of the whole tree, and nothing at all when the sources are the same.
 */
function seedBuild(root: string, baseRoot: string): void {
  const built = join(root, 'dist');
  const target = join(baseRoot, 'dist');
  if (!existsSync(built) || existsSync(target)) return;
  cpSync(built, target, { recursive: true, filter: (source) => !source.endsWith('.build.lock') });
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function readOrUndefined(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Tells when construct or stack code differs from the ref while the ref is synthesized with this checkout's code. */
function warnAboutCode(ref: string, root: string, io: DiffCommandIo, why: string): void {
  let changed: string[];
  try {
    changed = git(['diff', '--name-only', ref, '--', ...CODE_DIRS], root).split('\n').filter((line) => line.trim() !== '');
  } catch {
    return; // an unknown ref is reported by `git worktree add`
  }
  if (changed.length === 0) return;
  io.stderr.write(
    `note: ${ref} is synthesized with this checkout's code (${why}), and ${changed.length} code file${changed.length === 1 ? '' : 's'} under ${CODE_DIRS.join('/, ')}/ differ from it, so only blueprint and environment changes show. Compare two synth outputs for code changes (docs/diff.md).\n`,
  );
}
