/**
 * Blueprint fields that the schema's shapes let through but the constructs, the planner or AWS
 * refuse. Where a construct decides, its own functions and limits are called (routing slots, path
 * patterns, rule counts), so validation and synthesis cannot disagree.
 */
import {
  apiPathPattern,
  defaultRoutingSlot,
  firstFreeSlot,
  MAX_PATH_VALUES_PER_RULE,
  MAX_UI_RULES_PER_MODULE,
  pathPatternProblem,
  ROUTING_SLOTS,
} from '../../foundation/alb-routing';
import { AURORA_FAMILIES, AURORA_SIZES, closestName, EC2_FAMILIES, EC2_SIZES, memoryGibOf } from '../aws-catalog';
import { Loaded } from '../load';
import { Problem } from '../problems';
import { Blueprint } from '../schema';
import { problemAt } from './located';

/** Longest health-check path the load balancer accepts (ELB API: HealthCheckPath, 1-1024 characters). */
const MAX_HEALTH_CHECK_PATH = 1024;

export function checkBlueprint(bp: Loaded<Blueprint>): Problem[] {
  return [...checkModules(bp), ...checkRouting(bp), ...checkLocations(bp), ...checkCapacityNames(bp), ...checkInstanceMemory(bp)];
}

function checkModules(bp: Loaded<Blueprint>): Problem[] {
  const problems: Problem[] = [];
  const modules = bp.value.modules;
  const owner = new Map<string, string>();
  const fleetNames = new Map<string, string>(Object.keys(modules).map((name) => [name, `module "${name}"`]));
  for (const [name, mod] of Object.entries(modules)) {
    const at = ['modules', name];
    owner.set(apiPathPattern(name), name);
    const maxPaths = MAX_PATH_VALUES_PER_RULE * MAX_UI_RULES_PER_MODULE;
    if (mod.uiPaths.length > maxPaths) {
      problems.push(problemAt(bp, [...at, 'uiPaths'], `has ${mod.uiPaths.length} patterns (the load balancer takes at most ${maxPaths} per module: ${MAX_UI_RULES_PER_MODULE} rules of ${MAX_PATH_VALUES_PER_RULE}; merge patterns with wildcards, e.g. "/${name}/*")`));
    }
    mod.uiPaths.forEach((pattern, i) => {
      const problem = pathPatternProblem(pattern);
      if (problem) problems.push(problemAt(bp, [...at, 'uiPaths', i], `"${pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern}" ${problem}`));
      if (pattern === '/api' || pattern.startsWith('/api/')) {
        problems.push(problemAt(bp, [...at, 'uiPaths', i], `"${pattern}" is under /api/ (API paths are routed by module name: /api/${name}/* is added automatically; remove it or move the UI elsewhere)`));
      }
      const other = owner.get(pattern);
      if (other !== undefined) {
        problems.push(problemAt(bp, [...at, 'uiPaths', i], `"${pattern}" is routed to module "${other}" already (each path pattern may route to one module only)`));
      } else {
        owner.set(pattern, name);
      }
    });
    const path = mod.healthCheck.path;
    if (path.length > MAX_HEALTH_CHECK_PATH) problems.push(problemAt(bp, [...at, 'healthCheck', 'path'], `is ${path.length} characters (the load balancer allows at most ${MAX_HEALTH_CHECK_PATH})`));
    const matcher = mod.healthCheck.matcher;
    const codes = matcher.split(/[,-]/).map(Number);
    const ranges = matcher.split(',').map((part) => part.split('-').map(Number));
    if (codes.some((code) => code < 200 || code > 499) || ranges.some(([low = 0, high]) => high !== undefined && high < low)) {
      problems.push(problemAt(bp, [...at, 'healthCheck', 'matcher'], `"${matcher}" (HTTP health checks of a load balancer accept codes from 200 to 499: one code, a comma list or a rising range, e.g. "200", "200,204" or "200-299")`));
    }
    const seen = new Set<string>();
    mod.singletons.forEach((part, i) => {
      if (seen.has(part)) problems.push(problemAt(bp, [...at, 'singletons', i], `"${part}" is listed twice (each singleton part once)`));
      seen.add(part);
      const fleet = `${name}-${part}`;
      const other = fleetNames.get(fleet);
      if (other !== undefined && !seen.has(`dup:${part}`)) {
        problems.push(problemAt(bp, [...at, 'singletons', i], `singleton "${part}" runs as fleet "${fleet}", the name of ${other} (rename the singleton or that module)`));
      }
      seen.add(`dup:${part}`);
      fleetNames.set(fleet, `singleton "${part}" of module "${name}"`);
    });
  }
  return problems;
}

/** Routing slots: each module's listener-rule priorities come from its slot; two modules must not share one. */
function checkRouting(bp: Loaded<Blueprint>): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(bp.value.modules);
  const slotOf = (name: string): number => bp.value.modules[name]?.routingSlot ?? defaultRoutingSlot(name);
  const taken = new Set(names.map(slotOf));
  const owner = new Map<number, string>();
  for (const name of names) {
    const slot = slotOf(name);
    const other = owner.get(slot);
    if (other !== undefined) {
      const free = firstFreeSlot(slot, taken);
      const explicit = bp.value.modules[name]?.routingSlot !== undefined;
      problems.push(
        problemAt(bp, explicit ? ['modules', name, 'routingSlot'] : ['modules', name], `gets routing slot ${slot}, which module "${other}" has too, so their listener rules would share priorities (set modules.${name}.routingSlot to a free slot from 1 to ${ROUTING_SLOTS}, e.g. ${free}, and keep it forever after)`, !explicit),
      );
    } else {
      owner.set(slot, name);
    }
  }
  return problems;
}

function checkLocations(bp: Loaded<Blueprint>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  bp.value.population.locations.forEach((location, i) => {
    if (seen.has(location.name)) problems.push(problemAt(bp, ['population', 'locations', i, 'name'], `location "${location.name}" is listed twice (each location once; add its shares together)`));
    seen.add(location.name);
  });
  return problems;
}

/**
 * With `capacity.minInstanceMemoryGib`, every listed type's memory must be known (stated or in the
 * catalog) and at least one type must have enough. Unknown type names are reported by the name check.
 */
function checkInstanceMemory(bp: Loaded<Blueprint>): Problem[] {
  const { instanceTypes, minInstanceMemoryGib: minimum } = bp.value.capacity;
  if (minimum === undefined) return [];
  const problems: Problem[] = [];
  instanceTypes.forEach((entry, i) => {
    const [family = '', size = ''] = entry.type.split('.');
    if (entry.memoryGib === undefined && memoryGibOf(entry.type) === undefined && EC2_FAMILIES.includes(family) && EC2_SIZES.includes(size)) {
      problems.push(problemAt(bp, ['capacity', 'instanceTypes', i, 'type'], `the memory of "${entry.type}" is not in the catalog (m, c and r families only), so capacity.minInstanceMemoryGib (${minimum}) cannot be checked: state memoryGib for it`));
    }
  });
  const memories = instanceTypes.map((t) => t.memoryGib ?? memoryGibOf(t.type));
  if (problems.length === 0 && memories.every((m) => m !== undefined && m < minimum)) {
    problems.push(problemAt(bp, ['capacity', 'minInstanceMemoryGib'], `no listed instance type has ${minimum} GiB (largest: ${Math.max(...(memories as number[]))} GiB): list a larger type or lower the minimum`));
  }
  return problems;
}

/** Instance types and Aurora classes against the families AWS offers, with a did-you-mean. */
function checkCapacityNames(bp: Loaded<Blueprint>): Problem[] {
  const problems: Problem[] = [];
  const ec2 = EC2_FAMILIES.flatMap((family) => EC2_SIZES.map((size) => `${family}.${size}`));
  bp.value.capacity.instanceTypes.forEach((entry, i) => {
    const [family = '', size = ''] = entry.type.split('.');
    if (!EC2_FAMILIES.includes(family) || !EC2_SIZES.includes(size)) {
      const guess = closestName(entry.type, ec2);
      problems.push(problemAt(bp, ['capacity', 'instanceTypes', i, 'type'], `unknown EC2 instance type "${entry.type}" (${guess ? `did you mean "${guess}"? ` : ''}${EC2_FAMILIES.includes(family) ? `sizes: ${EC2_SIZES.join(', ')}` : `families: ${EC2_FAMILIES.join(', ')}`})`));
    }
  });
  const aurora = AURORA_FAMILIES.flatMap((family) => AURORA_SIZES.map((size) => `db.${family}.${size}`));
  bp.value.capacity.writerClasses.forEach((entry, i) => {
    const [, family = '', size = ''] = entry.class.split('.');
    if (!AURORA_FAMILIES.includes(family) || !AURORA_SIZES.includes(size)) {
      const guess = closestName(entry.class, aurora);
      problems.push(problemAt(bp, ['capacity', 'writerClasses', i, 'class'], `"${entry.class}" is not an Aurora PostgreSQL instance class (${guess ? `did you mean "${guess}"? ` : ''}families: ${AURORA_FAMILIES.map((f) => `db.${f}`).join(', ')}; sizes: ${AURORA_SIZES.join(', ')})`));
    }
  });
  return problems;
}
