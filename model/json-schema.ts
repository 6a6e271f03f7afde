import { z } from 'zod';
import { BlueprintSchema, EnvironmentSchema } from './schema';

/**
 * JSON Schemas generated from the zod schemas, for editors (yaml-language-server reads the
 * `# yaml-language-server: $schema=../schemas/<kind>.schema.json` line at the top of each YAML file)
 * and for the generated field reference in docs/blueprint-reference.md.
 *
 * zod stays the contract: the JSON Schemas describe the shape, types, ranges, patterns and defaults,
 * but not the cross-field rules of the refinements (shares adding up to 1, required scenarios, known
 * database groups, endHour after startHour, ...), which only the loader checks.
 */

/** The kinds of YAML file the toolkit reads; each has a JSON Schema at schemas/<kind>.schema.json. */
export type SchemaKind = 'blueprint' | 'environment';

export const SCHEMA_KINDS: readonly SchemaKind[] = ['blueprint', 'environment'];

/** Options for zod's z.toJSONSchema; see the comments for why each is set. */
const TO_JSON_SCHEMA_OPTIONS = {
  // What a person types into the YAML file: fields with a .default() are optional (and carry "default"),
  // rather than required as they would be in the parsed output.
  io: 'input',
  target: 'draft-2020-12',
  // Refinements (.refine/.superRefine) are checks, not types, so zod skips them without complaint. Anything
  // truly unrepresentable (a transform output, a date, a bigint) should fail generation loudly rather than
  // silently widen to {} ("any"), which would switch editor checking off for that field.
  unrepresentable: 'throw',
  // Inline reused sub-schemas (Region, ServiceLevels) instead of $defs with generated names: easier to read.
  reused: 'inline',
  cycles: 'throw',
} as const;

const META: Record<SchemaKind, { schema: z.ZodType; title: string; description: string }> = {
  blueprint: {
    schema: BlueprintSchema,
    title: 'itsm-scale blueprint',
    description:
      'A blueprint (blueprints/<name>.yaml): the organisation today, its workload, ITSM modules, database groups, growth scenarios, service levels and capacity assumptions.',
  },
  environment: {
    schema: EnvironmentSchema,
    title: 'itsm-scale environment',
    description:
      'An environment (environments/<name>.yaml): a deployment of a blueprint with a scenario, horizon, account, regions, state backend, DNS and tags.',
  },
};

/** The `$id` of a kind's schema (a URN: it names the schema, it is not fetched). */
export function schemaId(kind: SchemaKind): string {
  return `urn:itsm-scale:schema:${kind}`;
}

/** The file, relative to the repository root, that holds a kind's generated JSON Schema. */
export function schemaFile(kind: SchemaKind): string {
  return `schemas/${kind}.schema.json`;
}

/** The JSON Schema of one kind of YAML file. A fresh object on every call; deterministic. */
export function jsonSchemaFor(kind: SchemaKind): Record<string, unknown> {
  const meta = META[kind];
  const generated = z.toJSONSchema(meta.schema, TO_JSON_SCHEMA_OPTIONS) as Record<string, unknown>;
  const { $schema, description: _ignored, ...rest } = generated;
  return {
    $schema,
    $id: schemaId(kind),
    title: meta.title,
    description: meta.description,
    $comment:
      'Generated from model/schema/*.ts by scripts/generate-json-schemas.ts (npm run schemas); do not edit. ' +
      'Cross-field rules of the zod refinements are checked only when itsm-scale loads the file.',
    ...rest,
  };
}

/** The JSON Schema (draft 2020-12) of blueprints/<name>.yaml. */
export function blueprintJsonSchema(): object {
  return jsonSchemaFor('blueprint');
}

/** The JSON Schema (draft 2020-12) of environments/<name>.yaml. */
export function environmentJsonSchema(): object {
  return jsonSchemaFor('environment');
}

/** The `yaml-language-server` modeline every YAML file of a kind starts with (files sit one folder below the root). */
export function yamlSchemaModeline(kind: SchemaKind): string {
  return `# yaml-language-server: $schema=../${schemaFile(kind)}`;
}
