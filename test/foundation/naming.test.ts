import { logicalId, physicalName, regionCode } from '../../foundation/naming';
import { backupVaultName, globalStackName, partitionOfRegion, regionalStackName, shardClusterIdentifier } from '../../foundation/resource-names';

describe('regionCode', () => {
  test.each([
    ['us-east-1', 'use1'],
    ['us-west-2', 'usw2'],
    ['eu-central-1', 'euc1'],
    ['eu-west-1', 'euw1'],
    ['ap-southeast-1', 'apse1'],
    ['ap-southeast-2', 'apse2'],
    ['ap-northeast-1', 'apne1'],
    ['us-gov-west-1', 'usgw1'],
    ['mx-central-1', 'mxc1'],
  ])('%s → %s', (region, code) => {
    expect(regionCode(region)).toBe(code);
  });

  test('keeps words it does not know, so codes of distinct regions stay distinct', () => {
    expect(regionCode('xx-sideways-1')).toBe('xxsideways1');
    expect(new Set(['us-east-1', 'us-east-2', 'eu-south-1', 'eu-south-2', 'eu-west-1'].map(regionCode)).size).toBe(5);
  });
});

describe('logicalId and physicalName share one word splitting', () => {
  test('the same parts give the same words, joined by _ or -', () => {
    expect(logicalId('dataClassification', 'Tickets-DB', 2)).toBe('data_classification_tickets_db_2');
    expect(physicalName('dataClassification', 'Tickets_DB', 2)).toBe('data-classification-tickets-db-2');
    expect(logicalId('HTTPServer')).toBe('http_server');
    expect(physicalName('HTTPServer')).toBe('http-server');
    // A Terraform address must not start with a digit.
    expect(logicalId('2', 'shard')).toBe('r_2_shard');
  });
});

describe('resource names (foundation/resource-names.ts)', () => {
  test('stacks, shard clusters and vaults', () => {
    expect(regionalStackName('prod', 'us-east-1')).toBe('prod-us-east-1');
    expect(globalStackName('prod')).toBe('prod-global');
    expect(shardClusterIdentifier('prod-us-east-1', 'tickets', 2)).toBe('prod-us-east-1-tickets-shard-02');
    expect(backupVaultName('prod', 'us-west-2')).toBe('prod-us-west-2-vault');
  });

  test('partitions follow the region prefix', () => {
    expect(['us-east-1', 'cn-north-1', 'us-gov-west-1', 'eu-central-1'].map(partitionOfRegion)).toEqual(['aws', 'aws-cn', 'aws-us-gov', 'aws']);
  });
});
