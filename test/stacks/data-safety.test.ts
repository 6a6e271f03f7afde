/**
 * Data-safety invariants of the default environments' synthesized stacks (issue 15): backups that work and cannot
 * be deleted early, and service roles only their service, acting for this account, can assume.
 */
import { DEFAULT_BREAK_GLASS_ROLE_NAME as CONSTRUCT_DEFAULT, PROTECTED_VAULT_ACTIONS } from '../../constructs/backup-vault';
import { BackupSettings, DEFAULT_BREAK_GLASS_ROLE_NAME } from '../../model/schema';
import { Json } from '../json';
import { coreStacks, repoProject, resourcesOf, TerraformJson } from './helpers';

let stacks: Record<string, TerraformJson>;
beforeAll(() => {
  stacks = coreStacks();
});

const regional = () => Object.entries(stacks).filter(([name]) => !name.endsWith('-global'));
const ofType = (json: TerraformJson, type: string): Record<string, Json> => (json.resource?.[type] ?? {}) as Record<string, Json>;
const tierOf = (stack: string) => repoProject().environments.get(stack.split('-')[0]!)!.value.tier;

describe('backups of the default environments', () => {
  test('every stack that tags S3 buckets for backup gives the backup role the S3 backup and restore policies', () => {
    let checked = 0;
    for (const [name, json] of regional()) {
      const tagged = Object.values(ofType(json, 'aws_s3_bucket')).some((bucket) => bucket.tags?.['backup-plan'] !== undefined);
      if (!tagged) continue;
      const arns = Object.values(ofType(json, 'aws_iam_role_policy_attachment'))
        .filter((a) => a.role === '${aws_iam_role.backup.name}')
        .map((a) => a.policy_arn as string);
      expect({ name, arns }).toEqual({
        name,
        arns: expect.arrayContaining([
          'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup',
          'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Restore',
        ]),
      });
      checked++;
    }
    expect(checked).toBe(5);
  });

  test('vault locks are in governance mode outside production and in compliance mode (3-day cooling-off) in production', () => {
    const modes = Object.fromEntries(
      regional().map(([name, json]) => {
        const lock = ofType(json, 'aws_backup_vault_lock_configuration').backup!;
        return [name, lock.changeable_for_days === undefined ? 'governance' : `compliance ${lock.changeable_for_days}`];
      }),
    );
    expect(modes).toEqual({
      'dev-us-east-1': 'governance',
      'staging-us-east-1': 'governance',
      'staging-us-west-2': 'governance',
      'prod-us-east-1': 'compliance 3',
      'prod-us-west-2': 'compliance 3',
    });
    for (const name of Object.keys(modes)) expect(modes[name]!.startsWith('compliance')).toBe(tierOf(name) === 'production');
  });

  test('every vault has an access policy denying deletion and lifecycle changes to all but the break-glass role', () => {
    for (const [name, json] of regional()) {
      const policy = ofType(json, 'aws_backup_vault_policy').backup;
      expect({ name, vault: policy?.backup_vault_name }).toEqual({ name, vault: '${aws_backup_vault.backup.name}' });
      const [statement, ...rest] = (JSON.parse(policy!.policy as string) as Json).Statement as Json[];
      expect(rest).toEqual([]);
      expect(statement).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Resource: '*' });
      expect(statement!.Action).toEqual(expect.arrayContaining(['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVault']));
      expect(statement!.Action).toEqual([...PROTECTED_VAULT_ACTIONS]);
      const account = repoProject().environments.get(name.split('-')[0]!)!.value.account;
      expect(statement!.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${DEFAULT_BREAK_GLASS_ROLE_NAME}` } });
    }
  });

  test('no backup rule or copy asks for cold storage: the stacks back up Aurora clusters and S3 buckets, which do not support it', () => {
    for (const [name, json] of regional()) {
      const selected = resourcesOf(json)
        .filter(([, body]) => (body.tags as Json | undefined)?.['backup-plan'] !== undefined)
        .map(([address]) => address.split('.')[0]);
      expect({ name, types: [...new Set(selected)].sort() }).toEqual({ name, types: ['aws_rds_cluster', 'aws_s3_bucket'] });
      for (const rule of ofType(json, 'aws_backup_plan').backup!.rule as Json[]) {
        expect({ name, rule: rule.rule_name, cold: rule.lifecycle.cold_storage_after }).toEqual({ name, rule: rule.rule_name, cold: undefined });
        for (const copy of rule.copy_action ?? []) expect(copy.lifecycle.cold_storage_after).toBeUndefined();
      }
    }
  });

  test('the break-glass role name is an environment input with one default, validated as an IAM role name', () => {
    expect(DEFAULT_BREAK_GLASS_ROLE_NAME).toBe(CONSTRUCT_DEFAULT);
    expect(BackupSettings.parse({})).toEqual({ breakGlassRoleName: 'itsm-scale-backup-break-glass' });
    expect(BackupSettings.parse({ breakGlassRoleName: 'BackupBreakGlass' }).breakGlassRoleName).toBe('BackupBreakGlass');
    const bad = BackupSettings.safeParse({ breakGlassRoleName: 'role/with/path' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/must be an IAM role name: 1-64 letters, digits or "\+=,\.@_-", without a path/);
  });
});

describe('service-principal trust policies', () => {
  // EC2 instance roles are the exception: EC2 delivers their credentials through the instance profile, the
  // condition keys are not set for that, and iam:PassRole decides who may attach the role to an instance.
  const EXEMPT = new Set(['ec2.amazonaws.com']);

  test('every role a service assumes carries aws:SourceAccount or aws:SourceArn (confused-deputy guard)', () => {
    const unguarded: string[] = [];
    let guarded = 0;
    for (const [name, json] of Object.entries(stacks)) {
      for (const [roleName, role] of Object.entries(ofType(json, 'aws_iam_role'))) {
        for (const statement of (JSON.parse(role.assume_role_policy as string) as Json).Statement as Json[]) {
          const services = [statement.Principal?.Service ?? []].flat() as string[];
          if (services.length === 0 || services.every((service) => EXEMPT.has(service))) continue;
          const keys = Object.values((statement.Condition ?? {}) as Json).flatMap((entries) => Object.keys(entries as Json));
          if (keys.includes('aws:SourceAccount') || keys.includes('aws:SourceArn')) guarded++;
          else unguarded.push(`${name} aws_iam_role.${roleName} (${services.join(', ')})`);
        }
      }
    }
    expect(unguarded).toEqual([]);
    expect(guarded).toBeGreaterThan(10);
  });
});

describe('no secret in state or plan', () => {
  /** Arguments whose names mention passwords or secrets but hold none (settings, key ids, write-only versions). */
  const HARMLESS = /^(manage_master_user_password|master_user_secret_kms_key_id|master_username|password_length|secret_id|secret_string_wo_version|master_password_wo_version|[a-z_]+_wo_version|recovery_window_in_days)$/;
  const SECRETISH = /(^|_)(password|passwd|secret|secret_string|client_secret|auth_token|private_key)(_|$)/;

  /** Every [path, key, value] of a resource body, nested blocks included. */
  function* entries(value: unknown, path: string): Generator<[string, string, unknown]> {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) yield* entries(item, `${path}[${i}]`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === '//') continue;
        yield [`${path}.${key}`, key, item];
        yield* entries(item, `${path}.${key}`);
      }
    }
  }

  test('no resource argument holds a password or reads one through a data source; ephemeral values reach write-only arguments only', () => {
    const problems: string[] = [];
    let writeOnly = 0;
    for (const [name, json] of Object.entries(stacks)) {
      for (const [address, body] of resourcesOf(json)) {
        for (const [path, key, value] of entries(body, `${name} ${address}`)) {
          const text = typeof value === 'string' ? value : undefined;
          if (key.endsWith('_wo')) {
            writeOnly++;
            continue;
          }
          if (SECRETISH.test(key) && !HARMLESS.test(key) && (typeof value === 'string' || typeof value === 'number')) problems.push(`${path} holds a value`);
          if (text?.includes('${ephemeral.')) problems.push(`${path} is not write-only but reads an ephemeral value`);
          if (text !== undefined && /\$\{data\.(aws_ssm_parameter|aws_secretsmanager_secret_version|aws_secretsmanager_random_password)\./.test(text)) {
            problems.push(`${path} reads ${text} through a data source`);
          }
        }
      }
      const data = ((json as Json).data ?? {}) as Record<string, Record<string, Json>>;
      for (const [type, byName] of Object.entries(data)) {
        for (const [dataName, body] of Object.entries(byName)) {
          if (type === 'aws_secretsmanager_secret_version' || type === 'aws_secretsmanager_random_password') problems.push(`${name} data.${type}.${dataName} reads a secret into the state`);
          // Plain parameters (image ids) are fine; one named like a secret would put its value in the state.
          if (type === 'aws_ssm_parameter' && /pass|secret|token|credential|private/i.test(String(body.name))) {
            problems.push(`${name} data.${type}.${dataName} (${body.name}) reads a secret into the state`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // The walk saw the write-only passwords: at least every global primary cluster's master_password_wo.
    const globalPrimaries = Object.values(stacks)
      .flatMap((json) => Object.values(json.resource?.aws_rds_cluster ?? {}))
      .filter((cluster) => cluster.global_cluster_identifier !== undefined && cluster.master_username !== undefined).length;
    expect(globalPrimaries).toBeGreaterThan(1);
    expect(writeOnly).toBeGreaterThanOrEqual(globalPrimaries);
  });

  test('the global database primaries get their password write-only from an ephemeral resource; secondaries need none', () => {
    for (const [name, json] of regional()) {
      const ephemeral = ((json as Json).ephemeral?.aws_secretsmanager_random_password ?? {}) as Record<string, Json>;
      for (const [id, cluster] of Object.entries(ofType(json, 'aws_rds_cluster'))) {
        const where = `${name} aws_rds_cluster.${id}`;
        if (cluster.global_cluster_identifier === undefined) {
          // Regional clusters: RDS manages the password in Secrets Manager.
          expect({ where, managed: cluster.manage_master_user_password }).toEqual({ where, managed: true });
        } else if (cluster.master_username === undefined) {
          // Secondary members replicate the primary, users included.
          expect({ where, wo: cluster.master_password_wo, password: cluster.master_password }).toEqual({ where, wo: undefined, password: undefined });
        } else {
          const match = /^\$\{ephemeral\.aws_secretsmanager_random_password\.([a-z0-9_]+)\.random_password\}$/.exec(cluster.master_password_wo as string);
          expect({ where, ephemeral: match !== null && ephemeral[match[1]!] !== undefined, version: cluster.master_password_wo_version }).toEqual({ where, ephemeral: true, version: 1 });
        }
      }
    }
    expect(stacks['prod-us-east-1']!.terraform?.required_version).toBe('>= 1.11');
  });
});
