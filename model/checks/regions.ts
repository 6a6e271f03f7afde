/**
 * Regions, availability zones, certificates and DNS names of each environment: regions AWS has
 * (with a did-you-mean), one partition per environment, AZ letters, VPC CIDRs large enough for the
 * subnets the Network construct carves (its own carveSubnets decides), certificates in the region
 * and account they serve, and domain names that stay valid with the regional prefix.
 */
import { carveSubnets } from '../../foundation/subnet-plan';
import { AZ_LETTERS, closestName, KNOWN_REGIONS, MAX_DNS_NAME_LENGTH, partitionOfRegion } from '../aws-catalog';
import { hasHostBits } from '../cidr';
import { Loaded } from '../load';
import { Problem } from '../problems';
import { Environment } from '../schema';
import { problemAt, regionsOf } from './located';

export function checkRegions(env: Loaded<Environment>): Problem[] {
  const problems: Problem[] = [];
  const e = env.value;
  const partitions = new Map<string, string>();
  for (const { path, spec } of regionsOf(env)) {
    const partition = partitionOfRegion(spec.name);
    if (partition === undefined) {
      const guess = closestName(spec.name, KNOWN_REGIONS);
      problems.push(problemAt(env, [...path, 'name'], `unknown region "${spec.name}" (${guess ? `did you mean "${guess}"? ` : ''}AWS regions: ${KNOWN_REGIONS.join(', ')})`));
    } else if (!partitions.has(partition)) {
      partitions.set(partition, spec.name);
    }
    spec.availabilityZones.forEach((letter, i) => {
      if (!AZ_LETTERS.includes(letter)) {
        problems.push(problemAt(env, [...path, 'availabilityZones', i], `AZ letter "${letter}" does not exist in any region (AZ letters run from a to f; see the AZs of ${spec.name} with aws ec2 describe-availability-zones --region ${spec.name})`));
      }
    });
    if (!hasHostBits(spec.vpcCidr)) try {
      carveSubnets(spec.vpcCidr, spec.availabilityZones.length);
    } catch (error) {
      problems.push(problemAt(env, [...path, 'vpcCidr'], `${(error as Error).message.replace(/\.$/, '')}`));
    }
    const endpoint = `${spec.name}.${e.dns.domain}`;
    if (endpoint.length > MAX_DNS_NAME_LENGTH) {
      problems.push(problemAt(env, ['dns', 'domain'], `is ${e.dns.domain.length} characters, so the regional endpoint "${endpoint.slice(0, 40)}…" is ${endpoint.length} (DNS names allow ${MAX_DNS_NAME_LENGTH}; use a domain of at most ${MAX_DNS_NAME_LENGTH - spec.name.length - 1} characters)`));
    }
  }
  if (partitions.size > 1) {
    const listed = [...partitions].map(([partition, region]) => `${region} (${partition})`).join(', ');
    problems.push(problemAt(env, ['regions'], `mixes AWS partitions: ${listed} (an account lives in one partition; put regions of another partition in an environment with an account of that partition)`));
  }
  const partition = [...partitions.keys()][0];
  for (const [region, arn] of Object.entries(e.dns.certificateArns)) {
    const [, arnPartition, , arnRegion, arnAccount] = arn.split(':');
    if (arnRegion !== region) {
      problems.push(problemAt(env, ['dns', 'certificateArns', region], `is a certificate of region ${arnRegion}, not ${region} (a load balancer takes certificates of its own region: request or import one in ${region})`));
    }
    if (arnAccount !== e.account) {
      problems.push(problemAt(env, ['dns', 'certificateArns', region], `is a certificate of account ${arnAccount}, not ${e.account} (the load balancer needs a certificate of the environment's account)`));
    }
    if (partition !== undefined && arnPartition !== partition) {
      problems.push(problemAt(env, ['dns', 'certificateArns', region], `is in partition ${arnPartition}, but the environment's regions are in ${partition} (use arn:${partition}:acm:…)`));
    }
  }
  return problems;
}
