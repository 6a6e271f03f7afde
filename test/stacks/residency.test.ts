/**
 * Data residency over synthesized stacks (environments/intl-prod.yaml, blueprints/itsm-multinational.yaml):
 * every resource that holds a location's data is in a region of that location's zone, DNS sends each
 * zone's users home and fails over inside the zone, and growing one partition leaves the others alone.
 */
import { App, Testing } from 'cdktf';
import { Project } from '../../model/load';
import { Environment } from '../../model/schema';
import { buildStacks } from '../../stacks/build';
import { residencyViolations, ResidencyRules } from '../../review/residency/walk';
import { repoProject, resourcesOf, synthStacks, TerraformJson, withBlueprint, withEnvironment } from './helpers';

const ENV = 'intl-prod';
const BLUEPRINT = 'itsm-multinational';

function rulesOf(project: Project): ResidencyRules {
  const environment = project.environments.get(ENV)!.value;
  const blueprint = project.blueprints.get(BLUEPRINT)!.value;
  return {
    zones: Object.fromEntries(Object.entries(environment.residency!.zones).map(([zone, spec]) => [zone, spec.regions])),
    homes: Object.fromEntries(blueprint.population.locations.map((l) => [l.name, l.dataHome!])),
    crossZoneGroups: Object.entries(blueprint.databaseGroups)
      .filter(([group, spec]) => spec.partitionBy === undefined && (!spec.personalData || group in environment.residency!.crossZoneGroups))
      .map(([group]) => group),
  };
}

type Resources = NonNullable<TerraformJson['resource']>;
const byType = (json: TerraformJson, type: string) => (json.resource as Resources | undefined)?.[type] ?? {};

/** Builds every stack of the environment but synthesizes only the global one (DNS). */
function globalStackOf(project: Project): TerraformJson {
  const app = Testing.app();
  const [built] = buildStacks(app as App, project, { environments: [ENV] });
  return JSON.parse(Testing.synth(built!.global)) as TerraformJson;
}

describe('residency: every copy inside its zone', () => {
  const project = repoProject();
  const rules = rulesOf(project);
  const stacks = synthStacks(project, [ENV]);

  test('the multinational environment has a stack per region and the global one', () => {
    expect(Object.keys(stacks).sort()).toEqual([
      'intl-prod-ap-southeast-1',
      'intl-prod-ap-southeast-2',
      'intl-prod-eu-central-1',
      'intl-prod-eu-west-1',
      'intl-prod-global',
      'intl-prod-us-east-1',
      'intl-prod-us-west-2',
    ]);
  });

  test('each partition lives only in its zone: EU shards in eu-central-1 (primary) and eu-west-1 (secondary), never elsewhere', () => {
    const partitionsIn = (stack: string) =>
      [...new Set(Object.values(byType(stacks[stack]!, 'aws_rds_cluster')).map((c) => (c.tags as Record<string, string>).group))].sort();
    expect(partitionsIn('intl-prod-eu-central-1')).toEqual(['cmdb-emea', 'knowledge', 'tickets-emea']);
    expect(partitionsIn('intl-prod-eu-west-1')).toEqual(['cmdb-emea', 'knowledge', 'tickets-emea']);
    expect(partitionsIn('intl-prod-us-east-1')).toEqual(['cmdb-americas', 'knowledge', 'tickets-americas']);
    expect(partitionsIn('intl-prod-ap-southeast-2')).toEqual(['cmdb-apac', 'knowledge', 'tickets-apac']);
    // EU global clusters are created in the EU home only; the standby joins them from eu-west-1.
    const euGlobal = Object.values(byType(stacks['intl-prod-eu-central-1']!, 'aws_rds_global_cluster')).map((g) => g.global_cluster_identifier);
    expect(euGlobal).toContain('intl-prod-tickets-emea-shard-01');
    const standbyMembers = Object.values(byType(stacks['intl-prod-eu-west-1']!, 'aws_rds_cluster')).map((c) => c.global_cluster_identifier);
    expect(standbyMembers).toContain('intl-prod-tickets-emea-shard-01');
    for (const other of ['intl-prod-us-east-1', 'intl-prod-us-west-2', 'intl-prod-ap-southeast-1', 'intl-prod-ap-southeast-2']) {
      const members = Object.values(byType(stacks[other]!, 'aws_rds_cluster')).map((c) => String(c.global_cluster_identifier));
      expect(members.filter((id) => id.includes('emea'))).toEqual([]);
    }
  });

  test("each zone's fleets follow the sun: sized for the zone's share, scheduled on its own business hours", () => {
    const incident = (stack: string) => byType(stacks[stack]!, 'aws_autoscaling_group')['fleet_incident']!;
    const schedules = (stack: string) =>
      Object.values(byType(stacks[stack]!, 'aws_autoscaling_schedule'))
        .filter((s) => String(s.autoscaling_group_name).includes('fleet_incident') || String(s.scheduled_action_name).includes('incident'))
        .map((s) => s.time_zone);
    expect(new Set(schedules('intl-prod-eu-central-1'))).toEqual(new Set(['Europe/Berlin']));
    expect(new Set(schedules('intl-prod-us-east-1'))).toEqual(new Set(['America/New_York']));
    expect(new Set(schedules('intl-prod-ap-southeast-1'))).toEqual(new Set(['Asia/Singapore']));
    // the EU standby keeps its floor of one, up to the home's maximum
    expect(incident('intl-prod-eu-west-1')).toMatchObject({ min_size: 1, desired_capacity: 1, max_size: incident('intl-prod-eu-central-1').max_size });
    // AND under a load heavy enough to leave the floors (50 requests per action), APAC (20% of the requesters) needs
    // fewer incident instances at the horizon than the EU (45%)
    const heavy = synthStacks(
      withBlueprint(repoProject(), BLUEPRINT, (b) => ({ ...b, workload: { ...b.workload, concurrency: { ...b.workload.concurrency, requestsPerAction: 50 } } })),
      [ENV],
    );
    const heavyIncident = (stack: string) => Number(byType(heavy[stack]!, 'aws_autoscaling_group')['fleet_incident']!.max_size);
    expect(heavyIncident('intl-prod-ap-southeast-1')).toBeLessThan(heavyIncident('intl-prod-eu-central-1'));
  });

  test('backup copies and attachment replication stay in the zone (eu-central-1 → eu-west-1, us-east-1 → us-west-2, ap-southeast-1 → ap-southeast-2)', () => {
    const copies = (stack: string) =>
      Object.values(byType(stacks[stack]!, 'aws_backup_plan')).flatMap((p) =>
        (p.rule as { copy_action?: { destination_vault_arn: string }[] }[]).flatMap((r) => (r.copy_action ?? []).map((c) => c.destination_vault_arn.split(':')[3])),
      );
    const replicas = (stack: string) =>
      Object.values(byType(stacks[stack]!, 'aws_s3_bucket_replication_configuration')).flatMap((c) => (c.rule as { id: string }[]).map((r) => r.id));
    expect(new Set(copies('intl-prod-eu-central-1'))).toEqual(new Set(['eu-west-1']));
    expect(new Set(copies('intl-prod-us-east-1'))).toEqual(new Set(['us-west-2']));
    expect(new Set(copies('intl-prod-ap-southeast-1'))).toEqual(new Set(['ap-southeast-2']));
    expect(replicas('intl-prod-eu-central-1')).toEqual(['replicate-all-to-eu-west-1']);
    expect(replicas('intl-prod-ap-southeast-1')).toEqual(['replicate-all-to-ap-southeast-2']);
  });

  test('the walk over every stack finds every data holder in its location\'s zone', () => {
    // GIVEN the data holders the walk inspects (so an empty result is not an empty walk)
    const holders = Object.values(stacks).flatMap((json) =>
      resourcesOf(json).filter(([address]) => /^aws_(rds_cluster|backup_plan|s3_bucket_replication_configuration|opensearch_domain|backup_vault)\./.test(address)),
    );
    expect(holders.length).toBeGreaterThan(40);
    expect(holders.some(([address]) => address.startsWith('aws_opensearch_domain.'))).toBe(true);
    // WHEN walked / THEN nothing is outside its zone
    expect(residencyViolations(stacks, rules)).toEqual([]);
  });

  test('the same walk fails on a crafted environment without residency zones (US first among the secondaries): EU data in and copied to the US', () => {
    // GIVEN intl-prod as it would be without the residency block, us-east-1 the first secondary
    const crafted = withEnvironment(project, ENV, (e: Environment) => {
      const { residency: _dropped, ...rest } = e;
      const us = rest.regions.secondaries.find((r) => r.name === 'us-east-1')!;
      return { ...rest, regions: { ...rest.regions, secondaries: [us, ...rest.regions.secondaries.filter((r) => r !== us)] } };
    });
    // WHEN synthesized (bypassing the loader's residency check, which refuses it) and walked
    const violations = residencyViolations(synthStacks(crafted, [ENV]), rules);
    // THEN the walk names the EU backups copied to the US vault, the attachments replicated there and the clusters holding EU data there
    const emea = violations.filter((v) => v.location === 'emea');
    expect(emea).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stack: 'intl-prod-eu-central-1', resource: 'aws_backup_plan.backup', region: 'us-east-1', zone: 'eu' }),
        expect.objectContaining({ stack: 'intl-prod-eu-central-1', resource: 'aws_s3_bucket_replication_configuration.attachments', region: 'us-east-1' }),
        expect.objectContaining({ stack: 'intl-prod-us-east-1', resource: 'aws_rds_cluster.tickets_shard_01', region: 'us-east-1' }),
      ]),
    );
    expect(emea.find((v) => v.resource === 'aws_backup_plan.backup')!.message).toMatch(/backup copy to arn:aws:backup:us-east-1:.* holds data of location emea, whose zone eu is eu-central-1, eu-west-1/);
  });
});

describe('residency: DNS sends each zone\'s users home and fails over inside the zone', () => {
  const project = repoProject();
  const withLevels = (rtoMinutes: number, rpoMinutes: number) =>
    withBlueprint(project, BLUEPRINT, (b) => ({ ...b, serviceLevels: { ...b.serviceLevels, rtoMinutes, rpoMinutes } }));
  const records = (json: TerraformJson) => byType(json, 'aws_route53_record');
  const geoRecords = (json: TerraformJson) =>
    Object.fromEntries(
      Object.values(records(json))
        .filter((r) => r.geolocation_routing_policy !== undefined)
        .map((r) => [JSON.stringify(r.geolocation_routing_policy), (r.alias as { name: string }).name]),
    );
  const zoneRecords = (json: TerraformJson, zone: string) => Object.values(records(json)).filter((r) => r.name === `${zone}.geo.itsm.example.org`);

  const expectGeolocation = (json: TerraformJson) =>
    expect(geoRecords(json)).toEqual({
      '{"continent":"EU"}': 'eu.geo.itsm.example.org',
      '{"continent":"AF"}': 'eu.geo.itsm.example.org',
      '{"continent":"NA"}': 'us.geo.itsm.example.org',
      '{"continent":"SA"}': 'us.geo.itsm.example.org',
      '{"continent":"AS"}': 'apac.geo.itsm.example.org',
      '{"continent":"OC"}': 'apac.geo.itsm.example.org',
      '{"country":"*"}': 'us.geo.itsm.example.org',
    });

  test('warm standby (the blueprint\'s RTO 15 / RPO 1): geolocation to each zone, failover within it, health-checked', () => {
    const json = globalStackOf(project);
    expectGeolocation(json);
    const eu = zoneRecords(json, 'eu');
    expect(eu.map((r) => [(r.alias as { name: string }).name, (r.failover_routing_policy as { type: string }).type])).toEqual([
      ['eu-central-1.itsm.example.org', 'PRIMARY'],
      ['eu-west-1.itsm.example.org', 'SECONDARY'],
    ]);
    for (const record of eu) expect(record.health_check_id).toMatch(/aws_route53_health_check\.dns_eu_(central|west)_1\.id/);
    // The EU name never answers with a region of another zone.
    expect(zoneRecords(json, 'us').map((r) => (r.alias as { name: string }).name)).toEqual(['us-east-1.itsm.example.org', 'us-west-2.itsm.example.org']);
    expect(Object.keys(byType(json, 'aws_route53_health_check'))).toHaveLength(6);
  });

  test('pilot light (RTO 45 / RPO 1): failover within each zone to its paused standby', () => {
    const json = globalStackOf(withLevels(45, 1));
    expectGeolocation(json);
    expect(zoneRecords(json, 'apac').map((r) => [(r.alias as { name: string }).name, (r.failover_routing_policy as { type: string }).type])).toEqual([
      ['ap-southeast-1.itsm.example.org', 'PRIMARY'],
      ['ap-southeast-2.itsm.example.org', 'SECONDARY'],
    ]);
  });

  test('active/active (RTO 5 / RPO 1): latency records among each zone\'s regions only', () => {
    const json = globalStackOf(withLevels(5, 1));
    expectGeolocation(json);
    const eu = zoneRecords(json, 'eu');
    expect(eu.map((r) => (r.latency_routing_policy as { region: string }).region)).toEqual(['eu-central-1', 'eu-west-1']);
    for (const record of eu) expect(record.health_check_id).toBeDefined();
  });

  test('backup & restore (RTO 240 / RPO 60): each zone answers from its home alone, and copies still stay in the zone', () => {
    const slow = withLevels(240, 60);
    const json = globalStackOf(slow);
    expectGeolocation(json);
    const eu = zoneRecords(json, 'eu');
    expect(eu).toHaveLength(1);
    expect((eu[0]!.alias as { name: string }).name).toBe('eu-central-1.itsm.example.org');
    expect(eu[0]).not.toHaveProperty('failover_routing_policy');
    expect(residencyViolations(synthStacks(slow, [ENV]), rulesOf(slow))).toEqual([]);
  });
});

describe('residency: growing one partition', () => {
  test('more shards in the EU partition only change the EU stacks (and the environment budget), and there only the EU tickets partition and what lists its shards', () => {
    // GIVEN the EU tickets partition raised to 6 shards
    const project = repoProject();
    const before = synthStacks(project, [ENV]);
    const grown = withBlueprint(project, BLUEPRINT, (b) => ({
      ...b,
      databaseGroups: { ...b.databaseGroups, tickets: { ...b.databaseGroups.tickets!, partitionMinShards: { emea: 6 } } },
    }));
    // WHEN synthesized
    const after = synthStacks(grown, [ENV]);
    // THEN the US and APAC stacks are byte-identical
    for (const stack of ['intl-prod-us-east-1', 'intl-prod-us-west-2', 'intl-prod-ap-southeast-1', 'intl-prod-ap-southeast-2']) {
      expect(JSON.stringify(after[stack])).toBe(JSON.stringify(before[stack]));
    }
    // the global stack changes only its budget (the environment's cost grew with the EU shards); DNS routes by zone, not by shard
    const changed = (a: TerraformJson, b: TerraformJson) => {
      const left = new Map(resourcesOf(a).map(([k, v]) => [k, JSON.stringify(v)]));
      const right = new Map(resourcesOf(b).map(([k, v]) => [k, JSON.stringify(v)]));
      return [...new Set([...left.keys(), ...right.keys()])].filter((k) => left.get(k) !== right.get(k)).sort();
    };
    expect(changed(before['intl-prod-global']!, after['intl-prod-global']!)).toEqual(['aws_budgets_budget.budget']);
    // in the EU, shards 03 to 06 of tickets-emea are added; the cmdb and knowledge clusters and existing shards' clusters are untouched
    const eu = changed(before['intl-prod-eu-central-1']!, after['intl-prod-eu-central-1']!);
    const added = ['03', '04', '05', '06'].map((n) => `aws_rds_cluster.tickets_emea_shard_${n}`);
    expect(eu).toEqual(expect.arrayContaining(added));
    expect(eu.filter((k) => /^aws_rds_cluster\./.test(k))).toEqual(added);
    expect(eu.filter((k) => /cmdb_emea|knowledge/.test(k) && !/monitoring|dashboard|alarm/.test(k))).toEqual([]);
  });
});
