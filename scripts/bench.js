#!/usr/bin/env node
/**
 * `npm run bench`: wall time and peak RSS of synthesizing all default environments against the
 * floor — a one-resource cdktf app using the same deep imports as the app (scripts/bench/floor.ts),
 * with the same runner — and, for context, against the same one-resource app with only the two
 * provider classes it needs (scripts/bench/minimal-floor.ts), and against both with the app's
 * lean runtime preloaded (how much of a floor is the runner's own overhead). N interleaved
 * rounds, medians. Options: --runs N (default 5), --tests (also time one full `npm test`).
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

/** One run of `entry` in a fresh process with the app's runner (plus `preload`): wall seconds and peak RSS (MB). */
function runOnce(label, entry, preload = []) {
  const out = mkdtempSync(join(tmpdir(), 'itsm-bench-'));
  const rssFile = join(out, 'rss');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(__dirname, 'bench', 'report-rss.js'), '--require', 'tsx/cjs', ...preload.flatMap((p) => ['--require', p]), entry], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: join(out, 'cdktf.out'), BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(`${label} failed:\n${result.stderr}\n`);
    process.exit(1);
  }
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(out, { recursive: true, force: true });
  return { seconds, rssMb };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const LEAN = ['./cli/lean-runtime.ts'];
const programs = [
  { key: 'floor', label: "floor: one resource, the app's deep imports", entry: 'scripts/bench/floor.ts' },
  { key: 'minimal', label: 'one resource, two deep imports', entry: 'scripts/bench/minimal-floor.ts' },
  { key: 'leanFloor', label: 'the floor, with the lean runtime', entry: 'scripts/bench/floor.ts', preload: LEAN },
  { key: 'leanMinimal', label: 'two deep imports, with the lean runtime', entry: 'scripts/bench/minimal-floor.ts', preload: LEAN },
  { key: 'full', label: 'all default environments', entry: 'main.ts' },
];

// One warm-up each so tsx's transform cache and the transpile memo are filled for all alike. Then
// the programs run in rounds, one of each per round, so that a slower or faster spell of the
// machine hits all alike; each ratio is the median of the per-round ratios.
for (const program of programs) runOnce('warm-up', program.entry, program.preload);
const rounds = [];
for (let i = 0; i < runs; i++) {
  const round = {};
  for (const program of programs) round[program.key] = runOnce(program.label, program.entry, program.preload);
  rounds.push(round);
}
const summary = Object.fromEntries(
  programs.map((p) => [p.key, { label: p.label, seconds: median(rounds.map((r) => r[p.key].seconds)), rssMb: median(rounds.map((r) => r[p.key].rssMb)) }]),
);
const ratio = (of, to, metric) => median(rounds.map((r) => r[of][metric] / r[to][metric]));
const ratios = (to) => `time ${ratio('full', to, 'seconds').toFixed(2)}×, memory ${ratio('full', to, 'rssMb').toFixed(2)}×`;

const rows = programs.map((p) => summary[p.key]).map((m) => `| ${m.label} | ${m.seconds.toFixed(2)} s | ${m.rssMb.toFixed(0)} MB |`);
console.log(`Synthesis, median of ${runs} interleaved rounds (node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB):\n`);
console.log('| app | wall time | peak RSS |\n| --- | --- | --- |');
console.log(rows.join('\n'));
console.log(`\nratio to the floor: ${ratios('floor')} (target: time ≤ 2×)`);
console.log(`per-round time ratios to the floor: ${rounds.map((r) => (r.full.seconds / r.floor.seconds).toFixed(2)).join(' ')}`);
console.log('\ncontext (no target):');
console.log(`  ratio to the two-import app: ${ratios('minimal')}`);
console.log(`  ratio to the floor with the lean runtime: ${ratios('leanFloor')}`);
console.log(`  ratio to the two-import app with the lean runtime: ${ratios('leanMinimal')}`);

if (withTests) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['test', '--silent'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`npm test: ${seconds.toFixed(1)} s (target ≤ 90 s), exit ${result.status}`);
}
