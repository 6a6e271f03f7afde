import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main';

const REPO = resolve(__dirname, '..', '..');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO });
  return { code, stdout, stderr };
}

describe('itsm-scale check', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'itsm-check-'));
    const synth = await run(['synth', '--env', 'dev', '--out', join(scratch, 'out')]);
    expect(synth.code).toBe(0);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('a synth output of a default environment passes the pack: exit 0', async () => {
    const result = await run(['check', join(scratch, 'out')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings.');
  });

  test('an unencrypted cluster in the output is an error: exit 1, naming the rule, the resource and its construct path', async () => {
    const broken = join(scratch, 'broken');
    cpSync(join(scratch, 'out'), broken, { recursive: true });
    const file = join(broken, 'stacks', 'dev-us-east-1', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { resource: { aws_rds_cluster: Record<string, Record<string, unknown>> } };
    json.resource.aws_rds_cluster.shared_shard_01!.storage_encrypted = false;
    writeFileSync(file, JSON.stringify(json));
    const result = await run(['check', broken]);
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/ITSM-ENC-001[\s\S]*aws_rds_cluster\.shared_shard_01[\s\S]*dev-us-east-1\/db-shared/);
  });

  test('a directory that is not a synth output: exit 1 with a clear message', async () => {
    const result = await run(['check', join(scratch, 'missing')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not exist \(give the output directory of itsm-scale synth/);
  });
});
