/**
 * The stack-trace patch (cli/patches/token-stack-traces.ts), for the cdktf version it was written
 * against: tokens record no creation trace, and a token that fails to resolve still fails with
 * its message. (Equal output: test/cli/patches/entry-points.test.ts compares every default stack
 * the patched app writes with the unpatched synthesis.) This file's module registry is its own,
 * so the patch applied here reaches no other test file.
 */
import { readFileSync } from 'node:fs';
import { Lazy, TerraformStack, Testing, Tokenization } from 'cdktf';
import { skipTokenStackTraces } from '../../../cli/patches/token-stack-traces';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };

test('is written against cdktf 0.21.0 (re-check the patch and this test before changing it)', () => {
  expect((JSON.parse(readFileSync(require.resolve('cdktf/package.json'), 'utf8')) as { version: string }).version).toBe('0.21.0');
});

describe('once applied', () => {
  const original = stackTrace.captureStackTrace;
  afterAll(() => {
    stackTrace.captureStackTrace = original;
  });

  test('a token records no creation trace (without the patch it records one)', () => {
    // GIVEN a token made before the patch / WHEN another is made after it
    const before = Lazy.stringValue({ produce: () => 'x' });
    skipTokenStackTraces();
    const after = Lazy.stringValue({ produce: () => 'x' });
    // THEN only the first carries a trace
    expect(Tokenization.reverseString(before).firstToken!.creationStack.length).toBeGreaterThan(0);
    expect(Tokenization.reverseString(after).firstToken!.creationStack).toEqual([]);
  });

  test('a token that fails to resolve still fails, with its message', () => {
    skipTokenStackTraces();
    const stack = new TerraformStack(Testing.app(), 'failing');
    stack.addOverride('locals.broken', Lazy.stringValue({ produce: () => { throw new Error('no value for broken'); } }));
    expect(() => stack.toTerraform()).toThrow(/no value for broken/);
  });
});
