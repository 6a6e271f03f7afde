/**
 * The application contract, resolved: per-module contract (blueprint defaults with the module's
 * overrides), the user-data template language, instance architectures and the names both the
 * loader and the stacks derive (configuration path, log group). Pure, no I/O, no cdktf.
 */
import { instanceArchitecture } from '../foundation/instance-architecture';
import { Architecture, MachineImage, Stickiness } from './schema/application';
import { Blueprint } from './schema/blueprint';

/** The closed set of variables a user-data template may use, as `{{name}}`. */
export const USER_DATA_VARIABLES = [
  'module',
  'role',
  'environment',
  'region',
  'configPath',
  'port',
  'logGroup',
  'modules',
  'configRoot',
  'singletonParts',
  'singletonLeaseSeconds',
] as const;
export type UserDataVariable = (typeof USER_DATA_VARIABLES)[number];
export type UserDataValues = Readonly<Record<UserDataVariable, string>>;

/** EC2 accepts at most 16 KB of user data, counted after base64 encoding. */
export const USER_DATA_LIMIT_BYTES = 16384;

/** `{{ name }}`: two braces, optional blanks, a name, optional blanks, two braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A `{{…}}` in a template that is not one of the variables, or an opening `{{` that never closes. */
export interface TemplateProblem {
  /** Offset of the `{{` in the template text. */
  readonly offset: number;
  readonly message: string;
}

/** Problems of a user-data template: unknown variables and unclosed `{{`. */
export function templateProblems(text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const known = USER_DATA_VARIABLES.join(', ');
  const covered = new Set<number>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    covered.add(match.index);
    const name = match[1]!;
    if (!(USER_DATA_VARIABLES as readonly string[]).includes(name)) {
      problems.push({ offset: match.index, message: `unknown template variable "{{${name}}}" (known: ${known}; write each as {{name}})` });
    }
  }
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', at + 2)) {
    if (!covered.has(at) && ![...covered].some((start) => at > start && at < text.indexOf('}}', start) + 2)) {
      problems.push({ offset: at, message: `"{{" is never closed with "}}" (template variables are written {{name}}: ${known})` });
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

/** Renders a template whose problems were checked: every `{{name}}` replaced by its value. */
export function renderUserData(template: string, values: UserDataValues): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!(name in values)) throw new Error(`internal: user-data variable "${name}" passed validation`);
    return values[name as UserDataVariable];
  });
}

/** Size of `text` as EC2 counts user data: its UTF-8 bytes after base64 encoding. */
export function base64Size(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) * 4;
}

export { instanceArchitecture };

/**
 * The architecture an SSM parameter name states (public AL2023 and Bottlerocket parameters carry
 * `x86_64` or `arm64` in their names), if any.
 */
export function architectureInName(name: string): Architecture | undefined {
  if (/(^|[/_-])(x86_64|amd64)([/_-]|$)/.test(name)) return 'x86_64';
  if (/(^|[/_-])(arm64|aarch64)([/_-]|$)/.test(name)) return 'arm64';
  return undefined;
}

/** SSM path under which every module's runtime configuration is published in one environment and region. */
export function configParameterRoot(environment: string, region: string): string {
  return `/itsm-scale/${environment}-${region}/config`;
}

/** SSM path under which a module's runtime configuration is published in one environment and region. */
export function configParameterPath(environment: string, region: string, module: string): string {
  return `${configParameterRoot(environment, region)}/${module}`;
}

/** The encrypted log group a module's instances deliver their logs to. */
export function applicationLogGroupName(environment: string, region: string, module: string): string {
  return `/itsm-scale/${environment}-${region}/app/${module}`;
}

/** Where a contract field was given: the blueprint-wide contract or the module's override. */
export type ContractSource = ['application'] | ['modules', string, 'application'];

/** One module's application contract: the blueprint's with the module's overrides applied. */
export interface ResolvedApplication {
  readonly image: MachineImage;
  /** Where `image` was given (for error positions). */
  readonly imageSource: ContractSource;
  /** The user-data path as written, relative to the blueprint. */
  readonly userData: string;
  readonly userDataSource: ContractSource;
  readonly port: number;
  readonly startupSeconds: number;
  /** Starting a stopped, pre-initialised instance until it serves (a warm spare); `startupSeconds` unless stated. */
  readonly warmStartSeconds: number;
  readonly healthCheckGraceSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly stickiness: Stickiness;
  /** The lease the application holds per singleton part (its parts then run on the serving fleet); undefined: none. */
  readonly singletonLease: { readonly leaseSeconds: number } | undefined;
}

/** The contract of `module`: each field from the module's `application` when given, else the blueprint's. */
export function resolveApplication(blueprint: Blueprint, module: string): ResolvedApplication {
  const base = blueprint.application;
  const spec = blueprint.modules[module];
  if (!spec) throw new Error(`internal: blueprint ${blueprint.name} has no module ${module}`);
  const own = spec.application ?? {};
  const here: ContractSource = ['modules', module, 'application'];
  const startupSeconds = own.startupSeconds ?? base.startupSeconds;
  return {
    image: own.image ?? base.image,
    imageSource: own.image ? here : ['application'],
    userData: own.userData ?? base.userData,
    userDataSource: own.userData ? here : ['application'],
    port: own.port ?? base.port,
    startupSeconds,
    warmStartSeconds: own.warmStartSeconds ?? base.warmStartSeconds ?? startupSeconds,
    healthCheckGraceSeconds: spec.healthCheck.gracePeriodSeconds ?? startupSeconds,
    deregistrationDelaySeconds: own.deregistrationDelaySeconds ?? base.deregistrationDelaySeconds,
    stickiness: own.stickiness ?? base.stickiness,
    singletonLease: own.singletonLease === false ? undefined : base.singletonLease,
  };
}

/**
 * Whether the module's singleton parts run under a lease: the application holds one (application.singletonLease,
 * the module's own or the blueprint's) and the module is not a singleton itself (a singleton module's parts keep
 * their own groups: its one instance has no peer to take over).
 */
export function partsUnderLease(blueprint: Blueprint, module: string): boolean {
  const spec = blueprint.modules[module];
  if (!spec || spec.singleton || spec.singletons.length === 0) return false;
  return resolveApplication(blueprint, module).singletonLease !== undefined;
}

/** The role of the scaled fleet of a module; a singleton fleet's role is the singleton's name. */
export const SERVER_ROLE = 'server';

/** Name of the fleet that runs `role` of `module`: the module itself, or `<module>-<singleton>`. */
export function fleetName(module: string, role: string): string {
  return role === SERVER_ROLE ? module : `${module}-${role}`;
}

/** The singleton parts a fleet runs under a lease (`<module>-<part>` each) and the lease's length. */
export interface LeasedParts {
  readonly parts: readonly string[];
  readonly leaseSeconds: number;
}

/**
 * The values a fleet's user data is rendered with in one environment and region. A singleton fleet
 * reads its module's configuration and writes to a log group of its own. The shared fleet (`module` is
 * its name, `served` its member modules) has no configuration of its own: `{{configPath}}` is the root
 * under which each served module's configuration lies, as `{{configRoot}}` is on every fleet.
 * `{{singletonParts}}` lists the parts the fleet runs under a lease (empty when none) and
 * `{{singletonLeaseSeconds}}` their lease's length (empty when none).
 */
export function userDataValues(
  environment: string,
  region: string,
  module: string,
  role: string,
  port: number,
  served: readonly string[] = [module],
  leased?: LeasedParts,
): UserDataValues {
  const ownModule = served.length === 1 && served[0] === module;
  return {
    module,
    role,
    environment,
    region,
    configPath: ownModule ? configParameterPath(environment, region, module) : configParameterRoot(environment, region),
    port: String(port),
    logGroup: applicationLogGroupName(environment, region, fleetName(module, role)),
    modules: served.join(' '),
    configRoot: configParameterRoot(environment, region),
    singletonParts: leased ? leased.parts.join(' ') : '',
    singletonLeaseSeconds: leased && leased.parts.length > 0 ? String(leased.leaseSeconds) : '',
  };
}

/** CloudWatch namespace of the lease heartbeat (`SingletonLeaseHeld`) in an environment. */
export function singletonLeaseNamespace(environment: string): string {
  return `itsm-scale/${environment}`;
}

/**
 * The heartbeat a lease holder publishes (docs/application-contract.md): value 1 of `metricName` with dimension
 * `Part` = `<module>-<part>`, at least every `publishSeconds` while it holds the lease; the alarm reads it per
 * `periodSeconds`.
 */
export const SINGLETON_LEASE_METRIC = { metricName: 'SingletonLeaseHeld', dimension: 'Part', publishSeconds: 30, periodSeconds: 60 } as const;
