import { resolve } from 'node:path';
import { Testing } from 'cdktf';
import { CapacityPlan, DrPosture, planCapacity, POSTURES } from '../../capacity';
import { BackupVault } from '../../constructs/backup-vault';
import { ServiceFleet } from '../../constructs/service-fleet';
import { globalClusterIdentifier, ShardedDatabase } from '../../constructs/sharded-database';
import { loadProject, resolveEnvironment } from '../../model';
import { DNS_FAILOVER_MINUTES, failoverRunbook, MAX_SHARD_NODES, renderRunbookMarkdown, Runbook, RunbookStep, topologyMermaid } from '../../report';
import { clusterId, failoverInstanceId, globalClusterId } from '../../report/names';
import { globalClusterPrefix } from '../../stacks/naming';
import { regionRoles } from '../../capacity/region-roles';
import { perGroupClusters } from '../per-group-clusters';

const ROOT = resolve(__dirname, '..', '..');
const project = loadProject({ root: ROOT });
// One cluster set per group (test/per-group-clusters.ts): the shared cluster of the default blueprint is tested below.
const prodPlan = planCapacity(perGroupClusters(resolveEnvironment(project, 'prod')));
/** prod without its blueprint's singleton lease: each singleton part in a one-instance group of its own. */
const ownPlan = (() => {
  const resolved = perGroupClusters(resolveEnvironment(project, 'prod'));
  const { singletonLease: _lease, ...application } = resolved.blueprint.application;
  return planCapacity({ ...resolved, blueprint: { ...resolved.blueprint, application } });
})();
const stagingPlan = planCapacity(perGroupClusters(resolveEnvironment(project, 'staging')));
const devPlan = planCapacity(perGroupClusters(resolveEnvironment(project, 'dev')));

const rtoOf = (posture: DrPosture) => POSTURES.find((p) => p.posture === posture)!.rtoMinutes;

/** prod's plan under another posture, with the regions and achievable numbers that posture has. */
function prodAs(posture: DrPosture, base: CapacityPlan = prodPlan): CapacityPlan {
  const capability = POSTURES.find((p) => p.posture === posture)!;
  const both = ['us-east-1', 'us-west-2'];
  return {
    ...base,
    dr: {
      ...base.dr,
      posture,
      achievableRtoMinutes: capability.rtoMinutes,
      achievableRpoMinutes: capability.rpoMinutes ?? prodPlan.backup.frequencyMinutes,
      servingRegions: posture === 'active-active' ? both : ['us-east-1'],
      standbyRegions: posture === 'active-active' ? [] : ['us-west-2'],
    },
  };
}

/** prod with `shards` tickets shards. */
function withTicketsShards(plan: CapacityPlan, shards: number): CapacityPlan {
  return { ...plan, databases: { ...plan.databases, tickets: { ...plan.databases.tickets!, shards } } };
}

/** Every shard of a plan as `[group, shard]`, groups in plan order. */
function shardsOf(plan: CapacityPlan): Array<[string, number]> {
  return Object.entries(plan.databases).flatMap(([group, db]) => Array.from({ length: db.shards }, (_, i): [string, number] => [group, i + 1]));
}

const commandsOf = (steps: readonly RunbookStep[]) => steps.flatMap((s) => s.commands);
const sum = (steps: readonly RunbookStep[]) => steps.reduce((n, s) => n + s.budgetMinutes, 0);

/** The first step whose commands include `text`, by index, or -1. */
function stepWith(steps: readonly RunbookStep[], text: string): number {
  return steps.findIndex((s) => s.commands.some((c) => c.includes(text)));
}

// ---------------------------------------------------------------------------------------------

describe('failoverRunbook: budgets hold for every posture', () => {
  const cases: Array<[string, CapacityPlan]> = [
    ['backup-restore (one region, dev)', devPlan],
    ['backup-restore (two regions)', prodAs('backup-restore')],
    ['pilot-light (staging)', stagingPlan],
    ['warm-standby (prod)', prodPlan],
    ['active-active', prodAs('active-active')],
  ];

  it.each(cases)('%s: the fail-over budgets add up to at most the posture\'s achievable RTO in capacity/dr.ts', (_name, plan) => {
    // WHEN
    const runbook = failoverRunbook(plan);
    // THEN the sequential steps carry the budget; parallel and after-recovery steps carry none
    expect(runbook.failover.length).toBeGreaterThan(0);
    expect(sum(runbook.failover)).toBe(runbook.totals.failoverMinutes);
    expect(runbook.totals.failoverMinutes).toBeLessThanOrEqual(rtoOf(plan.dr.posture));
    expect(runbook.totals.failoverMinutes).toBeLessThanOrEqual(plan.dr.achievableRtoMinutes);
    expect(runbook.totals.automaticMinutes + runbook.totals.operatorMinutes).toBe(runbook.totals.failoverMinutes);
    for (const step of runbook.failover.filter((s) => s.timing !== 'sequential')) expect(step.budgetMinutes).toBe(0);
    for (const step of runbook.failover) expect(Number.isInteger(step.budgetMinutes) && step.budgetMinutes >= 0).toBe(true);
    // ... and the fail-back is there, with its own time
    expect(runbook.failback.length).toBeGreaterThan(0);
    expect(sum(runbook.failback)).toBe(runbook.totals.failbackMinutes);
  });

  it.each(cases)('%s: automatic steps run no commands, operator steps do, and nothing is undefined', (_name, plan) => {
    // WHEN
    const runbook = failoverRunbook(plan);
    // THEN
    for (const step of [...runbook.failover, ...runbook.failback]) {
      if (step.actor === 'automatic') expect(step.commands).toEqual([]);
      expect(step.title.length).toBeGreaterThan(0);
      expect(step.explanation.length).toBeGreaterThan(20);
    }
    expect(JSON.stringify(runbook)).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(JSON.parse(JSON.stringify(runbook))).toEqual(runbook);
  });

  it('uses the whole RTO of the posture, not a made-up smaller one', () => {
    // GIVEN / WHEN / THEN: the steps split exactly the budgets capacity/dr.ts claims
    expect(failoverRunbook(prodPlan).totals.failoverMinutes).toBe(rtoOf('warm-standby'));
    expect(failoverRunbook(stagingPlan).totals.failoverMinutes).toBe(rtoOf('pilot-light'));
    expect(failoverRunbook(prodAs('active-active')).totals.failoverMinutes).toBe(rtoOf('active-active'));
    expect(failoverRunbook(devPlan).totals.failoverMinutes).toBe(rtoOf('backup-restore'));
  });
});

describe('failoverRunbook: warm standby (prod)', () => {
  // GIVEN prod (warm standby, us-east-1 → us-west-2)
  // WHEN
  const runbook = failoverRunbook(prodPlan);

  it('names the regions, stacks and posture', () => {
    // THEN
    expect(prodPlan.dr.posture).toBe('warm-standby');
    expect(runbook).toMatchObject({
      environment: 'prod',
      posture: 'warm-standby',
      event: 'regional outage of us-east-1',
      primaryRegion: 'us-east-1',
      recoveryRegion: 'us-west-2',
      stacks: { primary: 'prod-us-east-1', recovery: 'prod-us-west-2', global: 'prod-global' },
      backupVault: { region: 'us-west-2', name: 'prod-us-west-2-vault' },
    });
  });

  it('lets Route 53 fail over by itself first, within 3 × 10 s plus the TTL', () => {
    // THEN
    const [first] = runbook.failover;
    expect(first).toMatchObject({ actor: 'automatic', budgetMinutes: DNS_FAILOVER_MINUTES, commands: [] });
    expect(DNS_FAILOVER_MINUTES).toBe(2);
    expect(first!.explanation).toMatch(/3 failed checks 10 s apart plus the 60 s TTL/);
  });

  it('fails over every derived global cluster to the standby region with --allow-data-loss', () => {
    // THEN one command per shard, with the global id `<env>-<group>-shard-NN` and the standby cluster's ARN
    const commands = commandsOf(runbook.failover).filter((c) => c.includes('failover-global-cluster'));
    expect(commands).toHaveLength(shardsOf(prodPlan).length);
    for (const [group, shard] of shardsOf(prodPlan)) {
      const nn = String(shard).padStart(2, '0');
      expect(commands).toContain(
        `aws rds failover-global-cluster --region us-west-2 --global-cluster-identifier prod-${group}-shard-${nn} --target-db-cluster-identifier arn:aws:rds:us-west-2:$ACCOUNT_ID:cluster:prod-us-west-2-${group}-shard-${nn} --allow-data-loss`,
      );
    }
    expect(runbook.globalClusters.map((c) => c.globalClusterIdentifier)).toEqual(['prod-tickets-shard-01', 'prod-tickets-shard-02', 'prod-cmdb-shard-01', 'prod-knowledge-shard-01']);
    // The operator runs it, and sets $ACCOUNT_ID before the first ARN is used.
    const failover = stepWith(runbook.failover, 'failover-global-cluster');
    expect(runbook.failover[failover]!.actor).toBe('operator');
    expect(stepWith(runbook.failover, 'export ACCOUNT_ID=')).toBeLessThan(failover);
  });

  it('scales the standby fleets to the primary\'s sizes while the databases fail over, and starts the singletons after', () => {
    // THEN
    const scale = runbook.failover.findIndex((s) => s.timing === 'parallel');
    expect(runbook.failover[scale - 1]!.commands.some((c) => c.includes('failover-global-cluster'))).toBe(true);
    const scaleCommands = runbook.failover[scale]!.commands.join('\n');
    // (every autoscaling group: the modules on the shared fleet scale with it)
    for (const [module, fleet] of Object.entries(prodPlan.fleets).filter(([, f]) => f.hostedBy === undefined)) {
      expect(scaleCommands).toContain(`prod-us-west-2-${module}`);
      expect(scaleCommands).toContain(`--min-size ${fleet.minSize} --max-size ${fleet.maxSize} --desired-capacity ${fleet.desiredSize}`);
    }
    // Parts under a lease have no group to start: the step verifies, and says the writable database moves the leases
    const verify = runbook.failover.findIndex((s) => s.title === 'Verify writers, fleets and singleton leases in us-west-2');
    expect(verify).toBeGreaterThan(stepWith(runbook.failover, 'failover-global-cluster'));
    expect(runbook.failover[verify]!.explanation).toContain('Singleton parts under a lease (incident-sla-timer, change-change-window-scheduler, cmdb-discovery-coordinator) need no start');
    expect(commandsOf(runbook.failover).join('\n')).not.toContain('sla-timer');
    // Parts in groups of their own are started after the writers moved
    const own = failoverRunbook(ownPlan);
    const singletons = stepWith(own.failover, 'prod-us-west-2-incident-sla-timer');
    expect(singletons).toBeGreaterThan(stepWith(own.failover, 'failover-global-cluster'));
    expect(own.failover[singletons]!.commands.join('\n')).toMatch(/prod-us-west-2-incident-sla-timer.*--min-size 1 --max-size 1 --desired-capacity 1/);
  });

  it('holds Terraform after recovery rather than applying a stack that still describes a standby', () => {
    // THEN
    const last = runbook.failover[runbook.failover.length - 1]!;
    expect(last).toMatchObject({ timing: 'after-recovery', budgetMinutes: 0 });
    expect(last.commands).toEqual(['(cd cdktf.out/stacks/prod-us-west-2 && terraform init && terraform plan)']);
    expect(commandsOf(runbook.failover).join('\n')).not.toMatch(/terraform apply/);
  });

  it('fails back with a switchover (no data loss), then re-applies the primary stack before the standby and the global one', () => {
    // THEN
    const commands = commandsOf(runbook.failback);
    const switchovers = commands.filter((c) => c.includes('switchover-global-cluster'));
    expect(switchovers).toHaveLength(shardsOf(prodPlan).length);
    for (const c of switchovers) expect(c).not.toContain('--allow-data-loss');
    expect(switchovers[0]).toBe(
      'aws rds switchover-global-cluster --region us-east-1 --global-cluster-identifier prod-tickets-shard-01 --target-db-cluster-identifier arn:aws:rds:us-east-1:$ACCOUNT_ID:cluster:prod-us-east-1-tickets-shard-01',
    );
    const order = ['switchover-global-cluster', 'cdktf.out/stacks/prod-us-east-1 ', 'cdktf.out/stacks/prod-us-west-2 ', 'cdktf.out/stacks/prod-global '].map((text) =>
      stepWith(runbook.failback, text),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Before anything, the old primary's fleets go to zero so that DNS does not send traffic back to read-only clusters.
    expect(runbook.failback[0]!.commands.join('\n')).toMatch(/--region us-east-1 .*--min-size 0 --max-size 0 --desired-capacity 0/);
    expect(runbook.notes.join('\n')).toMatch(/ignores changes to `global_cluster_identifier` and `replication_source_identifier`/);
  });

  it('takes the RPO from the replication lag budget', () => {
    // THEN
    expect(runbook.rpo).toMatchObject({ achievableMinutes: 1, requiredMinutes: 1 });
    expect(runbook.rpo.evidence[0]).toMatch(/Aurora Global Database replicates to us-west-2/);
    expect(runbook.rpo.evidence.join('\n')).toMatch(/attachments: S3 replication/);
  });

  it('writes a given account id into ARNs instead of $ACCOUNT_ID', () => {
    // WHEN
    const withAccount = failoverRunbook(prodPlan, { accountId: '333333333333' });
    // THEN
    const text = JSON.stringify(withAccount);
    expect(text).not.toContain('ACCOUNT_ID');
    expect(commandsOf(withAccount.failover)).toContain(
      'aws rds failover-global-cluster --region us-west-2 --global-cluster-identifier prod-tickets-shard-01 --target-db-cluster-identifier arn:aws:rds:us-west-2:333333333333:cluster:prod-us-west-2-tickets-shard-01 --allow-data-loss',
    );
  });
});

describe('failoverRunbook: pilot light (staging)', () => {
  // GIVEN staging (pilot light)
  // WHEN
  const runbook = failoverRunbook(stagingPlan);

  it('adds an instance to every headless secondary and scales the fleets from zero before failing over', () => {
    // THEN
    expect(stagingPlan.dr.posture).toBe('pilot-light');
    const scaleUp = stepWith(runbook.failover, 'create-db-instance');
    const failover = stepWith(runbook.failover, 'failover-global-cluster');
    expect(scaleUp).toBeGreaterThan(0);
    expect(scaleUp).toBeLessThan(failover);
    const commands = runbook.failover[scaleUp]!.commands;
    for (const [group, shard] of shardsOf(stagingPlan)) {
      expect(commands).toContain(
        `aws rds create-db-instance --region us-west-2 --db-cluster-identifier ${clusterId('staging', 'us-west-2', group, shard)} --db-instance-identifier ${failoverInstanceId('staging', 'us-west-2', group, shard)} --db-instance-class ${stagingPlan.databases[group]!.instanceClass} --engine aurora-postgresql`,
      );
    }
    for (const fleet of Object.keys(stagingPlan.fleets).filter((f) => stagingPlan.fleets[f]!.hostedBy === undefined)) expect(commands.join('\n')).toContain(`staging-us-west-2-${fleet} `);
    expect(runbook.failover[scaleUp]!.budgetMinutes).toBe(20);
  });

  it('mentions every derived global cluster id in the failover commands', () => {
    // THEN
    const text = commandsOf(runbook.failover).join('\n');
    for (const [group, shard] of shardsOf(stagingPlan)) {
      expect(text).toContain(`--global-cluster-identifier ${globalClusterId('staging', group, shard)} `);
    }
  });

  it('has two automatic steps (DNS, targets passing health checks) and operator steps otherwise', () => {
    // THEN
    expect(runbook.failover.filter((s) => s.actor === 'automatic')).toHaveLength(2);
    expect(runbook.totals.automaticMinutes).toBe(DNS_FAILOVER_MINUTES + 5);
  });

  it('deletes the hand-made instances at fail-back', () => {
    // THEN
    const text = commandsOf(runbook.failback).join('\n');
    expect(text).toContain('aws rds delete-db-instance --region us-west-2 --db-instance-identifier');
    expect(text).toContain(failoverInstanceId('staging', 'us-west-2', 'tickets', 1));
  });
});

describe('failoverRunbook: active-active', () => {
  // GIVEN prod run active/active in both regions
  // WHEN
  const runbook = failoverRunbook(prodAs('active-active'));

  it('drops the failed region from the latency records by itself and only moves the writers by hand', () => {
    // THEN
    expect(runbook.failover[0]).toMatchObject({ actor: 'automatic', title: 'Route 53 latency records drop us-east-1' });
    const text = commandsOf(runbook.failover).join('\n');
    for (const [group, shard] of shardsOf(prodPlan)) expect(text).toContain(`--global-cluster-identifier prod-${group}-shard-${String(shard).padStart(2, '0')} `);
    // Every region is sized for the whole load: no fleet is scaled, only the singletons start (those in groups of their own).
    expect(text).not.toMatch(/--min-size 2/);
    expect(commandsOf(failoverRunbook(prodAs('active-active', ownPlan)).failover).join('\n')).toMatch(/prod-us-west-2-incident-sla-timer/);
    expect(runbook.failover.find((s) => s.title === 'Singleton leases move to us-west-2')).toMatchObject({ actor: 'automatic', commands: [] });
    expect(runbook.totals.failoverMinutes).toBe(5);
  });
});

describe('failoverRunbook: backup & restore', () => {
  it('with a second region: restores every shard from the copies in its vault, imports, applies and switches DNS, all by hand', () => {
    // GIVEN prod under backup & restore
    const plan = prodAs('backup-restore');
    // WHEN
    const runbook = failoverRunbook(plan);
    // THEN
    expect(runbook.failover.every((s) => s.actor === 'operator')).toBe(true);
    expect(runbook.globalClusters).toEqual([]);
    expect(runbook.backupVault).toEqual({ region: 'us-west-2', name: 'prod-us-west-2-vault' });
    const text = commandsOf(runbook.failover).join('\n');
    expect(text).not.toContain('failover-global-cluster');
    expect(text.match(/aws backup start-restore-job --region us-west-2 /g)).toHaveLength(shardsOf(plan).length);
    expect(text.match(/--backup-vault-name prod-us-west-2-vault /g)).toHaveLength(shardsOf(plan).length);
    expect(text).toContain('--by-resource-arn arn:aws:rds:us-east-1:$ACCOUNT_ID:cluster:prod-us-east-1-tickets-shard-01 ');
    expect(text).toContain('DBClusterIdentifier=prod-us-west-2-tickets-shard-01,Engine=aurora-postgresql,DBSubnetGroupName=prod-us-west-2-tickets-db,KmsKeyId=arn:aws:kms:us-west-2:$ACCOUNT_ID:alias/prod-us-west-2-tickets-db');
    expect(text).toContain('terraform import aws_rds_cluster.tickets_shard_01 prod-us-west-2-tickets-shard-01');
    // Restore, then apply the recovery stack, then DNS, in that order; the global stack is not applied (its state is in the lost region).
    const order = ['start-restore-job', 'cdktf.out/stacks/prod-us-west-2 && terraform init && terraform plan -out', 'change-resource-record-sets'].map((t) => stepWith(runbook.failover, t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('stacks/prod-global');
    // RPO: the backup interval of the copies.
    expect(runbook.rpo.achievableMinutes).toBe(plan.backup.frequencyMinutes);
    expect(runbook.rpo.evidence[0]).toMatch(/recovery points every 1 h, copied to prod-us-west-2-vault/);
  });

  it('with one region (dev): recovers the databases in place from its own vault', () => {
    // GIVEN dev: backup & restore, one region
    expect(devPlan.dr.posture).toBe('backup-restore');
    expect(devPlan.dr.standbyRegions).toEqual([]);
    // WHEN
    const runbook = failoverRunbook(devPlan);
    // THEN
    expect(runbook).toMatchObject({ primaryRegion: 'us-east-1', recoveryRegion: 'us-east-1', event: 'loss of the databases in us-east-1 (one region)' });
    expect(runbook.stacks).toEqual({ primary: 'dev-us-east-1', recovery: 'dev-us-east-1', global: 'dev-global' });
    const text = commandsOf(runbook.failover).join('\n');
    expect(text).toContain('--backup-vault-name dev-us-east-1-vault ');
    expect(text).toContain('--new-db-cluster-identifier "$id"-damaged');
    expect(stepWith(runbook.failover, '-damaged')).toBeLessThan(stepWith(runbook.failover, 'start-restore-job'));
    expect(text).not.toContain('route53');
    expect(runbook.notes.join('\n')).not.toMatch(/Stacks and state/);
  });
});

describe('failoverRunbook: input checks', () => {
  it('throws when a replicating posture has one region, or when no region serves', () => {
    // GIVEN / WHEN / THEN
    const oneRegion: CapacityPlan = { ...prodPlan, dr: { ...prodPlan.dr, standbyRegions: [] } };
    expect(() => failoverRunbook(oneRegion)).toThrow(/posture "warm-standby" of "prod" .* replicates to a second region.*add a region under regions.secondaries/);
    const none: CapacityPlan = { ...prodPlan, dr: { ...prodPlan.dr, servingRegions: [] } };
    expect(() => failoverRunbook(none)).toThrow(/failoverRunbook: the plan of "prod" .* has no serving region/);
    expect(() => topologyMermaid(none)).toThrow(/topologyMermaid: the plan of "prod"/);
  });
});

describe('renderRunbookMarkdown', () => {
  // GIVEN prod's runbook
  const runbook: Runbook = failoverRunbook(prodPlan);
  // WHEN
  const markdown = renderRunbookMarkdown(runbook);

  it('shows the budget, a step table with elapsed time, every command in sh blocks, the RPO, the fail-back and notes', () => {
    // THEN
    expect(markdown).toContain('Budget: **15 min** until service is back (2 min automatic, 13 min operator), within the posture\'s RTO of 15 min (required: 15 min).');
    expect(markdown).toMatch(/\| +1 \| automatic \| Route 53 fails over to us-west-2 +\| +2 min \| +2 min \|/);
    expect(markdown).toMatch(/\| +4 \| operator +\| Scale us-west-2's fleets to the primary's sizes +\| +during step 3 \| +14 min \|/);
    expect(markdown).toMatch(/\| +6 \| operator +\| Hold Terraform until fail-back +\| +after recovery \| +— \|/);
    for (const command of [...commandsOf(runbook.failover), ...commandsOf(runbook.failback)]) expect(markdown).toContain(`   ${command}\n`);
    expect(markdown.match(/```sh/g)!.length).toBe(markdown.match(/^ {3}```$/gm)!.length);
    expect(markdown).toContain('**RPO:** 1 min (required: 1 min).');
    expect(markdown).toContain('**Fail back** once `us-east-1` is healthy (planned; about 55 min):');
    expect(markdown).toContain('<summary>Fail-over steps with commands</summary>\n\n1. **Route 53 fails over to us-west-2**');
    expect(markdown.match(/<details>/g)).toHaveLength(2);
    expect(markdown.match(/<\/details>/g)).toHaveLength(2);
    expect(markdown).toContain('**Notes:**');
  });
});

// ---------------------------------------------------------------------------------------------
// Derived names agree with what the constructs and stacks create.

describe('runbook names agree with the constructs', () => {
  type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };
  const resources = (json: string, type: string) => (JSON.parse(json) as Json).resource[type] ?? {};

  it('global cluster ids match the stacks\' prefix and the construct\'s helper', () => {
    // GIVEN / WHEN / THEN
    expect(globalClusterId('prod', 'tickets', 2)).toBe(globalClusterIdentifier(globalClusterPrefix('prod', 'tickets'), 2));
    expect(globalClusterId('prod', 'tickets', 2)).toBe('prod-tickets-shard-02');
  });

  it('cluster ids, subnet group, key alias and Terraform addresses match a synthesized ShardedDatabase', () => {
    // GIVEN the database group as the recovery region's stack declares it (a regional group with its own key)
    const json = Testing.synthScope((scope) => {
      new ShardedDatabase(scope, 'db-tickets', {
        group: 'tickets',
        name: 'prod-us-west-2',
        accountId: '333333333333',
        region: 'us-west-2',
        shards: 2,
        slots: 4096,
        instanceClass: 'db.r7g.large',
        readersPerShard: 1,
        vpcId: 'vpc-1',
        isolatedSubnetIds: ['subnet-a', 'subnet-b'],
      });
    });
    // THEN the addresses the runbook imports, targets and removes exist, with the names its commands use
    expect(resources(json, 'aws_rds_cluster').tickets_shard_01).toMatchObject({ cluster_identifier: clusterId('prod', 'us-west-2', 'tickets', 1) });
    expect(resources(json, 'aws_rds_cluster').tickets_shard_02).toMatchObject({ cluster_identifier: clusterId('prod', 'us-west-2', 'tickets', 2) });
    expect(resources(json, 'aws_db_subnet_group').tickets).toMatchObject({ name: 'prod-us-west-2-tickets-db' });
    expect(resources(json, 'aws_kms_alias').tickets_db).toMatchObject({ name: 'alias/prod-us-west-2-tickets-db' });
    expect(resources(json, 'aws_kms_key').tickets_db).toBeDefined();
    expect(resources(json, 'aws_cloudwatch_log_group').tickets_shard_01).toBeDefined();
    const commands = commandsOf(failoverRunbook(prodAs('backup-restore')).failover).join('\n');
    expect(commands).toContain('-target=aws_db_subnet_group.tickets -target=aws_kms_alias.tickets_db');
  });

  it('vault and backup role names match a synthesized BackupVault', () => {
    // GIVEN
    const json = Testing.synthScope((scope) => {
      new BackupVault(scope, 'backup', {
        name: 'prod-us-west-2',
        accountId: '333333333333',
        region: 'us-west-2',
        scheduleExpression: 'cron(0 0/1 * * ? *)',
        shortTermRetentionDays: 35,
        longTermRetentionDays: 2555,
      });
    });
    // THEN
    expect(Object.values(resources(json, 'aws_backup_vault')).map((v) => v.name)).toEqual(['prod-us-west-2-vault']);
    expect(Object.values(resources(json, 'aws_iam_role')).map((r) => r.name)).toContain('prod-us-west-2-backup');
    expect(JSON.stringify(failoverRunbook(prodAs('backup-restore')))).toContain('--iam-role-arn arn:aws:iam::$ACCOUNT_ID:role/prod-us-west-2-backup ');
  });

  it('Auto Scaling group names match synthesized ServiceFleets, singletons included', () => {
    // GIVEN a module fleet and its singleton as RegionalStack creates them
    const base = {
      name: 'prod-us-west-2',
      vpcId: 'vpc-1',
      vpcCidrBlock: '10.33.0.0/16',
      privateSubnetIds: ['subnet-a', 'subnet-b'],
      loadBalancerSecurityGroupId: 'sg-alb',
      instanceType: 'm7i.large',
      ebsKmsKeyArn: 'arn:aws:kms:us-west-2:333333333333:key/ebs',
      accountId: '333333333333',
      region: 'us-west-2',
      configParameterPath: '/itsm-scale/prod-us-west-2/config/incident',
      logsKmsKeyArn: 'arn:aws:kms:us-west-2:333333333333:key/app',
    };
    const json = Testing.synthScope((scope) => {
      new ServiceFleet(scope, 'fleet-incident', { ...base, module: 'incident', targetGroupArns: ['arn:aws:elasticloadbalancing:us-west-2:333333333333:targetgroup/i/1'], minSize: 1, maxSize: 2, desiredCapacity: 1 });
      new ServiceFleet(scope, 'fleet-incident-sla-timer', { ...base, module: 'incident-sla-timer', targetGroupArns: [], minSize: 1, maxSize: 1, desiredCapacity: 1, singleton: true });
    });
    // THEN
    const names = Object.values(resources(json, 'aws_autoscaling_group')).map((g) => g.name);
    expect(names.sort()).toEqual(['prod-us-west-2-incident', 'prod-us-west-2-incident-sla-timer']);
    const text = commandsOf(failoverRunbook(ownPlan).failover).join('\n');
    for (const name of names) expect(text).toContain(name as string);
  });
});

// ---------------------------------------------------------------------------------------------

/** Node and subgraph ids defined in a diagram, and the edges between ids. */
function parseMermaid(text: string): { defined: Set<string>; edges: Array<{ from: string; to: string; label: string }>; labels: string[] } {
  const defined = new Set<string>();
  const edges: Array<{ from: string; to: string; label: string }> = [];
  const labels: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const trimmed = line.trim();
    const edge = /^(\S+) (?:-->|-\.->)(?:\|([^|]*)\|)? (\S+)$/.exec(trimmed);
    if (edge) {
      edges.push({ from: edge[1]!, to: edge[3]!, label: edge[2] ?? '' });
      continue;
    }
    if (trimmed === 'end') continue;
    const node = /^(?:subgraph )?([A-Za-z0-9_]+)(\[\(|\[|\{\{)"(.*)"(\)\]|\]|\}\})$/.exec(trimmed);
    if (!node) throw new Error(`unexpected Mermaid line: ${line}`);
    defined.add(node[1]!);
    labels.push(node[3]!);
  }
  return { defined, edges, labels };
}

describe('topologyMermaid', () => {
  // GIVEN prod (warm standby)
  // WHEN
  const text = topologyMermaid(prodPlan);
  const { defined, edges, labels } = parseMermaid(text);

  it('is a flowchart LR with a subgraph per region labelled with its role, and the global stack', () => {
    // THEN
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('  subgraph region_us_east_1["us-east-1: serving, primary<br/>stack prod-us-east-1"]');
    expect(text).toContain('  subgraph region_us_west_2["us-west-2: standby<br/>stack prod-us-west-2"]');
    expect(text).toContain('  subgraph global["prod-global stack"]');
  });

  it('balances every subgraph with an end', () => {
    // THEN
    const opened = text.split('\n').filter((l) => /^\s*subgraph /.test(l)).length;
    const closed = text.split('\n').filter((l) => /^\s*end$/.test(l)).length;
    expect(opened).toBe(closed);
    // region, region, global, and a subgraph per database group per region (no group has more than MAX_SHARD_NODES shards)
    expect(Object.values(prodPlan.databases).every((db) => db.shards <= MAX_SHARD_NODES)).toBe(true);
    expect(opened).toBe(3 + 2 * Object.keys(prodPlan.databases).length);
  });

  it('draws a load balancer, a node per module fleet and a node per shard in each region that hosts the application', () => {
    // THEN
    for (const region of ['us_east_1', 'us_west_2']) {
      expect(defined.has(`alb_${region}`)).toBe(true);
      // (one node per autoscaling group: the modules on the shared fleet are in its label)
      for (const module of Object.keys(prodPlan.fleets).filter((m) => prodPlan.fleets[m]!.hostedBy === undefined)) {
        expect(defined.has(`fleet_${region}_${module}`)).toBe(true);
        expect(edges).toContainEqual({ from: `alb_${region}`, to: `fleet_${region}_${module}`, label: '' });
      }
      for (const [group, shard] of shardsOf(prodPlan)) expect(defined.has(`shard_${region}_${group}_${String(shard).padStart(2, '0')}`)).toBe(true);
    }
    // Fleets reach the database groups of their modules: the shared fleet each of its members' groups, once.
    for (const group of Object.keys(prodPlan.databases)) expect(edges.filter((e) => e.from === 'fleet_us_east_1_shared' && e.to === `db_us_east_1_${group}`)).toHaveLength(1);
    // Labels carry the fleet, the modules it serves, instance type and sizes, and the singleton parts; the standby's
    // follow the stacks' region roles (warm: a floor of one).
    const shared = prodPlan.fleets.shared!;
    // (the parts run on the shared fleet under a lease: held in the primary, idle in the standby)
    const parts = 'incident-sla-timer, change-change-window-scheduler, cmdb-discovery-coordinator';
    const serves = `serves ${shared.modules.join(', ')}`;
    expect(text).toContain(`fleet_us_east_1_shared["shared<br/>${serves}<br/>${shared.instanceType}<br/>min ${shared.minSize} / max ${shared.maxSize}<br/>leases ${parts}"]`);
    expect(text).toContain(`fleet_us_west_2_shared["shared<br/>${serves}<br/>${shared.instanceType}<br/>min 1 / max ${shared.maxSize}, reduced<br/>leases ${parts}, idle"]`);
    // without the lease they are groups of their own, at zero in the standby
    const own = topologyMermaid(ownPlan);
    expect(own).toContain(`fleet_us_east_1_shared["shared<br/>${serves}<br/>${shared.instanceType}<br/>min ${shared.minSize} / max ${shared.maxSize}<br/>+ ${parts}"]`);
    expect(own).toContain(`fleet_us_west_2_shared["shared<br/>${serves}<br/>${shared.instanceType}<br/>min 1 / max ${shared.maxSize}, reduced<br/>+ ${parts} at zero"]`);
    expect(regionRoles('warm-standby', ['us-east-1', 'us-west-2'], 1)[1]).toMatchObject({ fleets: 'reduced', secondaryInstancesPerShard: 1 });
    expect(text).toContain('shard_us_west_2_tickets_01[("shard 01<br/>1 × db.r7g.large")]');
  });

  it('routes Route 53 by failover records and draws the copies and replication across regions', () => {
    // THEN
    expect(edges).toContainEqual({ from: 'route53', to: 'alb_us_east_1', label: 'failover PRIMARY' });
    expect(edges).toContainEqual({ from: 'route53', to: 'alb_us_west_2', label: 'failover SECONDARY' });
    expect(edges).toContainEqual({ from: 'vault_us_east_1', to: 'vault_us_west_2', label: 'copies' });
    expect(edges).toContainEqual({ from: 'attachments_us_east_1', to: 'attachments_us_west_2', label: 'replicates' });
    for (const group of Object.keys(prodPlan.databases)) expect(edges).toContainEqual({ from: `db_us_east_1_${group}`, to: `db_us_west_2_${group}`, label: 'global database' });
  });

  it('uses safe ids only, and every edge joins defined nodes or subgraphs', () => {
    // THEN
    for (const id of defined) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    for (const edge of edges) {
      expect(defined.has(edge.from)).toBe(true);
      expect(defined.has(edge.to)).toBe(true);
      expect(edge.label).toMatch(/^[A-Za-z0-9 -]*$/);
    }
    expect(defined.size).toBe(text.split('\n').filter((l) => /^\s*(subgraph )?[a-z0-9_]+(\[|\{\{)/.test(l)).length);
  });

  it('escapes quotes, # and angle brackets in labels', () => {
    // GIVEN a module and a singleton whose names carry Mermaid's special characters (plans are plain data)
    const weird: CapacityPlan = { ...prodPlan, fleets: { 'a"b#c<d>': { ...prodPlan.fleets.shared!, modules: ['a"b#c<d>'], singletons: ['x"y'] } } };
    // WHEN
    const diagram = topologyMermaid(weird);
    const parsed = parseMermaid(diagram);
    // THEN no label holds a raw quote, and the text survives as entity codes
    for (const label of [...labels, ...parsed.labels]) expect(label).not.toContain('"');
    expect(diagram).toContain('a#quot;b#35;c#lt;d#gt;');
    expect(diagram).toContain('+ x#quot;y');
    expect(parsed.defined.has('fleet_us_east_1_a_b_c_d')).toBe(true);
  });

  it('is deterministic', () => {
    // THEN
    expect(topologyMermaid(planCapacity(perGroupClusters(resolveEnvironment(project, 'prod'))))).toBe(text);
  });
});

describe('topologyMermaid by posture', () => {
  it('pilot light: the standby has a load balancer, fleets at zero and headless secondaries', () => {
    // GIVEN / WHEN
    const text = topologyMermaid(stagingPlan);
    // THEN
    expect(text).toContain('subgraph region_us_west_2["us-west-2: standby<br/>stack staging-us-west-2"]');
    expect(text).toMatch(/fleet_us_west_2_shared\["shared<br\/>serves incident, [a-z, ]+<br\/>m7i\.xlarge<br\/>min 0 \/ max \d+, paused/);
    expect(text).toContain('shard_us_west_2_tickets_01[("shard 01<br/>headless, no instances")]');
    expect(text).toContain('route53 -->|failover SECONDARY| alb_us_west_2');
  });

  it('backup & restore with two regions: the second region holds only the vault and the attachments; DNS is a simple record', () => {
    // GIVEN / WHEN
    const text = topologyMermaid(prodAs('backup-restore'));
    const { defined, edges } = parseMermaid(text);
    // THEN
    expect(defined.has('alb_us_west_2')).toBe(false);
    expect([...defined].filter((id) => id.startsWith('fleet_us_west_2') || id.startsWith('db_us_west_2'))).toEqual([]);
    expect(defined.has('vault_us_west_2') && defined.has('attachments_us_west_2')).toBe(true);
    expect(edges.filter((e) => e.from === 'route53')).toEqual([{ from: 'route53', to: 'alb_us_east_1', label: 'simple' }]);
    expect(edges).toContainEqual({ from: 'vault_us_east_1', to: 'vault_us_west_2', label: 'copies' });
    expect(edges.some((e) => e.label.startsWith('global database'))).toBe(false);
    expect(text).toContain('tickets database<br/>regional');
  });

  it('backup & restore with one region (dev): one region subgraph and nothing crosses regions', () => {
    // GIVEN / WHEN
    const text = topologyMermaid(devPlan);
    const { edges } = parseMermaid(text);
    // THEN
    expect(text.match(/subgraph region_/g)).toHaveLength(1);
    expect(edges.filter((e) => e.label === 'copies' || e.label === 'replicates')).toEqual([]);
  });

  it('active-active: both regions serve behind latency records and the secondaries forward writes', () => {
    // GIVEN / WHEN
    const text = topologyMermaid(prodAs('active-active'));
    const { edges } = parseMermaid(text);
    // THEN
    expect(text).toContain('subgraph region_us_west_2["us-west-2: serving<br/>stack prod-us-west-2"]');
    expect(edges.filter((e) => e.from === 'route53')).toEqual([
      { from: 'route53', to: 'alb_us_east_1', label: 'latency' },
      { from: 'route53', to: 'alb_us_west_2', label: 'latency' },
    ]);
    expect(edges).toContainEqual({ from: 'db_us_east_1_tickets', to: 'db_us_west_2_tickets', label: 'global database with write forwarding' });
  });

  it('a group with more shards than MAX_SHARD_NODES is one node with its shard count', () => {
    // GIVEN tickets with 8 shards
    const text = topologyMermaid(withTicketsShards(prodPlan, 8));
    const { defined } = parseMermaid(text);
    // THEN
    expect(text).toContain('db_us_east_1_tickets[("tickets database<br/>8 shards<br/>');
    expect([...defined].filter((id) => id.startsWith('shard_us_east_1_tickets'))).toEqual([]);
    expect(text).not.toContain('subgraph db_us_east_1_tickets');
  });
});
