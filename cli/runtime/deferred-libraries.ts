import { dirname, join } from 'node:path';
import { hasTypeScriptHook, placeInModuleCache } from './module-loader';

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
export function deferUnusedLibraries(): void {
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
  placeInModuleCache(
    filename,
    new Proxy(() => undefined, {
      apply: (_target, self, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
      get: (_target, key) => (key === '__esModule' && real === undefined ? esModule || undefined : Reflect.get(load(), key)),
      has: (_target, key) => Reflect.has(load(), key),
    }),
  );
}
