/**
 * Makes synthesis cheaper without changing its output. Import it before anything loads cdktf.
 *
 * - cdktf records a full creation stack trace (with an unlimited `Error.stackTraceLimit`) for
 *   every token it creates — thousands per synth — only to print it if that token later fails to
 *   resolve. Collecting and formatting those traces was about a third of synthesis time. The
 *   function that does it lives in a private module of cdktf 0.21.0, the final release, pinned
 *   exactly in package.json; it is replaced here by one that records nothing. A token that fails
 *   to resolve still fails, with its message, only without the creation trace.
 * - Source maps are turned off for this process (the TypeScript runner turns them on): Node
 *   otherwise parses the inline source map of every cdktf module it loads. Stack traces of
 *   internal errors then point into the transpiled code, which is still readable.
 * - CommonJS dependencies are loaded by Node itself, not through the TypeScript runner (see
 *   `loadCommonJsDependenciesNatively`).
 * - Libraries that synthesis never uses (cdktf's zip library and version checks, zod's
 *   translations) are loaded only if something uses them (see `deferUnusedLibraries`).
 * Measured with `npm run bench`; see BENCHMARKS.md.
 */
import Module from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** The parts of a CommonJS module and of `Module._extensions` that loading uses (not in @types/node). */
interface LoadableModule {
  _compile(source: string, filename: string, format?: 'commonjs'): unknown;
}
type Loader = (module: LoadableModule, filename: string) => unknown;

const NODE_MODULES = `${sep}node_modules${sep}`;

/** `Module._extensions`, which @types/node does not declare. */
const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;

/** Whether a TypeScript runner (tsx) has hooked the CommonJS loader: true for the app and the CLI, not under jest. */
function hasTypeScriptHook(): boolean {
  return extensions['.ts'] !== undefined;
}

/**
 * tsx hooks every `.js` and `.cjs` file, dependencies included, and runs an ES-module lexer over
 * each one whose text mentions "import" or "export" (every compiled CommonJS file does:
 * `exports.X = ...`) to decide whether it needs transpiling. For @cdktf/provider-aws's
 * multi-megabyte class files, cdktf, zod and yaml that scan was about 0.17 s of every synth,
 * and it never transpiles anything: those packages are CommonJS. So a file under node_modules
 * whose package is CommonJS is compiled here exactly as Node's own loader would (read as UTF-8,
 * `module._compile` as CommonJS); everything else (our TypeScript, ES-module packages) still
 * goes through tsx. Only done when a TypeScript runner has hooked the CommonJS loader (a `.ts`
 * extension is registered), so under jest, which has its own module system, nothing changes.
 */
function loadCommonJsDependenciesNatively(): void {
  if (!hasTypeScriptHook()) return;
  for (const extension of ['.js', '.cjs']) {
    const runner = extensions[extension];
    if (!runner) continue;
    extensions[extension] = (module, filename) =>
      filename.includes(NODE_MODULES) && isCommonJs(filename)
        ? module._compile(readFileSync(filename, 'utf8'), filename, 'commonjs')
        : runner(module, filename);
  }
}

/** Package type of each directory's nearest package.json ("commonjs" when it has none), memoized. */
const packageTypes = new Map<string, string>();

/** Whether Node would load `filename` as CommonJS: `.cjs`, or `.js` in a package not of type "module". */
function isCommonJs(filename: string): boolean {
  return filename.endsWith('.cjs') || packageType(dirname(filename)) !== 'module';
}

function packageType(directory: string): string {
  const known = packageTypes.get(directory);
  if (known !== undefined) return known;
  const manifest = join(directory, 'package.json');
  let type: string;
  if (existsSync(manifest)) {
    type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type ?? 'commonjs';
  } else {
    const parent = dirname(directory);
    type = parent === directory ? 'commonjs' : packageType(parent);
  }
  packageTypes.set(directory, type);
  return type;
}

/**
 * Libraries that dependencies load eagerly but synthesis never uses, loaded on first use instead:
 *
 * - `archiver`, which cdktf's index loads (with ~200 modules under it: streams, lodash, glob)
 *   for TerraformAsset zip archives: ~65 ms. The synthesizing process never calls it — cdktf
 *   zips in a child `node` process that loads the library itself — and this toolkit has no assets.
 * - zod's `locales` namespace (~60 translations, ~30 ms); zod loads its English messages, the
 *   only ones used here, from their own module.
 * - `semver` (~45 modules, ~13 ms), which cdktf uses only to check a terraform binary's version
 *   when a stack moves resources — never here: synthesis runs no terraform.
 *
 * Only with a TypeScript runner on the CommonJS loader (the app and the CLI), not under jest.
 */
function deferUnusedLibraries(): void {
  if (!hasTypeScriptHook()) return;
  const cdktfPrivate = join(dirname(require.resolve('cdktf')), 'private');
  deferModule(require.resolve('archiver', { paths: [cdktfPrivate] }), { esModule: false });
  deferModule(require.resolve('zod/v4/locales/index.cjs'), { esModule: true });
  deferModule(require.resolve('semver', { paths: [join(dirname(require.resolve('cdktf')), 'validations')] }), { esModule: false });
}

/**
 * Puts a stand-in for `filename` into the module cache that loads the real module the first
 * time it is called or a property of it is read, and forwards to it from then on. Only
 * `__esModule` (which TypeScript's CommonJS interop reads on import) is answered without
 * loading, as the real module would answer it.
 */
function deferModule(filename: string, { esModule }: { esModule: boolean }): void {
  if (require.cache[filename]) return;
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      delete require.cache[filename];
      real = require(filename) as object;
    }
    return real;
  };
  const standIn = new Module(filename);
  standIn.filename = filename;
  standIn.loaded = true;
  standIn.exports = new Proxy(() => undefined, {
    apply: (_target, self, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    get: (_target, key) => (key === '__esModule' && real === undefined ? esModule || undefined : Reflect.get(load(), key)),
    has: (_target, key) => Reflect.has(load(), key),
  });
  require.cache[filename] = standIn;
}

loadCommonJsDependenciesNatively();
deferUnusedLibraries();
process.setSourceMapsEnabled(false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
stackTrace.captureStackTrace = () => [];

export {};
