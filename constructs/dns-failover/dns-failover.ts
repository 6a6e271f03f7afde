import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import { accountIdProblem, alarmTopicKeyArnProblem, isResolved, regionProblem, ValidationProblems } from '../core/validation';
import { domainProblem, endpointNameProblem, hostedZoneIdProblem, regionalEndpointName } from '../regional-endpoint/naming';
import { dnsAlarmsKeyPolicyFor, dnsAlarmsTopicPolicyFor } from './policies';
import { DnsRegion, DnsRouting, planRecords, PlannedRecord, routingProblems } from './routing';
import { DnsGeoRouting, geoRoutingProblems, planGeoRecords, planZoneRecords, zoneRecordName } from './geo-routing';

/** The only region where Route 53 publishes health-check metrics (commercial partition). */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** The regions Route 53 runs health checkers in (the `HealthCheckRegion` values of the Route 53 API). */
export const ROUTE53_HEALTH_CHECK_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
];
/** Route 53 needs at least this many checker regions when you choose them. */
export const MIN_HEALTH_CHECK_REGIONS = 3;
/** The issue's ceiling on failed checks before a region counts as unhealthy (Route 53 itself allows 10). */
export const MAX_FAILURE_THRESHOLD = 3;
/** Check intervals Route 53 offers, in seconds (10 is the "fast" interval and costs more). */
export const HEALTH_CHECK_INTERVALS_SECONDS: readonly number[] = [10, 30];

/** Route 53 accepts a resource path of at most this many characters. */
const MAX_RESOURCE_PATH_LENGTH = 255;
const MAX_NAME_LENGTH = 64;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** The alarm fires when the health check reports unhealthy in this many consecutive one-minute periods. */
const ALARM_PERIOD_SECONDS = 60;
const ALARM_EVALUATION_PERIODS = 2;
/** CloudWatch's limit on alarm descriptions. */
const MAX_ALARM_DESCRIPTION_LENGTH = 1024;

/** Properties of a {@link DnsFailover}. */
export interface DnsFailoverProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-global`. Names derive from it: health-check Name tags
   * (`<name>-<region>`), alarms (`<name>-<region>-health`), the topic (`<name>-dns-alarms`) and the key alias
   * (`alias/<name>-dns-alarms`).
   */
  readonly name: string;

  /** The 12-digit AWS account id (key and topic policy conditions). */
  readonly accountId: string;

  /**
   * The service's DNS name that users resolve, lower case, without a trailing dot, e.g. `itsm.example.com`.
   * It must lie inside `hostedZoneId` (it may be the zone apex). Each region's endpoint is `<region>.<domain>`
   * in the same zone, created by that region's stack with a `RegionalEndpoint`.
   */
  readonly domain: string;

  /** Id of the public Route 53 hosted zone that holds `domain` and the regional endpoint names, e.g. `Z0123456789ABCDEFGHIJ`. */
  readonly hostedZoneId: string;

  /**
   * How Route 53 answers for `domain`:
   * - `simple`: one region (role `primary` or `active`), one alias record;
   * - `failover`: one `primary` and at least one `secondary`; Route 53 answers with the primary while its health
   *   check passes, else with the FIRST secondary in `regions` order (Route 53 allows one PRIMARY and one
   *   SECONDARY record per name: further secondaries are health-checked and alarmed but get no record);
   * - `latency`: two or more regions, all `active`; each user gets the healthy region with the lowest latency.
   */
  readonly routing: DnsRouting;

  /**
   * The serving regions and their roles, in order (the order only picks the secondary that gets the SECONDARY
   * record). Region names key the Terraform addresses, so they must be literals. List only regions whose stack
   * publishes a `RegionalEndpoint`: a region without one fails its health check and its alarm fires.
   */
  readonly regions: readonly DnsRegion[];

  /**
   * The path Route 53 requests over HTTPS on each endpoint, starting with `/`, at most 255 characters
   * (a query string is allowed). It must answer 2xx or 3xx within 4 seconds through the load balancer for the
   * host `<region>.<domain>`; the LoadBalancer's default action is a 404, so pick a path a module serves,
   * e.g. `/api/incident/health`.
   */
  readonly healthCheckPath: string;

  /**
   * Consecutive failed checks before Route 53 marks a region unhealthy (and consecutive passes to mark it
   * healthy again); 1 to 3. With the defaults a dead region is detected in about 30 seconds.
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * Seconds between two checks from each checker: 10 (fast, billed as an optional feature) or 30. Changing it
   * replaces the health checks (Route 53 cannot update it); the construct creates the new ones first.
   * @default 10
   */
  readonly requestIntervalSeconds?: number;

  /**
   * Regions the Route 53 checkers run from, at least 3 of `ROUTE53_HEALTH_CHECK_REGIONS`
   * (us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1).
   * @default - Route 53's default checker regions (all of them)
   */
  readonly healthCheckRegions?: readonly string[];

  /**
   * ARN of an existing customer-managed KMS key (or alias ARN) that encrypts the alarm topic. It must be in the
   * same region as the topic (the metrics region, us-east-1) and its key policy must let `cloudwatch.amazonaws.com`
   * use `kms:Decrypt` and `kms:GenerateDataKey*`. The AWS-managed `alias/aws/sns` cannot work.
   * @default - the construct creates a key with rotation, a 30-day deletion window, prevent_destroy and the alias `alias/<name>-dns-alarms`
   */
  readonly alarmTopicKmsKeyArn?: string;

  /**
   * The AWS provider for the alarms, the topic, its policy and the key. Route 53 publishes health-check metrics
   * only in us-east-1, so an alarm anywhere else sees no data. A stack whose default provider is not in us-east-1
   * MUST pass an aliased us-east-1 provider, e.g.
   * `new AwsProvider(this, 'aws-us-east-1', { alias: 'us_east_1', region: 'us-east-1', ... })`.
   * The construct throws when it can see that the provider it would use is in another region.
   * Health checks and records are global and always use the stack's default provider.
   * @default - the stack's default AWS provider (correct when the stack's region is us-east-1)
   */
  readonly metricsProvider?: TerraformProvider;

  /**
   * Let AWS Budgets of the account publish to the alarm topic (topic policy) and encrypt with its key (key
   * policy), so that a `Budget` can notify the same pagers.
   * @default false
   */
  readonly budgetNotifications?: boolean;

  /**
   * Residency zones: each zone answers at `<zone>.geo.<domain>` with its own `routing` among its own regions
   * (failover stays inside the zone), and the apex domain sends each zone's continents and countries there by
   * Route 53 geolocation, everyone else to `defaultZone`. Every zone region must be in `regions` (their health
   * checks and alarms); `routing` is then unused.
   * @default - no zones: `routing` over `regions` answers for the apex
   */
  readonly geo?: DnsGeoRouting;

  /**
   * Value of the `data-classification` tag on the KMS key the construct creates.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every taggable resource (health checks, alarms, topic, key). Route 53 records cannot be tagged.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/**
 * DNS failover across independent regional stacks, for the `<env>-global` stack. Each region's stack publishes
 * `<region>.<domain>` (a `RegionalEndpoint` alias to its load balancer); this construct refers to those records
 * by name only, so no stack refers to another:
 *
 * - per region, an HTTPS Route 53 health check of `https://<region>.<domain><healthCheckPath>` (SNI on, latency
 *   measured) and a CloudWatch alarm on its `HealthCheckStatus` that notifies an encrypted SNS topic on ALARM and OK;
 * - alias records for `domain` in the same zone, pointing at the endpoint names with `evaluate_target_health`:
 *   simple, failover (PRIMARY/SECONDARY with health checks) or latency (one per region with health checks).
 *
 * Terraform addresses are keyed by region: `aws_route53_health_check.<id>_<region>`, `aws_route53_record.<id>_<region>`
 * (failover, latency) or `aws_route53_record.<id>_apex` (simple), `aws_cloudwatch_metric_alarm.<id>_<region>_health`.
 */
export class DnsFailover extends ToolkitConstruct<DnsFailoverProps> {
  /** The apex DNS name (the `domain` prop). */
  public readonly domain: string;
  /** Each region's endpoint name `<region>.<domain>`, keyed by region. */
  public readonly endpointNames: Readonly<Record<string, string>>;
  /** Route 53 health-check ids, keyed by region. */
  public readonly healthCheckIds: Readonly<Record<string, string>>;
  /** Alarm names (`<name>-<region>-health`), keyed by region; deterministic literals. */
  public readonly alarmNames: Readonly<Record<string, string>>;
  /** The regions that have an apex record, in record order (failover: primary, then the first secondary). */
  public readonly routedRegions: readonly string[];
  /** ARN of the encrypted SNS topic the alarms notify; subscribe pagers to it. */
  public readonly topicArn: string;
  /** ARN of the KMS key that encrypts the topic (created or given). */
  public readonly kmsKeyArn: string;

  /** Where the alarms, their topic and its key live: Route 53 metrics exist only in us-east-1. */
  private readonly metrics: { provider?: TerraformProvider };
  private readonly partition: string;

  constructor(scope: Construct, id: string, props: DnsFailoverProps) {
    super(scope, id, props);

    const failureThreshold = props.failureThreshold ?? 3;
    const requestInterval = props.requestIntervalSeconds ?? 10;
    this.validate(props, failureThreshold, requestInterval);

    const { name, domain, routing, regions } = props;
    this.partition = partitionOf(regions[0]?.region ?? ROUTE53_METRICS_REGION);
    this.metrics = props.metricsProvider ? { provider: props.metricsProvider } : {};
    const records = props.geo ? props.geo.zones.flatMap(planZoneRecords) : planRecords(routing, regions);

    this.endpointNames = Object.fromEntries(regions.map(({ region }) => [region, regionalEndpointName(region, domain)]));
    const healthChecks = this.createHealthChecks(failureThreshold, requestInterval);
    this.createApexRecords(records, healthChecks);
    this.createGeoRecords();
    this.alarmNames = Object.fromEntries(regions.map(({ region }) => [region, physicalName(name, region, 'health')]));
    const kmsKeyArn = props.alarmTopicKmsKeyArn ?? this.createAlarmsKey();
    const topic = this.createAlarmsTopic(kmsKeyArn);
    this.createHealthAlarms(healthChecks, topic, records, `each checker declares it unhealthy after ${failureThreshold} consecutive failed checks ${requestInterval} s apart`);

    this.domain = domain;
    this.healthCheckIds = Object.fromEntries(Object.entries(healthChecks).map(([region, check]) => [region, check.id]));
    this.routedRegions = records.map((r) => r.region);
    this.topicArn = topic.arn;
    this.kmsKeyArn = kmsKeyArn;
  }

  /** Per region an HTTPS health check of its endpoint name (global, so on the default provider). */
  private createHealthChecks(failureThreshold: number, requestInterval: number): Record<string, Route53HealthCheck> {
    const props = this.props;
    const healthChecks: Record<string, Route53HealthCheck> = {};
    for (const { region } of props.regions) {
      healthChecks[region] = this.pin(
        new Route53HealthCheck(this, `HealthCheck-${region}`, {
          type: 'HTTPS',
          fqdn: this.endpointNames[region],
          port: 443,
          resourcePath: props.healthCheckPath,
          failureThreshold,
          requestInterval,
          measureLatency: true,
          enableSni: true,
          ...(props.healthCheckRegions ? { regions: [...props.healthCheckRegions] } : {}),
          tags: mergeTags(props.tags, { Name: physicalName(props.name, region) }),
          // request_interval and measure_latency force a new check; a record still uses the old one, which
          // Route 53 refuses to delete (HealthCheckInUse), so create the new check and repoint the record first.
          lifecycle: { createBeforeDestroy: true },
        }),
        region,
      );
    }
    return healthChecks;
  }

  /**
   * The apex records: aliases to the regional endpoint records in the same zone, as the routing plans them. With
   * residency zones these are each zone's own name; the apex then routes by geolocation to them.
   */
  private createApexRecords(records: readonly PlannedRecord[], healthChecks: Readonly<Record<string, Route53HealthCheck>>): void {
    const { domain, hostedZoneId, geo } = this.props;
    const zoneOfRecord = new Map(geo ? geo.zones.flatMap((zone) => planZoneRecords(zone).map((r) => [r.key, zone.name] as const)) : []);
    for (const record of records) {
      const healthCheck = healthChecks[record.region];
      const zone = zoneOfRecord.get(record.key);
      this.pin(
        new Route53Record(this, `Record-${record.key}`, {
          zoneId: hostedZoneId,
          name: zone !== undefined ? zoneRecordName(zone, domain) : domain,
          type: 'A',
          alias: { name: regionalEndpointName(record.region, domain), zoneId: hostedZoneId, evaluateTargetHealth: true },
          ...(record.setIdentifier ? { setIdentifier: record.setIdentifier } : {}),
          ...(record.failover ? { failoverRoutingPolicy: { type: record.failover } } : {}),
          ...(record.latencyRegion ? { latencyRoutingPolicy: { region: record.latencyRegion } } : {}),
          ...(record.healthChecked && healthCheck ? { healthCheckId: healthCheck.id } : {}),
        }),
        record.key,
      );
    }
  }

  /** Under residency zones: the apex's geolocation records, each continent or country to its zone's name. */
  private createGeoRecords(): void {
    const { domain, hostedZoneId, geo } = this.props;
    for (const record of geo ? planGeoRecords(geo) : []) {
      this.pin(
        new Route53Record(this, `Geo-${record.key}`, {
          zoneId: hostedZoneId,
          name: domain,
          type: 'A',
          // The zone's name is healthy while one of its regions is: a zone that is down entirely stays down for its
          // users rather than sending them (and their data) to another zone.
          alias: { name: zoneRecordName(record.zone, domain), zoneId: hostedZoneId, evaluateTargetHealth: true },
          setIdentifier: record.key,
          geolocationRoutingPolicy: record.continent !== undefined ? { continent: record.continent } : { country: record.country! },
        }),
        'geo',
        record.key,
      );
    }
  }

  /** The key of the alarm topic (when none is given); returns its ARN. */
  private createAlarmsKey(): string {
    const { name, accountId, tags } = this.props;
    return new CustomerManagedKey(this, 'AlarmsKey', {
      ...this.metrics,
      description: `Encrypts the DNS health alarm notifications of ${name} (SNS topic ${physicalName(name, 'dns-alarms')}).`,
      policy: dnsAlarmsKeyPolicyFor(this.partition, accountId, this.props.budgetNotifications ?? false),
      aliasName: `alias/${physicalName(name, 'dns-alarms')}`,
      tags: mergeTags(tags, {
        Name: physicalName(name, 'dns-alarms'),
        [TAG_KEYS.dataClassification]: this.props.dataClassification ?? 'confidential',
      }),
      pin: this.pin,
      addressParts: ['alarms'],
    }).arn;
  }

  /** The encrypted topic the health alarms notify, and its policy (only these alarms, and budgets if asked, may publish). */
  private createAlarmsTopic(kmsKeyArn: string): SnsTopic {
    const { name, accountId, regions, tags } = this.props;
    const topic = this.pin(
      new SnsTopic(this, 'AlarmsTopic', {
        ...this.metrics,
        name: physicalName(name, 'dns-alarms'),
        displayName: `${name} DNS health`,
        kmsMasterKeyId: kmsKeyArn,
        // SHA256 message signatures (the default, 1, is SHA1).
        signatureVersion: 2,
        tags: mergeTags(tags, { Name: physicalName(name, 'dns-alarms') }),
      }),
      'alarms',
    );
    const alarmNames = regions.map(({ region }) => this.alarmNames[region] ?? region);
    this.pin(
      new SnsTopicPolicy(this, 'AlarmsTopicPolicy', {
        ...this.metrics,
        arn: topic.arn,
        policy: JSON.stringify(dnsAlarmsTopicPolicyFor(this.partition, accountId, topic.arn, alarmNames, this.props.budgetNotifications ?? false)),
      }),
      'alarms',
    );
    return topic;
  }

  /** One alarm per health check on its `HealthCheckStatus` (in us-east-1, where the metric exists), saying what its failure means. */
  private createHealthAlarms(healthChecks: Readonly<Record<string, Route53HealthCheck>>, topic: SnsTopic, records: readonly PlannedRecord[], detection: string): void {
    const { name, routing, regions, healthCheckPath, tags, geo } = this.props;
    const routed = new Set(records.map((r) => r.region));
    for (const { region, role } of regions) {
      const healthCheck = healthChecks[region];
      if (!healthCheck) continue;
      const url = `https://${this.endpointNames[region] ?? region}${healthCheckPath}`;
      const description =
        `Route 53 reports ${url} unhealthy (${detection}) in ${ALARM_EVALUATION_PERIODS} consecutive minutes. ` +
        zonalConsequence(geo, routing, region, role, records, routed) +
        ' Runbook: open the health check in the Route 53 console (which checkers fail and why), then the load balancer ' +
        `and module alarms of ${region}. Missing data also alarms: the alarm must live in us-east-1.`;
      this.pin(
        new CloudwatchMetricAlarm(this, `Alarm-${region}`, {
          ...this.metrics,
          alarmName: this.alarmNames[region] ?? physicalName(name, region, 'health'),
          alarmDescription: description.length > MAX_ALARM_DESCRIPTION_LENGTH ? `${description.slice(0, MAX_ALARM_DESCRIPTION_LENGTH - 3)}...` : description,
          namespace: 'AWS/Route53',
          metricName: 'HealthCheckStatus',
          dimensions: { HealthCheckId: healthCheck.id },
          statistic: 'Minimum',
          period: ALARM_PERIOD_SECONDS,
          evaluationPeriods: ALARM_EVALUATION_PERIODS,
          datapointsToAlarm: ALARM_EVALUATION_PERIODS,
          comparisonOperator: 'LessThanThreshold',
          threshold: 1,
          // No data means the alarm cannot see the check (wrong region, deleted check): that must page too.
          treatMissingData: 'breaching',
          actionsEnabled: true,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags: mergeTags(tags),
        }),
        region,
        'health',
      );
    }
  }

  /** Every problem of the props, in one error. */
  private validate(props: DnsFailoverProps, failureThreshold: number, requestInterval: number): void {
    const problems = new ValidationProblems();
    const { name, accountId, domain, hostedZoneId, healthCheckPath, alarmTopicKmsKeyArn: keyArn } = props;
    const regions = props.regions ?? [];

    if (!isResolved(name)) {
      problems.add('name must be a literal string: alarm, topic and key names derive from it');
    } else if (!KEBAB.test(name) || name.length > MAX_NAME_LENGTH) {
      problems.add(
        `name "${name}" is invalid; use lower-case letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, e.g. "prod-global"`,
      );
    }
    problems.add(accountIdProblem(accountId));
    problems.add(domainProblem(domain));
    problems.add(hostedZoneIdProblem(hostedZoneId));

    // ---- Regions and routing ----------------------------------------------------------------
    for (const { region } of regions) {
      if (!isResolved(region)) {
        problems.add('every regions[].region must be a literal string: it keys Terraform addresses and alarm names');
        continue;
      }
      problems.add(regionProblem(region));
      if (domainProblem(domain) === undefined) problems.add(endpointNameProblem(region, domain));
    }
    if (props.geo) {
      for (const problem of geoRoutingProblems(props.geo)) problems.add(problem);
      const listed = new Set(regions.map((r) => r.region));
      for (const zone of props.geo.zones) {
        const missing = zone.regions.filter((r) => !listed.has(r.region)).map((r) => r.region);
        if (missing.length > 0) problems.add(`zone "${zone.name}" routes to ${missing.join(', ')}, which regions does not list; add them to regions`);
      }
    } else {
      for (const problem of routingProblems(props.routing, regions)) problems.add(problem);
    }

    // ---- Health check settings -------------------------------------------------------------
    if (isResolved(healthCheckPath)) {
      if (!healthCheckPath.startsWith('/')) {
        problems.add(`healthCheckPath "${healthCheckPath}" must start with "/", e.g. "/${healthCheckPath}"`);
      } else if (healthCheckPath.length > MAX_RESOURCE_PATH_LENGTH || /\s/.test(healthCheckPath)) {
        problems.add(
          `healthCheckPath "${healthCheckPath}" must be at most ${MAX_RESOURCE_PATH_LENGTH} characters without spaces (URL-encode them)`,
        );
      }
    }
    if (isResolved(failureThreshold) && !(Number.isInteger(failureThreshold) && failureThreshold >= 1 && failureThreshold <= MAX_FAILURE_THRESHOLD)) {
      problems.add(
        `failureThreshold ${failureThreshold} is out of range; pass a whole number from 1 to ${MAX_FAILURE_THRESHOLD} ` +
          '(a region must be declared unhealthy after at most 3 failed checks)',
      );
    }
    if (isResolved(requestInterval) && !HEALTH_CHECK_INTERVALS_SECONDS.includes(requestInterval)) {
      problems.add(`requestIntervalSeconds ${requestInterval} is not offered by Route 53; use 10 (fast) or 30`);
    }
    if (props.healthCheckRegions !== undefined) {
      const checkers = props.healthCheckRegions.filter(isResolved);
      const unknown = checkers.filter((r) => !ROUTE53_HEALTH_CHECK_REGIONS.includes(r));
      if (unknown.length > 0) {
        problems.add(
          `healthCheckRegions has ${unknown.map((r) => `"${r}"`).join(', ')}, where Route 53 runs no checkers; ` +
            `choose from ${ROUTE53_HEALTH_CHECK_REGIONS.join(', ')}`,
        );
      }
      const distinct = new Set(props.healthCheckRegions);
      if (distinct.size !== props.healthCheckRegions.length) {
        problems.add('healthCheckRegions lists a region more than once; list each checker region once');
      }
      if (checkers.length === props.healthCheckRegions.length && distinct.size < MIN_HEALTH_CHECK_REGIONS) {
        problems.add(
          `healthCheckRegions has ${distinct.size} region(s); Route 53 needs at least ${MIN_HEALTH_CHECK_REGIONS}, ` +
            'or omit it to use all checker regions',
        );
      }
    }

    // ---- Notifications ---------------------------------------------------------------------
    problems.add(alarmTopicKeyArnProblem(keyArn, 'alarmTopicKmsKeyArn', 'us-east-1'));
    problems.add(this.metricsRegionProblem(props));

    problems.throwIfAny('DnsFailover', this.node.path);
  }

  /**
   * Route 53 health-check metrics exist only in us-east-1. When the provider the alarms would use is visible
   * (the `metricsProvider`, else the stack's unaliased AWS provider created before this construct) and its
   * region is a literal other than us-east-1, say how to fix it. Other partitions are not checked.
   */
  private metricsRegionProblem(props: DnsFailoverProps): string | undefined {
    const firstRegion = props.regions?.[0]?.region;
    if (firstRegion !== undefined && isResolved(firstRegion) && partitionOf(firstRegion) !== 'aws') return undefined;
    const given = props.metricsProvider;
    if (given !== undefined && given.terraformResourceType !== 'aws') {
      return `metricsProvider is a "${given.terraformResourceType}" provider; pass an AWS provider configured for ${ROUTE53_METRICS_REGION}`;
    }
    const provider = given ?? defaultAwsProvider(this);
    if (!(provider instanceof AwsProvider)) return undefined;
    const region = provider.region;
    if (region === undefined || !isResolved(region) || region === ROUTE53_METRICS_REGION) return undefined;
    return given
      ? `metricsProvider is configured for region "${region}", but Route 53 publishes health-check metrics only in ` +
          `${ROUTE53_METRICS_REGION}; pass a provider with region "${ROUTE53_METRICS_REGION}"`
      : `the stack's default AWS provider is in region "${region}", but Route 53 publishes health-check metrics only in ` +
          `${ROUTE53_METRICS_REGION}, so the alarms would never see data; pass metricsProvider: an AwsProvider with ` +
          `alias (e.g. "us_east_1") and region "${ROUTE53_METRICS_REGION}"`;
  }
}

/** The stack's unaliased AWS provider, if one exists already. */
function defaultAwsProvider(scope: Construct): AwsProvider | undefined {
  return TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/** As {@link consequence}, within the region's residency zone when there are zones. */
function zonalConsequence(
  geo: DnsGeoRouting | undefined,
  routing: DnsRouting,
  region: string,
  role: string,
  records: readonly PlannedRecord[],
  routed: ReadonlySet<string>,
): string {
  const zone = geo?.zones.find((z) => z.regions.some((r) => r.region === region));
  if (!zone) return consequence(routing, region, role, records, routed);
  const zoneRecords = planZoneRecords(zone);
  const zoneRole = zone.regions.find((r) => r.region === region)?.role ?? role;
  return `Zone ${zone.name}: ${consequence(zone.routing, region, zoneRole, zoneRecords, new Set(zoneRecords.map((r) => r.region)))}`;
}

/** What a region's health failing does to traffic, for the alarm description. */
function consequence(routing: DnsRouting, region: string, role: string, records: readonly PlannedRecord[], routed: ReadonlySet<string>): string {
  if (routing === 'simple') return `${region} is the only serving region: the service is down for users.`;
  if (!routed.has(region)) return `${region} is a standby without a DNS record (only the first secondary gets one): no traffic moves, but it cannot take over.`;
  if (routing === 'latency') return `Route 53 stops answering with ${region}; users move to the other healthy regions.`;
  const secondary = records.find((r) => r.failover === 'SECONDARY')?.region ?? 'the secondary';
  return role === 'primary'
    ? `Route 53 fails traffic over to ${secondary} until ${region} passes again.`
    : `${region} is the failover target: if the primary fails too, there is nowhere to fail over to.`;
}
