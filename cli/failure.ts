import { PlanError } from '../capacity/plan';
import { InputError } from '../model/problems';
import type { Finding } from '../policies';

/** Synthesized stacks break policy rules (errors not suppressed in the environment's YAML). */
export class PolicyError extends Error {
  constructor(public readonly findings: readonly Finding[]) {
    super('policy errors');
    this.name = 'PolicyError';
  }
}

/** A command line that cannot be carried out as given (unknown environment, scenario, missing project). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The file system refused a write or read of the output (permissions, full disk, a file in the way). */
export class FileSystemError extends Error {
  constructor(
    message: string,
    public readonly path: string,
    public readonly code: string,
  ) {
    super(message);
    this.name = 'FileSystemError';
  }
}

/** Error codes of file-system faults that are the environment's, not a bug: what each means and what to do. */
const FILE_SYSTEM_FAULTS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied (give this user write access there, or choose another --out)',
  EPERM: 'operation not permitted (give this user write access there, or choose another --out)',
  EROFS: 'the file system is read-only (choose another --out)',
  ENOSPC: 'no space left on the device (free some space, or choose another --out on another disk)',
  EDQUOT: 'the disk quota is exhausted (free some space, or choose another --out)',
  ENOTDIR: 'a file is in the way: part of the path is a file, not a directory (choose another --out)',
  EEXIST: 'a file is in the way (remove it, or choose another --out)',
  EISDIR: 'a directory is in the way (remove it, or choose another --out)',
  ENAMETOOLONG: 'the path is too long (choose a shorter --out)',
  ELOOP: 'too many symbolic links in the path (choose another --out)',
  EMFILE: 'too many open files (raise the limit with ulimit -n, or run fewer processes at once)',
  EIO: 'an input/output error of the device (check the disk)',
  EBUSY: 'the path is busy (mounted, or held open by another program)',
};

/**
 * The same error as a FileSystemError when it is a file-system fault naming a path (the fault
 * is the machine's, not ours); anything else is returned unchanged.
 */
export function asFileSystemError(error: unknown, action = 'write'): unknown {
  const { code, path, dest } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in FILE_SYSTEM_FAULTS)) return error;
  const where = dest ? `${path} → ${dest}` : path;
  return new FileSystemError(`cannot ${action} ${where}: ${FILE_SYSTEM_FAULTS[code]} [${code}]`, path, code);
}

/**
 * Prints a failure for a person: input, plan and usage errors as their messages, without a stack
 * trace; anything else is a bug, shown with its stack. Returns the exit code to use.
 */
export function reportFailure(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  if (error instanceof InputError) {
    const count = error.problems.length;
    write(`${error.message}\n${count} problem${count === 1 ? '' : 's'} found; nothing was written.\n`);
    return 1;
  }
  if (error instanceof PlanError) {
    write(`error: ${error.message}\nnothing was written.\n`);
    return 1;
  }
  if (error instanceof PolicyError) {
    // Loaded only here: formatting pulls in nothing heavy, but keeps this module free of the pack.
    const { formatFindings } = require('../policies') as typeof import('../policies');
    write(`${formatFindings(error.findings)}\npolicy errors found; nothing was written (fix the resources, or suppress a finding with a reason under policy.suppressions in the environment).\n`);
    return 1;
  }
  if (error instanceof FileSystemError) {
    write(`error: ${error.message}\nthe previous output, if any, is unchanged.\n`);
    return 1;
  }
  if (error instanceof UsageError) {
    write(`error: ${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`internal error (please report it): ${message}\n`);
  return 1;
}
