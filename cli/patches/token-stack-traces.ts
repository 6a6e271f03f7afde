/**
 * Patch (applied by the entry points only, see ./index.ts): cdktf records a full creation stack
 * trace, with an unlimited `Error.stackTraceLimit`, for every token it creates — thousands per
 * synth — only to print it if that token later fails to resolve. Collecting and formatting those
 * traces is a large share of synthesis time. The function that does it lives in a private module
 * of cdktf; it is replaced by one that records nothing. A token that fails to resolve still fails,
 * with its message, only without the creation trace; the synthesized JSON does not change.
 *
 * Written against cdktf 0.21.0 (the final release); test/cli/patches/token-stack-traces.test.ts
 * pins that version and proves equal output.
 */

/** cdktf's private stack-trace module: its callers look `captureStackTrace` up on it at each call. */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const MODULE = 'cdktf/lib/tokens/private/stack-trace';

/** Makes cdktf record no creation stack traces for tokens in this process. */
export function skipTokenStackTraces(): void {
    const stackTrace = require(MODULE) as StackTraceModule;
  stackTrace.captureStackTrace = () => [];
}
