/**
 * The residency walk over synthesized stacks: every resource that holds a location's data (Aurora
 * clusters, global-database members, backup copy targets, replicated buckets, search domains, file
 * systems and their replicas) must be in a region of that location's zone. Pure: stack JSON in,
 * violations out; `itsm-scale diff` and the tests read it.
 */

/** The parts of a stack's JSON the walk reads. */
export interface WalkStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly provider?: Readonly<Record<string, unknown>>;
}

/** What the walk checks against: the zones and whose data each location's is. */
export interface ResidencyRules {
  /** Zone name → its regions. */
  readonly zones: Readonly<Record<string, readonly string[]>>;
  /** Location → its data home (a zone). */
  readonly homes: Readonly<Record<string, string>>;
  /** Database groups whose data may span zones (no personal data, or opted in with a reason). */
  readonly crossZoneGroups: readonly string[];
}

/** One copy or holder of a location's data outside the location's zone. */
export interface ResidencyViolation {
  readonly stack: string;
  /** Terraform address, `<type>.<name>`. */
  readonly resource: string;
  /** Where the data is, or is copied to. */
  readonly region: string;
  readonly location: string;
  readonly zone: string;
  readonly message: string;
}

const REGION = /[a-z]{2}(?:-gov)?-[a-z]+-\d/;

/** The stack's region: its default AWS provider's. */
export function stackRegion(stack: WalkStack): string | undefined {
  const providers = stack.provider?.['aws'];
  if (!Array.isArray(providers)) return undefined;
  const main = providers.find((p: { alias?: string }) => p.alias === undefined) as { region?: string } | undefined;
  return main?.region;
}

/** Every resource holding a location's data outside the location's zone. */
export function residencyViolations(stacks: ReadonlyMap<string, WalkStack> | Readonly<Record<string, WalkStack>>, rules: ResidencyRules): ResidencyViolation[] {
  const entries = stacks instanceof Map ? [...stacks.entries()] : Object.entries(stacks as Record<string, WalkStack>);
  const locations = Object.keys(rules.homes);
  const violations: ResidencyViolation[] = [];
  for (const [name, stack] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const region = stackRegion(stack);
    const resources = stack.resource ?? {};
    if (!region) continue;
    // Whose data the stack holds: each partition's location, everyone's for a group that is neither partitioned nor allowed to span zones.
    const held = new Set<string>();
    const clusters = entriesOf(resources, 'aws_rds_cluster');
    for (const [, cluster] of clusters) for (const l of heldBy(cluster, rules, locations)) held.add(l);
    const check = (resource: string, where: string, holders: Iterable<string>, what: string) => {
      for (const location of holders) {
        const zone = rules.homes[location]!;
        if (!(rules.zones[zone] ?? []).includes(where)) {
          violations.push({ stack: name, resource, region: where, location, zone, message: `${what} in ${where} holds data of location ${location}, whose zone ${zone} is ${(rules.zones[zone] ?? []).join(', ') || '(no regions)'}` });
        }
      }
    };
    for (const [id, cluster] of clusters) check(`aws_rds_cluster.${id}`, region, heldBy(cluster, rules, locations), `cluster ${String(cluster['cluster_identifier'])}`);
    for (const [id, plan] of entriesOf(resources, 'aws_backup_plan')) {
      for (const rule of (plan['rule'] as { copy_action?: { destination_vault_arn?: string }[] }[] | undefined) ?? []) {
        for (const copy of rule.copy_action ?? []) {
          const target = REGION.exec(copy.destination_vault_arn ?? '')?.[0];
          if (target) check(`aws_backup_plan.${id}`, target, held, `backup copy to ${copy.destination_vault_arn}`);
        }
      }
    }
    for (const [id, config] of entriesOf(resources, 'aws_s3_bucket_replication_configuration')) {
      for (const rule of (config['rule'] as { id?: string; destination?: { bucket?: string } }[] | undefined) ?? []) {
        const target = REGION.exec(rule.destination?.bucket ?? '')?.[0];
        if (target) check(`aws_s3_bucket_replication_configuration.${id}`, target, held, `replication rule ${rule.id ?? ''} to ${rule.destination?.bucket}`);
      }
    }
    for (const [id, config] of entriesOf(resources, 'aws_efs_replication_configuration')) {
      for (const destination of (config['destination'] as { region?: string }[] | undefined) ?? []) {
        if (destination.region) check(`aws_efs_replication_configuration.${id}`, destination.region, held, 'file-system replica');
      }
    }
    for (const type of ['aws_opensearch_domain', 'aws_efs_file_system', 'aws_s3_bucket', 'aws_backup_vault', 'aws_elasticache_replication_group']) {
      for (const id of Object.keys(resources[type] ?? {})) check(`${type}.${id}`, region, held, type.replace(/^aws_/, ''));
    }
  }
  return violations;
}

/** Locations whose data an Aurora cluster holds, from its `group` tag (`<group>` or the partition `<group>-<location>`). */
function heldBy(cluster: Readonly<Record<string, unknown>>, rules: ResidencyRules, locations: readonly string[]): string[] {
  const group = String((cluster['tags'] as Record<string, string> | undefined)?.['group'] ?? '');
  const location = locations.find((l) => group.endsWith(`-${l}`));
  if (location !== undefined) return [location];
  if (rules.crossZoneGroups.includes(group)) return [];
  return [...locations];
}

type Resources = NonNullable<WalkStack['resource']>;

function entriesOf(resources: Resources, type: string): [string, Readonly<Record<string, unknown>>][] {
  return Object.entries(resources[type] ?? {});
}
