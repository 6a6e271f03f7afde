import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { logicalId, mergeTags, partitionOf, pinLogicalId, TAG_KEYS, Tags } from '../core';

export interface RuntimeConfigProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  /** The ITSM module the configuration is for, e.g. `incident`. */
  readonly module: string;
  readonly accountId: string;
  readonly region: string;
  /** SSM path the parameters are published under, e.g. `/itsm-scale/prod-us-east-1/config/incident`. */
  readonly path: string;
  /**
   * Non-secret values by parameter name (`database`, `attachments`, ...), each published as the String parameter
   * `<path>/<name>`: endpoints, the slot map, bucket and prefix. Never a secret value. `<path>/secrets` is
   * published by the construct itself: the ARNs of `secrets` by key.
   */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * Secrets of the module by key, with what each holds; one Secrets Manager secret `itsm-scale/<name>/<module>/<key>`
   * each, encrypted with `secretsKmsKeyArn`. Terraform creates the secret without a value: the value (e.g. the
   * module's database user and password) is put in by its owner and never passes through Terraform state.
   * @default - no secrets
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** KMS key of the secrets (its policy must allow use through Secrets Manager). Required with `secrets`. @default - none */
  readonly secretsKmsKeyArn?: string;
  /** @default - no extra tags */
  readonly tags?: Tags;
}

/** The parameter that lists the module's secret ARNs by key. */
export const SECRETS_PARAMETER = 'secrets';

/** Name of a module's secret: `itsm-scale/<name>/<module>/<key>`. */
export function moduleSecretName(name: string, module: string, key: string): string {
  return `itsm-scale/${name}/${module}/${key}`;
}

/**
 * ARN pattern of a module's secret, usable before the secret exists: Secrets Manager appends `-` and six
 * random characters to the name (`?` matches one character in IAM policies).
 */
export function moduleSecretArnPattern(accountId: string, region: string, name: string, module: string, key: string): string {
  return `arn:${partitionOf(region)}:secretsmanager:${region}:${accountId}:secret:${moduleSecretName(name, module, key)}-??????`;
}

/**
 * One module's runtime configuration in one region: non-secret values as SSM String parameters under the
 * module's own path, and the module's own secrets (ARNs published, values never in Terraform). The fleet's
 * instance role reads exactly this path and these secrets.
 */
export class RuntimeConfig extends Construct {
  /** Parameter names by key. */
  public readonly parameterNames: Readonly<Record<string, string>>;
  /** Secret ARNs by key. */
  public readonly secretArns: Readonly<Record<string, string>>;

  private readonly props: RuntimeConfigProps;
  private readonly prefix: string;
  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: RuntimeConfigProps) {
    super(scope, id);
    this.props = props;
    this.prefix = logicalId(id);
    this.tags = mergeTags(props.tags, { [TAG_KEYS.module]: props.module });
    this.validate();
    this.secretArns = this.createSecrets();
    this.parameterNames = this.publishParameters();
  }

  private createSecrets(): Record<string, string> {
    const { name, module, secrets = {}, secretsKmsKeyArn } = this.props;
    const arns: Record<string, string> = {};
    for (const key of Object.keys(secrets).sort()) {
      const secretName = moduleSecretName(name, module, key);
      const secret = pinLogicalId(
        new SecretsmanagerSecret(this, `Secret-${key}`, {
          name: secretName,
          description: `${module}: ${secrets[key]} (value set by its owner, never by Terraform)`,
          kmsKeyId: secretsKmsKeyArn,
          recoveryWindowInDays: 30,
          tags: mergeTags(this.tags, { Name: secretName }),
        }),
        this.prefix,
        key,
      );
      arns[key] = secret.arn;
    }
    return arns;
  }

  /** The given parameters, plus `secrets`: the ARNs of the module's secrets by key (when it has any). */
  private publishParameters(): Record<string, string> {
    const { path, module } = this.props;
    const parameters: Record<string, string> = { ...this.props.parameters };
    if (Object.keys(this.secretArns).length > 0) parameters[SECRETS_PARAMETER] = JSON.stringify(this.secretArns);
    const names: Record<string, string> = {};
    for (const key of Object.keys(parameters).sort()) {
      const parameterName = `${path}/${key}`;
      pinLogicalId(
        new SsmParameter(this, `Parameter-${key}`, {
          name: parameterName,
          description: `${module}: ${key} (runtime configuration, not secret)`,
          type: 'String',
          // Standard while the value fits 4 KB, Advanced beyond (many shards), without replacing the parameter.
          tier: 'Intelligent-Tiering',
          value: parameters[key]!,
          tags: mergeTags(this.tags, { Name: parameterName }),
        }),
        this.prefix,
        key,
      );
      names[key] = parameterName;
    }
    return names;
  }

  /** Every problem at once, each with its fix. */
  private validate(): void {
    const p = this.props;
    const problems: string[] = [];
    if (!Token.isUnresolved(p.path) && !/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(p.path)) {
      problems.push(`path "${p.path}" must be an SSM path such as "/itsm-scale/prod-us-east-1/config/incident" (no trailing "/")`);
    }
    for (const key of [...Object.keys(p.parameters), ...Object.keys(p.secrets ?? {})]) {
      if (!/^[a-z][a-z0-9-]*$/.test(key)) problems.push(`key "${key}" must be lower-case kebab-case, e.g. "database"`);
    }
    if (SECRETS_PARAMETER in p.parameters) problems.push(`parameter "${SECRETS_PARAMETER}" is reserved: it lists the ARNs of the module's secrets; rename it`);
    if (Object.keys(p.parameters).length === 0) problems.push('parameters is empty; publish at least one value (e.g. database or attachments)');
    if (p.secrets && Object.keys(p.secrets).length > 0 && p.secretsKmsKeyArn === undefined) {
      problems.push('secrets need secretsKmsKeyArn (a customer-managed key usable through Secrets Manager)');
    }
    if (!/^[a-z][a-z0-9-]*$/.test(p.module)) problems.push(`module "${p.module}" must be lower-case kebab-case`);
    if (problems.length > 0) throw new Error(`RuntimeConfig ${this.node.path}: ${problems.join('; ')}`);
  }
}
