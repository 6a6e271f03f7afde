import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { Blueprint, Environment } from '../../model/schema';
import { loadPlannableProject } from '../../cli/project';
import { Project } from '../../model/load';
import { buildStacks } from '../../stacks/build';
import { defaultStackDocuments, withoutMetadata } from '../shared-synth';

export const REPO_ROOT = join(__dirname, '..', '..');

export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
  output?: Record<string, unknown>;
};

let cached: Project | undefined;
/** The repository's own blueprints and environments, loaded once per test file. */
export function repoProject(): Project {
  cached ??= loadPlannableProject({ root: REPO_ROOT });
  return cached;
}

/** The project with one blueprint replaced (for "what if the blueprint said …" tests). */
export function withBlueprint(project: Project, name: string, change: (blueprint: Blueprint) => Blueprint): Project {
  const loaded = project.blueprints.get(name)!;
  const blueprints = new Map(project.blueprints);
  blueprints.set(name, { ...loaded, value: change(structuredClone(loaded.value)) });
  return { ...project, blueprints };
}

/** The project with one environment changed (for "what if the environment said …" tests). */
export function withEnvironment(project: Project, name: string, change: (environment: Environment) => Environment): Project {
  const loaded = project.environments.get(name)!;
  const environments = new Map(project.environments);
  environments.set(name, { ...loaded, value: change(structuredClone(loaded.value)) });
  return { ...project, environments };
}

/** Synthesizes the stacks of the given environments: stack name → Terraform JSON. */
export function synthStacks(project: Project, environments: string[], scenario?: string): Record<string, TerraformJson> {
  const app = Testing.app();
  const built = buildStacks(app as App, project, { environments, ...(scenario ? { scenario } : {}) });
  const out: Record<string, TerraformJson> = {};
  for (const env of built) {
    for (const stack of [...env.regional, env.global]) out[stack.node.id] = JSON.parse(Testing.synth(stack)) as TerraformJson;
  }
  return out;
}

let defaults: Record<string, TerraformJson> | undefined;
/**
 * Every stack of the default environments (dev, staging, prod as the repository has them): what
 * `synthStacks(repoProject(), [...all])` returns, read from the run's shared synthesis instead of
 * synthesized again (test/shared-synth.ts). Treat it as read-only: it is shared within the file.
 */
export function defaultStacks(): Record<string, TerraformJson> {
  defaults ??= Object.fromEntries([...defaultStackDocuments()].map(([name, document]) => [name, withoutMetadata(document) as TerraformJson]));
  return defaults;
}

/** The environments the repository ships as its defaults (the product profiles have tests of their own). */
export const DEFAULT_ENVIRONMENTS: readonly string[] = ['dev', 'staging', 'prod'];

/** {@link defaultStacks} of dev, staging and prod only: the stacks whose first name part is one of them. */
export function coreStacks(): Record<string, TerraformJson> {
  return Object.fromEntries(Object.entries(defaultStacks()).filter(([name]) => DEFAULT_ENVIRONMENTS.includes(name.split('-')[0]!)));
}

/** Every resource of a stack as [`type.name`, attributes]. */
export function resourcesOf(json: TerraformJson): [string, Record<string, unknown>][] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Record<string, unknown>]));
}
