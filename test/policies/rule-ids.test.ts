/**
 * The environment schema checks suppressions against foundation/rule-ids.ts, a plain list, so that
 * loading YAML never loads the policy pack; the list must name the pack's rules exactly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS } from '../../foundation/rule-ids';
import { RULES } from '../../policies/rules';

describe('foundation/rule-ids.ts', () => {
  test('lists the ids of policies/rules, in the pack’s order (add a new rule’s id there)', () => {
    // GIVEN the pack / WHEN its ids are read / THEN they equal the foundation list, one for one
    expect([...RULE_IDS]).toEqual(RULES.map((rule) => rule.id));
  });

  test('has one entry per rule file, each named after its id', () => {
    const files = readdirSync(join(__dirname, '..', '..', 'policies', 'rules'))
      .filter((name) => /^ITSM-.*\.ts$/.test(name))
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect([...RULE_IDS].sort()).toEqual(files);
  });
});
