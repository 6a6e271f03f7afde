/**
 * The planner's check of loaded input: each environment's regions can meet its service levels
 * with one of the DR postures, and every region that hosts the application under that posture has
 * a certificate. The entry points pass it to the model's loader (`checks`, see cli/project.ts), so
 * its problems are reported with the model's, at their place in the YAML. Pure: no I/O.
 */
import { Project, problemAt, serviceLevelsOf } from '../model/load';
import { Problem } from '../model/problems';
import { choosePosture } from './dr';
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
