/**
 * The `itsm-scale` command line, run in-process through `main(argv, io)` with captured output,
 * plus the real launcher spawned for exit codes and the absence of stack traces.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../cli/main';
import { synthesize } from '../../cli/synthesize';
import { loadProject } from '../../model';
import { defaultSynthDir } from '../shared-synth';

// Synthesis runs in-process and takes a second or two per run.
jest.setTimeout(60_000);

const REPO = resolve(__dirname, '..', '..');
const LAUNCHER = join(REPO, 'bin', 'itsm-scale.js');
const ALL_STACKS = [
  'dev-global',
  'dev-us-east-1',
  'intl-prod-ap-southeast-1',
  'intl-prod-ap-southeast-2',
  'intl-prod-eu-central-1',
  'intl-prod-eu-west-1',
  'intl-prod-global',
  'intl-prod-us-east-1',
  'intl-prod-us-west-2',
  'jsm-prod-global',
  'jsm-prod-us-east-1',
  'jsm-prod-us-west-2',
  'prod-global',
  'prod-us-east-1',
  'prod-us-west-2',
  'staging-global',
  'staging-us-east-1',
  'staging-us-west-2',
  'zammad-staging-eu-central-1',
  'zammad-staging-global',
];
/** A line of a Node.js stack trace. */
const STACK_LINE = /^\s+at /m;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line in-process, from `cwd`, capturing what it writes. */
async function run(argv: string[], cwd = REPO): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}

/** Runs the real launcher as a child process. */
function spawnCli(argv: string[]): Run {
  const result = spawnSync(process.execPath, [LAUNCHER, ...argv], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-cli-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the repository's blueprints/ and environments/ under `scratch/name`, with `edits` applied. */
function projectCopy(name: string, edits: ReadonlyArray<[file: string, from: string, to: string]> = []): string {
  const root = join(scratch, name);
  mkdirSync(root);
  cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
  for (const [file, from, to] of edits) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`test setup: "${from}" not in ${file}`);
    writeFileSync(path, text.replace(from, to));
  }
  return root;
}

/** Every file under `dir` (relative paths, sorted) with the SHA-256 of its bytes: cheap to compare, and a mismatch names the file. */
function digestsOf(dir: string): Record<string, string> {
  const files: [string, string][] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push([relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex')]);
    }
  };
  walk(dir);
  return Object.fromEntries(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const BROKEN_TIER: [string, string, string] = ['environments/prod.yaml', 'tier: production', 'tier: prod'];

describe('itsm-scale validate', () => {
  test('accepts the repository and lists every file it validated', async () => {
    // GIVEN the repository / WHEN validated
    const { code, stdout, stderr } = await run(['validate']);
    // THEN
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        'ok  blueprints/itsm-multinational.yaml',
        'ok  blueprints/itsm-standard.yaml',
        'ok  blueprints/jira-service-management.yaml',
        'ok  blueprints/zammad.yaml',
        'ok  environments/dev.yaml',
        'ok  environments/intl-prod.yaml',
        'ok  environments/jsm-prod.yaml',
        'ok  environments/prod.yaml',
        'ok  environments/staging.yaml',
        'ok  environments/zammad-staging.yaml',
        '10 files valid: 4 blueprints, 6 environments.',
        '',
      ].join('\n'),
    );
  });

  test('validates only the files given, plus the blueprint they name', async () => {
    // GIVEN a copy whose staging is broken / WHEN only prod is validated, from inside the copy
    const root = projectCopy('validate-some', [['environments/staging.yaml', 'tier: non-production', 'tier: nonprod']]);
    const { code, stdout } = await run(['validate', 'environments/prod.yaml'], root);
    // THEN staging is not looked at
    expect(code).toBe(0);
    expect(stdout).toContain('ok  environments/prod.yaml\n');
    expect(stdout).toContain('2 files valid: 1 blueprint, 1 environment.\n');
    expect(stdout).not.toContain('staging');
  });

  test('a broken copy exits 1 with the located message and no stack trace', async () => {
    // GIVEN prod with an invalid tier
    const root = projectCopy('validate-broken', [BROKEN_TIER]);
    // WHEN validated through --root
    const { code, stdout, stderr } = await run(['--root', root, 'validate']);
    // THEN
    const prod = relative(process.cwd(), join(root, 'environments', 'prod.yaml'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${prod}:10:7: tier: got string "prod" (allowed: "production", "non-production")\n1 problem found; nothing was written.\n`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  test('the real launcher exits 1 without a stack trace on broken input', () => {
    // GIVEN a broken copy
    const root = projectCopy('validate-spawned', [BROKEN_TIER]);
    // WHEN the installed command runs as its own process
    const result = spawnCli(['validate', '--root', root]);
    // THEN
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/prod\.yaml:10:7: tier: got string "prod" \(allowed: "production", "non-production"\)\n1 problem found; nothing was written\.\n$/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  test('a directory that is not a project is refused', async () => {
    // GIVEN an empty directory / WHEN used as the root
    const { code, stderr } = await run(['validate'], scratch);
    // THEN
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: \. is not an itsm-scale project: it has no blueprints\/ and no environments\/ \(run from the project root or pass --root DIR\)\n$/);
  });
});

describe('itsm-scale arguments', () => {
  test('--help prints usage to stdout and exits 0, on the program and on each command', async () => {
    for (const argv of [['--help'], ['validate', '--help'], ['plan', '--help'], ['synth', '--help']]) {
      // WHEN
      const { code, stdout, stderr } = await run(argv);
      // THEN
      expect({ argv, code, stderr }).toEqual({ argv, code: 0, stderr: '' });
      expect(stdout).toMatch(/^Usage: itsm-scale/);
    }
  });

  test('an unknown option or command exits 1 with commander’s message', async () => {
    // WHEN / THEN
    expect(await run(['validate', '--bogus'])).toEqual({ code: 1, stdout: '', stderr: "error: unknown option '--bogus'\n" });
    expect(await run(['deploy'])).toEqual({ code: 1, stdout: '', stderr: "error: unknown command 'deploy'\n" });
  });
});

describe('itsm-scale plan', () => {
  test('--format json prints one parseable JSON document for the environment’s scenario', async () => {
    // WHEN
    const { code, stdout, stderr } = await run(['plan', '--env', 'prod', '--format', 'json']);
    // THEN
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const parsed = JSON.parse(stdout) as { environment: string; horizonMonths: number; scenarios: Record<string, unknown> };
    expect(parsed.environment).toBe('prod');
    expect(parsed.horizonMonths).toBe(36);
    expect(Object.keys(parsed.scenarios)).toEqual(['moderate']);
  });

  test('--scenario all plans every scenario of the blueprint, in the blueprint’s order', async () => {
    // WHEN
    const all = await run(['plan', '--env', 'prod', '--scenario', 'all']);
    const one = await run(['plan', '--env', 'prod']);
    const json = await run(['plan', '--env', 'prod', '--scenario', 'all', '--format', 'json']);
    // THEN
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('- **Scenarios:** conservative, moderate, aggressive\n');
    expect(Object.keys((JSON.parse(json.stdout) as { scenarios: object }).scenarios)).toEqual(['conservative', 'moderate', 'aggressive']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('- **Scenario:** moderate\n');
  });

  test('--horizon overrides the environment’s horizon', async () => {
    // WHEN
    const { code, stdout } = await run(['plan', '--env', 'dev', '--horizon', '60']);
    // THEN
    expect(code).toBe(0);
    expect(stdout).toContain('- **Horizon:** 60 months\n');
  });

  test.each([
    [['plan', '--env', 'nope'], 'error: unknown environment "nope" for --env (known: dev, intl-prod, jsm-prod, prod, staging, zammad-staging)\n'],
    [['plan', '--env', 'prod', '--scenario', 'explosive'], 'error: unknown scenario "explosive" for --scenario (blueprint "itsm-standard" has: conservative, moderate, aggressive; or "all")\n'],
    [['plan', '--env', 'prod', '--horizon', '0'], "error: option '--horizon <months>' argument '0' is invalid. The horizon must be a whole number of months from 1 to 120.\n"],
    [['plan', '--env', 'prod', '--horizon', '121'], "error: option '--horizon <months>' argument '121' is invalid. The horizon must be a whole number of months from 1 to 120.\n"],
    [['plan', '--env', 'prod', '--horizon', '1.5'], "error: option '--horizon <months>' argument '1.5' is invalid. The horizon must be a whole number of months from 1 to 120.\n"],
    [['plan', '--env', 'prod', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are md, json.\n"],
    [['plan'], "error: required option '--env <name>' not specified\n"],
  ])('%j exits 1 with a clear message', async (argv, message) => {
    // WHEN
    const result = await run(argv);
    // THEN
    expect(result).toEqual({ code: 1, stdout: '', stderr: message });
  });

  const HUGE: [string, string, string][] = [
    ['blueprints/itsm-standard.yaml', 'requesters: 50000\n    inMonths: 60', 'requesters: 200000\n    inMonths: 36'],
    ['blueprints/itsm-standard.yaml', 'shardStorageGb: 2000', 'shardStorageGb: 100\n  shardLeadTimeMonths: 36'],
  ];

  test('shows every quota the plan exceeds, in Markdown and JSON, until the environment states quotas that cover it', async () => {
    // GIVEN prod's aggressive scenario grown to 200,000 requesters within its horizon, shards of 100 GB provisioned
    // for the horizon's need, with AWS's default quotas
    const root = projectCopy('quota', HUGE);
    // WHEN planned
    const md = await run(['--root', root, 'plan', '--env', 'prod', '--scenario', 'aggressive']);
    const json = await run(['--root', root, 'plan', '--env', 'prod', '--scenario', 'aggressive', '--format', 'json']);
    // THEN the Markdown names the limit, the need, the source and the fix
    expect([md.code, md.stderr]).toEqual([0, '']);
    expect(md.stdout).toContain('### Limits and quotas');
    expect(md.stdout).toMatch(
      /- \*\*DB instances per region \(AWS default quota\)\*\*: us-east-1 needs up to \d+ DB instances .*, more than AWS's default quota of 40 \(needs \d+, allowed 40; source: https:\/\/docs\.aws\.amazon\.com\/AmazonRDS\/latest\/AuroraUserGuide\/CHAP_Limits\.html\)\. Fix: request a quota increase/,
    );
    // AND the JSON lists the same problems
    const problems = (JSON.parse(json.stdout) as { scenarios: Record<string, { problems: { kind: string; region: string | null; needed: number; allowed: number }[] }> }).scenarios.aggressive!.problems;
    const instances = problems.filter((p) => p.kind === 'db-instances-per-region');
    expect(instances.map((p) => [p.region, p.allowed])).toEqual([
      ['us-east-1', 40],
      ['us-west-2', 40],
    ]);
    expect(instances.every((p) => p.needed > 40)).toBe(true);

    // WHEN the environment states the account's raised quotas
    const raised = projectCopy('quota-raised', [
      ...HUGE,
      ['environments/prod.yaml', 'tier: production', 'tier: production\nquotas: { dbInstancesPerRegion: 400, dbClustersPerRegion: 100, ec2StandardVcpusPerRegion: 1000 }'],
    ]);
    const after = await run(['--root', raised, 'plan', '--env', 'prod', '--scenario', 'aggressive']);
    // THEN nothing is exceeded
    expect(after.stdout).toContain('### Limits and quotas\n\nCaps of the blueprint, AWS quotas per region (AWS\'s defaults unless the environment states its own under `quotas`) and the standby\'s capacity that the plan exceeds.\n\n- none:');
  });

  test('growth too large to count (annualGrowthRate 100 over 120 months) exits 1 with what to lower, instead of never returning', async () => {
    // GIVEN the moderate scenario at the schema's largest growth rate
    const root = projectCopy('explosive', [['blueprints/itsm-standard.yaml', 'annualGrowthRate: 0.5', 'annualGrowthRate: 100']]);
    // WHEN planned over the longest horizon
    const result = await run(['--root', root, 'plan', '--env', 'prod', '--horizon', '120']);
    // THEN
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: a fleet for .* requests\/s .* would need more than 9007199254740991 instances, which cannot be planned: lower the scenario's growth .*\nnothing was written\.\n$/);
  });

  test('the real launcher exits 1 without a stack trace for an unknown environment', () => {
    // WHEN
    const result = spawnCli(['plan', '--env', 'nope']);
    // THEN
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: unknown environment "nope" for --env (known: dev, intl-prod, jsm-prod, prod, staging, zammad-staging)\n' });
  });
});

describe('itsm-scale synth', () => {
  let first: string;
  let firstRun: Run;

  beforeAll(async () => {
    first = join(scratch, 'synth-first');
    firstRun = await run(['synth', '--out', first]);
  });

  test('writes cdk.tf.json for every stack of every environment, and the manifest', () => {
    // THEN
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    expect(readdirSync(join(first, 'stacks')).sort()).toEqual(ALL_STACKS);
    for (const stack of ALL_STACKS) {
      const json = JSON.parse(readFileSync(join(first, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: { s3?: unknown } } };
      expect(json.terraform?.backend?.s3).toBeDefined();
    }
    const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(ALL_STACKS);
    // AND it tells which stacks it wrote
    const shown = first; // outside the current directory, so shown absolute
    for (const stack of ALL_STACKS) expect(firstRun.stdout).toContain(`  ${shown}/stacks/${stack}/cdk.tf.json\n`);
    expect(firstRun.stdout).toContain(`wrote ${ALL_STACKS.length} stacks and ${shown}/manifest.json\n`);
  });

  test('another synthesis (the shared one of this run, made in another process) is byte-identical', () => {
    // GIVEN the default environments synthesized once more, by the jest run's global setup
    const second = defaultSynthDir();
    // THEN every file is the same, byte for byte
    expect(digestsOf(first)).toEqual(digestsOf(second));
  });

  test('the output holds no absolute path of this machine and no timestamp', () => {
    // GIVEN every synthesized file as text
    const texts = Object.keys(digestsOf(first)).map((file) => ({ file, text: readFileSync(join(first, file), 'utf8') }));
    // cdk.tf.json and policy-suppressions.json per stack, manifest.json, plans/<env>.json per environment
    expect(texts.length).toBe(2 * ALL_STACKS.length + 1 + new Set(ALL_STACKS.map((s) => s.replace(/-(global|[a-z]{2}-[a-z]+-\d)$/, ''))).size);
    expect(texts.filter(({ file }) => file.startsWith('plans/')).map(({ file }) => file)).toEqual(['plans/dev.json', 'plans/intl-prod.json', 'plans/jsm-prod.json', 'plans/prod.json', 'plans/staging.json', 'plans/zammad-staging.json']);
    for (const { file, text } of texts) {
      // THEN
      for (const path of [tmpdir(), process.cwd(), REPO, scratch]) expect({ file, has: text.includes(path) }).toEqual({ file, has: false });
      expect({ file, timestamp: /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.exec(text)?.[0] }).toEqual({ file, timestamp: undefined });
    }
  });

  test('broken input leaves an existing output byte-for-byte unchanged and no temporary directory behind', async () => {
    // GIVEN an existing output and a broken project
    const before = digestsOf(first);
    const root = projectCopy('synth-broken', [BROKEN_TIER]);
    // WHEN synthesized into the existing output
    const { code, stderr } = await run(['--root', root, 'synth', '--out', first]);
    // THEN
    expect(code).toBe(1);
    expect(stderr).toContain('tier: got string "prod"');
    expect(stderr).not.toMatch(STACK_LINE);
    expect(digestsOf(first)).toEqual(before);
    expect(readdirSync(scratch).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('a failure during synthesis (after the temporary directory exists) also leaves the output unchanged', () => {
    // GIVEN an existing output and a scenario the planner rejects (the CLI checks it earlier; synthesize itself must cope)
    const before = digestsOf(first);
    const project = loadProject({ root: REPO });
    // WHEN / THEN
    expect(() => synthesize(project, { outDir: first, environments: ['dev'], scenario: 'explosive' })).toThrow(/unknown scenario "explosive"/);
    expect(digestsOf(first)).toEqual(before);
    expect(readdirSync(scratch).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('--env selects environments and --scenario replans them; the old output is replaced', async () => {
    // GIVEN an earlier output directory (it has a manifest.json) holding a stale file
    const out = join(scratch, 'synth-dev');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{}');
    writeFileSync(join(out, 'stale.txt'), 'old');
    // WHEN only dev is synthesized under the aggressive scenario
    const { code, stdout } = await run(['synth', '--env', 'dev', '--scenario', 'aggressive', '--out', out]);
    // THEN only dev's stacks are there, tagged with the scenario, and the old content is gone
    expect(code).toBe(0);
    expect(stdout).toContain('wrote 2 stacks');
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['dev-global', 'dev-us-east-1']);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(statSync(out).mode & 0o755).toBe(0o755);
    expect(readFileSync(join(out, 'stacks', 'dev-us-east-1', 'cdk.tf.json'), 'utf8')).toContain('"aggressive"');
  });

  test('refuses to replace a directory that is not an earlier output (e.g. --out . in the project)', async () => {
    // GIVEN a project copy / WHEN synthesized into the project directory itself
    const root = projectCopy('synth-into-root');
    const { code, stdout, stderr } = await run(['synth', '--env', 'dev', '--out', '.'], root);
    // THEN nothing is touched
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      `error: output directory ${root} is not empty and has no manifest.json, so it is not an earlier synth output; refusing to replace it (choose another --out, or empty it)\n`,
    );
    expect(readdirSync(root).sort()).toEqual(['blueprints', 'environments']);
    expect(readdirSync(scratch).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('an unknown environment or scenario exits 1 with the known names and writes nothing', async () => {
    // WHEN
    const out = join(scratch, 'synth-none');
    const env = await run(['synth', '--env', 'dev', '--env', 'qa', '--out', out]);
    const scenario = await run(['synth', '--scenario', 'explosive', '--out', out]);
    // THEN
    expect(env).toEqual({ code: 1, stdout: '', stderr: 'error: unknown environment "qa" for --env (known: dev, intl-prod, jsm-prod, prod, staging, zammad-staging)\n' });
    expect(scenario).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown scenario "explosive" for --scenario (environment "dev" uses blueprint "itsm-standard", which has: conservative, moderate, aggressive)\n',
    });
    expect(existsSync(out)).toBe(false);
  });
});
