/**
 * JSON helpers of `itsm-scale diff`: canonical form, attribute-level differences, Terraform
 * references inside strings, and short display forms. Pure functions.
 */
import { AttributeChange, Json, JsonObject } from './types';

/** The key cdktf uses for its metadata (`{"//": {"metadata": {...}}}`); never part of a diff. */
export const META_KEY = '//';

/** Suffix of a path segment whose string value was parsed as a JSON document: `policy{json}.Statement[0]`. */
export const JSON_DOCUMENT_MARK = '{json}';

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deterministic serialization: object keys sorted, no whitespace. Equal values give equal strings. */
export function canonical(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  return canonical(a) === canonical(b);
}

/** A copy without cdktf's `"//"` metadata keys, at any depth. */
export function withoutMeta(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMeta);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key !== META_KEY) out[key] = withoutMeta(inner);
    }
    return out;
  }
  return value;
}

/** `tags` + `owner` → `tags.owner`; keys that would be ambiguous are quoted: `tags["kubernetes.io/role"]`. */
export function childPath(base: string, key: string): string {
  const plain = /^[^.[\]{}"\s]+$/.test(key);
  if (base === '') return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** The attribute a path starts with: `lifecycle.ignore_changes[0]` → `lifecycle`, `policy{json}.x` → `policy`. */
export function rootOf(path: string): string {
  const match = /^[^.[{]+/.exec(path);
  return match ? match[0] : path;
}

/** A string holding a JSON object or array (an IAM policy, a dashboard body), parsed; else undefined. */
export function parseJsonDocument(value: string): Json | undefined {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as Json;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isScalar(value: Json | undefined): boolean {
  return value === null || (typeof value !== 'object' && value !== undefined);
}

/**
 * Attribute-level differences between two values, as leaf paths:
 * - objects are compared key by key (`tags.owner`);
 * - lists element by element (`lifecycle.ignore_changes[0]`, `ingress[1].from_port`), except lists
 *   of plain values whose length changes, which change as a whole (`subnets`) since an insertion
 *   would otherwise shift every index;
 * - two strings that both parse as JSON documents are compared as JSON (`policy{json}.Statement[0].Action`);
 * - a key present on one side only is one change at that key (its whole value).
 */
export function diffValues(before: Json | undefined, after: Json | undefined, path = ''): AttributeChange[] {
  if (deepEqual(before, after)) return [];
  if (before === undefined) return [{ path, after: after as Json }];
  if (after === undefined) return [{ path, before }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== META_KEY).sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Lists of plain values that grow or shrink change as a whole: an insertion would shift every index.
    if (before.length !== after.length && before.every(isScalar) && after.every(isScalar)) return [{ path, before, after }];
    const length = Math.max(before.length, after.length);
    const out: AttributeChange[] = [];
    for (let index = 0; index < length; index += 1) out.push(...diffValues(before[index], after[index], `${path}[${index}]`));
    return out;
  }
  if (typeof before === 'string' && typeof after === 'string') {
    const a = parseJsonDocument(before);
    const b = parseJsonDocument(after);
    if (a !== undefined && b !== undefined) return diffValues(a, b, `${path}${JSON_DOCUMENT_MARK}`);
  }
  return [{ path, before, after }];
}

/** The value at a path produced by diffValues (undefined when absent). Only plain keys and indexes. */
export function valueAt(root: Json | undefined, path: string): Json | undefined {
  let current: Json | undefined = root;
  const pattern = /([^.[\]{}]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|(\{json\})/g;
  for (const match of path.matchAll(pattern)) {
    if (current === undefined) return undefined;
    if (match[4] !== undefined) {
      current = typeof current === 'string' ? parseJsonDocument(current) : undefined;
    } else if (match[2] !== undefined) {
      current = Array.isArray(current) ? current[Number(match[2])] : undefined;
    } else {
      const key = match[1] ?? (JSON.parse(`"${match[3] ?? ''}"`) as string);
      current = isObject(current) ? current[key] : undefined;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Terraform references

/** A reference to another resource's attribute: `${aws_kms_key.cmdb_db.arn}` → type, name, attribute. */
export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
  /** `type.name`. */
  readonly address: string;
}

/** `type.name.attribute` inside an interpolation; the type must look like a provider resource type. */
const REFERENCE = /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

/** Every `${...}` interpolation of a string. */
function interpolations(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let index = 0; index < text.length; index += 1) {
    if (text.startsWith('${', index)) {
      if (depth === 0) start = index + 2;
      depth += 1;
      index += 1;
    } else if (text[index] === '{' && depth > 0) {
      depth += 1;
    } else if (text[index] === '}' && depth > 0) {
      depth -= 1;
      if (depth === 0) out.push(text.slice(start, index));
    }
  }
  return out;
}

/** The resource references in a string (interpolations only). */
export function referencesIn(text: string): Reference[] {
  const out: Reference[] = [];
  for (const expression of interpolations(text)) {
    for (const match of expression.matchAll(REFERENCE)) {
      const type = `${match[1] ?? ''}${match[2] ?? ''}`;
      const name = match[3] ?? '';
      out.push({ type, name, attribute: match[4] ?? '', address: `${type}.${name}` });
    }
  }
  return out;
}

/** Every string leaf of a value with its path. */
export function stringLeaves(value: Json, path = ''): Array<{ path: string; value: string }> {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((inner, index) => stringLeaves(inner, `${path}[${index}]`));
  if (isObject(value)) {
    return Object.entries(value)
      .filter(([key]) => key !== META_KEY)
      .flatMap(([key, inner]) => stringLeaves(inner, childPath(path, key)));
  }
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A copy of `value` in which references to renamed addresses point to the new address, inside
 * interpolations (`${aws_kms_key.old.arn}`) and as whole strings (`depends_on: ["aws_kms_key.old"]`).
 */
export function renameAddresses(value: Json, renames: ReadonlyMap<string, string>): Json {
  if (renames.size === 0) return value;
  const patterns = [...renames].map(([from, to]) => ({ pattern: new RegExp(`(?<![\\w.])${escapeRegExp(from)}(?![\\w-])`, 'g'), from, to }));
  const rewrite = (text: string): string => {
    const whole = renames.get(text);
    if (whole !== undefined) return whole;
    if (!text.includes('${')) return text;
    let out = text;
    for (const { pattern, to } of patterns) out = out.replace(pattern, to);
    return out;
  };
  const walk = (inner: Json): Json => {
    if (typeof inner === 'string') return rewrite(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (isObject(inner)) {
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(inner)) out[key] = walk(child);
      return out;
    }
    return inner;
  };
  return walk(value);
}

// ---------------------------------------------------------------------------------------------
// Display

/** A value on one line for people: strings quoted, documents compacted, long text cut in the middle. */
export function shortValue(value: Json | undefined, maxLength = 80): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= maxLength) return text;
  const keep = Math.max(8, maxLength - 24);
  const head = text.slice(0, Math.ceil(keep * 0.7));
  const tail = text.slice(text.length - Math.floor(keep * 0.3));
  return `${head}…${tail} (${text.length} chars)`;
}

/**
 * Two values for display. Two long strings that differ somewhere in the middle show the window
 * around the difference (`…shard_02 OR ALARM(…`) rather than their common beginnings.
 */
export function shortPair(before: Json | undefined, after: Json | undefined, maxLength = 80): [string, string] {
  if (typeof before !== 'string' || typeof after !== 'string') return [shortValue(before, maxLength), shortValue(after, maxLength)];
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  if (a.length <= maxLength && b.length <= maxLength) return [a, b];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const context = 12;
  const window = (text: string): string => {
    const start = Math.max(0, prefix - context);
    const end = Math.min(text.length, text.length - suffix + context);
    let middle = text.slice(start, end);
    if (middle.length > maxLength) middle = `${middle.slice(0, maxLength - 12)}…${middle.slice(middle.length - 10)}`;
    return `${start > 0 ? '…' : ''}${middle}${end < text.length ? '…' : ''} (${text.length} chars)`;
  };
  return [window(a), window(b)];
}

/** Code-unit order (not locale order): `aws_rds_cluster.x` sorts before `aws_rds_cluster_instance.x`. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Elements only in `after` and only in `before`, for lists of plain values (`subnets`). */
export function listDelta(before: Json | undefined, after: Json | undefined): { added: Json[]; removed: Json[] } | undefined {
  if (!Array.isArray(before) || !Array.isArray(after)) return undefined;
  const a = before.map(canonical);
  const b = after.map(canonical);
  return { added: after.filter((_, index) => !a.includes(b[index]!)), removed: before.filter((_, index) => !b.includes(a[index]!)) };
}
