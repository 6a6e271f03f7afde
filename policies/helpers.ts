/**
 * Small helpers for reading synthesized Terraform JSON in rules. cdktf renders some booleans as strings
 * (`"encrypted": "true"` inside launch template blocks) and nested blocks either as objects or as lists of
 * objects, so rules read values through these instead of comparing raw JSON.
 */
import { ResourceView, StackView, Violation } from './types';

type Json = Record<string, unknown>;

/** `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** `false` or `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A number, or a string holding one; `undefined` otherwise (including Terraform expressions). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A nested block as a list: `undefined` → `[]`, an object → `[object]`, a list → its objects. */
export function blocks(value: unknown): Json[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter(isObject);
}

/** The first block of a nested block (see {@link blocks}). */
export function block(value: unknown): Json | undefined {
  return blocks(value)[0];
}

/** A list attribute as a list (a single value becomes a one-element list). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true` when the string is (or contains) a Terraform expression whose value is unknown until plan. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A value as a finding shows it: `true`, `"gp3"`, `nothing` (absent). */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing (not set)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Shorthand for a violation. */
export function violation(message: string): Violation {
  return { message };
}

/** The string values of a tag map (`tags = {...}`); other values are ignored. */
export function tagMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, tagValue] of Object.entries(value)) if (typeof tagValue === 'string') out[key] = tagValue;
  return out;
}

/** One statement of an IAM policy document, normalised: lists for Action/Resource, the raw Principal and Condition. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly principal: unknown;
  readonly notPrincipal: unknown;
  readonly condition: unknown;
}

/**
 * Parses a policy document given as a JSON string (as `JSON.stringify` in constructs renders it) or an object.
 * Returns `undefined` when it is a Terraform expression or not a policy document, so the rule can say it
 * cannot verify it.
 */
export function policyStatements(document: unknown): PolicyStatement[] | undefined {
  let parsed: unknown = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) return undefined;
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : isObject(parsed.Statement) ? [parsed.Statement] : undefined;
  if (!statements) return undefined;
  return statements.filter(isObject).map((s) => ({
    ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
    effect: typeof s.Effect === 'string' ? s.Effect : '',
    actions: list(s.Action).filter((a): a is string => typeof a === 'string'),
    notActions: list(s.NotAction).filter((a): a is string => typeof a === 'string'),
    resources: list(s.Resource).filter((r): r is string => typeof r === 'string'),
    principal: s.Principal,
    notPrincipal: s.NotPrincipal,
    condition: s.Condition,
  }));
}

/** How a statement is named in a finding: its Sid, or its position. */
export function statementName(statement: PolicyStatement, index: number): string {
  return statement.sid !== undefined ? `statement "${statement.sid}"` : `statement ${index + 1}`;
}

/** `true` when a principal is everyone: `"*"` or `{"AWS": "*"}` (also inside a list). */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (isObject(principal)) return list(principal.AWS).includes('*');
  return false;
}

/** `true` when a statement carries at least one condition. */
export function hasCondition(statement: PolicyStatement): boolean {
  return isObject(statement.condition) && Object.values(statement.condition).some((operator) => isObject(operator) && Object.keys(operator).length > 0);
}

/** Case-insensitive lookup of a condition value: `conditionValues(s, 'Bool', 'aws:SecureTransport')` → `['false']`. */
export function conditionValues(statement: PolicyStatement, operator: string, key: string): string[] {
  if (!isObject(statement.condition)) return [];
  for (const [op, entries] of Object.entries(statement.condition)) {
    if (op.toLowerCase() !== operator.toLowerCase() || !isObject(entries)) continue;
    for (const [conditionKey, value] of Object.entries(entries)) {
      if (conditionKey.toLowerCase() === key.toLowerCase()) return list(value).map(String);
    }
  }
  return [];
}

/** `true` when `pattern` (an IAM action, possibly with `*` wildcards) covers `action` (case-insensitive). */
export function actionCovers(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return regex.test(action);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names a list for a message: `a, b and c`. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Tags the resource ends up with: its provider's default_tags overlaid with its own `tags`. */
export function effectiveTags(resource: ResourceView, stack: StackView): Record<string, string> {
  return { ...stack.defaultTags(resource), ...tagMap(resource.body.tags) };
}
