/**
 * Types of the policy pack: rules are pure functions over one synthesized stack (Terraform JSON),
 * in the manner of cdk-nag, but run on the JSON that Terraform will read rather than on constructs.
 */

/** An `error` fails `itsm-scale check` (and synth, where the caller wires it so) unless suppressed; a `warning` never does. */
export type Severity = 'error' | 'warning';

/** One resource of a synthesized stack. */
export interface ResourceView {
  /** Terraform resource type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform resource name (the logical id), e.g. `attachments`. */
  readonly name: string;
  /** Terraform address `<type>.<name>`, e.g. `aws_s3_bucket.attachments`. */
  readonly address: string;
  /** The resource's attributes as synthesized (snake_case keys; references as `${aws_x.y.attr}` strings), without the `"//"` metadata. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Construct path from the `"//"` metadata, e.g. `prod-us-east-1/attachments/Bucket`; absent when the JSON carries no metadata. */
  readonly path?: string;
}

/** Read access to the whole stack, so that a rule can look at related resources. */
export interface StackView {
  /** Stack name, e.g. `prod-us-east-1`. */
  readonly name: string;
  /** Every resource of the stack, in a stable order (type, then name). */
  readonly resources: readonly ResourceView[];
  /** The resources of one type, ordered by name. */
  ofType(type: string): readonly ResourceView[];
  /** The resource at a Terraform address (`aws_s3_bucket.attachments`), if the stack has it. */
  get(address: string): ResourceView | undefined;
  /**
   * The resources of this stack that `value` refers to through Terraform references
   * (`${aws_kms_key.backup.arn}` anywhere inside it, nested objects and lists included), optionally only those of `type`.
   */
  referencedBy(value: unknown, type?: string): readonly ResourceView[];
  /**
   * The resources of `type` whose top-level `attribute` points at `target`: by a Terraform reference to it, or by a
   * literal string equal to one of `target`'s own `literalKeys` attributes (e.g. a bucket policy whose `bucket` is the
   * bucket's literal name).
   */
  linked(target: ResourceView, type: string, attribute: string, literalKeys?: readonly string[]): readonly ResourceView[];
  /** Tags that the resource's AWS provider adds to every taggable resource (`default_tags`), or `{}`. */
  defaultTags(resource: ResourceView): Readonly<Record<string, string>>;
}

/** What a rule found wrong with one resource: a sentence naming the attribute, the value received and what is expected. */
export interface Violation {
  readonly message: string;
}

/**
 * The outcome of a rule on one resource. `'non-compliant'` reports the rule's title alone; a {@link Violation}
 * says precisely what is wrong and is preferred.
 */
export type RuleOutcome = 'compliant' | 'non-compliant' | 'not-applicable' | Violation;

/** One rule of the pack. Rules are pure: the same resource and stack always give the same outcome. */
export interface PolicyRule {
  /** Stable id `ITSM-<AREA>-<NNN>`, used in findings, suppressions and RULES.md. Never reused for another check. */
  readonly id: string;
  readonly severity: Severity;
  /** What a compliant resource looks like, as a short sentence ("RDS storage is encrypted with a KMS key"). */
  readonly title: string;
  /** Why the rule exists: the risk it prevents. */
  readonly rationale: string;
  /** How to fix a finding, in terms of this toolkit (construct props, YAML) and of the Terraform attribute. */
  readonly remediation: string;
  /** Terraform resource types the rule inspects; `check` is called once per resource of these types. */
  readonly appliesTo: readonly string[];
  check(resource: ResourceView, stack: StackView): RuleOutcome;
}

/**
 * An accepted finding: the environment says why a rule does not hold for some resources. A suppressed finding is
 * still reported (as suppressed, with the reason); it only stops failing the check.
 */
export interface Suppression {
  /** Rule id, e.g. `ITSM-LOG-001`. */
  readonly rule: string;
  /** Terraform addresses (`aws_lb.alb`); `*` matches any characters. Absent: every resource the rule flags. */
  readonly resources?: readonly string[];
  /** Why the finding is accepted (at least 20 characters). */
  readonly reason: string;
}

/** A rule that does not hold for one resource of one stack. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** The rule's title. */
  readonly title: string;
  readonly stack: string;
  /** Terraform address, e.g. `aws_rds_cluster.tickets_shard_01`. */
  readonly address: string;
  /** Construct path, when the stack JSON carries cdktf's metadata. */
  readonly path?: string;
  /** What is wrong with this resource. */
  readonly message: string;
  /** How to fix it (the rule's remediation). */
  readonly remediation: string;
  /** Present when a suppression of the environment covers the finding. */
  readonly suppressed?: { readonly reason: string };
}
