/**
 * The plan report's residency sections: where each location's data lives (primary, copies, backups
 * and DR region per kind of data) and what each location needs (population over time, its peak
 * hour in its own time zone, its partitions' shards, its regions). Absent without residency zones.
 */
import markdownTable from 'markdown-table';
import { CapacityPlan } from '../capacity/types';

/** A fixed winter date: UTC offsets in the report are standard time, so the report is the same on every day. */

export function renderResidencyMarkdown(plans: readonly CapacityPlan[]): string | undefined {
  const plan = plans.find((p) => p.residency !== undefined);
  if (!plan?.residency) return undefined;
  return [renderPlacement(plan), renderLocations(plans)].join('\n\n');
}

function renderPlacement(plan: CapacityPlan): string {
  const residency = plan.residency!;
  const posture = plan.dr.posture;
  const replicated = posture !== 'backup-restore';
  const rows: string[][] = [];
  const primaryRegion = residency.zones[0]?.regions[0] ?? '';
  for (const location of residency.locations) {
    const zone = residency.zones.find((z) => z.name === location.zone);
    if (!zone) continue;
    const [home = '', ...standbys] = zone.regions;
    const dr = standbys[0] ?? `${home} (restore from backup)`;
    const backups = standbys[0] ? `${home} vault, copied to ${standbys[0]}` : `${home} vault`;
    for (const partition of Object.values(residency.partitions).filter((p) => p.location === location.name)) {
      rows.push([location.name, zone.name, `${partition.group} (partition ${partition.name}, ${partition.database.shards} ${partition.database.shards === 1 ? 'shard' : 'shards'})`, home, replicated && standbys.length > 0 ? `${standbys.join(', ')} (global secondary)` : '—', backups, dr]);
    }
    for (const [group, reason] of Object.entries(residency.crossZoneGroups)) {
      const primaryStandby = residency.zones[0]?.regions[1];
      rows.push([
        location.name,
        zone.name,
        `${group} (global group: ${reason})`,
        primaryRegion,
        'every region that hosts the application (global secondaries)',
        primaryStandby ? `${primaryRegion} vault, copied to ${primaryStandby}` : `${primaryRegion} vault`,
        primaryStandby ?? `${primaryRegion} (restore from backup)`,
      ]);
    }
    rows.push([location.name, zone.name, 'attachments', home, standbys[0] ? `${standbys[0]} (S3 replication)` : '—', backups, dr]);
    if (plan.sharedServices?.search) {
      const standby = plan.sharedServices.search.standby === 'full' && standbys.length > 0 ? `${standbys.join(', ')} (empty domain, re-indexed after failover)` : '—';
      rows.push([location.name, zone.name, 'search index', home, standby, `${home} (automated snapshots, in the region)`, dr]);
    }
  }
  const table = markdownTable([['Location', 'Zone', 'Data', 'Primary', 'Copies', 'Backups', 'DR region'], ...rows], { align: ['l', 'l', 'l', 'l', 'l', 'l', 'l'] });
  return [
    "### Where each location's data lives",
    '',
    `Residency zones: ${residency.zones.map((z) => `${z.name} (${z.regions.join(', ')})`).join('; ')}. The ${posture} posture is applied inside each zone; users from places no zone lists are served by zone ${residency.defaultZone}.`,
    '',
    table,
  ].join('\n');
}

function renderLocations(plans: readonly CapacityPlan[]): string {
  const rows: string[][] = [];
  for (const plan of plans) {
    const residency = plan.residency;
    if (!residency) continue;
    const first = plan.timeline[0]!;
    const last = plan.timeline[plan.timeline.length - 1]!;
    for (const location of residency.locations) {
      const zone = residency.zones.find((z) => z.name === location.zone);
      const shards = Object.values(residency.partitions)
        .filter((p) => p.location === location.name)
        .map((p) => `${p.group} ${p.database.shards}`)
        .join(', ');
      rows.push([
        plan.scenario,
        location.name,
        location.zone,
        `${count(first.requesters * location.share)} → ${count(last.requesters * location.share)}`,
        peakHour(plan, location.name, location.timeZone),
        shards || '—',
        zone?.regions.join(', ') ?? '—',
        zoneFleetText(plan, location.zone),
      ]);
    }
  }
  const table = markdownTable([['Scenario', 'Location', 'Zone', 'Requesters today → horizon', 'Peak hour (own time zone)', 'Shards per partition', 'Regions (home first)', "Zone's fleets at horizon peak"], ...rows], {
    align: ['l', 'l', 'l', 'r', 'l', 'l', 'l', 'r'],
  });
  return [
    '### Capacity per location',
    '',
    table,
    '',
    "Each partition is planned from its location's share of the load; each zone's fleets from its own locations' load, each location at its own hours (follow the sun). The peak hour is the location's own busiest hour (businessHours.peakHour), in its time zone and in UTC in the plan's start week.",
  ].join('\n');
}

/** Instances the zone's fleets reach at the horizon's peak (max sizes, singletons included). */
function zoneFleetText(plan: CapacityPlan, zone: string): string {
  const fleets = plan.residency?.zoneFleets[zone];
  if (!fleets) return '—';
  const total = Object.values(fleets).reduce((sum, f) => sum + f.maxSize + f.singletons.length, 0);
  return `${total} instances`;
}

/** The location's busiest hour as the planner's traffic profile has it: local, and in UTC in the start date's week. */
function peakHour(plan: CapacityPlan, location: string, timeZone: string): string {
  const peak = plan.traffic.locations.find((l) => l.location === location);
  if (!peak) return '—';
  return `${pad(peak.peakHourLocal)}:00 ${timeZone} (${pad(peak.peakUtc.hour)}:00 UTC)`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
