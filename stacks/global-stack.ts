import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CapacityPlan } from '../capacity/types';
import { Budget } from '../constructs/budget';
import { DnsFailover, DnsGeoRouting, DnsRegion, DnsRouting } from '../constructs/dns-failover';
import { physicalName, TAG_KEYS } from '../constructs/core';
import { EnvironmentStack, EnvironmentStackProps } from './environment-stack';
import { RegionRole } from '../capacity/region-roles';

/** Route 53 publishes health-check metrics in us-east-1 only. */
const ROUTE53_METRICS_REGION = 'us-east-1';

export interface GlobalStackProps extends EnvironmentStackProps {
  /** What each region runs, primary first. */
  readonly roles: readonly RegionRole[];
  /** Domain and hosted zone of the environment. */
  readonly dns: { readonly domain: string; readonly hostedZoneId: string };
  /** Path Route 53 checks on each region's endpoint. */
  readonly healthCheckPath: string;
  /** The capacity plan; its DR posture decides how traffic is routed between regions. */
  readonly plan: CapacityPlan;
  /** Monthly limit of the environment's AWS budget, in US dollars. */
  readonly budgetLimitUsd: number;
  /**
   * Residency zones (regions home first, with the continents and countries of their users): users are routed
   * by geolocation to their zone, and each zone fails over only among its own regions.
   * @default - no zones: one routing over every hosting region
   */
  readonly residency?: {
    readonly zones: readonly { readonly name: string; readonly regions: readonly string[]; readonly continents: readonly string[]; readonly countries: readonly string[] }[];
    readonly defaultZone: string;
  };
}

/**
 * What spans regions: Route 53 health checks on each region's endpoint and the records of the
 * domain — simple (backup & restore), failover (pilot light, warm standby) or latency
 * (active/active). Its state lives in the primary region's bucket; it points at the regional
 * names `<region>.<domain>` that the regional stacks publish, never at their resources.
 */
export class GlobalStack extends EnvironmentStack {
  public readonly dnsFailover: DnsFailover;
  /** The environment's monthly AWS budget; it notifies the DNS alarm topic. */
  public readonly budget: Budget;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, props);
    const posture = props.plan.dr.posture;
    const routingOver = (roles: readonly RegionRole[]): { routing: DnsRouting; regions: DnsRegion[] } => {
      const hosting = roles.filter((role) => role.hostsApplication);
      const routing = posture === 'active-active' && hosting.length > 1 ? 'latency' : hosting.length > 1 ? 'failover' : 'simple';
      return { routing, regions: hosting.map((role) => ({ region: role.region, role: routing === 'latency' ? 'active' : role.primary ? 'primary' : 'secondary' })) };
    };
    const { routing, regions: zoneless } = routingOver(props.roles);
    // With residency zones each zone routes among its own regions (its home is the zone's primary).
    const geo: DnsGeoRouting | undefined = props.residency
      ? {
          defaultZone: props.residency.defaultZone,
          zones: props.residency.zones.map((zone) => ({
            name: zone.name,
            ...routingOver(props.roles.filter((role) => zone.regions.includes(role.region))),
            continents: zone.continents,
            countries: zone.countries,
          })),
        }
      : undefined;
    const regions: DnsRegion[] = geo ? geo.zones.flatMap((zone) => zone.regions) : zoneless;

    const metricsProvider =
      props.region === ROUTE53_METRICS_REGION
        ? undefined
        : new AwsProvider(this, 'aws-route53-metrics', {
            alias: 'route53_metrics',
            region: ROUTE53_METRICS_REGION,
            allowedAccountIds: [props.accountId],
            defaultTags: [{ tags: this.tags }],
          });

    this.dnsFailover = new DnsFailover(this, 'dns', {
      name: physicalName(props.environment, 'global'),
      accountId: props.accountId,
      domain: props.dns.domain,
      hostedZoneId: props.dns.hostedZoneId,
      routing,
      regions,
      ...(geo ? { geo } : {}),
      healthCheckPath: props.healthCheckPath,
      budgetNotifications: true,
      ...(metricsProvider ? { metricsProvider } : {}),
    });

    // One budget per environment, here because this stack is the one per environment; budgets are global.
    this.budget = new Budget(this, 'budget', {
      name: physicalName(props.environment, 'monthly'),
      accountId: props.accountId,
      limitUsd: props.budgetLimitUsd,
      topicArn: this.dnsFailover.topicArn,
      costAllocationTags: { [TAG_KEYS.environment]: props.environment },
    });

    new TerraformOutput(this, 'dr_posture', { value: posture, description: 'DR posture chosen from the RTO/RPO.' });
    new TerraformOutput(this, 'serving_regions', { value: props.plan.dr.servingRegions, description: 'Regions that serve traffic in normal operation.' });
  }
}
