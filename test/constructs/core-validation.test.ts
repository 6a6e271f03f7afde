import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  accountIdProblem,
  addressPinner,
  alarmTopicKeyArnProblem,
  CustomerManagedKey,
  EncryptedLogGroup,
  ipv4CidrProblem,
  isLiteral,
  isResolved,
  kebabNameProblem,
  kmsArnRegion,
  kmsKeyArnProblem,
  logRetentionProblem,
  parseArn,
  regionProblem,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
  ValidationProblems,
  VPC_ID_PATTERN,
} from '../../constructs/core';
import { Json } from '../json';

/** An unresolved token of type string, as a Terraform variable gives it. */
function tokenString(): string {
  const stack = new TerraformStack(Testing.app(), 'tokens');
  return new TerraformVariable(stack, 'v', { type: 'string' }).stringValue;
}

describe('shared prop checks (constructs/core/validation.ts)', () => {
  test('isLiteral needs a known value; isResolved only rules out tokens', () => {
    expect([isLiteral('x'), isLiteral(undefined), isLiteral(tokenString())]).toEqual([true, false, false]);
    expect([isResolved('x'), isResolved(undefined), isResolved(tokenString())]).toEqual([true, true, false]);
  });

  test('resource ids: the prefix and 8 to 17 lower-case hex digits', () => {
    for (const [pattern, prefix] of [[SUBNET_ID_PATTERN, 'subnet'], [SECURITY_GROUP_ID_PATTERN, 'sg'], [VPC_ID_PATTERN, 'vpc']] as const) {
      expect(pattern.test(`${prefix}-0123abcd`)).toBe(true);
      expect(pattern.test(`${prefix}-0123456789abcdef0`)).toBe(true);
      expect(pattern.test(`${prefix}-0123ABCD`)).toBe(false);
      expect(pattern.test(`${prefix}-0123abc`)).toBe(false);
      expect(pattern.test(`x${prefix}-0123abcd`)).toBe(false);
    }
  });

  test('account ids: exactly 12 digits; tokens pass', () => {
    expect(accountIdProblem('123456789012')).toBeUndefined();
    expect(accountIdProblem(tokenString())).toBeUndefined();
    expect(accountIdProblem('1234')).toBe('accountId "1234" is invalid; an AWS account id is exactly 12 digits, e.g. "123456789012"');
    expect(accountIdProblem('12345678901a', 'peerAccountId')).toMatch(/^peerAccountId "12345678901a" is invalid/);
  });

  test('region names: partition prefixes and numbers; anything else is named with an example', () => {
    for (const region of ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1']) {
      expect(regionProblem(region)).toBeUndefined();
    }
    expect(regionProblem(tokenString())).toBeUndefined();
    expect(regionProblem('useast1')).toBe('region "useast1" is invalid; expected an AWS region name such as "us-east-1" or "eu-central-1"');
    expect(regionProblem('US-EAST-1', 'replicationDestination.region')).toMatch(/^replicationDestination\.region "US-EAST-1" is invalid/);
  });

  test('kebab names: charset and length, and a token is a problem (names are computed at synth time)', () => {
    expect(kebabNameProblem('prod-us-east-1', { maxLength: 50 })).toBeUndefined();
    expect(kebabNameProblem('Prod_1', { maxLength: 50 })).toBe(
      'name "Prod_1" is invalid; use lower-case letters, digits and single hyphens, at most 50 characters, e.g. "prod-us-east-1"',
    );
    expect(kebabNameProblem('a'.repeat(11), { maxLength: 10, example: 'prod-global' })).toMatch(/at most 10 characters, e\.g\. "prod-global"$/);
    expect(kebabNameProblem('a--b', { maxLength: 10 })).toMatch(/single hyphens/);
    expect(kebabNameProblem(tokenString(), { maxLength: 10 })).toMatch(/^name must be a literal string/);
  });

  test('KMS key ARNs: a key ARN passes; an alias or a key id is named, with who needs the key ARN', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(kmsKeyArnProblem(keyArn, 'logsKmsKeyArn', 'CloudWatch Logs needs')).toBeUndefined();
    expect(kmsKeyArnProblem(undefined, 'logsKmsKeyArn', 'CloudWatch Logs needs')).toBeUndefined();
    expect(kmsKeyArnProblem('alias/logs', 'logsKmsKeyArn', 'CloudWatch Logs needs')).toBe(
      'logsKmsKeyArn "alias/logs" is not a KMS key ARN; CloudWatch Logs needs the key ARN ' +
        '(arn:aws:kms:<region>:<account>:key/<key-id>), not an alias or key id',
    );
    expect(kmsArnRegion(keyArn)).toBe('us-east-1');
    expect(kmsArnRegion('arn:aws:kms:eu-west-1:123456789012:alias/prod-attachments')).toBe('eu-west-1');
    expect(kmsArnRegion('alias/x')).toBeUndefined();
  });

  test('alarm topic keys: key or alias ARNs pass; AWS-managed keys cannot publish alarms', () => {
    expect(alarmTopicKeyArnProblem('arn:aws:kms:us-east-1:123456789012:alias/prod-alarms', 'kmsKeyArn')).toBeUndefined();
    expect(alarmTopicKeyArnProblem('arn:aws:kms:us-east-1:123456789012:alias/aws/sns', 'kmsKeyArn')).toMatch(
      /is an AWS-managed key; CloudWatch alarms cannot use it to publish — pass a customer-managed key ARN or omit kmsKeyArn/,
    );
    expect(alarmTopicKeyArnProblem('1234abcd', 'alarmTopicKmsKeyArn', 'us-east-1')).toBe(
      'alarmTopicKmsKeyArn "1234abcd" is not a KMS key or alias ARN; expected arn:aws:kms:us-east-1:<account>:key/<key-id> (or :alias/<name>)',
    );
  });

  test('ARNs: split by service, with region and account checked', () => {
    expect(parseArn('arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api', 'cloudwatch')).toEqual({
      partition: 'aws',
      service: 'cloudwatch',
      region: 'us-east-1',
      accountId: '123456789012',
      resource: 'alarm:prod-api',
    });
    expect(parseArn('arn:aws-us-gov:iam::123456789012:server-certificate/x', 'iam')).toMatchObject({ region: '', resource: 'server-certificate/x' });
    expect(parseArn('arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api', 'acm')).toBeUndefined();
    expect(parseArn('arn:aws:cloudwatch:USEAST:123456789012:alarm:x', 'cloudwatch')).toBeUndefined();
    expect(parseArn('arn:aws:cloudwatch:us-east-1:1234:alarm:x', 'cloudwatch')).toBeUndefined();
    expect(parseArn('not-an-arn', 'cloudwatch')).toBeUndefined();
  });

  test('IPv4 CIDRs: network address required, the fix named', () => {
    expect(ipv4CidrProblem('10.0.0.0/16', 'vpcCidrBlock')).toBeUndefined();
    expect(ipv4CidrProblem(tokenString(), 'vpcCidrBlock')).toBeUndefined();
    expect(ipv4CidrProblem('10.0.1.0/16', 'vpcCidrBlock')).toMatch(/^vpcCidrBlock is invalid: "10\.0\.1\.0\/16" has host bits set.*Did you mean 10\.0\.0\.0\/16\?$/);
    expect(ipv4CidrProblem('10.0.0.300/16', 'cidrBlock')).toMatch(/^cidrBlock is invalid: "10\.0\.0\.300\/16" is not a valid IPv4 CIDR/);
  });

  test('log retention: one of the values CloudWatch Logs accepts', () => {
    expect(logRetentionProblem(365, 'flowLogRetentionDays')).toBeUndefined();
    expect(logRetentionProblem(undefined, 'flowLogRetentionDays')).toBeUndefined();
    expect(logRetentionProblem(100, 'flowLogRetentionDays')).toMatch(/^flowLogRetentionDays 100 is not accepted by CloudWatch Logs; use one of 1, 3, 5, .*3653$/);
  });

  test('isLiteral: undefined and tokens are not literal', () => {
    expect(isLiteral('x')).toBe(true);
    expect(isLiteral(0)).toBe(true);
    expect(isLiteral(undefined)).toBe(false);
    expect(isLiteral(tokenString())).toBe(false);
  });

  test('ValidationProblems reports every problem in one error, in the order found', () => {
    const problems = new ValidationProblems();
    problems.add(undefined);
    problems.throwIfAny('Thing', 'stack/thing'); // nothing yet: no throw
    problems.add(accountIdProblem('1'));
    problems.addIf(true, () => 'second problem');
    problems.addIf(false, () => 'never');
    problems.add(regionProblem('x'));
    expect(problems.list).toHaveLength(3);
    expect(() => problems.throwIfAny('Thing', 'stack/thing')).toThrow(
      'Thing stack/thing: accountId "1" is invalid; an AWS account id is exactly 12 digits, e.g. "123456789012"; second problem; ' +
        'region "x" is invalid; expected an AWS region name such as "us-east-1" or "eu-central-1".',
    );
  });
});

describe('CustomerManagedKey and EncryptedLogGroup (constructs/core)', () => {
  function synthOwner(build: (scope: TerraformStack) => void): Json {
    const stack = new TerraformStack(Testing.app(), 'owner');
    build(stack);
    return JSON.parse(Testing.synth(stack)) as Json;
  }

  test('the key rotates, waits 30 days to delete, is protected from destroy, and has its alias as a sibling', () => {
    // GIVEN / WHEN
    let arn = '';
    const json = synthOwner((stack) => {
      const key = new CustomerManagedKey(stack, 'LogsKey', {
        description: 'Encrypts the logs.',
        policy: { Version: '2012-10-17', Statement: [{ Sid: 'B' }, { Sid: 'A' }] },
        aliasName: 'alias/prod-logs',
        tags: { Name: 'prod-logs' },
        pin: addressPinner('network'),
        addressParts: ['logs'],
      });
      arn = key.arn;
      expect(key.alias.node.path).toBe('owner/LogsKeyAlias');
      expect(key.node.path).toBe('owner/LogsKey');
    });

    // THEN
    const key = json.resource.aws_kms_key.network_logs;
    expect(key).toMatchObject({
      description: 'Encrypts the logs.',
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
      tags: { Name: 'prod-logs' },
    });
    expect(key.policy).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"B"},{"Sid":"A"}]}');
    expect(json.resource.aws_kms_alias.network_logs).toMatchObject({ name: 'alias/prod-logs', target_key_id: '${aws_kms_key.network_logs.key_id}' });
    expect(arn).toMatch(/^\$\{TfToken/);
  });

  test('alias id and provider can be given (EbsKey names its alias "Alias"; global stacks pass a region provider)', () => {
    const json = synthOwner((stack) => {
      const provider = new AwsProvider(stack, 'metrics', { region: 'us-east-1', alias: 'metrics' });
      const key = new CustomerManagedKey(stack, 'Key', {
        description: 'd',
        policy: {},
        aliasName: 'alias/prod-ebs',
        aliasId: 'Alias',
        tags: {},
        pin: addressPinner('ebs'),
        provider,
      });
      expect(key.alias.node.path).toBe('owner/Alias');
    });
    expect(json.resource.aws_kms_key.ebs.provider).toBe('aws.metrics');
    expect(json.resource.aws_kms_alias.ebs).toMatchObject({ provider: 'aws.metrics', name: 'alias/prod-ebs' });
  });

  test('an alias name outside alias/ or under alias/aws/ is refused', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    const props = { description: 'd', policy: {}, tags: {} };
    // Each case its own address: the key of a refused case stays in the tree, holding its address.
    expect(() => new CustomerManagedKey(stack, 'A', { ...props, pin: addressPinner('a'), aliasName: 'prod-logs' })).toThrow(/aliasName "prod-logs" must be "alias\/<name>"/);
    expect(() => new CustomerManagedKey(stack, 'B', { ...props, pin: addressPinner('b'), aliasName: 'alias/aws/sns' })).toThrow(/not under alias\/aws\//);
  });

  test('the log group is encrypted with the given key, keeps logs for a finite time and is protected from destroy', () => {
    const json = synthOwner((stack) => {
      new EncryptedLogGroup(stack, 'FlowLogGroup', {
        name: '/itsm-scale/prod/vpc-flow-logs',
        retentionInDays: 365,
        kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
        tags: { Name: 'prod-vpc-flow-logs' },
        pin: addressPinner('network'),
        addressParts: ['flow_logs'],
      });
      new EncryptedLogGroup(stack, 'DbLogGroup', {
        name: '/aws/rds/cluster/x/postgresql',
        retentionInDays: 30,
        kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
        tags: {},
        deletionProtectionEnabled: true,
        pin: addressPinner('db'),
      });
    });
    const groups = json.resource.aws_cloudwatch_log_group;
    expect(groups.network_flow_logs).toMatchObject({
      name: '/itsm-scale/prod/vpc-flow-logs',
      retention_in_days: 365,
      kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      lifecycle: { prevent_destroy: true },
    });
    expect(groups.network_flow_logs).not.toHaveProperty('deletion_protection_enabled');
    expect(groups.db).toMatchObject({ deletion_protection_enabled: true, retention_in_days: 30 });
  });

  test('a retention CloudWatch Logs does not accept is refused', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    expect(
      () =>
        new EncryptedLogGroup(stack, 'Group', { name: 'g', retentionInDays: 100, kmsKeyArn: 'k', tags: {}, pin: addressPinner('g') }),
    ).toThrow(/EncryptedLogGroup bad\/Group: retentionInDays 100 is not accepted by CloudWatch Logs/);
  });
});
