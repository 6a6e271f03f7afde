/**
 * The project's .npmrc: every node process npm starts here has CHECKPOINT_DISABLE set (the cdktf CLI reads it only
 * from the environment and otherwise posts telemetry to checkpoint-api.hashicorp.com, printing [ERROR] offline),
 * from any directory of the checkout, while the caller's own NODE_OPTIONS and CHECKPOINT_DISABLE win; and a
 * TF_CLI_CONFIG_FILE that names a missing file (terraform would warn on every run) becomes the empty file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `node -p <expression>` through `npm exec` in `cwd`, with the caller's environment changed by `env`. */
function throughNpm(cwd: string, expression: string, env: Record<string, string | undefined> = {}): { out: string; status: number | null; stderr: string } {
  const base: Record<string, string | undefined> = { ...process.env, CHECKPOINT_DISABLE: undefined, NODE_OPTIONS: undefined };
  for (const key of Object.keys(base)) if (key.startsWith('npm_')) delete base[key];
  const result = spawnSync(npm, ['exec', '--offline', '--', 'node', '-p', expression], { cwd, encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv });
  return { out: result.stdout.trim(), status: result.status, stderr: result.stderr };
}

describe('.npmrc node-options', () => {
  test('sets CHECKPOINT_DISABLE=1 for processes npm starts, from the root and from a subdirectory', () => {
    expect(throughNpm(REPO, 'process.env.CHECKPOINT_DISABLE')).toEqual({ out: '1', status: 0, stderr: '' });
    expect(throughNpm(join(REPO, 'docs'), 'process.env.CHECKPOINT_DISABLE')).toMatchObject({ out: '1', status: 0 });
  });

  test("keeps the caller's CHECKPOINT_DISABLE and NODE_OPTIONS (the caller's heap limit wins)", () => {
    expect(throughNpm(REPO, 'process.env.CHECKPOINT_DISABLE', { CHECKPOINT_DISABLE: '' })).toMatchObject({ out: '', status: 0 });
    const limitMb = Number(throughNpm(REPO, 'Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)', { NODE_OPTIONS: '--max-old-space-size=300' }).out);
    expect(limitMb).toBeGreaterThanOrEqual(300);
    expect(limitMb).toBeLessThan(400);
  });

  test('a TF_CLI_CONFIG_FILE naming a missing file becomes the empty file; one that exists, or none, is kept', () => {
    const outside = mkdtempSync(join(tmpdir(), 'itsm-scale-npmrc-'));
    try {
      expect(throughNpm(REPO, 'process.env.TF_CLI_CONFIG_FILE', { TF_CLI_CONFIG_FILE: join(outside, 'missing.tfrc') }).out).toBe(devNull);
      const existing = join(outside, 'existing.tfrc');
      writeFileSync(existing, 'plugin_cache_dir = "/tmp"\n');
      expect(throughNpm(REPO, 'process.env.TF_CLI_CONFIG_FILE', { TF_CLI_CONFIG_FILE: existing }).out).toBe(existing);
      expect(throughNpm(REPO, 'String(process.env.TF_CLI_CONFIG_FILE)', { TF_CLI_CONFIG_FILE: undefined }).out).toBe('undefined');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('what it puts in NODE_OPTIONS works in child processes started outside the checkout', () => {
    const options = throughNpm(REPO, 'process.env.NODE_OPTIONS').out;
    expect(options).toContain('--import=data:');
    const outside = mkdtempSync(join(tmpdir(), 'itsm-scale-npmrc-'));
    try {
      const child = spawnSync(process.execPath, ['-p', 'process.env.CHECKPOINT_DISABLE'], { cwd: outside, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: undefined, NODE_OPTIONS: options } as NodeJS.ProcessEnv });
      expect({ out: child.stdout.trim(), status: child.status, stderr: child.stderr }).toEqual({ out: '1', status: 0, stderr: '' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
