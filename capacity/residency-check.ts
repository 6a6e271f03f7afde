/**
 * The loader's check of data residency (environment `residency`, blueprint `dataHome` and
 * `partitionBy`): every region is in exactly one zone, every location has a data home with a region
 * of the environment, every zone can carry the DR posture of the service levels inside itself, and
 * nothing that holds personal data would be copied out of its zone without an opt-in with a reason.
 * Problems are reported at their place in the YAML. Pure: no I/O.
 */
import { KNOWN_REGIONS } from '../model/aws-catalog';
import { Loaded, Project, problemAt, serviceLevelsOf } from '../model/load';
import { Problem } from '../model/problems';
import { Blueprint, Environment } from '../model/schema';
import { choosePosture } from './dr';
import { environmentRegions } from './residency';

export function checkResidency(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const env of project.environments.values()) {
    const blueprint = project.blueprints.get(env.value.blueprint);
    if (!blueprint) continue; // the model reports the unknown or invalid blueprint
    problems.push(...checkEnvironment(env, blueprint));
  }
  return problems;
}

function checkEnvironment(env: Loaded<Environment>, blueprint: Loaded<Blueprint>): Problem[] {
  const e = env.value;
  const bp = blueprint.value;
  const residency = e.residency;
  const problems: Problem[] = [];
  const homed = bp.population.locations.filter((l) => l.dataHome !== undefined);
  const partitioned = Object.keys(bp.databaseGroups).filter((g) => bp.databaseGroups[g]!.partitionBy !== undefined);
  if (!residency) {
    if (homed.length > 0 || partitioned.length > 0) {
      const what = homed.length > 0 ? `homes location data in zones (${homed.map((l) => `${l.name}: ${l.dataHome}`).join(', ')})` : `partitions ${partitioned.join(', ')} by location`;
      problems.push(
        problemAt(env, ['regions'], `blueprint "${bp.name}" ${what}, but this environment names no residency zones, so every copy would go to any region (add residency.zones, e.g. residency: { zones: { ${[...new Set(homed.map((l) => l.dataHome))].map((z) => `${z}: { regions: [...] }`).join(', ') || 'eu: { regions: [eu-central-1, eu-west-1] }'} } })`, true),
      );
    }
    return problems;
  }

  // Each partition lives in its own zone's clusters; a cluster shared across groups would have to sit in one of them.
  if (bp.capacity.sharedCluster !== undefined) {
    problems.push(
      problemAt(
        blueprint,
        ['capacity', 'sharedCluster'],
        `environment "${e.name}" places data in residency zones, which a shared cluster does not support yet: each zone would need its own shared cluster (remove capacity.sharedCluster from blueprint "${bp.name}", or use a blueprint without it for this environment)`,
        true,
      ),
    );
  }

  const regions = environmentRegions(e);
  const regionPaths = [['regions', 'primary', 'name'], ...e.regions.secondaries.map((_, i) => ['regions', 'secondaries', i, 'name'])];
  const zoneNames = Object.keys(residency.zones);

  // Each region of the environment in exactly one zone.
  const zoneOf = new Map<string, string>();
  for (const [zone, spec] of Object.entries(residency.zones)) {
    spec.regions.forEach((region, i) => {
      const earlier = zoneOf.get(region);
      if (earlier !== undefined) {
        problems.push(problemAt(env, ['residency', 'zones', zone, 'regions', i], `region "${region}" is already in zone "${earlier}" (a region belongs to one zone: remove it from one of them)`));
      } else {
        zoneOf.set(region, zone);
      }
    });
  }
  regions.forEach((region, i) => {
    if (!zoneOf.has(region)) {
      problems.push(
        problemAt(env, regionPaths[i]!, `region "${region}" is in no residency zone, so nothing says whose data it may hold (add it to the regions of one of residency.zones: ${zoneNames.join(', ')}, or to a new zone)`),
      );
    }
  });

  // Every location has a data home that the environment can hold.
  bp.population.locations.forEach((location, i) => {
    if (location.dataHome === undefined) {
      problems.push(
        problemAt(blueprint, ['population', 'locations', i], `location "${location.name}" has no dataHome, but environment "${e.name}" places data by residency zones (add dataHome: one of ${zoneNames.join(', ')})`),
      );
    } else if (!(location.dataHome in residency.zones)) {
      problems.push(
        problemAt(blueprint, ['population', 'locations', i, 'dataHome'], `zone "${location.dataHome}" is not a residency zone of environment "${e.name}" (its zones: ${zoneNames.join(', ')}; or add ${location.dataHome} to its residency.zones)`),
      );
    }
  });

  const levels = serviceLevelsOf(e, bp);
  for (const [zone, spec] of Object.entries(residency.zones)) {
    const inEnvironment = regions.filter((r) => spec.regions.includes(r));
    const locations = bp.population.locations.filter((l) => l.dataHome === zone).map((l) => l.name);
    if (inEnvironment.length === 0) {
      if (locations.length > 0) {
        problems.push(
          problemAt(env, ['residency', 'zones', zone, 'regions'], `zone "${zone}" is the data home of ${locations.join(', ')} but has no region in this environment (add one of ${spec.regions.join(', ')} to regions.secondaries with its own vpcCidr)`),
        );
      }
      continue;
    }
    // The posture is chosen per zone: a zone must be able to fail over inside itself.
    const choice = choosePosture(levels.rtoMinutes, levels.rpoMinutes, inEnvironment.length);
    if ('reason' in choice) {
      const candidates = spec.regions.filter((r) => !regions.includes(r));
      const suggestion = candidates[0] ?? siblingRegion(inEnvironment[0]!, regions);
      problems.push(
        problemAt(
          env,
          ['residency', 'zones', zone, 'regions'],
          `zone "${zone}" has one region in this environment (${inEnvironment.join(', ')}), but RTO ${levels.rtoMinutes} min / RPO ${levels.rpoMinutes} min need a standby region, and a zone fails over only inside itself (add ${suggestion ? `a second region of the zone, e.g. ${suggestion},` : 'a second region of the zone'} to regions.secondaries${candidates.length === 0 ? ` and to residency.zones.${zone}.regions` : ''}; or relax serviceLevels)`,
        ),
      );
    }
  }

  if (residency.defaultZone !== undefined && !(residency.defaultZone in residency.zones)) {
    problems.push(problemAt(env, ['residency', 'defaultZone'], `unknown zone "${residency.defaultZone}" (one of: ${zoneNames.join(', ')})`));
  }

  // Replication that would leave a zone: a non-partitioned group is one global database across every region.
  const zonesInUse = new Set(regions.map((r) => zoneOf.get(r)).filter((z) => z !== undefined));
  for (const [group, spec] of Object.entries(bp.databaseGroups)) {
    if (spec.partitionBy !== undefined || !spec.personalData || group in residency.crossZoneGroups || zonesInUse.size < 2) continue;
    const home = zoneOf.get(regions[0]!) ?? '?';
    const outside = regions.filter((r) => zoneOf.get(r) !== home);
    problems.push(
      problemAt(
        env,
        ['residency'],
        `database group "${group}" of blueprint "${bp.name}" holds personal data and is not partitioned by location, so its clusters in ${regions[0]} (zone ${home}) would be copied to ${outside.join(', ')}, outside zone ${home} (partition it: databaseGroups.${group}.partitionBy: location; or, if it holds no personal data, personalData: false; or accept it here with residency.crossZoneGroups.${group}.reason)`,
        true,
      ),
    );
  }
  for (const group of Object.keys(residency.crossZoneGroups)) {
    const spec = bp.databaseGroups[group];
    const why = !spec
      ? `is not a database group of blueprint "${bp.name}" (groups: ${Object.keys(bp.databaseGroups).join(', ')})`
      : spec.partitionBy !== undefined
        ? 'is partitioned by location, so its data never leaves its zone (remove the opt-in)'
        : !spec.personalData
          ? 'holds no personal data (personalData: false), so it needs no opt-in (remove it)'
          : undefined;
    if (why) problems.push(problemAt(env, ['residency', 'crossZoneGroups', group], `"${group}" ${why}`, true));
  }
  return problems;
}

/** Another region with the same geography prefix (eu-, ap-, us-), not yet in the environment. */
function siblingRegion(region: string, taken: readonly string[]): string | undefined {
  const prefix = region.split('-')[0];
  return KNOWN_REGIONS.find((r) => r.startsWith(`${prefix}-`) && !taken.includes(r));
}
