/**
 * The master password of an Aurora global database's primary, kept out of Terraform state and plan: Terraform
 * (>= 1.11) or OpenTofu (>= 1.11) draws it from the ephemeral resource `aws_secretsmanager_random_password` during
 * the apply, writes it once into a Secrets Manager secret (`secret_string_wo`) and into every shard cluster
 * (`master_password_wo`), and forgets it. Neither argument is stored; each is sent again only when its
 * `*_wo_version` changes, and both change together: raising `version` rotates the password.
 *
 * RDS cannot manage master passwords (in Secrets Manager) of clusters in a global database, so this replaces the
 * managed secret there. cdktf 0.21 has no class for ephemeral resources: the `ephemeral` block is written through
 * the stack's override, which is what `ephemeralRandomPasswordBlock` returns and tests check.
 */
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { accountRootAdministrationStatement, ENVELOPE_ENCRYPTION_ACTIONS, viaServiceCondition } from '../core/kms-policy';
import { AddressPinner } from '../core/logical-id';
import { policyDocument } from '../core/policy';

/** Length of the generated password: within every Aurora engine's limit (Aurora MySQL allows 41). */
export const MASTER_PASSWORD_LENGTH = 40;

/** Days Secrets Manager keeps a deleted secret recoverable (its maximum). */
export const SECRET_RECOVERY_WINDOW_DAYS = 30;

/** Properties of a {@link MasterPassword}. */
export interface MasterPasswordProps {
  /** Name of the secret, e.g. `prod-us-east-1-tickets-master-password`. */
  readonly secretName: string;
  /** Master user name stored next to the password (what the clusters use). */
  readonly username: string;
  /** Engine name stored in the secret, as RDS rotation functions expect it (`postgres`, `mysql`). */
  readonly engine: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Rotation counter, a whole number from 1: raising it draws a new password and writes it to the secret and the
   * clusters in the same apply.
   */
  readonly version: number;
  /** Tags of the key and the secret. */
  readonly tags: Readonly<Record<string, string>>;
  /** The owner's address pinner; the key, alias, secret and version get `<owner>_master_password`. */
  readonly pin: AddressPinner;
  /** Name of the ephemeral block, unique in the stack, e.g. `tickets_master_password` (the owner's address of it). */
  readonly ephemeralName: string;
}

/** The `ephemeral` block's body for the password: letters and digits only, so no character RDS refuses (`/ @ " '` or space). */
export function ephemeralRandomPasswordBlock(): Record<string, unknown> {
  return { password_length: MASTER_PASSWORD_LENGTH, exclude_punctuation: true, include_space: false, require_each_included_type: true };
}

/** Key policy: the account root administers the key; principals of this account may use it only through Secrets Manager here. */
export function masterPasswordKeyPolicy(partition: string, accountId: string, region: string): object {
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    {
      Sid: 'AllowUseThroughSecretsManager',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [...ENVELOPE_ENCRYPTION_ACTIONS],
      Resource: '*',
      Condition: viaServiceCondition(accountId, `secretsmanager.${region}.amazonaws.com`),
    },
  ]);
}

/**
 * A per-group Secrets Manager secret, encrypted with its own customer-managed key, that receives the generated
 * master password write-only; {@link MasterPassword.passwordWo} is the ephemeral expression for `master_password_wo`.
 */
export class MasterPassword extends Construct {
  /** `${ephemeral.aws_secretsmanager_random_password.<id>.random_password}`: only for write-only arguments. */
  public readonly passwordWo: string;
  /** The rotation counter, for `master_password_wo_version`. */
  public readonly version: number;
  /** ARN of the secret (its value: `{"engine","username","password"}` JSON). */
  public readonly secretArn: string;
  /** ARN of the secret's KMS key. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: MasterPasswordProps) {
    super(scope, id);
    if (!Number.isInteger(props.version) || props.version < 1) {
      throw new Error(`MasterPassword ${this.node.path}: version ${props.version} is invalid; use a whole number from 1 (raise it to rotate the password).`);
    }
    const address = ['master', 'password'];
    const { ephemeralName } = props;

    // The ephemeral block: opened during each plan and apply, never stored.
    TerraformStack.of(this).addOverride(`ephemeral.aws_secretsmanager_random_password.${ephemeralName}`, ephemeralRandomPasswordBlock());
    const password = `ephemeral.aws_secretsmanager_random_password.${ephemeralName}.random_password`;

    const key = new CustomerManagedKey(this, 'Key', {
      description: `Encrypts the master password secret ${props.secretName}.`,
      policy: masterPasswordKeyPolicy(props.partition, props.accountId, props.region),
      aliasName: `alias/${props.secretName}`,
      tags: { ...props.tags, Name: props.secretName },
      pin: props.pin,
      addressParts: address,
    });
    const secret = props.pin(
      new SecretsmanagerSecret(this, 'Secret', {
        name: props.secretName,
        description: `Master user credentials of the Aurora global database shards (${props.username}); rotate by raising the version.`,
        kmsKeyId: key.arn,
        recoveryWindowInDays: SECRET_RECOVERY_WINDOW_DAYS,
        tags: { ...props.tags, Name: props.secretName },
        lifecycle: { preventDestroy: true },
      }),
      ...address,
    );
    props.pin(
      new SecretsmanagerSecretVersion(this, 'Value', {
        secretId: secret.id,
        secretStringWo: `\${jsonencode({ engine = ${JSON.stringify(props.engine)}, username = ${JSON.stringify(props.username)}, password = ${password} })}`,
        secretStringWoVersion: props.version,
      }),
      ...address,
    );

    this.passwordWo = `\${${password}}`;
    this.version = props.version;
    this.secretArn = secret.arn;
    this.kmsKeyArn = key.arn;
  }
}
