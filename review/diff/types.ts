/**
 * Types of `itsm-scale diff`: two synth outputs (cdktf.out layout) in, a classified report out.
 * Pure data: no cdktf, no I/O.
 */

/** A JSON value as found in `cdk.tf.json`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** One synthesized stack: the parsed `stacks/<name>/cdk.tf.json`. Only the blocks the diff reads are typed. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly data?: Record<string, Record<string, JsonObject>>;
  readonly output?: Record<string, JsonObject>;
  readonly provider?: Record<string, Json>;
  readonly terraform?: JsonObject;
  /** `moved` blocks (`stack.addOverride('moved', [{ from, to }])`). */
  readonly moved?: Json;
  /** `removed` blocks (Terraform >= 1.7): `[{ from, lifecycle: { destroy: false } }]`. */
  readonly removed?: Json;
  readonly [block: string]: Json | undefined;
}

/** A whole synth output: stack name → stack JSON, plus how to call it in the report. */
export interface SynthOutput {
  /** How the report names this side (the directory as given, or `<ref>` for `--base`). */
  readonly label: string;
  readonly stacks: ReadonlyMap<string, StackJson>;
  /** `plans/<env>.json` of the output (the plan report JSON with its cost), by environment; absent in outputs of earlier versions. */
  readonly plans?: ReadonlyMap<string, Json>;
}

/**
 * How much a change matters to a reviewer:
 * - `data-risk`: a stateful resource is destroyed or replaced (its data is lost or must be restored);
 * - `disruptive`: serving traffic is interrupted (load balancer, fleet, network or DNS removed or replaced);
 * - `safe`: everything else (additions, tag changes, in-place updates, moves).
 */
export type ChangeClass = 'data-risk' | 'disruptive' | 'safe';

/** Every class, most serious first. */
export const CHANGE_CLASSES: readonly ChangeClass[] = ['data-risk', 'disruptive', 'safe'];

/** What Terraform would do to a resource address. */
export type ChangeAction = 'add' | 'remove' | 'update' | 'replace' | 'move';

/** One changed attribute. `before` absent: the attribute is new; `after` absent: it was removed. */
export interface AttributeChange {
  /** Path inside the resource: `tags.owner`, `lifecycle.ignore_changes[0]`, `policy{json}.Statement[0].Action`. */
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
  /** Why a textually unchanged value changes (`aws_kms_key.x is replaced`), or other remarks. */
  readonly note?: string;
}

/** One resource (or data source) address that differs between the two sides. */
export interface ResourceChange {
  readonly stack: string;
  /** Terraform address after the change (`aws_rds_cluster.tickets_shard_02`, `data.aws_iam_policy_document.x`). */
  readonly address: string;
  /** Resource type (`aws_rds_cluster`; `data.aws_x` for data sources). */
  readonly type: string;
  readonly name: string;
  readonly action: ChangeAction;
  readonly class: ChangeClass;
  /** Sentences explaining the class, most important first. */
  readonly reasons: readonly string[];
  /** Attributes whose change forces replacement (root attribute names), for `replace`. */
  readonly forcing: readonly string[];
  /** Attribute-level differences (for `update`, `replace` and `move`; empty for `add` and `remove`). */
  readonly attributes: readonly AttributeChange[];
  /** For `move`: the old address. */
  readonly movedFrom?: string;
  /** For a detected (undeclared) `move`: the HCL `moved` block that keeps the resource. */
  readonly movedBlock?: string;
  /** For `move`: true when the after side already declares it with a `moved` block. */
  readonly declaredMove?: boolean;
}

/** An output added, removed or changed. Outputs never destroy anything; they are listed apart. */
export interface OutputChange {
  readonly stack: string;
  readonly name: string;
  readonly action: 'add' | 'remove' | 'update';
  readonly attributes: readonly AttributeChange[];
}

/** A change of a stack-level block: the Terraform settings (backend, required providers) or a provider. */
export interface SettingChange {
  readonly stack: string;
  /** `terraform` or `provider.<name>`. */
  readonly block: string;
  readonly class: ChangeClass;
  readonly reasons: readonly string[];
  readonly attributes: readonly AttributeChange[];
}

/** Counts per class (resources and settings; a move counts as safe and again under `moves`). */
export interface ClassCounts {
  readonly dataRisk: number;
  readonly disruptive: number;
  readonly safe: number;
  readonly moves: number;
}

/** Per-stack summary line. */
export interface StackSummary extends ClassCounts {
  readonly stack: string;
  /** `added`/`removed`: the whole stack appears or disappears. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: number;
  readonly removed: number;
  readonly updated: number;
  readonly replaced: number;
  readonly outputs: number;
}

/** A region's endpoint that serves traffic but that no DNS record of another stack routes to (outside DNS failover). */
export interface UncoveredEndpoint {
  readonly stack: string;
  /** The endpoint name, e.g. `eu-west-1.itsm.example.com`. */
  readonly endpoint: string;
  /** Whether the stack is new in this change. */
  readonly newStack: boolean;
  readonly reason: string;
}

/** The whole comparison. Lists are sorted (stack, then address) so that the report is deterministic. */
export interface DiffReport {
  readonly before: string;
  readonly after: string;
  readonly counts: ClassCounts;
  /** Every stack of either side, sorted by name. */
  readonly stacks: readonly StackSummary[];
  readonly changes: readonly ResourceChange[];
  readonly outputs: readonly OutputChange[];
  readonly settings: readonly SettingChange[];
  /** Regions of the after side that serve traffic outside DNS failover. */
  readonly uncovered: readonly UncoveredEndpoint[];
  /** The monthly cost change per environment (from the outputs' plans); empty when neither output has plans. */
  readonly cost: readonly CostChange[];
}

/** One driver's monthly change at the horizon (`module:incident`, `database:tickets`, `region:us-west-2`, …). */
export interface CostDriverChange {
  readonly driver: string;
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly deltaUsd: number;
}

/** What one environment's monthly cost does between the two outputs. */
export interface CostChange {
  readonly environment: string;
  /** Scenarios the two plans were made for (they differ for `synth --scenario`). */
  readonly beforeScenario: string | null;
  readonly afterScenario: string | null;
  readonly todayBeforeUsd: number;
  readonly todayAfterUsd: number;
  readonly horizonBeforeUsd: number;
  readonly horizonAfterUsd: number;
  /** After minus before at the horizon (a positive figure costs more). */
  readonly horizonDeltaUsd: number;
  readonly todayDeltaUsd: number;
  /** Drivers whose horizon cost changed, largest change first. */
  readonly drivers: readonly CostDriverChange[];
}
