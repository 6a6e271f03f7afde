import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { logicalId } from '../core/logical-id';
import { physicalName } from '../../foundation/naming';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import { anyAlarmRule, MAX_ALARMS_PER_COMPOSITE } from './alarm-rule';
import { alarmTreeProblems, CompositeRole, MAX_SHARDS_PER_GROUP, planAlarmTree, PlannedComposite } from './alarm-tree';
import { dashboardBody } from './dashboard';
import { alarmArn, alarmsKeyPolicy, alarmsTopicPolicy, partitionOf } from './policies';
import { accountIdProblem, alarmTopicKeyArnProblem, isResolved, regionProblem, ValidationProblems } from '../core/validation';

/** What the construct watches of one ITSM module: plain identifiers, e.g. from a ServiceFleet and a LoadBalancer. */
export interface MonitoredModule {
  /** Name of the module's autoscaling group, e.g. `prod-us-east-1-incident`. */
  readonly autoscalingGroupName: string;
  /** The `targetgroup/<name>/<id>` suffix of the module's target group ARN (the CloudWatch `TargetGroup` dimension). */
  readonly targetGroupArnSuffix: string;
}

/**
 * An autoscaling group that serves several modules (a shared fleet): its CPU is watched once, by an alarm and a
 * paging composite of the fleet's own, and its modules' composites keep their target-group alarms only.
 */
export interface MonitoredFleet {
  /** Name of the fleet's autoscaling group, e.g. `prod-us-east-1-shared`; its modules' `autoscalingGroupName`. */
  readonly autoscalingGroupName: string;
  /** The modules it serves (keys of `modules`), each on one fleet at most. */
  readonly modules: readonly string[];
}

/** What the construct watches of one Aurora cluster. */
export interface MonitoredDatabase {
  /** The Aurora cluster identifier (the CloudWatch `DBClusterIdentifier` dimension), e.g. `prod-us-east-1-tickets-shard-01`. */
  readonly clusterIdentifier: string;
  /**
   * The cluster's `max_connections`; the connections alarm fires above `utilizationThresholdPercent` of it.
   * @default 1000
   */
  readonly maxConnections?: number;
  /**
   * The database group and shard number (1 or more) of the cluster, e.g. `{ name: 'tickets', shard: 7 }`. A group's
   * alarms roll up through silent composites, one per 32 shard numbers (`<group>-shards-001-032`) and
   * one per group (`<group>-databases`), so a module's composite gets one child per group however many shards it has
   * (up to 3,200). Every shard of a group must be claimed by the same modules in `databaseModules`.
   * @default - no group: the database's three alarms join its modules' composites directly
   */
  readonly group?: { readonly name: string; readonly shard: number };
}

/**
 * What the construct watches of one singleton part of a module (a scheduler or timer that runs exactly once across
 * regions, e.g. a `ServiceFleet` with `singleton: true`): its one-instance autoscaling group, outside the load balancer.
 */
export interface MonitoredSingleton {
  /**
   * Name of the singleton's autoscaling group, e.g. `prod-us-east-1-incident-sla-timer`. The group must publish
   * group metrics (`GroupInServiceInstances`), as every `ServiceFleet` does.
   */
  readonly autoscalingGroupName: string;
  /** The module (a key of `modules`) whose composite alarm pages for this singleton, e.g. `incident`. */
  readonly module: string;
}

/**
 * What the construct watches of a singleton part that runs under a lease (on every instance of the fleet that serves
 * its module, only the lease holder working): the heartbeat metric the holder publishes while it holds the lease.
 */
export interface MonitoredSingletonLease {
  /** The module (a key of `modules`) whose composite alarm pages for this part, e.g. `incident`. */
  readonly module: string;
  /** The custom CloudWatch namespace of the heartbeat, e.g. `itsm-scale/prod`. */
  readonly namespace: string;
  /** The heartbeat metric: 1 per period while an instance holds the lease, e.g. `SingletonLeaseHeld`. */
  readonly metricName: string;
  /** The metric's dimensions, e.g. `{ Part: 'incident-sla-timer' }`. */
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * Whole minutes without a heartbeat (no instance held the lease, or none published) before the alarm fires, 1 to
   * 1440: longer than a takeover (lease expiry plus one renewal interval), so a normal takeover does not page.
   */
  readonly alarmAfterMinutes: number;
}

/**
 * A singleton's group that keeps a warm spare (a warm pool of one stopped, pre-initialised instance, as a
 * `ServiceFleet` with replacement `warm-spare`): the spare is what brings the singleton back within the RTO, so a
 * pool that stays empty is watched.
 */
export interface MonitoredWarmSpare {
  /**
   * Name of the group, e.g. `prod-us-east-1-incident-sla-timer`. It must publish `WarmPoolWarmedCapacity` (a
   * `ServiceFleet` with a warm spare does).
   */
  readonly autoscalingGroupName: string;
  /** The module (a key of `modules`) whose composite alarm pages for the spare, e.g. `incident`. */
  readonly module: string;
  /**
   * Whole minutes with no warmed instance in the pool (or no data) before the alarm fires, 1 to 1440: longer than
   * the pool takes to prepare the next spare after one was used, so a normal replacement does not page.
   */
  readonly alarmAfterMinutes: number;
}

/** Properties of a {@link Monitoring}. */
export interface MonitoringProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. Alarm names (`<name>-incident-cpu`), the
   * dashboard (`<name>`), the topic (`<name>-alarms`) and the key alias (`alias/<name>-alarms`) derive from it.
   */
  readonly name: string;

  /** The 12-digit AWS account id (key and topic policy conditions, alarm ARNs). */
  readonly accountId: string;

  /** The AWS region the alarms live in, e.g. `us-east-1`; every dashboard widget shows this region. */
  readonly region: string;

  /**
   * The blueprint's target utilization, in percent: CPU alarms (fleets and databases) fire above it and the
   * connections alarm fires above this share of `maxConnections`. Whole or fractional, 1 to 100.
   * @default 80
   */
  readonly utilizationThresholdPercent?: number;

  /** The blueprint's p95 latency target in milliseconds; a module's latency alarm fires when its target p95 exceeds it. */
  readonly latencyTargetMs: number;

  /**
   * The target 5xx error rate, in percent of requests, above which a module's 5xx alarm fires (and the
   * load balancer's own 5xx alarm). Greater than 0, at most 100.
   * @default 1
   */
  readonly serverErrorRateThresholdPercent?: number;

  /** The `app/<name>/<id>` suffix of the application load balancer's ARN (the CloudWatch `LoadBalancer` dimension). */
  readonly loadBalancerArnSuffix: string;

  /**
   * The ITSM modules to watch, keyed by module name (lower-case kebab, e.g. `incident`); at least one.
   * The name keys alarm names and Terraform addresses, so renaming a module replaces its alarms.
   */
  readonly modules: Readonly<Record<string, MonitoredModule>>;

  /**
   * Singleton parts to watch (one-instance autoscaling groups outside the load balancer, such as schedulers and
   * timers), keyed by a lower-case kebab name such as `incident-sla-timer` (it keys alarm names and Terraform
   * addresses). Each gets an in-service alarm (fewer than one instance in service, or no data) and a CPU alarm, both
   * in the composite alarm of its `module`. Pass only singletons that must be running in this region: a standby
   * singleton waiting at zero instances would keep its in-service alarm firing.
   * @default - no singleton alarms
   */
  readonly singletons?: Readonly<Record<string, MonitoredSingleton>>;

  /**
   * Singleton parts that run under a lease, keyed by a lower-case kebab name such as `incident-sla-timer`: each gets a
   * lease alarm (`<name>-<key>-lease`: no heartbeat for `alarmAfterMinutes`, missing data breaching) in the composite
   * alarm of its `module`. Pass only parts whose lease must be held in this region (the primary).
   * @default - no lease alarms
   */
  readonly singletonLeases?: Readonly<Record<string, MonitoredSingletonLease>>;

  /**
   * Singleton groups that keep a warm spare, keyed like `singletons` (a part such as `incident-sla-timer`, or a
   * singleton module's name): each gets a spare alarm (`<name>-<key>-spare`: no warmed instance in the warm pool
   * for `alarmAfterMinutes`, missing data breaching) in the composite alarm of its `module`. Pass only groups whose
   * singleton runs in this region: a standby's group keeps no spare.
   * @default - no spare alarms
   */
  readonly warmSpares?: Readonly<Record<string, MonitoredWarmSpare>>;

  /**
   * Autoscaling groups that serve several modules, keyed by fleet name (lower-case kebab, e.g. `shared`): CPU
   * alarm `<name>-<fleet>-cpu` in composite `<name>-<fleet>`, which pages once for all of them.
   * @default - none: each module's group is its own, watched in the module's composite
   */
  readonly fleets?: Readonly<Record<string, MonitoredFleet>>;

  /**
   * The Aurora clusters to watch, keyed by a readable lower-case kebab key such as `tickets-shard-01`
   * (it keys alarm names and Terraform addresses).
   * @default - no database alarms
   */
  readonly databases?: Readonly<Record<string, MonitoredDatabase>>;

  /**
   * Which modules depend on which database: database key → module names. A module's composite alarm then
   * also covers that database's alarms, so its on-call hears about the database it needs. A database that
   * no module claims gets a composite of its own, so its alarms still page.
   * @default - every database pages through its own composite alarm; module composites cover only the module's alarms
   */
  readonly databaseModules?: Readonly<Record<string, readonly string[]>>;

  /**
   * Free local storage, in GiB, below which a database's storage alarm fires. Aurora grows its cluster
   * volume by itself, so the metric is `FreeLocalStorage` (temporary tables, logs) of the emptiest instance.
   * @default 20
   */
  readonly freeStorageThresholdGb?: number;

  /**
   * ARN of an existing customer-managed KMS key (or key alias ARN) that encrypts the alarm topic. Its key policy must let
   * `cloudwatch.amazonaws.com` use `kms:Decrypt` and `kms:GenerateDataKey*`. The AWS-managed `alias/aws/sns`
   * cannot work: CloudWatch is not allowed to use it.
   * @default - the construct creates a key with rotation, a 30-day deletion window, prevent_destroy and the alias `alias/<name>-alarms`
   */
  readonly kmsKeyArn?: string;

  /**
   * Consecutive periods a metric must breach before its alarm fires (every datapoint must breach).
   * @default 3
   */
  readonly evaluationPeriods?: number;

  /**
   * Length of one alarm period, in seconds; a multiple of 60 (the ALB, EC2 and RDS metrics are per minute).
   * `evaluationPeriods × periodSeconds` may be at most one day.
   * @default 60
   */
  readonly periodSeconds?: number;

  /**
   * Minutes a singleton may have no instance in service before its alarm fires. A singleton is
   * replaced, not rolled (its instance refresh keeps 0% healthy so it never runs twice), so every
   * deploy leaves a short gap that must not page.
   * @default 15
   */
  readonly singletonReplacementMinutes?: number;

  /**
   * Value of the `data-classification` tag on the KMS key the construct creates.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every taggable resource (alarms, topic, key). Module alarms also get the `module` tag.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

const MAX_NAME_LENGTH = 64;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const BYTES_PER_GIB = 1024 ** 3;
const MAX_ALARM_WINDOW_SECONDS = 86_400;
const DEFAULT_MAX_CONNECTIONS = 1000;

/** The metric alarms of a module, in rule order: logical/physical suffix per kind. */
const MODULE_ALARMS = ['cpu', '5xx', 'latency', 'unhealthy-hosts'] as const;
const SINGLETON_ALARMS = ['in-service', 'cpu'] as const;
/** The alarm of a singleton part under a lease: its heartbeat (its CPU is its serving fleet's). */
const LEASE_ALARMS = ['lease'] as const;
/** The alarm of a singleton's warm spare: its pool holds a warmed instance. */
const SPARE_ALARMS = ['spare'] as const;
/** The alarms a shared fleet takes over from its modules (its group's CPU is theirs). */
const FLEET_ALARMS = ['cpu'] as const;
const DATABASE_ALARMS = ['cpu', 'connections', 'free-storage'] as const;

/**
 * Per-region alarms, dashboard and encrypted notifications for the ITSM modules and their databases.
 *
 * Every metric alarm is silent (no actions). Only composite alarms notify the SNS topic: one per module
 * (`ALARM("cpu") OR ALARM("5xx") OR ...` over the module's alarms, its singletons' and those of the databases it
 * uses), one per database group or database no module claims, and one for load-balancer-generated 5xx errors,
 * which stays quiet while a module composite is already in ALARM. So one incident pages once, and its OK message
 * says it is over. Grouped databases roll up through silent composites (32 shards each, then one per group; see
 * `alarm-tree.ts`), so a module can depend on thousands of shards within CloudWatch's 100 alarms per rule.
 *
 * Terraform addresses are keyed by module name, database key and group (`aws_cloudwatch_metric_alarm.monitoring_incident_cpu`,
 * `aws_cloudwatch_composite_alarm.monitoring_incident`, `aws_cloudwatch_composite_alarm.monitoring_tickets_databases`),
 * prefixed with the construct id.
 */
export class Monitoring extends ToolkitConstruct<MonitoringProps> {
  /** ARN of the encrypted SNS topic the composite alarms notify; subscribe pagers and mailing lists to it. */
  public readonly topicArn: string;
  /** ARN of the KMS key that encrypts the topic (created or given). */
  public readonly kmsKeyArn: string;
  /** ARN of each module's composite alarm (the one that pages for it), keyed by module name. */
  public readonly compositeAlarmArns: Readonly<Record<string, string>>;
  /** ARN of the composite alarm of each ungrouped database that no module claims, keyed by database key. */
  public readonly databaseCompositeAlarmArns: Readonly<Record<string, string>>;
  /** ARN of each database group's composite alarm (pages only when no module claims the group), keyed by group. */
  public readonly groupCompositeAlarmArns: Readonly<Record<string, string>>;
  /** ARN of each shared fleet's composite alarm (its CPU), keyed by fleet name. */
  public readonly fleetCompositeAlarmArns: Readonly<Record<string, string>>;
  /** ARN of the composite alarm that pages for load-balancer-generated 5xx errors. */
  public readonly loadBalancerCompositeAlarmArn: string;
  /** Names of every alarm the construct creates (metric alarms first, then composites), deterministic literals. */
  public readonly alarmNames: readonly string[];
  /** Name of the CloudWatch dashboard (the `name` prop). */
  public readonly dashboardName: string;

  /** Every alarm by name, so composites can refer to their children (which also orders their creation). */
  private readonly alarmsByName = new Map<string, CloudwatchMetricAlarm | CloudwatchCompositeAlarm>();
  private readonly metricAlarmNames: string[] = [];
  private readonly compositeNames: string[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, props);

    const s = resolveSettings(props);
    this.validate(props, s);
    const { topic, kmsKeyArn } = this.createTopic(s);
    this.createModuleAlarms(s);
    this.createFleetAlarms(s);
    this.createSingletonAlarms(s);
    this.createLeaseAlarms(s);
    this.createSpareAlarms(s);
    this.createDatabaseAlarms(s);
    this.createLoadBalancerAlarm(s);
    const composites = this.createComposites(s, topic);
    const albComposite = this.createLoadBalancerPage(s, topic, composites);
    this.createDashboard(s, composites);

    this.topicArn = topic.arn;
    this.kmsKeyArn = kmsKeyArn;
    this.compositeAlarmArns = arnsOf(composites, 'module');
    this.databaseCompositeAlarmArns = arnsOf(composites, 'database');
    this.groupCompositeAlarmArns = arnsOf(composites, 'group');
    this.fleetCompositeAlarmArns = arnsOf(composites, 'fleet');
    this.loadBalancerCompositeAlarmArn = albComposite.arn;
    this.alarmNames = [...this.metricAlarmNames, ...this.compositeNames];
    this.dashboardName = props.name;
  }

  /** The encrypted topic the paging composites notify (with the key, unless one is given). */
  private createTopic(s: Settings): { topic: SnsTopic; kmsKeyArn: string } {
    const { name, accountId, region } = this.props;
    const kmsKeyArn =
      this.props.kmsKeyArn ??
      new CustomerManagedKey(this, 'AlarmsKey', {
        description: `Encrypts the alarm notifications of ${name} (SNS topic ${physicalName(name, 'alarms')}).`,
        policy: alarmsKeyPolicy(s.partition, accountId),
        aliasName: `alias/${physicalName(name, 'alarms')}`,
        tags: mergeTags(this.props.tags, {
          Name: physicalName(name, 'alarms'),
          [TAG_KEYS.dataClassification]: this.props.dataClassification ?? 'confidential',
        }),
        pin: this.pin,
        addressParts: ['alarms'],
      }).arn;
    const topic = this.pin(
      new SnsTopic(this, 'AlarmsTopic', {
        name: physicalName(name, 'alarms'),
        kmsMasterKeyId: kmsKeyArn,
        signatureVersion: 2,
        tags: mergeTags(this.props.tags, { Name: physicalName(name, 'alarms') }),
      }),
      'alarms',
    );
    this.pin(
      new SnsTopicPolicy(this, 'AlarmsTopicPolicy', {
        arn: topic.arn,
        policy: JSON.stringify(alarmsTopicPolicy(s.partition, region, accountId, topic.arn)),
      }),
      'alarms',
    );
    return { topic, kmsKeyArn };
  }

  /** A silent metric alarm named `<name>-<parts>`. */
  private metricAlarm(s: Settings, parts: string[], tags: Tags, config: AlarmSettings): CloudwatchMetricAlarm {
    const alarmName = physicalName(this.props.name, ...parts);
    this.metricAlarmNames.push(alarmName);
    const alarm = this.pin(
      new CloudwatchMetricAlarm(this, `Alarm-${parts.join('-')}`, {
        alarmName,
        evaluationPeriods: s.evaluationPeriods,
        datapointsToAlarm: s.evaluationPeriods,
        ...config,
        tags: mergeTags(this.props.tags, tags),
      }),
      ...parts,
    );
    this.alarmsByName.set(alarmName, alarm);
    return alarm;
  }

  /** Per module: CPU, target 5xx rate, p95 latency and unhealthy hosts. */
  private createModuleAlarms(s: Settings): void {
    const { threshold, errorRate, window, period } = s;
    const lb = this.props.loadBalancerArnSuffix;
    for (const [module, target] of s.modules) {
      const tags = { [TAG_KEYS.module]: module };
      const tg = { LoadBalancer: lb, TargetGroup: target.targetGroupArnSuffix };
      const asg = target.autoscalingGroupName;
      const built: Record<(typeof MODULE_ALARMS)[number], AlarmSettings> = {
        cpu: groupCpuAlarm(
          s,
          asg,
          `${module}: average CPU of autoscaling group ${asg} above ${threshold}% (the blueprint's utilization target) for ${window}. ` +
            'Runbook: if the group is at max size, raise max size or re-run the capacity plan; if it is scaling out, watch it ' +
            'catch up; otherwise look for a runaway process or a traffic spike on the dashboard.',
        ),
        '5xx': {
          alarmDescription:
            `${module}: more than ${errorRate}% of requests to target group ${target.targetGroupArnSuffix} answered 5xx by the ` +
            `instances for ${window}. Runbook: check the application logs and the last deploy (roll back if it correlates), ` +
            'then the database alarms of the module. No traffic counts as healthy.',
          metricQuery: errorRateQuery(period, 'HTTPCode_Target_5XX_Count', tg, `${module} target 5xx %`),
          comparisonOperator: 'GreaterThanThreshold',
          threshold: errorRate,
          treatMissingData: 'notBreaching',
        },
        latency: {
          alarmDescription:
            `${module}: p95 target response time above the ${this.props.latencyTargetMs} ms latency target for ${window}. ` +
            'Runbook: compare CPU and instance count (scale out if saturated), then database CPU and connections; ' +
            'check slow queries and the last deploy. Minutes with too few requests for a p95 keep the previous state.',
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions: tg,
          extendedStatistic: 'p95',
          evaluateLowSampleCountPercentiles: 'ignore',
          period,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: s.latencySeconds,
          treatMissingData: 'missing',
        },
        'unhealthy-hosts': {
          alarmDescription:
            `${module}: at least one instance of target group ${target.targetGroupArnSuffix} failed its load balancer ` +
            `health check for ${window}. Runbook: find the instance in the target group, read its health-check reason and ` +
            'logs (SSM Session Manager); the autoscaling group replaces it; if all fail, suspect the last deploy or a dependency.',
          namespace: 'AWS/ApplicationELB',
          metricName: 'UnHealthyHostCount',
          dimensions: tg,
          statistic: 'Maximum',
          period,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: 0,
          treatMissingData: 'notBreaching',
        },
      };
      // A module on a shared fleet leaves its group's CPU to the fleet's alarm (createFleetAlarms).
      for (const kind of MODULE_ALARMS) if (!(s.onFleet.has(module) && (FLEET_ALARMS as readonly string[]).includes(kind))) this.metricAlarm(s, [module, kind], tags, built[kind]);
    }
  }

  /** Per shared fleet: the CPU of its group, once for all its modules. */
  private createFleetAlarms(s: Settings): void {
    const { threshold, window } = s;
    for (const [fleet, target] of s.fleets) {
      const asg = target.autoscalingGroupName;
      this.metricAlarm(
        s,
        [fleet, 'cpu'],
        { [TAG_KEYS.module]: fleet },
        groupCpuAlarm(
          s,
          asg,
          `${fleet} (serving ${target.modules.join(', ')}): average CPU of autoscaling group ${asg} above ${threshold}% (the blueprint's utilization target) for ${window}. ` +
            'Runbook: if the group is at max size, raise max size or re-run the capacity plan (a module that outgrew the shared fleet gets its own); ' +
            'if it is scaling out, watch it catch up; otherwise find the module whose requests rose on the dashboard.',
        ),
      );
    }
  }

  /** Singletons sit outside the load balancer: watch that their one instance runs, and its CPU. */
  private createSingletonAlarms(s: Settings): void {
    const { threshold, window, period } = s;
    const singletonPeriods = Math.max(1, Math.ceil(((this.props.singletonReplacementMinutes ?? 15) * 60) / period));
    for (const [singleton, target] of s.singletons) {
      const tags = { [TAG_KEYS.module]: target.module };
      const asg = { AutoScalingGroupName: target.autoscalingGroupName };
      const built: Record<(typeof SINGLETON_ALARMS)[number], AlarmSettings> = {
        'in-service': {
          alarmDescription:
            `${singleton} (singleton of ${target.module}): autoscaling group ${target.autoscalingGroupName} had fewer than 1 instance ` +
            `in service, or published no group metrics, for ${singletonPeriods * period / 60} minutes; the ${singleton} work is not running anywhere. ` +
            'Runbook: read the group\'s scaling activity (launch failures, capacity, health-check replacements) and the instance ' +
            'logs (SSM Session Manager); if the group was removed or its metrics disabled, restore them.',
          namespace: 'AWS/AutoScaling',
          metricName: 'GroupInServiceInstances',
          dimensions: asg,
          statistic: 'Minimum',
          period,
          comparisonOperator: 'LessThanThreshold',
          threshold: 1,
          treatMissingData: 'breaching',
          // A replacement (deploy, health check) leaves a gap; only a longer one pages.
          evaluationPeriods: singletonPeriods,
          datapointsToAlarm: singletonPeriods,
        },
        cpu: {
          alarmDescription:
            `${singleton} (singleton of ${target.module}): average CPU of autoscaling group ${target.autoscalingGroupName} above ` +
            `${threshold}% for ${window}. A singleton cannot scale out. Runbook: look for a runaway job or a backlog on the ` +
            'instance (SSM Session Manager); if the load is real, move the fleet to a larger instance type.',
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          dimensions: asg,
          statistic: 'Average',
          period,
          comparisonOperator: 'GreaterThanThreshold',
          threshold,
          treatMissingData: 'missing',
        },
      };
      for (const kind of SINGLETON_ALARMS) this.metricAlarm(s, [singleton, kind], tags, built[kind]);
    }
  }

  /** Singleton parts under a lease: watch the holder's heartbeat; no heartbeat means nobody does the part's work. */
  private createLeaseAlarms(s: Settings): void {
    for (const [part, lease] of s.leases) {
      const minutes = lease.alarmAfterMinutes;
      const dimensions = Object.entries(lease.dimensions).map(([k, v]) => `${k}=${v}`).join(', ');
      this.metricAlarm(s, [part, 'lease'], { [TAG_KEYS.module]: lease.module }, {
        alarmDescription:
          `${part} (singleton part of ${lease.module}, under a lease): no instance published ${lease.namespace} ${lease.metricName} (${dimensions}) for ${minutes} minutes, ` +
          `so no instance holds its lease and the ${part} work is not running anywhere. Runbook: read the serving fleet's logs for lease errors ` +
          '(database unreachable or read-only, a lease row whose holder never releases it); recover a stuck lease as the plan report\'s Singletons section says.',
        namespace: lease.namespace,
        metricName: lease.metricName,
        dimensions: { ...lease.dimensions },
        ...absentForMinutes(minutes),
      });
    }
  }

  /** Warm spares: the pool the next replacement starts from holds a warmed instance; without one it launches cold. */
  private createSpareAlarms(s: Settings): void {
    for (const [key, spare] of s.spares) {
      const minutes = spare.alarmAfterMinutes;
      this.metricAlarm(s, [key, 'spare'], { [TAG_KEYS.module]: spare.module }, {
        alarmDescription:
          `${key} (singleton of ${spare.module}): the warm pool of autoscaling group ${spare.autoscalingGroupName} held no warmed spare, or published no ` +
          `group metrics, for ${minutes} minutes. The singleton still runs, but its next replacement would be a cold launch, slower than the plan's ` +
          'warm-spare time against the RTO. Runbook: describe-warm-pool (an instance stuck in Warmed:Pending:Wait did not complete its launch hook: read its ' +
          'cloud-init log stream) and the group\'s scaling activities (launch failures, capacity in the AZs).',
        namespace: 'AWS/AutoScaling',
        metricName: 'WarmPoolWarmedCapacity',
        dimensions: { AutoScalingGroupName: spare.autoscalingGroupName },
        ...absentForMinutes(minutes),
      });
    }
  }

  /** Per database: busiest instance's CPU, connections against max_connections, free local storage. */
  private createDatabaseAlarms(s: Settings): void {
    const { threshold, window, period, freeStorageGb } = s;
    for (const [key, database] of s.databases) {
      const cluster = { DBClusterIdentifier: database.clusterIdentifier };
      const maxConnections = database.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
      const connectionsThreshold = connectionsAlarmThreshold(maxConnections, threshold);
      const built: Record<(typeof DATABASE_ALARMS)[number], AlarmSettings> = {
        cpu: {
          alarmDescription:
            `${key}: CPU of the busiest instance of cluster ${database.clusterIdentifier} above ${threshold}% for ${window}. ` +
            'Runbook: Performance Insights top SQL; move reads to readers or add a reader; if the writer is saturated, ' +
            'scale the writer class or split the shard (capacity plan).',
          namespace: 'AWS/RDS',
          metricName: 'CPUUtilization',
          dimensions: cluster,
          statistic: 'Maximum',
          period,
          comparisonOperator: 'GreaterThanThreshold',
          threshold,
          treatMissingData: 'missing',
        },
        connections: {
          alarmDescription:
            `${key}: connections to an instance of cluster ${database.clusterIdentifier} above ${connectionsThreshold} ` +
            `(${threshold}% of max_connections ${maxConnections}) for ${window}. Runbook: look for connection leaks or ` +
            'a fleet that scaled out beyond its pool budget; use RDS Proxy or smaller pools; raise max_connections only with memory to spare.',
          namespace: 'AWS/RDS',
          metricName: 'DatabaseConnections',
          dimensions: cluster,
          statistic: 'Maximum',
          period,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: connectionsThreshold,
          treatMissingData: 'missing',
        },
        'free-storage': {
          alarmDescription:
            `${key}: free local storage of an instance of cluster ${database.clusterIdentifier} below ${freeStorageGb} GiB ` +
            `for ${window}. Runbook: look for large sorts and temporary tables (work_mem, runaway queries) and log growth; ` +
            'scale the instance class for more local storage.',
          namespace: 'AWS/RDS',
          metricName: 'FreeLocalStorage',
          dimensions: cluster,
          statistic: 'Minimum',
          period,
          comparisonOperator: 'LessThanThreshold',
          threshold: freeStorageGb * BYTES_PER_GIB,
          treatMissingData: 'missing',
        },
      };
      for (const kind of DATABASE_ALARMS) this.metricAlarm(s, [key, kind], {}, built[kind]);
    }
  }

  /** 5xx errors the load balancer itself answers (no healthy target, timeouts). */
  private createLoadBalancerAlarm(s: Settings): void {
    const lb = this.props.loadBalancerArnSuffix;
    this.metricAlarm(s, ['alb', '5xx'], {}, {
      alarmDescription:
        `Load balancer ${lb}: more than ${s.errorRate}% of requests answered 5xx by the load balancer itself (502 bad gateway, ` +
        `503 no healthy target, 504 target timeout) for ${s.window}. Runbook: find the target group without healthy targets ` +
        'or with timeouts (module dashboards); check listener rules, WAF and security groups after a change.',
      metricQuery: errorRateQuery(s.period, 'HTTPCode_ELB_5XX_Count', { LoadBalancer: lb }, 'load balancer 5xx %'),
      comparisonOperator: 'GreaterThanThreshold',
      threshold: s.errorRate,
      treatMissingData: 'notBreaching',
    });
  }

  /** A composite alarm over `children` (alarm names of alarms already created). */
  private compositeAlarm(
    s: Settings,
    parts: readonly string[],
    description: string,
    children: readonly string[],
    tags: Tags,
    options: { notify: boolean; suppressor?: CloudwatchCompositeAlarm },
    topic: SnsTopic,
  ): CloudwatchCompositeAlarm {
    const alarmName = physicalName(this.props.name, ...parts);
    this.compositeNames.push(alarmName);
    const actions = options.notify ? [topic.arn] : [];
    const suppressionSeconds = s.evaluationPeriods * s.period;
    const composite = this.pin(
      new CloudwatchCompositeAlarm(this, `Composite-${parts.join('-')}`, {
        alarmName,
        alarmDescription: description,
        alarmRule: anyAlarmRule(children.map((child) => this.alarmsByName.get(child)!.alarmName)),
        actionsEnabled: options.notify,
        alarmActions: actions,
        okActions: actions,
        ...(options.suppressor
          ? { actionsSuppressor: { alarm: options.suppressor.alarmName, waitPeriod: suppressionSeconds, extensionPeriod: suppressionSeconds } }
          : {}),
        tags: mergeTags(this.props.tags, tags),
      }),
      ...parts,
    );
    this.alarmsByName.set(alarmName, composite);
    return composite;
  }

  /** The composite tree (see alarm-tree.ts): shard ranges, groups, unclaimed databases, modules. */
  private createComposites(s: Settings, topic: SnsTopic): PlannedAlarm[] {
    const { name } = this.props;
    const runbook = `Runbook: open dashboard ${name}, find the child alarm in ALARM and follow its description.`;
    const shardCount = (group: string) => s.databases.filter(([, db]) => db.group?.name === group).length;
    return s.tree.map((planned) => {
      let description: string;
      let tags: Tags = {};
      switch (planned.role) {
        case 'shard-range':
          description = `A database of group ${planned.subject} with a shard number from ${Number(planned.parts[2])} to ${Number(planned.parts[3])} is unhealthy (CPU, connections or free local storage). Never notifies: feeds ${physicalName(name, planned.subject, 'databases')}.`;
          break;
        case 'group':
          description =
            `A database of group ${planned.subject} (${shardCount(planned.subject)} shards) is unhealthy: one of its CPU, connections or free local storage alarms is in ALARM. ` +
            (planned.notify ? 'No module claims the group (databaseModules), so it pages on its own. ' : 'Never notifies: feeds the composites of the modules that use the group. ') +
            runbook;
          break;
        case 'database':
          description =
            `Database ${planned.subject} is unhealthy: its CPU, connections or free local storage alarm is in ALARM. No module claims it ` +
            `(databaseModules), so it pages on its own. Runbook: open dashboard ${name} and follow the child alarm's description.`;
          break;
        case 'module': {
          const module = planned.subject;
          const singletonKeys = s.singletons.filter(([, target]) => target.module === module).map(([singleton]) => singleton);
          const leaseKeys = s.leases.filter(([, lease]) => lease.module === module).map(([part]) => part);
          const groups = [...new Set(s.databases.filter(([key, db]) => db.group !== undefined && s.modulesOfDatabase.get(key)?.includes(module)).map(([, db]) => db.group!.name))];
          const ungrouped = s.databases.filter(([key, db]) => db.group === undefined && s.modulesOfDatabase.get(key)?.includes(module)).map(([key]) => key);
          const databases = [...groups.map((group) => `group ${group} (${shardCount(group)} shards)`), ...ungrouped];
          description =
            `${module} is unhealthy: one of its alarms is in ALARM (${s.onFleet.has(module) ? 'target 5xx, p95 latency, unhealthy hosts; its CPU pages with its shared fleet' : 'CPU, target 5xx, p95 latency, unhealthy hosts'}` +
            (singletonKeys.length > 0 ? `; singletons ${singletonKeys.join(', ')} in service and CPU` : '') +
            (leaseKeys.length > 0 ? `; singleton parts ${leaseKeys.join(', ')} holding their lease` : '') +
            (databases.length > 0 ? `; databases ${databases.join(', ')}` : '') +
            `). Pages once per incident. ${runbook}`;
          tags = { [TAG_KEYS.module]: module };
          break;
        }
        case 'fleet': {
          const modules = s.fleets.find(([fleet]) => fleet === planned.subject)?.[1].modules ?? [];
          description = `Fleet ${planned.subject}, which serves ${modules.join(', ')}, is busy: its CPU alarm is in ALARM. Pages once for all its modules. ${runbook}`;
          tags = { [TAG_KEYS.module]: planned.subject };
          break;
        }
      }
      const composite = this.compositeAlarm(s, planned.parts, description, planned.children, tags, { notify: planned.notify }, topic);
      return { ...planned, composite };
    });
  }

  /** Load-balancer 5xx errors page only when no module composite explains them already. */
  private createLoadBalancerPage(s: Settings, topic: SnsTopic, composites: readonly PlannedAlarm[]): CloudwatchCompositeAlarm {
    const { name } = this.props;
    const anyModule = this.compositeAlarm(
      s,
      ['modules'],
      'In ALARM while any module composite is; never notifies. Suppresses the load balancer 5xx page during a module incident.',
      composites.filter((c) => c.role === 'module').map((c) => c.alarmName),
      {},
      { notify: false },
      topic,
    );
    return this.compositeAlarm(
      s,
      ['alb'],
      `The load balancer answers more than ${s.errorRate}% of requests with its own 5xx errors while no module alarm is in ALARM ` +
        `(suppressed by ${physicalName(name, 'modules')}). Runbook: follow the description of ${physicalName(name, 'alb', '5xx')}.`,
      [physicalName(name, 'alb', '5xx')],
      {},
      { notify: true, suppressor: anyModule },
      topic,
    );
  }

  /** The dashboard: paging alarms first, then per module and per database. */
  private createDashboard(s: Settings, composites: readonly PlannedAlarm[]): void {
    const { name, region, accountId } = this.props;
    const arnOf = (alarmName: string) => alarmArn(s.partition, region, accountId, alarmName);
    const paging = (role: CompositeRole) => composites.filter((c) => c.notify && c.role === role).map((c) => c.alarmName);
    const pagingNames = [...paging('module'), ...paging('fleet'), ...paging('group'), ...paging('database'), physicalName(name, 'alb')];
    const spareKeys = new Set(s.spares.map(([key]) => key));
    /** A module's parts under a lease, as the dashboard takes them; nothing when it has none. */
    const leasesOf = (module: string) => {
      const leases = s.leases.filter(([, lease]) => lease.module === module).map(([part, lease]) => ({ name: part, namespace: lease.namespace, metricName: lease.metricName, dimensions: lease.dimensions }));
      return leases.length > 0 ? { leases } : {};
    };
    this.pin(
      new CloudwatchDashboard(this, 'Dashboard', {
        dashboardName: name,
        dashboardBody: JSON.stringify(
          dashboardBody({
            title: name,
            region,
            periodSeconds: s.period,
            loadBalancerArnSuffix: this.props.loadBalancerArnSuffix,
            utilizationThresholdPercent: s.threshold,
            latencyThresholdSeconds: s.latencySeconds,
            serverErrorRateThresholdPercent: s.errorRate,
            freeStorageThresholdGb: s.freeStorageGb,
            pagingAlarmArns: pagingNames.map(arnOf),
            modules: s.modules.map(([module, target]) => ({
              name: module,
              autoscalingGroupName: target.autoscalingGroupName,
              targetGroupArnSuffix: target.targetGroupArnSuffix,
              alarmArn: arnOf(physicalName(name, module)),
              singletons: s.singletons
                .filter(([, t]) => t.module === module)
                .map(([singleton, t]) => ({ name: singleton, autoscalingGroupName: t.autoscalingGroupName, ...(spareKeys.has(singleton) ? { warmSpare: true } : {}) })),
              ...leasesOf(module),
              ...(spareKeys.has(module) ? { warmSpare: true } : {}),
            })),
            databases: s.databases
              .filter(([, database]) => database.group === undefined)
              .map(([key, database]) => ({
                key,
                clusterIdentifier: database.clusterIdentifier,
                connectionsThreshold: connectionsAlarmThreshold(database.maxConnections ?? DEFAULT_MAX_CONNECTIONS, s.threshold),
              })),
            databaseGroups: composites
              .filter((c) => c.role === 'group')
              .map((c) => {
                const members = s.databases.filter(([, database]) => database.group?.name === c.subject).map(([, database]) => database);
                return {
                  name: c.subject,
                  shardCount: members.length,
                  clusterIdentifierPrefix: commonPrefix(members.map((m) => m.clusterIdentifier)),
                  connectionsThreshold: Math.min(...members.map((m) => connectionsAlarmThreshold(m.maxConnections ?? DEFAULT_MAX_CONNECTIONS, s.threshold))),
                  alarmArn: arnOf(c.alarmName),
                };
              }),
          }),
        ),
      }),
    );
  }

  /** Every problem with the props at once, in one error, before anything is created. */
  /** Every problem of the props, in one error. */
  private validate(props: MonitoringProps, resolved: Settings): void {
    const problems = new ValidationProblems();
    this.settingProblems(props, resolved, problems);
    this.targetProblems(props, problems);
    this.databaseGroupProblems(props, resolved, problems);
    this.alarmNameProblems(props, resolved, problems);
    problems.throwIfAny('Monitoring', this.node.path);
  }

  /** The name, account and region, and the alarm settings: literal and in range. */
  private settingProblems(props: MonitoringProps, resolved: Settings, problems: ValidationProblems): void {
    const { name, accountId, region, latencyTargetMs, loadBalancerArnSuffix, kmsKeyArn } = props;
    const { threshold, errorRate, freeStorageGb, evaluationPeriods, period } = resolved;

    if (!isResolved(name)) {
      problems.add('name must be a literal string: alarm names, the dashboard and Terraform addresses derive from it');
    } else if (!KEBAB.test(name) || name.length > MAX_NAME_LENGTH) {
      problems.add(
        `name "${name}" is invalid; use lower-case letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, e.g. "prod-us-east-1"`,
      );
    }
    problems.add(accountIdProblem(accountId));
    problems.add(regionProblem(region));

    const numbers: Array<[string, number | undefined]> = [
      ['utilizationThresholdPercent', threshold],
      ['latencyTargetMs', latencyTargetMs],
      ['serverErrorRateThresholdPercent', errorRate],
      ['freeStorageThresholdGb', freeStorageGb],
      ['evaluationPeriods', evaluationPeriods],
      ['periodSeconds', period],
      ...Object.entries(props.databases ?? {}).map(([key, db]): [string, number | undefined] => [`databases["${key}"].maxConnections`, db.maxConnections]),
    ];
    for (const [field, value] of numbers) {
      if (value !== undefined && !isResolved(value)) {
        problems.add(`${field} must be a literal number: thresholds, alarm descriptions and the dashboard are computed from it at synth time`);
      }
    }

    if (isResolved(threshold) && !(Number.isFinite(threshold) && threshold >= 1 && threshold <= 100)) {
      problems.add(
        `utilizationThresholdPercent ${threshold} is out of range; pass a percentage from 1 to 100 ` +
          '(the blueprint\'s target utilization 0.8 is 80)',
      );
    }
    if (isResolved(latencyTargetMs) && !(Number.isFinite(latencyTargetMs) && latencyTargetMs > 0)) {
      problems.add(`latencyTargetMs ${latencyTargetMs} must be a number of milliseconds > 0, e.g. 500 for a 500 ms p95 target`);
    }
    if (isResolved(errorRate) && !(Number.isFinite(errorRate) && errorRate > 0 && errorRate <= 100)) {
      problems.add(`serverErrorRateThresholdPercent ${errorRate} must be > 0 and <= 100, e.g. 1 for 1% of requests`);
    }
    if (isResolved(freeStorageGb) && !(Number.isFinite(freeStorageGb) && freeStorageGb > 0)) {
      problems.add(`freeStorageThresholdGb ${freeStorageGb} must be > 0 GiB, e.g. 20`);
    }
    if (isResolved(evaluationPeriods) && !(Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1)) {
      problems.add(`evaluationPeriods ${evaluationPeriods} must be a whole number >= 1, e.g. 3`);
    }
    if (isResolved(period) && !(Number.isInteger(period) && period >= 60 && period % 60 === 0)) {
      problems.add(`periodSeconds ${period} must be a multiple of 60 (the ALB, EC2 and RDS metrics are per minute), e.g. 60 or 300`);
    }
    if (isResolved(evaluationPeriods) && isResolved(period) && evaluationPeriods * period > MAX_ALARM_WINDOW_SECONDS) {
      problems.add(
        `evaluationPeriods × periodSeconds = ${evaluationPeriods * period} s exceeds the ${MAX_ALARM_WINDOW_SECONDS} s (one day) ` +
          'CloudWatch evaluates; lower one of them',
      );
    }
    if (isResolved(loadBalancerArnSuffix) && !/^app\/[A-Za-z0-9-]+\/[0-9a-f]+$/.test(loadBalancerArnSuffix)) {
      problems.add(
        `loadBalancerArnSuffix "${loadBalancerArnSuffix}" is not an application load balancer ARN suffix; ` +
          'expected "app/<name>/<id>" (the part of the ARN after "loadbalancer/", the load balancer\'s arn_suffix)',
      );
    }
    problems.add(alarmTopicKeyArnProblem(kmsKeyArn, 'kmsKeyArn'));
  }

  /** The watched modules, databases and singletons: keys, identifiers, and references between them. */
  private targetProblems(props: MonitoringProps, problems: ValidationProblems): void {
    const moduleNames = Object.keys(props.modules);
    const databaseKeys = Object.keys(props.databases ?? {});
    if (moduleNames.length === 0) {
      problems.add('modules is empty; pass at least one module, e.g. { incident: { autoscalingGroupName, targetGroupArnSuffix } }');
    }
    for (const [module, target] of Object.entries(props.modules)) {
      if (!KEBAB.test(module)) {
        problems.add(`module name "${module}" must be lower-case kebab-case (e.g. "service-catalog"); it keys alarm names and addresses`);
      }
      if (isResolved(target.targetGroupArnSuffix) && !/^targetgroup\/[A-Za-z0-9-]+\/[0-9a-f]+$/.test(target.targetGroupArnSuffix)) {
        problems.add(
          `modules["${module}"].targetGroupArnSuffix "${target.targetGroupArnSuffix}" is not a target group ARN suffix; ` +
            'expected "targetgroup/<name>/<id>" (the target group\'s arn_suffix)',
        );
      }
      if (isResolved(target.autoscalingGroupName) && target.autoscalingGroupName.trim() === '') {
        problems.add(`modules["${module}"].autoscalingGroupName is empty; pass the module's autoscaling group name`);
      }
    }
    for (const [key, database] of Object.entries(props.databases ?? {})) {
      if (!KEBAB.test(key)) {
        problems.add(`database key "${key}" must be lower-case kebab-case (e.g. "tickets-shard-01"); it keys alarm names and addresses`);
      }
      if (isResolved(database.clusterIdentifier) && database.clusterIdentifier.trim() === '') {
        problems.add(`databases["${key}"].clusterIdentifier is empty; pass the Aurora cluster identifier`);
      }
      const max = database.maxConnections;
      if (max !== undefined && isResolved(max) && !(Number.isInteger(max) && max >= 1)) {
        problems.add(`databases["${key}"].maxConnections ${max} must be a whole number >= 1 (the cluster's max_connections)`);
      }
    }
    for (const [singleton, target] of Object.entries(props.singletons ?? {})) {
      if (!KEBAB.test(singleton)) {
        problems.add(
          `singleton name "${singleton}" must be lower-case kebab-case (e.g. "incident-sla-timer"); it keys alarm names and addresses`,
        );
      }
      if (!moduleNames.includes(target.module)) {
        problems.add(
          `singletons["${singleton}"].module "${target.module}" is not a known module; known modules are ${formatList(moduleNames)} ` +
            '(the singleton\'s alarms join that module\'s composite alarm)',
        );
      }
      if (isResolved(target.autoscalingGroupName) && target.autoscalingGroupName.trim() === '') {
        problems.add(`singletons["${singleton}"].autoscalingGroupName is empty; pass the singleton's autoscaling group name`);
      }
    }
    for (const [part, lease] of Object.entries(props.singletonLeases ?? {})) {
      if (!KEBAB.test(part)) problems.add(`singleton lease name "${part}" must be lower-case kebab-case (e.g. "incident-sla-timer"); it keys alarm names and addresses`);
      if (!moduleNames.includes(lease.module)) {
        problems.add(`singletonLeases["${part}"].module "${lease.module}" is not a known module; known modules are ${formatList(moduleNames)} (the lease alarm joins that module's composite alarm)`);
      }
      if (lease.namespace.trim() === '' || lease.namespace.startsWith('AWS/')) problems.add(`singletonLeases["${part}"].namespace "${lease.namespace}" must be a custom namespace (not empty, not "AWS/..."), e.g. "itsm-scale/prod"`);
      if (lease.metricName.trim() === '') problems.add(`singletonLeases["${part}"].metricName is empty; pass the heartbeat metric, e.g. "SingletonLeaseHeld"`);
      if (!(Number.isInteger(lease.alarmAfterMinutes) && lease.alarmAfterMinutes >= 1 && lease.alarmAfterMinutes <= 1440)) {
        problems.add(`singletonLeases["${part}"].alarmAfterMinutes ${lease.alarmAfterMinutes} must be a whole number of minutes from 1 to 1440`);
      }
      if (props.singletons?.[part] !== undefined) problems.add(`"${part}" is in both singletons and singletonLeases; a part runs in its own group or under a lease, not both`);
    }
    for (const [key, spare] of Object.entries(props.warmSpares ?? {})) {
      if (!KEBAB.test(key)) problems.add(`warm spare name "${key}" must be lower-case kebab-case (e.g. "incident-sla-timer"); it keys alarm names and addresses`);
      if (!moduleNames.includes(spare.module)) {
        problems.add(`warmSpares["${key}"].module "${spare.module}" is not a known module; known modules are ${formatList(moduleNames)} (the spare alarm joins that module's composite alarm)`);
      }
      if (isResolved(spare.autoscalingGroupName) && spare.autoscalingGroupName.trim() === '') {
        problems.add(`warmSpares["${key}"].autoscalingGroupName is empty; pass the singleton's autoscaling group name`);
      }
      if (!(Number.isInteger(spare.alarmAfterMinutes) && spare.alarmAfterMinutes >= 1 && spare.alarmAfterMinutes <= 1440)) {
        problems.add(`warmSpares["${key}"].alarmAfterMinutes ${spare.alarmAfterMinutes} must be a whole number of minutes from 1 to 1440`);
      }
      if (props.singletonLeases?.[key] !== undefined) problems.add(`"${key}" is in both singletonLeases and warmSpares; a part under a lease has no group of its own to keep a spare`);
    }
    const fleetOf = new Map<string, string>();
    for (const [fleet, target] of Object.entries(props.fleets ?? {})) {
      if (!KEBAB.test(fleet)) problems.add(`fleet name "${fleet}" must be lower-case kebab-case (e.g. "shared"); it keys alarm names and addresses`);
      if (target.modules.length === 0) problems.add(`fleets["${fleet}"].modules is empty; list the modules the fleet serves`);
      for (const module of target.modules) {
        if (!moduleNames.includes(module)) problems.add(`fleets["${fleet}"].modules names "${module}", not a known module; known modules are ${formatList(moduleNames)}`);
        const other = fleetOf.get(module);
        if (other !== undefined && other !== fleet) problems.add(`module "${module}" is on fleets "${other}" and "${fleet}"; a module runs on one fleet`);
        fleetOf.set(module, fleet);
      }
      if (isResolved(target.autoscalingGroupName) && target.autoscalingGroupName.trim() === '') {
        problems.add(`fleets["${fleet}"].autoscalingGroupName is empty; pass the fleet's autoscaling group name`);
      }
    }
    for (const [key, dependents] of Object.entries(props.databaseModules ?? {})) {
      if (!databaseKeys.includes(key)) {
        problems.add(
          `databaseModules names database "${key}", which is not in databases (${formatList(databaseKeys)}); ` +
            'add it to databases or fix the key',
        );
      }
      const unknown = dependents.filter((module) => !moduleNames.includes(module));
      if (unknown.length > 0) {
        problems.add(
          `databaseModules["${key}"] names unknown module(s) ${formatList(unknown)}; known modules are ${formatList(moduleNames)}`,
        );
      }
    }
  }

  /** The database groups: names, shard numbers unique in a group, one set of modules per group. */
  private databaseGroupProblems(props: MonitoringProps, resolved: Settings, problems: ValidationProblems): void {
    const { modulesOfDatabase } = resolved;
    const groupMembers = new Map<string, Array<[string, MonitoredDatabase]>>();
    for (const [key, database] of Object.entries(props.databases ?? {})) {
      if (database.group === undefined) continue;
      const { name: group, shard } = database.group;
      if (!KEBAB.test(group)) problems.add(`databases["${key}"].group.name "${group}" must be lower-case kebab-case (e.g. "tickets"); it keys alarm names and addresses`);
      if (!(Number.isInteger(shard) && shard >= 1 && shard <= MAX_SHARDS_PER_GROUP)) {
        problems.add(`databases["${key}"].group.shard ${shard} must be a whole number from 1 to ${MAX_SHARDS_PER_GROUP}`);
      }
      groupMembers.set(group, [...(groupMembers.get(group) ?? []), [key, database]]);
    }
    for (const [group, members] of groupMembers) {
      const seen = new Map<number, string>();
      for (const [key, database] of members) {
        const other = seen.get(database.group!.shard);
        if (other !== undefined) problems.add(`databases "${other}" and "${key}" are both shard ${database.group!.shard} of group "${group}"; shard numbers must be unique in a group`);
        seen.set(database.group!.shard, key);
      }
      const claims = new Set(members.map(([key]) => (modulesOfDatabase.get(key) ?? []).join(',')));
      if (claims.size > 1) {
        problems.add(
          `the shards of group "${group}" are claimed by different modules in databaseModules (${[...claims].map((c) => `[${c}]`).join(', ')}); ` +
            'a group pages through one composite, so give all its shards the same modules',
        );
      }
    }
  }

  /** CloudWatch's limits on the alarm tree, and alarm names two watched things would share. */
  private alarmNameProblems(props: MonitoringProps, resolved: Settings, problems: ValidationProblems): void {
    const moduleNames = Object.keys(props.modules);
    const databaseKeys = Object.keys(props.databases ?? {});
    for (const problem of alarmTreeProblems(resolved.tree)) problems.add(problem);
    if (moduleNames.length > MAX_ALARMS_PER_COMPOSITE) {
      problems.add(`${moduleNames.length} modules exceed the ${MAX_ALARMS_PER_COMPOSITE} composites one suppressor alarm can cover`);
    }
    const owners = new Map<string, string>();
    const claim = (parts: string[], owner: string) => {
      if (!parts.every((part) => KEBAB.test(part))) return;
      const id = logicalId(...parts);
      const previous = owners.get(id);
      if (previous !== undefined && previous !== owner) {
        problems.add(`${owner} and ${previous} would both get the alarm "${physicalName(...parts)}"; rename one of them`);
      }
      owners.set(id, owner);
    };
    for (const module of moduleNames) {
      claim([module], `module "${module}"`);
      for (const kind of MODULE_ALARMS) claim([module, kind], `module "${module}"`);
    }
    for (const singleton of Object.keys(props.singletons ?? {})) {
      for (const kind of SINGLETON_ALARMS) claim([singleton, kind], `singleton "${singleton}"`);
    }
    for (const part of Object.keys(props.singletonLeases ?? {})) {
      for (const kind of LEASE_ALARMS) claim([part, kind], `singleton lease "${part}"`);
    }
    for (const key of Object.keys(props.warmSpares ?? {})) {
      for (const kind of SPARE_ALARMS) claim([key, kind], `warm spare "${key}"`);
    }
    for (const fleet of Object.keys(props.fleets ?? {})) {
      claim([fleet], `fleet "${fleet}"`);
      for (const kind of FLEET_ALARMS) claim([fleet, kind], `fleet "${fleet}"`);
    }
    for (const key of databaseKeys) {
      claim([key], `database "${key}"`);
      for (const kind of DATABASE_ALARMS) claim([key, kind], `database "${key}"`);
    }
    for (const composite of resolved.tree.filter((c) => c.role === 'group' || c.role === 'shard-range')) {
      claim([...composite.parts], `database group "${composite.subject}"`);
    }
    for (const reserved of [['alb'], ['alb', '5xx'], ['modules']]) claim(reserved, 'the load balancer alarms (reserved names "alb", "modules")');
  }
}

/** A count that stayed below 1 (or had no data) in every minute of `minutes`: a lease nobody holds, a spare that is not there. */
function absentForMinutes(minutes: number) {
  return {
    statistic: 'Maximum',
    period: 60,
    comparisonOperator: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    evaluationPeriods: minutes,
    datapointsToAlarm: minutes,
  } as const;
}

/** An autoscaling group's average CPU above the utilization threshold: a module's own group, or a shared fleet's. */
function groupCpuAlarm(s: Settings, autoscalingGroupName: string, alarmDescription: string): AlarmSettings {
  return {
    alarmDescription,
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { AutoScalingGroupName: autoscalingGroupName },
    statistic: 'Average',
    period: s.period,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: s.threshold,
    treatMissingData: 'missing',
  };
}

/** Metric-alarm settings the construct's helper takes; name, evaluation periods and tags are filled in. */
type AlarmSettings = Omit<CloudwatchMetricAlarmConfig, 'alarmName' | 'evaluationPeriods' | 'tags'> & { readonly evaluationPeriods?: number };

/** The props with every default applied, sorted, and the composite tree they give. */
interface Settings {
  readonly partition: string;
  readonly threshold: number;
  readonly errorRate: number;
  readonly freeStorageGb: number;
  readonly evaluationPeriods: number;
  readonly period: number;
  readonly latencySeconds: number;
  /** `<n> consecutive <period>-second periods`, for alarm descriptions. */
  readonly window: string;
  readonly modules: ReadonlyArray<[string, MonitoredModule]>;
  readonly singletons: ReadonlyArray<[string, MonitoredSingleton]>;
  readonly leases: ReadonlyArray<[string, MonitoredSingletonLease]>;
  readonly spares: ReadonlyArray<[string, MonitoredWarmSpare]>;
  readonly fleets: ReadonlyArray<[string, MonitoredFleet]>;
  /** The modules a shared fleet serves. */
  readonly onFleet: ReadonlySet<string>;
  readonly databases: ReadonlyArray<[string, MonitoredDatabase]>;
  readonly modulesOfDatabase: ReadonlyMap<string, readonly string[]>;
  readonly tree: readonly PlannedComposite[];
}

/** A planned composite with the resource built for it. */
type PlannedAlarm = PlannedComposite & { readonly composite: CloudwatchCompositeAlarm };

function resolveSettings(props: MonitoringProps): Settings {
  const evaluationPeriods = props.evaluationPeriods ?? 3;
  const period = props.periodSeconds ?? 60;
  const modules = sortedEntries(props.modules);
  const singletons = sortedEntries(props.singletons ?? {});
  const leases = sortedEntries(props.singletonLeases ?? {});
  const spares = sortedEntries(props.warmSpares ?? {});
  const fleets = sortedEntries(props.fleets ?? {});
  const databases = sortedEntries(props.databases ?? {});
  const modulesOfDatabase = new Map(databases.map(([key]) => [key, [...new Set(props.databaseModules?.[key] ?? [])].sort()]));
  return {
    partition: partitionOf(props.region),
    threshold: props.utilizationThresholdPercent ?? 80,
    errorRate: props.serverErrorRateThresholdPercent ?? 1,
    freeStorageGb: props.freeStorageThresholdGb ?? 20,
    evaluationPeriods,
    period,
    latencySeconds: props.latencyTargetMs / 1000,
    window: `${evaluationPeriods} consecutive ${period}-second periods`,
    modules,
    singletons,
    leases,
    spares,
    fleets,
    onFleet: new Set(fleets.flatMap(([, fleet]) => fleet.modules)),
    databases,
    modulesOfDatabase,
    tree: planAlarmTree({
      name: props.name,
      modules: modules.map(([module]) => module),
      moduleAlarms: MODULE_ALARMS,
      singletonAlarms: SINGLETON_ALARMS,
      databaseAlarms: DATABASE_ALARMS,
      singletons: singletons.map(([singleton, target]) => [singleton, target.module] as const),
      databases: databases.map(([key, database]) => ({
        key,
        ...(database.group === undefined ? {} : { group: database.group }),
        modules: modulesOfDatabase.get(key) ?? [],
      })),
      fleets: fleets.map(([fleet, target]) => [fleet, [...target.modules].sort()] as const),
      fleetAlarms: FLEET_ALARMS,
      ...(leases.length > 0 ? { leases: leases.map(([part, lease]) => [part, lease.module] as const), leaseAlarms: LEASE_ALARMS } : {}),
      ...(spares.length > 0 ? { spares: spares.map(([key, spare]) => [key, spare.module] as const), spareAlarms: SPARE_ALARMS } : {}),
    }),
  };
}

/** 100 × errors / requests; no requests → no datapoint → treated as not breaching. */
function errorRateQuery(period: number, errorsMetric: string, dimensions: Record<string, string>, label: string) {
  const albMetric = (metricName: string) => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions, period, stat: 'Sum' });
  return [
    { id: 'errors', metric: albMetric(errorsMetric), returnData: false },
    { id: 'requests', metric: albMetric('RequestCount'), returnData: false },
    { id: 'rate', expression: '100 * FILL(errors, 0) / requests', label, returnData: true },
  ];
}

/** ARN of each composite of a role, keyed by its subject. */
function arnsOf(composites: readonly PlannedAlarm[], role: CompositeRole): Record<string, string> {
  return Object.fromEntries(composites.filter((c) => c.role === role).map((c) => [c.subject, c.composite.arn]));
}

/** The longest common prefix of the strings. */
function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0]!;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Connections above which the connections alarm fires: `utilizationPercent` of `maxConnections`, rounded down. */
export function connectionsAlarmThreshold(maxConnections: number, utilizationPercent: number): number {
  return Math.floor((maxConnections * utilizationPercent) / 100);
}

/** Entries sorted by key (code-unit order, locale-independent), so output does not depend on object order. */
function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function formatList(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.map((v) => `"${v}"`).join(', ');
}
