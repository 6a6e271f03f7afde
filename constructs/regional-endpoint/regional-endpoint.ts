import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { logicalId, pinLogicalId } from '../core/logical-id';
import { regionProblem } from '../core/validation';
import { domainProblem, endpointNameProblem, hostedZoneIdProblem, regionalEndpointName } from './naming';

/** Properties of a {@link RegionalEndpoint}. */
export interface RegionalEndpointProps {
  /**
   * The service's DNS name, lower case, without a trailing dot, e.g. `itsm.example.com`. It must lie inside the
   * hosted zone `hostedZoneId` (it may be the zone apex). The region's record is `<region>.<domain>`.
   */
  readonly domain: string;

  /** Id of the public Route 53 hosted zone that holds `domain`, without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
  readonly hostedZoneId: string;

  /** The region the load balancer serves from, e.g. `us-east-1`; the first label of the record name. */
  readonly region: string;

  /** DNS name of the application load balancer (its `dns_name`, e.g. `LoadBalancer.dnsName`). */
  readonly loadBalancerDnsName: string;

  /** Canonical hosted zone id of the load balancer (its `zone_id`, e.g. `LoadBalancer.zoneId`), not the zone of `domain`. */
  readonly loadBalancerZoneId: string;
}

/**
 * The per-region DNS name of a region's load balancer: one Route 53 `A` alias record `<region>.<domain>` →
 * the load balancer, with `evaluate_target_health` on (the name answers only while the load balancer has
 * healthy targets). The global stack's `DnsFailover` health-checks this name and routes the apex `domain`
 * to it, by name only, so no stack refers to another.
 *
 * Only an `A` record: the load balancer is IPv4-only (`ip_address_type = ipv4`).
 * Terraform address: `aws_route53_record.<id>` (the construct id as a logical id).
 */
export class RegionalEndpoint extends Construct {
  /** The record's name, `<region>.<domain>` (deterministic, equals `regionalEndpointName(region, domain)`). */
  public readonly fqdn: string;
  /** The hosted zone the record lives in (the `hostedZoneId` prop). */
  public readonly hostedZoneId: string;

  constructor(scope: Construct, id: string, props: RegionalEndpointProps) {
    super(scope, id);
    this.validate(props);

    const fqdn = regionalEndpointName(props.region, props.domain);
    pinLogicalId(
      new Route53Record(this, 'Record', {
        zoneId: props.hostedZoneId,
        name: fqdn,
        type: 'A',
        alias: {
          name: props.loadBalancerDnsName,
          zoneId: props.loadBalancerZoneId,
          evaluateTargetHealth: true,
        },
      }),
      logicalId(id),
    );

    this.fqdn = fqdn;
    this.hostedZoneId = props.hostedZoneId;
  }

  private validate(props: RegionalEndpointProps): void {
    const problems = [
      domainProblem(props.domain),
      regionProblem(props.region),
      endpointNameProblem(props.region, props.domain),
      hostedZoneIdProblem(props.hostedZoneId),
      hostedZoneIdProblem(props.loadBalancerZoneId, 'loadBalancerZoneId'),
    ].filter((p): p is string => p !== undefined);
    if (!Token.isUnresolved(props.loadBalancerDnsName) && props.loadBalancerDnsName.trim() === '') {
      problems.push('loadBalancerDnsName is empty; pass the load balancer\'s dns_name (LoadBalancer.dnsName)');
    }
    if (problems.length > 0) throw new Error(`RegionalEndpoint ${this.node.path}: ${problems.join('; ')}.`);
  }
}
