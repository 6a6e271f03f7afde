import { App } from 'cdktf';
import { planCapacity } from '../capacity/plan';
import { CapacityPlan } from '../capacity/types';
import { TAG_KEYS } from '../constructs/core';
import { Project, resolveEnvironment } from '../model/load';
import { GlobalStack } from './global-stack';
import { RegionalStack } from './regional-stack';

export interface BuildOptions {
  /** Environments to build. @default - all environments of the project, by name */
  readonly environments?: readonly string[];
  /** Scenario to plan instead of each environment's own. @default - the environment's scenario */
  readonly scenario?: string;
}

/** The stacks of one environment. */
export interface EnvironmentStacks {
  readonly plan: CapacityPlan;
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
  const plan = planCapacity({ ...resolved, ...(scenario ? { scenario } : {}) });
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
  const regional = regionSpecs.map(
    (regionSpec, index) =>
      new RegionalStack(app, `${environment.name}-${regionSpec.name}`, {
        ...common,
        region: regionSpec.name,
        regionSpec,
        primary: index === 0,
        otherRegions: regionSpecs.filter((other) => other.name !== regionSpec.name).map((other) => other.name),
        natGateways: environment.natGateways,
        ...(environment.dns.certificateArns[regionSpec.name] ? { certificateArn: environment.dns.certificateArns[regionSpec.name] } : {}),
        dataClassification: environment.tags['data-classification'],
        blueprint: resolved.blueprint,
        plan,
      }),
  );
  const global = new GlobalStack(app, `${environment.name}-global`, {
    ...common,
    region: environment.regions.primary.name,
    regions: regionSpecs.map((r) => r.name),
    plan,
  });
  return { plan, regional, global };
}
