/**
 * The repository's own environments pass the pack: every stack of dev, staging and prod, as `itsm-scale synth`
 * writes it (cdktf's "//" metadata included; the run's shared synthesis, test/shared-synth.ts), has no unsuppressed error.
 * Also: `itsm-scale check` on a real synth output agrees, and the tagging rule knows every taggable type the stacks use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../../cli/check';
import { loadProject, Project } from '../../model/load';
import { checkStackJson, Finding, isBlocking, unusedSuppressions } from '../../policies';
import { TAGGABLE_TYPES } from '../../policies/tagging';
import { defaultStackDocuments, defaultStackNames, defaultSynthDir } from '../shared-synth';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..', '..');
const PROVIDER_LIB = join(REPO, 'node_modules', '@cdktf', 'provider-aws', 'lib');

let project: Project;
/** Stack name → stack JSON. */
const stacks = new Map<string, { json: Record<string, unknown> }>();

beforeAll(() => {
  project = loadProject({ root: REPO });
  for (const [name, json] of defaultStackDocuments()) stacks.set(name, { json });
});

function environmentOf(stack: string): string {
  // Stack names are `<env>-<region>` or `<env>-global`, and environment names contain no region.
  return [...project.environments.keys()].filter((env) => stack.startsWith(`${env}-`)).sort((a, b) => b.length - a.length)[0]!;
}

function findingsOf(stack: string): Finding[] {
  const environment = project.environments.get(environmentOf(stack))!.value;
  return checkStackJson(stack, stacks.get(stack)!.json, environment.policy.suppressions);
}

describe('default environments against the policy pack', () => {
  test('the stacks of every environment are checked (regional and global)', () => {
    expect(stacks.size).toBeGreaterThanOrEqual(project.environments.size * 2);
    for (const env of project.environments.keys()) expect(stacks.has(`${env}-global`)).toBe(true);
  });

  test('no stack has an unsuppressed error', () => {
    // GIVEN every stack of dev, staging and prod / WHEN checked with its environment's suppressions
    const blocking = [...stacks.keys()].sort().flatMap((stack) => findingsOf(stack).filter(isBlocking));
    // THEN nothing blocks (a failure lists stack, rule, address and what is wrong)
    expect(blocking.map((f) => `${f.stack} ${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });

  test('every suppression in the environment files is used by some finding of its environment', () => {
    for (const [name, loaded] of project.environments) {
      const findings = [...stacks.keys()].filter((stack) => environmentOf(stack) === name).flatMap(findingsOf);
      const unused = unusedSuppressions(findings, loaded.value.policy.suppressions);
      expect({ environment: name, unused }).toEqual({ environment: name, unused: [] });
    }
  });

  test('itsm-scale check on a real synth output exits as the in-process check says, with the suppressions travelling in the output', () => {
    // GIVEN a synth output of all environments, with each environment's suppressions written next to its stacks by synth
    const outDir = defaultSynthDir();
    const names = defaultStackNames();
    // WHEN checked from the directory alone
    let stdout = '';
    const code = runCheck(outDir, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } }, {});
    // THEN it checked every stack and agrees with the in-process check
    const expectedBlocking = names.flatMap((stack) => findingsOf(stack).filter(isBlocking)).length;
    expect(stdout).toContain(`Checked ${names.length} stacks`);
    expect(code).toBe(expectedBlocking > 0 ? 1 : 0);
    for (const stack of names) expect(existsSync(join(outDir, 'stacks', stack, 'policy-suppressions.json'))).toBe(true);
  });
});

describe('the taggable-type list of ITSM-TAG-001', () => {
  /** `true` when the provider binding's Config interface has a `tags` argument. */
  function takesTags(type: string): boolean | undefined {
    const file = join(PROVIDER_LIB, type.replace(/^aws_/, '').replace(/_/g, '-'), 'index.d.ts');
    if (!existsSync(file)) return undefined;
    const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(readFileSync(file, 'utf8'));
    return config !== null && /\n\s+readonly tags\?:/.test(config[1]!);
  }

  test('every listed type takes tags in @cdktf/provider-aws', () => {
    expect(TAGGABLE_TYPES.filter((type) => takesTags(type) !== true)).toEqual([]);
  });

  test('every taggable type the default stacks use is listed (aws_autoscaling_group aside: default_tags skip it, ITSM-TAG-002 covers it)', () => {
    const used = new Set([...stacks.values()].flatMap(({ json }) => Object.keys((json.resource as object | undefined) ?? {})));
    expect([...used].filter((type) => takesTags(type) === true && !TAGGABLE_TYPES.includes(type)).sort()).toEqual([]);
    expect(takesTags('aws_autoscaling_group')).toBe(false);
  });
});
