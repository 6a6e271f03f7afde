#!/usr/bin/env node
'use strict';
// Launcher of the compiled command line (dist/, built from the sources by tsc; rebuilt here first
// when the sources changed: see fresh-build.js).
const { join } = require('node:path');
require('./fresh-build').ensureFreshBuildOrExit(join(__dirname, '..'));

// A reader that stops early (`itsm-scale plan --env prod | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = require('../dist/cli/main.js');

// Synthesis patches (dist/cli/patches): cheaper, byte-identical synthesis; loaded only by synth and diff.
const beforeSynthesis = () => require('../dist/cli/patches/index.js').applySynthesisPatches();

main(process.argv.slice(2), undefined, { beforeSynthesis }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`internal error (please report it): ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
