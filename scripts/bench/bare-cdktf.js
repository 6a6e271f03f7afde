'use strict';
/**
 * The lower bound of `npm run bench` (issue 14): what cdktf alone costs to write the app's output.
 * It reads stacks the app synthesized (BARE_CDKTF_INPUT, default ./cdktf.out) and re-creates every
 * one through bare cdktf, with no toolkit logic: a TerraformStack per stack with the same AWS
 * provider(s), S3 backend and stack overrides, and per resource, data source and output a generic
 * TerraformResource / TerraformDataSource / TerraformOutput at the same construct path and logical
 * id, whose attributes are the synthesized JSON. Every `${type.name.attribute}` reference in it is
 * turned back into a cdktf token of the element it names (`getStringAttribute`, `depends_on` as
 * elements, `provider` as the provider object), as the app's constructs make them, so cdktf
 * resolves as many tokens as it does for the app. Then `app.synth()`.
 *
 * This is less than cdktf does for the app (no provider-class converters per attribute, no
 * construct logic, no policy pack, no plans), so its CPU is a lower bound of the app's: if it
 * alone is more than 2.5× the floor, so is every app that writes this output through cdktf.
 *
 * BARE_CDKTF_LEAN=1 runs cdktf the way the app does: the toolkit's synthesis patches
 * (dist/cli/patches: no token stack traces, single-pass resolution, faster serializer; all
 * byte-identical) and no cross-stack preparation pass (EnvironmentStack.prepareStack). Unset, it
 * is cdktf as shipped. BARE_CDKTF_CHECK=1 compares every written stack with its input, byte for
 * byte, and exits 1 on a difference (test/bench/bare-cdktf.test.ts).
 *
 *   node bin/cdktf-app.js && CDKTF_OUTDIR=/tmp/bare BARE_CDKTF_CHECK=1 node scripts/bench/bare-cdktf.js
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const lean = process.env.BARE_CDKTF_LEAN === '1';
/** BARE_CDKTF_PHASES=1 prints the CPU of each phase (imports, reading the input, constructs, synth) on stderr. */
const phases = process.env.BARE_CDKTF_PHASES === '1' ? [] : undefined;
let last = process.cpuUsage();
const phase = (name) => {
  if (!phases) return;
  const now = process.cpuUsage();
  phases.push(`${name} ${((now.user - last.user + now.system - last.system) / 1000).toFixed(0)} ms`);
  last = now;
};
if (lean) require('../../dist/cli/patches/index.js').applySynthesisPatches();
// The app's deep imports, as the floor loads them (floor.js's list, which a test keeps equal to the app's).
for (const [, module] of readFileSync(join(__dirname, 'floor.js'), 'utf8').matchAll(/^require\('(@cdktf\/[^']+)'\);$/gm)) require(module);

const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { App, S3Backend, TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack } = require('cdktf');
const { dependable } = require('cdktf/lib/tfExpression');
const { Construct } = require('constructs');

const input = resolve(process.env.BARE_CDKTF_INPUT ?? 'cdktf.out');
const stacksDir = join(input, 'stacks');

/** A resource whose attributes are given JSON (snake_case, as synthesized), tokens in place of references. */
class BareResource extends TerraformResource {
  synthesizeAttributes() {
    return this.attributes;
  }
}
class BareDataSource extends TerraformDataSource {
  synthesizeAttributes() {
    return this.attributes;
  }
}
/** As the app's EnvironmentStack: no cross-stack preparation pass (the stacks never refer to each other). */
class LeanStack extends TerraformStack {
  prepareStack() {
    this.ensureBackendExists();
  }
}
const Stack = lean ? LeanStack : TerraformStack;

/** Meta-arguments cdktf writes from the element's own fields; the rest are attributes. */
const META = new Set(['//', 'depends_on', 'provider', 'lifecycle']);
/** cdktf's lifecycle config (camelCase; it writes it snake_case) from the synthesized block. */
const lifecycleConfig = (lifecycle) => Object.fromEntries(Object.entries(lifecycle).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), value]));
/** A reference to an element of the stack, alone or inside a longer string. */
const REFERENCE = /\$\{((data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([^${}]+)\}/g;

phase('imports');
const inputs = readdirSync(stacksDir)
  .sort()
  .map((stackName) => [stackName, JSON.parse(readFileSync(join(stacksDir, stackName, 'cdk.tf.json'), 'utf8'))]);
phase('reading the input');

const app = new App();
for (const [stackName, json] of inputs) {
  const stack = new Stack(app, stackName);
  const scopes = new Map([[stackName, stack]]);
  /** The construct at `path` (stack/a/b), with every scope on the way created once. */
  const scopeOf = (segments) => {
    let key = stackName;
    let scope = stack;
    for (const segment of segments) {
      key += `/${segment}`;
      let next = scopes.get(key);
      if (next === undefined) scopes.set(key, (next = new Construct(scope, segment)));
      scope = next;
    }
    return scope;
  };
  const place = (path) => {
    const segments = path.split('/').slice(1);
    return { scope: scopeOf(segments.slice(0, -1)), id: segments[segments.length - 1] };
  };

  const providers = new Map();
  json.provider.aws.forEach((config, index) => {
    const provider = new AwsProvider(stack, index === 0 ? 'aws' : `aws-${config.alias}`, {
      region: config.region,
      alias: config.alias,
      allowedAccountIds: config.allowed_account_ids,
      defaultTags: config.default_tags,
    });
    providers.set(config.alias ? `aws.${config.alias}` : 'aws', provider);
  });
  const { backend } = json.terraform;
  const s3 = new S3Backend(stack, { bucket: backend.s3.bucket, key: backend.s3.key, region: backend.s3.region, encrypt: backend.s3.encrypt });
  if (backend.s3.use_lockfile !== undefined) s3.addOverride('use_lockfile', backend.s3.use_lockfile);
  for (const key of json['//'].metadata.overrides?.stack ?? []) {
    if (key === 'terraform') {
      stack.addOverride('terraform.required_version', json.terraform.required_version);
      stack.addOverride('terraform.required_providers.aws.source', json.terraform.required_providers.aws.source);
      stack.addOverride('terraform.required_providers.aws.version', json.terraform.required_providers.aws.version);
    } else {
      for (const [type, blocks] of Object.entries(json[key])) for (const [name, block] of Object.entries(blocks)) stack.addOverride(`${key}.${type}.${name}`, block);
    }
  }

  // First every element (references may point forward), then their attributes with tokens.
  const elements = new Map();
  const pending = [];
  for (const [kind, Element] of [
    ['resource', BareResource],
    ['data', BareDataSource],
  ]) {
    for (const [type, blocks] of Object.entries(json[kind] ?? {})) {
      for (const [name, block] of Object.entries(blocks)) {
        const { scope, id } = place(block['//'].metadata.path);
        const element = new Element(scope, id, { terraformResourceType: type, provider: block.provider ? providers.get(block.provider) : undefined });
        // Always: reading friendlyUniqueId first would fix the path-derived id.
        element.overrideLogicalId(block['//'].metadata.uniqueId);
        elements.set(kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, element);
        pending.push([element, block]);
      }
    }
  }
  /** `value` with every reference to an element of this stack as that element's token. */
  const tokenize = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      return value.replace(REFERENCE, (whole, address, _data, attribute) => elements.get(address)?.getStringAttribute(attribute) ?? whole);
    }
    if (Array.isArray(value)) return value.map(tokenize);
    if (typeof value === 'object' && value !== null) {
      const copy = {};
      for (const [key, child] of Object.entries(value)) copy[key] = tokenize(child);
      return copy;
    }
    return value;
  };
  for (const [element, block] of pending) {
    const attributes = {};
    for (const [key, value] of Object.entries(block)) if (!META.has(key)) attributes[key] = tokenize(value);
    element.attributes = attributes;
    if (block.depends_on) element.dependsOn = block.depends_on.map((address) => dependable(elements.get(address)));
    if (block.lifecycle) element.lifecycle = lifecycleConfig(block.lifecycle);
  }

  // Outputs: their construct paths are in the stack's metadata, leaf → logical id.
  const outputPaths = [];
  const walk = (tree, segments) => {
    for (const [key, child] of Object.entries(tree)) {
      if (typeof child === 'string') outputPaths.push([[...segments, key], child]);
      else walk(child, [...segments, key]);
    }
  };
  walk(json['//'].outputs?.[stackName] ?? {}, []);
  for (const [segments, logicalId] of outputPaths) {
    const block = json.output[logicalId];
    const output = new TerraformOutput(scopeOf(segments.slice(0, -1)), segments[segments.length - 1], {
      value: tokenize(block.value),
      description: block.description,
      sensitive: block.sensitive,
    });
    output.overrideLogicalId(logicalId);
  }
}
phase('constructs');
app.synth();
phase('synth');
if (phases) process.stderr.write(`bare cdktf${lean ? ' (lean)' : ''}: ${phases.join(', ')}\n`);

if (process.env.BARE_CDKTF_CHECK === '1') {
  const written = join(app.outdir, 'stacks');
  const differ = readdirSync(stacksDir).filter((stack) => readFileSync(join(written, stack, 'cdk.tf.json'), 'utf8') !== readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
  if (differ.length > 0) {
    process.stderr.write(`bare cdktf: ${differ.length} stack(s) differ from the input: ${differ.join(', ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`bare cdktf: ${readdirSync(stacksDir).length} stacks byte-identical to the input\n`);
}
