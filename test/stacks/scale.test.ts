/**
 * Scale: an environment whose tickets group has 256 shards, in three regions, synthesizes; every shard is alarmed,
 * and each module still pages through one composite alarm (issue 15). The planner is forced to 256 shards with the
 * group's `minShards`; the third region needs a certificate like the others.
 */
import { App, Testing } from 'cdktf';
import { checkStackJson, isBlocking } from '../../policies';
import { buildStacks } from '../../stacks/build';
import { Json } from '../json';
import { repoProject, withBlueprint, withEnvironment } from './helpers';

jest.setTimeout(300_000);

const SHARDS = 256;

let stacks: Record<string, Json>;
let regions: string[];
beforeAll(() => {
  let project = withBlueprint(repoProject(), 'itsm-standard', (blueprint) => {
    blueprint.databaseGroups.tickets!.minShards = SHARDS;
    delete blueprint.capacity.sharedCluster; // every shard its own cluster
    return blueprint;
  });
  project = withEnvironment(project, 'prod', (environment) => {
    environment.regions.secondaries.push({ name: 'eu-west-1', vpcCidr: '10.34.0.0/16', availabilityZones: ['a', 'b', 'c'] });
    environment.dns.certificateArns['eu-west-1'] = 'arn:aws:acm:eu-west-1:333333333333:certificate/33333333-3333-4333-8333-333333333335';
    return environment;
  });
  const app = Testing.app() as App;
  const [env] = buildStacks(app, project, { environments: ['prod'] });
  regions = env!.regional.map((stack) => stack.node.id);
  stacks = Object.fromEntries([...env!.regional, env!.global].map((stack) => [stack.node.id, JSON.parse(JSON.stringify(stack.toTerraform())) as Json]));
});

const ofType = (json: Json, type: string): Record<string, Json> => (json.resource?.[type] ?? {}) as Record<string, Json>;
const childrenOf = (composite: Json): string[] =>
  [...(composite.alarm_rule as string).matchAll(/\$\{aws_cloudwatch_(?:metric|composite)_alarm\.([a-z0-9_]+)\.alarm_name\}/g)].map((m) => m[1]!);

describe('an environment with a 256-shard group in three regions', () => {
  test('synthesizes three regional stacks, each with 256 tickets clusters', () => {
    expect(regions).toEqual(['prod-us-east-1', 'prod-us-west-2', 'prod-eu-west-1']);
    for (const region of regions) {
      const clusters = Object.keys(ofType(stacks[region]!, 'aws_rds_cluster')).filter((id) => id.startsWith('tickets_shard_'));
      expect({ region, clusters: clusters.length }).toEqual({ region, clusters: SHARDS });
    }
  });

  test('every shard cluster is alarmed, and each alarm rolls up through exactly one silent composite', () => {
    for (const region of regions) {
      const json = stacks[region]!;
      const alarms = ofType(json, 'aws_cloudwatch_metric_alarm');
      const composites = ofType(json, 'aws_cloudwatch_composite_alarm');
      const clusterIds = Object.values(ofType(json, 'aws_rds_cluster')).map((c) => c.cluster_identifier as string).filter((id) => id.includes('-tickets-'));
      expect(clusterIds).toHaveLength(SHARDS);
      const watched = new Set(Object.values(alarms).map((a) => a.dimensions?.DBClusterIdentifier as string | undefined).filter((id) => id !== undefined));
      expect(clusterIds.filter((id) => !watched.has(id))).toEqual([]);
      // Each tickets alarm is the child of one composite; no composite exceeds CloudWatch's limits.
      const parents = new Map<string, number>();
      for (const composite of Object.values(composites)) {
        const children = childrenOf(composite);
        expect(children.length).toBeLessThanOrEqual(100);
        for (const child of children) parents.set(child, (parents.get(child) ?? 0) + 1);
      }
      for (const [id, alarm] of Object.entries(alarms)) {
        if (!String(alarm.dimensions?.DBClusterIdentifier ?? '').includes('-tickets-')) continue;
        expect({ id, parents: parents.get(id) }).toEqual({ id, parents: 1 });
        expect(alarm.alarm_actions).toBeUndefined();
      }
    }
  });

  test('each module pages once: one notifying composite per module (and the shared fleet\'s for its CPU), the tickets group reached through one child', () => {
    for (const region of regions) {
      const composites = ofType(stacks[region]!, 'aws_cloudwatch_composite_alarm');
      const paging = Object.entries(composites).filter(([, c]) => (c.alarm_actions as string[]).length > 0).map(([id]) => id).sort();
      const modules = Object.keys(repoProject().blueprints.get('itsm-standard')!.value.modules).sort();
      expect(paging).toEqual([...modules.map((m) => `monitoring_${m}`), 'monitoring_shared', 'monitoring_alb'].sort());
      for (const module of modules) {
        const children = childrenOf(composites[`monitoring_${module}`]!);
        expect(children.filter((c) => c.startsWith('monitoring_tickets_shard'))).toEqual([]);
        expect(children.length).toBeLessThanOrEqual(100);
      }
      // The modules that use tickets reach its 256 shards through the one group composite.
      const users = modules.filter((m) => childrenOf(composites[`monitoring_${m}`]!).includes('monitoring_tickets_databases'));
      expect(users.length).toBeGreaterThan(0);
      expect(childrenOf(composites.monitoring_tickets_databases!)).toHaveLength(SHARDS / 32);
      expect(composites.monitoring_alb!.actions_suppressor.alarm).toBe('${aws_cloudwatch_composite_alarm.monitoring_modules.alarm_name}');
    }
  });

  test('passes the policy pack', () => {
    const blocking = Object.entries(stacks).flatMap(([name, json]) => checkStackJson(name, json, []).filter(isBlocking).map((f) => `${name} ${f.ruleId} ${f.address}: ${f.message}`));
    expect(blocking).toEqual([]);
  });
});
