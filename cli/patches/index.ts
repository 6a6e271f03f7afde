/**
 * The only patches of third-party internals this toolkit keeps: each one makes synthesis cheaper
 * without changing a byte of its output, lives in its own file with a test that pins the library
 * version it was written against and proves equal output (test/cli/patches/), and is applied
 * only by the entry points (bin/itsm-scale.js before it synthesizes, bin/cdktf-app.js for
 * `cdktf synth`, the bench) — never on import. Under jest, test/setup.ts applies the token-trace and
 * resolution patches to every test file but the patches' own (test/cli/patches/), which compare
 * with cdktf as shipped. BENCHMARKS.md has what each saves.
 */
import { useFasterStableStringify } from './stable-stringify';

let applied = false;

/**
 * Applies every patch, once per process. Call it before anything loads cdktf: the serializer
 * takes effect only then (the other two work either way).
 */
export function applySynthesisPatches(): void {
  if (applied) return;
  applied = true;
  useFasterStableStringify();
  // Required only now: both load cdktf, which must find the serializer already in place.
  (require('./token-stack-traces') as typeof import('./token-stack-traces')).skipTokenStackTraces();
  (require('./lean-resolve') as typeof import('./lean-resolve')).useLeanResolve();
}
