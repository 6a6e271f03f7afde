import 'cdktf/lib/testing/adapters/jest';
import { TerraformStack, Testing } from 'cdktf';
import { DnsFailover, DnsFailoverProps, DnsGeoRouting, geoRoutingProblems, planGeoRecords, planZoneRecords } from '../../constructs/dns-failover';
import { Json } from '../json';

const GEO: DnsGeoRouting = {
  defaultZone: 'us',
  zones: [
    { name: 'eu', routing: 'failover', regions: [{ region: 'eu-central-1', role: 'primary' }, { region: 'eu-west-1', role: 'secondary' }], continents: ['EU'], countries: ['GB'] },
    { name: 'us', routing: 'simple', regions: [{ region: 'us-east-1', role: 'primary' }], continents: ['NA'] },
  ],
};

const PROPS: DnsFailoverProps = {
  name: 'intl-global',
  accountId: '123456789012',
  domain: 'itsm.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  routing: 'failover',
  regions: GEO.zones.flatMap((z) => z.regions),
  healthCheckPath: '/api/incident/health',
  geo: GEO,
};

describe('geolocation routing (pure)', () => {
  test('each zone gets its own records, keyed by zone, failover only among its regions', () => {
    expect(planZoneRecords(GEO.zones[0]!)).toEqual([
      { key: 'eu-eu-central-1', region: 'eu-central-1', setIdentifier: 'eu-central-1', failover: 'PRIMARY', healthChecked: true },
      { key: 'eu-eu-west-1', region: 'eu-west-1', setIdentifier: 'eu-west-1', failover: 'SECONDARY', healthChecked: true },
    ]);
    expect(planZoneRecords(GEO.zones[1]!)).toEqual([{ key: 'us-apex', region: 'us-east-1', healthChecked: false }]);
  });

  test('the apex sends each continent and country to its zone, everyone else to the default zone', () => {
    expect(planGeoRecords(GEO)).toEqual([
      { key: 'eu-eu', zone: 'eu', continent: 'EU' },
      { key: 'eu-gb', zone: 'eu', country: 'GB' },
      { key: 'us-na', zone: 'us', continent: 'NA' },
      { key: 'default', zone: 'us', country: '*' },
    ]);
  });

  test('problems: unknown default zone, a code claimed twice, a bad continent, a zone whose routing does not fit its regions', () => {
    expect(
      geoRoutingProblems({
        defaultZone: 'apac',
        zones: [
          { name: 'eu', routing: 'failover', regions: [{ region: 'eu-central-1', role: 'primary' }], continents: ['EU', 'XX'] },
          { name: 'us', routing: 'simple', regions: [{ region: 'us-east-1', role: 'primary' }], continents: ['EU'] },
        ],
      }),
    ).toEqual([
      'geo.defaultZone "apac" is not one of the zones (eu, us)',
      'zone "eu": routing "failover" needs at least one region with role "secondary" to fail over to, got none; add a standby region, or use routing "simple" for one region',
      'zone "eu": continent "XX" is not a Route 53 continent code (AF, AN, AS, EU, OC, NA, SA)',
      '"EU" goes to both zone "eu" and zone "us"; give it to one',
    ]);
  });
});

describe('DnsFailover with geo', () => {
  const synth = () => JSON.parse(Testing.synthScope((scope) => void new DnsFailover(scope, 'dns', PROPS))) as Json;

  test('zone records answer at <zone>.geo.<domain> with health checks; the apex routes by geolocation to them', () => {
    const records = (synth().resource as Record<string, Record<string, Json>>)['aws_route53_record']!;
    expect(records['dns_eu_eu_central_1']).toMatchObject({
      name: 'eu.geo.itsm.example.com',
      alias: { name: 'eu-central-1.itsm.example.com', evaluate_target_health: true },
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: '${aws_route53_health_check.dns_eu_central_1.id}',
    });
    expect(records['dns_geo_eu_gb']).toMatchObject({
      name: 'itsm.example.com',
      set_identifier: 'eu-gb',
      geolocation_routing_policy: { country: 'GB' },
      alias: { name: 'eu.geo.itsm.example.com', evaluate_target_health: true },
    });
    expect(records['dns_geo_default']).toMatchObject({ geolocation_routing_policy: { country: '*' }, alias: { name: 'us.geo.itsm.example.com' } });
    // no apex record aliases a regional endpoint directly: users only ever reach a zone's name
    for (const record of Object.values(records) as { name: string; alias: { name: string } }[]) {
      if (record.name === 'itsm.example.com') expect(record.alias.name).toMatch(/\.geo\.itsm\.example\.com$/);
    }
  });

  test('a zone region missing from regions is refused with the fix', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    expect(() => new DnsFailover(stack, 'dns', { ...PROPS, regions: [{ region: 'eu-central-1', role: 'primary' }, { region: 'us-east-1', role: 'primary' }] })).toThrow(
      /zone "eu" routes to eu-west-1, which regions does not list; add them to regions/,
    );
  });
});
