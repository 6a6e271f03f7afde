#!/usr/bin/env node
'use strict';
// Launcher for the TypeScript sources: tsx transpiles them on the fly (no type-check; `npm test` runs tsc).
require('tsx/cjs/api').register();
// Before anything else loads: dependencies skip tsx, cdktf skips its token stack traces (see the file).
require('../cli/lean-runtime.ts');

// A reader that stops early (`itsm-scale plan --env prod | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = require('../cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`internal error (please report it): ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
