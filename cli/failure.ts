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
  if (error instanceof UsageError) {
    write(`error: ${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`internal error (please report it): ${message}\n`);
  return 1;
}
