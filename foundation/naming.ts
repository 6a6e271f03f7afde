/**
 * One naming convention for physical AWS names: `<env>-<region>-<component>[-<qualifier>...]`,
 * lower-case kebab, e.g. `prod-us-east-1-tickets-shard-02`. Names are deterministic functions
 * of the environment, so another region's stack can derive them without a Terraform reference.
 */
export function physicalName(...parts: ReadonlyArray<string | number>): string {
  const name = joinedLowerCase(parts, '-')
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

const REGION_WORDS: Readonly<Record<string, string>> = {
  north: 'n', south: 's', east: 'e', west: 'w', central: 'c',
  northeast: 'ne', southeast: 'se', northwest: 'nw', southwest: 'sw', gov: 'g', iso: 'i', isob: 'ib',
};

/**
 * A compact, reversible-by-eye code of a region for names AWS keeps short (OpenSearch domains: 28
 * characters): `us-east-1` → `use1`, `eu-central-1` → `euc1`, `ap-southeast-2` → `apse2`,
 * `us-gov-west-1` → `usgw1`. Words it does not know are kept whole, so codes stay distinct.
 */
export function regionCode(region: string): string {
  const [area = '', ...rest] = region.split('-');
  return area + rest.map((part) => REGION_WORDS[part] ?? part).join('');
}

/**
 * Turns name parts into a Terraform-friendly logical id (the name part of a Terraform address): lower snake
 * case, only [a-z0-9_]. The constructs pin every address with it, and the runbook names the same addresses.
 * `logicalId('tickets', 'shard', '02')` → `tickets_shard_02`.
 */
export function logicalId(...parts: ReadonlyArray<string | number>): string {
  const id = joinedLowerCase(parts, '_')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id.length === 0) {
    throw new Error(`logicalId: the parts ${JSON.stringify(parts)} give an empty id; pass at least one alphanumeric part.`);
  }
  // Terraform addresses must not start with a digit.
  return /^[0-9]/.test(id) ? `r_${id}` : id;
}

/** The parts joined by `separator`, camelCase words split by it too (`dataClassification` → `data-classification`), lower-cased. */
function joinedLowerCase(parts: ReadonlyArray<string | number>, separator: '-' | '_'): string {
  return parts
    .map((part) => String(part))
    .join(separator)
    .replace(/([a-z0-9])([A-Z])/g, `$1${separator}$2`)
    .replace(/([A-Z]+)([A-Z][a-z])/g, `$1${separator}$2`)
    .toLowerCase();
}
