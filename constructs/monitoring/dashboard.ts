/**
 * Pure builder of the CloudWatch dashboard body (no cdktf): the construct passes names and thresholds and
 * writes `JSON.stringify(dashboardBody(...))`. Same input, same output: modules and databases are laid out in
 * the order given (the construct sorts them by name), positions are computed, never left to CloudWatch.
 */

/** Width of the CloudWatch dashboard grid. */
export const DASHBOARD_GRID_WIDTH = 24;
const WIDGET_WIDTH = 8;
const WIDGET_HEIGHT = 6;
const HEADER_HEIGHT = 1;
const BYTES_PER_GIB = 1024 ** 3;

/** One module's row of widgets. */
export interface DashboardModule {
  /** Module name, e.g. `incident`. */
  readonly name: string;
  readonly autoscalingGroupName: string;
  readonly targetGroupArnSuffix: string;
  /** ARN of the alarm that pages for the module (its composite), shown as an alarm-status widget. */
  readonly alarmArn: string;
  /** The module's singleton parts, one graph each in the module's section (the order given). @default - none */
  readonly singletons?: readonly DashboardSingleton[];
  /** The module's singleton parts under a lease, one heartbeat graph each (the order given). @default - none */
  readonly leases?: readonly DashboardLease[];
  /** The module is a singleton with a warm spare: its instances graph shows the warm pool's warmed instances. @default false */
  readonly warmSpare?: boolean;
}

/** One singleton part under a lease: the heartbeat its holder publishes. */
export interface DashboardLease {
  /** Part name, e.g. `incident-sla-timer`. */
  readonly name: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** One singleton part of a module: a one-instance autoscaling group outside the load balancer. */
export interface DashboardSingleton {
  /** Singleton name, e.g. `incident-sla-timer`. */
  readonly name: string;
  readonly autoscalingGroupName: string;
  /** The group keeps a warm spare: its graph shows the warm pool's warmed instances. @default false */
  readonly warmSpare?: boolean;
}

/** One database's row of widgets. */
export interface DashboardDatabase {
  /** Readable key, e.g. `tickets-shard-01`. */
  readonly key: string;
  readonly clusterIdentifier: string;
  /** Connections above which the connections alarm fires. */
  readonly connectionsThreshold: number;
}

/**
 * One database group's row of widgets: every shard's line in one graph per metric (a metric-math SEARCH over the
 * group's cluster identifiers), so hundreds of shards fit CloudWatch's 500 widgets per dashboard.
 */
export interface DashboardDatabaseGroup {
  /** Group name, e.g. `tickets`. */
  readonly name: string;
  /** Number of shards, shown in the header. */
  readonly shardCount: number;
  /** What every cluster identifier of the group starts with, e.g. `prod-us-east-1-tickets-shard-`. */
  readonly clusterIdentifierPrefix: string;
  /** Connections above which the connections alarm fires (the group's lowest). */
  readonly connectionsThreshold: number;
  /** ARN of the group's composite alarm. */
  readonly alarmArn: string;
}

/** Everything the dashboard shows. */
export interface DashboardInput {
  /** Dashboard title, the physical prefix such as `prod-us-east-1`. */
  readonly title: string;
  readonly region: string;
  readonly periodSeconds: number;
  readonly loadBalancerArnSuffix: string;
  readonly utilizationThresholdPercent: number;
  readonly latencyThresholdSeconds: number;
  readonly serverErrorRateThresholdPercent: number;
  readonly freeStorageThresholdGb: number;
  /** ARNs of every alarm that pages (composites), for the overview's alarm-status widget. */
  readonly pagingAlarmArns: readonly string[];
  readonly modules: readonly DashboardModule[];
  /** Databases shown one row each (those in no group). */
  readonly databases: readonly DashboardDatabase[];
  /** Database groups shown one row each. @default - none */
  readonly databaseGroups?: readonly DashboardDatabaseGroup[];
}

/** The warm pool's warmed instances of a singleton's group: 1 while its spare is ready. */
function warmedSpares(autoscalingGroupName: string): MetricRow {
  return ['AWS/AutoScaling', 'WarmPoolWarmedCapacity', 'AutoScalingGroupName', autoscalingGroupName, { stat: 'Maximum', label: 'warmed spares (max)' }];
}

/** A dashboard widget as CloudWatch's dashboard body structure describes it. */
export interface DashboardWidget {
  readonly type: 'text' | 'metric' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

type MetricRow = ReadonlyArray<string | Record<string, unknown>>;

const ALB = 'AWS/ApplicationELB';

/**
 * The dashboard body: an overview row, then per module and per database a header and their graphs. A module's
 * singletons follow its graphs, one graph each (instances in service and CPU, and the warmed spare where there is
 * one), then its parts under a lease (the holder's heartbeat).
 */
export function dashboardBody(input: DashboardInput): { widgets: DashboardWidget[] } {
  const widgets: DashboardWidget[] = [];
  let y = 0;
  const header = (markdown: string) => {
    widgets.push({ type: 'text', x: 0, y, width: DASHBOARD_GRID_WIDTH, height: HEADER_HEIGHT, properties: { markdown } });
    y += HEADER_HEIGHT;
  };
  /** Lays widgets out left to right, three per row. */
  const row = (items: ReadonlyArray<Pick<DashboardWidget, 'type' | 'properties'>>) => {
    items.forEach((item, index) => {
      const column = index % (DASHBOARD_GRID_WIDTH / WIDGET_WIDTH);
      if (index > 0 && column === 0) y += WIDGET_HEIGHT;
      widgets.push({ type: item.type, x: column * WIDGET_WIDTH, y, width: WIDGET_WIDTH, height: WIDGET_HEIGHT, properties: item.properties });
    });
    if (items.length > 0) y += WIDGET_HEIGHT;
  };
  const graph = (title: string, metrics: MetricRow[], extra: Record<string, unknown> = {}) => ({
    type: 'metric' as const,
    properties: { title, region: input.region, view: 'timeSeries', stacked: false, period: input.periodSeconds, metrics, ...extra },
  });
  const threshold = (label: string, value: number) => ({ annotations: { horizontal: [{ label, value }] } });
  const lb = input.loadBalancerArnSuffix;

  // ---- Overview ----------------------------------------------------------------------------
  header(`# ${input.title}\nOnly composite alarms page; the graphs below show what their children watch.`);
  row([
    {
      type: 'alarm',
      properties: { title: 'Paging alarms', region: input.region, alarms: [...input.pagingAlarmArns], sortBy: 'stateUpdatedTimestamp' },
    },
    graph('Load balancer requests (sum)', [[ALB, 'RequestCount', 'LoadBalancer', lb, { stat: 'Sum', label: 'requests' }]]),
    graph(
      'Load balancer 5xx rate (%)',
      [
        [{ expression: '100 * FILL(errors, 0) / requests', id: 'rate', label: 'ELB 5xx %' }],
        [ALB, 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', lb, { id: 'errors', stat: 'Sum', visible: false }],
        [ALB, 'RequestCount', 'LoadBalancer', lb, { id: 'requests', stat: 'Sum', visible: false }],
      ],
      threshold(`alarm > ${input.serverErrorRateThresholdPercent}%`, input.serverErrorRateThresholdPercent),
    ),
  ]);

  // ---- Modules -----------------------------------------------------------------------------
  for (const module of input.modules) {
    const tg = ['LoadBalancer', lb, 'TargetGroup', module.targetGroupArnSuffix];
    const asg = ['AutoScalingGroupName', module.autoscalingGroupName];
    header(`## Module ${module.name}`);
    row([
      graph('Requests (sum)', [[ALB, 'RequestCount', ...tg, { stat: 'Sum', label: 'requests' }]]),
      graph(
        'Latency (seconds)',
        [
          [ALB, 'TargetResponseTime', ...tg, { stat: 'p95', label: 'p95' }],
          [ALB, 'TargetResponseTime', ...tg, { stat: 'p50', label: 'p50' }],
        ],
        threshold(`alarm p95 > ${input.latencyThresholdSeconds}s`, input.latencyThresholdSeconds),
      ),
      graph(
        'Target 5xx rate (%)',
        [
          [{ expression: '100 * FILL(errors, 0) / requests', id: 'rate', label: '5xx %' }],
          [ALB, 'HTTPCode_Target_5XX_Count', ...tg, { id: 'errors', stat: 'Sum', label: '5xx count', yAxis: 'right' }],
          [ALB, 'RequestCount', ...tg, { id: 'requests', stat: 'Sum', visible: false }],
        ],
        threshold(`alarm > ${input.serverErrorRateThresholdPercent}%`, input.serverErrorRateThresholdPercent),
      ),
      graph(
        'CPU (%)',
        [['AWS/EC2', 'CPUUtilization', ...asg, { stat: 'Average', label: 'average' }]],
        { ...threshold(`alarm > ${input.utilizationThresholdPercent}%`, input.utilizationThresholdPercent), yAxis: { left: { min: 0, max: 100 } } },
      ),
      graph('Instances', [
        ['AWS/AutoScaling', 'GroupInServiceInstances', ...asg, { stat: 'Average', label: 'in service' }],
        ['AWS/AutoScaling', 'GroupDesiredCapacity', ...asg, { stat: 'Average', label: 'desired' }],
        [ALB, 'UnHealthyHostCount', ...tg, { stat: 'Maximum', label: 'unhealthy targets' }],
        ...(module.warmSpare ? [warmedSpares(module.autoscalingGroupName)] : []),
      ]),
      { type: 'alarm', properties: { title: `${module.name} alarm`, region: input.region, alarms: [module.alarmArn] } },
      ...(module.singletons ?? []).map((singleton) =>
        graph(
          `Singleton ${singleton.name}`,
          [
            ['AWS/AutoScaling', 'GroupInServiceInstances', 'AutoScalingGroupName', singleton.autoscalingGroupName, { stat: 'Minimum', label: 'in service (min)' }],
            ['AWS/EC2', 'CPUUtilization', 'AutoScalingGroupName', singleton.autoscalingGroupName, { stat: 'Average', label: 'CPU % (average)', yAxis: 'right' }],
            ...(singleton.warmSpare ? [warmedSpares(singleton.autoscalingGroupName)] : []),
          ],
          {
            annotations: {
              horizontal: [
                { label: singleton.warmSpare ? 'alarm in service or warmed spares < 1' : 'alarm in service < 1', value: 1, yAxis: 'left' },
                { label: `alarm CPU > ${input.utilizationThresholdPercent}%`, value: input.utilizationThresholdPercent, yAxis: 'right' },
              ],
            },
            yAxis: { left: { min: 0 }, right: { min: 0, max: 100 } },
          },
        ),
      ),
      ...(module.leases ?? []).map((lease) =>
        graph(
          `Lease ${lease.name}`,
          [[lease.namespace, lease.metricName, ...Object.entries(lease.dimensions).flat(), { stat: 'Maximum', label: 'held (max)' }]],
          { ...threshold('alarm < 1 (nobody holds it)', 1), period: 60, yAxis: { left: { min: 0, max: 1.5 } } },
        ),
      ),
    ]);
  }

  // ---- Databases ---------------------------------------------------------------------------
  for (const database of input.databases) {
    const cluster = ['DBClusterIdentifier', database.clusterIdentifier];
    header(`## Database ${database.key}`);
    row([
      graph(
        'CPU (%, busiest instance)',
        [['AWS/RDS', 'CPUUtilization', ...cluster, { stat: 'Maximum', label: 'max' }]],
        { ...threshold(`alarm > ${input.utilizationThresholdPercent}%`, input.utilizationThresholdPercent), yAxis: { left: { min: 0, max: 100 } } },
      ),
      graph(
        'Connections (busiest instance)',
        [['AWS/RDS', 'DatabaseConnections', ...cluster, { stat: 'Maximum', label: 'max' }]],
        threshold(`alarm > ${database.connectionsThreshold}`, database.connectionsThreshold),
      ),
      graph(
        'Free local storage (GiB, least instance)',
        [
          [{ expression: `bytes / ${BYTES_PER_GIB}`, id: 'gib', label: 'GiB free' }],
          ['AWS/RDS', 'FreeLocalStorage', ...cluster, { id: 'bytes', stat: 'Minimum', visible: false }],
        ],
        threshold(`alarm < ${input.freeStorageThresholdGb} GiB`, input.freeStorageThresholdGb),
      ),
    ]);
  }

  // ---- Database groups: one line per shard ---------------------------------------------------
  for (const group of input.databaseGroups ?? []) {
    const search = (metric: string, stat: string) =>
      // The quoted prefix is a phrase search over the identifier's tokens; the schema keeps only per-cluster metrics.
      `SEARCH('{AWS/RDS,DBClusterIdentifier} MetricName="${metric}" "${group.clusterIdentifierPrefix}"', '${stat}', ${input.periodSeconds})`;
    header(`## Database group ${group.name} (${group.shardCount} shards)`);
    row([
      graph(
        'CPU (%, busiest instance per shard)',
        [[{ expression: search('CPUUtilization', 'Maximum'), id: 'cpu' }]],
        { ...threshold(`alarm > ${input.utilizationThresholdPercent}%`, input.utilizationThresholdPercent), yAxis: { left: { min: 0, max: 100 } } },
      ),
      graph('Connections (busiest instance per shard)', [[{ expression: search('DatabaseConnections', 'Maximum'), id: 'connections' }]], threshold(`alarm > ${group.connectionsThreshold}`, group.connectionsThreshold)),
      graph(
        'Free local storage (GiB, least instance per shard)',
        [[{ expression: `${search('FreeLocalStorage', 'Minimum')} / ${BYTES_PER_GIB}`, id: 'gib' }]],
        threshold(`alarm < ${input.freeStorageThresholdGb} GiB`, input.freeStorageThresholdGb),
      ),
      { type: 'alarm', properties: { title: `${group.name} alarm`, region: input.region, alarms: [group.alarmArn] } },
    ]);
  }
  return { widgets };
}
