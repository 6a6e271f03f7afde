/**
 * The comparison of two synth outputs: per stack, resources added, removed, changed (attribute by
 * attribute), replaced or moved, each classified DATA RISK / DISRUPTIVE / SAFE; outputs; stack
 * settings. Pure: takes parsed JSON (see load.ts for reading directories), returns a DiffReport.
 *
 * What Terraform would do is inferred from the configuration alone (no state, no provider):
 * - an argument listed in tables.ts changes → the resource is replaced (unless
 *   `lifecycle.ignore_changes` covers it);
 * - a reference (`${aws_kms_key.x.arn}`) to a resource that is replaced, or to a configured
 *   argument that changes, changes the referring value too, even when its text is the same. This
 *   cascades: a replaced KMS key replaces the cluster encrypted with it.
 * - a removed address and an added address of the same type whose content is identical (after
 *   renaming references) is a move, reported with the `moved` block that keeps the resource.
 */
import { newResidencyViolations } from '../residency/risks';
import { ResidencyViolation } from '../residency/walk';
import { diffCost } from './cost';
import { uncoveredEndpoints } from './failover';
import { slotMapChange, slotMapReasons } from './slot-map';
import { forcingAttributes, isDisruptive, isStateful, DISRUPTIVE_REPLACEMENT } from './tables';
import {
  AttributeChange,
  ChangeAction,
  ChangeClass,
  ClassCounts,
  DiffReport,
  Json,
  JsonObject,
  OutputChange,
  ResourceChange,
  SettingChange,
  StackJson,
  StackSummary,
  SynthOutput,
} from './types';
import {
  byCodeUnits,
  canonical,
  deepEqual,
  diffValues,
  isObject,
  listDelta,
  referencesIn,
  renameAddresses,
  rootOf,
  stringLeaves,
  valueAt,
  withoutMeta,
  Reference,
} from './values';

/** One resource or data source of a stack. */
interface Entry {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly body: JsonObject;
}

/** A resource present on both sides (possibly under a new address). */
interface Pair {
  readonly before: Entry;
  readonly after: Entry;
  /** Old address when the resource moved. */
  readonly movedFrom?: string;
  readonly declaredMove: boolean;
}

/** Added resources of every stack by content, for the cross-stack move hint. */
type ContentIndex = ReadonlyMap<string, ReadonlyArray<{ stack: string; address: string }>>;

/**
 * Compares two synth outputs. Every stack of either side is compared; a stack present on one
 * side only counts as wholly added or removed.
 */
export function diffSynth(before: SynthOutput, after: SynthOutput): DiffReport {
  const names = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])].sort(byCodeUnits);
  const index = addedContentIndex(names, before, after);
  const results = withResidencyRisks(
    names.map((name) => diffStack(name, before.stacks.get(name), after.stacks.get(name), index)),
    newResidencyViolations(before, after),
    (stack, changes, outputs, settings) => summarize(stack, before.stacks.get(stack), after.stacks.get(stack), changes, outputs, settings),
  );
  const changes = results.flatMap((r) => r.changes);
  const settings = results.flatMap((r) => r.settings);
  return {
    before: before.label,
    after: after.label,
    counts: countClasses(changes, settings),
    stacks: results.map((r) => r.summary),
    changes,
    outputs: results.flatMap((r) => r.outputs),
    settings,
    uncovered: uncoveredEndpoints(before, after),
    cost: diffCost(before, after),
  };
}

/**
 * Marks each change that puts a location's data outside its zone as DATA RISK (residency), with the resource and
 * the regions; a resource that did not change itself but now holds such data (its stack took in another zone's
 * partition) gets an entry of its own.
 */
function withResidencyRisks(
  results: StackResult[],
  violations: readonly ResidencyViolation[],
  summarizeStack: (stack: string, changes: ResourceChange[], outputs: OutputChange[], settings: SettingChange[]) => StackSummary,
): StackResult[] {
  if (violations.length === 0) return results;
  return results.map((result) => {
    const stack = result.summary.stack;
    const mine = violations.filter((v) => v.stack === stack);
    if (mine.length === 0) return result;
    const changes = [...result.changes];
    const reasonsOf = new Map<string, string[]>();
    for (const violation of mine) {
      const list = reasonsOf.get(violation.resource) ?? [];
      list.push(`DATA RISK (residency): ${violation.message} (${violation.resource}; allowed: ${violation.zone})`);
      reasonsOf.set(violation.resource, list);
    }
    for (const [address, reasons] of reasonsOf) {
      const index = changes.findIndex((c) => c.address === address);
      if (index >= 0) {
        const change = changes[index]!;
        changes[index] = { ...change, class: 'data-risk', reasons: [...reasons, ...change.reasons] };
      } else {
        const [type = '', name = ''] = address.split('.');
        changes.push({ stack, address, type, name, action: 'update', class: 'data-risk', reasons, forcing: [], attributes: [] });
      }
    }
    changes.sort((x, y) => byCodeUnits(x.address, y.address));
    return { ...result, changes, summary: summarizeStack(stack, changes, result.outputs, result.settings) };
  });
}

interface StackResult {
  readonly summary: StackSummary;
  readonly changes: ResourceChange[];
  readonly outputs: OutputChange[];
  readonly settings: SettingChange[];
}

function diffStack(stack: string, before: StackJson | undefined, after: StackJson | undefined, index: ContentIndex): StackResult {
  const b = entriesOf(before);
  const a = entriesOf(after);
  const removed = [...b.keys()].filter((address) => !a.has(address)).sort();
  const added = [...a.keys()].filter((address) => !b.has(address)).sort();
  const { renames, declared } = findMoves(b, a, removed, added, after);
  const movedTo = new Set(renames.values());

  const pairs: Pair[] = [];
  for (const address of [...b.keys()].filter((x) => a.has(x)).sort()) pairs.push({ before: b.get(address)!, after: a.get(address)!, declaredMove: false });
  for (const [from, to] of renames) pairs.push({ before: b.get(from)!, after: a.get(to)!, movedFrom: from, declaredMove: declared.has(to) });

  const evaluated = evaluatePairs(pairs, a, renames);
  const changes: ResourceChange[] = [];
  for (const address of added.filter((x) => !movedTo.has(x))) changes.push(addedChange(stack, a.get(address)!));
  const forgotten = forgottenAddresses(after);
  for (const address of removed.filter((x) => !renames.has(x))) {
    changes.push(removedChange(stack, b.get(address)!, { stackRemoved: after === undefined, forgotten: forgotten.has(address), added, a, index }));
  }
  for (const item of evaluated) {
    const change = pairChange(stack, item);
    if (change) changes.push(change);
  }
  changes.sort((x, y) => byCodeUnits(x.address, y.address));

  const outputs = diffOutputs(stack, before, after, renames);
  const settings = before && after ? diffSettings(stack, before, after) : [];
  return { summary: summarize(stack, before, after, changes, outputs, settings), changes, outputs, settings };
}

// ---------------------------------------------------------------------------------------------
// Reading a stack

function entriesOf(stack: StackJson | undefined): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (!stack) return out;
  const add = (block: Record<string, Record<string, JsonObject>> | undefined, prefix: string): void => {
    for (const [type, byName] of Object.entries(block ?? {})) {
      if (!isObject(byName as Json)) continue;
      for (const [name, body] of Object.entries(byName)) {
        const fullType = `${prefix}${type}`;
        out.set(`${fullType}.${name}`, { address: `${fullType}.${name}`, type: fullType, name, body: withoutMeta(body) as JsonObject });
      }
    }
  };
  add(stack.resource, '');
  add(stack.data, 'data.');
  return out;
}

function asList(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `moved` blocks declared by the after side. */
function declaredMoves(stack: StackJson | undefined): Array<{ from: string; to: string }> {
  return asList(stack?.moved)
    .filter(isObject)
    .filter((m) => typeof m['from'] === 'string' && typeof m['to'] === 'string')
    .map((m) => ({ from: m['from'] as string, to: m['to'] as string }));
}

/** Addresses that a `removed` block with `lifecycle { destroy = false }` takes out of state without destroying. */
function forgottenAddresses(stack: StackJson | undefined): Set<string> {
  const out = new Set<string>();
  for (const block of asList(stack?.removed).filter(isObject)) {
    const lifecycle = asList(block['lifecycle']).find(isObject);
    if (typeof block['from'] === 'string' && lifecycle && lifecycle['destroy'] === false) out.add(block['from']);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Moves

function findMoves(
  b: Map<string, Entry>,
  a: Map<string, Entry>,
  removed: readonly string[],
  added: readonly string[],
  after: StackJson | undefined,
): { renames: Map<string, string>; declared: Set<string> } {
  const renames = new Map<string, string>();
  const declared = new Set<string>();
  for (const { from, to } of declaredMoves(after)) {
    if (removed.includes(from) && added.includes(to) && b.get(from)!.type === a.get(to)!.type) {
      renames.set(from, to);
      declared.add(to);
    }
  }
  // Identical content, repeated: renaming one resource can make the ones referring to it identical.
  for (;;) {
    const taken = new Set(renames.values());
    const groups = new Map<string, { removed: string[]; added: string[] }>();
    const group = (key: string): { removed: string[]; added: string[] } => {
      let found = groups.get(key);
      if (!found) groups.set(key, (found = { removed: [], added: [] }));
      return found;
    };
    for (const address of removed.filter((x) => !renames.has(x))) {
      const entry = b.get(address)!;
      group(`${entry.type}|${canonical(renameAddresses(entry.body, renames))}`).removed.push(address);
    }
    for (const address of added.filter((x) => !taken.has(x))) {
      const entry = a.get(address)!;
      group(`${entry.type}|${canonical(entry.body)}`).added.push(address);
    }
    let found = false;
    for (const g of groups.values()) {
      // Only unambiguous pairs: with two identical candidates either could be the old one.
      if (g.removed.length === 1 && g.added.length === 1) {
        renames.set(g.removed[0]!, g.added[0]!);
        found = true;
      }
    }
    if (!found) return { renames, declared };
  }
}

/** The HCL `moved` block that tells Terraform an address was renamed. */
export function movedBlock(from: string, to: string): string {
  return `moved {\n  from = ${from}\n  to   = ${to}\n}`;
}

function addedContentIndex(names: readonly string[], before: SynthOutput, after: SynthOutput): ContentIndex {
  const index = new Map<string, Array<{ stack: string; address: string }>>();
  for (const stack of names) {
    const b = entriesOf(before.stacks.get(stack));
    for (const entry of entriesOf(after.stacks.get(stack)).values()) {
      if (b.has(entry.address)) continue;
      const key = `${entry.type}|${canonical(entry.body)}`;
      index.set(key, [...(index.get(key) ?? []), { stack, address: entry.address }]);
    }
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Pairs: attribute changes, reference cascade, replacement

interface Evaluated {
  readonly pair: Pair;
  readonly attributes: AttributeChange[];
  readonly forcing: string[];
  readonly ignoredAll: boolean;
  readonly albSubnets: boolean;
}

function evaluatePairs(pairs: readonly Pair[], a: Map<string, Entry>, renames: ReadonlyMap<string, string>): Evaluated[] {
  const beforeOf = new Map<string, JsonObject>();
  for (const pair of pairs) beforeOf.set(pair.after.address, renameAddresses(pair.before.body, renames) as JsonObject);
  const textual = new Map<string, AttributeChange[]>();
  for (const pair of pairs) textual.set(pair.after.address, diffValues(beforeOf.get(pair.after.address), pair.after.body));

  // Fixed point: each round may replace more resources, whose references then change.
  let replaced = new Set<string>();
  for (;;) {
    const results = pairs.map((pair) => {
      const address = pair.after.address;
      const own = textual.get(address)!;
      const cascade = cascadeChanges(pair.after.body, own, { a, beforeOf, replaced });
      const attributes = [...own, ...cascade].sort((x, y) => byCodeUnits(x.path, y.path));
      return { pair, attributes: originalBefore(attributes, pair, renames), ...replacement(pair.after.type, beforeOf.get(address)!, pair.after.body, attributes) };
    });
    const next = new Set(results.filter((r) => r.forcing.length > 0).map((r) => r.pair.after.address));
    if (next.size === replaced.size && [...next].every((x) => replaced.has(x))) return results;
    replaced = next;
  }
}

/** Changes are found on the before side with renamed references; people should see what it said. */
function originalBefore(attributes: AttributeChange[], pair: Pair, renames: ReadonlyMap<string, string>): AttributeChange[] {
  if (renames.size === 0) return attributes;
  return attributes.map((change) => {
    if (change.before === undefined || change.note !== undefined) return change;
    const original = valueAt(pair.before.body, change.path);
    if (original === undefined || deepEqual(original, change.before)) return change;
    if (deepEqual(original, change.after)) {
      return { ...change, before: original, note: 'still refers to the old address of a moved resource: update the reference (Terraform rejects it)' };
    }
    return { ...change, before: original };
  });
}

interface CascadeContext {
  readonly a: Map<string, Entry>;
  readonly beforeOf: ReadonlyMap<string, JsonObject>;
  readonly replaced: ReadonlySet<string>;
}

/** Changes of values whose text is the same but whose referenced value changes. */
function cascadeChanges(after: JsonObject, own: readonly AttributeChange[], context: CascadeContext): AttributeChange[] {
  const out: AttributeChange[] = [];
  const covered = (path: string): boolean =>
    own.some((c) => c.path === path || path.startsWith(`${c.path}.`) || path.startsWith(`${c.path}[`) || c.path.startsWith(path));
  for (const leaf of stringLeaves(after)) {
    if (covered(leaf.path)) continue;
    const notes = [...new Set(referencesIn(leaf.value).map((ref) => referenceChange(ref, context, new Set())).filter((n): n is string => n !== undefined))];
    if (notes.length > 0) out.push({ path: leaf.path, before: leaf.value, after: leaf.value, note: `value changes: ${notes.join('; ')}` });
  }
  return out;
}

function hasInterpolation(value: Json | undefined): boolean {
  return stringLeaves(value ?? null).some((leaf) => leaf.value.includes('${'));
}

/** Why the value of a reference changes, or undefined when it stays the same (as far as configuration tells). */
function referenceChange(ref: Reference, context: CascadeContext, visiting: Set<string>): string | undefined {
  const target = context.a.get(ref.address);
  const before = context.beforeOf.get(ref.address);
  if (!target || !before) return undefined; // new or unknown resource: the referring text changed anyway
  const key = `${ref.address}.${ref.attribute}`;
  if (visiting.has(key)) return undefined;
  visiting.add(key);
  const configuredAfter = ref.attribute ? target.body[ref.attribute] : undefined;
  const configuredBefore = ref.attribute ? before[ref.attribute] : undefined;
  if (context.replaced.has(ref.address)) {
    const known = configuredAfter !== undefined && !hasInterpolation(configuredAfter) && deepEqual(configuredAfter, configuredBefore);
    return known ? undefined : `${ref.address} is replaced`;
  }
  if (configuredAfter === undefined && configuredBefore === undefined) return undefined;
  if (!deepEqual(configuredAfter, configuredBefore)) return `${key} changes`;
  for (const leaf of stringLeaves(configuredAfter ?? null)) {
    for (const inner of referencesIn(leaf.value)) {
      const why = referenceChange(inner, context, visiting);
      if (why) return `${key} changes (${why})`;
    }
  }
  return undefined;
}

/** `lifecycle.ignore_changes` of a body: attribute names, or 'all'. */
function ignoredChanges(body: JsonObject): readonly string[] | 'all' {
  const lifecycle = asList(body['lifecycle']).find(isObject);
  const ignore = lifecycle?.['ignore_changes'];
  if (ignore === 'all') return 'all';
  return asList(ignore).filter((x): x is string => typeof x === 'string').map(rootOf);
}

/** Replacement-forcing roots among the changed attributes, with the conditional rules of tables.ts. */
function replacement(
  type: string,
  before: JsonObject,
  after: JsonObject,
  attributes: readonly AttributeChange[],
): { forcing: string[]; ignoredAll: boolean; albSubnets: boolean } {
  const ignored = ignoredChanges(after);
  if (ignored === 'all') return { forcing: [], ignoredAll: true, albSubnets: false };
  const roots = [...new Set(attributes.map((c) => rootOf(c.path)))].filter((root) => !ignored.includes(root));
  const table = forcingAttributes(type);
  const forcing = new Set(roots.filter((root) => table.includes(root)));
  let albSubnets = false;

  if (type === 'aws_rds_cluster') {
    // CustomizeDiff: storage_type is mutable on Aurora only.
    if (roots.includes('storage_type') && !String(after['engine'] ?? '').startsWith('aurora')) forcing.add('storage_type');
    // DiffSuppressFunc: removing snapshot_identifier does not force re-creation.
    if (after['snapshot_identifier'] === undefined || after['snapshot_identifier'] === '') forcing.delete('snapshot_identifier');
  }
  if (type === 'aws_ssm_parameter' && roots.includes('tier') && before['tier'] === 'Advanced' && after['tier'] === 'Standard') forcing.add('tier');
  if (type === 'aws_lb') {
    const lbType = String(after['load_balancer_type'] ?? 'application');
    if (roots.includes('subnet_mapping') && subnetMappingForces(before['subnet_mapping'], after['subnet_mapping'], lbType)) forcing.add('subnet_mapping');
    if (lbType === 'network') {
      // customizeDiffLoadBalancerNLB: subnets may only grow in place; security groups cannot go from none to some or back.
      if (roots.includes('subnets') && asList(after['subnets']).length <= asList(before['subnets']).length) forcing.add('subnets');
      const sgBefore = asList(before['security_groups']).length;
      const sgAfter = asList(after['security_groups']).length;
      if (roots.includes('security_groups') && (sgBefore === 0) !== (sgAfter === 0)) forcing.add('security_groups');
    } else if (lbType === 'application' && roots.includes('subnets')) {
      albSubnets = true;
    }
  }
  return { forcing: [...forcing].sort(), ignoredAll: false, albSubnets: albSubnets && forcing.size === 0 };
}

/** customizeDiffLoadBalancerALB/NLB for subnet_mapping: only additions (and, for an ALB, only removals) are in place. */
function subnetMappingForces(before: Json | undefined, after: Json | undefined, lbType: string): boolean {
  const delta = listDelta(asList(before), asList(after));
  if (!delta) return true;
  if (delta.removed.length === 0) return false; // only added (previous mappings kept)
  return !(lbType === 'application' && delta.added.length === 0); // an ALB may drop mappings in place
}

// ---------------------------------------------------------------------------------------------
// Classification

function code(text: string): string {
  return `\`${text}\``;
}

function lifecycleFlag(body: JsonObject, flag: string): boolean {
  return asList(body['lifecycle']).some((l) => isObject(l) && l[flag] === true);
}

function classOfType(type: string): ChangeClass {
  if (type.startsWith('data.')) return 'safe';
  if (isStateful(type)) return 'data-risk';
  if (isDisruptive(type)) return 'disruptive';
  return 'safe';
}

function addedChange(stack: string, entry: Entry): ResourceChange {
  return { stack, address: entry.address, type: entry.type, name: entry.name, action: 'add', class: 'safe', reasons: ['added'], forcing: [], attributes: [] };
}

function removedChange(
  stack: string,
  entry: Entry,
  context: { stackRemoved: boolean; forgotten: boolean; added: readonly string[]; a: Map<string, Entry>; index: ContentIndex },
): ResourceChange {
  const base = { stack, address: entry.address, type: entry.type, name: entry.name, action: 'remove' as ChangeAction, forcing: [], attributes: [] };
  if (context.forgotten) {
    return { ...base, class: 'safe', reasons: ['a `removed` block with `lifecycle { destroy = false }` takes it out of Terraform state and leaves it in AWS'] };
  }
  const klass = classOfType(entry.type);
  const reasons: string[] = [];
  if (klass === 'data-risk') reasons.push(`a stateful ${code(entry.type)} is destroyed: ${lossOf(entry.type)}`);
  else if (klass === 'disruptive') reasons.push(`${code(entry.type)} is destroyed: ${disruptionOf(entry.type)}`);
  else reasons.push('removed');
  if (context.stackRemoved) {
    reasons.push('its whole stack is gone from the synth output: Terraform no longer plans it, and destroying the old stack would delete it');
  }
  if (klass !== 'safe' && lifecycleFlag(entry.body, 'prevent_destroy')) {
    reasons.push('`lifecycle.prevent_destroy` is set, so `terraform plan` stops with an error instead of destroying it');
  }
  if (klass !== 'safe') {
    const sameType = context.added.filter((x) => context.a.get(x)?.type === entry.type);
    if (sameType.length > 0) {
      reasons.push(`${sameType.map(code).join(', ')} was added in the same stack: if that is this resource renamed, keep it with a \`moved\` block from ${code(entry.address)}`);
    }
    const elsewhere = (context.index.get(`${entry.type}|${canonical(entry.body)}`) ?? []).filter((x) => x.stack !== stack);
    for (const other of elsewhere) {
      reasons.push(
        `an identical ${code(entry.type)} was added in stack ${code(other.stack)} as ${code(other.address)}: moving between stacks needs \`terraform state rm\` here and an \`import\` block there (moved blocks work within one state only)`,
      );
    }
  }
  return { ...base, class: klass, reasons };
}

/** What destroying a stateful type loses. */
function lossOf(type: string): string {
  switch (type) {
    case 'aws_rds_cluster':
      return 'the database is deleted (a final snapshot is taken unless `skip_final_snapshot`; automated backups follow `delete_automated_backups`); a replacement starts empty';
    case 'aws_rds_global_cluster':
      return 'the global database is deleted; its member clusters lose cross-region replication';
    case 'aws_kms_key':
      return 'the key is scheduled for deletion, and everything encrypted with it (databases, buckets, backups, logs) becomes unreadable once the deletion window ends';
    case 'aws_s3_bucket':
      return 'its objects are lost (the deletion fails while the bucket is not empty, unless `force_destroy`)';
    case 'aws_backup_vault':
      return 'its recovery points are lost (the deletion fails while it holds any, unless `force_destroy`)';
    case 'aws_cloudwatch_log_group':
      return 'its log events are deleted';
    default:
      return 'the data it holds is lost unless restored from a backup';
  }
}

/** What destroying or replacing a disruptive type does to traffic. */
function disruptionOf(type: string): string {
  if (type.startsWith('aws_lb')) return 'requests routed through it fail until a new one is created and DNS points to it';
  if (type === 'aws_autoscaling_group') return 'its instances are terminated; the module serves nothing until a new group is healthy';
  if (type === 'aws_rds_cluster_instance') return 'the shard loses capacity; replacing the writer forces a failover';
  if (type === 'aws_db_subnet_group') return 'the clusters in it cannot be placed; a cluster referring to it by name is replaced';
  if (type === 'aws_ssm_parameter') return 'readers of the parameter (the shard router reads the slot map) fail while it is missing';
  if (type.startsWith('aws_route53')) return 'the name does not resolve (or fails over) until the record exists again';
  return 'traffic through it stops until it is re-created (network path)';
}

function guardNotes(type: string, before: JsonObject, after: JsonObject): string[] {
  if (!isStateful(type)) return [];
  const notes: string[] = [];
  if (lifecycleFlag(before, 'prevent_destroy') && !lifecycleFlag(after, 'prevent_destroy')) notes.push('⚠ deletion guard weakened: `lifecycle.prevent_destroy` removed');
  if (before['deletion_protection'] === true && after['deletion_protection'] !== true) notes.push('⚠ deletion guard weakened: `deletion_protection` turned off');
  if (before['skip_final_snapshot'] !== true && after['skip_final_snapshot'] === true) notes.push('⚠ deletion guard weakened: `skip_final_snapshot` turned on');
  if (before['force_destroy'] !== true && after['force_destroy'] === true) notes.push('⚠ deletion guard weakened: `force_destroy` turned on');
  return notes;
}

function pairChange(stack: string, item: Evaluated): ResourceChange | undefined {
  const { pair, attributes, forcing } = item;
  const { before, after } = pair;
  if (attributes.length === 0 && !pair.movedFrom) return undefined;
  const moved = pair.movedFrom
    ? { movedFrom: pair.movedFrom, declaredMove: pair.declaredMove, ...(pair.declaredMove ? {} : { movedBlock: movedBlock(pair.movedFrom, after.address) }) }
    : {};
  const base = { stack, address: after.address, type: after.type, name: after.name, attributes, ...moved };
  const movedReason = pair.movedFrom
    ? [pair.declaredMove ? `moved from ${code(pair.movedFrom)} (declared with a \`moved\` block)` : `moved from ${code(pair.movedFrom)}: same content under a new address`]
    : [];

  if (forcing.length > 0) {
    const stateful = isStateful(after.type);
    const klass: ChangeClass = stateful ? 'data-risk' : Object.prototype.hasOwnProperty.call(DISRUPTIVE_REPLACEMENT, after.type) ? 'disruptive' : 'safe';
    const reasons = [
      `${forcing.map(code).join(', ')} ${forcing.length === 1 ? 'forces' : 'force'} replacement: Terraform destroys ${code(after.address)} and creates it again`,
    ];
    if (stateful) reasons.push(`it is stateful: ${lossOf(after.type)}`);
    else if (klass === 'disruptive') reasons.push(disruptionOf(after.type));
    const cascade = attributes.filter((c) => forcing.includes(rootOf(c.path)) && c.note).map((c) => `${code(c.path)}: ${c.note}`);
    reasons.push(...cascade);
    if (lifecycleFlag(after.body, 'prevent_destroy')) reasons.push('`lifecycle.prevent_destroy` is set, so `terraform plan` stops with an error instead of replacing it');
    if (lifecycleFlag(after.body, 'create_before_destroy')) reasons.push('`lifecycle.create_before_destroy`: the new one is created before the old one is destroyed');
    return { ...base, action: 'replace', class: klass, reasons: [...reasons, ...movedReason], forcing };
  }
  const routing = after.type === 'aws_ssm_parameter' ? slotMapChange(before.body['value'], after.body['value']) : undefined;
  if (routing) {
    return { ...base, action: pair.movedFrom ? 'move' : 'update', class: 'data-risk', reasons: [...slotMapReasons(routing), ...movedReason], forcing: [] };
  }
  if (item.albSubnets) {
    return {
      ...base,
      action: 'update',
      class: 'disruptive',
      reasons: [
        '`subnets` of an application load balancer changes in place, which moves its nodes: AWS removes the node (and its IP addresses) in each dropped subnet and adds nodes in new ones; connections on removed nodes are cut and clients that cached the old addresses fail until they resolve the name again',
        ...movedReason,
      ],
      forcing: [],
    };
  }
  const update = item.ignoredAll ? 'in-place update (`lifecycle.ignore_changes = all`: Terraform ignores it)' : 'in-place update';
  const reasons = attributes.length === 0 ? movedReason : [...movedReason, update];
  return { ...base, action: pair.movedFrom ? 'move' : 'update', class: 'safe', reasons: [...reasons, ...guardNotes(after.type, before.body, after.body)], forcing: [] };
}

// ---------------------------------------------------------------------------------------------
// Outputs and settings

function diffOutputs(stack: string, before: StackJson | undefined, after: StackJson | undefined, renames: ReadonlyMap<string, string>): OutputChange[] {
  const b = before?.output ?? {};
  const a = after?.output ?? {};
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: OutputChange[] = [];
  for (const name of names) {
    const x = b[name] === undefined ? undefined : renameAddresses(withoutMeta(b[name]!), renames);
    const y = a[name] === undefined ? undefined : withoutMeta(a[name]!);
    if (x === undefined) out.push({ stack, name, action: 'add', attributes: [] });
    else if (y === undefined) out.push({ stack, name, action: 'remove', attributes: [] });
    else {
      const attributes = diffValues(x, y);
      if (attributes.length > 0) out.push({ stack, name, action: 'update', attributes });
    }
  }
  return out;
}

function diffSettings(stack: string, before: StackJson, after: StackJson): SettingChange[] {
  const out: SettingChange[] = [];
  const terraform = diffValues(withoutMeta(before.terraform ?? {}), withoutMeta(after.terraform ?? {}), 'terraform');
  if (terraform.length > 0) {
    const backend = terraform.some((c) => c.path.startsWith('terraform.backend'));
    out.push({
      stack,
      block: 'terraform',
      class: backend ? 'disruptive' : 'safe',
      reasons: backend
        ? ['the backend changes, so the state moves: run `terraform init -migrate-state` before planning, or Terraform plans against an empty state and tries to create everything again']
        : ['Terraform settings (required versions, providers)'],
      attributes: terraform,
    });
  }
  const providers = [...new Set([...Object.keys(before.provider ?? {}), ...Object.keys(after.provider ?? {})])].sort();
  for (const name of providers) {
    const attributes = diffValues(withoutMeta(before.provider?.[name] ?? null), withoutMeta(after.provider?.[name] ?? null), `provider.${name}`);
    if (attributes.length === 0) continue;
    const moves = attributes.some((c) => /\.(region|allowed_account_ids|assume_role)\b/.test(c.path) || c.path === `provider.${name}`);
    out.push({
      stack,
      block: `provider.${name}`,
      class: moves ? 'disruptive' : 'safe',
      reasons: moves
        ? ['the provider points at another region or account: Terraform looks for every resource of the stack there, finds none, and plans to create them all again while the old ones stay unmanaged']
        : attributes.every((c) => c.path.includes('default_tags'))
          ? ['provider `default_tags` change: every resource of the stack gets an in-place tag update']
          : ['provider settings'],
      attributes,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Counting

function countClasses(changes: readonly ResourceChange[], settings: readonly SettingChange[]): ClassCounts {
  const all = [...changes, ...settings];
  return {
    dataRisk: all.filter((c) => c.class === 'data-risk').length,
    disruptive: all.filter((c) => c.class === 'disruptive').length,
    safe: all.filter((c) => c.class === 'safe').length,
    moves: changes.filter((c) => c.movedFrom !== undefined).length,
  };
}

function summarize(
  stack: string,
  before: StackJson | undefined,
  after: StackJson | undefined,
  changes: readonly ResourceChange[],
  outputs: readonly OutputChange[],
  settings: readonly SettingChange[],
): StackSummary {
  const counts = countClasses(changes, settings);
  const status = before === undefined ? 'added' : after === undefined ? 'removed' : changes.length + outputs.length + settings.length > 0 ? 'changed' : 'unchanged';
  return {
    stack,
    status,
    ...counts,
    added: changes.filter((c) => c.action === 'add').length,
    removed: changes.filter((c) => c.action === 'remove').length,
    updated: changes.filter((c) => c.action === 'update').length,
    replaced: changes.filter((c) => c.action === 'replace').length,
    outputs: outputs.length,
  };
}
