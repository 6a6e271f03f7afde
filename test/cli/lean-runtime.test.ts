/**
 * cli/lean-runtime.ts under the real runner (`node --require tsx/cjs`, as cdktf.json runs the
 * app): CommonJS dependencies load without tsx, ES-module dependencies and our TypeScript still
 * go through it, and all of them work; libraries synthesis never uses stay unloaded until used.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TRANSPILE_MEMO_ENV } from '../../cli/runtime/transpile-memo';

const REPO = resolve(__dirname, '..', '..');
/** These scripts are throwaway: keep them out of the project's transpile memo. */
const RUNNER_ENV = { ...process.env, [TRANSPILE_MEMO_ENV]: 'off' };

describe('lean runtime under tsx', () => {
  let root: string;

  beforeAll(() => {
    // GIVEN a project with a CommonJS dependency (one .js file nested in a folder without its
    // own package.json, one .cjs file), an ES-module dependency written in .js, and a TypeScript entry
    root = mkdtempSync(join(tmpdir(), 'itsm-lean-runtime-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('node_modules/cjs-dep/package.json', JSON.stringify({ name: 'cjs-dep', main: 'lib/index.js' }));
    write('node_modules/cjs-dep/lib/index.js', "exports.kind = 'commonjs'; exports.other = require('./other.cjs');\n");
    write('node_modules/cjs-dep/lib/other.cjs', "module.exports = 'also commonjs'; // import and export are only words here\n");
    write('node_modules/esm-dep/package.json', JSON.stringify({ name: 'esm-dep', type: 'module', main: 'index.js' }));
    write('node_modules/esm-dep/index.js', "export const kind = 'es module';\n");
    write(
      'entry.ts',
      [
        "import Module from 'node:module';",
        // Record what reaches tsx's loaders, the way lean-runtime finds them.
        'const extensions = (Module as unknown as { _extensions: Record<string, (m: unknown, f: string) => unknown> })._extensions;',
        'const seen: string[] = [];',
        "for (const ext of ['.js', '.cjs']) { const tsx = extensions[ext]!; extensions[ext] = (m, f) => { seen.push(f); return tsx(m, f); }; }",
        `require(${JSON.stringify(join(REPO, 'cli', 'lean-runtime.ts'))});`,
        "const cjs = require('cjs-dep') as { kind: string; other: string };",
        "const esm = require('esm-dep') as { kind: string };",
        "const typed: number = 1;",
        "console.log(JSON.stringify({ cjs, esm: esm.kind, typed, throughTsx: seen.map((f) => f.split('node_modules/')[1] ?? f) }));",
      ].join('\n'),
    );
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('only ES-module dependencies and our own code reach tsx; everything loads', () => {
    // WHEN the entry runs as cdktf.json runs the app
    const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'entry.ts')], { cwd: root, encoding: 'utf8', env: RUNNER_ENV });
    // THEN
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      cjs: { kind: 'commonjs', other: 'also commonjs' },
      esm: 'es module',
      typed: 1,
      throughTsx: ['esm-dep/index.js'],
    });
  });

  test("cdktf loads without its zip library or semver; assets still get zipped, semver works on use", () => {
    // GIVEN a directory to package as a TerraformAsset archive, and an app run as cdktf.json runs it
    const assetDir = join(root, 'asset');
    mkdirSync(assetDir, { recursive: true });
    writeFileSync(join(assetDir, 'handler.txt'), 'hello');
    const out = join(root, 'asset-out');
    writeFileSync(
      join(root, 'asset-app.ts'),
      [
        `require(${JSON.stringify(join(REPO, 'cli', 'lean-runtime.ts'))});`,
        `const cdktf = require(${JSON.stringify(require.resolve('cdktf'))});`,
        "const realArchiverLoaded = () => Object.keys(require.cache).some((f) => /[\\/]archiver[\\/]lib[\\/]/.test(f));",
        "const realSemverLoaded = () => Object.keys(require.cache).some((f) => /[\\/]semver[\\/]functions[\\/]/.test(f));",
        'const afterLoad = realArchiverLoaded() || realSemverLoaded();',
        `const semver = require(require.resolve('semver', { paths: [${JSON.stringify(join(REPO, 'node_modules', 'cdktf', 'lib', 'validations'))}] }));`,
        "const satisfies = semver.satisfies('1.10.2', '>=1.5');",
        `const app = new cdktf.App({ outdir: ${JSON.stringify(out)} });`,
        "const stack = new cdktf.TerraformStack(app, 'assets');",
        `const asset = new cdktf.TerraformAsset(stack, 'bundle', { path: ${JSON.stringify(assetDir)}, type: cdktf.AssetType.ARCHIVE });`,
        "new cdktf.TerraformOutput(stack, 'file', { value: asset.path });",
        'app.synth();',
        'console.log(JSON.stringify({ afterLoad, satisfies, semverLoadedOnUse: realSemverLoaded() }));',
      ].join('\n'),
    );
    // WHEN
    const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'asset-app.ts')], { cwd: root, encoding: 'utf8', env: RUNNER_ENV });
    // THEN the synthesizing process loaded neither until semver was used, and the zip exists
    // (cdktf zips in a child process)
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ afterLoad: false, satisfies: true, semverLoadedOnUse: true });
    const zips = readdirSync(join(out, 'stacks', 'assets', 'assets'), { recursive: true }).map(String).filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(1);
    expect(readFileSync(join(out, 'stacks', 'assets', 'assets', zips[0]!)).subarray(0, 2).toString()).toBe('PK');
  });

  test("zod loads without its translations, gives the same messages, and still has them on demand", () => {
    // GIVEN a script that validates with zod, with and without lean-runtime first
    const script = (withLeanRuntime: boolean) =>
      [
        withLeanRuntime ? `require(${JSON.stringify(join(REPO, 'cli', 'lean-runtime.ts'))});` : '',
        `const { z } = require(${JSON.stringify(require.resolve('zod'))});`,
        "const translationsLoaded = () => Object.keys(require.cache).some((f) => /locales[\\/](?!en\\.cjs|index\\.cjs)[a-z-]+\\.cjs$/i.test(f));",
        'const before = translationsLoaded();',
        "const result = z.object({ port: z.number().int().min(1), name: z.string() }).strict().safeParse({ port: 0.5, name: 3, extra: true });",
        "const messages = result.success ? [] : result.error.issues.map((i) => i.message);",
        "const german = typeof z.locales.de;",
        'console.log(JSON.stringify({ before, messages, german, after: translationsLoaded() }));',
      ].join('\n');
    const run = (withLeanRuntime: boolean) => {
      const file = join(root, `zod-${withLeanRuntime}.ts`);
      writeFileSync(file, script(withLeanRuntime));
      const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), file], { cwd: root, encoding: 'utf8', env: RUNNER_ENV });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as { before: boolean; messages: string[]; german: string; after: boolean };
    };
    // WHEN
    const lean = run(true);
    const plain = run(false);
    // THEN
    expect(lean.before).toBe(false);
    expect(plain.before).toBe(true);
    expect(lean.messages).toEqual(plain.messages);
    expect(lean.messages.length).toBeGreaterThanOrEqual(3);
    expect([lean.german, lean.after]).toEqual(['function', true]);
  });

  test('under jest (no TypeScript hook on the CommonJS loader) it changes nothing', () => {
    // GIVEN jest's own module system: Node's loader has no .ts extension here
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's loader table is not part of its typed API
    const extensions = (require('node:module') as { _extensions: Record<string, unknown> })._extensions;
    const before = { ...extensions };
    // WHEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, after the snapshot above, on purpose
    require('../../cli/lean-runtime');
    // THEN
    expect(extensions['.ts']).toBeUndefined();
    expect({ ...extensions }).toEqual(before);
  });
});
