/**
 * The planner's checks of loaded input: each environment's regions can meet its service levels
 * with one of the DR postures, every region that hosts the application under that posture has
 * a certificate, and every scenario's target lies at least a month after each start date. The entry points pass it to the model's loader (`checks`, see cli/project.ts), so
 * its problems are reported with the model's, at their place in the YAML. Pure: no I/O.
 */
import { Project, problemAt, serviceLevelsOf } from '../model/load';
import { Problem } from '../model/problems';
import { choosePosture } from './dr';
import { PlanError } from './errors';
import { targetMonth } from './growth';
import { regionRoles } from './region-roles';
import { residencyLayout, residencyRoles } from './residency';

/** Problems of environments whose regions cannot meet their service levels, or lack a certificate the posture needs. */
export function checkServiceLevels(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const env of project.environments.values()) {
    const e = env.value;
    const blueprint = project.blueprints.get(e.blueprint);
    if (!blueprint) continue; // the model reports the unknown or invalid blueprint
    const levels = serviceLevelsOf(e, blueprint.value);
    const regions = [e.regions.primary.name, ...e.regions.secondaries.map((r) => r.name)];
    const choice = choosePosture(levels.rtoMinutes, levels.rpoMinutes, regions.length);
    if ('reason' in choice) {
      problems.push(problemAt(env, e.serviceLevels ? ['serviceLevels'] : ['regions'], choice.reason));
      continue;
    }
    // Regions that host the application serve HTTPS and need a certificate.
    // Under residency zones the posture applies inside each zone: every zone's home hosts the application.
    const layout = residencyLayout(e, blueprint.value);
    const unzoned = layout ? regions.filter((r) => layout.zoneOfRegion[r] === undefined) : [];
    if (unzoned.length > 0) continue; // the residency check reports regions in no zone
    const roles = layout ? residencyRoles(choice.capability.posture, layout, regions, 0) : regionRoles(choice.capability.posture, regions, 0);
    const hosting = roles.filter((role) => role.hostsApplication).map((role) => role.region);
    const missing = hosting.filter((region) => !e.dns.certificateArns[region]);
    if (missing.length > 0) {
      problems.push(
        problemAt(
          env,
          ['dns', 'certificateArns'],
          `no certificate for ${missing.join(', ')}, which ${missing.length === 1 ? 'hosts' : 'host'} the application under the ${choice.capability.title.toLowerCase()} posture (add an ACM certificate ARN per region: ${missing.map((r) => `${r}: arn:aws:acm:${r}:<account>:certificate/<id>`).join(', ')})`,
        ),
      );
    }
  }
  return problems;
}

/**
 * Problems of scenario targets dated less than a month after the start date of an environment that
 * uses the blueprint (every scenario counts: `--scenario` may pick any), placed at the target's `by`.
 */
export function checkScenarioDates(project: Project): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const env of project.environments.values()) {
    const blueprint = project.blueprints.get(env.value.blueprint);
    if (!blueprint) continue;
    for (const [name, scenario] of Object.entries(blueprint.value.scenarios)) {
      try {
        targetMonth(name, scenario, env.value.startDate);
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        // One report per blueprint and scenario, however many environments start after its date.
        const key = `${blueprint.file}|${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problemAt(blueprint, ['scenarios', name, 'by'], error.message));
      }
    }
  }
  return problems;
}
