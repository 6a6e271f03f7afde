import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { BlueprintDocument, checkApplicationFiles, checkUserDataSize } from './application-checks';
import { cidrsOverlap, hasHostBits } from './cidr';
import { formatPath, InputError, Problem } from './problems';
import { Blueprint, BlueprintSchema, Environment, EnvironmentSchema, ServiceLevels } from './schema';
import { YamlSource } from './yaml-source';
import { issuesToProblems } from './zod-issues';

/** A validated file together with where it came from. */
export interface Loaded<T> {
  readonly file: string;
  readonly value: T;
  readonly source: YamlSource;
  /** Files the document names (a blueprint's user-data templates), by the path as written. @default - none */
  readonly files?: ReadonlyMap<string, string>;
}

/** An environment resolved against its blueprint. */
export interface ResolvedEnvironment {
  readonly environment: Environment;
  readonly blueprint: Blueprint;
  /** The blueprint's service levels with the environment's overrides applied. */
  readonly serviceLevels: ServiceLevels;
  /** The blueprint's user-data templates, by the path as written in it. */
  readonly userData: ReadonlyMap<string, string>;
}

/** All blueprints and environments of a project, validated and cross-checked. */
export interface Project {
  readonly blueprints: ReadonlyMap<string, Loaded<Blueprint>>;
  readonly environments: ReadonlyMap<string, Loaded<Environment>>;
}

/**
 * A check that a higher layer adds to loading (the planner's: can each environment's regions meet
 * its service levels, capacity/feasibility.ts). It sees the files that passed their schema and
 * returns its problems, which are reported together with the model's own.
 */
export type ProjectCheck = (project: Project) => Problem[];

export const BLUEPRINTS_DIR = 'blueprints';
export const ENVIRONMENTS_DIR = 'environments';

export interface LoadOptions {
  /** Project root holding blueprints/ and environments/. @default process.cwd() */
  readonly root?: string;
  /**
   * Only these files (paths relative to the root, or absolute). Blueprints that the given
   * environments name are loaded from blueprints/ as well. @default - every file of both folders
   */
  readonly files?: readonly string[];
  /** Further checks of the loaded project, run after the model's own. @default - none */
  readonly checks?: readonly ProjectCheck[];
}

/** Loads and validates the project; throws InputError listing every problem at once. */
export function loadProject(options: LoadOptions = {}): Project {
  const root = options.root ?? process.cwd();
  const problems: Problem[] = [];
  const display = (path: string) => relative(process.cwd(), join(root, relative(root, path))) || path;

  const allBlueprintFiles = listYaml(root, BLUEPRINTS_DIR);
  const requested = options.files?.map((file) => relative(root, resolve(root, file)));
  const blueprintFiles = requested ? requested.filter((f) => !isEnvironmentFile(root, f)) : allBlueprintFiles;
  const environmentFiles = requested ? requested.filter((f) => isEnvironmentFile(root, f)) : listYaml(root, ENVIRONMENTS_DIR);

  const blueprints = new Map<string, Loaded<Blueprint>>();
  const environments = new Map<string, Loaded<Environment>>();

  for (const file of blueprintFiles) {
    const loaded = loadBlueprint(root, file, display, problems);
    if (loaded) blueprints.set(loaded.value.name, loaded);
  }
  for (const file of environmentFiles) {
    const loaded = loadFile(root, file, display, EnvironmentSchema, problems);
    if (loaded) environments.set(loaded.value.name, loaded);
  }

  // Environments given alone still need their blueprints; load those quietly, reporting only a pointer.
  const loadedBlueprintFiles = new Set(blueprintFiles);
  for (const env of environments.values()) {
    const name = env.value.blueprint;
    const file = join(BLUEPRINTS_DIR, `${name}.yaml`);
    if (blueprints.has(name) || loadedBlueprintFiles.has(file) || !allBlueprintFiles.includes(file)) continue;
    const quiet: Problem[] = [];
    const loaded = loadBlueprint(root, file, display, quiet);
    if (loaded && quiet.length === 0) blueprints.set(name, loaded);
    else problems.push(problemAt(env, ['blueprint'], `blueprint "${name}" is invalid (run: itsm-scale validate ${display(join(root, file))})`));
  }

  checkNames(blueprints, problems);
  checkNames(environments, problems);
  checkEnvironments(environments, blueprints, allBlueprintFiles, problems);
  for (const blueprint of blueprints.values()) {
    const using = [...environments.values()].filter((env) => env.value.blueprint === blueprint.value.name);
    const deployments = using.length > 0 ? using.map((env) => deploymentOf(env.value)) : [EXAMPLE_DEPLOYMENT];
    checkUserDataSize(documentOf(blueprint, ''), blueprint.files ?? new Map(), deployments, problems);
  }
  problems.push(...checkShadowing(root, display));
  for (const check of options.checks ?? []) problems.push(...check({ blueprints, environments }));

  if (problems.length > 0) throw new InputError(problems);
  return { blueprints, environments };
}

/** Resolves one environment against its blueprint. */
export function resolveEnvironment(project: Project, name: string): ResolvedEnvironment {
  const environment = project.environments.get(name);
  if (!environment) {
    const known = [...project.environments.keys()].sort();
    throw new InputError([
      { file: ENVIRONMENTS_DIR, line: 1, column: 1, path: '(env)', message: `no environment named "${name}" (known: ${known.join(', ') || 'none'})` },
    ]);
  }
  const blueprint = project.blueprints.get(environment.value.blueprint);
  if (!blueprint) throw new Error(`internal: environment ${name} passed validation without its blueprint`);
  return {
    environment: environment.value,
    blueprint: blueprint.value,
    serviceLevels: serviceLevelsOf(environment.value, blueprint.value),
    userData: blueprint.files ?? new Map(),
  };
}

/** The blueprint's service levels with the environment's overrides applied. */
export function serviceLevelsOf(environment: Environment, blueprint: Blueprint): ServiceLevels {
  return { ...blueprint.serviceLevels, ...definedOnly(environment.serviceLevels ?? {}) };
}

/** A blueprint not used by any loaded environment is still checked, rendered for a typical one. */
const EXAMPLE_DEPLOYMENT = { environment: 'example', regions: ['us-east-1'] };

function deploymentOf(environment: Environment): { environment: string; regions: string[] } {
  return { environment: environment.name, regions: [environment.regions.primary.name, ...environment.regions.secondaries.map((r) => r.name)] };
}

/** A blueprint file with its application contract's files read and checked. */
function loadBlueprint(root: string, file: string, display: (path: string) => string, problems: Problem[]): Loaded<Blueprint> | undefined {
  const loaded = loadFile(root, file, display, BlueprintSchema, problems);
  if (!loaded) return undefined;
  const files = checkApplicationFiles(documentOf(loaded, resolve(root, file)), display, problems);
  return { ...loaded, files };
}

function documentOf(loaded: Loaded<Blueprint>, absolutePath: string): BlueprintDocument {
  return { file: loaded.file, absolutePath, value: loaded.value, source: loaded.source };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isEnvironmentFile(root: string, file: string): boolean {
  const rel = relative(root, join(root, file));
  return rel.split(/[\\/]/).includes(ENVIRONMENTS_DIR);
}

function listYaml(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort().map((n) => join(dir, n));
}

/** `staging.yml` beside `staging.yaml`: two files for one name, of which only one would count. */
function checkShadowing(root: string, display: (path: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const dir of [BLUEPRINTS_DIR, ENVIRONMENTS_DIR]) {
    const files = listYaml(root, dir);
    for (const file of files.filter((f) => f.endsWith('.yml'))) {
      const twin = file.replace(/\.yml$/, '.yaml');
      if (files.includes(twin)) {
        problems.push({ file: display(join(root, file)), line: 1, column: 1, path: '(file)', message: `has the same name as ${display(join(root, twin))} (one file per name: merge them and delete one)` });
      }
    }
  }
  return problems;
}

function loadFile<T>(
  root: string,
  file: string,
  display: (path: string) => string,
  schema: z.ZodType<T>,
  problems: Problem[],
): Loaded<T> | undefined {
  const shown = display(join(root, file));
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    problems.push({ file: shown, line: 1, column: 1, path: '(file)', message: `${reason} (give a path to a .yaml file)` });
    return undefined;
  }
  const { source, problems: syntax } = YamlSource.parse(shown, text);
  if (syntax.length > 0) {
    problems.push(...syntax);
    return undefined;
  }
  const js = source.toJS();
  if ('problem' in js) {
    problems.push(js.problem);
    return undefined;
  }
  const result = schema.safeParse(js.value ?? {}, { reportInput: true });
  if (!result.success) {
    problems.push(...issuesToProblems(source, schema, result.error.issues));
    return undefined;
  }
  return { file: shown, value: result.data, source };
}

/** A problem at `path` of a loaded file (at the key rather than the value when `key` is set). */
export function problemAt(loaded: Loaded<unknown>, path: ReadonlyArray<PropertyKey>, message: string, key = false): Problem {
  const { line, column } = loaded.source.positionOf(path, { key });
  return { file: loaded.file, line, column, path: formatPath(path), message };
}

function checkNames(items: ReadonlyMap<string, Loaded<{ name: string }>>, problems: Problem[]): void {
  for (const loaded of items.values()) {
    const stem = basename(loaded.file).replace(/\.ya?ml$/, '');
    if (loaded.value.name !== stem) {
      problems.push(problemAt(loaded, ['name'], `is "${loaded.value.name}" but the file is ${basename(loaded.file)} (name must equal the file name without .yaml: "${stem}")`));
    }
  }
}

function checkEnvironments(
  environments: ReadonlyMap<string, Loaded<Environment>>,
  blueprints: ReadonlyMap<string, Loaded<Blueprint>>,
  blueprintFiles: readonly string[],
  problems: Problem[],
): void {
  const knownBlueprints = [...new Set([...blueprints.keys(), ...blueprintFiles.map((f) => basename(f).replace(/\.ya?ml$/, ''))])].sort();
  const cidrsByAccount = new Map<string, { env: Loaded<Environment>; path: (string | number)[]; cidr: string; label: string }[]>();

  for (const env of environments.values()) {
    const e = env.value;
    const blueprint = blueprints.get(e.blueprint);
    if (!blueprint && !knownBlueprints.includes(e.blueprint)) {
      problems.push(problemAt(env, ['blueprint'], `unknown blueprint "${e.blueprint}" (known: ${knownBlueprints.join(', ') || 'none'})`));
    }
    if (blueprint && !(e.scenario in blueprint.value.scenarios)) {
      const known = Object.keys(blueprint.value.scenarios).join(', ');
      problems.push(problemAt(env, ['scenario'], `unknown scenario "${e.scenario}" of blueprint "${e.blueprint}" (known: ${known})`));
    }

    const regions: { path: (string | number)[]; name: string; cidr: string; azs: string[] }[] = [
      { path: ['regions', 'primary'], name: e.regions.primary.name, cidr: e.regions.primary.vpcCidr, azs: e.regions.primary.availabilityZones },
      ...e.regions.secondaries.map((r, i) => ({ path: ['regions', 'secondaries', i], name: r.name, cidr: r.vpcCidr, azs: r.availabilityZones })),
    ];
    const seen = new Map<string, (string | number)[]>();
    for (const region of regions) {
      const earlier = seen.get(region.name);
      if (earlier) {
        const what = earlier.length === 2 ? 'equals the primary region' : 'is listed twice';
        problems.push(problemAt(env, [...region.path, 'name'], `region "${region.name}" ${what} (each region may appear once; secondaries must differ from the primary)`));
      } else {
        seen.set(region.name, region.path);
      }
      if (hasHostBits(region.cidr)) {
        problems.push(problemAt(env, [...region.path, 'vpcCidr'], `"${region.cidr}" has host bits set (use the network address, e.g. "${networkAddress(region.cidr)}")`));
      }
      if (new Set(region.azs).size !== region.azs.length) {
        problems.push(problemAt(env, [...region.path, 'availabilityZones'], `lists an AZ twice: ${region.azs.join(', ')} (each AZ once)`));
      }
      const list = cidrsByAccount.get(e.account) ?? [];
      list.push({ env, path: [...region.path, 'vpcCidr'], cidr: region.cidr, label: `${e.name} ${region.name}` });
      cidrsByAccount.set(e.account, list);
    }
    for (const certRegion of Object.keys(e.dns.certificateArns)) {
      if (!seen.has(certRegion)) {
        problems.push(problemAt(env, ['dns', 'certificateArns', certRegion], `certificate for "${certRegion}", which is not a region of this environment (regions: ${[...seen.keys()].join(', ')})`, true));
      }
    }
  }

  // VPC CIDRs must not overlap within an account: peering, transit gateways and VPN need distinct ranges.
  for (const entries of cidrsByAccount.values()) {
    for (let i = 0; i < entries.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = entries[i]!;
        const b = entries[j]!;
        if (cidrsOverlap(a.cidr, b.cidr)) {
          problems.push(problemAt(a.env, a.path, `"${a.cidr}" overlaps "${b.cidr}" of ${b.label} in the same account (give each region a distinct, non-overlapping range)`));
        }
      }
    }
  }
}

function networkAddress(cidr: string): string {
  const [address = '', prefix = ''] = cidr.split('/');
  const value = address.split('.').map(Number).reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - Number(prefix));
  const network = Math.floor(value / size) * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${prefix}`;
}
