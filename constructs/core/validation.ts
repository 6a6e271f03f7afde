/**
 * The prop checks every construct shares: AWS account ids, region names, ARNs, IPv4 CIDRs, physical name
 * prefixes and CloudWatch Logs retention. Each `…Problem` function returns why a value is not accepted (the
 * field, the value received and what to pass instead) or `undefined` when it is fine or not known at synth
 * time (an unresolved token), so a construct can collect every problem of its props into one error
 * ({@link ValidationProblems}).
 */
import { Token } from 'cdktf';
import { parseIpv4Cidr } from './ipv4-cidr';
import { LOG_RETENTION_DAYS } from './log-retention';

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** An AWS region name (`us-east-1`, `eu-central-1`, `us-gov-west-1`); which regions exist is not checked here. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A subnet id: `subnet-` and 8 to 17 hex digits (AWS issues 8 or 17). */
export const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8,17}$/;

/** A security group id: `sg-` and 8 to 17 hex digits (AWS issues 8 or 17). */
export const SECURITY_GROUP_ID_PATTERN = /^sg-[0-9a-f]{8,17}$/;

/** A VPC id: `vpc-` and 8 to 17 hex digits (AWS issues 8 or 17). */
export const VPC_ID_PATTERN = /^vpc-[0-9a-f]{8,17}$/;

/** Lower-case kebab: letters, digits and single inner hyphens (`prod-us-east-1`). */
export const KEBAB_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A customer-managed KMS key ARN, `arn:<partition>:kms:<region>:<account>:key/<key-id>`; group 1 is the region. */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** A KMS key or alias ARN (`…:key/<key-id>` or `…:alias/<name>`); group 1 is the region. */
export const KMS_KEY_OR_ALIAS_ARN_PATTERN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

/**
 * Whether a prop value is known at synth time: given and not an unresolved token. Checks skip what is not
 * literal; Terraform or the AWS API then check it at plan or apply time.
 */
export function isLiteral(value: unknown): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

/**
 * Whether a value is not an unresolved token; unlike {@link isLiteral}, `undefined` counts (for defaulted
 * settings and optional props whose absence needs no check).
 */
export function isResolved(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** Why `value` is not a 12-digit AWS account id, or `undefined`. */
export function accountIdProblem(value: string, field = 'accountId'): string | undefined {
  if (!isLiteral(value) || ACCOUNT_ID_PATTERN.test(value)) return undefined;
  return `${field} "${value}" is invalid; an AWS account id is exactly 12 digits, e.g. "123456789012"`;
}

/** Why `value` is not an AWS region name, or `undefined`. */
export function regionProblem(value: string, field = 'region'): string | undefined {
  if (!isLiteral(value) || REGION_PATTERN.test(value)) return undefined;
  return `${field} "${value}" is invalid; expected an AWS region name such as "us-east-1" or "eu-central-1"`;
}

/** What {@link kebabNameProblem} checks besides the character set. */
export interface KebabNameOptions {
  /** Longest accepted name, e.g. what is left of a 64-character IAM role name after the construct's suffixes. */
  readonly maxLength: number;
  /**
   * An example of an accepted value, for the message.
   * @default 'prod-us-east-1'
   */
  readonly example?: string;
}

/**
 * Why `value` is not a physical name prefix the constructs accept (lower-case kebab, at most `maxLength`
 * characters), or `undefined`. Unlike the other checks, an unresolved token is a problem: names go into Name
 * tags, aliases and Terraform-independent names that are computed at synth time.
 */
export function kebabNameProblem(value: string, options: KebabNameOptions, field = 'name'): string | undefined {
  if (Token.isUnresolved(value)) {
    return `${field} must be a literal string: it is part of Name tags and physical names, which are computed at synth time`;
  }
  if (KEBAB_NAME_PATTERN.test(value) && value.length <= options.maxLength) return undefined;
  return (
    `${field} "${value}" is invalid; use lower-case letters, digits and single hyphens, at most ${options.maxLength} characters, ` +
    `e.g. "${options.example ?? 'prod-us-east-1'}"`
  );
}

/**
 * Why `value` is not the ARN of a customer-managed KMS key (`…:key/<key-id>`, not an alias or a bare key id),
 * or `undefined`. `needs` says who needs the key ARN, e.g. `CloudWatch Logs needs`.
 */
export function kmsKeyArnProblem(value: string | undefined, field: string, needs: string): string | undefined {
  if (!isLiteral(value) || KMS_KEY_ARN_PATTERN.test(value as string)) return undefined;
  return `${field} "${value}" is not a KMS key ARN; ${needs} the key ARN (arn:aws:kms:<region>:<account>:key/<key-id>), not an alias or key id`;
}

/**
 * Why `value` is not a KMS key or alias ARN that a CloudWatch alarm can publish to an SNS topic with (an
 * AWS-managed key such as `alias/aws/sns` is not), or `undefined`. `exampleRegion` appears in the message.
 */
export function alarmTopicKeyArnProblem(value: string | undefined, field: string, exampleRegion = '<region>'): string | undefined {
  if (!isLiteral(value)) return undefined;
  const arn = value as string;
  if (/:alias\/aws\//.test(arn) || arn.startsWith('alias/aws/')) {
    return (
      `${field} "${arn}" is an AWS-managed key; CloudWatch alarms cannot use it to publish — ` +
      `pass a customer-managed key ARN or omit ${field} to let the construct create one`
    );
  }
  if (KMS_KEY_OR_ALIAS_ARN_PATTERN.test(arn)) return undefined;
  return `${field} "${arn}" is not a KMS key or alias ARN; expected arn:aws:kms:${exampleRegion}:<account>:key/<key-id> (or :alias/<name>)`;
}

/** What an ARN consists of: `arn:<partition>:<service>:<region>:<accountId>:<resource>`. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3). */
  readonly region: string;
  /** Empty for S3 bucket ARNs. */
  readonly accountId: string;
  /** Everything after the account, e.g. `alarm:prod-api-errors` or `certificate/0a1b…`. */
  readonly resource: string;
}

const ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/**
 * Splits an ARN of `service` (e.g. `cloudwatch`, `acm`), or `undefined` when `arn` is not an ARN of that service
 * with a well-formed region and account.
 */
export function parseArn(arn: string, service: string): ArnParts | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (!match || match[2] !== service) return undefined;
  const [, partition = '', , region = '', accountId = '', resource = ''] = match;
  if (region !== '' && !REGION_PATTERN.test(region)) return undefined;
  return { partition, service, region, accountId, resource };
}

/** The region of a KMS key or alias ARN, or `undefined` when `arn` is not one. */
export function kmsArnRegion(arn: string): string | undefined {
  return KMS_KEY_OR_ALIAS_ARN_PATTERN.exec(arn)?.[1];
}

/** Why `value` is not an IPv4 CIDR block at its network address (`10.0.0.0/16`), or `undefined`. */
export function ipv4CidrProblem(value: string, field: string): string | undefined {
  if (!isLiteral(value)) return undefined;
  try {
    parseIpv4Cidr(value);
    return undefined;
  } catch (e) {
    return `${field} is invalid: ${(e as Error).message.replace(/\.$/, '')}`;
  }
}

/** Why `days` is not a retention that CloudWatch Logs accepts, or `undefined`. */
export function logRetentionProblem(days: number | undefined, field: string): string | undefined {
  if (!isLiteral(days) || LOG_RETENTION_DAYS.includes(days as number)) return undefined;
  return `${field} ${days} is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(', ')}`;
}

/**
 * The problems of one construct's props, collected so that the construct reports all of them in one error
 * instead of stopping at the first. Problems are sentences without a final period; the error reads
 * `<Construct> <path>: <problem>; <problem>.`
 */
export class ValidationProblems {
  private readonly problems: string[] = [];

  /** Adds a problem, or nothing for `undefined` (the result of a `…Problem` check that passed). */
  public add(problem: string | undefined): void {
    if (problem !== undefined) this.problems.push(problem);
  }

  /** Adds `problem` when `failed` is true. */
  public addIf(failed: boolean, problem: () => string): void {
    if (failed) this.problems.push(problem());
  }

  /** The problems collected so far, in the order found. */
  public get list(): readonly string[] {
    return this.problems;
  }

  /** Throws one error listing every problem, or returns when there is none. */
  public throwIfAny(constructName: string, path: string): void {
    if (this.problems.length > 0) throw new Error(`${constructName} ${path}: ${this.problems.join('; ')}.`);
  }
}
