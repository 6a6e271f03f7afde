import { Token } from 'cdktf';

/** The AWS partition of a region, for ARNs: `aws`, `aws-cn` or `aws-us-gov` (`aws` for an unresolved token). */
export function partitionOf(region: string): string {
  if (Token.isUnresolved(region)) return 'aws';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
