#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) by where the self time goes: per group of files
 * (cdktf, constructs, the provider classes, yaml, zod, our own folders, node's internals, GC, the
 * compiler...), per file, and per function. For BENCHMARKS.md: where the app's CPU goes.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/cdktf-app.js
 *   node scripts/bench/profile-summary.js /tmp/prof/CPU.*.cpuprofile [--top 25] [--phases a,b,c]
 *
 * --phases names functions whose inclusive time (self plus callees; the outermost call only, when
 * one calls itself) is printed too, e.g. --phases buildStacks,synth,writePlans,checkPolicies.
 *
 * Self time is the time a function was on top of the stack: "(program)" is V8 itself (mostly
 * parsing and compiling), "(garbage collector)" is GC, "(idle)" is waiting.
 */
const { readFileSync } = require('node:fs');
const { relative, sep } = require('node:path');

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
const top = Number(args[args.indexOf('--top') + 1]) || 25;
const phaseNames = args.includes('--phases') ? args[args.indexOf('--phases') + 1].split(',') : [];
if (!file) {
  process.stderr.write('usage: node scripts/bench/profile-summary.js <file.cpuprofile> [--top N]\n');
  process.exit(2);
}
const root = process.cwd();
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: each sample's node gets the interval that follows it.
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i + 1] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + delta);
}
const total = [...self.values()].reduce((sum, value) => sum + value, 0);

/** The group a script belongs to: an npm package, one of our top-level folders, or node/V8. */
function group(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf(`node_modules${sep}`);
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split(sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const rel = relative(root, path).split(sep);
  if (rel[0] === 'dist') return `ours: ${rel[1].endsWith('.js') ? rel[1] : `${rel[1]}/`}`;
  return `ours: ${rel[0]}`;
}

const byGroup = new Map();
const byFile = new Map();
const byFunction = new Map();
const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
for (const node of profile.nodes) {
  const time = self.get(node.id) ?? 0;
  if (time === 0) continue;
  const { url, functionName, lineNumber } = node.callFrame;
  const where = url ? relative(root, url.replace(/^file:\/\//, '')) : '';
  add(byGroup, group(url, functionName), time);
  add(byFile, where || functionName || '(anonymous)', time);
  add(byFunction, `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`, time);
}

// Inclusive time of the named functions: each node's subtree, counted at the outermost named node.
const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const subtree = (id) => (self.get(id) ?? 0) + children.get(id).reduce((sum, child) => sum + subtree(child), 0);
const inclusive = new Map(phaseNames.map((name) => [name, 0]));
const visit = (id, inside) => {
  const name = nodes.get(id).callFrame.functionName;
  if (inclusive.has(name) && !inside.has(name)) {
    inclusive.set(name, inclusive.get(name) + subtree(id));
    inside = new Set([...inside, name]);
  }
  for (const child of children.get(id)) visit(child, inside);
};
visit(profile.nodes[0].id, new Set());

const print = (title, map, limit) => {
  console.log(`\n${title}\n| | self ms | share |\n| --- | ---: | ---: |`);
  for (const [key, value] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`| ${key} | ${(value / 1000).toFixed(0)} | ${((100 * value) / total).toFixed(1)}% |`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
if (phaseNames.length > 0) print('Inclusive time of --phases', inclusive, phaseNames.length);
print('By group (npm package, our folder, V8)', byGroup, top);
print('By file', byFile, top);
print('By function', byFunction, top);
