/**
 * `itsm-scale diff` on the command line: exit codes (0 / 2 / 1), formats, `--base` with a
 * temporary git worktree (in a scratch repository, never this one), and the CI workflow file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../cli/main';
import { JsonObject } from '../../review/diff';
import { BUILD_TIMEOUT_MS, compiled } from '../compiled';

jest.setTimeout(60_000);

const REPO = resolve(__dirname, '..', '..');
const LAUNCHER = join(REPO, 'bin', 'itsm-scale.js');
const STACK_LINE = /^\s+at /m;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd });
  return { code, stdout, stderr };
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-diff-cli-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes a synth output (manifest.json + stacks/<name>/cdk.tf.json) with one stack holding `resources`. */
function writeSynth(name: string, resources: Record<string, Record<string, JsonObject>>): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'stacks', 'dev-us-east-1'), { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ version: '0.21.0', stacks: { 'dev-us-east-1': { name: 'dev-us-east-1', synthesizedStackPath: 'stacks/dev-us-east-1/cdk.tf.json' } } }),
  );
  writeFileSync(join(dir, 'stacks', 'dev-us-east-1', 'cdk.tf.json'), JSON.stringify({ resource: resources }));
  return dir;
}

const CLUSTER = { cluster_identifier: 'dev-tickets-shard-01', engine: 'aurora-postgresql', kms_key_id: '${aws_kms_key.db.arn}' };

describe('itsm-scale diff BEFORE AFTER', () => {
  beforeAll(() => {
    writeSynth('base', { aws_rds_cluster: { tickets_shard_01: CLUSTER } });
  });

  test('exit 0 without data risk; the Markdown report names both sides', async () => {
    // GIVEN a second shard added
    const after = writeSynth('safe', { aws_rds_cluster: { tickets_shard_01: CLUSTER, tickets_shard_02: { ...CLUSTER, cluster_identifier: 'dev-tickets-shard-02' } } });
    // WHEN compared from the scratch directory with relative paths
    const { code, stdout, stderr } = await run(['diff', 'base', 'safe'], scratch);
    // THEN
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('**✅ No data risk, nothing disruptive.**');
    expect(stdout).toContain('`base` → `safe`: 0 data risk · 0 disruptive · 1 safe');
    expect(stdout).toContain('- + `aws_rds_cluster.tickets_shard_02`');
    expect(existsSync(after)).toBe(true);
  });

  test('exit 2 with data risk, and --format json prints one parseable document', async () => {
    // GIVEN the cluster re-keyed (forces replacement)
    writeSynth('risky', { aws_rds_cluster: { tickets_shard_01: { ...CLUSTER, kms_key_id: '${aws_kms_key.other.arn}' } } });
    // WHEN
    const md = await run(['diff', 'base', 'risky'], scratch);
    const json = await run(['diff', 'base', 'risky', '--format', 'json'], scratch);
    // THEN
    expect(md.code).toBe(2);
    expect(md.stderr).toBe('');
    expect(md.stdout).toContain('### ⛔ Data risk (1)');
    expect(json.code).toBe(2);
    const parsed = JSON.parse(json.stdout) as { schemaVersion: number; verdict: string; exitCode: number; changes: Array<{ address: string; class: string; forcing: string[] }> };
    expect(parsed).toEqual(expect.objectContaining({ schemaVersion: 1, verdict: 'data-risk', exitCode: 2 }));
    expect(parsed.changes).toEqual([expect.objectContaining({ address: 'aws_rds_cluster.tickets_shard_01', class: 'data-risk', forcing: ['kms_key_id'] })]);
  });

  test.each([
    [['diff', 'base', 'missing'], 'error: missing does not exist (expected a synth output directory: run itsm-scale synth --out missing)\n'],
    [['diff', 'base', 'stacks-only'], 'error: stacks-only is not a synth output: it has no manifest.json (run itsm-scale synth --out stacks-only, or give the directory that holds manifest.json)\n'],
    [['diff', 'base'], 'error: diff needs two synth output directories (itsm-scale diff BEFORE AFTER) or a git ref (itsm-scale diff --base REF)\n'],
    [['diff', 'base', 'base', '--base', 'HEAD'], 'error: give either two synth output directories (BEFORE AFTER) or --base REF, not both\n'],
    [['diff', 'base', 'base', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are md, json.\n"],
  ])('%j exits 1 with a clear message', async (argv, message) => {
    // GIVEN a directory without manifest.json
    mkdirSync(join(scratch, 'stacks-only', 'stacks'), { recursive: true });
    // WHEN
    const result = await run(argv, scratch);
    // THEN
    expect(result).toEqual({ code: 1, stdout: '', stderr: message });
  });

  test('a broken stack file is named in the message, without a stack trace', async () => {
    // GIVEN a synth output whose stack file is not JSON
    const dir = writeSynth('broken', {});
    writeFileSync(join(dir, 'stacks', 'dev-us-east-1', 'cdk.tf.json'), '{ not json');
    // WHEN
    const { code, stderr } = await run(['diff', 'base', 'broken'], scratch);
    // THEN
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: broken\/stacks\/dev-us-east-1\/cdk\.tf\.json is not valid JSON: /);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  test('the real launcher exits with 2 on data risk and 1 on a bad directory', () => {
    // WHEN run as its own process
    const risky = spawnSync(process.execPath, [LAUNCHER, 'diff', 'base', 'risky'], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    const bad = spawnSync(process.execPath, [LAUNCHER, 'diff', 'base', 'nowhere'], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    // THEN
    expect(risky.status).toBe(2);
    expect(risky.stdout).toContain('DATA RISK');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('error: nowhere does not exist (expected a synth output directory: run itsm-scale synth --out nowhere)\n');
  });
});

describe('itsm-scale diff --base REF', () => {
  let repo: string;

  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });

  beforeAll(() => {
    // GIVEN a scratch git repository holding the blueprints and the dev environment, committed
    repo = join(scratch, 'repo');
    mkdirSync(join(repo, 'environments'), { recursive: true });
    cpSync(join(REPO, 'blueprints'), join(repo, 'blueprints'), { recursive: true });
    cpSync(join(REPO, 'environments', 'dev.yaml'), join(repo, 'environments', 'dev.yaml'));
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
  });

  test('compares the ref with the working tree and removes the temporary worktree', async () => {
    // GIVEN dev moved to the aggressive scenario in the working tree
    const file = join(repo, 'environments', 'dev.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('scenario: conservative', 'scenario: aggressive'));
    // WHEN
    const { code, stdout, stderr } = await run(['--root', repo, 'diff', '--base', 'HEAD', '--format', 'json'], REPO);
    // THEN the scenario tag changes everywhere, nothing is at risk
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(stdout) as { before: string; after: string; counts: { dataRisk: number }; settings: Array<{ block: string; class: string }> };
    expect(parsed).toEqual(expect.objectContaining({ before: 'HEAD', after: 'working tree', counts: expect.objectContaining({ dataRisk: 0 }) }));
    expect(parsed.settings).toEqual(expect.arrayContaining([expect.objectContaining({ block: 'provider.aws', class: 'safe' })]));
    // AND only the main worktree is left
    expect(git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  test('an unknown ref exits 1 with git’s reason and leaves no worktree behind', async () => {
    // WHEN
    const { code, stdout, stderr } = await run(['--root', repo, 'diff', '--base', 'no-such-ref'], REPO);
    // THEN
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/^error: cannot check out --base no-such-ref into a temporary worktree: fatal: invalid reference: no-such-ref\n$/);
    expect(git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  test('a project outside any git repository is refused', async () => {
    // GIVEN a project copy that is not in a repository
    const loose = join(scratch, 'loose');
    cpSync(join(repo, 'blueprints'), join(loose, 'blueprints'), { recursive: true });
    // WHEN
    const { code, stderr } = await run(['--root', loose, 'diff', '--base', 'HEAD'], REPO);
    // THEN
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: --base needs a git repository, and the project root .*loose is not inside one/);
  });
});

describe('.github/workflows/itsm-plan.yml', () => {
  interface Step {
    readonly name?: string;
    readonly id?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, unknown>;
    readonly 'continue-on-error'?: boolean;
  }
  const text = readFileSync(join(REPO, '.github', 'workflows', 'itsm-plan.yml'), 'utf8');
  const workflow = parse(text) as {
    on: { pull_request: { types: string[] } };
    permissions: Record<string, string>;
    jobs: { plan: { steps: Step[] } };
  };
  const steps = workflow.jobs.plan.steps;
  const runs = steps.map((s) => s.run ?? '').join('\n');

  test('parses, runs on pull requests (also when labels change) with least privilege', () => {
    // THEN
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('pins actions by major version and sets up Node 20 with the npm cache on a full clone', () => {
    // THEN
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
    expect(steps.find((s) => s.uses === 'actions/checkout@v4')?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.find((s) => s.uses === 'actions/setup-node@v4')?.with).toEqual({ 'node-version': 20, cache: 'npm' });
  });

  test('validates, synthesizes base and head, checks, diffs, and fails on policy errors and unlabelled data risk', () => {
    // THEN the commands, in order
    const order = ['npm ci', 'npx itsm-scale validate', 'npx itsm-scale synth --out cdktf.out', 'git worktree add --detach', 'npx itsm-scale check cdktf.out', '--format md > diff.md'].map((s) =>
      runs.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps.find((s) => s.id === 'check')?.['continue-on-error']).toBe(true);
    expect(steps.find((s) => (s.run ?? '').includes('itsm-scale check'))?.id).toBe('check');
    expect(steps.some((s) => (s.if ?? '').includes("steps.check.outcome == 'failure'") && /exit 1/.test(s.run ?? ''))).toBe(true);
    // AND a head that does not synthesize (synth stops on policy errors) still gets its comment, then fails
    expect(steps.find((s) => s.id === 'synth')?.['continue-on-error']).toBe(true);
    expect(steps.find((s) => s.uses === 'actions/github-script@v7')?.if).toBe('always()');
    expect(steps.some((s) => (s.if ?? '').includes("steps.synth.outcome == 'failure'") && /exit 1/.test(s.run ?? ''))).toBe(true);
    const dataRisk = steps.find((s) => (s.if ?? '').includes("steps.diff.outputs.exit == '2'"));
    expect(dataRisk?.if).toContain("!contains(github.event.pull_request.labels.*.name, 'allow-data-risk')");
    expect(dataRisk?.run).toMatch(/exit 1/);
    expect(steps.some((s) => s.uses === 'actions/github-script@v7')).toBe(true);
  });

  test('no untrusted pull-request text is expanded into a shell script', () => {
    // THEN head_ref, titles and bodies never reach run: (script injection)
    expect(runs).not.toMatch(/\$\{\{\s*github\.(head_ref|event\.pull_request\.(title|body|head\.ref))/);
  });
});

describe('itsm-scale diff --base REF with the ref’s own code', () => {
  test('a code change between the ref and the working tree shows, and the shared node_modules survives', () => {
    // GIVEN a scratch repository holding the whole project (tracked files), node_modules linked in, committed
    const root = mkdtempSync(join(tmpdir(), 'itsm-diff-own-code-'));
    try {
      const project = join(root, 'project');
      const files = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter((f) => f !== '');
      for (const file of files) cpSync(join(REPO, file), join(project, file));
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: project, encoding: 'utf8' });
      git('init', '--quiet');
      git('add', '.');
      git('commit', '--quiet', '-m', 'base');
      symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'), 'dir');
      // AND the compiled build as a checkout has it (so that only the change below is recompiled)
      cpSync(compiled(''), join(project, 'dist'), { recursive: true });
      // AND a construct default changed in the working tree (code, not YAML)
      const file = join(project, 'constructs', 'load-balancer', 'settings.ts');
      const source = readFileSync(file, 'utf8');
      expect(source).toContain('slowStartSeconds: mod.slowStartSeconds ?? 60,');
      writeFileSync(file, source.replace('slowStartSeconds: mod.slowStartSeconds ?? 60,', 'slowStartSeconds: mod.slowStartSeconds ?? 120,'));
      // WHEN the working tree's launcher compares with HEAD
      const result = spawnSync(process.execPath, [join(project, 'bin', 'itsm-scale.js'), 'diff', '--base', 'HEAD', '--format', 'json'], {
        cwd: project,
        encoding: 'utf8',
        timeout: BUILD_TIMEOUT_MS,
      });
      // THEN the base was built with its own code: the slow-start change shows, without the code note
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      expect(result.stderr).not.toMatch(/synthesized with this checkout's code/);
      expect(result.stdout).toContain('slow_start');
      expect(result.stdout).toMatch(/"before": 60[\s\S]*"after": 120|60[\s\S]{0,80}120/);
      // AND the worktree is gone while the linked node_modules is intact
      expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
      expect(existsSync(join(REPO, 'node_modules', 'cdktf', 'package.json'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 2 * BUILD_TIMEOUT_MS);
});
