import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ApplicationKey } from '../../constructs/application-key';
import { moduleSecretArnPattern, moduleSecretName, RuntimeConfig, RuntimeConfigProps } from '../../constructs/runtime-config';

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };

const base: RuntimeConfigProps = {
  name: 'prod-us-east-1',
  module: 'incident',
  accountId: '333333333333',
  region: 'us-east-1',
  path: '/itsm-scale/prod-us-east-1/config/incident',
  parameters: { database: '{"group":"tickets"}', attachments: '{"bucket":"b","prefix":"incident/"}' },
};

function synth(props: Partial<RuntimeConfigProps> = {}): Json {
  return JSON.parse(Testing.synthScope((scope: Construct) => new RuntimeConfig(scope, 'config-incident', { ...base, ...props }))) as Json;
}

describe('RuntimeConfig', () => {
  test('defaults: one String parameter per value under the path, tagged with the module; no secrets', () => {
    const json = synth();
    const parameters = json.resource.aws_ssm_parameter!;
    expect(Object.keys(parameters).sort()).toEqual(['config_incident_attachments', 'config_incident_database']);
    expect(parameters.config_incident_database).toMatchObject({
      name: '/itsm-scale/prod-us-east-1/config/incident/database',
      type: 'String',
      tier: 'Intelligent-Tiering',
      value: '{"group":"tickets"}',
      tags: expect.objectContaining({ module: 'incident' }),
    });
    expect(json.resource.aws_secretsmanager_secret).toBeUndefined();
  });

  test('secrets: one KMS-encrypted secret per key without a value, and their ARNs published under "secrets"', () => {
    const json = synth({ secrets: { database: 'the module database user' }, secretsKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/app' });
    expect(json.resource.aws_secretsmanager_secret!.config_incident_database).toMatchObject({
      name: 'itsm-scale/prod-us-east-1/incident/database',
      kms_key_id: 'arn:aws:kms:us-east-1:333333333333:key/app',
      recovery_window_in_days: 30,
    });
    // Terraform never holds the value.
    expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(json.resource.aws_ssm_parameter!.config_incident_secrets!.value).toBe('{"database":"${aws_secretsmanager_secret.config_incident_database.arn}"}');
  });

  test('secret names and ARN patterns are derived, so a policy can name them before they exist', () => {
    expect(moduleSecretName('prod-us-east-1', 'incident', 'database')).toBe('itsm-scale/prod-us-east-1/incident/database');
    expect(moduleSecretArnPattern('333333333333', 'us-east-1', 'prod-us-east-1', 'incident', 'database')).toBe(
      'arn:aws:secretsmanager:us-east-1:333333333333:secret:itsm-scale/prod-us-east-1/incident/database-??????',
    );
  });

  test('throws, reporting every problem at once', () => {
    expect(() => synth({ path: 'config/', parameters: { secrets: 'x', Bad: 'y' }, secrets: { database: 'd' } })).toThrow(
      /path "config\/" must be an SSM path.*; key "Bad" must be lower-case kebab-case.*; parameter "secrets" is reserved.*; secrets need secretsKmsKeyArn/,
    );
    expect(() => synth({ parameters: {} })).toThrow(/parameters is empty/);
  });
});

describe('ApplicationKey', () => {
  test('rotating, kept key that CloudWatch Logs may use only for the fleets\' log groups; no other principal named', () => {
    const json = JSON.parse(Testing.synthScope((scope: Construct) => new ApplicationKey(scope, 'app', { name: 'prod-us-east-1', accountId: '333333333333', region: 'us-east-1' }))) as Json;
    const key = json.resource.aws_kms_key!.app!;
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const policy = JSON.parse(String(key.policy)) as { Statement: { Sid: string; Principal: unknown; Condition?: unknown }[] };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['EnableAccountRootAdministration', 'AllowCloudWatchLogsUseForApplicationLogs']);
    expect(policy.Statement[1]!.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:333333333333:log-group:/itsm-scale/prod-us-east-1/app/*' } });
    expect(json.resource.aws_kms_alias!.app!.name).toBe('alias/prod-us-east-1-app');
  });

  test('logGroupNamePattern narrows or moves the logs grant', () => {
    const json = JSON.parse(
      Testing.synthScope((scope: Construct) => new ApplicationKey(scope, 'app', { name: 'prod-us-east-1', accountId: '333333333333', region: 'us-east-1', logGroupNamePattern: '/custom/*' })),
    ) as Json;
    expect(String(json.resource.aws_kms_key!.app!.policy)).toContain('log-group:/custom/*');
  });
});
