import { CapacityPlan, DatabasePlan, ShardConstraint } from '../capacity/types';
import { formatNumber, formatPercent } from './format';
import { table as columnsTable } from './table';

/**
 * The plan report's sections on the capacity model (issue 11): where the load comes from (each
 * location's busiest hour in its own time zone and the global one), the milestones, what sets each
 * group's shards and when the next ones are needed, and each writer's connection budget. One block
 * per plan when several scenarios are shown. Deterministic: no clock, no locale.
 */

const CONSTRAINT_LABEL: Readonly<Record<ShardConstraint, string>> = {
  minimum: 'minShards',
  writes: 'write TPS',
  storage: 'storage',
  restore: 'restore time against the RTO',
  sharedCluster: 'the shared cluster',
};

/**
 * Start date, each location's busiest hour (the same in every scenario) and population per scenario,
 * and the global busiest hour: one table, a column per scenario.
 */
export function renderLocations(plans: readonly CapacityPlan[]): string {
  const first = plans[0]!;
  const several = plans.length > 1;
  const peopleHeader = (plan: CapacityPlan) => (several ? `${plan.scenario}: requesters / agents` : 'Requesters / agents');
  const peakHeader = (plan: CapacityPlan) => (several ? `${plan.scenario}: own peak req/s` : 'Own peak req/s');
  const rows = first.traffic.locations.map((location) => [
    location.location,
    location.timeZone,
    `${hour(location.peakHourLocal)} local (${day(location.peakUtc.weekday)} ${hour(location.peakUtc.hour)} UTC)`,
    ...plans.flatMap((plan) => {
      const now = plan.timeline[0]!.locations[location.location];
      const then = plan.timeline[plan.timeline.length - 1]!.locations[location.location];
      return [
        `${formatNumber(now?.requesters ?? 0)} / ${formatNumber(now?.agents ?? 0)} → ${formatNumber(then?.requesters ?? 0)} / ${formatNumber(then?.agents ?? 0)}`,
        `${formatNumber(now?.peakRequestsPerSecond ?? 0, 1)} → ${formatNumber(then?.peakRequestsPerSecond ?? 0, 1)}`,
      ];
    }),
  ]);
  const headers = ['Location', 'Time zone', 'Busiest hour', ...plans.flatMap((plan) => [peopleHeader(plan), peakHeader(plan)])];
  const align = ['l', 'l', 'l', ...plans.flatMap(() => ['r', 'r'] as const)] as ('l' | 'r')[];
  const peak = first.traffic.globalPeakUtc;
  const concurrency = plans.map((plan) => {
    const today = plan.timeline[0]!;
    const last = plan.timeline[plan.timeline.length - 1]!;
    const sized = last.plannedConcurrentUsers > last.concurrentUsers + 1e-9 ? ` (sized for ${formatNumber(last.plannedConcurrentUsers)} by the milestones)` : '';
    return `${several ? `${plan.scenario} ` : ''}${formatNumber(today.concurrentUsers)} → ${formatNumber(last.concurrentUsers)}${sized}`;
  });
  return [
    '### Load by location',
    '',
    `Month 0 is ${first.startDate}; the horizon (month ${first.horizonMonths}) only extends or cuts the timeline. Each location peaks in its own time zone; the global busiest hour is where their hours overlap.`,
    '',
    table(headers, align, rows),
    '',
    `Global busiest hour: ${day(peak.weekday)} ${hour(peak.hour)} UTC, at ${formatPercent(first.traffic.globalPeakShare)} of all locations peaking at once; users active then: ${concurrency.join(', ')}.`,
  ].join('\n');
}

/** The blueprint's milestones: met in which month and by what, or why not. */
export function renderMilestones(plans: readonly CapacityPlan[]): string {
  // The milestones are the blueprint's, so the scenarios have the same ones or none.
  if (plans.every((plan) => plan.milestones.length === 0)) {
    return '### Milestones\n\nNone in the blueprint (state them under `milestones`: concurrent users or p95 latency by a date; see docs/capacity-model.md).';
  }
  return perPlan(plans, '### Milestones', (plan) => {
    const rows = plan.milestones.map((m) => [m.milestone, `month ${m.byMonth}`, m.met ? `met${m.metInMonth !== undefined ? ` (month ${m.metInMonth})` : ''}` : '**not met**', m.detail]);
    return table(['Milestone', 'Due', 'Status', 'What provides it, or why not'], ['l', 'r', 'l', 'l'], rows);
  });
}

/** Per group: the shards provisioned, the constraint that sets them, and when the next ones are needed; a column group per scenario. */
export function renderShardPlan(plans: readonly CapacityPlan[]): string {
  const several = plans.length > 1;
  const groups = Object.keys(plans[0]!.databases);
  const prefix = (plan: CapacityPlan, header: string) => (several ? `${plan.scenario}: ${header}` : capitalize(header));
  const headers = ['Group', ...plans.flatMap((plan) => [prefix(plan, 'shards (binding constraint; each constraint needs)'), prefix(plan, 'next shard')])];
  const rows = groups.map((group) => [
    group,
    ...plans.flatMap((plan) => {
      const db = plan.databases[group];
      if (!db) return ['—', '—'];
      if (db.hosts) return [`1 (the shared cluster: first shards of ${db.hosts.join(', ')})`, 'none: a member that grows takes shards of its own'];
      const where = db.firstShardIn !== undefined ? `, shard 01 in ${db.firstShardIn}` : '';
      return [`${db.shards} (${CONSTRAINT_LABEL[db.binding]}; ${needs(db)}${where})`, nextShard(db)];
    }),
  ]);
  const month = plans[0]!.databases[groups[0]!]?.provisionedForMonth ?? 0;
  return [
    '### Shards: binding constraint and next shards',
    '',
    `Shards are provisioned for the need at month ${month} (the start plus the lead time, capacity.shardLeadTimeMonths, within the horizon), not for the horizon; later shards are listed with the month to add them by and the slots they take over.`,
    '',
    table(headers, ['l', ...plans.flatMap(() => ['l', 'l'] as const)] as ('l' | 'r')[], rows),
  ].join('\n');
}

/** How the shared cluster's count is made: its writer takes each member's pools, so an instance may count more than once. */
function sharedClusterPools(plan: CapacityPlan): string {
  const shared = Object.values(plan.databases).find((db) => (db.hosts ?? []).length > 0);
  if (!shared) return '';
  return ` The ${shared.group} cluster's writer holds one pool per member database (${shared.hosts!.join(', ')}) of each instance that uses it, so its count is of pools: an instance whose modules use all ${shared.hosts!.length} counts ${shared.hosts!.length} times.`;
}

/** Per group: connections to each writer against its max_connections, a column group per scenario. */
export function renderConnections(plans: readonly CapacityPlan[]): string {
  const several = plans.length > 1;
  const groups = Object.keys(plans[0]!.databases);
  const headers = ['Group', ...plans.flatMap((plan) => (several ? [`${plan.scenario}: pools × pool size → per writer`, `${plan.scenario}: max_connections of the class (budget)`] : ['Pools × pool size → per writer', 'max_connections of the class (budget)']))];
  const rows = groups.map((group) => [
    group,
    ...plans.flatMap((plan) => {
      const db = plan.databases[group];
      if (!db) return ['—', '—'];
      // A member with no cluster of its own connects to the shared cluster's writer, counted there.
      if (db.firstShardIn !== undefined && db.shards === 1) return [`counted in ${db.firstShardIn}`, '—'];
      const c = db.connections;
      const over = c.maxConnections > 0 && c.perWriter > c.budget ? ' **over**' : '';
      return [`${c.instances} × ${c.connectionsPerInstance} → ${formatNumber(c.perWriter)}${over}`, c.maxConnections === 0 ? `${db.instanceClass}: unknown` : `${db.instanceClass}: ${formatNumber(c.maxConnections)} (${formatNumber(c.budget)})`];
    }),
  ]);
  return [
    '### Connection budget',
    '',
    table(headers, ['l', ...plans.flatMap(() => ['r', 'r'] as const)] as ('l' | 'r')[], rows),
    '',
    `Every instance of a group's fleets (at their largest) and singletons holds a pool to every shard's writer, so more shards do not relieve connections: a larger class or RDS Proxy does. The budget is AWS's default max_connections for the class at the target utilization.` +
      sharedClusterPools(plans[0]!),
  ].join('\n');
}

function needs(db: DatabasePlan): string {
  const n = db.shardsNeededBy;
  const parts = [`minimum ${n.minimum}`, `writes ${n.writes}`, `storage ${n.storage}`];
  if (n.restore > 0) parts.push(`restore ${n.restore}`);
  if (n.sharedCluster > 0) parts.push(`shared cluster ${n.sharedCluster}`);
  return parts.join(', ');
}

function nextShard(db: DatabasePlan): string {
  const next = db.nextShards[0];
  if (!next) return db.sharding === 'none' ? 'one cluster (sharding: none)' : 'none within the horizon';
  const moves = next.slotMoves.map((m) => `${m.firstSlot}–${m.lastSlot} ${m.fromShard}→${m.toShard}`).join(', ');
  const later = db.nextShards.length > 1 ? `; ${db.nextShards.length - 1} more later` : '';
  return `${next.count} shards needed in month ${next.month} (${CONSTRAINT_LABEL[next.binding]}), provision by month ${next.provisionByMonth}; slots move ${moves}${later}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function perPlan(plans: readonly CapacityPlan[], heading: string, body: (plan: CapacityPlan) => string): string {
  if (plans.length === 1) return `${heading}\n\n${body(plans[0]!)}`;
  return [heading, ...plans.map((plan) => `#### ${plan.scenario}\n\n${body(plan)}`)].join('\n\n');
}

function table(headers: readonly string[], align: readonly ('l' | 'r' | 'c')[], rows: readonly (readonly string[])[]): string {
  return columnsTable(headers.map((header, i) => ({ header, align: align[i] ?? 'l' })), rows);
}

function hour(h: number): string {
  return `${String(h).padStart(2, '0')}:00`;
}

function day(weekday: string): string {
  return weekday.charAt(0).toUpperCase() + weekday.slice(1);
}
