/** `runCheck(DIR, io, options)`: exit codes and output on synth-output directories built in a temporary folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../cli/check';
import { suppressionsFile } from '../../policies';
import { stackJson } from './fixtures';

let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-check-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes a synth output (manifest + stacks) like `itsm-scale synth`, and returns its directory. */
function output(stacks: Record<string, object>, name = 'out'): string {
  const dir = join(scratch, name);
  const manifest: Record<string, object> = {};
  for (const [stack, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', stack), { recursive: true });
    writeFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json, null, 2));
    manifest[stack] = { name: stack, synthesizedStackPath: `stacks/${stack}/cdk.tf.json`, workingDirectory: `stacks/${stack}`, annotations: [], dependencies: [] };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: manifest }));
  return dir;
}

function check(dir: string, options = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCheck(dir, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, options);
  return { code, stdout, stderr };
}

const UNENCRYPTED = stackJson({ 'aws_cloudwatch_log_group.app': { name: '/app', lifecycle: { prevent_destroy: true } } });
const CLEAN = stackJson({ 'aws_cloudwatch_log_group.app': { name: '/app', kms_key_id: '${aws_kms_key.k.arn}', lifecycle: { prevent_destroy: true } } });
const WARNING_ONLY = stackJson({ 'aws_cloudwatch_metric_alarm.cpu': { alarm_name: 'cpu', threshold: 1 } });
const REASON = 'Application logs hold no personal data (ARCH-7).';

describe('runCheck', () => {
  test('clean stacks: exit 0, every stack checked, "No findings."', () => {
    // GIVEN two clean stacks / WHEN checked
    const run = check(output({ 'prod-us-east-1': CLEAN, 'prod-global': {} }));
    // THEN 0, a header naming the stacks and rules, no findings, nothing on stderr
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Checked 2 stacks of .* against \d+ policy rules \(RULES.md\)\.\n\nNo findings\.\n$/);
    expect(run.stderr).toBe('');
  });

  test('an unsuppressed error: exit 1, the finding on stdout, the failure on stderr', () => {
    const run = check(output({ 'prod-us-east-1': UNENCRYPTED }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ERROR    ITSM-ENC-004  prod-us-east-1  aws_cloudwatch_log_group.app  (stack/app)\n         kms_key_id is not set; expected a KMS key ARN\n');
    expect(run.stdout).toContain('\n1 error, 0 warnings, 0 suppressed.\n');
    expect(run.stderr).toBe("check failed: 1 unsuppressed error. Fix it, or accept it with a reason in the environment's policy.suppressions and synthesize again.\n");
  });

  test('warnings alone do not fail', () => {
    const run = check(output({ s: WARNING_ONLY }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('WARNING  ITSM-ALM-002  s  aws_cloudwatch_metric_alarm.cpu');
    expect(run.stdout).toContain('0 errors, 1 warning, 0 suppressed.');
  });

  test('the policy-suppressions.json that synth writes next to a stack suppresses, and the finding is listed with its reason', () => {
    // GIVEN the error, suppressed through the file of that stack only
    const dir = output({ a: UNENCRYPTED, b: UNENCRYPTED });
    const file = suppressionsFile([{ rule: 'ITSM-ENC-004', resources: ['aws_cloudwatch_log_group.app'], reason: REASON }]);
    writeFileSync(join(dir, 'stacks', 'a', file.name), file.content);
    // WHEN checked / THEN stack b still fails; stack a's finding is listed as suppressed with the reason
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Suppressed (1):\nERROR    ITSM-ENC-004  a  aws_cloudwatch_log_group.app  (stack/app)\n         kms_key_id is not set; expected a KMS key ARN\n         reason: ${REASON}\n`);
    expect(run.stdout).toContain('1 error, 0 warnings, 1 suppressed.');
    // AND with both stacks suppressed it passes
    writeFileSync(join(dir, 'stacks', 'b', file.name), file.content);
    expect(check(dir).code).toBe(0);
  });

  test('options.suppressionsByStack is used instead of the files', () => {
    const dir = output({ a: UNENCRYPTED });
    expect(check(dir, { suppressionsByStack: { a: [{ rule: 'ITSM-ENC-004', reason: REASON }] } }).code).toBe(0);
  });

  test('a missing directory, a directory without manifest and a broken manifest: clear message, exit 1', () => {
    const missing = check(join(scratch, 'nope'));
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `error: ${join(scratch, 'nope')} does not exist (give the output directory of itsm-scale synth, e.g. cdktf.out)\n` });
    mkdirSync(join(scratch, 'empty'));
    expect(check(join(scratch, 'empty')).stderr).toBe(`error: ${join(scratch, 'empty')} has no manifest.json, so it is not a synth output (run: itsm-scale synth --out ${join(scratch, 'empty')})\n`);
    writeFileSync(join(scratch, 'empty', 'manifest.json'), '{"stacks": ');
    const broken = check(join(scratch, 'empty'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: .*manifest\.json \(the manifest\) is not valid JSON: /);
  });

  test('a stack file that the manifest lists but is missing: exit 1 naming it', () => {
    const dir = output({ a: CLEAN });
    rmSync(join(dir, 'stacks', 'a', 'cdk.tf.json'));
    expect(check(dir)).toEqual({ code: 1, stdout: '', stderr: `error: ${join(dir, 'stacks/a/cdk.tf.json')} (stack a) is missing; synthesize again\n` });
  });

  test('a suppressions file without reasons is refused with the field path', () => {
    const dir = output({ a: UNENCRYPTED });
    writeFileSync(join(dir, 'stacks', 'a', 'policy-suppressions.json'), JSON.stringify({ suppressions: [{ rule: 'ITSM-ENC-004' }] }));
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: ${join(dir, 'stacks/a/policy-suppressions.json')} is not a valid suppressions file: suppressions[0].reason: missing (required: a string)\n`);
  });
});
