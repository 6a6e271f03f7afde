/**
 * The shared cluster (blueprint `capacity.sharedCluster`, issue 11 point 7): the first shard of each member group
 * lives in one Aurora cluster, sized for their sum; a member takes more shards when the sum would outgrow one
 * shard's limits, and never leaves. Hand-checked against the default blueprint, which shares all three groups.
 */
import { ownShards } from '../../capacity/database';
import { firstShardShare, firstShardWeight, sharedClusterShards, sharedClusterShares } from '../../capacity/shared-cluster';
import { weightedSlotMap } from '../../foundation/slot-map';
import { connectingInstances, planCapacity, PlanInput } from '../../capacity/plan';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint, sharedClusterGroups } from '../../model/schema';

const project = loadProject({ root: `${__dirname}/../..` });
const prod = resolveEnvironment(project, 'prod');

/** prod's plan with the blueprint edited (a copy). */
function planWith(edit: (blueprint: Blueprint) => void, input: Partial<PlanInput> = {}) {
  const blueprint = structuredClone(prod.blueprint);
  edit(blueprint);
  return planCapacity({ ...prod, ...input, blueprint });
}

describe('the shared cluster of the default blueprint', () => {
  const plan = planCapacity(prod);
  const shared = plan.databases.shared!;

  test('holds the first shard of every group, which keep no cluster of their own while they have one shard', () => {
    expect(Object.keys(plan.databases)).toEqual(['shared', 'tickets', 'cmdb', 'knowledge']);
    expect(shared).toMatchObject({ hosts: ['tickets', 'cmdb', 'knowledge'], shards: 1, sharding: 'none', engine: 'aurora-postgresql', readersPerShard: 1 });
    expect(shared.modules).toEqual(Object.keys(prod.blueprint.modules));
    for (const group of ['tickets', 'cmdb', 'knowledge']) {
      expect(plan.databases[group]).toMatchObject({ firstShardIn: 'shared', shards: 1 });
      expect(ownShards(plan.databases[group]!)).toEqual([]);
    }
    expect(ownShards(shared)).toEqual([1]);
  });

  test('carries the sum of its members\' first shards, month by month, and is sized for it', () => {
    for (const point of plan.timeline) {
      const members = ['tickets', 'cmdb', 'knowledge'].map((g) => point.databaseGroups[g]!);
      // one shard each: the first shard holds every slot
      expect(point.databaseGroups.shared!.writeTps).toBeCloseTo(members.reduce((a, m) => a + m.writeTps, 0), 9);
      expect(point.databaseGroups.shared!.storageGb).toBeCloseTo(members.reduce((a, m) => a + m.storageGb, 0), 9);
    }
    const window = plan.timeline.filter((p) => p.month <= shared.provisionedForMonth);
    expect(shared.writerUtilization).toBeCloseTo(Math.max(...window.map((p) => p.databaseGroups.shared!.writeTps)) / 400, 9);
  });

  test('its writer counts every member\'s pools: each instance holds one per group', () => {
    const members = ['tickets', 'cmdb', 'knowledge'];
    expect(shared.connections.instances).toBe(members.reduce((a, g) => a + connectingInstances(g, prod.blueprint, plan.fleets), 0));
    expect(shared.connections.perWriter).toBe(shared.connections.instances * 10);
  });

  test('the quotas count its cluster once, and no cluster for members without an own shard', () => {
    const grown = planWith((b) => {
      b.databaseGroups.tickets!.minShards = 3;
    }, { environment: { ...prod.environment, quotas: { dbInstancesPerRegion: 1, dbClustersPerRegion: 2, ec2StandardVcpusPerRegion: 10_000, ec2XVcpusPerRegion: 10_000 } } });
    // shared + tickets' shards 2 and 3 = 3 clusters in each region
    const clusters = grown.problems.filter((p) => p.kind === 'db-clusters-per-region');
    expect(clusters.map((p) => [p.region, p.needed])).toEqual([
      ['us-east-1', 3],
      ['us-west-2', 3],
    ]);
  });
});

describe('members take shards to keep the shared cluster within one shard', () => {
  test('each member keeps its first shard within its fixed share, so the sum fits', () => {
    // GIVEN shards designed for 50 GB and the aggressive scenario over 72 months (tickets ~760 GB, cmdb ~106 GB)
    const plan = planWith((b) => {
      b.capacity.shardStorageGb = 50;
    }, { scenario: 'aggressive', horizonMonths: 72 });
    const limit = 50 * 0.8;
    const members = ['tickets', 'cmdb', 'knowledge'];
    const shares = sharedClusterShares(prod.blueprint, members);
    let previous: Record<string, number> = {};
    for (const point of plan.timeline) {
      // THEN every month the members' first shards fit the shared cluster
      expect(point.databaseGroups.shared!.storageGb).toBeLessThanOrEqual(limit + 1e-9);
      // AND the shared load is exactly their first shards' share
      const expected = members.reduce((a, g) => {
        const load = point.databaseGroups[g]!;
        return a + load.storageGb * firstShardShare(prod.blueprint.databaseGroups[g]!.slots, load.shards, 'slots', shares[g]!);
      }, 0);
      expect(point.databaseGroups.shared!.storageGb).toBeCloseTo(expected, 9);
      // AND each member's own clusters (its weighted map's shards 2..n) stay within one shard's limit
      for (const g of members) {
        const { slots } = prod.blueprint.databaseGroups[g]!;
        const load = point.databaseGroups[g]!;
        const own = weightedSlotMap(slots, load.shards, firstShardWeight(shares[g]!)).slice(1);
        for (const range of own) expect(((range.lastSlot - range.firstSlot + 1) / slots) * load.storageGb).toBeLessThanOrEqual(limit + 1e-9);
      }
      // AND no member's shards ever decrease
      for (const g of ['tickets', 'cmdb', 'knowledge']) expect(point.databaseGroups[g]!.shards).toBeGreaterThanOrEqual(previous[g] ?? 0);
      previous = Object.fromEntries(['tickets', 'cmdb', 'knowledge'].map((g) => [g, point.databaseGroups[g]!.shards]));
    }
    // AND tickets' own clusters are filled: its lighter first shard costs it at most one shard more than its storage
    // alone needs, fewer than an even map (whose first shard, floor(4096 / n) slots, must fit 74% of one shard) would take
    const last = plan.timeline[plan.timeline.length - 1]!.databaseGroups.tickets!;
    let evenMapShards = 1;
    while ((Math.floor(4096 / evenMapShards) / 4096) * last.storageGb > shares.tickets!.storage * limit) evenMapShards++;
    expect(last.shardsNeededBy.sharedCluster).toBeLessThanOrEqual(last.shardsNeededBy.storage + 1);
    expect(last.shardsNeededBy.sharedCluster).toBeLessThan(evenMapShards);
    expect(last.shards).toBe(Math.max(last.shardsNeededBy.sharedCluster, last.shardsNeededBy.storage));
  });

  test('an unsharded member cannot split: the cluster stays over and the plan says so', () => {
    // GIVEN every group unsharded and shards designed for 10 GB
    const plan = planWith((b) => {
      b.capacity.shardStorageGb = 10;
      for (const group of Object.values(b.databaseGroups)) {
        group.sharding = 'none';
        group.minShards = 1;
      }
    }, { scenario: 'aggressive', horizonMonths: 72 });
    // THEN no member gets a shard of its own, and the shared cluster's growth past the design is a threshold
    for (const g of ['tickets', 'cmdb', 'knowledge']) expect(plan.databases[g]!.shards).toBe(1);
    // (the shared fleet's step-ups share the subject "shared"; the cluster's message names the shared cluster)
    expect(plan.thresholds.filter((t) => t.subject === 'shared' && t.message.includes('shared cluster')).map((t) => t.message)).toEqual([
      expect.stringMatching(/^shared \(the shared cluster: its members' first shards; shard a member with sharding: slots\) holds \d+ GB, more than the 10 GB a shard is designed for/),
    ]);
  });
});

describe('membership', () => {
  test('is static: the same groups share in every scenario and at every horizon', () => {
    for (const scenario of ['conservative', 'moderate', 'aggressive']) {
      for (const horizonMonths of [1, 36, 120]) {
        expect(planCapacity({ ...prod, scenario, horizonMonths }).databases.shared!.hosts).toEqual(['tickets', 'cmdb', 'knowledge']);
      }
    }
  });

  test('by default takes the groups of the first able group\'s engine, never a serverless or partitioned one', () => {
    const blueprint = structuredClone(prod.blueprint);
    blueprint.databaseGroups.cmdb = { ...blueprint.databaseGroups.cmdb!, engine: 'aurora-mysql' };
    expect(sharedClusterGroups(blueprint)).toEqual(['tickets', 'knowledge']);
    blueprint.databaseGroups.knowledge = { ...blueprint.databaseGroups.knowledge!, serverless: { minAcu: 0.5, maxAcu: 4 } };
    expect(sharedClusterGroups(blueprint)).toEqual(['tickets']);
    delete blueprint.capacity.sharedCluster;
    expect(sharedClusterGroups(blueprint)).toEqual([]);
  });

  test('without it every group has its own clusters and the plan has no shared entry', () => {
    const plan = planWith((b) => {
      delete b.capacity.sharedCluster;
    });
    expect(Object.keys(plan.databases)).toEqual(['tickets', 'cmdb', 'knowledge']);
    for (const db of Object.values(plan.databases)) expect([db.firstShardIn, db.hosts, ownShards(db)]).toEqual([undefined, undefined, [1]]);
  });
});

describe('the members\' shares', () => {
  test('follow what each group writes and stores per requester in the blueprint, at least half an equal share each, adding up to 1', () => {
    const shares = sharedClusterShares(prod.blueprint, ['tickets', 'cmdb', 'knowledge']);
    // writes: tickets' modules 0.65 of the traffic with their write shares, cmdb's 0.2, knowledge's 0.15 (0.05 writes)
    expect(Object.values(shares).reduce((a, s) => a + s.writes, 0)).toBeCloseTo(1, 12);
    expect(Object.values(shares).reduce((a, s) => a + s.storage, 0)).toBeCloseTo(1, 12);
    expect(shares.tickets!.storage).toBeGreaterThan(0.7);
    // KB per requester at seven years' retention (1.95 tickets a month × 84 months): tickets 163.8 × 307.5 + 50 (catalog),
    // cmdb 48 CIs × 44, knowledge 163.8 × 2 + 20
    const kb = { tickets: 1.95 * 84 * (400 * 0.65 + 150 * 0.1 + 50 * 0.05 + 150 * 0.2) + 50, cmdb: 48 * 44, knowledge: 1.95 * 84 * 2 + 20 };
    const total = kb.tickets + kb.cmdb + kb.knowledge;
    // cmdb and knowledge store little next to tickets: both at the floor (half of 1/3), then all renormalised
    const floored = { tickets: kb.tickets / total, cmdb: 1 / 6, knowledge: 1 / 6 };
    const sum = floored.tickets + floored.cmdb + floored.knowledge;
    for (const g of ['tickets', 'cmdb', 'knowledge'] as const) expect(shares[g]!.storage).toBeCloseTo(floored[g] / sum, 12);
  });

  test('do not depend on the population, the scenario or the month, so a faster scenario never has fewer shards in any group', () => {
    const base = sharedClusterShares(prod.blueprint, ['tickets', 'cmdb', 'knowledge']);
    const bigger = structuredClone(prod.blueprint);
    bigger.population.requesters = 50_000;
    expect(sharedClusterShares(bigger, ['tickets', 'cmdb', 'knowledge'])).toEqual(base);
    const slow = planCapacity({ ...prod, scenario: 'moderate', horizonMonths: 120 });
    const fast = planCapacity({ ...prod, scenario: 'aggressive', horizonMonths: 120 });
    for (const g of ['tickets', 'cmdb', 'knowledge']) {
      slow.timeline.forEach((point, m) => expect(fast.timeline[m]!.databaseGroups[g]!.shards).toBeGreaterThanOrEqual(point.databaseGroups[g]!.shards));
    }
  });

  test('a member splits for its own share: at most its share of the limit on the shared cluster', () => {
    const limits = { writes: 400 * 0.8, storage: 2000 * 0.8, restore: Infinity };
    const share = { writes: 0.61, storage: 0.741 };
    // 2,000 GB against 74.1% of 1,600 GB (1,185.6 GB, 2,428 slots) on the shared cluster: with two shards the first
    // weighs 0.61 against the own shard's 1 and holds 1,551 slots (757 GB), the own shard 2,545 (1,243 GB)
    expect(sharedClusterShards(4096, { writeTps: 1, storageGb: 2000 }, limits, share)).toBe(2);
    expect(sharedClusterShards(4096, { writeTps: 1, storageGb: 1000 }, limits, share)).toBe(1);
    // 4,000 GB: the first shard may hold 1,214 slots, an own shard 1,638. Three shards hold 957 + 1,570 + 1,569; an
    // even map would have needed four (the first holding 1,024), leaving the own clusters a third empty
    expect(sharedClusterShards(4096, { writeTps: 1, storageGb: 4000 }, limits, share)).toBe(3);
    // writes bind the same way: 600 writes/s against 61% of 320 (195.2, 1,332 slots) and 320 per own shard (2,184 slots)
    expect(sharedClusterShards(4096, { writeTps: 600, storageGb: 1 }, limits, share)).toBe(3);
    // and past what its slots allow: more shards than slots, which the planner refuses with the slots to raise
    expect(sharedClusterShards(64, { writeTps: 1, storageGb: 1e9 }, limits, { writes: 0.5, storage: 0.5 })).toBe(65);
  });
});
