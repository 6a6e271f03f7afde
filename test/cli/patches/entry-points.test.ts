/**
 * The entry points run the compiled JavaScript with plain node and apply the synthesis patches
 * (cli/patches/); nothing else does. Their output is byte-identical to the unpatched synthesis.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BUILD_TIMEOUT_MS, compiled } from '../../compiled';
import { defaultSynthDir, REPO_ROOT } from '../../shared-synth';

jest.setTimeout(BUILD_TIMEOUT_MS);

interface ProcessState {
  /** Whether any cdktf module was loaded. */
  readonly cdktfLoaded: boolean;
  /** Name of the function cdktf's synthesizer gets for json-stable-stringify ('replacement' when patched). */
  readonly serializer?: string;
  /** Frames cdktf's private captureStackTrace records (0 when patched). */
  readonly traceFrames?: number;
  /** Name of TerraformStack.prototype.toTerraform ('leanToTerraform' when patched). */
  readonly toTerraform?: string;
  readonly sourceMaps: boolean;
}

const PATCHED = { serializer: 'replacement', traceFrames: 0, toTerraform: 'leanToTerraform' };

let scratch: string;
let probe: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'itsm-entry-points-'));
  // Preloaded into a child: at exit it records what the process's cdktf looks like.
  probe = join(scratch, 'probe.js');
  writeFileSync(
    probe,
    `process.on('exit', () => {
      const { dirname, join } = require('node:path');
      const state = { cdktfLoaded: Object.keys(require.cache).some((f) => f.includes('/node_modules/cdktf/')), sourceMaps: process.sourceMapsEnabled };
      if (state.cdktfLoaded) {
        const cdktf = require.resolve('cdktf', { paths: [${JSON.stringify(REPO_ROOT)}] });
        const serializer = require.cache[require.resolve('json-stable-stringify', { paths: [join(dirname(cdktf), 'synthesize')] })];
        state.serializer = serializer && serializer.exports.name;
        state.traceFrames = require(join(dirname(cdktf), 'tokens/private/stack-trace')).captureStackTrace().length;
        state.toTerraform = require(cdktf).TerraformStack.prototype.toTerraform.name;
      }
      require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(state));
    });`,
  );
  compiled('main.js');
});

/** Runs `args` with plain node and the probe preloaded, from the repository root. */
function runNode(name: string, args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []): { status: number | null; stdout: string; stderr: string; state: ProcessState } {
  const out = join(scratch, `${name}.state.json`);
  const result = spawnSync(process.execPath, [...nodeOptions, '--require', probe, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env, PROBE_OUT: out } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, state: JSON.parse(readFileSync(out, 'utf8')) as ProcessState };
}

/** SHA-256 of every file under `dir`, by relative path. */
function digestsOf(dir: string): Record<string, string> {
  const files: [string, string][] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push([relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex')]);
    }
  };
  walk(dir);
  return Object.fromEntries(files.sort(([a], [b]) => (a < b ? -1 : 1)));
}

test("cdktf.json's app is the compiled app, run by plain node", () => {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  expect(config.app).toBe('node bin/cdktf-app.js');
});

test('the cdktf app (bin/cdktf-app.js) applies the patches and writes every default stack byte for byte as the unpatched synthesis', () => {
  // WHEN run as `cdktf synth` runs it
  const outDir = join(scratch, 'app.out');
  const run = runNode('app', ['bin/cdktf-app.js'], { CDKTF_OUTDIR: outDir });
  // THEN
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.state).toEqual(expect.objectContaining(PATCHED));
  expect(digestsOf(outDir)).toEqual(digestsOf(defaultSynthDir()));
});

test('`itsm-scale synth` and `validate` (which synthesizes too) apply them, synth with the same output; `itsm-scale plan` loads no cdktf at all', () => {
  const outDir = join(scratch, 'cli.out');
  const synth = runNode('cli-synth', ['bin/itsm-scale.js', 'synth', '--out', outDir]);
  expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
  expect(synth.state).toEqual(expect.objectContaining(PATCHED));
  expect(digestsOf(outDir)).toEqual(digestsOf(defaultSynthDir()));

  const validate = runNode('cli-validate', ['bin/itsm-scale.js', 'validate']);
  expect(validate.status).toBe(0);
  expect(validate.state).toEqual(expect.objectContaining(PATCHED));

  const plan = runNode('cli-plan', ['bin/itsm-scale.js', 'plan', '--env', 'dev']);
  expect(plan.status).toBe(0);
  expect(plan.state.cdktfLoaded).toBe(false);
});

test('importing the synthesizer (cli/synthesize) changes nothing process-wide: source maps, traces, serializer and resolution stay as they were', () => {
  // GIVEN a process with source maps on / WHEN it imports the compiled synthesizer and cdktf
  const script = `require(${JSON.stringify(compiled('cli/synthesize.js'))}); require('cdktf');`;
  const run = runNode('import', ['-e', script], {}, ['--enable-source-maps']);
  // THEN
  expect(run.status).toBe(0);
  expect(run.state.sourceMaps).toBe(true);
  expect(run.state.serializer).not.toBe(PATCHED.serializer);
  expect(run.state.traceFrames).toBeGreaterThan(0);
  expect(run.state.toTerraform).toBe('toTerraform');
});
