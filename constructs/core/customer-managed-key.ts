import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { OwnedResourceProps } from './logical-id';

/** Days a scheduled key deletion waits, the longest KMS allows: a mistaken deletion can be cancelled for a month. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** Properties of a {@link CustomerManagedKey}. */
export interface CustomerManagedKeyProps extends OwnedResourceProps {
  /** The key's description: what it encrypts, e.g. `Encrypts the CloudWatch Logs of network prod-us-east-1.`. */
  readonly description: string;
  /** The key policy document (see ./kms-policy.ts); serialised with `JSON.stringify`, so its key order is kept. */
  readonly policy: object;
  /** The alias, as KMS spells it: `alias/<name>`, e.g. `alias/prod-us-east-1-logs`. */
  readonly aliasName: string;
  /** Tags of the key (the alias takes none). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Construct id of the alias, a sibling of the key in the owner's scope.
   * @default - the key's id followed by `Alias`, e.g. `LogsKeyAlias`
   */
  readonly aliasId?: string;
}

/**
 * A customer-managed KMS key as every construct of the toolkit makes one: automatic yearly rotation, a 30-day
 * deletion window, an explicit key policy, `prevent_destroy` (losing the key loses the data it encrypts), and
 * an alias `alias/<name>` so people and other stacks can find it without the random key id.
 *
 * It is the `aws_kms_key` itself (a `KmsKey`, so `arn` and `keyId` are the key's), and it adds its alias as a
 * sibling in the same scope: construct paths are written into the synthesized JSON, so the key and alias keep
 * the paths (`<owner>/LogsKey`, `<owner>/LogsKeyAlias`) and addresses they had when each construct built them
 * inline. Key and alias share one address (`pin`, `addressParts`) and provider.
 */
export class CustomerManagedKey extends KmsKey {
  /** The key's alias. */
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id, {
      ...(props.provider ? { provider: props.provider } : {}),
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: JSON.stringify(props.policy),
      tags: { ...props.tags },
      lifecycle: { preventDestroy: true },
    });
    const address = props.addressParts ?? [];
    props.pin(this, ...address);
    if (!props.aliasName.startsWith('alias/') || props.aliasName.startsWith('alias/aws/')) {
      throw new Error(`CustomerManagedKey ${this.node.path}: aliasName "${props.aliasName}" must be "alias/<name>", and not under alias/aws/ (reserved for AWS-managed keys).`);
    }
    this.alias = props.pin(
      new KmsAlias(scope, props.aliasId ?? `${id}Alias`, {
        ...(props.provider ? { provider: props.provider } : {}),
        name: props.aliasName,
        targetKeyId: this.keyId,
      }),
      ...address,
    );
  }
}
