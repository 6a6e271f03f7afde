/**
 * The default environments, synthesized once per jest run (test/global-setup.ts) and shared by
 * every suite that only reads them, instead of each suite synthesizing them again. The run's
 * directory also holds the run's temporary directory (TMPDIR of every worker); the whole of it
 * is removed when the run ends (test/global-teardown.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variable naming the run's directory; set by the global setup, read by the workers. */
export const RUN_DIR_ENV = 'ITSM_SCALE_TEST_RUN_DIR';

/** Environment variable holding TMPDIR as it was before the run ('' when unset), restored at the end. */
export const SYSTEM_TMPDIR_ENV = 'ITSM_SCALE_TEST_SYSTEM_TMPDIR';

/** The repository root. */
export const REPO_ROOT = join(__dirname, '..');

/** What an entry of the parsed output is typed as in tests. */
export type StackDocument = Record<string, unknown>;

/** This jest run's directory. */
export function runDirectory(): string {
  const dir = process.env[RUN_DIR_ENV];
  if (!dir) throw new Error(`${RUN_DIR_ENV} is not set: run the tests through jest (jest.config.js sets up the shared synthesis in test/global-setup.ts)`);
  return dir;
}

/** `itsm-scale synth` output of every default environment (cdktf.out layout), made once per run. Read it, never write into it. */
export function defaultSynthDir(): string {
  return join(runDirectory(), 'default.out');
}

/** Stack names of the default synthesis, sorted. */
export function defaultStackNames(): string[] {
  return readdirSync(join(defaultSynthDir(), 'stacks')).sort();
}

let documents: Map<string, StackDocument> | undefined;

/** Every default stack's cdk.tf.json as written (cdktf's "//" metadata included), parsed once per test file. */
export function defaultStackDocuments(): ReadonlyMap<string, StackDocument> {
  documents ??= new Map(defaultStackNames().map((name) => [name, JSON.parse(readFileSync(join(defaultSynthDir(), 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackDocument]));
  return documents;
}

/** `value` without cdktf's "//" metadata at any depth: what cdktf's Testing.synth returns for a stack. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (key !== '//') out[key] = withoutMetadata(child);
  return out;
}
