/**
 * For tests that run the compiled JavaScript (dist/) in a child process, as the entry points do:
 * dist/ built from the current sources first (a no-op when it is, as after `npm test`'s build step).
 */
import { join } from 'node:path';
import { REPO_ROOT } from './shared-synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureFreshBuild } = require('../bin/fresh-build') as { ensureFreshBuild: (root: string) => boolean };

/** A build from stale sources can take a while on a busy machine. */
export const BUILD_TIMEOUT_MS = 180_000;

/** The path of a compiled file, e.g. `compiled('cli/patches/index.js')`, with dist/ up to date. */
export function compiled(file: string): string {
  ensureFreshBuild(REPO_ROOT);
  return join(REPO_ROOT, 'dist', file);
}
