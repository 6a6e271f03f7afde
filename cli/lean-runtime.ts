/**
 * Makes synthesis cheaper without changing its output. Import it before anything loads cdktf.
 * Measured with `npm run bench`; see BENCHMARKS.md.
 *
 * - Loading (only with a TypeScript runner on the CommonJS loader, as for the app and the CLI;
 *   under jest nothing changes): CommonJS dependencies are compiled by Node itself rather than
 *   scanned by tsx (runtime/native-dependencies.ts); libraries synthesis never uses are loaded
 *   only if something uses them (runtime/deferred-libraries.ts); cdktf writes stacks with a faster
 *   serializer that writes the same bytes (runtime/stable-stringify.ts); and tsx's JavaScript for
 *   our own TypeScript is remembered per file content (runtime/transpile-memo.ts).
 * - Source maps are turned off for this process (the TypeScript runner turns them on): Node
 *   otherwise parses the inline source map of every cdktf module it loads. Stack traces of
 *   internal errors then point into the transpiled code, which is still readable.
 * - cdktf records a full creation stack trace (with an unlimited `Error.stackTraceLimit`) for
 *   every token it creates — thousands per synth — only to print it if that token later fails to
 *   resolve. Collecting and formatting those traces was about a third of synthesis time. The
 *   function that does it lives in a private module of cdktf 0.21.0, the final release, pinned
 *   exactly in package.json; it is replaced here by one that records nothing. A token that fails
 *   to resolve still fails, with its message, only without the creation trace.
 */
import { join } from 'node:path';
import { deferUnusedLibraries } from './runtime/deferred-libraries';
import { loadCommonJsDependenciesNatively } from './runtime/native-dependencies';
import { useFasterStableStringify } from './runtime/stable-stringify';
import { memoizeTranspilation } from './runtime/transpile-memo';

process.setSourceMapsEnabled(false);
loadCommonJsDependenciesNatively();
deferUnusedLibraries();
useFasterStableStringify();
memoizeTranspilation(join(__dirname, '..'));

const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
stackTrace.captureStackTrace = () => [];
