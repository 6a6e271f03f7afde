/**
 * `npx tsx scripts/refresh-prices.ts OFFER.json [OFFER.json ...] [--write]`: updates capacity/prices/aws-prices.json
 * from AWS Price List bulk API offer files downloaded beforehand (offline: this script never goes to the network),
 * e.g. https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json.
 *
 * It reads the instance-hour items of EC2 (`ec2.instance.<type>`), Aurora (`aurora.instance.<class>`),
 * ElastiCache (`elasticache.node.<engine>.<type>`) and OpenSearch (`opensearch.instance.<type>`): the product
 * whose attributes match (Linux, shared tenancy, no pre-installed software; Aurora PostgreSQL; the engine) and its
 * on-demand USD price. Each price it finds gets `verified: "price-list-api"` and the offer's publication date as
 * `takenOn`. Without `--write` it prints what would change. Other items stay as they are: refresh them by hand from
 * their pricing page (docs/cost.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PriceEntry, PriceFile } from '../capacity/prices';

const PRICE_FILE = join(__dirname, '..', 'capacity', 'prices', 'aws-prices.json');

/** The parts of an offer file this script reads. */
export interface OfferFile {
  readonly offerCode: string;
  readonly publicationDate: string;
  readonly products: Record<string, { readonly sku: string; readonly productFamily?: string; readonly attributes: Record<string, string> }>;
  readonly terms: { readonly OnDemand?: Record<string, Record<string, { readonly priceDimensions: Record<string, { readonly unit: string; readonly pricePerUnit: { readonly USD?: string } }> }>> };
}

/** Region codes of the offer files' `regionCode` attribute are the region names themselves. */
function priceKeyOf(offer: string, attributes: Record<string, string>): string | undefined {
  const type = attributes['instanceType'];
  if (!type) return undefined;
  switch (offer) {
    case 'AmazonEC2':
      if (attributes['operatingSystem'] === 'Linux' && attributes['tenancy'] === 'Shared' && attributes['preInstalledSw'] === 'NA' && attributes['capacitystatus'] === 'Used' && attributes['licenseModel'] !== 'Bring your own license') {
        return `ec2.instance.${type}`;
      }
      return undefined;
    case 'AmazonRDS':
      return attributes['databaseEngine'] === 'Aurora PostgreSQL' && attributes['deploymentOption'] === 'Single-AZ' && !/IO-?Optimized/i.test(attributes['storage'] ?? '') ? `aurora.instance.${type}` : undefined;
    case 'AmazonElastiCache': {
      const engine = (attributes['cacheEngine'] ?? '').toLowerCase();
      return engine === 'valkey' || engine === 'redis' ? `elasticache.node.${engine}.${type}` : undefined;
    }
    case 'AmazonES':
      return `opensearch.instance.${type}`;
    default:
      return undefined;
  }
}

/** The on-demand USD prices of an offer file, by `<key>@<region>`. */
export function offerPrices(offer: OfferFile): Map<string, number> {
  const prices = new Map<string, number>();
  for (const product of Object.values(offer.products)) {
    const region = product.attributes['regionCode'];
    const key = priceKeyOf(offer.offerCode, product.attributes);
    if (!region || !key) continue;
    for (const term of Object.values(offer.terms.OnDemand?.[product.sku] ?? {})) {
      for (const dimension of Object.values(term.priceDimensions)) {
        const usd = Number(dimension.pricePerUnit.USD);
        if (/^h(ou)?rs?$/i.test(dimension.unit) && Number.isFinite(usd) && usd > 0) prices.set(`${key}@${region}`, usd);
      }
    }
  }
  return prices;
}

/** The price file with every entry the offers price updated; returns the new file and the changes as lines. */
export function refreshed(file: PriceFile, offers: readonly OfferFile[]): { file: PriceFile; changes: string[] } {
  const changes: string[] = [];
  let latest = file.takenOn;
  const updated: PriceEntry[] = file.prices.map((entry) => {
    for (const offer of offers) {
      const usd = offerPrices(offer).get(`${entry.key}@${entry.region}`);
      if (usd === undefined) continue;
      const takenOn = offer.publicationDate.slice(0, 10);
      if (takenOn > latest) latest = takenOn;
      if (usd !== entry.usd) changes.push(`${entry.key} in ${entry.region}: ${entry.usd} → ${usd} ${entry.unit}`);
      return { ...entry, usd, takenOn, verified: 'price-list-api' as const };
    }
    return entry;
  });
  return { file: { ...file, takenOn: latest, prices: updated }, changes };
}

/** The file as the repository keeps it: one price entry per line. */
export function formatPriceFile(file: PriceFile): string {
  const text = JSON.stringify({ $schema: './aws-prices.schema.json', ...file }, null, 2);
  const lines = file.prices.map((p) => `    ${JSON.stringify(p)}`);
  return `${text.replace(/"prices": \[[\s\S]*?\n {2}\],\n {2}"free"/, `"prices": [\n${lines.join(',\n')}\n  ],\n  "free"`)}\n`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const paths = args.filter((a) => a !== '--write');
  if (paths.length === 0) {
    process.stderr.write('usage: npx tsx scripts/refresh-prices.ts OFFER.json [OFFER.json ...] [--write]\n');
    process.exit(1);
  }
  const current = JSON.parse(readFileSync(PRICE_FILE, 'utf8')) as PriceFile & { $schema?: string };
  const { $schema: _schema, ...file } = current;
  const offers = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as OfferFile);
  const result = refreshed(file, offers);
  process.stdout.write(result.changes.length > 0 ? `${result.changes.join('\n')}\n` : 'no price changed\n');
  if (write) writeFileSync(PRICE_FILE, formatPriceFile(result.file));
}
