/**
 * `itsm-scale diff` as pure functions: crafted pairs of small stacks (parsed JSON), then the real
 * prod stacks synthesized at the conservative and at the aggressive scenario.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesize } from '../../cli/synthesize';
import { loadProject } from '../../model';
import { withBlueprint, withEnvironment } from '../stacks/helpers';
import {
  DISRUPTIVE_REPLACEMENT,
  FORCING_SOURCES,
  REPLACEMENT_FORCING,
  diffReportJson,
  diffSynth,
  diffValues,
  movedBlock,
  readSynthOutput,
  renderDiffMarkdown,
  shortValue,
  DiffReport,
  JsonObject,
  ResourceChange,
  StackJson,
  SynthOutput,
} from '../../review/diff';

jest.setTimeout(60_000);

// ---------------------------------------------------------------------------------------------
// Fixtures: a minimal regional stack (a KMS key, a subnet group, one shard cluster, an ALB).

type Resources = Record<string, Record<string, JsonObject>>;

/** A stack as cdktf writes it: every resource carries `"//"` metadata with its construct path. */
function stack(resources: Resources, extra: Partial<StackJson> = {}): StackJson {
  const withMeta: Resources = {};
  for (const [type, byName] of Object.entries(resources)) {
    withMeta[type] = {};
    for (const [name, body] of Object.entries(byName)) {
      withMeta[type]![name] = { '//': { metadata: { path: `test/${type}/${name}`, uniqueId: name } }, ...body };
    }
  }
  return {
    terraform: { backend: { s3: { bucket: 'state', key: 'test.tfstate', region: 'us-east-1' } } },
    provider: { aws: [{ region: 'us-east-1', default_tags: [{ tags: { scenario: 'moderate' } }] }] },
    resource: withMeta,
    ...extra,
  };
}

function synth(label: string, stacks: Record<string, StackJson>): SynthOutput {
  return { label, stacks: new Map(Object.entries(stacks)) };
}

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }],
});

function cluster(shard: string, overrides: JsonObject = {}): JsonObject {
  return {
    cluster_identifier: `test-tickets-shard-${shard}`,
    engine: 'aurora-postgresql',
    storage_encrypted: true,
    kms_key_id: '${aws_kms_key.tickets_db.arn}',
    db_subnet_group_name: '${aws_db_subnet_group.tickets.name}',
    deletion_protection: true,
    lifecycle: { prevent_destroy: true },
    tags: { Name: `test-tickets-shard-${shard}`, owner: 'platform-team' },
    ...overrides,
  };
}

function baseResources(): Resources {
  return {
    aws_kms_key: {
      tickets_db: { description: 'tickets', enable_key_rotation: true, policy: POLICY, lifecycle: { prevent_destroy: true } },
      other_db: { description: 'other', enable_key_rotation: true, policy: POLICY, lifecycle: { prevent_destroy: true } },
    },
    aws_subnet: {
      public_a: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.0.0/24', availability_zone: 'us-east-1a' },
      public_b: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.1.0/24', availability_zone: 'us-east-1b' },
      public_c: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.2.0/24', availability_zone: 'us-east-1c' },
    },
    aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
    aws_db_subnet_group: { tickets: { name: 'test-tickets-db', subnet_ids: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}'] } },
    aws_rds_cluster: { tickets_shard_01: cluster('01') },
    aws_lb: {
      alb: {
        name: 'test-alb',
        load_balancer_type: 'application',
        internal: false,
        subnets: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}'],
      },
    },
  };
}

/** A deep copy of the base resources, changed by `edit`. */
function edited(edit: (r: Resources) => void): Resources {
  const copy = JSON.parse(JSON.stringify(baseResources())) as Resources;
  edit(copy);
  return copy;
}

function compare(after: Resources, afterExtra: Partial<StackJson> = {}): DiffReport {
  return diffSynth(synth('before', { 'test-us-east-1': stack(baseResources()) }), synth('after', { 'test-us-east-1': stack(after, afterExtra) }));
}

function change(report: DiffReport, address: string): ResourceChange {
  const found = report.changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change for ${address}; changes: ${report.changes.map((c) => c.address).join(', ')}`);
  return found;
}

// ---------------------------------------------------------------------------------------------

describe('classification of crafted changes', () => {
  test('identical outputs give no change at all', () => {
    // WHEN the same stacks are compared
    const report = compare(baseResources());
    // THEN
    expect(report.changes).toEqual([]);
    expect(report.counts).toEqual({ dataRisk: 0, disruptive: 0, safe: 0, moves: 0 });
    expect(report.stacks).toEqual([expect.objectContaining({ stack: 'test-us-east-1', status: 'unchanged' })]);
    expect(diffReportJson(report)).toEqual(expect.objectContaining({ verdict: 'none', exitCode: 0 }));
  });

  test('a shard added is SAFE', () => {
    // GIVEN a second shard cluster
    const after = edited((r) => {
      r['aws_rds_cluster']!['tickets_shard_02'] = cluster('02');
    });
    // WHEN
    const report = compare(after);
    // THEN
    expect(report.changes).toEqual([expect.objectContaining({ address: 'aws_rds_cluster.tickets_shard_02', action: 'add', class: 'safe' })]);
    expect(report.counts).toEqual({ dataRisk: 0, disruptive: 0, safe: 1, moves: 0 });
    expect(diffReportJson(report).exitCode).toBe(0);
  });

  test("a cluster's kms_key_id changed is DATA RISK: the cluster is replaced", () => {
    // GIVEN the shard moved to the other key
    const after = edited((r) => {
      r['aws_rds_cluster']!['tickets_shard_01']!['kms_key_id'] = '${aws_kms_key.other_db.arn}';
    });
    // WHEN
    const report = compare(after);
    // THEN
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c).toEqual(expect.objectContaining({ action: 'replace', class: 'data-risk', forcing: ['kms_key_id'] }));
    expect(c.attributes).toEqual([{ path: 'kms_key_id', before: '${aws_kms_key.tickets_db.arn}', after: '${aws_kms_key.other_db.arn}' }]);
    expect(c.reasons.join(' ')).toMatch(/`kms_key_id` forces replacement/);
    expect(c.reasons.join(' ')).toMatch(/prevent_destroy/);
    expect(report.counts.dataRisk).toBe(1);
    expect(diffReportJson(report)).toEqual(expect.objectContaining({ verdict: 'data-risk', exitCode: 2 }));
  });

  test('a cluster removed is DATA RISK', () => {
    // GIVEN no cluster any more
    const after = edited((r) => {
      delete r['aws_rds_cluster'];
    });
    // WHEN
    const report = compare(after);
    // THEN
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c).toEqual(expect.objectContaining({ action: 'remove', class: 'data-risk', attributes: [] }));
    expect(c.reasons[0]).toMatch(/^a stateful `aws_rds_cluster` is destroyed: the database is deleted/);
    expect(report.counts).toEqual({ dataRisk: 1, disruptive: 0, safe: 0, moves: 0 });
  });

  test("an ALB's subnets changed is DISRUPTIVE, updated in place (not replaced)", () => {
    // GIVEN a third subnet for the load balancer
    const after = edited((r) => {
      (r['aws_lb']!['alb']!['subnets'] as string[]).push('${aws_subnet.public_c.id}');
    });
    // WHEN
    const report = compare(after);
    // THEN
    const c = change(report, 'aws_lb.alb');
    expect(c).toEqual(expect.objectContaining({ action: 'update', class: 'disruptive', forcing: [] }));
    expect(c.attributes).toEqual([
      { path: 'subnets', before: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}'], after: ['${aws_subnet.public_a.id}', '${aws_subnet.public_b.id}', '${aws_subnet.public_c.id}'] },
    ]);
    expect(c.reasons[0]).toMatch(/moves its nodes/);
    expect(report.counts).toEqual({ dataRisk: 0, disruptive: 1, safe: 0, moves: 0 });
  });

  test("a network load balancer losing a subnet is replaced (provider's NLB rule)", () => {
    // GIVEN an NLB on two subnets, then on one
    const base = edited((r) => {
      r['aws_lb']!['alb']!['load_balancer_type'] = 'network';
    });
    const after = JSON.parse(JSON.stringify(base)) as Resources;
    (after['aws_lb']!['alb']!['subnets'] as string[]).pop();
    // WHEN
    const report = diffSynth(synth('b', { s: stack(base) }), synth('a', { s: stack(after) }));
    // THEN
    expect(change(report, 'aws_lb.alb')).toEqual(expect.objectContaining({ action: 'replace', class: 'disruptive', forcing: ['subnets'] }));
  });

  test('a tag changed is SAFE, reported at tags.owner', () => {
    // GIVEN a new owner
    const after = edited((r) => {
      (r['aws_rds_cluster']!['tickets_shard_01']!['tags'] as JsonObject)['owner'] = 'dba-team';
    });
    // WHEN
    const report = compare(after);
    // THEN
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c).toEqual(expect.objectContaining({ action: 'update', class: 'safe', forcing: [] }));
    expect(c.attributes).toEqual([{ path: 'tags.owner', before: 'platform-team', after: 'dba-team' }]);
  });

  test('a renamed address with identical content is a MOVE with the moved block that keeps it', () => {
    // GIVEN the cluster under a new address, content unchanged
    const after = edited((r) => {
      const clusters = r['aws_rds_cluster']!;
      clusters['tickets_01'] = clusters['tickets_shard_01']!;
      delete clusters['tickets_shard_01'];
    });
    // WHEN
    const report = compare(after);
    // THEN one move, no removal and no addition, nothing at risk
    expect(report.changes).toHaveLength(1);
    const c = change(report, 'aws_rds_cluster.tickets_01');
    expect(c).toEqual(expect.objectContaining({ action: 'move', class: 'safe', movedFrom: 'aws_rds_cluster.tickets_shard_01', declaredMove: false, attributes: [] }));
    expect(c.movedBlock).toBe('moved {\n  from = aws_rds_cluster.tickets_shard_01\n  to   = aws_rds_cluster.tickets_01\n}');
    expect(report.counts).toEqual({ dataRisk: 0, disruptive: 0, safe: 1, moves: 1 });
    // AND the Markdown shows the block
    expect(renderDiffMarkdown(report)).toContain('  ```hcl\n  moved {\n    from = aws_rds_cluster.tickets_shard_01\n    to   = aws_rds_cluster.tickets_01\n  }\n  ```');
  });

  test('a renamed KMS key is a move, and the cluster that now refers to the new address does not change', () => {
    // GIVEN the key renamed and the cluster's reference following it
    const after = edited((r) => {
      const keys = r['aws_kms_key']!;
      keys['tickets'] = keys['tickets_db']!;
      delete keys['tickets_db'];
      r['aws_rds_cluster']!['tickets_shard_01']!['kms_key_id'] = '${aws_kms_key.tickets.arn}';
    });
    // WHEN
    const report = compare(after);
    // THEN only the move: the reference follows the moved key, so nothing is replaced
    expect(report.changes.map((c) => [c.address, c.action, c.class])).toEqual([['aws_kms_key.tickets', 'move', 'safe']]);
  });

  test('a reference left at the old address of a moved resource is pointed out; other cascades keep their reason', () => {
    // GIVEN the other key renamed (a move) while the cluster still names its old address, and the
    // tickets key replaced (spec changed)
    const after = edited((r) => {
      const keys = r['aws_kms_key']!;
      keys['other'] = keys['other_db']!;
      delete keys['other_db'];
      keys['tickets_db']!['customer_master_key_spec'] = 'SYMMETRIC_DEFAULT_V2';
      r['aws_rds_cluster']!['tickets_shard_01']!['master_user_secret_kms_key_id'] = '${aws_kms_key.other_db.arn}';
    });
    const before = edited((r) => {
      r['aws_rds_cluster']!['tickets_shard_01']!['master_user_secret_kms_key_id'] = '${aws_kms_key.other_db.arn}';
    });
    // WHEN
    const report = diffSynth(synth('b', { s: stack(before) }), synth('a', { s: stack(after) }));
    // THEN
    expect(change(report, 'aws_kms_key.other')).toEqual(expect.objectContaining({ action: 'move', movedFrom: 'aws_kms_key.other_db' }));
    expect(change(report, 'aws_rds_cluster.tickets_shard_01').attributes).toEqual([
      { path: 'kms_key_id', before: '${aws_kms_key.tickets_db.arn}', after: '${aws_kms_key.tickets_db.arn}', note: 'value changes: aws_kms_key.tickets_db is replaced' },
      {
        path: 'master_user_secret_kms_key_id',
        before: '${aws_kms_key.other_db.arn}',
        after: '${aws_kms_key.other_db.arn}',
        note: 'still refers to the old address of a moved resource: update the reference (Terraform rejects it)',
      },
    ]);
  });

  test('two identical candidates are not guessed as a move', () => {
    // GIVEN two identical keys renamed at once
    const after = edited((r) => {
      const keys = r['aws_kms_key']!;
      const body = { description: 'same', enable_key_rotation: true };
      keys['tickets_db'] = body;
      keys['other_db'] = body;
    });
    const before = edited((r) => {
      const keys = r['aws_kms_key']!;
      const body = { description: 'same', enable_key_rotation: true };
      delete keys['tickets_db'];
      delete keys['other_db'];
      keys['k1'] = body;
      keys['k2'] = body;
    });
    // WHEN
    const report = diffSynth(synth('b', { s: stack(before) }), synth('a', { s: stack(after) }));
    // THEN the removals stay DATA RISK, with the hint to declare the move
    const removed = report.changes.filter((c) => c.action === 'remove');
    expect(removed.map((c) => [c.address, c.class])).toEqual([
      ['aws_kms_key.k1', 'data-risk'],
      ['aws_kms_key.k2', 'data-risk'],
    ]);
    expect(removed[0]!.reasons.join(' ')).toMatch(/keep it with a `moved` block from `aws_kms_key.k1`/);
  });

  test('a move declared with a moved block is reported as declared, with its other changes', () => {
    // GIVEN a renamed cluster with a new tag and the moved block
    const after = edited((r) => {
      const clusters = r['aws_rds_cluster']!;
      clusters['tickets_01'] = { ...clusters['tickets_shard_01']!, tags: { owner: 'dba-team' } };
      delete clusters['tickets_shard_01'];
    });
    // WHEN
    const report = compare(after, { moved: [{ from: 'aws_rds_cluster.tickets_shard_01', to: 'aws_rds_cluster.tickets_01' }] });
    // THEN
    const c = change(report, 'aws_rds_cluster.tickets_01');
    expect(c).toEqual(expect.objectContaining({ action: 'move', class: 'safe', declaredMove: true, movedFrom: 'aws_rds_cluster.tickets_shard_01' }));
    expect(c.movedBlock).toBeUndefined();
    expect(c.attributes.map((a) => a.path)).toEqual(['tags.Name', 'tags.owner']);
  });

  test('a replaced KMS key cascades: the cluster encrypted with it is replaced too', () => {
    // GIVEN the key spec changed (forces a new key); the cluster's text is unchanged
    const after = edited((r) => {
      r['aws_kms_key']!['tickets_db']!['customer_master_key_spec'] = 'SYMMETRIC_DEFAULT_V2';
    });
    // WHEN
    const report = compare(after);
    // THEN both are DATA RISK
    expect(change(report, 'aws_kms_key.tickets_db')).toEqual(expect.objectContaining({ action: 'replace', class: 'data-risk', forcing: ['customer_master_key_spec'] }));
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c).toEqual(expect.objectContaining({ action: 'replace', class: 'data-risk', forcing: ['kms_key_id'] }));
    expect(c.attributes).toEqual([
      { path: 'kms_key_id', before: '${aws_kms_key.tickets_db.arn}', after: '${aws_kms_key.tickets_db.arn}', note: 'value changes: aws_kms_key.tickets_db is replaced' },
    ]);
  });

  test('a configured name that changes reaches the referring cluster (db_subnet_group_name forces it)', () => {
    // GIVEN the subnet group renamed in AWS (same address, new name)
    const after = edited((r) => {
      r['aws_db_subnet_group']!['tickets']!['name'] = 'test-tickets-db-v2';
    });
    // WHEN
    const report = compare(after);
    // THEN the subnet group is DISRUPTIVE and the cluster DATA RISK
    expect(change(report, 'aws_db_subnet_group.tickets')).toEqual(expect.objectContaining({ action: 'replace', class: 'disruptive', forcing: ['name'] }));
    expect(change(report, 'aws_rds_cluster.tickets_shard_01')).toEqual(expect.objectContaining({ action: 'replace', class: 'data-risk', forcing: ['db_subnet_group_name'] }));
  });

  test('a cluster parameter group whose family or prefix changes is replaced (DISRUPTIVE); its cluster only updates', () => {
    // GIVEN a cluster on a prefixed parameter group, then the group moved to a new family
    const withGroup = (family: string) =>
      edited((r) => {
        r['aws_rds_cluster_parameter_group'] = { tickets: { name_prefix: 'test-tickets-', family, parameter: [{ name: 'log_min_duration_statement', value: '1000' }] } };
        r['aws_rds_cluster']!['tickets_shard_01']!['db_cluster_parameter_group_name'] = '${aws_rds_cluster_parameter_group.tickets.name}';
      });
    // WHEN
    const report = diffSynth(synth('before', { 'test-us-east-1': stack(withGroup('aurora-postgresql16')) }), synth('after', { 'test-us-east-1': stack(withGroup('aurora-postgresql17')) }));
    // THEN the group is replaced and the cluster, which can switch groups in place, is no data risk
    expect(change(report, 'aws_rds_cluster_parameter_group.tickets')).toEqual(expect.objectContaining({ action: 'replace', class: 'disruptive', forcing: ['family'] }));
    expect(change(report, 'aws_rds_cluster.tickets_shard_01')).toEqual(expect.objectContaining({ action: 'update', class: 'safe', forcing: [] }));
  });

  test('lifecycle.ignore_changes covering the argument keeps it an in-place (ignored) update', () => {
    // GIVEN kms_key_id changed but ignored
    const after = edited((r) => {
      const c = r['aws_rds_cluster']!['tickets_shard_01']!;
      c['kms_key_id'] = '${aws_kms_key.other_db.arn}';
      c['lifecycle'] = { prevent_destroy: true, ignore_changes: ['kms_key_id'] };
    });
    // WHEN
    const report = compare(after);
    // THEN
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c).toEqual(expect.objectContaining({ action: 'update', class: 'safe', forcing: [] }));
    expect(c.attributes.map((a) => a.path)).toEqual(['kms_key_id', 'lifecycle.ignore_changes']);
  });

  test('nested paths: lifecycle.ignore_changes[0] and a policy document diffed as JSON', () => {
    // GIVEN an ignore list element changed and the key policy's action narrowed
    const base = edited((r) => {
      r['aws_rds_cluster']!['tickets_shard_01']!['lifecycle'] = { prevent_destroy: true, ignore_changes: ['tags'] };
    });
    const after = JSON.parse(JSON.stringify(base)) as Resources;
    after['aws_rds_cluster']!['tickets_shard_01']!['lifecycle'] = { prevent_destroy: true, ignore_changes: ['tags_all'] };
    after['aws_kms_key']!['tickets_db']!['policy'] = POLICY.replace('"kms:*"', '["kms:Decrypt","kms:Encrypt"]');
    // WHEN
    const report = diffSynth(synth('b', { s: stack(base) }), synth('a', { s: stack(after) }));
    // THEN
    expect(change(report, 'aws_rds_cluster.tickets_shard_01').attributes).toEqual([{ path: 'lifecycle.ignore_changes[0]', before: 'tags', after: 'tags_all' }]);
    expect(change(report, 'aws_kms_key.tickets_db')).toEqual(
      expect.objectContaining({
        class: 'safe',
        action: 'update',
        attributes: [{ path: 'policy{json}.Statement[0].Action', before: 'kms:*', after: ['kms:Decrypt', 'kms:Encrypt'] }],
      }),
    );
  });

  test('a removed block with destroy = false is SAFE; weakening a deletion guard is flagged', () => {
    // GIVEN the other key forgotten and the cluster's prevent_destroy dropped
    const after = edited((r) => {
      delete r['aws_kms_key']!['other_db'];
      r['aws_rds_cluster']!['tickets_shard_01']!['lifecycle'] = {};
    });
    // WHEN
    const report = compare(after, { removed: [{ from: 'aws_kms_key.other_db', lifecycle: { destroy: false } }] });
    // THEN
    expect(change(report, 'aws_kms_key.other_db')).toEqual(expect.objectContaining({ action: 'remove', class: 'safe' }));
    const c = change(report, 'aws_rds_cluster.tickets_shard_01');
    expect(c.class).toBe('safe');
    expect(c.reasons).toContain('⚠ deletion guard weakened: `lifecycle.prevent_destroy` removed');
  });

  test('a stack removed: its stateful resources are DATA RISK, the rest by type', () => {
    // WHEN the stack disappears from the after side
    const report = diffSynth(synth('b', { 'test-us-east-1': stack(baseResources()) }), synth('a', {}));
    // THEN
    expect(report.stacks).toEqual([expect.objectContaining({ stack: 'test-us-east-1', status: 'removed', removed: 9 })]);
    const classes = Object.fromEntries(report.changes.map((c) => [c.address, c.class]));
    expect(classes).toEqual({
      'aws_db_subnet_group.tickets': 'disruptive',
      'aws_kms_key.other_db': 'data-risk',
      'aws_kms_key.tickets_db': 'data-risk',
      'aws_lb.alb': 'disruptive',
      'aws_rds_cluster.tickets_shard_01': 'data-risk',
      'aws_subnet.public_a': 'disruptive',
      'aws_subnet.public_b': 'disruptive',
      'aws_subnet.public_c': 'disruptive',
      'aws_vpc.main': 'disruptive',
    });
    expect(change(report, 'aws_vpc.main').reasons.join(' ')).toMatch(/whole stack is gone/);
  });

  test('stack settings: a backend change is DISRUPTIVE, default_tags SAFE; outputs are listed apart', () => {
    // GIVEN another state key, another scenario tag and a new output
    const before = stack(baseResources(), { output: { vpc_id: { value: '${aws_vpc.main.id}' } } });
    const after = stack(baseResources(), {
      terraform: { backend: { s3: { bucket: 'state', key: 'moved.tfstate', region: 'us-east-1' } } },
      provider: { aws: [{ region: 'us-east-1', default_tags: [{ tags: { scenario: 'aggressive' } }] }] },
      output: { vpc_id: { value: '${aws_vpc.main.id}', description: 'VPC' } },
    });
    // WHEN
    const report = diffSynth(synth('b', { s: before }), synth('a', { s: after }));
    // THEN
    expect(report.settings.map((s) => [s.block, s.class])).toEqual([
      ['terraform', 'disruptive'],
      ['provider.aws', 'safe'],
    ]);
    expect(report.settings[0]!.attributes).toEqual([{ path: 'terraform.backend.s3.key', before: 'test.tfstate', after: 'moved.tfstate' }]);
    expect(report.outputs).toEqual([{ stack: 's', name: 'vpc_id', action: 'update', attributes: [{ path: 'description', after: 'VPC' }] }]);
    expect(report.counts).toEqual({ dataRisk: 0, disruptive: 1, safe: 1, moves: 0 });
  });
});

describe('values and rendering', () => {
  test('diffValues ignores the "//" metadata and quotes keys with dots', () => {
    // WHEN / THEN
    expect(diffValues({ '//': { a: 1 }, x: 1 }, { '//': { a: 2 }, x: 1 })).toEqual([]);
    expect(diffValues({ tags: { 'kubernetes.io/role': 'a' } }, { tags: { 'kubernetes.io/role': 'b' } })).toEqual([
      { path: 'tags["kubernetes.io/role"]', before: 'a', after: 'b' },
    ]);
  });

  test('long values are shortened with their length', () => {
    // GIVEN a 300-character string
    const text = 'x'.repeat(300);
    // WHEN
    const short = shortValue(text, 80);
    // THEN
    expect(short.length).toBeLessThan(90);
    expect(short).toMatch(/…x+" \(302 chars\)$/);
    expect(movedBlock('a.b', 'a.c')).toBe('moved {\n  from = a.b\n  to   = a.c\n}');
  });

  test('Markdown: verdict and counts first, then data risk, disruptive, safe; long lists fold', () => {
    // GIVEN a data risk, a disruptive change and 12 safe additions
    const after = edited((r) => {
      r['aws_rds_cluster']!['tickets_shard_01']!['kms_key_id'] = '${aws_kms_key.other_db.arn}';
      (r['aws_lb']!['alb']!['subnets'] as string[]).push('${aws_subnet.public_c.id}');
      r['aws_cloudwatch_metric_alarm'] = {};
      for (let i = 0; i < 12; i += 1) r['aws_cloudwatch_metric_alarm']![`alarm_${i}`] = { alarm_name: `a${i}`, threshold: 80 };
    });
    // WHEN
    const text = renderDiffMarkdown(compare(after));
    // THEN
    const order = ['## Infrastructure diff', '**⛔ DATA RISK: 1 change would destroy', '| Stack', '### ⛔ Data risk (1)', '### ⚠️ Disruptive (1)', '### ✅ Safe (12)'].map((s) =>
      text.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('`before` → `after`: 1 data risk · 1 disruptive · 12 safe');
    expect(text).toContain('| **`kms_key_id`** (forces replacement) | `"${aws_kms_key.tickets_db.arn}"` | `"${aws_kms_key.other_db.arn}"` |');
    expect(text).toContain('<details><summary>12 changes</summary>');
  });

  test('Markdown stays under the size limit by dropping SAFE details first', () => {
    // GIVEN 400 safe additions
    const after = edited((r) => {
      r['aws_cloudwatch_metric_alarm'] = {};
      for (let i = 0; i < 400; i += 1) r['aws_cloudwatch_metric_alarm']![`alarm_with_a_long_name_${i}`] = { alarm_name: `a${i}` };
      r['aws_rds_cluster']!['tickets_shard_01']!['engine'] = 'aurora-mysql';
    });
    const report = compare(after);
    // WHEN
    const full = renderDiffMarkdown(report, { maxChars: 1_000_000 });
    const limited = renderDiffMarkdown(report, { maxChars: 4_000 });
    // THEN the data risk is still there, the additions are only counted
    expect(full.length).toBeGreaterThan(4_000);
    expect(limited.length).toBeLessThanOrEqual(4_000);
    expect(limited).toContain('### ⛔ Data risk (1)');
    expect(limited).toContain('- `test-us-east-1`: 400 added');
  });
});

describe('classification tables', () => {
  test('every table row names its source, and no type is both stateful and disruptive', () => {
    // THEN
    for (const type of [...Object.keys(REPLACEMENT_FORCING), ...Object.keys(DISRUPTIVE_REPLACEMENT)]) {
      expect({ type, source: FORCING_SOURCES[type] }).toEqual({ type, source: expect.stringContaining('terraform-provider-aws') });
    }
    expect(Object.keys(REPLACEMENT_FORCING).filter((t) => t in DISRUPTIVE_REPLACEMENT)).toEqual([]);
  });

  test('decisions: cluster instances are not stateful; global_cluster_identifier does not force a cluster replacement', () => {
    // THEN
    expect(REPLACEMENT_FORCING['aws_rds_cluster_instance']).toBeUndefined();
    expect(DISRUPTIVE_REPLACEMENT['aws_rds_cluster_instance']).toContain('cluster_identifier');
    expect(REPLACEMENT_FORCING['aws_rds_cluster']).not.toContain('global_cluster_identifier');
    expect(REPLACEMENT_FORCING['aws_rds_cluster']).toEqual(expect.arrayContaining(['kms_key_id', 'storage_encrypted', 'engine', 'db_subnet_group_name']));
  });
});

describe('real stacks: prod at the conservative and at the aggressive scenario', () => {
  let scratch: string;
  let report: DiffReport;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-diff-real-'));
    // prod planned 120 months ahead with shards provisioned for the whole of it: aggressive adds a tickets shard (month 97,
    // when the shared cluster would outgrow one shard), which takes half of tickets' slots from the shared cluster
    const longer = withEnvironment(loadProject({ root: resolve(__dirname, '..', '..') }), 'prod', (e) => ({ ...e, horizonMonths: 120 }));
    const project = withBlueprint(longer, 'itsm-standard', (bp) => ({ ...bp, capacity: { ...bp.capacity, shardLeadTimeMonths: 120 } }));
    const a = synthesize(project, { outDir: join(scratch, 'conservative'), environments: ['prod'], scenario: 'conservative' });
    const b = synthesize(project, { outDir: join(scratch, 'aggressive'), environments: ['prod'], scenario: 'aggressive' });
    report = diffSynth(readSynthOutput(a.outDir, { label: 'conservative' }), readSynthOutput(b.outDir, { label: 'aggressive' }));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  test('growth destroys nothing; its only DATA RISK is the routing of slots moved to the new shards', () => {
    // THEN nothing is replaced or removed
    expect(report.changes.filter((c) => c.action === 'remove' || c.action === 'replace')).toEqual([]);
    // AND the data risks are exactly the slot maps whose existing slots move (one per region of the grown group)
    const risks = report.changes.filter((c) => c.class === 'data-risk');
    expect(risks.length).toBeGreaterThan(0);
    expect(risks.map((c) => [c.type, c.action, c.address.endsWith('_slot_map')])).toEqual(risks.map(() => ['aws_ssm_parameter', 'update', true]));
    for (const risk of risks) expect(risk.reasons[0]).toMatch(/^routing: \d+ existing slots of database group "\w+" move to another shard/);
    expect(diffReportJson(report).exitCode).toBe(2);
  });

  test('growth adds shards and resizes fleets in place', () => {
    // THEN the aggressive scenario needs more ticket shards, each a SAFE addition
    const addedClusters = report.changes.filter((c) => c.type === 'aws_rds_cluster' && c.action === 'add');
    expect(addedClusters.length).toBeGreaterThan(0);
    expect(addedClusters.every((c) => c.class === 'safe')).toBe(true);
    const fleets = report.changes.filter((c) => c.type === 'aws_autoscaling_group');
    expect(fleets.length).toBeGreaterThan(0);
    expect(fleets.every((c) => c.action === 'update' && c.class === 'safe')).toBe(true);
    // AND the existing shards keep their clusters untouched
    expect(report.changes.filter((c) => c.type === 'aws_rds_cluster' && c.action !== 'add')).toEqual([]);
  });
});
