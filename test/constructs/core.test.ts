import { TerraformStack, Testing } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import {
  accountRootAdministrationStatement,
  accountRootArn,
  addressPinner,
  alarmArn,
  cloudWatchAlarmsKeyPolicy,
  cloudWatchAlarmsTopicPolicy,
  cloudWatchLogsKeyUseStatement,
  denyInsecureTransportStatement,
  byCodeUnit,
  byCodeUnitIgnoringCase,
  ENVELOPE_ENCRYPTION_ACTIONS,
  isKnownTimeZone,
  LOGS_KEY_ACTIONS,
  logDeliveryResourcePolicy,
  logGroupArn,
  mergeTags,
  nameTagger,
  policyDocument,
  POLICY_VERSION,
  servicePrincipalKeyUseStatement,
  servicePublishStatement,
  serviceTrustPolicy,
  sourceAccountCondition,
  viaServiceCondition,
} from '../../constructs/core';
import { dnsAlarmsKeyPolicy } from '../../constructs/dns-failover';
import { alarmsKeyPolicy } from '../../constructs/monitoring';
import { Json } from '../json';

const ACCOUNT = '123456789012';

describe('policy documents (constructs/core/policy.ts)', () => {
  test('policyDocument writes Version first and copies the statements in order', () => {
    // GIVEN
    const statements = [{ Sid: 'A' }, { Sid: 'B' }];

    // WHEN
    const doc = policyDocument(statements) as Json;

    // THEN
    expect(Object.keys(doc)).toEqual(['Version', 'Statement']);
    expect(doc.Version).toBe('2012-10-17');
    expect(POLICY_VERSION).toBe('2012-10-17');
    expect(doc.Statement).toEqual([{ Sid: 'A' }, { Sid: 'B' }]);
    expect(doc.Statement).not.toBe(statements);
  });

  test('accountRootArn uses the partition', () => {
    expect(accountRootArn('aws', ACCOUNT)).toBe('arn:aws:iam::123456789012:root');
    expect(accountRootArn('aws-cn', ACCOUNT)).toBe('arn:aws-cn:iam::123456789012:root');
  });

  test('sourceAccountCondition has only StringEquals without a source ARN', () => {
    // WHEN
    const condition = sourceAccountCondition(ACCOUNT) as Json;

    // THEN
    expect(condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
    expect(Object.keys(condition)).toEqual(['StringEquals']);
  });

  test('sourceAccountCondition adds ArnLike after StringEquals for one pattern or a list', () => {
    // WHEN
    const one = sourceAccountCondition(ACCOUNT, 'arn:aws:fis:us-east-1:123456789012:experiment/*') as Json;
    const many = sourceAccountCondition(ACCOUNT, ['arn:a', 'arn:b']) as Json;

    // THEN
    expect(Object.keys(one)).toEqual(['StringEquals', 'ArnLike']);
    expect(one.ArnLike).toEqual({ 'aws:SourceArn': 'arn:aws:fis:us-east-1:123456789012:experiment/*' });
    expect(many.ArnLike).toEqual({ 'aws:SourceArn': ['arn:a', 'arn:b'] });
  });

  test('denyInsecureTransportStatement denies everyone the actions without TLS, keys in a fixed order', () => {
    // WHEN
    const statement = denyInsecureTransportStatement(['SNS:Publish', 'SNS:Subscribe'], 'arn:aws:sns:us-east-1:123456789012:t');

    // THEN
    expect(JSON.stringify(statement)).toBe(
      '{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["SNS:Publish","SNS:Subscribe"],' +
        '"Resource":"arn:aws:sns:us-east-1:123456789012:t","Condition":{"Bool":{"aws:SecureTransport":"false"}}}',
    );
  });

  test('serviceTrustPolicy without options has neither Sid nor Condition', () => {
    // WHEN
    const doc = serviceTrustPolicy('backup.amazonaws.com') as Json;

    // THEN
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  test('serviceTrustPolicy puts Sid first and Condition last', () => {
    // WHEN
    const doc = serviceTrustPolicy('fis.amazonaws.com', { sid: 'AllowFis', condition: sourceAccountCondition(ACCOUNT) }) as Json;

    // THEN
    expect(doc.Statement).toHaveLength(1);
    expect(Object.keys(doc.Statement[0])).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Condition']);
    expect(doc.Statement[0].Sid).toBe('AllowFis');
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
  });
});

describe('KMS key policies (constructs/core/kms-policy.ts)', () => {
  test('accountRootAdministrationStatement defaults to kms:* under EnableAccountRootAdministration', () => {
    // WHEN
    const statement = accountRootAdministrationStatement('aws', ACCOUNT);

    // THEN
    expect(JSON.stringify(statement)).toBe(
      '{"Sid":"EnableAccountRootAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},' +
        '"Action":"kms:*","Resource":"*"}',
    );
  });

  test('accountRootAdministrationStatement takes another Sid and action list', () => {
    // WHEN
    const statement = accountRootAdministrationStatement('aws-us-gov', ACCOUNT, { sid: 'AccountAdministers', actions: ['kms:Create*', 'kms:Get*'] }) as Json;

    // THEN
    expect(statement.Sid).toBe('AccountAdministers');
    expect(statement.Action).toEqual(['kms:Create*', 'kms:Get*']);
    expect(statement.Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::123456789012:root' });
  });

  test('cloudWatchLogsKeyUseStatement scopes the regional Logs principal to one log group with ArnEquals', () => {
    // WHEN
    const statement = cloudWatchLogsKeyUseStatement({
      sid: 'AllowCloudWatchLogsUseForWafLogs',
      partition: 'aws',
      accountId: ACCOUNT,
      region: 'eu-west-1',
      logGroupName: 'aws-waf-logs-prod',
      match: 'ArnEquals',
    });

    // THEN
    expect(JSON.stringify(statement)).toBe(
      '{"Sid":"AllowCloudWatchLogsUseForWafLogs","Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},' +
        '"Action":["kms:Encrypt*","kms:Decrypt*","kms:ReEncrypt*","kms:GenerateDataKey*","kms:Describe*"],"Resource":"*",' +
        '"Condition":{"ArnEquals":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-prod"}}}',
    );
  });

  test('cloudWatchLogsKeyUseStatement uses ArnLike for a pattern, and its action list is a copy', () => {
    // WHEN
    const statement = cloudWatchLogsKeyUseStatement({
      sid: 'S',
      partition: 'aws',
      accountId: ACCOUNT,
      region: 'us-east-1',
      logGroupName: '/aws/rds/cluster/prod-*',
      match: 'ArnLike',
    }) as Json;
    statement.Action.push('kms:Sign');

    // THEN
    expect(statement.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/cluster/prod-*' },
    });
    expect(LOGS_KEY_ACTIONS).not.toContain('kms:Sign');
    expect(LOGS_KEY_ACTIONS).toHaveLength(5);
  });

  test('ENVELOPE_ENCRYPTION_ACTIONS lists use, not administration or grants', () => {
    expect(ENVELOPE_ENCRYPTION_ACTIONS).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
  });

  test('viaServiceCondition writes CallerAccount before ViaService', () => {
    // WHEN
    const condition = viaServiceCondition(ACCOUNT, ['rds.us-east-1.amazonaws.com', 'backup.us-east-1.amazonaws.com']) as Json;

    // THEN
    expect(JSON.stringify(condition)).toBe(
      '{"StringEquals":{"kms:CallerAccount":"123456789012","kms:ViaService":["rds.us-east-1.amazonaws.com","backup.us-east-1.amazonaws.com"]}}',
    );
  });

  test('servicePrincipalKeyUseStatement grants a service principal the actions under the condition', () => {
    // WHEN
    const statement = servicePrincipalKeyUseStatement({
      sid: 'AllowBackup',
      service: 'backup.amazonaws.com',
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:t' } },
    }) as Json;

    // THEN
    expect(Object.keys(statement)).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
    expect(statement.Principal).toEqual({ Service: 'backup.amazonaws.com' });
    expect(statement.Action).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    expect(statement.Resource).toBe('*');
  });

  test('cloudWatchAlarmsKeyPolicy: root administration plus CloudWatch for this account only', () => {
    // WHEN
    const doc = cloudWatchAlarmsKeyPolicy('aws', ACCOUNT);

    // THEN
    expect(JSON.stringify(doc)).toBe(
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"EnableAccountRootAdministration","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},' +
        '{"Sid":"AllowCloudWatchAlarmsToPublishEncrypted","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},' +
        '"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}',
    );
  });

  test("Monitoring's and DnsFailover's exported key-policy helpers are the shared one", () => {
    expect(alarmsKeyPolicy('aws-cn', ACCOUNT)).toEqual(cloudWatchAlarmsKeyPolicy('aws-cn', ACCOUNT));
    expect(dnsAlarmsKeyPolicy('aws-cn', ACCOUNT)).toEqual(cloudWatchAlarmsKeyPolicy('aws-cn', ACCOUNT));
  });
});

describe('CloudWatch Logs policies (constructs/core/logs-policy.ts)', () => {
  test('logGroupArn builds the log group ARN, patterns allowed', () => {
    expect(logGroupArn('aws', 'us-west-2', ACCOUNT, '/itsm-scale/prod/fis')).toBe('arn:aws:logs:us-west-2:123456789012:log-group:/itsm-scale/prod/fis');
    expect(logGroupArn('aws-cn', 'cn-north-1', ACCOUNT, '*')).toBe('arn:aws-cn:logs:cn-north-1:123456789012:log-group:*');
  });

  test('logDeliveryResourcePolicy lets only the delivery service write to the one group, for this account', () => {
    // WHEN
    const doc = logDeliveryResourcePolicy({
      sid: 'AllowWafLogDelivery',
      partition: 'aws',
      accountId: ACCOUNT,
      region: 'us-east-1',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-prod',
    });

    // THEN
    expect(JSON.stringify(doc)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AllowWafLogDelivery","Effect":"Allow",' +
        '"Principal":{"Service":"delivery.logs.amazonaws.com"},"Action":["logs:CreateLogStream","logs:PutLogEvents"],' +
        '"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-prod:*",' +
        '"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},"ArnLike":{"aws:SourceArn":"arn:aws:logs:us-east-1:123456789012:*"}}}]}',
    );
  });
});

describe('alarm topic policies (constructs/core/topic-policy.ts)', () => {
  test('alarmArn builds the alarm ARN', () => {
    expect(alarmArn('aws', 'us-east-1', ACCOUNT, 'high-5xx')).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:high-5xx');
  });

  test('cloudWatchAlarmsTopicPolicy: CloudWatch publishes for matching alarms; plain HTTP is denied', () => {
    // WHEN
    const doc = cloudWatchAlarmsTopicPolicy(ACCOUNT, 'arn:aws:sns:us-east-1:123456789012:alarms', alarmArn('aws', 'us-east-1', ACCOUNT, '*'));

    // THEN
    expect(JSON.stringify(doc)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AllowCloudWatchAlarmsToPublish","Effect":"Allow",' +
        '"Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:alarms",' +
        '"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}},' +
        '{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:alarms",' +
        '"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
    );
  });

  test('cloudWatchAlarmsTopicPolicy keeps a list of alarm ARN patterns as a list', () => {
    // WHEN
    const doc = cloudWatchAlarmsTopicPolicy(ACCOUNT, 'arn:t', ['arn:aws:cloudwatch:*:123456789012:alarm:a']) as Json;

    // THEN
    expect(doc.Statement[0].Condition.ArnLike).toEqual({ 'aws:SourceArn': ['arn:aws:cloudwatch:*:123456789012:alarm:a'] });
  });
});

describe('servicePublishStatement (constructs/core/topic-policy.ts)', () => {
  test('defaults to sns:Publish and writes no Condition without one', () => {
    // WHEN
    const statement = servicePublishStatement({ sid: 'AllowAwsBackupToPublish', service: 'backup.amazonaws.com', topicArn: 'arn:t' });

    // THEN
    expect(JSON.stringify(statement)).toBe(
      '{"Sid":"AllowAwsBackupToPublish","Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:t"}',
    );
  });

  test('keeps the given action spelling and puts the condition last', () => {
    // WHEN
    const statement = servicePublishStatement({
      sid: 'S',
      service: 'cloudwatch.amazonaws.com',
      action: 'SNS:Publish',
      topicArn: 'arn:t',
      condition: sourceAccountCondition(ACCOUNT),
    }) as Json;

    // THEN
    expect(statement.Action).toBe('SNS:Publish');
    expect(Object.keys(statement)).toEqual(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
  });
});

describe('isKnownTimeZone', () => {
  /** The check it replaces: what Intl.DateTimeFormat accepts. */
  const acceptedByIntl = (name: string) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  };

  test.each(['Europe/Berlin', 'America/New_York', 'Asia/Singapore', 'UTC', 'utc', 'Etc/UTC', 'GMT', 'US/Eastern', 'Asia/Calcutta', 'europe/berlin', 'Mars/Olympus_Mons', 'Europe/Berlin ', '+01:00', 'EST'])(
    '%s: the same answer as Intl.DateTimeFormat',
    (name) => {
      expect(isKnownTimeZone(name)).toBe(acceptedByIntl(name));
    },
  );

  test('accepts every canonical name and refuses non-names', () => {
    expect(Intl.supportedValuesOf('timeZone').every((name) => isKnownTimeZone(name))).toBe(true);
    expect([isKnownTimeZone(''), isKnownTimeZone(undefined), isKnownTimeZone(42), isKnownTimeZone('Mars/Olympus_Mons')]).toEqual([false, false, false, false]);
  });
});

describe('orders (constructs/core/order.ts)', () => {
  test('byCodeUnit sorts as Array.prototype.sort does without a comparator', () => {
    const words = ['owner', 'Name', '_x', '-y', '10', '9', 'cost-center', 'costa', 'Zeta', 'alpha', 'é'];
    expect([...words].sort(byCodeUnit)).toEqual([...words].sort());
  });

  test('byCodeUnitIgnoringCase is alphabetical ignoring case, then by code unit', () => {
    expect(['owner', 'name', 'module', 'Name', 'blueprint'].sort(byCodeUnitIgnoringCase)).toEqual(['blueprint', 'module', 'Name', 'name', 'owner']);
  });

  test('mergeTags orders keys alphabetically ignoring case, without a locale-dependent collator', () => {
    // GIVEN localeCompare watched
    const spy = jest.spyOn(String.prototype, 'localeCompare');
    try {
      // WHEN
      const merged = mergeTags({ owner: 'a', Name: 'n' }, { module: 'm', 'cost-center': 'c' }, { owner: 'b' });
      // THEN
      expect(Object.entries(merged)).toEqual([
        ['cost-center', 'c'],
        ['module', 'm'],
        ['Name', 'n'],
        ['owner', 'b'],
      ]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('per-construct helpers (addressPinner, nameTagger)', () => {
  test('addressPinner pins every element under the prefix; nameTagger adds a Name to the tags', () => {
    const stack = new TerraformStack(Testing.app(), 'helpers');
    const pin = addressPinner('edge');
    const queue = pin(new SqsQueue(stack, 'Queue'), 'dead', 'letter');
    expect(queue.friendlyUniqueId).toBe('edge_dead_letter');
    expect(nameTagger({ owner: 'platform' }, 'prod-us-east-1-edge')('alb')).toEqual({ Name: 'prod-us-east-1-edge-alb', owner: 'platform' });
  });
});
