/**
 * `itsm-scale diff`'s residency review: the walk (walk.ts) over both synth outputs, against the zones
 * the plans of the outputs name (`plans/<env>.json`, `residency`); a copy or holder of a location's
 * data outside its zone that the after side has and the before side has not is a DATA RISK (residency).
 */
import { Json, SynthOutput } from '../diff/types';
import { ResidencyRules, ResidencyViolation, residencyViolations, WalkStack } from './walk';

interface ResidencyJsonView {
  readonly zones: readonly { readonly name: string; readonly regions: readonly string[] }[];
  readonly locations: readonly { readonly name: string; readonly zone: string }[];
  readonly crossZoneGroups: Readonly<Record<string, string>>;
}

/** The residency of an environment's plan report JSON, if any scenario has one. */
function residencyOf(plan: Json | undefined): ResidencyJsonView | undefined {
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) return undefined;
  const scenarios = plan['scenarios'];
  if (scenarios === null || typeof scenarios !== 'object' || Array.isArray(scenarios)) return undefined;
  for (const scenario of Object.values(scenarios)) {
    if (scenario !== null && typeof scenario === 'object' && !Array.isArray(scenario) && scenario['residency'] !== undefined) {
      return scenario['residency'] as unknown as ResidencyJsonView;
    }
  }
  return undefined;
}

function rulesOf(view: ResidencyJsonView): ResidencyRules {
  return {
    zones: Object.fromEntries(view.zones.map((z) => [z.name, z.regions])),
    homes: Object.fromEntries(view.locations.map((l) => [l.name, l.zone])),
    crossZoneGroups: Object.keys(view.crossZoneGroups),
  };
}

const keyOf = (v: ResidencyViolation) => `${v.stack}\u0000${v.resource}\u0000${v.region}\u0000${v.location}`;

/**
 * Violations the after side adds, per environment that names zones on either side (the after side's zones,
 * else the before side's: dropping the residency block must not hide what it then lets out).
 */
export function newResidencyViolations(before: SynthOutput, after: SynthOutput): ResidencyViolation[] {
  const environments = new Set([...(before.plans?.keys() ?? []), ...(after.plans?.keys() ?? [])]);
  const found: ResidencyViolation[] = [];
  for (const environment of [...environments].sort()) {
    const view = residencyOf(after.plans?.get(environment)) ?? residencyOf(before.plans?.get(environment));
    if (!view) continue;
    const rules = rulesOf(view);
    const stacksOf = (output: SynthOutput) =>
      new Map([...output.stacks].filter(([name]) => name.startsWith(`${environment}-`)).map(([name, json]) => [name, json as unknown as WalkStack]));
    const earlier = new Set(residencyViolations(stacksOf(before), rules).map(keyOf));
    found.push(...residencyViolations(stacksOf(after), rules).filter((v) => !earlier.has(keyOf(v))));
  }
  return found;
}
