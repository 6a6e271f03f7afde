#!/usr/bin/env node
/**
 * `npm run bench`: CPU time, wall time and peak RSS of synthesizing all default environments,
 * run the way `cdktf synth` runs the app (`node bin/cdktf-app.js`: the compiled JavaScript, plain
 * node, policy pack included), against the floor — a one-resource cdktf app loading the same deep
 * imports (scripts/bench/floor.js), run by the same plain node — and, for context, against the
 * same app with only the two provider classes it needs (scripts/bench/minimal-floor.js). Plus
 * the scale case: an environment with one database group of 256 shards in three regions
 * (scripts/bench/fixtures/scale-256, the bench's own fixture). And the lower bound: the app's own
 * output re-created through bare cdktf (scripts/bench/bare-cdktf.js), as cdktf ships and the way the
 * app runs it (its synthesis patches): what cdktf alone costs for those stacks, with no toolkit logic.
 *
 * One warm-up each, then N interleaved rounds (one run of every program per round, so that a slow
 * or fast spell of the machine hits all alike); figures are medians over rounds with their range,
 * and each ratio is the median of the per-round ratios. Options: --runs N (default 5), --tests
 * (also time one full `npm test`).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { cpus, loadavg, tmpdir, totalmem } = require('node:os');
const { join } = require('node:path');
const { ensureFreshBuild } = require('../bin/fresh-build');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const withTests = args.includes('--tests');

/** Targets of issue 14 (CPU ratio) and of the scale case. */
const TARGETS = { cpuRatio: 2.5, scaleWallSeconds: 5, scaleRssMb: 1024 };

const programs = [
  { key: 'floor', label: "floor: one resource, the app's deep imports", entry: 'scripts/bench/floor.js' },
  { key: 'minimal', label: 'one resource, two deep imports', entry: 'scripts/bench/minimal-floor.js' },
  { key: 'full', label: 'all default environments (20 stacks with the profiles and intl-prod, policy pack)', entry: 'bin/cdktf-app.js' },
  {
    key: 'scale',
    label: 'scale case: 256 shards × 3 regions',
    entry: join(root, 'bin', 'cdktf-app.js'),
    cwd: join(__dirname, 'bench', 'fixtures', 'scale-256'),
    // Reported, not fatal, when the toolkit cannot synthesize it (yet).
    mayFail: true,
  },
  // The lower bound: the app's stacks (synthesized once, below) re-created through bare cdktf.
  { key: 'bare', label: "bare cdktf: the app's 20 stacks re-created, cdktf as shipped", entry: 'scripts/bench/bare-cdktf.js', env: { BARE_CDKTF_INPUT: 'input' } },
  { key: 'bareLean', label: "bare cdktf: the same, with the app's synthesis patches", entry: 'scripts/bench/bare-cdktf.js', env: { BARE_CDKTF_INPUT: 'input', BARE_CDKTF_LEAN: '1' } },
  // Issue 11: the planner returns within 1 s for every input the schema accepts (the tests prove it ends).
  { key: 'extremes', label: "planner at the schema's extremes (120 plans)", entry: 'scripts/bench/plan-extremes.js' },
];

/** One run of `program` in a fresh plain-node process: wall and CPU seconds, peak RSS (MB). */
function runOnce(program) {
  const out = mkdtempSync(join(tmpdir(), 'itsm-bench-'));
  const usageFile = join(out, 'usage.json');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(__dirname, 'bench', 'report-usage.js'), program.entry], {
    cwd: program.cwd ?? root,
    env: { ...process.env, ...resolveEnv(program.env), CDKTF_OUTDIR: join(out, 'cdktf.out'), BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  try {
    if (result.status !== 0 && program.mayFail) return { error: (result.stderr || result.stdout).trim().split('\n')[0] };
    if (result.status !== 0) {
      process.stderr.write(`${program.label} failed (exit ${result.status ?? result.signal}):\n${result.stderr}\n`);
      process.exit(1);
    }
    const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
    return { wall, cpu: usage.cpuSeconds, rssMb: usage.maxRssKb / 1024 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The bare-cdktf programs read the app's output, synthesized once into `bareInput`. */
const bareInput = mkdtempSync(join(tmpdir(), 'itsm-bench-input-'));
process.on('exit', () => rmSync(bareInput, { recursive: true, force: true }));
const resolveEnv = (env) => Object.fromEntries(Object.entries(env ?? {}).map(([key, value]) => [key, value === 'input' ? join(bareInput, 'cdktf.out') : value]));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

// No build may happen while timing: the app's launcher only checks that dist/ is current.
ensureFreshBuild(root);
{
  const synth = spawnSync(process.execPath, [join(root, 'bin', 'cdktf-app.js')], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: join(bareInput, 'cdktf.out') }, encoding: 'utf8' });
  if (synth.status !== 0) {
    process.stderr.write(`synthesizing the bare-cdktf input failed:\n${synth.stderr}\n`);
    process.exit(1);
  }
}
const loadBefore = loadavg();
const failures = new Map();
for (const program of programs) {
  const warmUp = runOnce(program);
  if (warmUp.error !== undefined) failures.set(program.key, warmUp.error);
}
const measured = programs.filter((program) => !failures.has(program.key));
const rounds = [];
for (let i = 0; i < runs; i++) rounds.push(Object.fromEntries(measured.map((program) => [program.key, runOnce(program)])));
const loadAfter = loadavg();

const of = (key, metric) => rounds.map((round) => round[key][metric]);
const ratios = (key, to, metric) => rounds.map((round) => round[key][metric] / round[to][metric]);

console.log(`Synthesis, median (range) of ${runs} interleaved rounds — node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadBefore[0].toFixed(1)} before / ${loadAfter[0].toFixed(1)} after:\n`);
console.log('| program | CPU (user+sys) | wall | peak RSS |\n| --- | --- | --- | --- |');
for (const p of measured) {
  const cpu = of(p.key, 'cpu');
  const wall = of(p.key, 'wall');
  const rss = of(p.key, 'rssMb');
  console.log(`| ${p.label} | ${median(cpu).toFixed(2)} s (${range(cpu)}) | ${median(wall).toFixed(2)} s (${range(wall)}) | ${median(rss).toFixed(0)} MB |`);
}
const cpuRatio = ratios('full', 'floor', 'cpu');
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(`\nall default environments / floor, CPU: ${median(cpuRatio).toFixed(2)}× (per round ${range(cpuRatio)}; target ≤ ${TARGETS.cpuRatio}×: ${verdict(median(cpuRatio) <= TARGETS.cpuRatio)})`);
console.log(`  wall ${median(ratios('full', 'floor', 'wall')).toFixed(2)}×, memory ${median(ratios('full', 'floor', 'rssMb')).toFixed(2)}×; context: CPU ${median(ratios('full', 'minimal', 'cpu')).toFixed(2)}× the two-import app`);
const bareRatio = ratios('bare', 'floor', 'cpu');
const leanRatio = ratios('bareLean', 'floor', 'cpu');
console.log(
  `lower bound — bare cdktf / floor, CPU: ${median(bareRatio).toFixed(2)}× as shipped (per round ${range(bareRatio)}), ${median(leanRatio).toFixed(2)}× with the app's patches (per round ${range(leanRatio)}); the app is ${median(ratios('full', 'bareLean', 'cpu')).toFixed(2)}× the patched bare cdktf`,
);
if (failures.has('scale')) {
  console.log(`scale case: NOT measurable — synthesis fails: ${failures.get('scale').slice(0, 400)}`);
} else {
  const scaleWall = median(of('scale', 'wall'));
  const scaleRss = median(of('scale', 'rssMb'));
  console.log(
    `scale case: ${scaleWall.toFixed(2)} s wall (target ≤ ${TARGETS.scaleWallSeconds} s: ${verdict(scaleWall <= TARGETS.scaleWallSeconds)}), ${scaleRss.toFixed(0)} MB peak RSS (target ≤ ${TARGETS.scaleRssMb} MB: ${verdict(scaleRss <= TARGETS.scaleRssMb)}), CPU ${median(of('scale', 'cpu')).toFixed(2)} s`,
  );
}

const extremesWall = median(of('extremes', 'wall'));
console.log(
  `planner at the schema's extremes: ${extremesWall.toFixed(2)} s wall for 120 plans, process start included (target: each plan ≤ 1 s: ${verdict(extremesWall <= 1)}), CPU ${median(of('extremes', 'cpu')).toFixed(2)} s`,
);

if (withTests) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['test', '--silent'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`npm test: ${seconds.toFixed(1)} s wall (target ≤ 45 s), exit ${result.status}, load average ${loadavg()[0].toFixed(1)} after`);
}
