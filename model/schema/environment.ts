import { z } from 'zod';
import { RULE_IDS } from '../../foundation/rule-ids';
import { BackupSettings, DEFAULT_BREAK_GLASS_ROLE_NAME } from './backup';
import { AwsRegion, Identifier, ServiceLevels } from './common';
import { IsoDate } from './growth';
import { AWS_DEFAULT_QUOTAS } from '../aws-catalog';
import { ResidencySchema } from './residency';

const Ipv4Cidr = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(1[6-9]|2[0-4])$/, {
    error: 'must be an IPv4 CIDR with a prefix from /16 to /24, e.g. "10.20.0.0/16"',
  });

const AvailabilityZoneSuffix = z.string().regex(/^[a-z]$/, { error: 'must be an AZ letter such as "a"' });

const Region = z
  .strictObject({
    name: AwsRegion,
    vpcCidr: Ipv4Cidr.describe('VPC CIDR for this region; must not overlap any other region of any environment in the same account.'),
    availabilityZones: z
      .array(AvailabilityZoneSuffix)
      .min(2)
      .max(3)
      .default(['a', 'b', 'c'])
      .describe('AZ letters to spread over (2 or 3). Append only: removing or reordering renumbers subnets.'),
  })
  .describe('An AWS region of the environment.');

const StateBackend = z
  .strictObject({
    bucketPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/, { error: 'must be a lower-case S3 bucket name prefix (3-42 characters)' })
      .describe('Each region keeps its state in the bucket "<bucketPrefix>-<region>" in that region.'),
    keyPrefix: z.string().regex(/^[a-zA-Z0-9!_.*'()/-]*$/).default('itsm-scale').describe('Key prefix inside the bucket.'),
  })
  .describe('S3 state backend; locking uses S3 lock files (use_lockfile), Terraform/OpenTofu >= 1.10.');

const Dns = z.strictObject({
  domain: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'must be a lower-case DNS name such as "itsm.example.com"' })
    .describe('Domain the service answers on.'),
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, { error: 'must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"' }).describe('Route 53 public hosted zone of the domain.'),
  certificateArns: z
    .record(AwsRegion, z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, { error: 'must be an ACM certificate ARN' }))
    .default({})
    .describe('ACM certificate per region for the HTTPS listener.'),
}).describe('DNS name, hosted zone and certificates.');

const Tags = z
  .strictObject({
    owner: z.string().min(1).max(256).describe('Team accountable for the resources.'),
    'cost-center': z.string().min(1).max(256).describe('Cost center that pays for them.'),
    'data-classification': z
      .enum(['public', 'internal', 'confidential', 'restricted'])
      .default('confidential')
      .describe('Sensitivity of the data the environment holds.'),
  })
  .catchall(z.string().max(256))
  .describe('Tags of the tagging policy; environment, blueprint, scenario and module are added by the toolkit.');

const TerraformAddressPattern = z.string().regex(/^[a-z0-9_*]+\.[A-Za-z0-9_*-]+$/, {
  error: 'must be a Terraform address "<type>.<name>" in which * matches any characters, e.g. "aws_lb.alb" or "aws_rds_cluster.tickets_*"',
});

/** One accepted finding of the policy pack (policies/, RULES.md). */
export const PolicySuppressionSchema = z
  .strictObject({
    rule: z.enum(RULE_IDS).describe('Id of the policy rule whose findings this accepts (see RULES.md).'),
    resources: z
      .array(TerraformAddressPattern)
      .min(1)
      .optional()
      .describe('Terraform addresses ("aws_lb.alb"; * matches any characters) the suppression covers, in every stack of the environment. Leave out to cover every resource the rule flags.'),
    reason: z
      .string()
      .trim()
      .min(20)
      .describe('Why the finding is accepted (the design decision, who accepted it); at least 20 characters. Shown next to every finding it suppresses.'),
  })
  .describe('An accepted policy finding: it is still reported, as suppressed with this reason, but no longer fails synth or check.');

const Policy = z
  .strictObject({
    suppressions: z
      .array(PolicySuppressionSchema)
      .default([])
      .describe('Accepted findings of the policy pack; none by default, so every error finding fails.'),
  })
  .describe('Policy pack settings of the environment (rules in RULES.md).');

const quota = (what: string, fallback: number) =>
  z.number().int().min(1).max(1_000_000).optional().describe(`${what} the account may use in each region of the environment. Default: AWS's default quota, ${fallback}; state the account's applied value (Service Quotas console) once an increase is granted.`);

const Quotas = z
  .strictObject({
    dbInstancesPerRegion: quota('Aurora/RDS DB instances', AWS_DEFAULT_QUOTAS.dbInstancesPerRegion),
    dbClustersPerRegion: quota('Aurora DB clusters', AWS_DEFAULT_QUOTAS.dbClustersPerRegion),
    ec2StandardVcpusPerRegion: quota('vCPUs of running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', AWS_DEFAULT_QUOTAS.ec2StandardVcpusPerRegion),
    ec2XVcpusPerRegion: quota('vCPUs of running On-Demand X instances', AWS_DEFAULT_QUOTAS.ec2XVcpusPerRegion),
  })
  .describe("The account's service quotas the plan is checked against; the plan reports every region that needs more. They are shared with every other workload of the account in the region.");

/** What an environment file holds. */
export const EnvironmentSchema = z
  .strictObject({
    name: Identifier.describe('Environment name; must equal the file name without .yaml.'),
    blueprint: Identifier.describe('Blueprint name (a file in blueprints/).'),
    scenario: Identifier.describe('Growth scenario of the blueprint to plan for.'),
    startDate: IsoDate.describe("The plan's month 0 (YYYY-MM-DD): the blueprint's population is today's at this date; scenario targets, milestones and the traffic profile's time zones count from it."),
    horizonMonths: z.number().int().min(1).max(120).describe('How far ahead to plan, in months from startDate; changing it only extends or cuts the timeline.'),
    tier: z.enum(['production', 'non-production']).describe('Production keeps N+1 per AZ and stricter defaults.'),
    account: z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id, quoted' }).describe('AWS account the stacks deploy to; the provider refuses any other.'),
    regions: z.strictObject({
      primary: Region,
      secondaries: z.array(Region).default([]).describe('Further regions for disaster recovery or active/active serving.'),
    }).describe('The primary region and the secondaries.'),
    natGateways: z.enum(['per-az', 'single']).default('per-az').describe('"single" saves cost outside production at the price of one AZ dependency.'),
    state: StateBackend,
    dns: Dns,
    serviceLevels: ServiceLevels.partial().optional().describe("Overrides of the blueprint's service levels for this environment."),
    tags: Tags,
    backup: BackupSettings.default({ breakGlassRoleName: DEFAULT_BREAK_GLASS_ROLE_NAME }),
    policy: Policy.default({ suppressions: [] }),
    quotas: Quotas.optional(),
    residency: ResidencySchema.optional(),
    budget: z
      .strictObject({
        monthlyLimitUsd: z
          .number()
          .positive()
          .max(100_000_000)
          .optional()
          .describe("The AWS budget's monthly limit in US dollars; without it, the plan's monthly cost at the horizon (rounded up to the next $100)."),
      })
      .default({})
      .describe('The monthly AWS budget of the environment (notifications at 80% and 100% of actual and forecasted cost go to the DNS alarm topic).'),
  })
  .describe('A deployment of a blueprint: scenario, horizon, account, regions and state.');

export type Environment = z.infer<typeof EnvironmentSchema>;
export type EnvironmentInput = z.input<typeof EnvironmentSchema>;
export type RegionSpec = Environment['regions']['primary'];
export type PolicySuppression = z.infer<typeof PolicySuppressionSchema>;
