/**
 * Names that AWS or Terraform would refuse or that would collide: tag keys and values (AWS's tag
 * charset and limits, no `aws:` prefix), state bucket prefixes (S3's reserved prefixes and
 * suffixes), state keys (S3 key rules), and across environments: stacks with the same name, and
 * two environments managing the same Route 53 records.
 */
import { TAG_KEYS } from '../../foundation/tag-keys';
import {
  MAX_S3_KEY_BYTES,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS_PER_RESOURCE,
  RESERVED_TAG_PREFIX,
  S3_RESERVED_PREFIXES,
  S3_RESERVED_SUFFIXES,
  TAG_CHARACTERS,
} from '../aws-catalog';
import { Loaded } from '../load';
import { Problem } from '../problems';
import { Environment } from '../schema';
import { problemAt, regionsOf } from './located';

/**
 * Tags a resource may carry besides the environment's own: the toolkit's (TAG_KEYS), `Name`, and
 * a few per construct (`group`, `module`, `shard`...). Kept generous so the limit is never hit at apply.
 */
const TOOLKIT_TAG_ALLOWANCE = 10;

export function checkTags(env: Loaded<Environment>): Problem[] {
  const problems: Problem[] = [];
  const tags = env.value.tags as Record<string, string>;
  const toolkit = new Set<string>([...Object.values(TAG_KEYS), 'Name']);
  for (const [key, value] of Object.entries(tags)) {
    const path = ['tags', key];
    if (key.length === 0 || key.length > MAX_TAG_KEY_LENGTH) problems.push(problemAt(env, path, `tag key is ${key.length} characters (AWS allows 1 to ${MAX_TAG_KEY_LENGTH})`, true));
    if (!TAG_CHARACTERS.test(key)) problems.push(problemAt(env, path, `tag key ${JSON.stringify(key)} has characters AWS refuses (allowed: letters, digits, spaces and _ . : / = + - @)`, true));
    if (RESERVED_TAG_PREFIX.test(key)) problems.push(problemAt(env, path, `tag key ${JSON.stringify(key)} starts with "aws:", which is reserved for AWS (choose another key)`, true));
    if (toolkit.has(key) && !(key in { owner: 1, 'cost-center': 1, 'data-classification': 1 })) {
      problems.push(problemAt(env, path, `tag key "${key}" is set by the toolkit on every resource (remove it here; the toolkit's value would replace it)`, true));
    }
    if (typeof value === 'string') {
      if (value.length > MAX_TAG_VALUE_LENGTH) problems.push(problemAt(env, path, `tag value is ${value.length} characters (AWS allows at most ${MAX_TAG_VALUE_LENGTH})`));
      if (!TAG_CHARACTERS.test(value)) problems.push(problemAt(env, path, `tag value ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)} has characters AWS refuses (allowed: letters, digits, spaces and _ . : / = + - @)`));
    }
  }
  const room = MAX_TAGS_PER_RESOURCE - toolkit.size - TOOLKIT_TAG_ALLOWANCE;
  const own = Object.keys(tags).filter((key) => !toolkit.has(key)).length;
  if (own > room) {
    problems.push(problemAt(env, ['tags'], `has ${own} tags of its own; with the toolkit's tags a resource would carry more than the ${MAX_TAGS_PER_RESOURCE} AWS allows (at most ${room} here)`));
  }
  return problems;
}

export function checkState(env: Loaded<Environment>): Problem[] {
  const problems: Problem[] = [];
  const { bucketPrefix, keyPrefix } = env.value.state;
  const reserved = S3_RESERVED_PREFIXES.find((prefix) => bucketPrefix.startsWith(prefix));
  if (reserved) problems.push(problemAt(env, ['state', 'bucketPrefix'], `"${bucketPrefix}" starts with "${reserved}", which S3 reserves (bucket names must not start with ${S3_RESERVED_PREFIXES.join(', ')})`));
  if (bucketPrefix.includes('..') || bucketPrefix.includes('.-') || bucketPrefix.includes('-.')) {
    problems.push(problemAt(env, ['state', 'bucketPrefix'], `"${bucketPrefix}" has adjacent periods or a period next to a hyphen (S3 bucket names do not allow them)`));
  }
  for (const { spec } of regionsOf(env)) {
    const bucket = `${bucketPrefix}-${spec.name}`;
    const suffix = S3_RESERVED_SUFFIXES.find((s) => bucket.endsWith(s));
    if (suffix) problems.push(problemAt(env, ['state', 'bucketPrefix'], `gives the bucket "${bucket}", which ends with "${suffix}", reserved by S3`));
  }
  const segments = keyPrefix.split('/');
  if (keyPrefix.startsWith('/') || keyPrefix.endsWith('/') || segments.some((s) => s === '') && keyPrefix !== '') {
    problems.push(problemAt(env, ['state', 'keyPrefix'], `"${keyPrefix}" has an empty path segment (no leading, trailing or double "/"; e.g. "itsm-scale" or "platform/itsm-scale")`));
  }
  if (segments.some((s) => s === '.' || s === '..')) problems.push(problemAt(env, ['state', 'keyPrefix'], `"${keyPrefix}" has a "." or ".." segment (S3 keys keep them literally, tools resolve them; use plain names)`));
  const longestStack = Math.max(...regionsOf(env).map(({ spec }) => spec.name.length), 'global'.length) + env.value.name.length + 1;
  const keyBytes = Buffer.byteLength(`${keyPrefix}/${env.value.name}/`, 'utf8') + longestStack + '.tfstate'.length;
  if (keyBytes > MAX_S3_KEY_BYTES) problems.push(problemAt(env, ['state', 'keyPrefix'], `makes state keys of ${keyBytes} bytes (S3 keys allow ${MAX_S3_KEY_BYTES}; shorten the prefix)`));
  return problems;
}

/** Problems between environments: equal stack names, and the same DNS records managed twice. */
export function checkAcrossEnvironments(environments: readonly Loaded<Environment>[]): Problem[] {
  const problems: Problem[] = [];
  const stacks = new Map<string, string>();
  const domains = new Map<string, { env: string; what: string }>();
  for (const env of environments) {
    const e = env.value;
    for (const stack of [...regionsOf(env).map(({ spec }) => `${e.name}-${spec.name}`), `${e.name}-global`]) {
      const other = stacks.get(stack);
      if (other !== undefined && other !== e.name) {
        problems.push(problemAt(env, ['name'], `gives the stack "${stack}", which environment "${other}" has too (stack names, state keys and resource names would collide: rename one environment)`));
      }
      stacks.set(stack, e.name);
    }
    const names = [
      { name: e.dns.domain, what: 'the domain' },
      ...regionsOf(env).map(({ spec }) => ({ name: `${spec.name}.${e.dns.domain}`, what: `the ${spec.name} endpoint` })),
    ];
    for (const { name, what } of names) {
      const key = `${e.dns.hostedZoneId}|${name.toLowerCase()}`;
      const other = domains.get(key);
      if (other !== undefined && other.env !== e.name) {
        problems.push(problemAt(env, ['dns', 'domain'], `${what} "${name}" is ${other.what} of environment "${other.env}" in the same hosted zone (two environments would manage the same Route 53 records and overwrite each other: give each its own domain)`));
        break;
      }
      domains.set(key, { env: e.name, what });
    }
  }
  return problems;
}
