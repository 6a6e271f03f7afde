/**
 * `itsm-scale diff` on inputs that must not fool it: replacement that propagates through
 * references, slot-map moves under live data, regions outside DNS failover, and malformed or
 * hostile synth outputs (which must be clean errors naming the file).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../cli/main';
import { diffSynth, readSynthOutput, renderDiffMarkdown, DiffReport, JsonObject, MAX_JSON_DEPTH, StackJson, SynthOutput } from '../../review/diff';

jest.setTimeout(90_000);

type Resources = Record<string, Record<string, JsonObject>>;

function synth(label: string, stacks: Record<string, StackJson>): SynthOutput {
  return { label, stacks: new Map(Object.entries(stacks)) };
}

function change(report: DiffReport, address: string) {
  const found = report.changes.find((c) => c.address === address);
  if (!found) throw new Error(`no change for ${address}; changes: ${report.changes.map((c) => c.address).join(', ')}`);
  return found;
}

describe('replacement follows references', () => {
  const network = (cidr: string): Resources => ({
    aws_vpc: { main: { cidr_block: cidr } },
    aws_subnet: { private_a: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.0.0/20', availability_zone: 'us-east-1a' } },
    aws_security_group: { fleet: { name: 'prod-fleet', description: 'fleet', vpc_id: '${aws_vpc.main.id}' } },
    aws_vpc_security_group_ingress_rule: { fleet_https: { security_group_id: '${aws_security_group.fleet.id}', from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '10.0.0.0/16' } },
    aws_lb_target_group: { incident: { name: 'prod-incident', port: 8080, protocol: 'HTTP', vpc_id: '${aws_vpc.main.id}' } },
    aws_cloudwatch_metric_alarm: { fleet: { alarm_name: 'x', dimensions: { SecurityGroup: '${aws_security_group.fleet.id}' } } },
  });

  test('a replaced VPC replaces its subnets, security groups, their rules and target groups, each classified by its own kind', () => {
    // GIVEN the VPC CIDR changed (cidr_block forces a new VPC)
    const report = diffSynth(synth('b', { s: { resource: network('10.0.0.0/16') } }), synth('a', { s: { resource: network('10.1.0.0/16') } }));
    // THEN every resource whose replace-forcing argument refers to the VPC (directly or through the group) is replaced
    for (const address of ['aws_vpc.main', 'aws_subnet.private_a', 'aws_security_group.fleet', 'aws_vpc_security_group_ingress_rule.fleet_https', 'aws_lb_target_group.incident']) {
      expect({ address, action: change(report, address).action, class: change(report, address).class }).toEqual({ address, action: 'replace', class: 'disruptive' });
    }
    expect(change(report, 'aws_security_group.fleet').reasons.join(' ')).toMatch(/`vpc_id`: value changes: aws_vpc\.main is replaced/);
    expect(change(report, 'aws_vpc_security_group_ingress_rule.fleet_https').reasons.join(' ')).toMatch(/aws_security_group\.fleet is replaced/);
    // AND an alarm that only names the group in a dimension is updated in place
    expect(change(report, 'aws_cloudwatch_metric_alarm.fleet')).toEqual(expect.objectContaining({ action: 'update', class: 'safe' }));
  });
});

describe('slot-map changes', () => {
  const slotMap = (ranges: Array<[number, number, number]>, slots = 4096): Resources => ({
    aws_ssm_parameter: {
      tickets_slot_map: {
        name: '/itsm-scale/prod-us-east-1/tickets/slot-map',
        type: 'String',
        value: JSON.stringify({ group: 'tickets', slots, shards: ranges.map(([shard, firstSlot, lastSlot]) => ({ shard, firstSlot, lastSlot, writerEndpoint: `\${aws_rds_cluster.tickets_shard_0${shard}.endpoint}` })) }),
      },
    },
  });
  const diff = (before: Resources, after: Resources): DiffReport => diffSynth(synth('b', { s: { resource: before } }), synth('a', { s: { resource: after } }));

  test('existing slots re-pointed at another shard are DATA RISK (routing) with the migration step', () => {
    // GIVEN shard 01 held 0-818 and shard 02 the rest; then shard 01 ends at 340 and a new shard 03 takes 341-818
    const report = diff(slotMap([[1, 0, 818], [2, 819, 4095]]), slotMap([[1, 0, 340], [3, 341, 818], [2, 819, 4095]]));
    // THEN
    const c = change(report, 'aws_ssm_parameter.tickets_slot_map');
    expect(c).toEqual(expect.objectContaining({ action: 'update', class: 'data-risk' }));
    expect(c.reasons[0]).toBe(
      'routing: 478 existing slots of database group "tickets" move to another shard (slots 341–818 from shard 01 to shard 03); the application then looks for their rows where they are not',
    );
    expect(c.reasons[1]).toMatch(/^migration: before applying, copy the rows of the moved slots to their new shard/);
    expect(report.counts.dataRisk).toBe(1);
  });

  test('a changed slot count is DATA RISK: every row hashes elsewhere', () => {
    const c = change(diff(slotMap([[1, 0, 4095]]), slotMap([[1, 0, 1023]], 1024)), 'aws_ssm_parameter.tickets_slot_map');
    expect(c.class).toBe('data-risk');
    expect(c.reasons[0]).toMatch(/slot count of database group "tickets" changes from 4096 to 1024/);
  });

  test('only new endpoints (same ranges) stay SAFE', () => {
    const before = slotMap([[1, 0, 4095]]);
    const after = JSON.parse(JSON.stringify(before).replace('tickets_shard_01.endpoint', 'tickets_shard_01.reader_endpoint')) as Resources;
    expect(change(diff(before, after), 'aws_ssm_parameter.tickets_slot_map').class).toBe('safe');
  });
});

describe('regions outside DNS failover', () => {
  const regional = (region: string): StackJson => ({
    resource: {
      aws_lb: { alb: { name: `prod-${region}`, load_balancer_type: 'application' } },
      aws_route53_record: { endpoint: { name: `${region}.itsm.example.com`, type: 'A', alias: { name: '${aws_lb.alb.dns_name}', zone_id: '${aws_lb.alb.zone_id}' } } },
    },
  });
  const global = (regions: string[]): StackJson => ({
    resource: {
      aws_route53_record: Object.fromEntries(regions.map((r, i) => [`dns_${r.replace(/-/g, '_')}`, { name: 'itsm.example.com', type: 'A', set_identifier: r, failover_routing_policy: { type: i === 0 ? 'PRIMARY' : 'SECONDARY' }, alias: { name: `${r}.itsm.example.com`, zone_id: 'Z1' } }])),
    },
  });

  test('a third region that serves traffic but that the failover records never cover is reported', () => {
    // GIVEN prod in two regions, then a third regional stack whose region the global records leave out
    const before = synth('b', { 'prod-us-east-1': regional('us-east-1'), 'prod-us-west-2': regional('us-west-2'), 'prod-global': global(['us-east-1', 'us-west-2']) });
    const after = synth('a', { ...Object.fromEntries(before.stacks), 'prod-eu-west-1': regional('eu-west-1') });
    // WHEN
    const report = diffSynth(before, after);
    // THEN
    expect(report.uncovered).toEqual([
      expect.objectContaining({ stack: 'prod-eu-west-1', endpoint: 'eu-west-1.itsm.example.com', newStack: true, reason: expect.stringMatching(/outside DNS failover/) }),
    ]);
    expect(renderDiffMarkdown(report)).toContain('Outside DNS failover (1)');
    // AND covering it clears the report
    const covered = synth('c', { ...Object.fromEntries(after.stacks), 'prod-global': global(['us-east-1', 'us-west-2', 'eu-west-1']) });
    expect(diffSynth(before, covered).uncovered).toEqual([]);
  });
});

describe('malformed synth outputs are clean errors naming the file', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-diff-safety-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A synth output whose single stack file holds `text`; `manifest` overrides the manifest entry. */
  function output(name: string, text: string, manifest?: object): string {
    const dir = join(scratch, name);
    mkdirSync(join(dir, 'stacks', 's'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest ?? { stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }));
    writeFileSync(join(dir, 'stacks', 's', 'cdk.tf.json'), text);
    return dir;
  }

  async function diffCli(before: string, after: string): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await main(['diff', before, after], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: scratch });
    return { code, stdout, stderr };
  }

  const good = JSON.stringify({ resource: { aws_rds_cluster: { shard_01: { engine: 'aurora-postgresql' } } } });
  const deep = `{"resource":{"aws_s3_bucket":{"b":{"tags":${'['.repeat(20_000)}${']'.repeat(20_000)}}}}}`;
  const cases: Array<[string, string, RegExp]> = [
    ['a null resource body', JSON.stringify({ resource: { aws_rds_cluster: { shard_01: null } } }), /stacks\/s\/cdk\.tf\.json: resource\.aws_rds_cluster\.shard_01 is null \(a resource body must be a JSON object of arguments\)/],
    ['a string resource body', JSON.stringify({ resource: { aws_rds_cluster: { shard_01: 'x' } } }), /resource\.aws_rds_cluster\.shard_01 is string "x"/],
    ['a list of resources', JSON.stringify({ resource: { aws_rds_cluster: [1] } }), /resource\.aws_rds_cluster is a list \(expected an object of aws_rds_cluster by name\)/],
    ['a null output', JSON.stringify({ output: { x: null } }), /output\.x is null/],
    ['a 20,000-deep value', deep, new RegExp(`nests values \\d+ levels deep \\(at most ${MAX_JSON_DEPTH}`)],
    ['a JSON array', '[]', /is a list \(expected a Terraform JSON object\)/],
    ['invalid JSON', '{', /is not valid JSON/],
  ];

  test.each(cases)('%s', async (_what, text, message) => {
    // GIVEN a good base and a malformed change
    const before = output(`good-${_what.replace(/\W/g, '')}`, good);
    const after = output(`bad-${_what.replace(/\W/g, '')}`, text);
    // WHEN
    const result = await diffCli(before, after);
    // THEN exit 1, one line naming the file, no stack trace
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`${after}/stacks/s/cdk.tf.json`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a manifest path that leaves the directory is refused, not read', () => {
    const dir = output('escape', good, { stacks: { s: { synthesizedStackPath: '../../../../../../etc/hostname' } } });
    expect(() => readSynthOutput(dir)).toThrow(/stacks\.s\.synthesizedStackPath "\.\.\/\.\.\/.*etc\/hostname" leaves .*escape \(stack files must lie inside the synth output directory\)/);
    const absolute = output('absolute', good, { stacks: { s: { synthesizedStackPath: '/etc/hostname' } } });
    expect(() => readSynthOutput(absolute)).toThrow(/leaves/);
  });

  test('a stack file that is a symbolic link out of the directory is refused', () => {
    const dir = output('link', good, { stacks: { s: { synthesizedStackPath: 'stacks/s/outside.json' } } });
    writeFileSync(join(scratch, 'outside.json'), good);
    symlinkSync(join(scratch, 'outside.json'), join(dir, 'stacks', 's', 'outside.json'));
    expect(() => readSynthOutput(dir)).toThrow(/stacks\/s\/outside\.json is a link that leads out of/);
  });

  test('a manifest entry that is not an object, or a path that is not a string, is refused', () => {
    expect(() => readSynthOutput(output('entry', good, { stacks: { s: null } }))).toThrow(/manifest\.json: stacks\.s is null/);
    expect(() => readSynthOutput(output('path', good, { stacks: { s: { synthesizedStackPath: 7 } } }))).toThrow(/synthesizedStackPath is number 7/);
  });
});

describe('diff --base never leaves its worktree behind', () => {
  const REPO = join(__dirname, '..', '..');
  let scratch: string;
  let repo: string;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
  const worktrees = (): string[] => git('worktree', 'list', '--porcelain').split('\n').filter((line) => line.startsWith('worktree ')).map((line) => line.slice(9));

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-diff-base-'));
    repo = join(scratch, 'repo');
    mkdirSync(join(repo, 'environments'), { recursive: true });
    cpSync(join(REPO, 'blueprints'), join(repo, 'blueprints'), { recursive: true });
    cpSync(join(REPO, 'environments', 'dev.yaml'), join(repo, 'environments', 'dev.yaml'));
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /**
   * Starts `diff --base HEAD` in a child process and resolves once its temporary worktree is registered (or also
   * checked out: killed outright while `git worktree add` still runs, git, which outlives it, undoes the worktree).
   */
  async function startDiff(until: 'registered' | 'checked-out'): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'itsm-scale.js'), '--root', repo, 'diff', '--base', 'HEAD'], { stdio: 'ignore' });
    const checkedOut = () => worktrees().some((path) => path !== repo && existsSync(join(path, 'environments', 'dev.yaml')));
    while (until === 'registered' ? worktrees().length < 2 : !checkedOut()) {
      if (child.exitCode !== null) throw new Error(`diff exited (${child.exitCode}) before its worktree appeared`);
      await new Promise((done) => setTimeout(done, 20));
    }
    return child;
  }
  const exited = (child: ChildProcess): Promise<void> => new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

  test('SIGTERM while the worktree exists: removed before the process dies', async () => {
    const child = await startDiff('registered');
    child.kill('SIGTERM');
    await exited(child);
    // Whether it dies of the signal at once or first finishes a synchronous synthesis (Node handles a signal only
    // between synchronous steps) depends on the moment; either way the worktree is gone.
    expect(worktrees()).toHaveLength(1);
  });

  test('SIGKILL (nothing can run): the next diff --base removes the abandoned worktree and its directory', async () => {
    // GIVEN a diff killed outright while its worktree exists
    const child = await startDiff('checked-out');
    const abandoned = worktrees().find((path) => path.endsWith('/base'))!;
    child.kill('SIGKILL');
    await exited(child);
    expect(worktrees()).toHaveLength(2);
    // WHEN the next diff --base runs
    let stderr = '';
    const code = await main(['--root', repo, 'diff', '--base', 'HEAD'], { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO });
    // THEN it succeeds and only the main worktree is left, the scratch directory included
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(worktrees()).toHaveLength(1);
    expect(existsSync(dirname(abandoned))).toBe(false);
  });
});
