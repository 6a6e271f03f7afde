/**
 * Reads a synth output directory (cdktf.out layout: DIR/manifest.json and
 * DIR/stacks/<stack>/cdk.tf.json) into a SynthOutput. The only I/O of the comparison.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative as relativePath, resolve } from 'node:path';
import { Json, StackJson, SynthOutput } from './types';
import { isObject } from './values';

/** A directory that is not a readable synth output. The message says which file and how to fix it. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}

export interface ReadOptions {
  /** How the report names this side. @default the directory as given */
  readonly label?: string;
  /** Directory a relative `dir` starts from. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Deepest nesting a stack file may have. Terraform JSON written by cdktf stays below 20 levels;
 * the limit keeps the recursive comparison far from the call-stack limit on any input.
 */
export const MAX_JSON_DEPTH = 200;

/**
 * Reads every stack named by `DIR/manifest.json` (`stacks.<name>.synthesizedStackPath`).
 * Messages name files by `dir` as given. Only files inside DIR are read: a manifest path that
 * leaves it (`../x`, an absolute path, a symbolic link pointing out) is refused.
 * @throws DiffInputError when the directory, the manifest or a stack file is missing, not JSON,
 *   not shaped like Terraform JSON, or outside DIR
 */
export function readSynthOutput(dir: string, options: ReadOptions = {}): SynthOutput {
  const label = options.label ?? dir;
  const root = resolve(options.cwd ?? process.cwd(), dir);
  if (!existsSync(root)) throw new DiffInputError(`${dir} does not exist (expected a synth output directory: run itsm-scale synth --out ${dir})`);
  if (!statSync(root).isDirectory()) throw new DiffInputError(`${dir} is not a directory (expected a synth output directory holding manifest.json)`);
  const realRoot = realpathSync(root);
  const manifestPath = resolve(root, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new DiffInputError(`${dir} is not a synth output: it has no manifest.json (run itsm-scale synth --out ${dir}, or give the directory that holds manifest.json)`);
  }
  const manifest = readJson(manifestPath, `${dir}/manifest.json`, realRoot, dir);
  const stacks = isObject(manifest) ? manifest['stacks'] : undefined;
  if (!isObject(stacks)) throw new DiffInputError(`${dir}/manifest.json has no "stacks" object (is it a cdktf manifest?)`);
  const out = new Map<string, StackJson>();
  for (const name of Object.keys(stacks).sort()) {
    const entry = stacks[name];
    if (!isObject(entry)) throw new DiffInputError(`${dir}/manifest.json: stacks.${name} is ${describe(entry)} (expected an object with synthesizedStackPath)`);
    const given = entry['synthesizedStackPath'];
    if (given !== undefined && typeof given !== 'string') {
      throw new DiffInputError(`${dir}/manifest.json: stacks.${name}.synthesizedStackPath is ${describe(given)} (expected a path such as "stacks/${name}/cdk.tf.json")`);
    }
    const relative = given ?? `stacks/${name}/cdk.tf.json`;
    const shown = `${dir}/${relative}`;
    if (isAbsolute(relative) || !isInside(root, resolve(root, relative))) {
      throw new DiffInputError(`${dir}/manifest.json: stacks.${name}.synthesizedStackPath "${relative}" leaves ${dir} (stack files must lie inside the synth output directory)`);
    }
    const path = resolve(root, relative);
    if (!existsSync(path)) throw new DiffInputError(`${shown} is missing although manifest.json lists stack "${name}" (synthesize again)`);
    const json = readJson(path, shown, realRoot, dir);
    checkStackShape(json, shown);
    out.set(name, json as StackJson);
  }
  return { label, stacks: out, plans: readPlans(root, realRoot, dir) };
}

/** `DIR/plans/<env>.json` (written by synth since the cost model), by environment; empty when there are none. */
function readPlans(root: string, realRoot: string, dir: string): Map<string, Json> {
  const plans = new Map<string, Json>();
  const plansDir = resolve(root, 'plans');
  if (!existsSync(plansDir) || !statSync(plansDir).isDirectory()) return plans;
  for (const file of readdirSync(plansDir).filter((f) => f.endsWith('.json')).sort()) {
    plans.set(file.replace(/\.json$/, ''), readJson(resolve(plansDir, file), `${dir}/plans/${file}`, realRoot, dir));
  }
  return plans;
}

function readJson(path: string, shown: string, realRoot: string, dir: string): Json {
  let text: string;
  try {
    // A symbolic link inside the directory may still point out of it.
    if (!isInside(realRoot, realpathSync(path))) throw new DiffInputError(`${shown} is a link that leads out of ${dir} (stack files must lie inside the synth output directory)`);
    if (!statSync(path).isFile()) throw new DiffInputError(`${shown} is not a file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof DiffInputError) throw error;
    throw new DiffInputError(`cannot read ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (error) {
    throw new DiffInputError(`${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const depth = nestingDepth(json);
  if (depth > MAX_JSON_DEPTH) throw new DiffInputError(`${shown} nests values ${depth} levels deep (at most ${MAX_JSON_DEPTH}; cdktf output stays below 20, so the file is not a synth output)`);
  return json;
}

function isInside(root: string, path: string): boolean {
  const rel = relativePath(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Nesting depth of a JSON value, without recursion (so any depth is measured safely). */
function nestingDepth(value: Json): number {
  let deepest = 0;
  const pending: Array<{ value: Json; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (depth > deepest) deepest = depth;
    if (depth > MAX_JSON_DEPTH) break;
    if (typeof current === 'object' && current !== null) {
      for (const inner of Array.isArray(current) ? current : Object.values(current)) pending.push({ value: inner, depth: depth + 1 });
    }
  }
  return deepest;
}

/**
 * Terraform JSON's blocks the comparison reads: `resource` and `data` are objects of types, each
 * an object of names, each body an object; `output` an object of objects.
 */
function checkStackShape(json: Json, shown: string): void {
  if (!isObject(json)) throw new DiffInputError(`${shown} is ${describe(json)} (expected a Terraform JSON object)`);
  for (const block of ['resource', 'data'] as const) {
    const types = json[block];
    if (types === undefined) continue;
    if (!isObject(types)) throw new DiffInputError(`${shown}: ${block} is ${describe(types)} (expected an object of resource types)`);
    for (const [type, byName] of Object.entries(types)) {
      if (!isObject(byName)) throw new DiffInputError(`${shown}: ${block}.${type} is ${describe(byName)} (expected an object of ${type} by name)`);
      for (const [name, body] of Object.entries(byName)) {
        if (!isObject(body)) throw new DiffInputError(`${shown}: ${block}.${type}.${name} is ${describe(body)} (a resource body must be a JSON object of arguments)`);
      }
    }
  }
  for (const block of ['output', 'provider', 'terraform'] as const) {
    const value = json[block];
    if (value !== undefined && !isObject(value)) throw new DiffInputError(`${shown}: ${block} is ${describe(value)} (expected a JSON object)`);
  }
  for (const [name, body] of Object.entries(isObject(json['output']) ? json['output'] : {})) {
    if (!isObject(body)) throw new DiffInputError(`${shown}: output.${name} is ${describe(body)} (an output must be a JSON object with a value)`);
  }
}

function describe(value: Json | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
