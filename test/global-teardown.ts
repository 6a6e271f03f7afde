/** Removes the run's directory (the shared synthesis and every temporary file of the run) and restores TMPDIR. */
import { rmSync } from 'node:fs';
import { RUN_DIR_ENV, SYSTEM_TMPDIR_ENV } from './shared-synth';

export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
  const systemTmp = process.env[SYSTEM_TMPDIR_ENV];
  if (systemTmp) process.env.TMPDIR = systemTmp;
  else delete process.env.TMPDIR;
}
