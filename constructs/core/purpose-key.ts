import { Construct } from 'constructs';
import { CustomerManagedKey } from './customer-managed-key';
import { addressPinner, logicalId } from './logical-id';
import { physicalName } from '../../foundation/naming';
import { Tags } from './tags';

/** What every {@link PurposeKey} takes. */
export interface PurposeKeyProps {
  /** Physical name prefix, e.g. `prod-us-east-1`. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** @default - no extra tags */
  readonly tags?: Tags;
}

/** What a {@link PurposeKey} subclass decides: what the key is for and its policy. */
export interface PurposeKeySpec {
  /** The name suffix of the alias and Name tag, e.g. `ebs` for `alias/prod-us-east-1-ebs`. */
  readonly purpose: string;
  readonly description: string;
  /** The key policy document. */
  readonly policy: object;
}

/**
 * A construct that is one customer-managed key of a region for one purpose (EBS volumes, application data):
 * `Key` and `Alias` under it, alias `alias/<name>-<purpose>`, addressed by the construct id. Subclasses give
 * the purpose and the policy.
 */
export abstract class PurposeKey extends Construct {
  /** ARN of the key. */
  public readonly keyArn: string;

  protected constructor(scope: Construct, id: string, props: PurposeKeyProps, spec: PurposeKeySpec) {
    super(scope, id);
    const key = new CustomerManagedKey(this, 'Key', {
      description: spec.description,
      policy: spec.policy,
      aliasName: `alias/${physicalName(props.name, spec.purpose)}`,
      aliasId: 'Alias',
      tags: { ...props.tags, Name: physicalName(props.name, spec.purpose) },
      pin: addressPinner(logicalId(id)),
    });
    this.keyArn = key.arn;
  }
}
