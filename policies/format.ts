import { sortFindings } from './engine';
import { Finding } from './types';

/**
 * Findings as text for a terminal or a CI log: open findings (errors, then warnings), then the suppressed ones
 * with their reasons, then how to fix each failing rule once, then a one-line summary. Deterministic.
 */
export function formatFindings(findings: readonly Finding[]): string {
  const sorted = sortFindings(findings);
  const open = sorted.filter((f) => f.suppressed === undefined);
  const suppressed = sorted.filter((f) => f.suppressed !== undefined);
  const lines: string[] = [];
  for (const finding of open) lines.push(...describe(finding));
  if (suppressed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`Suppressed (${suppressed.length}):`);
    for (const finding of suppressed) lines.push(...describe(finding), `         reason: ${finding.suppressed!.reason}`);
  }
  const fixes = new Map<string, Finding>();
  for (const finding of open) if (!fixes.has(finding.ruleId)) fixes.set(finding.ruleId, finding);
  if (fixes.size > 0) {
    lines.push('', 'How to fix:');
    for (const [id, finding] of [...fixes].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${id}  ${finding.title}`, `    ${finding.remediation}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(findings));
  return `${lines.join('\n')}\n`;
}

/** `2 errors, 1 warning, 3 suppressed.` or `No findings.` */
export function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const open = findings.filter((f) => f.suppressed === undefined);
  const errors = open.filter((f) => f.severity === 'error').length;
  const warnings = open.length - errors;
  const suppressed = findings.length - open.length;
  return `${count(errors, 'error')}, ${count(warnings, 'warning')}, ${suppressed} suppressed.`;
}

function describe(finding: Finding): string[] {
  const label = finding.severity.toUpperCase().padEnd(8);
  const where = finding.path !== undefined ? `  (${finding.path})` : '';
  return [`${label} ${finding.ruleId}  ${finding.stack}  ${finding.address}${where}`, `         ${finding.message}`];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
