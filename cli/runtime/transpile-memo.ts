import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extensions, hasTypeScriptHook, LoadableModule, NODE_MODULES } from './module-loader';

/** Environment variable naming the memo's directory, or `off` to transpile every time through tsx. */
export const TRANSPILE_MEMO_ENV = 'ITSM_SCALE_TRANSPILE_MEMO';

/** One transpiled module: the SHA-1 of its TypeScript source, and tsx's JavaScript for it. */
interface Entry {
  readonly sha1: string;
  readonly code: string;
}

/**
 * Remembers tsx's JavaScript for each of our TypeScript files, keyed by the file's content.
 *
 * tsx keeps its own transform cache, but before looking into it runs an ES-module lexer over every
 * TypeScript file (to see whether it uses `import.meta`) and hashes the transform options with
 * it; for this project's ~130 modules that was ~50 ms of every synth. Here a file whose SHA-1
 * matches the remembered one is compiled straight from the remembered JavaScript; any other
 * goes through tsx, and what tsx compiles is remembered. Files under node_modules are left to
 * tsx and Node.
 *
 * The memo is one JSON file per toolchain — named after the tsx and esbuild versions and the
 * project's tsconfig.json, so an upgrade or a compiler-option change starts afresh — in
 * node_modules/.cache/itsm-scale (or the directory in ITSM_SCALE_TRANSPILE_MEMO; `off` turns it
 * off). It holds one entry per existing file, the latest. It is written when the process exits, to a
 * temporary file renamed into place; a memo that cannot be read or written is ignored.
 */
export function memoizeTranspilation(projectRoot: string): void {
  const setting = process.env[TRANSPILE_MEMO_ENV];
  if (!hasTypeScriptHook() || setting === 'off') return;
  const viaTsx = extensions['.ts']!;
  const file = join(setting || defaultDirectory(), `transpiled-${toolchainTag(projectRoot)}.json`);
  const entries = readEntries(file);
  let changed = false;

  extensions['.ts'] = (module, filename) => {
    if (filename.includes(NODE_MODULES)) return viaTsx(module, filename);
    const sha1 = createHash('sha1').update(readFileSync(filename)).digest('base64');
    const known = entries.get(filename);
    if (known?.sha1 === sha1) return module._compile(known.code, filename);
    // Let tsx transpile and compile it, and remember the JavaScript it compiles.
    const compile = module._compile;
    module._compile = (code, name, ...rest) => {
      entries.set(filename, { sha1, code });
      changed = true;
      return compile.call(module, code, name, ...rest);
    };
    try {
      return viaTsx(module, filename);
    } finally {
      delete (module as Partial<LoadableModule>)._compile;
    }
  };

  process.on('exit', () => {
    if (!changed) return;
    // Files that are gone (renamed, deleted, temporary) leave the memo.
    for (const filename of entries.keys()) if (!existsSync(filename)) entries.delete(filename);
    writeEntries(file, entries);
  });
}

/** node_modules/.cache/itsm-scale in the node_modules that holds tsx. */
function defaultDirectory(): string {
  return join(dirname(dirname(require.resolve('tsx/package.json'))), '.cache', 'itsm-scale');
}

/** What tsx's output depends on besides the source: tsx, esbuild and the compiler options. */
function toolchainTag(projectRoot: string): string {
  const hash = createHash('sha1');
  const tsxManifest = require.resolve('tsx/package.json');
  hash.update(readFileSync(tsxManifest));
  // tsx's own esbuild, wherever the package manager put it.
  hash.update(readFileSync(require.resolve('esbuild/package.json', { paths: [dirname(tsxManifest)] })));
  const tsconfig = join(projectRoot, 'tsconfig.json');
  if (existsSync(tsconfig)) hash.update(readFileSync(tsconfig));
  hash.update(process.env.TSX_TSCONFIG_PATH ?? '');
  hash.update(String(process.sourceMapsEnabled));
  return hash.digest('hex').slice(0, 16);
}

function readEntries(file: string): Map<string, Entry> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>));
  } catch {
    return new Map();
  }
}

function writeEntries(file: string, entries: Map<string, Entry>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(entries)));
    renameSync(temporary, file);
  } catch {
    // A read-only install just transpiles through tsx each time.
  }
}
