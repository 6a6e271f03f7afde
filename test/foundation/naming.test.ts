import { regionCode } from '../../foundation/naming';

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
