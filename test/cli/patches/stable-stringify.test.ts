/**
 * The serializer patch (cli/patches/stable-stringify.ts) writes the bytes json-stable-stringify
 * writes, for the library version it was written against, and takes the library's place for
 * cdktf only when an entry point applies it, handing other options to the real library.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { libraryFile, stableStringify } from '../../../cli/patches/stable-stringify';
import { BUILD_TIMEOUT_MS, compiled } from '../../compiled';
import { defaultStackNames, defaultSynthDir } from '../../shared-synth';

const LIBRARY = libraryFile();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = require(LIBRARY) as (value: unknown, options?: unknown) => string | undefined;

jest.setTimeout(BUILD_TIMEOUT_MS);
fc.configureGlobal({ seed: 20261122, numRuns: 400 });

function outcome(run: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

test('is written against json-stable-stringify 1.3.0 as cdktf 0.21.0 loads it (re-check the patch and this test before changing these)', () => {
  const version = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  expect(version(join(dirname(LIBRARY), 'package.json'))).toBe('1.3.0');
  expect(version(require.resolve('cdktf/package.json'))).toBe('0.21.0');
});

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

  it('writes every default stack byte for byte as the library', () => {
    for (const name of defaultStackNames()) {
      const document = JSON.parse(readFileSync(join(defaultSynthDir(), 'stacks', name, 'cdk.tf.json'), 'utf8')) as unknown;
      expect({ name, same: stableStringify(document, 2) === library(document, { space: 2 }) }).toEqual({ name, same: true });
    }
  });
});

describe('in place of the library, once an entry point applies it', () => {
  it('serves cdktf, and hands other options to the real library (compiled, plain node)', () => {
    // GIVEN a script that applies the patch as the entry points do, then loads cdktf
    const script = [
      `require(${JSON.stringify(compiled('cli/patches/stable-stringify.js'))}).useFasterStableStringify();`,
      "require('cdktf');",
      `const stringify = require(${JSON.stringify(LIBRARY)});`,
      "const value = { b: [1, {}], a: 'x' };",
      'console.log(JSON.stringify({',
      '  name: stringify.name,',
      '  spaced: stringify(value, { space: 2 }),',
      '  reversed: stringify(value, { cmp: (x, y) => (x.key < y.key ? 1 : -1) }),',
      '}));',
    ].join('\n');
    // WHEN
    const result = spawnSync(process.execPath, ['-e', script], { cwd: dirname(LIBRARY), encoding: 'utf8' });
    // THEN
    expect(result.stderr).toBe('');
    const value = { b: [1, {}], a: 'x' };
    expect(JSON.parse(result.stdout)).toEqual({
      name: 'replacement',
      spaced: library(value, { space: 2 }),
      reversed: library(value, { cmp: (x: { key: string }, y: { key: string }) => (x.key < y.key ? 1 : -1) }),
    });
  });
});
