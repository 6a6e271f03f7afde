/**
 * One synth at a time per output directory. The lock is a directory `.<name>.lock` beside the
 * output holding `owner` (pid, host, start); it is created complete under a temporary name and
 * renamed into place, so it never exists without its owner. A second synth of the same output is
 * refused with a clear message; a lock whose process no longer runs on this host (a synth that
 * was killed) is taken over.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './failure';
import { isProcessRunning } from './process-liveness';

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** A held lock; release() removes it. */
export interface OutputLock {
  release(): void;
}

/** Takes the lock at `path` for the output `outDir`, or throws UsageError naming who holds it. */
export function lockOutput(path: string, outDir: string): OutputLock {
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const draft = join(dirname(path), `${basename(path)}-new-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(draft);
  try {
    writeFileSync(join(draft, 'owner'), `${JSON.stringify(owner)}\n`);
    for (let attempt = 0; ; attempt += 1) {
      try {
        renameSync(draft, path);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        const holder = readOwner(path);
        if (attempt === 0 && holder && isAbandoned(holder)) {
          rmSync(path, { recursive: true, force: true });
          continue;
        }
        throw new UsageError(
          `another synth is writing ${outDir}${holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : ''}; wait for it to finish and run again (if none runs, remove ${path})`,
        );
      }
    }
  } catch (error) {
    rmSync(draft, { recursive: true, force: true });
    throw error;
  }
  let held = true;
  return {
    release: () => {
      if (held) rmSync(path, { recursive: true, force: true });
      held = false;
    },
  };
}

/** Lock drafts (`.<name>.lock-new-<pid>-…`) of synths that were killed while taking the lock. */
export function abandonedDrafts(lockPath: string, entries: readonly string[]): string[] {
  const prefix = `${basename(lockPath)}-new-`;
  return entries
    .filter((entry) => entry.startsWith(prefix))
    .filter((entry) => !isProcessRunning(Number(entry.slice(prefix.length).split('-')[0])))
    .map((entry) => join(dirname(lockPath), entry));
}

function readOwner(path: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(path, 'owner'), 'utf8')) as Partial<Owner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'string') return parsed as Owner;
  } catch {
    // unreadable: treated as held, so nothing is taken over by mistake
  }
  return undefined;
}

function isAbandoned(owner: Owner): boolean {
  return owner.host === hostname() && !isProcessRunning(owner.pid);
}

