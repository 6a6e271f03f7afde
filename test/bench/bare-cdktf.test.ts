/**
 * The bench's lower bound (scripts/bench/bare-cdktf.js) re-creates exactly the app's output through bare cdktf:
 * every default stack byte for byte, so that its CPU time is that of the same output, and stays so as the app changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_TIMEOUT_MS, compiled } from '../compiled';
import { defaultStackNames, defaultSynthDir, REPO_ROOT } from '../shared-synth';

jest.setTimeout(BUILD_TIMEOUT_MS);

// Run with the app's synthesis patches only: the run as shipped builds the same elements (without the patches,
// which their own tests prove byte-identical) and would double this test's time.
test("bare cdktf with the app's synthesis patches writes every default stack byte for byte as the app does", () => {
  // GIVEN the app's output (the run's shared synthesis) and dist/ up to date (the patches are compiled)
  compiled('cli/patches/index.js');
  const out = mkdtempSync(join(tmpdir(), 'itsm-bare-cdktf-'));
  try {
    // WHEN the lower bound re-creates it, comparing what it writes with its input
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bench', 'bare-cdktf.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BARE_CDKTF_LEAN: '1', BARE_CDKTF_INPUT: defaultSynthDir(), BARE_CDKTF_CHECK: '1', CDKTF_OUTDIR: join(out, 'cdktf.out') },
      encoding: 'utf8',
    });
    // THEN
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toBe(`bare cdktf: ${defaultStackNames().length} stacks byte-identical to the input\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
