/**
 * Reads a synth output directory (cdktf.out layout: DIR/manifest.json and
 * DIR/stacks/<stack>/cdk.tf.json) into a SynthOutput. The only I/O of the comparison.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
 * Reads every stack named by `DIR/manifest.json` (`stacks.<name>.synthesizedStackPath`).
 * Messages name files by `dir` as given.
 * @throws DiffInputError when the directory, the manifest or a stack file is missing or not JSON
 */
export function readSynthOutput(dir: string, options: ReadOptions = {}): SynthOutput {
  const label = options.label ?? dir;
  const root = resolve(options.cwd ?? process.cwd(), dir);
  if (!existsSync(root)) throw new DiffInputError(`${dir} does not exist (expected a synth output directory: run itsm-scale synth --out ${dir})`);
  if (!statSync(root).isDirectory()) throw new DiffInputError(`${dir} is not a directory (expected a synth output directory holding manifest.json)`);
  const manifestPath = join(root, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new DiffInputError(`${dir} is not a synth output: it has no manifest.json (run itsm-scale synth --out ${dir}, or give the directory that holds manifest.json)`);
  }
  const manifest = readJson(manifestPath, `${dir}/manifest.json`);
  const stacks = isObject(manifest) ? manifest['stacks'] : undefined;
  if (!isObject(stacks)) throw new DiffInputError(`${dir}/manifest.json has no "stacks" object (is it a cdktf manifest?)`);
  const out = new Map<string, StackJson>();
  for (const name of Object.keys(stacks).sort()) {
    const entry = stacks[name];
    const relative = isObject(entry) && typeof entry['synthesizedStackPath'] === 'string' ? entry['synthesizedStackPath'] : `stacks/${name}/cdk.tf.json`;
    const path = join(root, relative);
    const shown = `${dir}/${relative}`;
    if (!existsSync(path)) throw new DiffInputError(`${shown} is missing although manifest.json lists stack "${name}" (synthesize again)`);
    const json = readJson(path, shown);
    if (!isObject(json)) throw new DiffInputError(`${shown} is not a Terraform JSON object`);
    out.set(name, json as StackJson);
  }
  return { label, stacks: out };
}

function readJson(path: string, shown: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DiffInputError(`cannot read ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new DiffInputError(`${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
