/**
 * Once per jest run: a directory for the run and the default environments synthesized into it,
 * the way `itsm-scale synth` does (test/shared-synth.ts). The system temporary directory of every
 * worker (TMPDIR) is a folder inside it, so whatever a test or a library leaves in the temporary
 * directory (cdktf's Testing.app() makes one output directory per call and never removes it) goes
 * when the run's directory is removed (test/global-teardown.ts).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../cli/synthesize';
import { loadPlannableProject } from '../cli/project';
import { defaultSynthDir, REPO_ROOT, RUN_DIR_ENV, SYSTEM_TMPDIR_ENV } from './shared-synth';

export default function globalSetup(): void {
  const runDir = mkdtempSync(join(tmpdir(), 'itsm-scale-jest-'));
  // Workers start after this and inherit both variables (jest gives each test file a copy of the
  // environment, so only a process-wide setting here reaches node's os.tmpdir() in the workers).
  process.env[SYSTEM_TMPDIR_ENV] = process.env.TMPDIR ?? '';
  process.env[RUN_DIR_ENV] = runDir;
  process.env.TMPDIR = join(runDir, 'tmp');
  mkdirSync(process.env.TMPDIR);
  synthesize(loadPlannableProject({ root: REPO_ROOT }), { outDir: defaultSynthDir() });
}
