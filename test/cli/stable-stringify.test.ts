/**
 * cli/runtime/stable-stringify.ts writes the bytes json-stable-stringify writes, and takes its
 * place for cdktf only under the real runner, handing other options to the real library.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { App, Testing } from 'cdktf';
import fc from 'fast-check';
import { stableStringify } from '../../cli/runtime/stable-stringify';
import { TRANSPILE_MEMO_ENV } from '../../cli/runtime/transpile-memo';
import { buildStacks } from '../../stacks/build';
import { repoProject } from '../stacks/helpers';

const REPO = resolve(__dirname, '..', '..');
const LIBRARY = require.resolve('json-stable-stringify', { paths: [join(dirname(require.resolve('cdktf')), 'synthesize')] });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path found at run time: cdktf's own copy
const library = require(LIBRARY) as (value: unknown, options?: unknown) => string | undefined;

jest.setTimeout(60_000);
fc.configureGlobal({ seed: 20261122, numRuns: 400 });

function outcome(run: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

describe('stableStringify', () => {
  const special = fc.constantFrom<unknown>(undefined, () => 1, new Date(Date.UTC(2026, 10, 22)), { toJSON: () => ({ b: 1, a: [] }) }, [], {}, [[]], { '': {} }, Number.NaN, -0);
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), special, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '9', 'B', 'a', 'é', '__proto__x')), tie('value'), { maxKeys: 5 }),
  }));

  it('writes what json-stable-stringify writes, for every indent', () => {
    fc.assert(
      fc.property(value, fc.constantFrom<string | number | undefined>(undefined, 0, 2, 4, '\t', ''), (generated, space) => {
        expect(stableStringify(generated, space)).toBe(library(generated, space === undefined ? undefined : { space }));
      }),
    );
  });

  it('refuses a cycle as the library does', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(outcome(() => stableStringify(cyclic, 2))).toEqual(outcome(() => library(cyclic, { space: 2 })));
    expect(outcome(() => stableStringify(cyclic, 2)).error).toBe('TypeError');
  });

  it("writes the stacks of prod, the largest environment, byte for byte as the library", () => {
    const built = buildStacks(Testing.app() as App, repoProject(), { environments: ['prod'] });
    for (const stack of built.flatMap((env) => [...env.regional, env.global])) {
      const document = stack.toTerraform();
      expect(stableStringify(document, 2)).toBe(library(document, { space: 2 }));
    }
  });
});

describe('in place of the library, under the real runner', () => {
  it('serves cdktf, and hands other options to the real library', () => {
    // GIVEN a script run as cdktf.json runs the app
    const root = mkdtempSync(join(tmpdir(), 'itsm-stable-stringify-'));
    try {
      const script = join(root, 'probe.ts');
      writeFileSync(
        script,
        [
          `require(${JSON.stringify(join(REPO, 'cli', 'lean-runtime.ts'))});`,
          `require(${JSON.stringify(require.resolve('cdktf'))});`,
          `const stringify = require(${JSON.stringify(LIBRARY)});`,
          "const value = { b: [1, {}], a: 'x' };",
          'console.log(JSON.stringify({',
          '  name: stringify.name,',
          '  spaced: stringify(value, { space: 2 }),',
          '  reversed: stringify(value, { cmp: (x: { key: string }, y: { key: string }) => (x.key < y.key ? 1 : -1) }),',
          '}));',
        ].join('\n'),
      );
      // WHEN
      const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, [TRANSPILE_MEMO_ENV]: 'off' },
      });
      // THEN
      expect(result.stderr).toBe('');
      const value = { b: [1, {}], a: 'x' };
      expect(JSON.parse(result.stdout)).toEqual({
        name: 'replacement',
        spaced: library(value, { space: 2 }),
        reversed: library(value, { cmp: (x: { key: string }, y: { key: string }) => (x.key < y.key ? 1 : -1) }),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
