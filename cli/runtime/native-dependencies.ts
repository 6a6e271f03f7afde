import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extensions, hasTypeScriptHook, NODE_MODULES } from './module-loader';

/**
 * tsx hooks every `.js` and `.cjs` file, dependencies included, and runs an ES-module lexer over
 * each one whose text mentions "import" or "export" (every compiled CommonJS file does:
 * `exports.X = ...`) to decide whether it needs transpiling. For @cdktf/provider-aws's
 * multi-megabyte class files, cdktf, zod and yaml that scan was about 0.17 s of every synth,
 * and it never transpiles anything: those packages are CommonJS. So a file under node_modules
 * whose package is CommonJS is compiled here exactly as Node's own loader would (read as UTF-8,
 * `module._compile` as CommonJS); everything else (our TypeScript, ES-module packages) still
 * goes through tsx. Only with a TypeScript runner on the CommonJS loader; under jest, which has
 * its own module system, nothing changes.
 */
export function loadCommonJsDependenciesNatively(): void {
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
