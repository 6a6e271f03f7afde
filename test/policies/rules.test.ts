/**
 * Every rule of the pack against its fixtures (cases.ts): each compliant fixture passes, each non-compliant one
 * is flagged with a precise message. A rule without both kinds of fixture fails the meta test.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkStackJson, createStackView, RULES } from '../../policies';
import { CASES, RuleCase } from './cases';
import { stackJson } from './fixtures';

const RULES_DIR = join(__dirname, '..', '..', 'policies', 'rules');

describe('the rule catalogue', () => {
  test('every rule has at least one compliant and one non-compliant fixture, and every fixture set belongs to a rule', () => {
    // GIVEN the rules and the fixtures
    const ids = RULES.map((rule) => rule.id);
    // WHEN each rule looks for its fixtures
    const missing = RULES.flatMap((rule) => {
      const cases = CASES[rule.id];
      return [...(cases?.compliant.length ? [] : [`${rule.id}: no compliant fixture`]), ...(cases?.nonCompliant.length ? [] : [`${rule.id}: no non-compliant fixture`])];
    });
    // THEN none is missing and no fixture names an unknown rule
    expect(missing).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test('ids are unique, well-formed and match their file names; one rule file per rule', () => {
    // GIVEN the rule files on disk
    const files = readdirSync(RULES_DIR).filter((file) => file !== 'index.ts').map((file) => file.replace(/\.ts$/, '')).sort();
    const ids = RULES.map((rule) => rule.id);
    // THEN each id is ITSM-<AREA>-<NNN>, unique, and has its own file
    for (const id of ids) expect(id).toMatch(/^ITSM-[A-Z0-9]+-\d{3}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files);
  });

  test('every rule says what it checks, why, how to fix it and on which resource types', () => {
    for (const rule of RULES) {
      expect({ id: rule.id, severity: ['error', 'warning'].includes(rule.severity) }).toEqual({ id: rule.id, severity: true });
      expect(rule.title.length).toBeGreaterThan(15);
      expect(rule.rationale.length).toBeGreaterThan(60);
      expect(rule.remediation.length).toBeGreaterThan(60);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(type).toMatch(/^aws_[a-z0-9_]+$/);
    }
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const cases = CASES[id] ?? { compliant: [], nonCompliant: [] };
  const resourceOf = (c: RuleCase) => {
    const view = createStackView('stack', stackJson(c.resources, c.options));
    const resource = view.get(c.address);
    if (!resource) throw new Error(`fixture "${c.name}" has no ${c.address}`);
    if (!rule.appliesTo.includes(resource.type)) throw new Error(`fixture "${c.name}": ${id} does not apply to ${resource.type}`);
    return { view, resource };
  };

  test.each(cases.compliant.map((c) => [c.name, c] as const))('Compliance: %s', (_name, c) => {
    // GIVEN a stack whose resource meets the rule
    const { view, resource } = resourceOf(c);
    // WHEN the rule checks it / THEN it is compliant (not merely not-applicable), and the pack reports nothing for it
    expect(rule.check(resource, view)).toBe('compliant');
    expect(checkStackJson('stack', stackJson(c.resources, c.options), []).filter((f) => f.ruleId === id && f.address === c.address)).toEqual([]);
  });

  test.each(cases.nonCompliant.map((c) => [c.name, c] as const))('Noncompliance: %s', (_name, c) => {
    // GIVEN a stack whose resource breaks the rule
    resourceOf(c);
    // WHEN the pack checks the stack
    const findings = checkStackJson('stack', stackJson(c.resources, c.options), []).filter((f) => f.ruleId === id && f.address === c.address);
    // THEN exactly one finding names the rule, the resource, its construct path and what is wrong
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ ruleId: id, severity: rule.severity, stack: 'stack', address: c.address, path: `stack/${c.address.split('.')[1]}`, remediation: rule.remediation });
    expect(finding!.suppressed).toBeUndefined();
    if (c.message) expect(finding!.message).toMatch(c.message);
  });
});

describe('ElastiCache Global Datastore secondaries', () => {
  // GIVEN a secondary as Cache synthesizes it: encryption and TLS are inherited from the primary, and the provider
  // rejects those arguments next to global_replication_group_id
  const secondary = {
    replication_group_id: 'prod-us-west-2-cache',
    global_replication_group_id: '${data.aws_ssm_parameter.cache_global_id.value}',
    kms_key_id: '${aws_kms_key.cache_key.arn}',
    multi_az_enabled: true,
    automatic_failover_enabled: true,
    replicas_per_node_group: 1,
    snapshot_retention_limit: 7,
    final_snapshot_identifier: 'prod-us-west-2-cache-final',
    user_group_ids: ['${aws_elasticache_user_group.cache.id}'],
    lifecycle: { prevent_destroy: true },
  };
  const resources = { 'aws_elasticache_replication_group.cache': secondary };
  const ruleById = (id: string) => RULES.find((rule) => rule.id === id)!;

  test('encryption at rest and TLS are the primary\'s to check: not applicable on the secondary', () => {
    const view = createStackView('stack', stackJson(resources));
    const resource = view.get('aws_elasticache_replication_group.cache')!;
    expect(ruleById('ITSM-ECA-001').check(resource, view)).toBe('not-applicable');
    expect(ruleById('ITSM-ECA-002').check(resource, view)).toBe('not-applicable');
    // The secondary's own Multi-AZ, snapshots, authentication and protection still are checked, and pass.
    for (const id of ['ITSM-ECA-003', 'ITSM-ECA-004', 'ITSM-ECA-005']) expect({ id, result: ruleById(id).check(resource, view) }).toEqual({ id, result: 'compliant' });
    expect(checkStackJson('stack', stackJson(resources), []).filter((f) => f.address === 'aws_elasticache_replication_group.cache')).toEqual([]);
  });

  test('the same group without global_replication_group_id is flagged for missing TLS and encryption', () => {
    const { global_replication_group_id: _joined, ...standalone } = secondary;
    const ids = checkStackJson('stack', stackJson({ 'aws_elasticache_replication_group.cache': standalone }), [])
      .filter((f) => f.address === 'aws_elasticache_replication_group.cache')
      .map((f) => f.ruleId)
      .sort();
    expect(ids).toEqual(['ITSM-ECA-001', 'ITSM-ECA-002']);
  });
});
