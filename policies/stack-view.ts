import { ResourceView, StackView } from './types';

type Json = Record<string, unknown>;

/** `${...}` segments of a Terraform string; references are looked for only inside them. */
const INTERPOLATION = /\$\{([^}]*)\}/g;
/** `aws_x.name` not preceded by `data.` or another identifier character (so `data.aws_x.y` and `var.x` are not resources). */
const REFERENCE = /(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** Builds the read-only view of one synthesized stack that rules receive. */
export function createStackView(name: string, json: object): StackView {
  const root = json as Json;
  const resources: ResourceView[] = [];
  const byType = new Map<string, ResourceView[]>();
  const byAddress = new Map<string, ResourceView>();
  const resourceBlock = isObject(root.resource) ? root.resource : {};
  for (const type of Object.keys(resourceBlock).sort()) {
    const ofType = resourceBlock[type];
    if (!isObject(ofType)) continue;
    const list: ResourceView[] = [];
    for (const resourceName of Object.keys(ofType).sort()) {
      const raw = ofType[resourceName];
      if (!isObject(raw)) continue;
      const { '//': metadata, ...body } = raw;
      const path = isObject(metadata) && isObject(metadata.metadata) && typeof metadata.metadata.path === 'string' ? metadata.metadata.path : undefined;
      const view: ResourceView = { type, name: resourceName, address: `${type}.${resourceName}`, body, ...(path !== undefined ? { path } : {}) };
      list.push(view);
      resources.push(view);
      byAddress.set(view.address, view);
    }
    byType.set(type, list);
  }
  const providers = providerTags(root.provider);

  // Rules ask about the same attribute values many times (every alarm against every composite's
  // rule, every target against every candidate); the view is read-only, so answers are kept.
  const referenced = new Map<unknown, readonly ResourceView[]>();
  const referencedBy = (value: unknown, type?: string): readonly ResourceView[] => {
    let found = referenced.get(value);
    if (found === undefined) {
      const targets = new Set<ResourceView>();
      for (const address of referencedAddresses(value)) {
        const target = byAddress.get(address);
        if (target) targets.add(target);
      }
      found = [...targets];
      referenced.set(value, found);
    }
    return type === undefined ? found : found.filter((target) => target.type === type);
  };

  return {
    name,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    get: (address) => byAddress.get(address),
    referencedBy,
    linked: (target, type, attribute, literalKeys = []) =>
      (byType.get(type) ?? []).filter((candidate) => {
        const value = candidate.body[attribute];
        if (referencedBy(value).includes(target)) return true;
        return typeof value === 'string' && literalKeys.some((key) => target.body[key] === value);
      }),
    defaultTags: (resource) => {
      const provider = typeof resource.body.provider === 'string' ? resource.body.provider : 'aws';
      return providers.get(provider) ?? {};
    },
  };
}

/** Every `type.name` address referenced in Terraform expressions anywhere inside `value`. */
export function referencedAddresses(value: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return;
      for (const segment of node.matchAll(INTERPOLATION)) {
        for (const match of (segment[1] ?? '').matchAll(REFERENCE)) out.push(`${match[1]}.${match[2]}`);
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isObject(node)) {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return out;
}

/** Default tags per provider reference (`aws`, `aws.<alias>`). cdktf renders blocks as lists; plain objects are accepted too. */
function providerTags(block: unknown): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!isObject(block)) return out;
  for (const [providerType, configs] of Object.entries(block)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) continue;
      const key = typeof config.alias === 'string' ? `${providerType}.${config.alias}` : providerType;
      const tags: Record<string, string> = {};
      for (const defaults of Array.isArray(config.default_tags) ? config.default_tags : [config.default_tags]) {
        if (!isObject(defaults) || !isObject(defaults.tags)) continue;
        for (const [tagKey, tagValue] of Object.entries(defaults.tags)) if (typeof tagValue === 'string') tags[tagKey] = tagValue;
      }
      out.set(key, tags);
    }
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
