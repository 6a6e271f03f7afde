/**
 * bin/fresh-build.js: the entry points never run stale or half-built JavaScript. dist/ is rebuilt
 * exactly when the sources changed, cleaned when a source was deleted, and a build with type
 * errors fails with tsc's messages. A tiny project of its own, so each build takes a moment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureFreshBuild, BuildError } = require('../../bin/fresh-build') as {
  ensureFreshBuild: (root: string, options?: { write?: (text: string) => void }) => boolean;
  BuildError: new (message: string) => Error;
};

jest.setTimeout(120_000);

let root: string;
let messages: string;
const build = (): boolean => ensureFreshBuild(root, { write: (text) => (messages += text) });

beforeEach(() => {
  messages = '';
});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'itsm-fresh-build-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'tsconfig.build.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', outDir: 'dist', rootDir: '.', incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo', types: [] }, include: ['src/**/*.ts'] }),
  );
  writeFileSync(join(root, 'src', 'a.ts'), "export const a: string = 'one';\n");
  writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 2;\n');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('builds dist/ when there is none, then not again while the sources stay the same', () => {
  expect(build()).toBe(true);
  expect(messages).toBe('itsm-scale: compiling TypeScript to dist/ (sources changed)\n');
  expect(readFileSync(join(root, 'dist', 'src', 'a.js'), 'utf8')).toContain("exports.a = 'one'");
  expect(build()).toBe(false);
});

test('rebuilds when a source changes, and a deleted source leaves no compiled file behind', () => {
  writeFileSync(join(root, 'src', 'a.ts'), "export const a: string = 'two';\n");
  rmSync(join(root, 'src', 'b.ts'));
  expect(build()).toBe(true);
  expect(readFileSync(join(root, 'dist', 'src', 'a.js'), 'utf8')).toContain("exports.a = 'two'");
  expect(existsSync(join(root, 'dist', 'src', 'b.js'))).toBe(false);
});

test('a type error fails the build with tsc’s message and leaves dist/ marked as built from the old sources', () => {
  const fingerprint = join(root, 'dist', '.source-fingerprint.json');
  const before = readFileSync(fingerprint, 'utf8');
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a: string = 3;\n');
  expect(build).toThrow(new BuildError('the TypeScript build failed (tsc exit 2): fix the errors above, then run again'));
  expect(messages).toMatch(/src\/a\.ts\(1,14\): error TS2322: Type 'number' is not assignable to type 'string'/);
  // so the next run builds again rather than trusting the half-built output
  expect(readFileSync(fingerprint, 'utf8')).toBe(before);
  expect(existsSync(join(root, 'dist', '.build.lock'))).toBe(false);
});

test('the launchers\' ensureFreshBuildOrExit prints a failed build\'s verdict and exits 1 (a.ts still has the type error)', () => {
  const script = `require(${JSON.stringify(join(__dirname, '..', '..', 'bin', 'fresh-build.js'))}).ensureFreshBuildOrExit(${JSON.stringify(root)}); console.log('ran')`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('itsm-scale: the TypeScript build failed (tsc exit 2): fix the errors above, then run again\n');
  expect(result.stdout).not.toContain('ran');
});

test('a lock left by a build that was killed (its process is gone) does not hold up the next build', () => {
  // GIVEN a lock whose holder no longer runs, and changed sources
  const lock = join(root, 'dist', '.build.lock');
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), String(deadPid()));
  writeFileSync(join(root, 'src', 'a.ts'), "export const a: string = 'three';\n");
  // WHEN / THEN it builds at once and releases the lock
  expect(build()).toBe(true);
  expect(readFileSync(join(root, 'dist', 'src', 'a.js'), 'utf8')).toContain("exports.a = 'three'");
  expect(existsSync(lock)).toBe(false);
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}
