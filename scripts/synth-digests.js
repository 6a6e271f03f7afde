#!/usr/bin/env node
/**
 * `npm run digests`: writes test/synth-digests.sha256, the SHA-256 of every default stack's
 * cdk.tf.json as `itsm-scale synth` writes it, in `sha256sum` format (so
 * `cd cdktf.out && sha256sum -c ../test/synth-digests.sha256` checks a synth output too).
 * test/stacks/synth-digests.test.ts compares the run's synthesis with the committed file: a
 * refactor must leave it unchanged; a change that means to change the output regenerates it
 * with this script and commits it with the change. `--check` only compares (exit 1 on a difference).
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ensureFreshBuild } = require('../bin/fresh-build');

const ROOT = join(__dirname, '..');
const DIGESTS_FILE = join(ROOT, 'test', 'synth-digests.sha256');
const REGENERATE = 'npm run digests';

/** The digest file's text for a synth output directory: one `<sha256>  stacks/<stack>/cdk.tf.json` line per stack, sorted. */
function formatDigests(outDir) {
  const lines = readdirSync(join(outDir, 'stacks'))
    .sort()
    .map((stack) => {
      const file = `stacks/${stack}/cdk.tf.json`;
      return `${createHash('sha256').update(readFileSync(join(outDir, file))).digest('hex')}  ${file}`;
    });
  return `${lines.join('\n')}\n`;
}

/** Stack → digest, from the digest file's text. */
function parseDigests(text) {
  const digests = new Map();
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const match = /^([0-9a-f]{64}) {2}stacks\/([^/]+)\/cdk\.tf\.json$/.exec(line);
    if (!match) throw new Error(`${DIGESTS_FILE}: not a digest line: ${line} (regenerate the file: ${REGENERATE})`);
    digests.set(match[2], match[1]);
  }
  return digests;
}

/** What differs between the committed digests and an output's, one line per stack; empty when equal. */
function differences(committedText, actualText) {
  const committed = parseDigests(committedText);
  const actual = parseDigests(actualText);
  const lines = [];
  for (const [stack, digest] of actual) {
    if (!committed.has(stack)) lines.push(`${stack}: new stack`);
    else if (committed.get(stack) !== digest) lines.push(`${stack}: cdk.tf.json changed`);
  }
  for (const stack of committed.keys()) if (!actual.has(stack)) lines.push(`${stack}: stack no longer synthesized`);
  return lines;
}

/** The message for a difference: what changed and how to accept it. */
function mismatchMessage(lines) {
  return [
    'The synthesized default stacks differ from test/synth-digests.sha256:',
    ...lines.map((line) => `  ${line}`),
    `If the change is meant to change the output, run \`${REGENERATE}\` and commit test/synth-digests.sha256 with it`,
    '(say "synth output changes: …" in the commit message). A refactor must leave the output byte-identical.',
  ].join('\n');
}

module.exports = { DIGESTS_FILE, differences, formatDigests, mismatchMessage };

if (require.main === module) {
  ensureFreshBuild(ROOT);
  // An entry point: same patches as the app (equal output, proven by test/cli/patches/).
  require('../dist/cli/patches/index.js').applySynthesisPatches();
  const { synthesize } = require('../dist/cli/synthesize.js');
  const { loadPlannableProject } = require('../dist/cli/project.js');
  const scratch = mkdtempSync(join(tmpdir(), 'itsm-digests-'));
  try {
    const { outDir } = synthesize(loadPlannableProject({ root: ROOT }), { outDir: join(scratch, 'out') });
    const text = formatDigests(outDir);
    if (process.argv.includes('--check')) {
      const lines = differences(readFileSync(DIGESTS_FILE, 'utf8'), text);
      if (lines.length > 0) {
        process.stderr.write(`${mismatchMessage(lines)}\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write(`synth output matches ${DIGESTS_FILE}\n`);
      }
    } else {
      writeFileSync(DIGESTS_FILE, text);
      process.stdout.write(`wrote ${DIGESTS_FILE} (${text.trim().split('\n').length} stacks)\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
