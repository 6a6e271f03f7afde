#!/usr/bin/env node
/**
 * `npm run bench`: wall time and peak RSS of synthesizing all default environments, against the
 * floor (a one-resource cdktf app with the same runner and deep imports) and against that floor
 * loading every provider class the app imports, median of N runs each.
 * Options: --runs N (default 5), --tests (also time one full `npm test`).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir, cpus, totalmem } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const withTests = args.includes('--tests');

function measure(label, entry) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'itsm-bench-'));
    const rssFile = join(out, 'rss');
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', join(__dirname, 'bench', 'report-rss.js'), '--require', 'tsx/cjs', entry], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: join(out, 'cdktf.out'), BENCH_RSS_FILE: rssFile },
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
      process.stderr.write(`${label} failed:\n${result.stderr}\n`);
      process.exit(1);
    }
    samples.push({ seconds, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 });
    rmSync(out, { recursive: true, force: true });
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { label, seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.rssMb)) };
}

// One warm-up each so tsx's transform cache is filled for all alike.
measure('warm-up', 'scripts/bench/floor.ts');
measure('warm-up', 'scripts/bench/floor-same-imports.ts');
measure('warm-up', 'main.ts');
const floor = measure('floor (one resource)', 'scripts/bench/floor.ts');
const floorSameImports = measure('floor with the app\'s provider imports', 'scripts/bench/floor-same-imports.ts');
const full = measure('all default environments', 'main.ts');

const rows = [floor, floorSameImports, full].map((m) => `| ${m.label} | ${m.seconds.toFixed(2)} s | ${m.rssMb.toFixed(0)} MB |`);
console.log(`Synthesis, median of ${runs} runs (node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB):\n`);
console.log('| app | wall time | peak RSS |\n| --- | --- | --- |');
console.log(rows.join('\n'));
console.log(`\nratio to the floor: time ${(full.seconds / floor.seconds).toFixed(2)}× (target ≤ 2×), memory ${(full.rssMb / floor.rssMb).toFixed(2)}×`);
console.log(`ratio to the floor with the app's provider imports: time ${(full.seconds / floorSameImports.seconds).toFixed(2)}×, memory ${(full.rssMb / floorSameImports.rssMb).toFixed(2)}×`);

if (withTests) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['test', '--silent'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`npm test: ${seconds.toFixed(1)} s (target ≤ 90 s), exit ${result.status}`);
}
