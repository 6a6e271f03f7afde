#!/usr/bin/env node
'use strict';
// The app cdktf.json runs for `cdktf synth`: the compiled main.ts (dist/main.js), rebuilt first
// when the sources changed (fresh-build.js), with the synthesis patches applied before cdktf loads.
const { join } = require('node:path');
const { BuildError, ensureFreshBuild } = require('./fresh-build');

try {
  ensureFreshBuild(join(__dirname, '..'));
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  process.stderr.write(`itsm-scale: ${error.message}\n`);
  process.exit(1);
}
require('../dist/cli/patches/index.js').applySynthesisPatches();
require('../dist/main.js');
