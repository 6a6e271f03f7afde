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
 * Measured with `npm run bench`; see BENCHMARKS.md.
 */
process.setSourceMapsEnabled(false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
stackTrace.captureStackTrace = () => [];

export {};
