/**
 * One naming convention for physical AWS names: `<env>-<region>-<component>[-<qualifier>...]`,
 * lower-case kebab, e.g. `prod-us-east-1-tickets-shard-02`. Names are deterministic functions
 * of the environment, so another region's stack can derive them without a Terraform reference.
 */
export function physicalName(...parts: ReadonlyArray<string | number>): string {
  const name = parts
    .map((part) => String(part))
    .join('-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (name.length === 0) {
    throw new Error(`physicalName: the parts ${JSON.stringify(parts)} give an empty name; pass at least one alphanumeric part.`);
  }
  return name;
}

/** Two-digit shard number, so that names sort and read well: 2 → `02`. */
export function shardNumber(index: number): string {
  return String(index).padStart(2, '0');
}

/**
 * The identifier of shard `shard`'s global cluster: `<identifierPrefix>-shard-NN`. The same in every
 * region, so each region's stack (and the runbook) derives it without a Terraform reference.
 */
export function globalClusterIdentifier(identifierPrefix: string, shard: number): string {
  return `${identifierPrefix}-shard-${shardNumber(shard)}`;
}
