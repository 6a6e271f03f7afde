import { z } from 'zod';
import { formatPath, Problem } from './problems';
import { YamlSource } from './yaml-source';
import { closestMatch } from '../foundation/did-you-mean';

/**
 * Turns zod issues into located problems whose messages say what is wrong and, in
 * parentheses, what is allowed: `got string "many" (expected a number)`.
 */
export function issuesToProblems(source: YamlSource, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = closest(key, allowed);
        const hint = suggestion ? `did you mean "${suggestion}"? ` : '';
        problems.push(at(source, path, `unknown field (${hint}allowed here: ${allowed.join(', ')})`, { key: true }));
      }
      continue;
    }
    problems.push(at(source, issue.path, describeIssue(issue)));
  }
  return problems;
}

function at(source: YamlSource, path: ReadonlyArray<PropertyKey>, message: string, options: { key?: boolean } = {}): Problem {
  const { line, column } = source.positionOf(path, options);
  return { file: source.file, line, column, path: formatPath(path), message };
}

/** The message of one issue; issues raised by our own schemas ("must be …") get the received value in front. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `missing (required: ${expectedName(issue.expected)})`;
      return `got ${describeValue(input)} (expected ${expectedName(issue.expected)})`;
    case 'too_small':
      return boundMessage(input, issue.origin, issue.minimum, issue.inclusive ?? true, 'small');
    case 'too_big':
      return boundMessage(input, issue.origin, issue.maximum, issue.inclusive ?? true, 'big');
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return input === undefined ? `missing (required: one of ${allowed})` : `got ${describeValue(input)} (allowed: ${allowed})`;
    }
    case 'not_multiple_of':
      return `got ${describeValue(input)} (must be a multiple of ${String(issue.divisor)})`;
    case 'invalid_key':
      return `invalid key ${describeValue(input)}: ${issue.issues.map((inner) => describeIssue(inner)).join('; ')}`;
    case 'invalid_element':
      return issue.issues.map((inner) => describeIssue(inner)).join('; ');
    case 'invalid_union':
      return `got ${describeValue(input)}, which matches none of the allowed forms`;
    case 'invalid_format':
    case 'custom':
    default:
      if (issue.message.startsWith('must ') && input !== undefined) return `got ${describeValue(input)} (${issue.message})`;
      return issue.message;
  }
}

function boundMessage(input: unknown, origin: string, bound: number | bigint, inclusive: boolean, side: 'small' | 'big'): string {
  const limit = String(bound);
  if (origin === 'array' || origin === 'set') {
    const count = Array.isArray(input) ? input.length : '?';
    return side === 'small'
      ? `has ${count} entries (needs at least ${limit})`
      : `has ${count} entries (allows at most ${limit})`;
  }
  if (origin === 'string') {
    return side === 'small' ? `is too short (at least ${limit} characters)` : `is too long (at most ${limit} characters)`;
  }
  const relation = side === 'small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `got ${describeValue(input)} (must be ${relation} ${limit})`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'object':
    case 'record':
      return 'a mapping of fields';
    case 'array':
      return 'a list';
    default:
      return expected;
  }
}

/** Short, type-revealing rendering of a YAML value: `string "many"`, `number -5`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
    case 'bigint':
      return `number ${String(value)}`;
    case 'boolean':
      return `boolean ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** The field names an object schema accepts at `path` (walks objects, records, arrays and wrappers). */
export function allowedKeys(schema: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) break;
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') current = unwrap((def.shape as Record<string, z.core.$ZodType>)[String(segment)]);
    else if (def.type === 'record') current = unwrap(def.valueType as z.core.$ZodType);
    else if (def.type === 'array') current = unwrap(def.element as z.core.$ZodType);
    else current = undefined;
  }
  const def = current?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(def.type)) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else break;
  }
  return current;
}

/** The allowed key closest to a misspelled one, if it is close enough to be a typo (one edit per three characters, any case). */
function closest(key: string, candidates: readonly string[]): string | undefined {
  return closestMatch(key, candidates, { charactersPerEdit: 3, ignoreCase: true });
}
