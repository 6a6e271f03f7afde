/**
 * Synth output under faults: killed at random moments (the output is always the complete old or
 * new one, and the next synth leaves nothing behind), two synths of one output at once, and
 * file-system faults (a file in the way, permissions, a full disk, symbolic links), each a clean
 * error naming the path. Faults the root user cannot provoke (EACCES, ENOSPC) are injected by
 * making one fs call fail the way the kernel would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { MakeDirectoryOptions, PathLike, PathOrFileDescriptor, RmOptions, WriteFileOptions } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../cli/main';
import { lockOutput } from '../../cli/output-lock';

jest.setTimeout(120_000);

// The module object itself (not an import namespace), so that one call can be made to fail.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

const REPO = resolve(__dirname, '..', '..');
const LAUNCHER = join(REPO, 'bin', 'itsm-scale.js');
const STACK_LINE = /^\s+at /m;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO });
  return { code, stdout, stderr };
}

/** Every file under `dir` (through the output link), relative path → content. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** What `parent` holds for the output `name` besides the output link and its current generation: should be nothing. */
function leftovers(parent: string, name: string): string[] {
  const extra = readdirSync(parent).filter((entry) => entry.startsWith(`.${name}.`) && entry !== `.${name}.generations`);
  const generations = existsSync(join(parent, `.${name}.generations`)) ? readdirSync(join(parent, `.${name}.generations`)) : [];
  const current = existsSync(join(parent, name)) ? readlinkSync(join(parent, name)) : '';
  return [...extra, ...generations.filter((g) => !current.endsWith(g)).map((g) => `.${name}.generations/${g}`)];
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-synth-faults-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

describe('a synth killed at random moments', () => {
  test('leaves the complete old or the complete new output, and the next synth leaves nothing behind', async () => {
    // GIVEN the two outputs a synth of dev can produce (conservative = old, aggressive = new)
    const parent = join(scratch, 'kills');
    mkdirSync(parent);
    const out = join(parent, 'out');
    expect((await run(['synth', '--env', 'dev', '--scenario', 'aggressive', '--out', join(scratch, 'new-ref')])).code).toBe(0);
    expect((await run(['synth', '--env', 'dev', '--scenario', 'conservative', '--out', out])).code).toBe(0);
    const old = filesOf(out);
    const fresh = filesOf(join(scratch, 'new-ref'));
    expect(old).not.toEqual(fresh);
    // WHEN synths to the new scenario are killed with SIGKILL at random moments of their run
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const child = spawn(process.execPath, [LAUNCHER, 'synth', '--env', 'dev', '--scenario', 'aggressive', '--out', out], { stdio: 'ignore' });
      const delay = Math.floor(Math.random() * 2500);
      await new Promise((done) => setTimeout(done, delay));
      child.kill('SIGKILL');
      await exited(child);
      // THEN the output is, byte for byte, one of the two
      const now = filesOf(out);
      const which = JSON.stringify(now) === JSON.stringify(old) ? 'old' : JSON.stringify(now) === JSON.stringify(fresh) ? 'new' : 'mixed';
      outcomes.push(which);
      expect({ round, delay, which }).toEqual({ round, delay, which: expect.stringMatching(/^(old|new)$/) });
    }
    // AND the next synth completes and removes every leftover
    expect((await run(['synth', '--env', 'dev', '--scenario', 'aggressive', '--out', out])).code).toBe(0);
    expect(filesOf(out)).toEqual(fresh);
    expect(leftovers(parent, 'out')).toEqual([]);
  });
});

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
}

describe('two synths of one output', () => {
  test('while one holds the output, the other is refused with who holds it, and the output is untouched', async () => {
    // GIVEN an output and a synth in progress (its lock held)
    const out = join(scratch, 'busy');
    expect((await run(['synth', '--env', 'dev', '--out', out])).code).toBe(0);
    const before = filesOf(out);
    const lock = lockOutput(join(scratch, '.busy.lock'), out);
    try {
      // WHEN a second synth starts
      const second = await run(['synth', '--env', 'dev', '--out', out]);
      // THEN
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`^error: another synth is writing ${out} \\(pid ${process.pid} on .+, since .+\\); wait for it to finish and run again \\(if none runs, remove ${scratch}/\\.busy\\.lock\\)\\n$`));
      expect(filesOf(out)).toEqual(before);
    } finally {
      lock.release();
    }
  });

  test('two processes at once: each succeeds or is refused cleanly, and the output is complete', async () => {
    const out = join(scratch, 'race');
    const start = (): Promise<Run> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [LAUNCHER, 'synth', '--env', 'dev', '--out', out]);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
      });
    const results = await Promise.all([start(), start()]);
    for (const result of results) {
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.code === 0 || /^error: another synth is writing /.test(result.stderr)).toBe(true);
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(Object.keys(filesOf(out))).toContain('manifest.json');
    expect(leftovers(scratch, 'race')).toEqual([]);
  });

  test('a lock left by a killed synth is taken over', async () => {
    // GIVEN a lock whose owner process does not exist
    const out = join(scratch, 'stale');
    mkdirSync(join(scratch, '.stale.lock'));
    writeFileSync(join(scratch, '.stale.lock', 'owner'), JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), since: 'then' }));
    // WHEN / THEN
    expect((await run(['synth', '--env', 'dev', '--out', out])).code).toBe(0);
    expect(existsSync(join(scratch, '.stale.lock'))).toBe(false);
  });
});

describe('leftovers of earlier synths', () => {
  test('temporary directories of the earlier layout, half-written generations and temporary links are removed', async () => {
    // GIVEN an earlier-layout output (a real directory) and what killed synths left around it
    const parent = join(scratch, 'litter');
    const out = join(parent, 'out');
    mkdirSync(join(out, 'stacks'), { recursive: true });
    writeFileSync(join(out, 'manifest.json'), '{"stacks":{}}');
    for (const dir of ['.out.tmp-123-abcd', '.out.tmp-123-abcd.previous', '.out.generations/999-half']) mkdirSync(join(parent, dir), { recursive: true });
    symlinkSync('nowhere', join(parent, '.out.link-77-ffff'));
    // WHEN
    const result = await run(['synth', '--env', 'dev', '--out', out]);
    // THEN
    expect(result).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(leftovers(parent, 'out')).toEqual([]);
    expect(Object.keys(filesOf(out))).toContain('stacks/dev-us-east-1/cdk.tf.json');
  });
});

describe('file-system faults are clean errors naming the path', () => {
  const clean = (result: Run): void => {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).not.toMatch(/internal error/);
  };

  test('--out below a file', async () => {
    writeFileSync(join(scratch, 'a-file'), 'x');
    const result = await run(['synth', '--env', 'dev', '--out', join(scratch, 'a-file', 'out')]);
    clean(result);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot write ${scratch}/a-file: a file is in the way.*\\[(ENOTDIR|EEXIST)\\]\\n`));
  });

  test('--out is a file', async () => {
    writeFileSync(join(scratch, 'out-file'), 'x');
    const result = await run(['synth', '--env', 'dev', '--out', join(scratch, 'out-file')]);
    clean(result);
    expect(result.stderr).toBe(`error: output ${scratch}/out-file exists and is not a directory (choose another --out)\n`);
  });

  test('a parent directory without write permission', async () => {
    // GIVEN creating the output's generations directory fails as on a read-only parent
    const real = fs.mkdirSync;
    jest.spyOn(fs, 'mkdirSync').mockImplementation(((path: PathLike, options?: MakeDirectoryOptions) => {
      if (String(path).endsWith('.ro.generations')) throw Object.assign(new Error(`EACCES: permission denied, mkdir '${String(path)}'`), { code: 'EACCES', path: String(path), syscall: 'mkdir' });
      return real(path, options);
    }) as typeof fs.mkdirSync);
    const result = await run(['synth', '--env', 'dev', '--out', join(scratch, 'ro')]);
    clean(result);
    expect(result.stderr).toBe(
      `error: cannot write ${scratch}/.ro.generations: permission denied (give this user write access there, or choose another --out) [EACCES]\nthe previous output, if any, is unchanged.\n`,
    );
    expect(existsSync(join(scratch, '.ro.lock'))).toBe(false);
  });

  test('a full disk while the stacks are written leaves the previous output and no half-written generation', async () => {
    // GIVEN an output, then a synth whose writes fail with ENOSPC
    const out = join(scratch, 'full');
    expect((await run(['synth', '--env', 'dev', '--out', out])).code).toBe(0);
    const before = filesOf(out);
    const real = fs.writeFileSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementation(((path: PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: WriteFileOptions) => {
      if (String(path).includes('.full.generations') && String(path).endsWith('cdk.tf.json')) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', path: String(path), syscall: 'write' });
      }
      return real(path, data, options);
    }) as typeof fs.writeFileSync);
    // WHEN
    const result = await run(['synth', '--env', 'dev', '--scenario', 'aggressive', '--out', out]);
    // THEN
    clean(result);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot write ${scratch}/\\.full\\.generations/[^ ]+/cdk\\.tf\\.json: no space left on the device .*\\[ENOSPC\\]\\n`));
    jest.restoreAllMocks();
    expect(filesOf(out)).toEqual(before);
    expect(leftovers(scratch, 'full')).toEqual([]);
  });

  test('a read-only previous output is replaced anyway, with a warning naming what could not be removed', async () => {
    const out = join(scratch, 'old-ro');
    expect((await run(['synth', '--env', 'dev', '--out', out])).code).toBe(0);
    const previous = resolve(scratch, readlinkSync(out));
    const real = fs.rmSync;
    jest.spyOn(fs, 'rmSync').mockImplementation(((path: PathLike, options?: RmOptions) => {
      if (String(path) === previous) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: String(path) });
      return real(path, options);
    }) as typeof fs.rmSync);
    const result = await run(['synth', '--env', 'dev', '--scenario', 'aggressive', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: could not remove ${previous}, left by an earlier synth (remove it by hand)\n`);
    expect(readFileSync(join(out, 'stacks', 'dev-us-east-1', 'cdk.tf.json'), 'utf8')).toContain('"aggressive"');
  });

  test('an --out that is a symbolic link of the user is followed and kept', async () => {
    // GIVEN cdktf.out -> elsewhere/out (another disk, say)
    mkdirSync(join(scratch, 'elsewhere'));
    symlinkSync(join(scratch, 'elsewhere', 'out'), join(scratch, 'linked'));
    // WHEN
    const result = await run(['synth', '--env', 'dev', '--out', join(scratch, 'linked')]);
    // THEN the output is where the link points, and the link is still the user's
    expect(result.code).toBe(0);
    expect(readlinkSync(join(scratch, 'linked'))).toBe(join(scratch, 'elsewhere', 'out'));
    expect(Object.keys(filesOf(join(scratch, 'linked')))).toContain('manifest.json');
    expect(leftovers(join(scratch, 'elsewhere'), 'out')).toEqual([]);
  });
});

describe('synth --env and the other environments of an output', () => {
  test("says which stacks of the previous output are gone", async () => {
    const out = join(scratch, 'envs');
    expect((await run(['synth', '--out', out])).code).toBe(0);
    const result = await run(['synth', '--env', 'dev', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `note: ${out} no longer holds the stacks intl-prod-ap-southeast-1, intl-prod-ap-southeast-2, intl-prod-eu-central-1, intl-prod-eu-west-1, intl-prod-global, intl-prod-us-east-1, intl-prod-us-west-2, jsm-prod-global, jsm-prod-us-east-1, jsm-prod-us-west-2, prod-global, prod-us-east-1, prod-us-west-2, staging-global, staging-us-east-1, staging-us-west-2, zammad-staging-eu-central-1, zammad-staging-global of the previous output, which this synth --env leaves out (synthesize without --env to keep every environment, or give each selection its own --out)\n`,
    );
  });
});
