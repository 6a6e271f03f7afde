#!/usr/bin/env node
'use strict';
// The app cdktf.json runs for `cdktf synth`: the compiled main.ts (dist/main.js), rebuilt first
// when the sources changed (fresh-build.js), with the synthesis patches applied before cdktf loads.
const { join } = require('node:path');
require('./fresh-build').ensureFreshBuildOrExit(join(__dirname, '..'));
require('../dist/cli/patches/index.js').applySynthesisPatches();
require('../dist/main.js');
