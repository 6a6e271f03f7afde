#!/usr/bin/env node
/**
 * Real terraform over every default stack, offline (`.ci/run` runs it after `npm test`).
 *
 * Where `terraform` (or `tofu`) is on PATH and a filesystem mirror of hashicorp/aws is found (these
 * machines carry one of 5.x, e.g. /opt/tf-plugins; see PLUGIN_DIRS), each default stack is
 * synthesized and copied into a directory of its own with:
 * - the provider constraint relaxed to the mirrored version, and the S3 backend removed (local state);
 * - the provider given dummy credentials and the skip_* flags, and without `allowed_account_ids`
 *   (with no credentials the provider cannot learn the account, and refuses every plan);
 * - arguments and blocks the mirrored provider does not know (new in 6.x) removed, and reported
 *   by name per stack, from the provider's own schema (`terraform providers schema -json`);
 * - data sources read, and ephemeral resources opened, at apply rather than plan time (there is
 *   no AWS API to call offline): data sources through `depends_on` on a new `terraform_data`,
 *   ephemeral resources by making their arguments unknown until then. Reported per stack.
 * Then `terraform init` from the mirror alone (its own CLI config via TF_CLI_CONFIG_FILE),
 * `terraform validate` and `terraform plan -refresh=false`. Any error fails (exit 1).
 * Without terraform, or without a mirror, it prints that it skipped and why (exit 0).
 *
 * Options: --keep (leave the working directory for inspection), --stack NAME (repeatable).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir, tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');

const ROOT = join(__dirname, '..');
const PROVIDER = 'hashicorp/aws';
/** Hosts a mirror may file hashicorp/aws under (Terraform's registry, OpenTofu's). */
const HOSTS = ['registry.terraform.io', 'registry.opentofu.org'];
/** Directories searched for a filesystem mirror: the implied local mirror directories of Terraform and OpenTofu, and where these machines keep theirs. */
function pluginDirs(env = process.env) {
  const home = env.HOME || homedir();
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  return [
    '/opt/tf-plugins',
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
    join(home, '.local', 'share', 'opentofu', 'plugins'),
    ...dataDirs.flatMap((dir) => [join(dir, 'terraform', 'plugins'), join(dir, 'opentofu', 'plugins')]),
  ];
}
/** Name of the resource every offline-deferred read depends on. */
const DEFER_RESOURCE = 'itsm_offline_plan';
/** Keys of a resource body that are Terraform meta-arguments (or cdktf's comments), not provider arguments. */
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
/** Keys of a provider block that Terraform itself reads (not in the provider's schema). */
const PROVIDER_META_ARGUMENTS = new Set(['//', 'alias', 'version']);
/** Provider settings for a plan without credentials or network. */
const OFFLINE_PROVIDER = {
  access_key: 'offline-plan-dummy',
  secret_key: 'offline-plan-dummy',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

/** The first of `terraform`, `tofu` on PATH (TERRAFORM_BINARY_NAME first, when set): its absolute path, or undefined. */
function findTerraform(env = process.env) {
  const names = [env.TERRAFORM_BINARY_NAME, 'terraform', 'tofu'].filter(Boolean);
  for (const name of names) {
    for (const dir of (env.PATH || '').split(delimiter).filter(Boolean)) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        if (statSync(path).isFile()) return path;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/** The platform string of provider packages: linux_amd64, darwin_arm64, … */
function platform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] || process.arch;
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch}`;
}

/**
 * Mirrored hashicorp/aws versions for this platform under `dirs`, newest first:
 * { dir, host, version } for each unpacked (`<host>/hashicorp/aws/<version>/<platform>/`) or
 * packed (`<host>/hashicorp/aws/terraform-provider-aws_<version>_<platform>.zip`) package.
 */
function findProviderMirrors(dirs, os = platform()) {
  const found = [];
  for (const dir of dirs) {
    for (const host of HOSTS) {
      const base = join(dir, host, PROVIDER);
      if (!isDirectory(base)) continue;
      for (const entry of readdirSync(base)) {
        const packed = new RegExp(`^terraform-provider-aws_(\\d+\\.\\d+\\.\\d+)_${os}\\.zip$`).exec(entry);
        if (packed) found.push({ dir, host, version: packed[1] });
        else if (/^\d+\.\d+\.\d+$/.test(entry) && isDirectory(join(base, entry, os))) found.push({ dir, host, version: entry });
      }
    }
  }
  return found.sort((a, b) => compareVersions(b.version, a.version));
}

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A CLI configuration that installs hashicorp/aws from the mirror only, and nothing from the network. */
function cliConfig(mirror) {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror.dir)}`,
    `    include = [${JSON.stringify(`${mirror.host}/${PROVIDER}`)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The stack's copy for an offline plan against the mirrored provider, and what was changed for
 * it. `schema` is the mirrored provider's schema (`provider_schemas[...]` of `terraform providers
 * schema -json`), or undefined before it is known (then no argument is removed).
 * @returns {{ json: object, unsupported: string[], deferred: string[], dropped: string[] }}
 */
function offlineCopy(stackJson, version, schema) {
  const json = JSON.parse(JSON.stringify(stackJson));
  const unsupported = [];
  const deferred = [];
  const dropped = [];

  const terraform = (json.terraform ??= {});
  if (terraform.backend) {
    dropped.push(`backend ${Object.keys(terraform.backend).join(', ')} (local state instead)`);
    delete terraform.backend;
  }
  terraform.required_providers ??= {};
  terraform.required_providers.aws = { ...(terraform.required_providers.aws ?? {}), source: PROVIDER, version };

  for (const config of [].concat(json.provider?.aws ?? [])) {
    if (config.allowed_account_ids || config.forbidden_account_ids) {
      dropped.push('provider allowed_account_ids (no credentials, so the provider cannot learn the account)');
      delete config.allowed_account_ids;
      delete config.forbidden_account_ids;
    }
    Object.assign(config, OFFLINE_PROVIDER);
    if (schema) removeUnknown(config, schema.provider.block, 'provider.aws', unsupported, PROVIDER_META_ARGUMENTS);
  }

  if (schema) {
    for (const [kind, schemas, prefix] of [
      ['resource', schema.resource_schemas, ''],
      ['data', schema.data_source_schemas, 'data.'],
      ['ephemeral', schema.ephemeral_resource_schemas ?? {}, 'ephemeral.'],
    ]) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        if (!type.startsWith('aws_')) continue;
        for (const [name, body] of Object.entries(byName)) {
          const address = `${prefix}${type}.${name}`;
          if (!schemas[type]) {
            unsupported.push(`${address}: ${kindLabel(kind)} type ${type} (the whole block)`);
            delete byName[name];
            continue;
          }
          removeUnknown(body, schemas[type].block, address, unsupported);
        }
        if (Object.keys(byName).length === 0) delete json[kind][type];
      }
    }
  }

  const deferTo = `terraform_data.${DEFER_RESOURCE}`;
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      body.depends_on = [...(body.depends_on ?? []), deferTo];
      deferred.push(`data.${type}.${name} (read)`);
    }
  }
  for (const [type, byName] of Object.entries(json.ephemeral ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      if (makeUnknownUntilApply(body, `${deferTo}.id`)) deferred.push(`ephemeral.${type}.${name} (opened)`);
    }
  }
  if (deferred.length > 0) {
    json.resource ??= {};
    json.resource.terraform_data = { ...(json.resource.terraform_data ?? {}), [DEFER_RESOURCE]: {} };
  }
  return { json, unsupported, deferred, dropped };
}

function kindLabel(kind) {
  return { resource: 'resource', data: 'data source', ephemeral: 'ephemeral resource' }[kind];
}

/**
 * Removes from `body` (in place) every argument and nested block the provider's `block` schema
 * does not have, recording `<address>.<path>` for each.
 */
function removeUnknown(body, block, address, unsupported, meta = META_ARGUMENTS) {
  if (typeof body !== 'object' || body === null) return;
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const key of Object.keys(body)) {
    if (meta.has(key) || key === 'dynamic') continue;
    if (key in attributes) {
      const nested = attributes[key].nested_type;
      if (nested) for (const item of [].concat(body[key] ?? [])) removeUnknown(item, { attributes: nested.attributes }, `${address}.${key}`, unsupported);
      continue;
    }
    if (key in blocks) {
      for (const item of [].concat(body[key] ?? [])) removeUnknown(item, blocks[key].block, `${address}.${key}`, unsupported);
      continue;
    }
    unsupported.push(`${address}.${key}`);
    delete body[key];
  }
}

/**
 * Makes the ephemeral resource's configuration unknown until apply, so that plan does not open it:
 * each top-level literal argument `v` becomes `${<unknown> == "" ? v : v}` (same value, same
 * type, unknown while `unknown` is). Returns whether any argument could be wrapped.
 */
function makeUnknownUntilApply(body, unknown) {
  let wrapped = false;
  for (const [key, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(key)) continue;
    const literal = typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value === 'string' && !value.includes('${') && !value.includes('%{') ? JSON.stringify(value) : undefined;
    if (literal === undefined) continue;
    body[key] = `\${${unknown} == "" ? ${literal} : ${literal}}`;
    wrapped = true;
  }
  return wrapped;
}

/**
 * Groups removed arguments for a short report, one line per argument:
 * `aws_lb.idle_timeout on 2: web, api`; a whole block: `resource type aws_x (the whole block) on 1: aws_x.y`.
 */
function summarizeUnsupported(entries) {
  const groups = new Map();
  for (const entry of entries) {
    const whole = entry.indexOf(': ');
    let key;
    let name;
    if (whole >= 0) {
      key = entry.slice(whole + 2);
      name = entry.slice(0, whole);
    } else {
      const parts = entry.split('.');
      const typeLength = parts[0] === 'data' || parts[0] === 'ephemeral' ? 2 : 1;
      key = [...parts.slice(0, typeLength), ...parts.slice(typeLength + 1)].join('.');
      name = parts[typeLength];
    }
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, names]) => `${key} on ${names.length}: ${names.join(', ')}`);
}

/** Groups deferred reads by kind and type: `data.aws_ami read at apply (2): a, b`. */
function summarizeDeferred(entries) {
  const groups = new Map();
  for (const entry of entries) {
    const [address, how] = entry.split(' ');
    const parts = address.split('.');
    const key = `${parts[0]}.${parts[1]} ${how.replace(/[()]/g, '')} at apply`;
    groups.set(key, [...(groups.get(key) ?? []), parts[2]]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, names]) => `${key} (${names.length}): ${names.join(', ')}`);
}

/** Runs terraform in `dir`; returns { status, stdout, stderr, seconds }. */
function terraform(binary, args, dir, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(binary, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', seconds: Number(process.hrtime.bigint() - start) / 1e9, error: result.error };
}

/** Error and warning diagnostics of `-json` output (one JSON object per line for plan, one document for validate). */
function diagnosticsOf(stdout) {
  const diagnostics = [];
  const add = (d) => diagnostics.push({ severity: d.severity, summary: d.summary, detail: d.detail ?? '', address: d.address ?? d.range?.filename ?? '' });
  const text = stdout.trim();
  if (text.startsWith('{') && !text.includes('\n{')) {
    const document = JSON.parse(text);
    for (const d of document.diagnostics ?? []) add(d);
    return diagnostics;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line);
    if (message.type === 'diagnostic' && message.diagnostic) add(message.diagnostic);
  }
  return diagnostics;
}

/** The `Plan: …` counts of `plan -json` output. */
function changeSummary(stdout) {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line);
    if (message.type === 'change_summary') return message.changes;
  }
  return undefined;
}

function formatDiagnostic(d) {
  return `${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`;
}

function main(argv) {
  const keep = argv.includes('--keep');
  const only = argv.flatMap((arg, i) => (argv[i - 1] === '--stack' ? [arg] : []));
  const log = (text) => process.stdout.write(`${text}\n`);

  const binary = findTerraform();
  if (!binary) {
    log('terraform check: skipped — neither terraform nor tofu is on PATH (install one to validate and plan every default stack here).');
    return 0;
  }
  const dirs = pluginDirs();
  const mirror = findProviderMirrors(dirs)[0];
  if (!mirror) {
    log(`terraform check: skipped — ${binary} is on PATH, but no filesystem mirror of ${PROVIDER} for ${platform()} was found (searched ${dirs.join(', ')}); providers cannot be downloaded here.`);
    return 0;
  }
  const versionLine = terraform(binary, ['version'], ROOT, process.env).stdout.split('\n')[0];
  log(`terraform check: ${versionLine} (${binary}), ${PROVIDER} ${mirror.version} from the mirror ${join(mirror.dir, mirror.host, PROVIDER)}`);

  const scratch = mkdtempSync(join(tmpdir(), 'itsm-terraform-'));
  const started = process.hrtime.bigint();
  try {
    const outDir = join(scratch, 'cdktf.out');
    const synth = spawnSync(process.execPath, [join(ROOT, 'bin', 'itsm-scale.js'), 'synth', '--out', outDir], { cwd: ROOT, encoding: 'utf8' });
    if (synth.status !== 0) {
      log(`terraform check: synthesis failed:\n${synth.stderr}`);
      return 1;
    }
    const configFile = join(scratch, 'terraform.rc');
    writeFileSync(configFile, cliConfig(mirror));
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: configFile,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: OFFLINE_PROVIDER.access_key,
      AWS_SECRET_ACCESS_KEY: OFFLINE_PROVIDER.secret_key,
    };
    delete env.AWS_PROFILE;
    delete env.TF_PLUGIN_CACHE_DIR;

    const stacks = readdirSync(join(outDir, 'stacks')).sort().filter((s) => only.length === 0 || only.includes(s));
    let schema;
    let failed = 0;
    for (const stack of stacks) {
      const dir = join(scratch, 'stacks', stack);
      mkdirSync(dir, { recursive: true });
      const original = JSON.parse(readFileSync(join(outDir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      // Init with the relaxed constraint first: the schema comes from the installed provider.
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(offlineCopy(original, mirror.version, undefined).json));
      const init = terraform(binary, ['init', '-input=false', '-no-color'], dir, env);
      if (init.status !== 0) {
        log(`\n${stack}: FAILED terraform init\n${init.stdout}${init.stderr}`);
        failed++;
        continue;
      }
      if (!schema) {
        const dump = terraform(binary, ['providers', 'schema', '-json'], dir, env);
        const all = JSON.parse(dump.stdout).provider_schemas;
        schema = all[`${mirror.host}/${PROVIDER}`] ?? Object.values(all)[0];
      }
      const copy = offlineCopy(original, mirror.version, schema);
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(copy.json, null, 2));

      const validate = terraform(binary, ['validate', '-json', '-no-color'], dir, env);
      const plan = terraform(binary, ['plan', '-refresh=false', '-input=false', '-lock=false', '-json', '-no-color'], dir, env);
      const diagnostics = [...diagnosticsOf(validate.stdout), ...diagnosticsOf(plan.stdout)];
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const warnings = [...new Set(diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic))];
      const changes = changeSummary(plan.stdout);
      const ok = validate.status === 0 && plan.status === 0 && errors.length === 0;
      if (!ok) failed++;
      log(`\n${stack}: ${ok ? 'ok' : 'FAILED'} — terraform validate (${validate.seconds.toFixed(1)} s): ${validate.status === 0 ? 'valid' : 'invalid'}; terraform plan -refresh=false (${plan.seconds.toFixed(1)} s): ${changes ? `${changes.add} to add, ${changes.change} to change, ${changes.remove} to destroy` : 'no plan'}`);
      for (const line of summarizeUnsupported(copy.unsupported)) log(`  not in ${PROVIDER} ${mirror.version}, removed from the copy (new in 6.x): ${line}`);
      for (const line of summarizeDeferred(copy.deferred)) log(`  no AWS API offline, so ${line}`);
      for (const line of copy.dropped) log(`  dropped for the offline plan: ${line}`);
      for (const line of warnings) log(`  ${line}`);
      for (const d of errors) log(`  ${formatDiagnostic(d)}`);
      if (!ok && errors.length === 0) log(`  ${(validate.status !== 0 ? validate : plan).stderr.trim()}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    log(`\nterraform check: ${stacks.length - failed} of ${stacks.length} stacks validated and planned, ${failed} failed (${seconds.toFixed(0)} s)${keep ? `; kept ${scratch}` : ''}`);
    return failed > 0 ? 1 : 0;
  } finally {
    if (!keep) rmSync(scratch, { recursive: true, force: true });
  }
}

module.exports = { cliConfig, findProviderMirrors, findTerraform, offlineCopy, pluginDirs, summarizeDeferred, summarizeUnsupported };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
