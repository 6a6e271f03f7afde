/**
 * A copy of the repository's blueprints/ and environments/ in a temporary folder, for tests that break one
 * thing and pin the located message: made before each test, removed after it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');

export interface ScratchProject {
  /** The temporary project's root (valid inside a test). */
  readonly root: () => string;
  /** Replaces exactly one occurrence of `from` in a file of the temporary project. */
  readonly edit: (file: string, from: string, to: string) => void;
  /** `LINE:COL` (1-based) of the first occurrence of `needle` in a file, plus `offset` characters; computed from the text so expectations survive edits elsewhere. */
  readonly position: (file: string, needle: string, offset?: number) => string;
  /** How the loader shows a file of the temporary project: relative to the current directory. */
  readonly shown: (file: string) => string;
}

/** Registers the copy's creation and removal around each test of the calling file. */
export function scratchProject(prefix: string): ScratchProject {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
    cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
    cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });
  return {
    root: () => root,
    edit(file, from, to) {
      const path = join(root, file);
      const text = readFileSync(path, 'utf8');
      const count = text.split(from).length - 1;
      if (count !== 1) throw new Error(`test setup: expected "${from}" once in ${file}, found it ${count} times`);
      writeFileSync(path, text.replace(from, to));
    },
    position(file, needle, offset = 0) {
      const text = readFileSync(join(root, file), 'utf8');
      const index = text.indexOf(needle);
      if (index < 0) throw new Error(`test setup: "${needle}" not in ${file}`);
      const before = text.slice(0, index + offset).split('\n');
      return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
    },
    shown: (file) => relative(process.cwd(), join(root, file)),
  };
}
