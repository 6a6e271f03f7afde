/**
 * Database groups for off-the-shelf products, through the whole stack: `engine: aurora-mysql` (global
 * database, backups, alarms, TLS-only parameters, exported logs, policy pack) and `sharding: none` (one cluster
 * with readers sized by the planner, growth never adds a shard).
 */
import { App, Testing } from 'cdktf';
import { planCapacity } from '../../capacity/plan';
import { resolveEnvironment } from '../../model/load';
import { checkStackJson, isBlocking } from '../../policies';
import { buildStacks } from '../../stacks/build';
import { repoProject, synthStacks, withBlueprint } from './helpers';

type Body = Record<string, unknown>;

// Without the shared cluster: these tests are about a group's own clusters (the shared cluster has its own tests).
const mysql = withBlueprint(repoProject(), 'itsm-standard', (bp) => {
  delete bp.capacity.sharedCluster;
  bp.databaseGroups.cmdb = { ...bp.databaseGroups.cmdb!, engine: 'aurora-mysql' };
  return bp;
});
const unsharded = withBlueprint(repoProject(), 'itsm-standard', (bp) => {
  delete bp.capacity.sharedCluster;
  bp.capacity.shardStorageGb = 250;
  bp.databaseGroups.tickets = { ...bp.databaseGroups.tickets!, sharding: 'none', minShards: 1 };
  return bp;
});

function resourcesOf(json: { resource?: Record<string, Record<string, Body>> }, type: string): Record<string, Body> {
  return json.resource?.[type] ?? {};
}

describe('engine: aurora-mysql', () => {
  const stacks = synthStacks(mysql, ['prod']);
  const primary = stacks['prod-us-east-1']!;
  const secondary = stacks['prod-us-west-2']!;

  test('the group runs Aurora MySQL in both regions, as members of MySQL global clusters', () => {
    const clusters = Object.entries(resourcesOf(primary, 'aws_rds_cluster')).filter(([name]) => name.startsWith('cmdb_'));
    expect(clusters.length).toBeGreaterThan(0);
    for (const [, cluster] of clusters) {
      expect(cluster).toMatchObject({ engine: 'aurora-mysql', engine_version: '8.0.mysql_aurora.3.10.0', port: 3306, enabled_cloudwatch_logs_exports: ['audit', 'error', 'slowquery'] });
      expect((cluster.tags as Record<string, string>)['backup-plan']).toBe('prod-us-east-1-backup-plan');
    }
    expect(resourcesOf(primary, 'aws_rds_global_cluster').cmdb_shard_01_global).toMatchObject({ engine: 'aurora-mysql', storage_encrypted: true, deletion_protection: true });
    expect(resourcesOf(secondary, 'aws_rds_cluster').cmdb_shard_01).toMatchObject({ engine: 'aurora-mysql', global_cluster_identifier: 'prod-cmdb-shard-01' });
    expect(resourcesOf(primary, 'aws_rds_cluster_parameter_group').cmdb).toMatchObject({ family: 'aurora-mysql8.0' });
    // The PostgreSQL groups are untouched.
    expect(resourcesOf(primary, 'aws_rds_cluster').tickets_shard_01).toMatchObject({ engine: 'aurora-postgresql', port: 5432 });
  });

  test('the fleets of its modules reach it on 3306, and their configuration says MySQL', () => {
    const ingress = Object.entries(resourcesOf(primary, 'aws_vpc_security_group_ingress_rule')).filter(([name]) => name.startsWith('cmdb_db_from_'));
    expect(ingress.length).toBeGreaterThan(0);
    for (const [, rule] of ingress) expect(rule).toMatchObject({ from_port: 3306, to_port: 3306 });
    // The shared fleet serves modules of both engines (incident's tickets first, asset's cmdb): one egress rule per port,
    // the first keeping the address every fleet has.
    const egress = resourcesOf(primary, 'aws_vpc_security_group_egress_rule');
    expect(egress.fleet_shared_database_out).toMatchObject({ from_port: 5432, to_port: 5432 });
    expect(egress.fleet_shared_database_out_3306).toMatchObject({ from_port: 3306, to_port: 3306 });
    expect(Object.keys(egress).filter((name) => name.startsWith('fleet_shared_database_out'))).toHaveLength(2);
    expect(JSON.parse(String(resourcesOf(primary, 'aws_ssm_parameter').config_asset_database!.value))).toMatchObject({ engine: 'aurora-mysql', port: 3306, sharding: 'slots' });
  });

  test('its clusters are watched like the PostgreSQL ones', () => {
    const alarms = Object.values(resourcesOf(primary, 'aws_cloudwatch_metric_alarm')).filter((a) => JSON.stringify(a.dimensions ?? {}).includes('prod-us-east-1-cmdb-shard-01'));
    expect(alarms.length).toBeGreaterThan(0);
  });

  test('its stacks pass the policy pack (TLS only, logs exported, encryption, deletion protection, backups)', () => {
    const app = Testing.app() as App;
    const built = buildStacks(app, mysql, { environments: ['prod', 'dev'] });
    const blocking = built.flatMap((env) => [...env.regional, env.global]).flatMap((stack) => checkStackJson(stack.node.id, JSON.parse(JSON.stringify(stack.toTerraform())) as object, []).filter(isBlocking));
    expect(blocking.map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
  });
});

describe('sharding: none', () => {
  test('one cluster with readers, in every scenario; growth adds readers or a larger class, never a shard', () => {
    for (const scenario of ['conservative', 'aggressive']) {
      const plan = planCapacity({ ...resolveEnvironment(unsharded, 'prod'), scenario });
      expect(plan.databases.tickets).toMatchObject({ sharding: 'none', shards: 1, shardStepUps: [] });
      expect(plan.databases.tickets!.readersPerShard).toBeGreaterThanOrEqual(1);
    }
    // With writers a hundredth as strong, sized for 60 months (50,000 requesters under aggressive), the one
    // cluster's writer class follows the whole group's writes.
    const weak = withBlueprint(unsharded, 'itsm-standard', (bp) => {
      bp.capacity.writerClasses = bp.capacity.writerClasses.map((c) => ({ ...c, writeTps: c.writeTps / 100, readRps: c.readRps / 100 }));
      bp.capacity.shardLeadTimeMonths = 60;
      return bp;
    });
    const conservative = planCapacity({ ...resolveEnvironment(weak, 'prod'), scenario: 'conservative', horizonMonths: 60 }).databases.tickets!;
    const aggressive = planCapacity({ ...resolveEnvironment(weak, 'prod'), scenario: 'aggressive', horizonMonths: 60 }).databases.tickets!;
    expect([conservative.shards, aggressive.shards]).toEqual([1, 1]);
    expect([conservative.instanceClass, aggressive.instanceClass]).toEqual(['db.r7g.large', 'db.r7g.xlarge']);
    expect(aggressive.writerUtilization).toBeLessThanOrEqual(0.8);
  });

  test('the plan says when one cluster outgrows the design', () => {
    // (over 60 months: 50,000 requesters' tickets pass the 200 GB a shard is designed for at 80%)
    const plan = planCapacity({ ...resolveEnvironment(unsharded, 'prod'), scenario: 'aggressive', horizonMonths: 60 });
    expect(plan.thresholds.filter((t) => t.subject === 'tickets').map((t) => t.message)).toEqual([expect.stringMatching(/^tickets \(one cluster, sharding: none\) /)]);
  });

  test('the stack has one cluster, no slot map, and the modules\' configuration lists that one cluster', () => {
    const stacks = synthStacks(unsharded, ['prod'], 'aggressive');
    const primary = stacks['prod-us-east-1']!;
    expect(Object.keys(resourcesOf(primary, 'aws_rds_cluster')).filter((n) => n.startsWith('tickets_'))).toEqual(['tickets_shard_01']);
    expect(resourcesOf(primary, 'aws_ssm_parameter').tickets_slot_map).toBeUndefined();
    const config = JSON.parse(String(resourcesOf(primary, 'aws_ssm_parameter').config_incident_database!.value)) as Record<string, unknown>;
    expect(config).toMatchObject({ engine: 'aurora-postgresql', sharding: 'none', shards: [expect.objectContaining({ shard: 1, writerEndpoint: '${aws_rds_cluster.tickets_shard_01.endpoint}' })] });
    expect(config.slotMapParameter).toBeUndefined();
    // The other regions' global secondaries follow the one cluster.
    expect(Object.keys(resourcesOf(stacks['prod-us-west-2']!, 'aws_rds_cluster')).filter((n) => n.startsWith('tickets_'))).toEqual(['tickets_shard_01']);
  });
});
