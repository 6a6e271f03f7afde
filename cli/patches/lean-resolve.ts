import { TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';

/**
 * `cdktf/lib/_tokens`'s exports object itself (an `import *` namespace would be a read-only
 * copy): terraform-stack.js looks `resolve` up on it at each call.
 */
const tokenModule = require('cdktf/lib/_tokens') as typeof import('cdktf/lib/_tokens');

type Resolve = typeof tokenModule.resolve;

/** The merged document's metadata, as cdktf's TerraformStack.toTerraform writes it. */
interface StackDocument {
  '//'?: { metadata?: { stackName?: string; overrides?: { stack?: readonly string[] } }; outputs?: unknown };
  [key: string]: unknown;
}

/**
 * Patch (applied by the entry points only, see ./index.ts): every stack's `toTerraform` resolves
 * its tokens the cheaper way of `resolveLean`. Returns whether it took effect (once per process).
 */
export function useLeanResolve(): boolean {
  const prototype = TerraformStack.prototype as TerraformStack & { [PATCHED]?: true };
  if (prototype[PATCHED]) return false;
  const toTerraform = prototype.toTerraform;
  prototype.toTerraform = function leanToTerraform(this: TerraformStack) {
    return resolveLean(() => toTerraform.call(this));
  };
  prototype[PATCHED] = true;
  return true;
}

const PATCHED = Symbol.for('itsm-scale.lean-resolve');

/**
 * Runs `synthesize` (cdktf's `TerraformStack.toTerraform`) with a cheaper token resolution that
 * gives the same document. Resolution was most of the time spent writing the stacks:
 *
 * 1. cdktf 0.21 resolves each element's fragment, merges the fragments, then resolves the merged
 *    document again as a whole. That second pass finds nothing in the fragments, which are
 *    already resolved; it matters only for the stack's own raw overrides (`stack.addOverride`),
 *    merged in unresolved. Here it resolves just the top-level blocks those overrides touch —
 *    cdktf lists them in the document's metadata as `overrides.stack`.
 * 2. cdktf's resolver builds a context with closures for every key and value it visits, though
 *    nearly all of a fragment is plain data. Here plain data (see `copyPlain`) is copied as is,
 *    and every value that is or may hold a token goes to cdktf's resolver, whole.
 *
 * `resolve` lives in a private module of cdktf 0.21.0, the final release, pinned exactly; it is
 * swapped only for the duration of the call. test/cli/patches/lean-resolve.test.ts pins that
 * version and checks, for every default stack, that the document is deep-equal to cdktf's own,
 * and with generated values (tokens of every kind among plain data) that the resolver agrees
 * with cdktf's.
 */
export function resolveLean<T>(synthesize: () => T): T {
  const resolveFully = tokenModule.resolve;
  tokenModule.resolve = leanResolver(resolveFully);
  try {
    return synthesize();
  } finally {
    tokenModule.resolve = resolveFully;
  }
}

/** The resolver `resolveLean` installs, on top of cdktf's `resolveFully`. Exported for tests. */
export function leanResolver(resolveFully: Resolve): Resolve {
  return <U>(scope: Construct, value: U, preparing?: boolean): U => {
    const resolveToken = (token: unknown): unknown => resolveFully(scope, token, preparing);
    if (!isMergedDocument(value)) return copyPlain(value, resolveToken) as U;
    const document: StackDocument = {};
    const overridden = new Set(value['//']?.metadata?.overrides?.stack ?? []);
    for (const [key, block] of Object.entries(value)) {
      // The full pass drops keys whose value is undefined (the metadata's unset `cloud`); so does this.
      const resolved = overridden.has(key) ? resolveToken(block) : key === '//' ? copyPlain(block, resolveToken) : block;
      if (resolved !== undefined) document[key] = resolved;
    }
    return document as U;
  };
}

/**
 * The merged document is the only value with a top-level "//" holding the stack's metadata
 * (`stackName`) and outputs; element fragments keep their "//" inside each block.
 */
function isMergedDocument(value: unknown): value is StackDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('//' in value)) return false;
  const header = (value as { '//': unknown })['//'] as { metadata?: { stackName?: unknown }; outputs?: unknown } | undefined;
  return typeof header?.metadata?.stackName === 'string' && typeof header.outputs === 'object';
}

/**
 * cdktf's resolution of `value`, when it holds no token: a copy without undefined object values
 * or array elements. Any value that is or may hold a token goes to `resolveToken` whole, so that
 * cdktf resolves it with its own rules (list and map tokens, escapes, post-processing, errors).
 */
function copyPlain(value: unknown, resolveToken: (value: unknown) => unknown): unknown {
  if (typeof value === 'string') return isPlainString(value) ? value : resolveToken(value);
  if (typeof value === 'number') return isPlainNumber(value) ? value : resolveToken(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) {
    // Functions go to cdktf, which refuses them with its message; other primitives are kept.
    return typeof value === 'function' ? resolveToken(value) : value;
  }
  if (Array.isArray(value)) {
    for (const element of value) if (!isPlainElement(element)) return resolveToken(value);
    const copy: unknown[] = [];
    for (const element of value) {
      const resolved = copyPlain(element, resolveToken);
      if (resolved !== undefined) copy.push(resolved);
    }
    return copy;
  }
  // A map token is a key holding a marker, which isPlainString catches, so of cdktf's tests for
  // an unresolved object only "is resolvable" remains.
  if (Tokenization.isResolvable(value) || isConstruct(value)) return resolveToken(value);
  const keys = Object.keys(value);
  for (const key of keys) if (!isPlainString(key)) return resolveToken(value);
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = copyPlain((value as Record<string, unknown>)[key], resolveToken);
    if (resolved !== undefined) copy[key] = resolved;
  }
  return copy;
}

/**
 * A string cdktf's resolver returns unchanged: no token marker (`${TfToken[`, `#{TfToken[`,
 * `&{TfToken[`), not a map token's placeholder, and no number token written out (those are
 * doubles near ±1e289–1e299, which JavaScript always prints with "e+").
 */
function isPlainString(value: string): boolean {
  return !value.includes('TfToken[') && !value.includes('e+') && value !== Token.STRING_MAP_TOKEN_VALUE && value !== Token.ANY_MAP_TOKEN_VALUE;
}

/** Token doubles (cdktf encodes number and number-list tokens as doubles near ±1e289–1e299) are far above this. */
const LARGEST_PLAIN_NUMBER = 1e280;

/** A number cdktf's resolver returns unchanged: not a token double, not the number-map placeholder. */
function isPlainNumber(value: number): boolean {
  return Math.abs(value) < LARGEST_PLAIN_NUMBER && value !== Token.NUMBER_MAP_TOKEN_VALUE;
}

/** An array element that does not make cdktf treat its array as a list token. */
function isPlainElement(element: unknown): boolean {
  if (typeof element === 'string') return isPlainString(element);
  if (typeof element === 'number') return isPlainNumber(element);
  return true;
}

/** cdktf's own test for a construct, which it refuses to resolve. */
function isConstruct(value: object): boolean {
  const candidate = value as { _children?: unknown; _metadata?: unknown };
  return candidate._children !== undefined && candidate._metadata !== undefined;
}
