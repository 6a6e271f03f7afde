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
