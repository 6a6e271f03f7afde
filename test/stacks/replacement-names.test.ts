/**
 * Names in every default stack: no resource that is replaced before it is destroyed carries a fixed
 * name (the replacement would collide with the old resource), and every physical name fits the one
 * table of AWS limits (foundation/name-limits.ts), which knows every named type the stacks create.
 */
import { NAME_LIMITS, nameArguments, namesOutOfLimit } from '../../foundation/name-limits';
import { DISRUPTIVE_REPLACEMENT } from '../../review/diff/tables';
import { defaultStacks } from './helpers';

/** Types with create_before_destroy that have no name argument at all. */
const UNNAMED_TYPES = ['aws_route53_health_check'];

/** Literal attributes that look like names but are not the resource's own physical name. */
const NOT_OWN_NAMES: Readonly<Record<string, readonly string[]>> = {
  aws_appautoscaling_target: ['resource_id'],
  aws_budgets_budget: ['account_id'],
  aws_cloudwatch_metric_alarm: ['metric_name'],
  aws_rds_cluster: ['global_cluster_identifier'],
  aws_rds_cluster_instance: ['ca_cert_identifier'],
  aws_route53_record: ['name', 'zone_id', 'set_identifier'],
  aws_s3_bucket_logging: ['target_prefix'],
  aws_vpc_endpoint: ['service_name'],
};

type Body = Record<string, unknown>;

function* resources(): Generator<{ stack: string; type: string; name: string; body: Body }> {
  for (const [stack, json] of Object.entries(defaultStacks())) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [name, body] of Object.entries(byName)) yield { stack, type, name, body };
  }
}

const createdBeforeDestroyed = (body: Body): boolean => (body.lifecycle as { create_before_destroy?: unknown } | undefined)?.create_before_destroy === true;

test('no create_before_destroy resource of any default stack has a fixed name', () => {
  // GIVEN every resource of every default stack
  const checked: string[] = [];
  const fixed: string[] = [];
  const unknownTypes = new Set<string>();
  // WHEN the ones replaced before they are destroyed are looked at
  for (const { stack, type, name, body } of resources()) {
    if (!createdBeforeDestroyed(body)) continue;
    checked.push(`${stack}:${type}.${name}`);
    if (!NAME_LIMITS[type] && !UNNAMED_TYPES.includes(type)) unknownTypes.add(type);
    for (const argument of nameArguments(type)) {
      const value = body[argument];
      if (typeof value === 'string' && !value.includes('${')) fixed.push(`${stack}:${type}.${name}.${argument} = "${value}"`);
    }
  }
  // THEN there are such resources (target groups, security groups, parameter groups), none has a fixed name,
  // and each is of a type the table knows (or has no name)
  expect(checked.length).toBeGreaterThan(50);
  expect(new Set(checked.map((address) => address.split(':')[1]!.split('.')[0]))).toEqual(
    new Set(['aws_lb_target_group', 'aws_security_group', 'aws_rds_cluster_parameter_group', 'aws_route53_health_check']),
  );
  expect(fixed).toEqual([]);
  expect([...unknownTypes]).toEqual([]);
});

test('target groups are named after their replacement-forcing arguments; security and parameter groups use a prefix', () => {
  for (const { stack, type, name, body } of resources()) {
    const at = `${stack}:${type}.${name}`;
    if (type === 'aws_lb_target_group') {
      expect({ at, name: body.name }).toEqual({ at, name: expect.stringMatching(/^[a-z0-9-]{1,27}-\$\{substr\(sha1\(join\(":", \["\d+", "HTTP", "HTTP1", "instance", aws_vpc\.\w+\.id\]\)\), 0, 4\)\}$/) });
    }
    if (createdBeforeDestroyed(body) && (type === 'aws_security_group' || type === 'aws_rds_cluster_parameter_group')) {
      expect({ at, name: body.name, prefix: body.name_prefix }).toEqual({ at, name: undefined, prefix: expect.stringMatching(/-$/) });
    }
  }
});

test('a target group name hashes every replacement-forcing argument it sets (the ones the diff tables list)', () => {
  // GIVEN the target group arguments the provider replaces the group for (review/diff/tables.ts)
  const forcing = DISRUPTIVE_REPLACEMENT['aws_lb_target_group']!.filter((argument) => argument !== 'name' && argument !== 'name_prefix');
  let groups = 0;
  for (const { stack, type, name, body } of resources()) {
    if (type !== 'aws_lb_target_group') continue;
    groups += 1;
    // WHEN the hashed list is read from the name
    const hashed = /join\(":", \[(.*)\]\)/.exec(String(body.name))?.[1] ?? '';
    // THEN each forcing argument the group sets is in it
    const missing = forcing.filter((argument) => body[argument] !== undefined).filter((argument) => !hashed.includes(String(body[argument]).replace(/^\$\{(.*)\}$/, '$1')));
    expect({ at: `${stack}:${name}`, missing }).toEqual({ at: `${stack}:${name}`, missing: [] });
  }
  expect(groups).toBeGreaterThan(30);
});

test('every physical name of every default stack is within its limit and character set', () => {
  const refused = Object.entries(defaultStacks()).flatMap(([stack, json]) => namesOutOfLimit(json).map((bad) => `${stack}:${bad.address}.${bad.argument} "${bad.value}" ${bad.problem}`));
  expect(refused).toEqual([]);
});

test('the name-limits table knows every named resource type the default stacks create', () => {
  // GIVEN every literal attribute that looks like a physical name
  const unknown = new Set<string>();
  for (const { type, body } of resources()) {
    for (const [argument, value] of Object.entries(body)) {
      if (typeof value !== 'string' || value.startsWith('${')) continue;
      if (!/(^|_)(name|identifier|bucket|id|token)$/.test(argument) || argument === 'display_name' || NOT_OWN_NAMES[type]?.includes(argument)) continue;
      // THEN the table has a limit for it
      if (!NAME_LIMITS[type]?.[argument]) unknown.add(`${type}.${argument}`);
    }
  }
  expect([...unknown].sort()).toEqual([]);
});
