import { Construct } from 'constructs';
import { AddressPinner, addressPinner, logicalId } from './logical-id';
import { nameTagger, NameTagger, Tags } from './tags';

/** What the props of a {@link ToolkitConstruct} have: a physical name prefix and extra tags. */
export interface ToolkitConstructProps {
  /** Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. */
  readonly name: string;
  /** Extra tags for every taggable resource. */
  readonly tags?: Tags;
}

/**
 * The base of the constructs whose resources are addressed by construct id: it keeps the props and gives
 * every step the construct's `pin` and `tagsFor`, so no construct repeats that preamble.
 */
export abstract class ToolkitConstruct<P extends ToolkitConstructProps> extends Construct {
  protected readonly props: P;
  /** Pins a resource's Terraform address to `<construct id>[_<parts>]`. */
  protected readonly pin: AddressPinner;
  /** The construct's tags plus a `Name` of `<name>-<parts>`. */
  protected readonly tagsFor: NameTagger;

  protected constructor(scope: Construct, id: string, props: P) {
    super(scope, id);
    this.props = props;
    this.pin = addressPinner(logicalId(id));
    this.tagsFor = nameTagger(props.tags, props.name);
  }
}
