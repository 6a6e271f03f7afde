/**
 * Before every test file. Synthesis in tests runs with the two synthesis patches that the entry
 * points apply (cli/patches/: no token creation traces, single-pass resolution), as `itsm-scale
 * synth` and `cdktf synth` run it: under jest, recording a full creation trace for every token
 * (through jest's source-mapped stack traces) made building stacks about ten times and building
 * plus synthesizing them about three times slower (prod: 1.4 s of CPU against 0.4 s), and was most
 * of the suite's time. Both give
 * cdktf's output byte for byte; what proves it stays unpatched: the patches' own tests
 * (test/cli/patches/, which compare patched with unpatched cdktf in-process and the entry points'
 * output with the shared synthesis) and the shared synthesis itself (test/global-setup.ts, in
 * jest's own process, where this file does not run). Each test file has its own module registry,
 * so the patches reach only the file they are applied for. (The serializer patch is left out: it
 * must precede cdktf's loading through node's module cache, which jest replaces.)
 */
import { sep } from 'node:path';
import { Testing } from 'cdktf';
import { useLeanResolve } from '../cli/patches/lean-resolve';
import { skipTokenStackTraces } from '../cli/patches/token-stack-traces';

/** The patches' own tests need cdktf as shipped. */
const PATCH_TESTS = `${sep}test${sep}cli${sep}patches${sep}`;

const testPath = expect.getState().testPath;
if (testPath === undefined) throw new Error('test/setup.ts: jest did not say which test file it sets up');
if (!testPath.includes(PATCH_TESTS)) {
  skipTokenStackTraces();
  useLeanResolve();
}

Testing.setupJest();
