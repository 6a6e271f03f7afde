/**
 * Honest limits: every cap, AWS quota and standby the plan runs into is a reported problem (kind,
 * limit, source, fix), never applied silently; each with a compliant and a non-compliant input.
 * Also: planning stays finite (uncountable fleets are refused), and shrinking scenarios are refused.
 */
import { instancesFor } from '../../capacity/fleet';
import { PlanError, planCapacity, PlanInput } from '../../capacity/plan';
import { CapacityPlan, LimitKind, PlanProblem } from '../../capacity/types';
import { ec2QuotaGroupOf, vcpusOf } from '../../model/aws-catalog';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint, Environment } from '../../model/schema';
import { perGroupClusters } from '../per-group-clusters';

const project = loadProject({ root: `${__dirname}/../..` });
// One cluster set per group (test/per-group-clusters.ts); the shared cluster's limits are tested at the end.
const PROD = perGroupClusters(resolveEnvironment(project, 'prod'));

/** prod's plan with its blueprint and environment changed, at a scenario. */
function prodPlan(
  scenario: string,
  change: { blueprint?: (b: Blueprint) => Blueprint; environment?: (e: Environment) => Environment; serviceLevels?: Partial<PlanInput['serviceLevels']> } = {},
): CapacityPlan {
  const blueprint = (change.blueprint ?? ((b) => b))(structuredClone(PROD.blueprint));
  const environment = (change.environment ?? ((e) => e))(structuredClone(PROD.environment));
  const input: PlanInput = { ...PROD, blueprint, environment, scenario, serviceLevels: { ...PROD.serviceLevels, ...change.serviceLevels } };
  return planCapacity(input);
}

const withScenario = (name: string, scenario: Blueprint['scenarios'][string]) => (b: Blueprint): Blueprint => ({ ...b, scenarios: { ...b.scenarios, [name]: scenario } });
/** 200,000 requesters within prod's 36-month horizon, with shards provisioned for the horizon's need (a lead time of 36 months). */
const huge = (b: Blueprint): Blueprint => ({
  ...withScenario('huge', { requesters: 200_000, inMonths: 36 })(b),
  capacity: { ...b.capacity, shardLeadTimeMonths: 36 },
});
/** `huge` with the capacity ladder changed. */
const hugeWith = (capacity: Partial<Blueprint['capacity']>) => (b: Blueprint): Blueprint => {
  const grown = huge(b);
  return { ...grown, capacity: { ...grown.capacity, ...capacity } };
};
const of = (plan: CapacityPlan, kind: LimitKind): PlanProblem[] => plan.problems.filter((p) => p.kind === kind);
/** Quotas high enough that only the limit under test can be reported. */
const ROOMY = { dbInstancesPerRegion: 10_000, dbClustersPerRegion: 10_000, ec2StandardVcpusPerRegion: 100_000, ec2XVcpusPerRegion: 100_000 };
const roomy = (e: Environment): Environment => ({ ...e, quotas: ROOMY });

describe('readers per shard', () => {
  it('reports a group whose reads need more readers than maxReadersPerShard, with the cap as source and how to raise it', () => {
    // GIVEN prod grown to 200,000 requesters with one writer class that reads slowly and a cap of 2 readers
    const plan = prodPlan('huge', {
      blueprint: hugeWith({ maxReadersPerShard: 2, writerClasses: [{ class: 'db.r7g.large', writeTps: 400, readRps: 2 }] }),
      environment: roomy,
    });
    // THEN the plan keeps the cap and reports it for every group that needs more
    const problems = of(plan, 'readers-per-shard');
    const tickets = problems.find((p) => p.subject === 'tickets')!;
    expect(plan.databases.tickets!.readersPerShard).toBe(2);
    expect(tickets).toMatchObject({ allowed: 2, needed: plan.databases.tickets!.readersNeededPerShard, source: 'blueprint: capacity.maxReadersPerShard' });
    expect(tickets.needed).toBeGreaterThan(2);
    expect(tickets.message).toMatch(/^tickets needs \d+ readers per shard .* capped at 2/);
    expect(tickets.fix).toMatch(/capacity\.maxReadersPerShard|shard the group/);
  });

  it('reports Aurora\'s 15 replicas per cluster as a hard limit when the reads need more', () => {
    // GIVEN reads that need far more than 15 readers
    const plan = prodPlan('huge', {
      blueprint: hugeWith({ maxReadersPerShard: 15, writerClasses: [{ class: 'db.r7g.large', writeTps: 400, readRps: 0.05 }] }),
      environment: roomy,
    });
    // THEN both the cap and Aurora's limit are reported, with the AWS page and a fix that does not ask for a quota increase
    const replicas = of(plan, 'aurora-replicas-per-cluster').find((p) => p.subject === 'tickets')!;
    expect(replicas).toMatchObject({ allowed: 15, source: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html' });
    expect(replicas.message).toContain('no quota increase raises it');
    expect(of(plan, 'readers-per-shard').find((p) => p.subject === 'tickets')!.fix).toMatch(/^shard the group further/);
  });

  it('reports nothing when the readers needed fit under the cap (the default blueprint)', () => {
    const plan = prodPlan('huge', { blueprint: huge, environment: roomy });
    expect(Object.values(plan.databases).map((db) => db.readersNeededPerShard <= db.readersPerShard)).toEqual(Object.values(plan.databases).map(() => true));
    expect(plan.problems).toEqual([]);
  });
});

describe('writer capacity', () => {
  it('reports a writer of the largest class above target when a shard is designed for more writes than any class carries', () => {
    // GIVEN shards designed for 10,000 TPS but one writer class of 1 TPS
    const plan = prodPlan('huge', {
      blueprint: hugeWith({ shardWriteTps: 10_000, writerClasses: [{ class: 'db.r7g.large', writeTps: 1, readRps: 100_000 }] }),
      environment: roomy,
    });
    const tickets = of(plan, 'writer-capacity').find((p) => p.subject === 'tickets')!;
    expect(tickets.allowed).toBe(0.8);
    expect(tickets.needed).toBeGreaterThan(0.8);
    expect(tickets.fix).toMatch(/shardWriteTps|writerClasses/);
  });
});

describe('AWS quotas per region', () => {
  // (shards designed for 100 GB: the 200,000 requesters' data spreads over enough shards to pass 40 instances)
  const bigger = hugeWith({ shardStorageGb: 100 });

  it('reports DB instances past the default 40 in each region that needs more, counting reader auto scaling', () => {
    // GIVEN prod grown to 200,000 requesters, with AWS's default quotas
    const plan = prodPlan('huge', { blueprint: bigger });
    const instances = of(plan, 'db-instances-per-region');
    // THEN the primary needs more than 40: every shard's writer plus readers up to auto scaling's maximum (readers + 2)
    const primary = instances.find((p) => p.region === 'us-east-1')!;
    const expected = Object.values(plan.databases).reduce((sum, db) => sum + db.shards * (1 + Math.min(db.readersPerShard + 2, 15)), 0);
    expect(primary).toMatchObject({
      needed: expected,
      allowed: 40,
      limit: 'DB instances per region (AWS default quota)',
      source: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html',
    });
    expect(primary.message).toContain("more than AWS's default quota of 40");
    expect(primary.fix).toMatch(/^request a quota increase to at least \d+ in Service Quotas \(Amazon RDS, DB instances\) and state it under quotas\.dbInstancesPerRegion/);
  });

  it('reports no quota problem once the environment states quotas that cover the need', () => {
    const plan = prodPlan('huge', { blueprint: bigger, environment: roomy });
    expect(plan.problems).toEqual([]);
  });

  it('reports DB clusters past the quota, one per shard in every region with a database', () => {
    // GIVEN a stated cluster quota of 3, below prod's shard count
    const plan = prodPlan('moderate', { environment: (e) => ({ ...roomy(e), quotas: { ...ROOMY, dbClustersPerRegion: 3 } }) });
    const shards = Object.values(plan.databases).reduce((sum, db) => sum + db.shards, 0);
    // THEN both regions (primary and warm-standby secondary) are reported, naming the stated quota
    expect(of(plan, 'db-clusters-per-region').map((p) => [p.region, p.needed, p.allowed, p.limit])).toEqual([
      ['us-east-1', shards, 3, 'DB clusters per region (quotas.dbClustersPerRegion)'],
      ['us-west-2', shards, 3, 'DB clusters per region (quotas.dbClustersPerRegion)'],
    ]);
  });

  it('counts On-Demand vCPUs per region from the instance sizes: fleets at their maximum plus singleton groups', () => {
    // GIVEN prod with a stated vCPU quota of 2, and prod without its lease (the parts in groups of their own)
    const quota = (e: Environment) => ({ ...roomy(e), quotas: { ...ROOMY, ec2StandardVcpusPerRegion: 2 } });
    const plan = prodPlan('moderate', { environment: quota });
    const own = prodPlan('moderate', { environment: quota, blueprint: (b) => ({ ...b, application: { ...b.application, singletonLease: undefined } }) });
    // THEN each region that hosts the application needs the fleets' maximum sizes × vCPUs (m7i.xlarge: 4), plus one
    // instance per singleton part in a group of its own, of its module's type (none under the lease: they run on the shared fleet)
    const vcpus = Object.values(plan.fleets).reduce((sum, f) => sum + (f.singleton ? 1 : f.maxSize) * vcpusOf(f.instanceType)!, 0);
    const problems = of(plan, 'ec2-vcpus-per-region');
    expect(problems.map((p) => [p.region, p.needed, p.allowed])).toEqual([
      ['us-east-1', vcpus, 2],
      ['us-west-2', vcpus, 2],
    ]);
    const partVcpus = 3 * vcpusOf(own.fleets.shared!.instanceType)!;
    expect(partVcpus).toBe(12);
    expect(of(own, 'ec2-vcpus-per-region').map((p) => p.needed)).toEqual([vcpus + partVcpus, vcpus + partVcpus]);
    expect(problems[0]!.fix).toBe(`request a quota increase to at least ${vcpus} in Service Quotas (Amazon EC2, L-1216C47A) and state it under quotas.ec2StandardVcpusPerRegion in the environment`);
  });

  it('derives vCPUs and quota groups from EC2 instance type names', () => {
    expect(['m7i.large', 'm7i.xlarge', 'm7i.4xlarge', 'c7g.medium', 't3.micro', 't2.micro', 'm7i.metal-24xl'].map(vcpusOf)).toEqual([2, 4, 16, 1, 2, 1, undefined]);
    expect(['m7i.large', 'r7g.xlarge', 't4g.small', 'x2gd.large', 'p5.48xlarge'].map(ec2QuotaGroupOf)).toEqual(['standard', 'standard', 'standard', 'x', undefined]);
  });
});

describe('warm standby capacity', () => {
  const slowReads = hugeWith({ writerClasses: [{ class: 'db.r7g.large', writeTps: 400, readRps: 5 }] });

  it('reports a standby shard whose one instance cannot carry the busiest shard\'s writes and reads after a failover', () => {
    // GIVEN prod (warm standby in us-west-2) with a class that reads slowly
    const plan = prodPlan('huge', { blueprint: slowReads, environment: roomy });
    expect(plan.dr.posture).toBe('warm-standby');
    const tickets = of(plan, 'standby-capacity').find((p) => p.subject === 'tickets')!;
    // THEN the standby region is named, with its utilization after failover against the target
    expect(tickets).toMatchObject({ region: 'us-west-2', allowed: 0.8 });
    expect(tickets.needed).toBeGreaterThan(0.8);
    expect(tickets.message).toMatch(/^after a failover to us-west-2, tickets's busiest shard runs on its one standby db\.r7g\.large at \d+%/);
  });

  it('reports nothing for the default blueprint, whose standby instance carries the load, nor for another posture', () => {
    expect(of(prodPlan('huge', { blueprint: huge, environment: roomy }), 'standby-capacity')).toEqual([]);
    // backup & restore (one region, relaxed service levels) has no standby to check
    const single = prodPlan('huge', {
      blueprint: slowReads,
      environment: (e) => ({ ...roomy(e), regions: { ...e.regions, secondaries: [] } }),
      serviceLevels: { rtoMinutes: 240, rpoMinutes: 60 },
    });
    expect(single.dr.posture).not.toBe('warm-standby');
    expect(of(single, 'standby-capacity')).toEqual([]);
  });
});

describe('finite planning', () => {
  it('refuses a fleet too large to count with a PlanError instead of searching forever (annualGrowthRate 100 over 120 months)', () => {
    // GIVEN the schema's largest growth rate over the longest horizon
    const attempt = () => prodPlan('explosive', { blueprint: withScenario('explosive', { annualGrowthRate: 100 }), environment: (e) => ({ ...e, horizonMonths: 120 }) });
    // THEN the planner refuses, saying why and what to lower
    expect(attempt).toThrow(PlanError);
    expect(attempt).toThrow(/would need more than 9007199254740991 instances, which cannot be planned: lower the scenario's growth/);
  });

  it('refuses counts past 2^53 in instancesFor, where adding one instance no longer changes the count', () => {
    const production = { tier: 'production' as const, availabilityZones: 3 };
    expect(() => instancesFor(1e18, 1, 0.8, production)).toThrow(PlanError);
    expect(() => instancesFor(1e18, 1, 0.8, { tier: 'non-production', availabilityZones: 2 })).toThrow(PlanError);
    // AND just below the bound it still counts exactly
    expect(instancesFor(3e12, 1, 1, production)).toBe(4.5e12);
  });
});

describe('shrinking scenarios', () => {
  it('refuses a target of requesters below today\'s population with a located PlanError that says what to do', () => {
    let error: unknown;
    try {
      prodPlan('shrink', { blueprint: withScenario('shrink', { requesters: 100, inMonths: 12 }) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).location).toEqual({ file: 'blueprint', path: ['scenarios', 'shrink', 'requesters'] });
    expect((error as PlanError).message).toBe(
      `scenario "shrink": requesters 100 is below today's 500 requesters (population.requesters): scenarios plan growth only (shards are never merged, fleets keep the peak's size). ` +
        'For a flat population use annualGrowthRate: 0; for an organisation that shrinks, lower population.requesters to the smaller count and plan growth from there',
    );
  });

  it('accepts a target equal to today (a flat population)', () => {
    const plan = prodPlan('flat', { blueprint: withScenario('flat', { requesters: 500, by: '2028-01-04' }) });
    expect(plan.timeline[plan.timeline.length - 1]!.requesters).toBeCloseTo(500, 9);
  });
});

describe('connections per writer', () => {
  it('reports writers whose fleets would hold more pooled connections than max_connections allows, and RDS Proxy as the fix', () => {
    // GIVEN prod with pools of 700 connections per instance: tickets' 2 instances (the shared fleet's 2; sla-timer and
    // change-window-scheduler run on them under a lease) × 700 = 1,400 > 80% of db.r7g.large's 1,722
    const plan = prodPlan('moderate', { blueprint: (b) => ({ ...b, capacity: { ...b.capacity, connectionsPerInstance: 700, writerClasses: [b.capacity.writerClasses[0]!] } }), environment: roomy });
    const tickets = of(plan, 'connections-per-writer').find((p) => p.subject === 'tickets')!;
    // THEN the budget, the need and where max_connections comes from are named, with RDS Proxy among the fixes
    expect(tickets).toMatchObject({ needed: 1400, allowed: Math.floor(1722 * 0.8), limit: 'max_connections of db.r7g.large at the 80% target' });
    expect(tickets.source).toContain('LEAST({DBInstanceClassMemory/9531392}, 5000)');
    expect(tickets.fix).toMatch(/^put RDS Proxy between the fleets and the writers/);
    expect(plan.databases.tickets!.connections).toEqual(expect.objectContaining({ instances: 2, connectionsPerInstance: 700, perWriter: 1400, maxConnections: 1722 }));
  });

  it('picks a larger writer class when one takes the connections, and reports nothing then', () => {
    // GIVEN the same pools with the default class ladder: db.r7g.xlarge allows 3,479 (2,783 at 80%)
    const plan = prodPlan('moderate', { blueprint: (b) => ({ ...b, capacity: { ...b.capacity, connectionsPerInstance: 700 } }), environment: roomy });
    expect(plan.databases.tickets!.instanceClass).toBe('db.r7g.xlarge');
    expect(of(plan, 'connections-per-writer')).toEqual([]);
  });
});
