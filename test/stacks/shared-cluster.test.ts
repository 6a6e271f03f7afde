/**
 * The shared cluster in the default stacks (blueprint `capacity.sharedCluster`): one Aurora cluster holds the
 * first shard of tickets, cmdb and knowledge, reached by every fleet that uses one of them, alarmed and replicated
 * like any shard; the groups keep their slot maps, and their modules' configuration names the cluster and the
 * group's own database on it.
 */
import { defaultStacks, resourcesOf } from './helpers';

const stacks = defaultStacks();
const primary = stacks['prod-us-east-1']!;
const standby = stacks['prod-us-west-2']!;
const ofType = (json: (typeof stacks)[string], type: string) => Object.fromEntries(resourcesOf(json).filter(([a]) => a.startsWith(`${type}.`)).map(([a, body]) => [a.slice(type.length + 1), body]));

describe('the shared cluster in prod', () => {
  test('is the one cluster of the primary: a writer and a reader, encrypted, protected, a member of its global cluster', () => {
    expect(Object.keys(ofType(primary, 'aws_rds_cluster'))).toEqual(['shared_shard_01']);
    expect(Object.keys(ofType(primary, 'aws_rds_cluster_instance')).sort()).toEqual(['shared_shard_01_reader_1', 'shared_shard_01_writer']);
    expect(ofType(primary, 'aws_rds_cluster').shared_shard_01).toMatchObject({
      cluster_identifier: 'prod-us-east-1-shared-shard-01',
      storage_encrypted: true,
      deletion_protection: true,
      global_cluster_identifier: '${aws_rds_global_cluster.shared_shard_01_global.id}',
    });
    expect(ofType(primary, 'aws_rds_global_cluster').shared_shard_01_global).toMatchObject({ global_cluster_identifier: 'prod-shared-shard-01' });
    // AND the standby region holds its secondary, joined by the derived name
    expect(ofType(standby, 'aws_rds_cluster').shared_shard_01).toMatchObject({ global_cluster_identifier: 'prod-shared-shard-01' });
    // AND the members have no key, network or cluster of their own while they have one shard
    for (const group of ['tickets', 'cmdb', 'knowledge']) {
      expect(ofType(primary, 'aws_kms_key')[`${group}_db`]).toBeUndefined();
      expect(ofType(primary, 'aws_db_subnet_group')[group]).toBeUndefined();
    }
  });

  test('admits every fleet whose modules use a member: the shared fleet, which also runs the singleton parts under a lease', () => {
    const rules = Object.entries(ofType(primary, 'aws_vpc_security_group_ingress_rule')).filter(([name]) => name.startsWith('shared_db_from_'));
    expect(rules.map(([name]) => name).sort()).toEqual(['shared_db_from_fleet_shared']);
    for (const [, rule] of rules) expect(rule).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
  });

  test('each member keeps its slot map, whose one shard is the shared cluster, and its modules\' configuration names the group\'s database there', () => {
    const parameters = ofType(primary, 'aws_ssm_parameter');
    for (const group of ['tickets', 'cmdb', 'knowledge']) {
      const map = JSON.parse(String(parameters[`${group}_slot_map`]!.value)) as { shards: { shard: number; writerEndpoint: string }[] };
      expect(map.shards).toEqual([expect.objectContaining({ shard: 1, writerEndpoint: '${aws_rds_cluster.shared_shard_01.endpoint}' })]);
    }
    const incident = JSON.parse(String(parameters.config_incident_database!.value)) as { group: string; shards: Record<string, unknown>[] };
    expect(incident.group).toBe('tickets');
    expect(incident.shards).toEqual([
      { shard: 1, firstSlot: 0, lastSlot: 4095, writerEndpoint: '${aws_rds_cluster.shared_shard_01.endpoint}', readerEndpoint: '${aws_rds_cluster.shared_shard_01.reader_endpoint}', cluster: 'shared', database: 'tickets' },
    ]);
    const asset = JSON.parse(String(parameters.config_asset_database!.value)) as { shards: Record<string, unknown>[] };
    expect(asset.shards[0]).toMatchObject({ cluster: 'shared', database: 'cmdb' });
  });

  test('is alarmed once, and its group composite pages through every member module', () => {
    const alarms = Object.values(ofType(primary, 'aws_cloudwatch_metric_alarm')).map((a) => String(a.alarm_name)).filter((n) => n.includes('-shard-'));
    expect(alarms.sort()).toEqual(['prod-us-east-1-shared-shard-01-connections', 'prod-us-east-1-shared-shard-01-cpu', 'prod-us-east-1-shared-shard-01-free-storage']);
    const composites = ofType(primary, 'aws_cloudwatch_composite_alarm');
    for (const module of ['incident', 'change', 'problem', 'catalog', 'asset', 'cmdb', 'knowledge']) {
      expect(String(composites[`monitoring_${module}`]!.alarm_rule)).toContain('aws_cloudwatch_composite_alarm.monitoring_shared_databases.alarm_name');
    }
  });
});
