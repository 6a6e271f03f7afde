/**
 * `itsm-scale validate` runs the planner, the constructs and the policy pack as synth would, and
 * reports what they refuse at its place in the YAML: whatever validate accepts, synth accepts.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../cli/main';

jest.setTimeout(90_000);

const REPO = resolve(__dirname, '..', '..');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'itsm-scale-validate-'));
  cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
  mkdirSync(join(root, 'environments'));
  cpSync(join(REPO, 'environments', 'dev.yaml'), join(root, 'environments', 'dev.yaml'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`test setup: expected "${from}" once in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

function lineOf(file: string, needle: string): number {
  return readFileSync(join(root, file), 'utf8').slice(0, readFileSync(join(root, file), 'utf8').indexOf(needle)).split('\n').length;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--root', root, ...argv], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO });
  return { code, stdout, stderr };
}

const shown = (file: string): string => relative(REPO, join(root, file));

test('more shards than slots is located at the slot count (the planner decides)', async () => {
  // GIVEN a group that must have 100 shards but has 64 slots
  edit('blueprints/itsm-standard.yaml', 'slots: 1024', 'slots: 64\n    minShards: 100');
  // WHEN
  const validated = await run(['validate']);
  const synthesized = await run(['synth', '--out', join(root, 'out')]);
  // THEN both refuse it at FILE:LINE of the slots field
  const line = lineOf('blueprints/itsm-standard.yaml', 'slots: 64');
  expect(validated.code).toBe(1);
  expect(validated.stderr).toMatch(new RegExp(`^${shown('blueprints/itsm-standard.yaml')}:${line}:\\d+: databaseGroups\\.knowledge\\.slots: database group "knowledge" needs 100 shards by month 12 but has only 64 slots`));
  expect(synthesized.code).toBe(1);
  expect(synthesized.stderr).not.toMatch(/internal error|^\s+at /m);
});

test('what a construct refuses (a backup vault name too long) is a clean problem of the environment file', async () => {
  // GIVEN a 32-character environment name (the schema allows it; the backup vault allows 36 for <env>-<region>)
  const name = 'e'.repeat(32);
  cpSync(join(root, 'environments', 'dev.yaml'), join(root, 'environments', `${name}.yaml`));
  rmSync(join(root, 'environments', 'dev.yaml'));
  edit(`environments/${name}.yaml`, 'name: dev', `name: ${name}`);
  // WHEN
  const validated = await run(['validate']);
  const synthesized = await run(['synth', '--out', join(root, 'out')]);
  // THEN validate names the file and the construct's own message; synth refuses it as cleanly
  expect(validated.code).toBe(1);
  expect(validated.stderr).toMatch(new RegExp(`^${shown(`environments/${name}.yaml`)}:5:1: \\(environment\\): BackupVault ${name}-us-east-1/backup: name ".+" is invalid; .*at most 36 characters`));
  for (const result of [validated, synthesized]) expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  expect(synthesized.code).toBe(1);
});

test('an IAM role name over 64 characters (a long environment name) is refused at validate at the environment name, and by synth', async () => {
  // GIVEN a 19-character environment name: the discovery coordinator's instance role would be 65 characters
  // (its own group's: the blueprint without its singleton lease, so the part keeps a group and a role of its own)
  const name = 'd'.repeat(19);
  edit('blueprints/itsm-standard.yaml', '  singletonLease: { leaseSeconds: 30 }\n', '');
  cpSync(join(root, 'environments', 'dev.yaml'), join(root, 'environments', `${name}.yaml`));
  rmSync(join(root, 'environments', 'dev.yaml'));
  edit(`environments/${name}.yaml`, 'name: dev', `name: ${name}`);
  // WHEN
  const validated = await run(['validate']);
  const synthesized = await run(['synth', '--out', join(root, 'out')]);
  // THEN both refuse it at FILE:LINE of the name, naming the role and the limit
  const role = `${name}-us-east-1-cmdb-discovery-coordinator-instance`;
  expect(role.length).toBe(65);
  expect(validated.code).toBe(1);
  expect(validated.stderr).toMatch(
    new RegExp(`^${shown(`environments/${name}.yaml`)}:5:7: name: makes the name of aws_iam_role\\.\\S+ in stack ${name}-us-east-1 "${role}", which is 65 characters, but AWS allows a name of at most 64`, 'm'),
  );
  expect(synthesized.code).toBe(1);
  for (const result of [validated, synthesized]) expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
});

test('a 32-character database group name (RDS identifiers over 63) is refused at validate with FILE:LINE, and by synth', async () => {
  // GIVEN the knowledge group renamed to 32 characters (the schema allows it)
  const group = 'k'.repeat(32);
  edit('blueprints/itsm-standard.yaml', '  knowledge:\n    description: Knowledge articles', `  ${group}:\n    description: Knowledge articles`);
  edit('blueprints/itsm-standard.yaml', 'databaseGroup: knowledge', `databaseGroup: ${group}`);
  // WHEN
  const validated = await run(['validate']);
  const synthesized = await run(['synth', '--out', join(root, 'out')]);
  // THEN both refuse it cleanly; validate names the file, the identifier and the limit
  expect(validated.code).toBe(1);
  expect(validated.stderr).toMatch(new RegExp(`^${shown('environments/dev.yaml')}:\\d+:\\d+: .*"dev-us-east-1-${group}-shard-01-\\S+" would have \\d+ characters, RDS allows 63`, 'm'));
  expect(synthesized.code).toBe(1);
  for (const result of [validated, synthesized]) expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
});

test('routingSlot, the fix a collision names, reaches the listener rules', async () => {
  // GIVEN knowledge pinned to slot 7
  edit('blueprints/itsm-standard.yaml', 'uiPaths: [/kb/*]', 'uiPaths: [/kb/*]\n    routingSlot: 7');
  // WHEN
  expect((await run(['validate'])).code).toBe(0);
  expect((await run(['synth', '--out', join(root, 'out')])).code).toBe(0);
  // THEN its API rule has priority 7
  const stack = JSON.parse(readFileSync(join(root, 'out', 'stacks', 'dev-us-east-1', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { priority?: number; condition?: unknown }>> };
  const rules = Object.values(stack.resource['aws_lb_listener_rule'] ?? {});
  const knowledgeApi = rules.find((rule) => JSON.stringify(rule.condition).includes('/api/knowledge/*'));
  expect(knowledgeApi?.priority).toBe(7);
});

test('a module behind 40 shards: validate and synth agree (clean refusal while Monitoring caps a composite alarm, success once it nests them)', async () => {
  // GIVEN the tickets group at 40 shards (each shard's alarms feed its modules' composite alarms)
  edit('blueprints/itsm-standard.yaml', 'slots: 4096\n  cmdb:', 'slots: 4096\n    minShards: 40\n  cmdb:');
  // WHEN
  const validated = await run(['validate']);
  const synthesized = await run(['synth', '--out', join(root, 'out')]);
  // THEN both succeed, or both refuse it cleanly, validate at the environment's file
  expect(synthesized.code).toBe(validated.code);
  for (const result of [validated, synthesized]) expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  if (validated.code !== 0) expect(validated.stderr).toMatch(new RegExp(`^${shown('environments/dev.yaml')}:\\d+:\\d+: \\(environment\\): Monitoring .*CloudWatch allows`));
});
