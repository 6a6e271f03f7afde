import { App } from 'cdktf';
import { costPlan } from '../capacity/cost';
import { planCapacity } from '../capacity/plan';
import { CostPlan } from '../capacity/cost/types';
import { CapacityPlan } from '../capacity/types';
import { TAG_KEYS } from '../constructs/core';
import { Project, resolveEnvironment } from '../model/load';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';
import { regionRoles } from '../capacity/region-roles';
import { residencyLayout, residencyRoles, zoneOf } from '../capacity/residency';
import { withResidency } from '../capacity/residency-plan';
import { Blueprint, ModuleSpec } from '../model/schema';
import { globalStackName, regionalStackName } from '../foundation/resource-names';

export interface BuildOptions {
  /** Environments to build. @default - all environments of the project, by name */
  readonly environments?: readonly string[];
  /** Scenario to plan instead of each environment's own. @default - the environment's scenario */
  readonly scenario?: string;
}

/** The stacks of one environment. */
export interface EnvironmentStacks {
  readonly plan: CapacityPlan;
  /** The plan's monthly cost (the budget's limit comes from it; synth writes it into plans/<env>.json). */
  readonly cost: CostPlan;
  readonly regional: readonly RegionalStack[];
  readonly global: GlobalStack;
}

/**
 * Where a plan meets constructs: for each environment, one stack per region (`<env>-<region>`)
 * and one `<env>-global`.
 */
export function buildStacks(app: App, project: Project, options: BuildOptions = {}): EnvironmentStacks[] {
  const names = options.environments ?? [...project.environments.keys()].sort();
  return names.map((name) => buildEnvironment(app, project, name, options.scenario));
}

function buildEnvironment(app: App, project: Project, name: string, scenario: string | undefined): EnvironmentStacks {
  const resolved = resolveEnvironment(project, name);
  const { environment } = resolved;
  const input = { ...resolved, ...(scenario ? { scenario } : {}) };
  const plan = withResidency(input, planCapacity(input));
  const cost = costPlan({ plan, blueprint: resolved.blueprint, environment });
  const tags = {
    ...environment.tags,
    [TAG_KEYS.blueprint]: environment.blueprint,
    [TAG_KEYS.scenario]: plan.scenario,
  };
  const common = {
    environment: environment.name,
    accountId: environment.account,
    stateBucketPrefix: environment.state.bucketPrefix,
    stateKeyPrefix: environment.state.keyPrefix,
    tags,
  };
  const regionSpecs = [environment.regions.primary, ...environment.regions.secondaries];
  const maxReaders = Math.max(0, ...Object.values(plan.databases).map((db) => db.readersPerShard));
  const regionNames = regionSpecs.map((r) => r.name);
  // Under residency zones the posture applies inside each zone: copies go only to the zone's other regions.
  const layout = residencyLayout(environment, resolved.blueprint);
  const roles = layout ? residencyRoles(plan.dr.posture, layout, regionNames, maxReaders) : regionRoles(plan.dr.posture, regionNames, maxReaders);
  const homeRegions = layout ? Object.fromEntries(Object.entries(layout.homeOf).map(([location, zone]) => [location, layout.zones.find((z) => z.name === zone)?.regions[0] ?? ''])) : {};
  const peersOf = (region: string): string[] => (layout ? [...zoneOf(layout, region).regions] : regionNames);
  const dns = { domain: environment.dns.domain, hostedZoneId: environment.dns.hostedZoneId };
  const regional = regionSpecs.map(
    (regionSpec, index) =>
      new RegionalStack(app, regionalStackName(environment.name, regionSpec.name), {
        ...common,
        region: regionSpec.name,
        regionSpec,
        role: roles[index]!,
        dns,
        otherRegions: peersOf(regionSpec.name).filter((other) => other !== regionSpec.name),
        regions: peersOf(regionSpec.name),
        ...(layout ? { primaryRegion: environment.regions.primary.name, residency: { zone: zoneOf(layout, regionSpec.name).name, homeRegions } } : {}),
        natGateways: environment.natGateways,
        ...(environment.dns.certificateArns[regionSpec.name] ? { certificateArn: environment.dns.certificateArns[regionSpec.name] } : {}),
        dataClassification: environment.tags['data-classification'],
        blueprint: resolved.blueprint,
        serviceLevels: resolved.serviceLevels,
        plan,
        userData: resolved.userData,
      }),
  );
  const global = new GlobalStack(app, globalStackName(environment.name), {
    ...common,
    region: environment.regions.primary.name,
    // DNS must stay changeable when the primary region is lost, so its state lives in the first
    // secondary region when there is one.
    stateRegion: environment.regions.secondaries[0]?.name ?? environment.regions.primary.name,
    roles,
    dns,
    healthCheckPath: firstModule(resolved.blueprint).healthCheck.path,
    plan,
    budgetLimitUsd: environment.budget.monthlyLimitUsd ?? budgetLimitFromCost(cost),
    ...(layout ? { residency: { zones: layout.zones, defaultZone: layout.defaultZone } } : {}),
  });
  return { plan, cost, regional, global };
}

/** The plan's monthly cost at the horizon, rounded up to the next $100: the budget's limit unless the environment names one. */
export function budgetLimitFromCost(cost: CostPlan): number {
  const horizon = cost.months[cost.months.length - 1]!.totalUsd;
  return Math.max(100, Math.ceil(horizon / 100) * 100);
}

/**
 * The module whose health path Route 53 checks per region: the busiest one, as the service is
 * down for most users when it is.
 */
function firstModule(blueprint: Blueprint): ModuleSpec {
  const [busiest] = Object.values(blueprint.modules).sort((a, b) => b.trafficShare - a.trafficShare);
  if (!busiest) throw new Error(`blueprint ${blueprint.name} has no modules`);
  return busiest;
}
