/**
 * The usage figures the cost model assumes where the plan provisions no quantity (traffic bytes, log volume,
 * I/O per transaction). Each is shown in the plan report beside the cost it drives; change them here.
 */
import { CostAssumption } from './types';

/** Hours in the average month (8,760 / 12), the unit AWS's monthly examples use. */
export const HOURS_PER_MONTH = 730;
/** Weeks in the average month (730 / 168). */
export const WEEKS_PER_MONTH = HOURS_PER_MONTH / 168;
/** The fleets' root volume (ServiceFleet's gp3 default), in GB. */
export const ROOT_VOLUME_GB = 30;

export const USAGE = {
  /** Bytes in and out of the load balancer per request. */
  kbPerRequest: 20,
  /** Requests per new connection (keep-alive). */
  requestsPerConnection: 10,
  /** Aurora storage I/Os per write transaction (Aurora Standard bills I/O). */
  ioPerWrite: 4,
  /** Storage I/Os per read (the buffer cache serves the rest). */
  ioPerRead: 0.05,
  /** KB shipped to a global secondary per write I/O. */
  kbPerReplicatedWriteIo: 4,
  /** Share of a database changed per month: what incremental backups and copies store. */
  backupMonthlyChangeShare: 0.1,
  /** GB through the NAT gateways per instance-month (updates, external APIs). */
  natGbPerInstanceMonth: 30,
  /** Application log KB per request, WAF log KB per request. */
  appLogKbPerRequest: 1,
  wafLogKbPerRequest: 1,
  /** VPC flow log GB per instance-month. */
  flowLogGbPerInstanceMonth: 1,
  /** CloudWatch Logs stores compressed data: stored GB per GB ingested. */
  logStorageRatio: 0.15,
  /** Months logs are kept (LOG_RETENTION_DAYS of the constructs: 365). */
  logRetentionMonths: 12,
  /** Reads of an attachment per write. */
  attachmentReadsPerWrite: 5,
  /** KMS requests per application request. */
  kmsRequestsPerRequest: 0.01,
  /** Each drill (FIS experiment template) runs once a month; stop-instance actions last 10 minutes, the AZ cut 5. */
  drillRunsPerMonth: 1,
  stopInstancesMinutes: 10,
  azOutageMinutes: 5,
  /** Shared file system: share of its data written and read per month (elastic throughput is billed per GB). */
  fileSystemWriteShare: 0.1,
  fileSystemReadShare: 0.3,
  /** Serverless v2: ACUs per 100 write TPS at peak; off-peak the cluster sits halfway to its minimum. */
  acuPer100WriteTps: 2,
} as const;

/** The assumptions as the report lists them. */
export const COST_ASSUMPTIONS: readonly CostAssumption[] = [
  { name: 'month', value: HOURS_PER_MONTH, unit: 'hours', why: 'the average month (8,760 h / 12)' },
  { name: 'traffic per request', value: USAGE.kbPerRequest, unit: 'KB', why: 'request plus response through the load balancer: drives LCUs' },
  { name: 'requests per connection', value: USAGE.requestsPerConnection, unit: 'requests', why: 'keep-alive: drives the new-connection LCU dimension' },
  { name: 'Aurora I/O per write', value: USAGE.ioPerWrite, unit: 'I/Os', why: 'Aurora Standard bills storage I/O; also the replicated writes of a global database' },
  { name: 'Aurora I/O per read', value: USAGE.ioPerRead, unit: 'I/Os', why: 'the buffer cache serves most reads' },
  { name: 'monthly change', value: USAGE.backupMonthlyChangeShare, unit: 'share', why: 'what incremental backups and their cross-region copies store per month' },
  { name: 'NAT data', value: USAGE.natGbPerInstanceMonth, unit: 'GB per instance-month', why: 'package updates and external APIs (S3 and DynamoDB use free gateway endpoints)' },
  { name: 'log volume', value: USAGE.appLogKbPerRequest + USAGE.wafLogKbPerRequest, unit: 'KB per request', why: 'application and WAF logs; plus 1 GB of flow logs per instance-month' },
  { name: 'drills', value: USAGE.drillRunsPerMonth, unit: 'runs per month', why: 'each FIS template once a month (10-minute stops, 5-minute AZ cut)' },
  { name: 'traffic calendar', value: 1, unit: "the plan's week of traffic (traffic.peakHourEquivalentsPerMonth)", why: "a month's requests from the busiest hour, over every location's business and off hours" },
];
