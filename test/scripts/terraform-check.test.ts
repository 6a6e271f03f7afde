/**
 * scripts/terraform-check.js: how each stack is prepared for an offline terraform validate and plan
 * against an older mirrored provider, how the mirror and the binary are found, and the skip when
 * there is none. (The real terraform run is `.ci/run`'s job: it takes minutes.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Json } from '../json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const check = require('../../scripts/terraform-check') as {
  cliConfig: (mirror: { dir: string; host: string }) => string;
  findProviderMirrors: (dirs: string[], platform?: string) => { dir: string; host: string; version: string }[];
  findTerraform: (env: Record<string, string | undefined>) => string | undefined;
  offlineCopy: (json: Json, version: string, schema?: Json) => { json: Json; unsupported: string[]; deferred: string[]; dropped: string[] };
  summarizeDeferred: (entries: string[]) => string[];
  summarizeUnsupported: (entries: string[]) => string[];
};

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'terraform-check.js');

/** A provider schema in the shape of `terraform providers schema -json`, with just what the stack below uses. */
const SCHEMA: Json = {
  provider: { block: { attributes: { region: {}, access_key: {}, secret_key: {}, skip_credentials_validation: {}, skip_requesting_account_id: {}, skip_metadata_api_check: {}, skip_region_validation: {}, allowed_account_ids: {} }, block_types: { default_tags: { block: { attributes: { tags: {} } } } } } },
  resource_schemas: {
    aws_cloudwatch_log_group: { block: { attributes: { name: {}, retention_in_days: {} } } },
    aws_lb_target_group: { block: { attributes: { name: {} }, block_types: { health_check: { block: { attributes: { path: {} } } } } } },
    aws_rds_cluster: { block: { attributes: { master_password_wo: {}, master_password_wo_version: {} } } },
  },
  data_source_schemas: { aws_ssm_parameter: { block: { attributes: { name: {} } } } },
  ephemeral_resource_schemas: { aws_secretsmanager_random_password: { block: { attributes: { password_length: {}, exclude_punctuation: {}, random_password: {} } } } },
};

function stack(): Json {
  return {
    terraform: { backend: { s3: { bucket: 'state' } }, required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '>= 1.11' },
    provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['111111111111'], default_tags: [{ tags: { env: 'dev' } }] }] },
    resource: {
      aws_cloudwatch_log_group: { app: { '//': { metadata: {} }, name: 'app', deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } } },
      aws_lb_target_group: { web: { name: 'web', region: 'us-east-1', health_check: [{ path: '/', new_in_six: 1 }] } },
      aws_vpc_route_server: { rs: { amazon_side_asn: 65000 } },
      aws_rds_cluster: { db: { master_password_wo: '${ephemeral.aws_secretsmanager_random_password.master.random_password}', master_password_wo_version: 1 } },
    },
    data: { aws_ssm_parameter: { password: { name: '/x' } } },
    ephemeral: { aws_secretsmanager_random_password: { master: { password_length: 32, exclude_punctuation: true } } },
  };
}

describe('offlineCopy', () => {
  const { json, unsupported, deferred, dropped } = check.offlineCopy(stack(), '5.100.0', SCHEMA);

  test('pins the mirrored provider version and plans against local state', () => {
    expect(json.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '5.100.0' });
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.required_version).toBe('>= 1.11');
  });

  test('gives the provider dummy credentials and every skip flag, without the account check it cannot make', () => {
    expect(json.provider.aws[0]).toEqual({
      region: 'us-east-1',
      default_tags: [{ tags: { env: 'dev' } }],
      access_key: 'offline-plan-dummy',
      secret_key: 'offline-plan-dummy',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
    expect(dropped).toEqual(['backend s3 (local state instead)', 'provider allowed_account_ids (no credentials, so the provider cannot learn the account)']);
  });

  test('removes, and names, every argument, nested argument and resource type the older provider lacks; keeps meta-arguments and the rest', () => {
    expect(unsupported).toEqual([
      'aws_cloudwatch_log_group.app.deletion_protection_enabled',
      'aws_lb_target_group.web.region',
      'aws_lb_target_group.web.health_check.new_in_six',
      'aws_vpc_route_server.rs: resource type aws_vpc_route_server (the whole block)',
    ]);
    expect(json.resource.aws_cloudwatch_log_group.app).toEqual({ '//': { metadata: {} }, name: 'app', lifecycle: { prevent_destroy: true } });
    expect(json.resource.aws_lb_target_group.web).toEqual({ name: 'web', health_check: [{ path: '/' }] });
    expect(json.resource.aws_vpc_route_server).toBeUndefined();
    // write-only arguments fed by an ephemeral resource are in 5.100 and stay
    expect(json.resource.aws_rds_cluster.db.master_password_wo_version).toBe(1);
  });

  test('defers data source reads and ephemeral resources to apply, keeping their values', () => {
    expect(deferred).toEqual(['data.aws_ssm_parameter.password (read)', 'ephemeral.aws_secretsmanager_random_password.master (opened)']);
    expect(json.data.aws_ssm_parameter.password.depends_on).toEqual(['terraform_data.itsm_offline_plan']);
    expect(json.ephemeral.aws_secretsmanager_random_password.master).toEqual({
      password_length: '${terraform_data.itsm_offline_plan.id == "" ? 32 : 32}',
      exclude_punctuation: '${terraform_data.itsm_offline_plan.id == "" ? true : true}',
    });
    expect(json.resource.terraform_data).toEqual({ itsm_offline_plan: {} });
  });

  test('keeps the alias of an aliased provider (a meta-argument Terraform reads, in no provider schema)', () => {
    const input = stack();
    input.provider.aws.push({ alias: 'us_east_1', region: 'us-east-1' });
    const copy = check.offlineCopy(input, '5.100.0', SCHEMA);
    expect(copy.json.provider.aws[1]).toMatchObject({ alias: 'us_east_1', region: 'us-east-1' });
    expect(copy.unsupported.filter((u) => u.includes('alias'))).toEqual([]);
  });

  test('leaves the input untouched', () => {
    expect(stack().terraform.backend).toEqual({ s3: { bucket: 'state' } });
    const input = stack();
    check.offlineCopy(input, '5.100.0', SCHEMA);
    expect(input).toEqual(stack());
  });

  test('reports removed arguments by argument, and deferred reads by type, each with the names', () => {
    expect(check.summarizeUnsupported(['aws_a.x.foo', 'aws_a.y.foo', 'data.aws_b.z.bar.baz', 'aws_c.w: resource type aws_c (the whole block)'])).toEqual([
      'aws_a.foo on 2: x, y',
      'data.aws_b.bar.baz on 1: z',
      'resource type aws_c (the whole block) on 1: aws_c.w',
    ]);
    expect(check.summarizeDeferred(['data.aws_ami.a (read)', 'data.aws_ami.b (read)', 'ephemeral.aws_x.p (opened)'])).toEqual([
      'data.aws_ami read at apply (2): a, b',
      'ephemeral.aws_x opened at apply (1): p',
    ]);
  });
});

describe('finding terraform and the provider mirror', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'itsm-tf-mirror-'));
    // unpacked 5.100.0 and packed 5.99.1 under one mirror, a 6.0.0 for another platform only
    mkdirSync(join(root, 'm', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64'), { recursive: true });
    writeFileSync(join(root, 'm', 'registry.terraform.io', 'hashicorp', 'aws', 'terraform-provider-aws_5.99.1_linux_amd64.zip'), '');
    mkdirSync(join(root, 'n', 'registry.opentofu.org', 'hashicorp', 'aws', '6.0.0', 'darwin_arm64'), { recursive: true });
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'tofu'), '', { mode: 0o755 });
    writeFileSync(join(root, 'bin', 'terraform'), 'not executable', { mode: 0o644 });
  });

  test('finds mirrored versions for the platform, newest first', () => {
    expect(check.findProviderMirrors([join(root, 'm'), join(root, 'n'), join(root, 'missing')], 'linux_amd64')).toEqual([
      { dir: join(root, 'm'), host: 'registry.terraform.io', version: '5.100.0' },
      { dir: join(root, 'm'), host: 'registry.terraform.io', version: '5.99.1' },
    ]);
    expect(check.findProviderMirrors([join(root, 'n')], 'darwin_arm64')).toEqual([{ dir: join(root, 'n'), host: 'registry.opentofu.org', version: '6.0.0' }]);
  });

  test('installs from the mirror only', () => {
    expect(check.cliConfig({ dir: '/opt/tf-plugins', host: 'registry.terraform.io' })).toBe(
      'provider_installation {\n  filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n',
    );
  });

  test('finds terraform or tofu on PATH', () => {
    expect(check.findTerraform({ PATH: `${join(root, 'missing')}:${join(root, 'bin')}` })).toBe(join(root, 'bin', 'tofu'));
    expect(check.findTerraform({ PATH: join(root, 'missing') })).toBeUndefined();
  });

  test('without terraform or tofu on PATH it says that it skipped, and why, and succeeds', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, PATH: join(root, 'missing'), TERRAFORM_BINARY_NAME: '' } });
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 0,
      stdout: 'terraform check: skipped — neither terraform nor tofu is on PATH (install one to validate and plan every default stack here).\n',
    });
  });
});
