/**
 * The parts of Node's CommonJS loader that the lean runtime adjusts, typed (@types/node does not
 * declare them).
 */
import Module from 'node:module';
import { sep } from 'node:path';

/** A CommonJS module as extension handlers receive it. */
export interface LoadableModule {
  _compile(source: string, filename: string, format?: 'commonjs'): unknown;
}

/** An extension handler of `Module._extensions`: loads `filename` into `module`. */
export type Loader = (module: LoadableModule, filename: string) => unknown;

/** `Module._extensions`: extension → handler. tsx replaces the `.js`, `.cjs` and `.ts` ones. */
export const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;

/** Path segment of installed packages. */
export const NODE_MODULES = `${sep}node_modules${sep}`;

/** Whether a TypeScript runner (tsx) has hooked the CommonJS loader: true for the app and the CLI, not under jest. */
export function hasTypeScriptHook(): boolean {
  return extensions['.ts'] !== undefined;
}

/**
 * Makes `require(filename)` return `exports` from now on, as if that file had been loaded. The
 * caller keeps the real module out of the cache only until it deletes this entry.
 */
export function placeInModuleCache(filename: string, exports: unknown): NodeJS.Module {
  const module = new Module(filename);
  module.filename = filename;
  module.loaded = true;
  module.exports = exports;
  require.cache[filename] = module;
  return module;
}
