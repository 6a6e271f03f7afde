import 'cdktf/lib/testing/adapters/jest';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  domainProblem,
  endpointNameProblem,
  hostedZoneIdProblem,
  RegionalEndpoint,
  regionalEndpointName,
  RegionalEndpointProps,
} from '../../constructs/regional-endpoint';
import { regionProblem } from '../../constructs/core/validation';
import { Json } from '../json';

const BASE_PROPS: RegionalEndpointProps = {
  domain: 'itsm.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  region: 'us-east-1',
  loadBalancerDnsName: 'prod-us-east-1-1234567890.us-east-1.elb.amazonaws.com',
  loadBalancerZoneId: 'Z35SXDOTRQ7X7K',
};

function synthEndpoint(overrides: Partial<RegionalEndpointProps> = {}): string {
  return Testing.synthScope((scope) => {
    new RegionalEndpoint(scope, 'endpoint', { ...BASE_PROPS, ...overrides });
  });
}
function build(overrides: Partial<RegionalEndpointProps> = {}): RegionalEndpoint {
  const stack = new TerraformStack(Testing.app(), 'stack');
  return new RegionalEndpoint(stack, 'endpoint', { ...BASE_PROPS, ...overrides });
}
function resources(synth: string): Record<string, Record<string, Json>> {
  return ((JSON.parse(synth) as Json).resource ?? {}) as Record<string, Record<string, Json>>;
}

describe('regionalEndpointName', () => {
  test('is <region>.<domain>', () => {
    // GIVEN / WHEN / THEN
    expect(regionalEndpointName('us-east-1', 'itsm.example.com')).toBe('us-east-1.itsm.example.com');
    expect(regionalEndpointName('eu-west-1', 'example.org')).toBe('eu-west-1.example.org');
  });
});

describe('RegionalEndpoint: defaults', () => {
  // GIVEN the required props only
  // WHEN synthesized
  const synth = synthEndpoint();

  test('creates exactly one record, at the address of the construct id', () => {
    // THEN
    const all = resources(synth);
    expect(Object.keys(all)).toEqual(['aws_route53_record']);
    expect(Object.keys(all.aws_route53_record ?? {})).toEqual(['endpoint']);
  });

  test('is an A alias <region>.<domain> → the load balancer, evaluating target health', () => {
    // THEN
    expect(resources(synth).aws_route53_record?.endpoint).toEqual({
      zone_id: 'Z0123456789ABCDEFGHIJ',
      name: 'us-east-1.itsm.example.com',
      type: 'A',
      alias: {
        name: 'prod-us-east-1-1234567890.us-east-1.elb.amazonaws.com',
        zone_id: 'Z35SXDOTRQ7X7K',
        evaluate_target_health: true,
      },
    });
    expect(synth).toHaveResourceWithProperties(Route53Record, { type: 'A', alias: expect.objectContaining({ evaluate_target_health: true }) });
  });

  test('creates no AAAA record (the load balancer is IPv4-only)', () => {
    // THEN
    expect(Object.values(resources(synth).aws_route53_record ?? {}).map((r) => r.type)).toEqual(['A']);
  });

  test('exposes fqdn = regionalEndpointName(region, domain) and the hosted zone', () => {
    // WHEN
    const endpoint = build();
    // THEN
    expect(endpoint.fqdn).toBe('us-east-1.itsm.example.com');
    expect(endpoint.fqdn).toBe(regionalEndpointName(BASE_PROPS.region, BASE_PROPS.domain));
    expect(endpoint.hostedZoneId).toBe('Z0123456789ABCDEFGHIJ');
  });
});

describe('RegionalEndpoint: props', () => {
  test('region picks the first label of the name', () => {
    // GIVEN / WHEN
    const record = resources(synthEndpoint({ region: 'eu-west-1' })).aws_route53_record?.endpoint;
    // THEN
    expect(record?.name).toBe('eu-west-1.itsm.example.com');
  });

  test('domain and hostedZoneId go into the name and the zone', () => {
    // GIVEN / WHEN
    const record = resources(synthEndpoint({ domain: 'example.org', hostedZoneId: 'Z9ZZZZZZZZZZZZ' })).aws_route53_record?.endpoint;
    // THEN
    expect(record?.name).toBe('us-east-1.example.org');
    expect(record?.zone_id).toBe('Z9ZZZZZZZZZZZZ');
    expect(record?.alias?.zone_id).toBe('Z35SXDOTRQ7X7K');
  });

  test('load balancer name and zone may be Terraform references (unresolved tokens pass validation)', () => {
    // GIVEN
    const synth = Testing.synthScope((scope) => {
      const dns = new TerraformVariable(scope, 'lb_dns', { type: 'string' });
      const zone = new TerraformVariable(scope, 'lb_zone', { type: 'string' });
      // WHEN
      new RegionalEndpoint(scope, 'endpoint', { ...BASE_PROPS, loadBalancerDnsName: dns.stringValue, loadBalancerZoneId: zone.stringValue });
    });
    // THEN
    expect(resources(synth).aws_route53_record?.endpoint?.alias).toEqual({
      name: '${var.lb_dns}',
      zone_id: '${var.lb_zone}',
      evaluate_target_health: true,
    });
  });

  test('two endpoints in one stack get distinct addresses from their ids', () => {
    // GIVEN
    const synth = Testing.synthScope((scope) => {
      // WHEN
      new RegionalEndpoint(scope, 'endpoint', BASE_PROPS);
      new RegionalEndpoint(scope, 'endpoint-b', { ...BASE_PROPS, domain: 'b.example.com' });
    });
    // THEN
    expect(Object.keys(resources(synth).aws_route53_record ?? {}).sort()).toEqual(['endpoint', 'endpoint_b']);
  });
});

describe('RegionalEndpoint: validation', () => {
  test.each([
    ['itsm.example.com.', /domain "itsm\.example\.com\." ends with a dot; drop the trailing dot, e\.g\. "itsm\.example\.com"/],
    ['ITSM.example.com', /has upper-case letters; write it in lower case, e\.g\. "itsm\.example\.com"/],
    ['localhost', /has a single label; pass a name inside your hosted zone/],
    ['*.example.com', /has the invalid label "\*"/],
    ['bad_label.example.com', /has the invalid label "bad_label"/],
    ['a..example.com', /has the invalid label ""/],
  ])('throws for domain %s', (domain, message) => {
    // GIVEN / WHEN / THEN
    expect(() => build({ domain })).toThrow(message);
  });

  test('names the construct path', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ domain: 'x' })).toThrow(/^RegionalEndpoint stack\/endpoint: /);
  });

  test('throws for a region that is not an AWS region name', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ region: 'US East' })).toThrow(/region "US East" is invalid; expected an AWS region name such as "us-east-1"/);
  });

  test('throws for a hosted zone id with the /hostedzone/ prefix, and says which id to pass', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ hostedZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ' })).toThrow(/pass the bare id "Z0123456789ABCDEFGHIJ"/);
    expect(() => build({ loadBalancerZoneId: 'z35-lower' })).toThrow(/loadBalancerZoneId "z35-lower" is not a Route 53 hosted zone id/);
  });

  test('throws for an empty load balancer DNS name', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({ loadBalancerDnsName: ' ' })).toThrow(/loadBalancerDnsName is empty/);
  });

  test('throws when <region>.<domain> exceeds 253 characters', () => {
    // GIVEN a domain that fits alone but not with the region prefix
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;
    expect(domainProblem(domain)).toBeUndefined();
    // WHEN / THEN
    expect(() => build({ domain })).toThrow(/the endpoint name ".*" is 257 characters long; DNS names have at most 253/);
  });
});

describe('naming helpers', () => {
  test('accept valid values and unresolved tokens', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'stack');
    const token = new TerraformVariable(stack, 'v', { type: 'string' }).stringValue;
    // WHEN / THEN
    expect(domainProblem('itsm.example.com')).toBeUndefined();
    expect(domainProblem('xn--bcher-kva.example')).toBeUndefined();
    expect(domainProblem(token)).toBeUndefined();
    expect(regionProblem('ap-southeast-2')).toBeUndefined();
    expect(regionProblem(token)).toBeUndefined();
    expect(hostedZoneIdProblem('Z35SXDOTRQ7X7K')).toBeUndefined();
    expect(hostedZoneIdProblem(token)).toBeUndefined();
    expect(endpointNameProblem('us-east-1', token)).toBeUndefined();
  });

  test('reject invalid values', () => {
    // GIVEN / WHEN / THEN
    expect(domainProblem('-bad.example.com')).toMatch(/invalid label "-bad"/);
    expect(domainProblem(`${'a'.repeat(64)}.com`)).toMatch(/invalid label/);
    expect(regionProblem('useast1')).toMatch(/is invalid; expected an AWS region name/);
    expect(hostedZoneIdProblem('')).toMatch(/not a Route 53 hosted zone id/);
  });
});
