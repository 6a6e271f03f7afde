import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRICES, PriceFile } from '../../capacity/prices';
import { formatPriceFile, OfferFile, offerPrices, refreshed } from '../../scripts/refresh-prices';

/** A two-product EC2 offer: m7i.large Linux in us-east-1, and a Windows one that must be ignored. */
const offer: OfferFile = {
  offerCode: 'AmazonEC2',
  publicationDate: '2027-01-15T00:00:00Z',
  products: {
    A: { sku: 'A', productFamily: 'Compute Instance', attributes: { instanceType: 'm7i.large', regionCode: 'us-east-1', operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used' } },
    B: { sku: 'B', productFamily: 'Compute Instance', attributes: { instanceType: 'm7i.large', regionCode: 'us-east-1', operatingSystem: 'Windows', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used' } },
  },
  terms: {
    OnDemand: {
      A: { 'A.T': { priceDimensions: { 'A.T.D': { unit: 'Hrs', pricePerUnit: { USD: '0.1100000000' } } } } },
      B: { 'B.T': { priceDimensions: { 'B.T.D': { unit: 'Hrs', pricePerUnit: { USD: '0.2000000000' } } } } },
    },
  },
};

describe('scripts/refresh-prices', () => {
  test('reads the Linux on-demand hourly price of a bulk offer file', () => {
    expect([...offerPrices(offer)]).toEqual([['ec2.instance.m7i.large@us-east-1', 0.11]]);
  });

  test('updates only the entries the offers price, with the offer date and price-list-api', () => {
    const { file, changes } = refreshed(DEFAULT_PRICES, [offer]);
    expect(changes).toEqual(['ec2.instance.m7i.large in us-east-1: 0.1008 → 0.11 instance-hour']);
    const entry = file.prices.find((p) => p.key === 'ec2.instance.m7i.large' && p.region === 'us-east-1')!;
    expect(entry).toMatchObject({ usd: 0.11, takenOn: '2027-01-15', verified: 'price-list-api' });
    expect(file.takenOn).toBe('2027-01-15');
    expect(file.prices.filter((p, i) => p !== DEFAULT_PRICES.prices[i])).toHaveLength(1);
  });

  test('writes the file as the repository keeps it', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'capacity', 'prices', 'aws-prices.json'), 'utf8');
    const { $schema: _schema, ...file } = JSON.parse(committed) as PriceFile & { $schema: string };
    expect(formatPriceFile(file)).toBe(committed);
  });
});
