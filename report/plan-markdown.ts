import { CostPlan } from '../capacity/cost';
import { ownShards } from '../capacity/database';
import { CapacityPlan, DatabasePlan, FleetPlan } from '../capacity/types';
import { SHARED_FLEET } from '../foundation/resource-names';
import { renderCostFooter, renderCostMarkdown } from './cost';
import {
  checkPlans,
  formatDays,
  formatMinutes,
  formatNumber,
  formatPercent,
  formatSchedule,
  formatSlotMap,
  unionKeys,
} from './format';
import { failoverRunbook, renderRunbookMarkdown } from './runbook';
import { renderSharedServicesMarkdown } from './shared-services';
import { renderResidencyMarkdown } from './residency';
import { renderSingletonsMarkdown } from './singletons';
import { topologyMermaid } from './topology';
import { renderConnections, renderLocations, renderMilestones, renderShardPlan } from './growth-markdown';
import { Column, table } from './table';


/** Shown where a plan has no value (a module or group missing from one scenario). */
const NONE = '—';

/**
 * Renders capacity plans as GitHub-flavoured Markdown for a pull-request comment: one plan (one
 * scenario), or several plans of the same environment (one per scenario) side by side, in the
 * order given. Deterministic: the same plans always give the same text (no dates, no locale).
 *
 * Sections: header and population, load by location, milestones, fleets, database groups, shards
 * (binding constraint, next shards), connection budget, backups, DR posture, singletons (replacement path
 * against the RTO, and how to recover one), thresholds, limits and quotas,
 * topology (a Mermaid diagram) and the failover runbook. Modules and groups keep the blueprint's
 * order (the key order of the plans' records).
 *
 * @throws Error when no plan is given, when the plans differ in environment, blueprint, tier or
 * horizon, or when a scenario is given twice.
 */
export interface PlanMarkdownOptions {
  /**
   * The cost of each plan (capacity/cost `costPlan`), in the order of the plans: adds the monthly cost section
   * and a footer naming the price file's date and sources.
   * @default - no cost section
   */
  readonly costs?: readonly CostPlan[];
}

export function renderPlanMarkdown(plans: readonly CapacityPlan[], options: PlanMarkdownOptions = {}): string {
  checkPlans(plans, 'renderPlanMarkdown');
  const costs = options.costs;
  const sections = [
    renderHeader(plans),
    renderLocations(plans),
    renderMilestones(plans),
    renderFleets(plans),
    renderDatabases(plans),
    renderShardPlan(plans),
    renderConnections(plans),
    // Only when the blueprint asks for shared services: other reports keep their bytes.
    ...optional(renderSharedServicesMarkdown(plans)),
    // Only under residency zones: other reports keep their bytes.
    ...optional(renderResidencyMarkdown(plans)),
    renderBackups(plans),
    renderDr(plans),
    // Only when the blueprint has singletons.
    ...optional(renderSingletonsMarkdown(plans)),
    renderThresholds(plans),
    renderProblems(plans),
    ...(costs ? [renderCostMarkdown(plans, costs)] : []),
    renderTopology(plans),
    renderRunbook(plans),
    ...(costs ? [renderCostFooter(costs)] : []),
  ];
  return `${sections.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Header

function renderHeader(plans: readonly CapacityPlan[]): string {
  const first = plans[0]!;
  const scenarios = plans.map((p) => p.scenario);
  const horizon = `month ${first.horizonMonths}`;
  const lines = [
    `## Capacity plan: ${first.environment}`,
    '',
    `- **Environment:** \`${first.environment}\` (${first.availabilityZones} availability zones in the primary region)`,
    `- **Blueprint:** \`${first.blueprint}\``,
    plans.length > 1 ? `- **Scenarios:** ${scenarios.join(', ')}` : `- **Scenario:** ${first.scenario}`,
    `- **Horizon:** ${first.horizonMonths} months`,
    `- **Tier:** ${first.tier}`,
    `- **Target utilization:** ${sameOrEach(plans, (p) => formatPercent(p.targetUtilization, true))}`,
    '',
    `Population and load, today → ${horizon}:`,
    '',
    '',
  ];
  const columns: Column[] = [
    { header: 'Scenario', align: 'l' },
    { header: 'Requesters', align: 'r' },
    { header: 'Agents', align: 'r' },
    { header: 'Tickets per month', align: 'r' },
    { header: `Attachments stored at ${horizon}`, align: 'r' },
  ];
  const rows = plans.map((plan) => {
    const today = plan.timeline[0];
    const last = plan.timeline[plan.timeline.length - 1];
    const change = (pick: (p: NonNullable<typeof today>) => number) =>
      today && last ? `${formatNumber(pick(today))} → ${formatNumber(pick(last))}` : NONE;
    return [
      plan.scenario,
      change((p) => p.requesters),
      change((p) => p.agents),
      change((p) => p.ticketsPerMonth),
      `${formatNumber(plan.attachments.storageGbAtHorizon, 1)} GB (${plan.attachments.retentionYears} years kept)`,
    ];
  });
  return `${lines.join('\n')}${table(columns, rows)}`;
}

// ---------------------------------------------------------------------------------------------
// Fleets

function renderFleets(plans: readonly CapacityPlan[]): string {
  const first = plans[0]!;
  const modules = unionKeys(plans.map((p) => p.fleets));
  const production = first.tier === 'production';
  const utilizationHeader = production ? 'utilization at horizon peak (one AZ lost)' : 'utilization at horizon peak';
  const fleetOf = (plan: CapacityPlan, module: string): FleetPlan | undefined => plan.fleets[module];
  const shared = (module: string, pick: (f: FleetPlan) => string) =>
    sameOrEach(plans, (p) => {
      const fleet = fleetOf(p, module);
      return fleet ? pick(fleet) : NONE;
    });

  let columns: Column[];
  let rows: string[][];
  if (plans.length === 1) {
    columns = [
      { header: 'Module', align: 'l' },
      { header: 'Instance type', align: 'l' },
      { header: 'Min / desired / max', align: 'c' },
      { header: 'Peak req/s today → horizon', align: 'r' },
      { header: capitalize(utilizationHeader), align: 'r' },
      { header: 'Scaling target', align: 'l' },
      { header: 'Business hours', align: 'l' },
      { header: 'Singletons', align: 'l' },
    ];
    rows = modules.map((module) => {
      const fleet = fleetOf(first, module);
      if (!fleet) return [module, NONE, NONE, NONE, NONE, NONE, NONE, NONE];
      return [
        module,
        fleet.instanceType,
        sizes(fleet),
        `${formatNumber(fleet.peakRequestsPerSecondToday, 1)} → ${formatNumber(fleet.peakRequestsPerSecondAtHorizon, 1)}`,
        formatPercent(fleet.utilizationAtHorizonPeak),
        `${formatNumber(fleet.targetRequestsPerSecondPerInstance, 1)} req/s per instance, CPU ${formatPercent(fleet.scalingTargetUtilization, true)}`,
        formatSchedule(fleet.schedule),
        singletons(fleet),
      ];
    });
  } else {
    columns = [
      { header: 'Module', align: 'l' },
      { header: 'Peak req/s today', align: 'r' },
      ...plans.flatMap((plan): Column[] => [
        { header: `${plan.scenario}: fleet`, align: 'l' },
        { header: `${plan.scenario}: horizon peak req/s (util.)`, align: 'r' },
        { header: `${plan.scenario}: target req/s`, align: 'r' },
      ]),
      { header: 'Target CPU', align: 'r' },
      { header: 'Business hours', align: 'l' },
      { header: 'Singletons', align: 'l' },
    ];
    rows = modules.map((module) => [
      module,
      shared(module, (f) => formatNumber(f.peakRequestsPerSecondToday, 1)),
      ...plans.flatMap((plan) => {
        const fleet = fleetOf(plan, module);
        if (!fleet) return [NONE, NONE, NONE];
        return [
          `${fleet.instanceType} ${sizes(fleet, '/')}`,
          `${formatNumber(fleet.peakRequestsPerSecondAtHorizon, 1)} (${formatPercent(fleet.utilizationAtHorizonPeak)})`,
          formatNumber(fleet.targetRequestsPerSecondPerInstance, 1),
        ];
      }),
      shared(module, (f) => formatPercent(f.scalingTargetUtilization, true)),
      shared(module, (f) => formatSchedule(f.schedule)),
      shared(module, singletons),
    ]);
  }

  const target = sameOrEach(plans, (p) => {
    const fleet = Object.values(p.fleets)[0];
    return fleet ? formatPercent(fleet.scalingTargetUtilization, true) : NONE;
  });
  const notes = [
    production
      ? `Peaks are the busiest hour. Production keeps N+1: utilization is at the horizon's peak after losing one of ${first.availabilityZones} AZs, and target tracking aims at ${target} CPU so that the survivors of a lost AZ run at ${sameOrEach(plans, (p) => formatPercent(p.targetUtilization, true))}.`
      : `Peaks are the busiest hour. Utilization is at the horizon's peak with every instance up; target tracking aims at ${target} CPU.`,
    plans.some((p) => Object.values(p.fleets).some((f) => f.singletonPlacement === 'lease'))
      ? 'Min is the off-hours floor, desired today\'s business-hours need, max the horizon\'s need. Singletons run once each: under a lease on every instance of the fleet that serves their module (only the holder works; application.singletonLease), or in their own one-instance group.'
      : 'Min is the off-hours floor, desired today\'s business-hours need, max the horizon\'s need. Singletons run once each, in their own one-instance group.',
  ];
  const sharing = plans.filter((p) => p.fleets[SHARED_FLEET]?.hostedBy === undefined && (p.fleets[SHARED_FLEET]?.modules.length ?? 0) > 1);
  if (sharing.length > 0) {
    const members = sameOrEach(sharing, (p) => p.fleets[SHARED_FLEET]!.modules.join(', '));
    notes.push(
      `The \`${SHARED_FLEET}\` fleet serves ${members} (capacity.sharedFleet: modules below one instance's load), sized for the sum of their peaks; each keeps its own target group, routes and alarms, and its row shows its own load.`,
    );
  }
  const overLimit = plans.flatMap((plan) =>
    Object.values(plan.fleets)
      .filter((f) => f.exceedsFleetLimit)
      .map((f) => `${plan.scenario}/${f.module}`),
  );
  if (overLimit.length > 0) {
    notes.push(`**Over the fleet limit** even with the largest instance type: ${overLimit.join(', ')}. Split the module or add a larger type to the blueprint.`);
  }
  return `### Fleets\n\n${table(columns, rows)}\n\n${notes.join('\n')}`;
}

function sizes(fleet: FleetPlan, separator = ' / '): string {
  if (fleet.hostedBy !== undefined) return `on \`${fleet.hostedBy}\``;
  const text = [fleet.minSize, fleet.desiredSize, fleet.maxSize].join(separator);
  return fleet.exceedsFleetLimit ? `${text} (over limit)` : text;
}

/** A group's shards, and where its first lives when that is the shared cluster; the shared cluster, whose first shards it holds. */
export function shardsLabel(db: DatabasePlan): string {
  if (db.hosts) return `${db.shards} (first shards of ${db.hosts.join(', ')})`;
  return db.firstShardIn !== undefined ? `${db.shards} (shard 01 in ${db.firstShardIn})` : String(db.shards);
}

function singletons(fleet: FleetPlan): string {
  return fleet.singletons.length > 0 ? fleet.singletons.map((s) => `\`${s}\``).join(', ') : NONE;
}

// ---------------------------------------------------------------------------------------------
// Database groups

function renderDatabases(plans: readonly CapacityPlan[]): string {
  const first = plans[0]!;
  const groups = unionKeys(plans.map((p) => p.databases));
  if (groups.length === 0) return '### Database groups\n\nNo database groups.';
  const dbOf = (plan: CapacityPlan, group: string): DatabasePlan | undefined => plan.databases[group];
  const shared = (group: string, pick: (d: DatabasePlan) => string) =>
    sameOrEach(plans, (p) => {
      const db = dbOf(p, group);
      return db ? pick(db) : NONE;
    });

  let columns: Column[];
  let rows: string[][];
  let after = '';
  if (plans.length === 1) {
    columns = [
      { header: 'Group', align: 'l' },
      { header: 'Modules', align: 'l' },
      { header: 'Shards', align: 'r' },
      { header: 'Slot map', align: 'l' },
      { header: 'Instance class', align: 'l' },
      { header: 'Readers per shard', align: 'r' },
      { header: 'Write TPS at horizon', align: 'r' },
      { header: 'Read RPS at horizon', align: 'r' },
      { header: 'Storage GB at horizon', align: 'r' },
      { header: 'Writer utilization (busiest shard)', align: 'r' },
    ];
    rows = groups.map((group) => {
      const db = dbOf(first, group);
      if (!db) return [group, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE];
      return [
        group,
        modules(db),
        shardsLabel(db),
        slotMapLabel(db),
        ...(ownShards(db).length > 0 ? [instanceClass(db), String(db.readersPerShard)] : [IN_SHARED(db), NONE]),
        formatNumber(db.writeTpsAtHorizon, 1),
        formatNumber(db.readRpsAtHorizon, 1),
        formatNumber(db.storageGbAtHorizon, 1),
        ownShards(db).length > 0 ? formatPercent(db.writerUtilization) : NONE,
      ];
    });
  } else {
    columns = [
      { header: 'Group', align: 'l' },
      { header: 'Modules', align: 'l' },
      { header: 'Slots', align: 'r' },
      ...plans.flatMap((plan): Column[] => [
        { header: `${plan.scenario}: shards`, align: 'r' },
        { header: `${plan.scenario}: instances per shard`, align: 'l' },
        { header: `${plan.scenario}: write TPS / read RPS / storage GB at horizon`, align: 'r' },
        { header: `${plan.scenario}: writer utilization`, align: 'r' },
      ]),
    ];
    rows = groups.map((group) => [
      group,
      shared(group, modules),
      shared(group, (db) => String(db.slots)),
      ...plans.flatMap((plan) => {
        const db = dbOf(plan, group);
        if (!db) return [NONE, NONE, NONE, NONE];
        const own = ownShards(db).length > 0;
        return [
          shardsLabel(db),
          own ? `${instanceClass(db)} + ${db.readersPerShard === 1 ? '1 reader' : `${db.readersPerShard} readers`}` : IN_SHARED(db),
          [db.writeTpsAtHorizon, db.readRpsAtHorizon, db.storageGbAtHorizon].map((n) => formatNumber(n, 1)).join(' / '),
          own ? formatPercent(db.writerUtilization) : NONE,
        ];
      }),
    ]);
    // Slot maps are long; list them under the table, once per distinct map.
    const lines = groups.map((group) => {
      const variants = distinct(plans, (p) => {
        const db = dbOf(p, group);
        return db ? slotMapLabel(db) : NONE;
      });
      const text =
        variants.length === 1
          ? variants[0]!.value
          : variants.map((v) => `${v.plans.map((p) => p.scenario).join(', ')}: ${v.value}`).join('; ');
      return `- \`${group}\`: ${text}`;
    });
    after = `\n\nSlot maps (slots are fixed for the life of the data; growth moves whole slots to new shards):\n\n${lines.join('\n')}`;
  }
  const note = 'Load is at the horizon\'s busiest hour; writer utilization is the busiest shard\'s writer at its peak.';
  return `### Database groups\n\n${table(columns, rows)}${after}\n\n${note}`;
}

function modules(db: DatabasePlan): string {
  return db.modules.join(', ') || NONE;
}

/** A member whose every shard lives in the shared cluster runs no instances of its own. */
const IN_SHARED = (db: DatabasePlan): string => `in ${db.firstShardIn} (no own cluster)`;

/** The slot map; the shared cluster has none of its own (each member's slot map places its first shard there). */
function slotMapLabel(db: DatabasePlan): string {
  return db.hosts ? NONE : formatSlotMap(db.slots, db.slotMap);
}

function instanceClass(db: DatabasePlan): string {
  if (db.serverless) return `${db.instanceClass} (${formatNumber(db.serverless.minAcu, 1).replace(/\.0$/, '')}–${formatNumber(db.serverless.maxAcu, 1).replace(/\.0$/, '')} ACU)`;
  return db.instanceClass;
}

// ---------------------------------------------------------------------------------------------
// Backups and DR: they follow the service levels, so usually they are the same for every scenario.

/** What the vault lock means for the operator, with the cooling-off period of a compliance lock. */
function vaultLockText(b: CapacityPlan['backup']): string {
  const policy = `The vault access policy denies deleting recovery points, changing their lifecycle, removing the lock and changing the policy to everyone but \`${b.breakGlassRoleName}\`.`;
  return b.vaultLock.mode === 'compliance'
    ? `The vault lock is in compliance mode with a cooling-off period of ${formatDays(b.vaultLock.coolingOffDays)} after the first apply: until then it can be changed or removed; ` +
        `after it nobody, not even the account root, can shorten retention, remove the lock or delete the vault before its recovery points expire. ${policy}`
    : `The vault lock is in governance mode: recovery points cannot be deleted early, but the break-glass role can remove the lock, so the environment stays deletable. ${policy}`;
}

function renderBackups(plans: readonly CapacityPlan[]): string {
  const body = perDistinct(
    plans,
    (p) => JSON.stringify([p.backup, p.dr.requiredRpoMinutes, p.dr.achievableRpoMinutes, p.dr.posture]),
    (plan) => {
      const b = plan.backup;
      const rows = [
        ['Schedule (UTC)', `\`${b.scheduleExpression}\``],
        ['Frequency', `every ${formatMinutes(b.frequencyMinutes)}`],
        ['Continuous backup (point-in-time recovery)', b.continuous ? 'yes' : 'no'],
        ['RPO met by backups', `${formatMinutes(b.rpoMetMinutes)} (required: ${formatMinutes(plan.dr.requiredRpoMinutes)})`],
        ['Short-term retention', formatDays(b.shortTermRetentionDays)],
        ['Long-term retention', formatDays(b.longTermRetentionDays)],
        ['Cold storage after', `${formatDays(b.coldStorageAfterDays)} (types that support it; not Aurora or S3)`],
        ['Vault lock', b.vaultLock.mode === 'compliance' ? `compliance, ${formatDays(b.vaultLock.coolingOffDays)} cooling-off` : 'governance'],
        ['Break-glass role', `\`${b.breakGlassRoleName}\``],
      ];
      let text = table(
        [
          { header: 'Backup', align: 'l' },
          { header: 'Value', align: 'l' },
        ],
        rows,
      );
      text += `\n\n${vaultLockText(b)}`;
      if (b.rpoMetMinutes > plan.dr.requiredRpoMinutes) {
        text +=
          plan.dr.achievableRpoMinutes <= plan.dr.requiredRpoMinutes
            ? `\n\nBackups alone recover to within ${formatMinutes(b.rpoMetMinutes)}; the required RPO of ${formatMinutes(plan.dr.requiredRpoMinutes)} is met by the DR posture's replication (${plan.dr.posture}: ${formatMinutes(plan.dr.achievableRpoMinutes)}).`
            : `\n\n**The required RPO of ${formatMinutes(plan.dr.requiredRpoMinutes)} is not met** by backups (${formatMinutes(b.rpoMetMinutes)}) nor by the DR posture (${formatMinutes(plan.dr.achievableRpoMinutes)}).`;
      }
      return text;
    },
  );
  return `### Backups\n\n${body}`;
}

function renderDr(plans: readonly CapacityPlan[]): string {
  const body = perDistinct(
    plans,
    (p) => JSON.stringify(p.dr),
    (plan) => {
      const dr = plan.dr;
      const regions = (list: readonly string[]) => (list.length > 0 ? list.map((r) => `\`${r}\``).join(', ') : 'none');
      const objectives = table(
        [
          { header: 'Objective', align: 'l' },
          { header: 'Required', align: 'r' },
          { header: 'Achievable', align: 'r' },
          { header: 'Met', align: 'c' },
        ],
        [
          ['RTO', formatMinutes(dr.requiredRtoMinutes), formatMinutes(dr.achievableRtoMinutes), dr.achievableRtoMinutes <= dr.requiredRtoMinutes ? 'yes' : '**no**'],
          ['RPO', formatMinutes(dr.requiredRpoMinutes), formatMinutes(dr.achievableRpoMinutes), dr.achievableRpoMinutes <= dr.requiredRpoMinutes ? 'yes' : '**no**'],
        ],
      );
      return [
        `Posture: **${dr.posture}**. Serving regions: ${regions(dr.servingRegions)}; standby regions: ${regions(dr.standbyRegions)}.`,
        '',
        objectives,
        '',
        'Evidence:',
        '',
        ...dr.evidence.map((line) => `- ${line}`),
      ].join('\n');
    },
  );
  return `### DR posture\n\n${body}`;
}

// ---------------------------------------------------------------------------------------------
// Thresholds

function renderThresholds(plans: readonly CapacityPlan[]): string {
  const list = (plan: CapacityPlan) =>
    plan.thresholds.length > 0
      ? plan.thresholds.map((t) => `- month ${t.month}: ${t.message}`).join('\n')
      : `- none within the horizon (${plan.horizonMonths} months)`;
  const intro = 'The months in which the load first needs more instances or another shard.';
  if (plans.length === 1) return `### Thresholds\n\n${intro}\n\n${list(plans[0]!)}`;
  const parts = plans.map((plan) => `**${plan.scenario}**\n\n${list(plan)}`);
  return `### Thresholds\n\n${intro}\n\n${parts.join('\n\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Limits and quotas: every cap, quota or standby the plan runs into, never silent.

function renderProblems(plans: readonly CapacityPlan[]): string {
  const list = (plan: CapacityPlan) =>
    plan.problems.length > 0
      ? plan.problems.map((p) => `- **${p.limit}**: ${p.message} (needs ${formatNumber(p.needed, Number.isInteger(p.needed) ? 0 : 2)}, allowed ${formatNumber(p.allowed, Number.isInteger(p.allowed) ? 0 : 2)}; source: ${p.source}). Fix: ${p.fix}.`).join('\n')
      : '- none: no blueprint cap, AWS quota or standby limit is exceeded';
  const intro = "Caps of the blueprint, AWS quotas per region (AWS's defaults unless the environment states its own under `quotas`) and the standby's capacity that the plan exceeds.";
  if (plans.length === 1) return `### Limits and quotas\n\n${intro}\n\n${list(plans[0]!)}`;
  const parts = plans.map((plan) => `**${plan.scenario}**\n\n${list(plan)}`);
  return `### Limits and quotas\n\n${intro}\n\n${parts.join('\n\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Topology and runbook

/**
 * What a diagram shows apart from sizes: posture, regions, modules and database groups. Scenarios
 * of one environment usually share it (they differ in sizes and shard counts, which the tables
 * above already compare), so one diagram is drawn per distinct structure, for the first scenario
 * that has it, instead of a near-identical diagram per scenario.
 */
function topologyStructure(plan: CapacityPlan): string {
  return JSON.stringify([plan.dr.posture, plan.dr.servingRegions, plan.dr.standbyRegions, Object.keys(plan.fleets), Object.keys(plan.databases)]);
}

function renderTopology(plans: readonly CapacityPlan[]): string {
  const groups = distinct(plans, topologyStructure);
  const diagram = (group: { plans: CapacityPlan[] }): string => {
    const [first, ...others] = group.plans;
    const block = `\`\`\`mermaid\n${topologyMermaid(first!)}\n\`\`\``;
    if (others.length === 0) return block;
    return `Drawn for ${first!.scenario}; ${others.map((p) => p.scenario).join(', ')} ${others.length === 1 ? 'has' : 'have'} the same regions, routing, modules and database groups, with the sizes and shard counts of the tables above.\n\n${block}`;
  };
  const intro = 'Regions and what runs in each (stacks `<env>-<region>` and `<env>-global`); dotted edges cross regions.';
  if (groups.length === 1) return `### Topology\n\n${intro}\n\n${diagram(groups[0]!)}`;
  return `### Topology\n\n${intro}\n\n${groups.map((g) => `#### ${g.plans.map((p) => p.scenario).join(', ')}\n\n${diagram(g)}`).join('\n\n')}`;
}

function renderRunbook(plans: readonly CapacityPlan[]): string {
  const runbooks = new Map(plans.map((plan) => [plan, renderRunbookMarkdown(failoverRunbook(plan))]));
  const groups = distinct(plans, (plan) => runbooks.get(plan)!);
  if (groups.length === 1) {
    const same = plans.length > 1 ? 'The same for every scenario.\n\n' : '';
    return `### Failover runbook\n\n${same}${groups[0]!.value}`;
  }
  const parts = groups.map((g) => `#### ${g.plans.map((p) => p.scenario).join(', ')}\n\n${g.value}`);
  return `### Failover runbook\n\nScenarios differ in their shards, so in their commands.\n\n${parts.join('\n\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Renders a GFM table with markdown-table; pipes and line breaks in cells are escaped. */

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The plans grouped by a value, in order of first appearance. */
function distinct(plans: readonly CapacityPlan[], value: (plan: CapacityPlan) => string): Array<{ value: string; plans: CapacityPlan[] }> {
  const groups: Array<{ value: string; plans: CapacityPlan[] }> = [];
  for (const plan of plans) {
    const v = value(plan);
    const existing = groups.find((g) => g.value === v);
    if (existing) existing.plans.push(plan);
    else groups.push({ value: v, plans: [plan] });
  }
  return groups;
}

/** One value when every plan agrees, else each scenario's: `moderate 80% / aggressive 70%`. */
function sameOrEach(plans: readonly CapacityPlan[], value: (plan: CapacityPlan) => string): string {
  const groups = distinct(plans, value);
  if (groups.length === 1) return groups[0]!.value;
  return plans.map((p) => `${p.scenario} ${value(p)}`).join(' / ');
}

/**
 * Renders a section once when every plan gives the same content (saying so when there are
 * several), else once per group of scenarios that agree, under a heading naming them.
 */
function perDistinct(plans: readonly CapacityPlan[], key: (plan: CapacityPlan) => string, render: (plan: CapacityPlan) => string): string {
  const groups = distinct(plans, key);
  if (groups.length === 1) {
    const body = render(plans[0]!);
    return plans.length > 1 ? `The same for every scenario (it follows the service levels, not the growth).\n\n${body}` : body;
  }
  return groups.map((g) => `#### ${g.plans.map((p) => p.scenario).join(', ')}\n\n${render(g.plans[0]!)}`).join('\n\n');
}

function optional(section: string | undefined): string[] {
  return section === undefined ? [] : [section];
}
