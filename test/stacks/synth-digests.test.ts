/**
 * The default stacks are byte-identical to the committed digests (test/synth-digests.sha256), so a
 * refactor that changes the output fails here, and a change meant to change it says so by
 * regenerating the file (`npm run digests`) in the same commit.
 */
import { readFileSync } from 'node:fs';
import { defaultSynthDir } from '../shared-synth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const digests = require('../../scripts/synth-digests') as {
  DIGESTS_FILE: string;
  differences: (committed: string, actual: string) => string[];
  formatDigests: (outDir: string) => string;
  mismatchMessage: (lines: string[]) => string;
};

test('every default stack is byte-identical to test/synth-digests.sha256 (regenerate with `npm run digests` when the change is meant)', () => {
  const lines = digests.differences(readFileSync(digests.DIGESTS_FILE, 'utf8'), digests.formatDigests(defaultSynthDir()));
  if (lines.length > 0) throw new Error(digests.mismatchMessage(lines));
});

test('a changed, new or missing stack is named, with how to regenerate', () => {
  const a = '0'.repeat(64);
  const b = '1'.repeat(64);
  const committed = `${a}  stacks/dev-global/cdk.tf.json\n${a}  stacks/dev-us-east-1/cdk.tf.json\n`;
  const actual = `${b}  stacks/dev-global/cdk.tf.json\n${a}  stacks/qa-global/cdk.tf.json\n`;
  const lines = digests.differences(committed, actual);
  expect(lines).toEqual(['dev-global: cdk.tf.json changed', 'qa-global: new stack', 'dev-us-east-1: stack no longer synthesized']);
  expect(digests.mismatchMessage(lines)).toContain('run `npm run digests` and commit test/synth-digests.sha256');
  expect(digests.differences(committed, committed)).toEqual([]);
});
