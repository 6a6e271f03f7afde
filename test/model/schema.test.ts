/**
 * The model's schemas: every repository file parses, the default blueprint holds what README.md
 * promises (seven ITSM modules, the three required scenarios, 500 → 50,000 requesters), defaults
 * apply, and the cross-field rules reject what they must, with paths and messages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../model/load';
import { BlueprintSchema, EnvironmentSchema } from '../../model/schema';
import { Json } from '../json';

const ROOT = join(__dirname, '..', '..');
const stems = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();

/**
 * The raw (unparsed) contents of a repository YAML file, fresh for each call so tests can mutate it;
 * untyped on purpose, as the tests break it in ways the types would forbid.
 */
const raw = (file: string): Json => parse(readFileSync(join(ROOT, file), 'utf8'));
const rawBlueprint = () => raw('blueprints/itsm-standard.yaml');
const rawEnvironment = (name: string) => raw(`environments/${name}.yaml`);

/** The issues of BlueprintSchema.safeParse for a mutated default blueprint, as path + message. */
function blueprintIssues(mutate: (bp: Json) => void): { path: string; message: string }[] {
  const input = rawBlueprint();
  mutate(input);
  const result = BlueprintSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('repository files', () => {
  it('loads every file in blueprints/ and environments/ without problems', () => {
    // WHEN the repository is loaded (loadProject throws InputError listing every problem)
    const project = loadProject({ root: ROOT });
    // THEN every file is there, under its name
    expect([...project.blueprints.keys()].sort()).toEqual(stems('blueprints'));
    expect([...project.environments.keys()].sort()).toEqual(stems('environments'));
    expect(stems('environments')).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
  });

  it('gives the default blueprint the seven ITSM modules and the three required scenarios', () => {
    const blueprint = loadProject({ root: ROOT }).blueprints.get('itsm-standard')!.value;
    expect(Object.keys(blueprint.modules).sort()).toEqual(['asset', 'catalog', 'change', 'cmdb', 'incident', 'knowledge', 'problem']);
    expect(Object.keys(blueprint.scenarios).sort()).toEqual(['aggressive', 'conservative', 'moderate']);
    // AND the aggressive scenario is README.md's "500 employees today, 50,000 across countries later"
    expect([blueprint.population.requesters, blueprint.scenarios.aggressive!.requesters, blueprint.scenarios.aggressive!.inMonths]).toEqual([500, 50_000, 60]);
  });

  it('parses each file with the schema alone as well', () => {
    for (const name of stems('environments')) expect(EnvironmentSchema.safeParse(rawEnvironment(name)).error?.issues ?? []).toEqual([]);
    for (const name of stems('blueprints')) expect(BlueprintSchema.safeParse(raw(`blueprints/${name}.yaml`)).error?.issues ?? []).toEqual([]);
  });
});

describe('defaults', () => {
  it('targets 80% utilization when targetUtilization is omitted', () => {
    // GIVEN the default blueprint without targetUtilization
    const input = rawBlueprint();
    delete input.capacity.targetUtilization;
    // WHEN parsed
    const blueprint = BlueprintSchema.parse(input);
    // THEN
    expect(blueprint.capacity.targetUtilization).toBe(0.8);
  });

  it('fills module, database group and capacity defaults', () => {
    // GIVEN modules and groups that omit their optional fields (problem has no singletons or storage per requester)
    const input = rawBlueprint();
    delete input.databaseGroups.cmdb.slots;
    delete input.capacity.maxReadersPerShard;
    delete input.capacity.maxInstancesPerFleet;
    delete input.workload.concurrency.otherBusinessHoursShare;
    delete input.capacity.shardLeadTimeMonths;
    const blueprint = BlueprintSchema.parse(input);
    // THEN
    expect(blueprint.databaseGroups.cmdb).toMatchObject({ slots: 4096, minShards: 1 });
    expect(blueprint.databaseGroups.cmdb!.serverless).toBeUndefined();
    expect([blueprint.capacity.maxReadersPerShard, blueprint.capacity.maxInstancesPerFleet, blueprint.workload.concurrency.otherBusinessHoursShare]).toEqual([5, 20, 0.6]);
    expect([blueprint.capacity.shardLeadTimeMonths, blueprint.capacity.connectionsPerInstance, blueprint.capacity.restoreGbPerHour]).toEqual([6, 10, 250]);
    // AND locations work Monday to Friday, 8 to 18 local time; the milestones are none
    expect(blueprint.population.locations[0]!.businessHours).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 8, endHour: 18 });
    expect(blueprint.milestones).toEqual([]);
    const problem = blueprint.modules.problem!;
    // AND a module without a schedule follows the locations' hours (the planner derives it)
    expect(problem.schedule).toBeUndefined();
    expect(problem.singletons).toEqual([]);
    expect(problem.storage).toEqual({ kbPerTicket: 50, ticketShare: 0.05, existingGb: 0, kbPerConfigurationItem: 0, kbPerRequester: 0 });
    expect(problem.healthCheck).toEqual({ path: '/api/problem/health', matcher: '200', intervalSeconds: 15, healthyThreshold: 3, unhealthyThreshold: 3 });
    expect([problem.application, problem.slowToJoin]).toEqual([undefined, false]);
    expect(blueprint.application).toMatchObject({ port: 8080, startupSeconds: 300, deregistrationDelaySeconds: 30, idleTimeoutSeconds: 60, stickiness: { type: 'none' } });
  });

  it('classifies data as confidential when the data-classification tag is omitted', () => {
    // GIVEN dev without its data-classification tag (dev sets "internal")
    const input = rawEnvironment('dev');
    expect(input.tags['data-classification']).toBe('internal');
    delete input.tags['data-classification'];
    // WHEN parsed
    const environment = EnvironmentSchema.parse(input);
    // THEN
    expect(environment.tags['data-classification']).toBe('confidential');
  });

  it('spreads over AZs a, b and c, one NAT gateway per AZ and no secondaries when omitted', () => {
    // prod omits availabilityZones and natGateways; remove its secondaries as well
    const input = rawEnvironment('prod');
    delete input.regions.secondaries;
    const environment = EnvironmentSchema.parse(input);
    expect(environment.regions.primary.availabilityZones).toEqual(['a', 'b', 'c']);
    expect(environment.natGateways).toBe('per-az');
    expect(environment.regions.secondaries).toEqual([]);
    expect(environment.state.keyPrefix).toBe('itsm-scale');
  });

  it('rejects an unknown data-classification', () => {
    const input = rawEnvironment('dev');
    input.tags['data-classification'] = 'secret';
    const result = EnvironmentSchema.safeParse(input);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['tags.data-classification']);
  });
});

describe('BlueprintSchema rejects', () => {
  it('accepts the unmodified default blueprint (the baseline for the cases below)', () => {
    expect(blueprintIssues(() => undefined)).toEqual([]);
  });

  it('a scenario with both annualGrowthRate and a target of requesters', () => {
    const issues = blueprintIssues((bp) => {
      bp.scenarios.moderate.requesters = 20_000;
      bp.scenarios.moderate.inMonths = 24;
    });
    expect(issues).toEqual([{ path: 'scenarios.moderate', message: 'give exactly one of annualGrowthRate or requesters (with by or inMonths)' }]);
  });

  it('a scenario with neither', () => {
    const issues = blueprintIssues((bp) => {
      delete bp.scenarios.conservative.annualGrowthRate;
    });
    expect(issues).toEqual([{ path: 'scenarios.conservative', message: 'give exactly one of annualGrowthRate or requesters (with by or inMonths)' }]);
  });

  it('a target of requesters without a date, or with both a date and months', () => {
    expect(
      blueprintIssues((bp) => {
        delete bp.scenarios.aggressive.inMonths;
      }),
    ).toEqual([{ path: 'scenarios.aggressive.requesters', message: 'a target of requesters needs exactly one of by (a date, YYYY-MM-DD) or inMonths (months after startDate)' }]);
    expect(
      blueprintIssues((bp) => {
        delete bp.scenarios.aggressive.inMonths;
        bp.scenarios.aggressive.by = '2030-02-30';
      }),
    ).toEqual([
      { path: 'scenarios.aggressive.by', message: 'must be a calendar date written YYYY-MM-DD, e.g. "2027-12-31"' },
    ]);
  });

  it('the retired requestersAtHorizon, saying what to write instead', () => {
    const issues = blueprintIssues((bp) => {
      bp.scenarios.aggressive = { requestersAtHorizon: 50_000 };
    });
    expect(issues).toEqual([
      {
        path: 'scenarios.aggressive.requestersAtHorizon',
        message: 'requestersAtHorizon is retired: it was measured from the horizon, so --horizon moved the target. Write requesters: 50000 with by: <YYYY-MM-DD> or inMonths: <months after startDate>',
      },
    ]);
  });

  it('milestones that say neither or both of concurrentUsers and p95LatencyMs, or name an unknown module', () => {
    const issues = blueprintIssues((bp) => {
      bp.milestones = [
        { by: '2027-12-31' },
        { by: '2027-12-31', concurrentUsers: 10_000, p95LatencyMs: 400 },
        { by: '2027-06-30', p95LatencyMs: 400, module: 'portal' },
      ];
    });
    expect(issues).toEqual([
      { path: 'milestones.0', message: 'give exactly one of concurrentUsers or p95LatencyMs' },
      { path: 'milestones.1', message: 'give exactly one of concurrentUsers or p95LatencyMs' },
      { path: 'milestones.2.module', message: 'unknown module "portal" (one of: incident, change, problem, catalog, asset, cmdb, knowledge)' },
    ]);
  });

  it('business hours whose peak hour lies outside them', () => {
    const issues = blueprintIssues((bp) => {
      bp.population.locations[0].businessHours = { startHour: 8, endHour: 18, peakHour: 20 };
    });
    expect(issues).toEqual([{ path: 'population.locations.0.businessHours.peakHour', message: 'peakHour must be inside business hours (startHour <= peakHour < endHour)' }]);
  });

  it('a missing required scenario', () => {
    const issues = blueprintIssues((bp) => {
      delete bp.scenarios.aggressive;
    });
    expect(issues).toEqual([{ path: 'scenarios', message: expect.stringMatching(/^missing scenario "aggressive"/) }]);
  });

  it('traffic shares that do not add up to 1', () => {
    // GIVEN incident at 0.45 instead of 0.35: the shares add up to 1.1
    const issues = blueprintIssues((bp) => {
      bp.modules.incident.trafficShare = 0.45;
    });
    expect(issues).toEqual([{ path: 'modules', message: 'trafficShare of all modules adds up to 1.1 (must add up to 1)' }]);
  });

  it('a module pointing at an unknown database group', () => {
    const issues = blueprintIssues((bp) => {
      bp.modules.asset.databaseGroup = 'assets';
    });
    expect(issues).toEqual([{ path: 'modules.asset.databaseGroup', message: 'unknown database group "assets" (one of: tickets, cmdb, knowledge)' }]);
  });

  it('a database group no module uses', () => {
    const issues = blueprintIssues((bp) => {
      bp.databaseGroups.archive = { slots: 1024 };
    });
    expect(issues).toEqual([{ path: 'databaseGroups.archive', message: expect.stringMatching(/^no module uses database group "archive"/) }]);
  });

  it('instance types that are not ascending', () => {
    // GIVEN m7i.xlarge (12 rps) listed before m7i.large (6 rps)
    const issues = blueprintIssues((bp) => {
      const [large, xlarge] = bp.capacity.instanceTypes;
      bp.capacity.instanceTypes.splice(0, 2, xlarge, large);
    });
    expect(issues).toEqual([{ path: 'capacity.instanceTypes.1.requestsPerSecond', message: 'must be larger than the entry before it (12); list smallest first' }]);
  });

  it('instance types of equal capacity', () => {
    const issues = blueprintIssues((bp) => {
      bp.capacity.instanceTypes[3].requestsPerSecond = 24;
    });
    expect(issues.map((i) => i.path)).toEqual(['capacity.instanceTypes.3.requestsPerSecond']);
  });

  it('writer classes that are not ascending', () => {
    const issues = blueprintIssues((bp) => {
      bp.capacity.writerClasses[2].writeTps = 700;
    });
    expect(issues).toEqual([{ path: 'capacity.writerClasses.2.writeTps', message: 'must be larger than the entry before it (800); list smallest first' }]);
  });

  it.each([
    [10, 10],
    [18, 9],
  ])('business hours ending at or before they start (start %s, end %s)', (startHour, endHour) => {
    const issues = blueprintIssues((bp) => {
      Object.assign(bp.modules.cmdb.schedule, { startHour, endHour });
    });
    expect(issues).toEqual([{ path: 'modules.cmdb.schedule.endHour', message: 'endHour must be after startHour' }]);
  });

  it('location shares that do not add up to 1', () => {
    const issues = blueprintIssues((bp) => {
      bp.population.locations[2].share = 0.2;
    });
    expect(issues).toEqual([{ path: 'population.locations', message: 'share of all locations adds up to 1.1 (must add up to 1)' }]);
  });

  it('an unknown time zone and an unknown field', () => {
    const issues = blueprintIssues((bp) => {
      bp.population.locations[1].timeZone = 'Mars/Olympus';
      bp.capacity.targetUtilisation = 0.7;
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['capacity', 'population.locations.1.timeZone']);
    expect(issues.find((i) => i.path === 'population.locations.1.timeZone')!.message).toMatch(/^unknown time zone "Mars\/Olympus"/);
  });
});

describe('database group engine and sharding', () => {
  it('defaults to slot-sharded Aurora PostgreSQL', () => {
    const groups = BlueprintSchema.parse(rawBlueprint()).databaseGroups;
    for (const group of Object.values(groups)) expect([group.engine, group.sharding, group.engineVersion]).toEqual(['aurora-postgresql', 'slots', undefined]);
  });

  it('accepts aurora-mysql with a MySQL version and an unsharded group', () => {
    expect(
      blueprintIssues((bp) => {
        bp.databaseGroups.cmdb.engine = 'aurora-mysql';
        bp.databaseGroups.cmdb.engineVersion = '8.0.mysql_aurora.3.08.2';
        bp.databaseGroups.knowledge.sharding = 'none';
      }),
    ).toEqual([]);
  });

  it('rejects a version of the other engine, an unknown engine, and minShards above 1 without sharding', () => {
    expect(
      blueprintIssues((bp) => {
        bp.databaseGroups.cmdb.engine = 'aurora-mysql';
        bp.databaseGroups.cmdb.engineVersion = '16.10';
        bp.databaseGroups.tickets.sharding = 'none';
        bp.databaseGroups.tickets.minShards = 2;
        bp.databaseGroups.knowledge.engine = 'oracle';
      }),
    ).toEqual([
      { path: 'databaseGroups.tickets.minShards', message: 'is 2 but sharding is "none" (one cluster; remove minShards or use sharding: slots)' },
      { path: 'databaseGroups.cmdb.engineVersion', message: '"16.10" is not an aurora-mysql version (e.g. "8.0.mysql_aurora.3.10.0")' },
      { path: 'databaseGroups.knowledge.engine', message: expect.stringContaining('aurora-postgresql') },
    ]);
  });
});

describe('application.defaultModule', () => {
  it('must name a module', () => {
    expect(
      blueprintIssues((bp) => {
        bp.application.defaultModule = 'portal';
      }),
    ).toEqual([{ path: 'application.defaultModule', message: 'unknown module "portal" (one of: incident, change, problem, catalog, asset, cmdb, knowledge)' }]);
  });
});
