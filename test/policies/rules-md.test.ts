/** RULES.md is generated from the rules' metadata and must not go stale. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../policies';
import { rulesMarkdown, RULES_FILE } from '../../scripts/generate-rules-md';

describe('RULES.md', () => {
  test('matches what scripts/generate-rules-md.ts generates (run `npx tsx scripts/generate-rules-md.ts` after changing a rule)', () => {
    // GIVEN the committed file / WHEN compared with the generator's output / THEN they are identical
    const committed = readFileSync(join(__dirname, '..', '..', RULES_FILE), 'utf8');
    expect(committed).toBe(rulesMarkdown());
  });

  test('lists every rule with its id, severity, title, rationale and remediation', () => {
    const text = rulesMarkdown();
    for (const rule of RULES) {
      expect(text).toContain(`| [${rule.id}](#${rule.id.toLowerCase()}) | ${rule.severity} |`);
      expect(text).toContain(`## ${rule.id}: `);
      expect(text).toContain(`policies/rules/${rule.id}.ts`);
    }
    expect(text).toContain(`${RULES.length} rules:`);
  });
});
