/**
 * Patch (applied by the entry points only, see ./index.ts): cdktf writes every stack with
 * json-stable-stringify (sorted keys, two-space indent). That library's generic machinery (bound
 * array methods, a linear scan for cycles at every object) is slower than `stableStringify`
 * below, which writes the same bytes. The replacement takes the library's place in the module
 * cache before cdktf loads it; calls with any option other than `space` go to the real library.
 *
 * Written against json-stable-stringify 1.3.0 as cdktf 0.21.0 depends on it;
 * test/cli/patches/stable-stringify.test.ts pins both versions and proves equal output.
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';

/** json-stable-stringify's call signature, as far as cdktf uses it: the value and `{ space }`. */
type StableStringify = (value: unknown, options?: unknown) => string | undefined;

/** The json-stable-stringify file cdktf's synthesizer loads. */
export function libraryFile(): string {
  return require.resolve('json-stable-stringify', { paths: [join(dirname(require.resolve('cdktf')), 'synthesize')] });
}

/**
 * Puts the faster serializer in the library's place. It has an effect only before cdktf is
 * loaded (cdktf keeps its own reference to whatever it loaded first); returns whether it took effect.
 */
export function useFasterStableStringify(): boolean {
  const filename = libraryFile();
  if (require.cache[filename]) return false;
  let library: StableStringify | undefined;
  const replacement: StableStringify = (value, options) => {
    if (options === undefined || isSpaceOnly(options)) return stableStringify(value, options?.space);
    if (library === undefined) {
      delete require.cache[filename];
      library = require(filename) as StableStringify;
      placeInModuleCache(filename, replacement);
    }
    return library(value, options);
  };
  placeInModuleCache(filename, replacement);
  return true;
}

/** Makes `require(filename)` return `exports`, as if that file had been loaded. */
function placeInModuleCache(filename: string, exports: unknown): void {
  const module = new Module(filename);
  module.filename = filename;
  module.loaded = true;
  module.exports = exports;
  require.cache[filename] = module;
}

function isSpaceOnly(options: unknown): options is { space?: string | number } {
  return typeof options === 'object' && options !== null && Object.keys(options).every((key) => key === 'space');
}

/**
 * JSON with object keys sorted by code unit, byte for byte as json-stable-stringify 1.x writes it
 * with only the `space` option: `toJSON` honoured, undefined and function values left out of
 * objects and written as `null` in arrays, empty arrays and objects written with their closing
 * bracket on its own line when indenting, and a TypeError on a cycle.
 */
export function stableStringify(value: unknown, space: string | number = ''): string | undefined {
  const unit = typeof space === 'number' ? ' '.repeat(space) : space;
  const colon = unit ? ': ' : ':';
  const open = new Set<object>();

  const write = (node: unknown, indent: string): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      node = (node as { toJSON: () => unknown }).toJSON();
    }
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const inner = indent + unit;
    const lineStart = unit ? `\n${inner}` : '';
    const close = unit ? `\n${indent}` : '';
    if (Array.isArray(node)) {
      let out = '[';
      for (let i = 0; i < node.length; i++) out += `${i > 0 ? ',' : ''}${lineStart}${write(node[i], inner) ?? 'null'}`;
      return `${out}${close}]`;
    }
    if (open.has(node)) throw new TypeError('Converting circular structure to JSON');
    open.add(node);
    let out = '{';
    let first = true;
    for (const key of Object.keys(node).sort()) {
      const written = write((node as Record<string, unknown>)[key], inner);
      if (!written) continue;
      out += `${first ? '' : ','}${lineStart}${JSON.stringify(key)}${colon}${written}`;
      first = false;
    }
    open.delete(node);
    return `${out}${close}}`;
  };

  return write(value, '');
}
