import { Token } from 'cdktf';
import { partitionOfRegion } from '../../foundation/resource-names';

/** The AWS partition of a region, for ARNs: `aws`, `aws-cn` or `aws-us-gov` (`aws` for an unresolved token). */
export function partitionOf(region: string): string {
  return Token.isUnresolved(region) ? 'aws' : partitionOfRegion(region);
}
