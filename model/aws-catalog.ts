/**
 * Facts about AWS that input validation checks names against: regions and their partitions,
 * EC2 instance families and sizes, Aurora PostgreSQL instance classes, the tag and S3 naming
 * rules. Plain data, no I/O. Sources: AWS documentation pages named beside each list; the
 * lists are as of late 2025 and grow with AWS (add an entry when AWS launches one).
 */
import { closestMatch } from '../foundation/did-you-mean';

/**
 * Regions by partition (AWS General Reference, "AWS Regions"; "Amazon Web Services in China";
 * "AWS GovCloud (US)"). Opt-in regions are listed: whether an account enabled one is the
 * account's business, not the YAML's.
 */
export const REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** Every known region. */
export const KNOWN_REGIONS: readonly string[] = Object.values(REGIONS_BY_PARTITION).flat().sort();

/** The partition of a known region, or undefined. */
export function partitionOfRegion(region: string): string | undefined {
  for (const [partition, regions] of Object.entries(REGIONS_BY_PARTITION)) if (regions.includes(region)) return partition;
  return undefined;
}

/**
 * AZ letters. AZ names are the region plus a letter; regions have two to six AZs (us-east-1 has
 * a-f), and which letters an account sees varies, so only letters outside a-f are certainly wrong.
 */
export const AZ_LETTERS: readonly string[] = ['a', 'b', 'c', 'd', 'e', 'f'];

/**
 * EC2 instance families fleets may run on (EC2 User Guide, "Instance types": general purpose,
 * compute optimized, memory optimized, burstable).
 */
export const EC2_FAMILIES: readonly string[] = [
  'c5', 'c5a', 'c5ad', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in', 'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c7i-flex', 'c8g', 'c8gd', 'c8gn', 'c8i',
  'm5', 'm5a', 'm5ad', 'm5d', 'm5dn', 'm5n', 'm5zn', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7a', 'm7g', 'm7gd', 'm7i', 'm7i-flex', 'm8a', 'm8g', 'm8gd', 'm8i',
  'r5', 'r5a', 'r5ad', 'r5b', 'r5d', 'r5dn', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7a', 'r7g', 'r7gd', 'r7i', 'r7iz', 'r8g', 'r8gd', 'r8i',
  't2', 't3', 't3a', 't4g',
  'x2gd', 'x2idn', 'x2iedn', 'x8g', 'z1d',
];

/** EC2 instance sizes (the part after the dot). */
export const EC2_SIZES: readonly string[] = [
  'nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge', '10xlarge',
  '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge', '96xlarge', 'metal', 'metal-24xl', 'metal-48xl',
];

/** Instance families Aurora PostgreSQL runs on (Aurora User Guide, "Supported DB engines for DB instance classes"). */
export const AURORA_FAMILIES: readonly string[] = ['r5', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7g', 'r7i', 'r8g', 't3', 't4g', 'x2g'];

/** Aurora instance class sizes. */
export const AURORA_SIZES: readonly string[] = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge'];

/**
 * Tag rules (Tagging AWS resources, "Tag naming limits and requirements"): at most 50 tags per
 * resource; keys 1-128 and values 0-256 Unicode characters of letters, digits, white space and
 * `_ . : / = + - @`; the `aws:` prefix is reserved for AWS.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
export const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
export const RESERVED_TAG_PREFIX = /^aws:/i;

/**
 * S3 bucket naming rules (S3 User Guide, "General purpose bucket naming rules"): prefixes and
 * suffixes reserved for AWS features.
 */
export const S3_RESERVED_PREFIXES: readonly string[] = ['xn--', 'sthree-', 'amzn-s3-demo-'];
export const S3_RESERVED_SUFFIXES: readonly string[] = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Longest S3 object key, in UTF-8 bytes (S3 User Guide, "Naming Amazon S3 objects"). */
export const MAX_S3_KEY_BYTES = 1024;

/** Longest DNS name, in characters (RFC 1035 §2.3.4, without the final dot). */
export const MAX_DNS_NAME_LENGTH = 253;

/** The known name closest to `value` when it is close enough to be a typo (one edit per four characters, at least two). */
export function closestName(value: string, known: readonly string[]): string | undefined {
  return closestMatch(value, known, { charactersPerEdit: 4 });
}

/**
 * AWS's default service quotas the planner checks a plan against, per account and region. An
 * account's applied values may be higher (granted increases; EC2 raises On-Demand quotas with use):
 * an environment states its own under `quotas`.
 * - Aurora: "Quotas in Amazon Aurora" (Aurora User Guide, CHAP_Limits): DB instances 40, DB clusters 40
 *   per region; at most 15 Aurora Replicas per cluster (a hard limit, "Replication with Amazon Aurora").
 * - EC2: "Amazon EC2 service quotas" (EC2 User Guide, ec2-resource-limits): On-Demand quotas count the
 *   vCPUs of running instances per instance-family group. 5 vCPUs is the Service Quotas default of
 *   "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" (L-1216C47A) and of "Running
 *   On-Demand X instances" (L-7295265B) for a new account: the value an account starts from.
 */
export const AWS_DEFAULT_QUOTAS = {
  dbInstancesPerRegion: 40,
  dbClustersPerRegion: 40,
  ec2StandardVcpusPerRegion: 5,
  ec2XVcpusPerRegion: 5,
} as const;

/** Aurora Replicas one cluster can hold (hard limit). */
export const AURORA_MAX_REPLICAS_PER_CLUSTER = 15;

/** Where each quota is documented and raised. */
export const QUOTA_SOURCES = {
  aurora: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html',
  auroraReplicas: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html',
  ec2: 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html',
} as const;

/** The On-Demand vCPU quota group of an EC2 family: `standard` (A, C, D, H, I, M, R, T, Z) or `x`; undefined for others. */
export function ec2QuotaGroupOf(instanceType: string): 'standard' | 'x' | undefined {
  const family = instanceType.split('.')[0] ?? '';
  if (/^x/.test(family)) return 'x';
  if (/^[acdhimrtz]/.test(family)) return 'standard';
  return undefined;
}

/**
 * Memory (GiB) of an EC2 instance type where its family sets it per vCPU (EC2 "Instance types"
 * specifications): general purpose `m*` 4 GiB per vCPU, compute optimized `c*` 2 (not c5n, 2.625),
 * memory optimized `r*` 8. Undefined elsewhere (burstable, x, z1d, c5n, or sizes vcpusOf cannot tell).
 */
export function memoryGibOf(instanceType: string): number | undefined {
  const family = instanceType.split('.')[0] ?? '';
  const vcpus = vcpusOf(instanceType);
  if (vcpus === undefined || !EC2_FAMILIES.includes(family) || family === 'c5n') return undefined;
  const perVcpu = ({ m: 4, c: 2, r: 8 } as Readonly<Record<string, number>>)[family[0] ?? ''];
  return perVcpu === undefined ? undefined : vcpus * perVcpu;
}

/**
 * vCPUs of an EC2 instance type, from its size (EC2 "Instance types" specifications): `large` 2,
 * `xlarge` 4, `Nxlarge` 4N; `medium` 1 (2 for the burstable t3, t3a and t4g, 2 for t2 too);
 * nano/micro/small 2 on t3, t3a and t4g, 1 on t2. Undefined where the size does not tell (metal, or
 * small sizes outside the burstable families).
 */
export function vcpusOf(instanceType: string): number | undefined {
  const [family = '', size = ''] = instanceType.split('.');
  const burstable = /^t[34]/.test(family);
  const t2 = family === 't2';
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  if (multiple) return 4 * Number(multiple[1]);
  if (size === 'medium') return burstable || t2 ? 2 : 1;
  if (['nano', 'micro', 'small'].includes(size)) return burstable ? 2 : t2 ? 1 : undefined;
  return undefined;
}
