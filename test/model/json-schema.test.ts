import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  SCHEMA_KINDS,
  SchemaKind,
  blueprintJsonSchema,
  environmentJsonSchema,
  jsonSchemaFor,
  schemaId,
  yamlSchemaModeline,
} from '../../model/json-schema';
import { REFERENCE_FILE, generatedFiles } from '../../scripts/generate-json-schemas';

const ROOT = join(__dirname, '..', '..');
const FOLDERS: Record<SchemaKind, string> = { blueprint: 'blueprints', environment: 'environments' };

/** A JSON Schema node (the subset of draft 2020-12 that zod emits for our schemas). */
type Schema = Record<string, unknown>;

/**
 * No JSON Schema validator (ajv or similar) is a direct dependency, so the YAML files are checked with this
 * small validator of exactly the keywords our generated schemas use. A test below fails if the schemas start
 * using a keyword it does not know, so a new keyword cannot be ignored silently.
 */
const ANNOTATIONS = ['$schema', '$id', 'title', 'description', '$comment', 'default'];
const ASSERTIONS = [
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'enum',
  'const',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
];

function validate(schema: Schema, value: unknown, path = ''): string[] {
  const at = path || '/';
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  if (type !== undefined && !hasType(value, type)) return [`${at}: expected ${type}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== value) errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: ${value} < minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: ${value} > maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: ${value} <= exclusiveMinimum ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${at}: ${value} >= exclusiveMaximum ${schema.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} entries`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} entries`);
    if (isSchema(schema.items)) value.forEach((entry, i) => errors.push(...validate(schema.items as Schema, entry, `${path}/${i}`)));
  }
  if (isPlainObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in value)) errors.push(`${at}: missing required key "${key}"`);
    }
    for (const [key, entry] of Object.entries(value)) {
      const childPath = `${path}/${key}`;
      if (isSchema(schema.propertyNames)) errors.push(...validate(schema.propertyNames, key, `${childPath} (key)`));
      const own = properties[key];
      if (own !== undefined) errors.push(...validate(own, entry, childPath));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown key "${key}" (additionalProperties: false)`);
      else if (isSchema(schema.additionalProperties)) errors.push(...validate(schema.additionalProperties, entry, childPath));
    }
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      throw new Error(`validator does not know type "${type}"`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is Schema {
  return isPlainObject(value);
}

/** Every sub-schema with its JSON pointer-like path. */
function subSchemas(schema: Schema, path = ''): [string, Schema][] {
  const found: [string, Schema][] = [[path || '/', schema]];
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) found.push(...subSchemas(child, `${path}/${key}`));
  if (isSchema(schema.items)) found.push(...subSchemas(schema.items, `${path}/[]`));
  if (isSchema(schema.additionalProperties)) found.push(...subSchemas(schema.additionalProperties, `${path}/*`));
  if (isSchema(schema.propertyNames)) found.push(...subSchemas(schema.propertyNames, `${path}/(key)`));
  return found;
}

function yamlFiles(kind: SchemaKind): string[] {
  return readdirSync(join(ROOT, FOLDERS[kind]))
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => `${FOLDERS[kind]}/${file}`);
}

function loadYaml(file: string): Record<string, unknown> {
  return parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
}

/** A copy of `doc` with the key at `path` renamed to `to`, keeping its value and position. */
function renameKey(doc: Record<string, unknown>, path: string[], to: string): Record<string, unknown> {
  const copy = structuredClone(doc);
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const from = path[path.length - 1] as string;
  if (!(from in parent)) throw new Error(`test setup: ${path.join('.')} is not in the document`);
  const entries = Object.entries(parent).map(([key, value]): [string, unknown] => [key === from ? to : key, value]);
  for (const key of Object.keys(parent)) delete parent[key];
  Object.assign(parent, Object.fromEntries(entries));
  return copy;
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = a.findIndex((text, i) => text !== e[i]);
  const n = line === -1 ? Math.min(a.length, e.length) : line;
  return `line ${n + 1}: committed ${JSON.stringify(a[n] ?? '<end of file>')}, generated ${JSON.stringify(e[n] ?? '<end of file>')}`;
}

describe('generated JSON Schemas and reference', () => {
  test('the committed schemas/*.json and docs/blueprint-reference.md equal what the generator produces', () => {
    // GIVEN the files the generator would write now
    const files = generatedFiles();
    expect(Object.keys(files).sort()).toEqual(['docs/blueprint-reference.md', 'schemas/blueprint.schema.json', 'schemas/environment.schema.json']);

    // WHEN they are compared with the files in the repository
    const stale: string[] = [];
    for (const [file, expected] of Object.entries(files)) {
      let actual: string;
      try {
        actual = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        stale.push(`${file} is missing`);
        continue;
      }
      if (actual !== expected) stale.push(`${file} is stale (${firstDifference(actual, expected)})`);
    }

    // THEN none is stale
    if (stale.length > 0) {
      throw new Error(`Generated files are out of date with model/schema/*.ts:\n  ${stale.join('\n  ')}\nRun \`npm run schemas\` and commit the result.`);
    }
    expect(stale).toEqual([]);
  });

  test('generation is deterministic and JSON files are 2-space JSON with a trailing newline', () => {
    // GIVEN / WHEN two generations
    const first = generatedFiles();
    const second = generatedFiles();

    // THEN they are identical, and each schema is exactly its pretty-printed parse
    expect(second).toEqual(first);
    for (const kind of SCHEMA_KINDS) {
      const text = first[`schemas/${kind}.schema.json`] as string;
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
    expect(first[REFERENCE_FILE]?.endsWith('\n')).toBe(true);
  });

  test('each schema is draft 2020-12 with $id, title and description', () => {
    // GIVEN the two schemas
    const schemas = { blueprint: blueprintJsonSchema(), environment: environmentJsonSchema() } as Record<SchemaKind, Schema>;

    // THEN they carry the identifying annotations
    for (const kind of SCHEMA_KINDS) {
      expect(schemas[kind]).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: schemaId(kind),
        title: expect.stringContaining(kind),
        description: expect.stringContaining(`${FOLDERS[kind]}/<name>.yaml`),
        type: 'object',
        additionalProperties: false,
      });
    }
  });

  test("io: 'input' makes fields with defaults optional and documents the default", () => {
    // GIVEN the blueprint schema
    const schema = blueprintJsonSchema() as Schema;
    const workload = (schema.properties as Record<string, Schema>).workload as Schema;
    const moduleSchema = ((schema.properties as Record<string, Schema>).modules as Schema).additionalProperties as Schema;

    // THEN defaulted fields are not required but carry their default; fields without a default stay required
    const concurrency = (workload.properties as Record<string, Schema>).concurrency as Schema;
    expect(concurrency.required).not.toContain('offHoursShare');
    expect(workload.required).toContain('ticketsPerRequesterPerMonth');
    expect((concurrency.properties as Record<string, Schema>).offHoursShare).toMatchObject({ type: 'number', default: 0.05, minimum: 0, maximum: 1 });
    expect(moduleSchema.required).toEqual(['trafficShare', 'readShare', 'databaseGroup']);
    expect((moduleSchema.properties as Record<string, Schema>).slowToJoin).toMatchObject({ type: 'boolean', default: false });
  });

  test.each(SCHEMA_KINDS)('the %s schema uses only keywords the test validator checks, and every pattern is a valid unicode regex', (kind) => {
    // GIVEN every sub-schema
    const nodes = subSchemas(jsonSchemaFor(kind));

    // THEN no keyword is unknown to validate() and every pattern compiles the way editors compile it
    const unknown = nodes.flatMap(([path, node]) => Object.keys(node).filter((k) => !ANNOTATIONS.includes(k) && !ASSERTIONS.includes(k)).map((k) => `${path}: ${k}`));
    expect(unknown).toEqual([]);
    const patterns = nodes.filter(([, node]) => typeof node.pattern === 'string');
    expect(patterns.length).toBeGreaterThan(3);
    for (const [, node] of patterns) expect(() => new RegExp(node.pattern as string, 'u')).not.toThrow();
  });
});

describe('YAML files', () => {
  test.each(SCHEMA_KINDS)('every %s file starts with its yaml-language-server modeline', (kind) => {
    // GIVEN the YAML files of this kind
    const files = yamlFiles(kind);
    expect(files.length).toBeGreaterThan(0);

    // THEN the first line points editors at the generated schema
    const wrong = files.filter((file) => readFileSync(join(ROOT, file), 'utf8').split(/\r?\n/, 1)[0] !== yamlSchemaModeline(kind));
    expect(yamlSchemaModeline(kind)).toBe(`# yaml-language-server: $schema=../schemas/${kind}.schema.json`);
    expect(wrong).toEqual([]);
  });

  test.each(SCHEMA_KINDS.flatMap((kind) => yamlFiles(kind).map((file) => [file, kind] as const)))('%s validates against the %s JSON Schema', (file, kind) => {
    // GIVEN the parsed file and its schema
    const doc = loadYaml(file);

    // WHEN validated
    const errors = validate(jsonSchemaFor(kind), doc);

    // THEN nothing is reported
    expect(errors).toEqual([]);
  });
});

describe('typos and bad values are rejected by the JSON Schema', () => {
  test.each(SCHEMA_KINDS)('every %s object with named fields forbids unknown keys (except tags, which takes any tag)', (kind) => {
    // GIVEN every object schema with named fields
    const objects = subSchemas(jsonSchemaFor(kind)).filter(([, node]) => node.type === 'object' && node.properties !== undefined);
    expect(objects.length).toBeGreaterThan(3);

    // THEN each sets additionalProperties: false, apart from the tag map's catch-all
    const open = objects.filter(([, node]) => node.additionalProperties !== false).map(([path]) => path);
    expect(open).toEqual(kind === 'environment' ? ['/tags'] : []);
  });

  test.each([
    ['blueprint', 'blueprints/itsm-standard.yaml', ['workload', 'ticketsPerAgentPerYear'], 'ticketsPerAgentPerYaer', '/workload'],
    ['blueprint', 'blueprints/itsm-standard.yaml', ['modules', 'incident', 'healthCheck', 'path'], 'paht', '/modules/incident/healthCheck'],
    ['blueprint', 'blueprints/itsm-standard.yaml', ['capacity', 'writerClasses', '0', 'readRps'], 'readRPS', '/capacity/writerClasses/0'],
    ['environment', 'environments/prod.yaml', ['regions', 'primary', 'vpcCidr'], 'vpcCIDR', '/regions/primary'],
    ['environment', 'environments/dev.yaml', ['natGateways'], 'natGateway', '/'],
  ] as const)('%s %s: %j misspelled as "%s" is an unknown key at %s', (kind, file, path, typo, parent) => {
    // GIVEN a valid file with one key misspelled
    const doc = renameKey(loadYaml(file), [...path], typo);

    // WHEN validated against the generated schema
    const errors = validate(jsonSchemaFor(kind), doc);

    // THEN the typo is reported at its level
    expect(errors).toContain(`${parent}: unknown key "${typo}" (additionalProperties: false)`);
  });

  test('extra tags are allowed but must be strings', () => {
    // GIVEN an environment with an extra tag, and one with a non-string tag
    const doc = loadYaml('environments/prod.yaml');
    const withExtra = { ...doc, tags: { ...(doc.tags as object), project: 'itsm' } };
    const withNumber = { ...doc, tags: { ...(doc.tags as object), project: 42 } };

    // THEN the first validates and the second does not
    expect(validate(environmentJsonSchema() as Schema, withExtra)).toEqual([]);
    expect(validate(environmentJsonSchema() as Schema, withNumber)).toEqual(['/tags/project: expected string, got 42']);
  });

  test('out-of-range values, wrong types, bad patterns and missing required keys are reported', () => {
    // GIVEN an environment with several mistakes
    const doc = loadYaml('environments/prod.yaml');
    const { dns: _dns, ...withoutDns } = doc;
    const broken = { ...withoutDns, horizonMonths: 0, account: 333333333333, tier: 'prod', regions: { primary: { name: 'us-east-1', vpcCidr: '10.0.0.0/8' } } };

    // WHEN validated
    const errors = validate(environmentJsonSchema() as Schema, broken);

    // THEN each mistake is named
    expect(errors).toEqual(
      expect.arrayContaining([
        '/: missing required key "dns"',
        '/horizonMonths: 0 < minimum 1',
        '/account: expected string, got 333333333333',
        expect.stringMatching(/^\/tier: "prod" is not one of/),
        expect.stringMatching(/^\/regions\/primary\/vpcCidr: "10.0.0.0\/8" does not match/),
      ]),
    );
    expect(errors).toHaveLength(5);
  });
});
