import markdownTable from 'markdown-table';
import { formatMinutes } from '../format';
import { Runbook, RunbookStep } from './model';

/** The runbook as GitHub-flavoured Markdown, for the plan report (../plan-markdown.ts). */

/**
 * Renders a runbook as GitHub-flavoured Markdown without a heading of its own (the caller adds one):
 * a summary, a table of the fail-over steps with budgets and elapsed time, each step with its
 * explanation and commands (folded in a `<details>` block, so that a pull-request comment stays
 * short), the RPO, the fail-back steps and notes. Deterministic.
 */
export function renderRunbookMarkdown(runbook: Runbook): string {
  const t = runbook.totals;
  const inPlace = runbook.recoveryRegion === runbook.primaryRegion;
  const lines: string[] = [
    `Event: **${runbook.event}**, posture **${runbook.posture}**; ${inPlace ? 'service is restored in' : 'service moves to'} \`${runbook.recoveryRegion}\`. ` +
      `Stacks: \`${runbook.stacks.primary}\`${runbook.stacks.recovery !== runbook.stacks.primary ? `, \`${runbook.stacks.recovery}\`` : ''}, \`${runbook.stacks.global}\`.`,
    '',
    `Budget: **${formatMinutes(t.failoverMinutes)}** until service is back (${formatMinutes(t.automaticMinutes)} automatic, ${formatMinutes(t.operatorMinutes)} operator), ` +
      `within the posture's RTO of ${formatMinutes(t.achievableRtoMinutes)} (required: ${formatMinutes(t.requiredRtoMinutes)}).`,
    '',
    stepTable(runbook.failover, true),
    '',
    ...collapsed('Fail-over steps with commands', runbook.failover),
    `**RPO:** ${formatMinutes(runbook.rpo.achievableMinutes)} (required: ${formatMinutes(runbook.rpo.requiredMinutes)}).`,
    '',
    ...runbook.rpo.evidence.map((line) => `- ${line}`),
    '',
    inPlace
      ? `**After recovery** (about ${formatMinutes(t.failbackMinutes)}):`
      : `**Fail back** once \`${runbook.primaryRegion}\` is healthy (planned; about ${formatMinutes(t.failbackMinutes)}):`,
    '',
    stepTable(runbook.failback, false),
    '',
    ...collapsed('Fail-back steps with commands', runbook.failback),
    '**Notes:**',
    '',
    ...runbook.notes.map((line) => `- ${line}`),
  ];
  return lines.join('\n');
}

export function timingText(s: RunbookStep, index: number): string {
  if (s.timing === 'parallel') return `during step ${index - 1}`;
  if (s.timing === 'after-recovery') return 'after recovery';
  return formatMinutes(s.budgetMinutes);
}

export function stepTable(steps: readonly RunbookStep[], elapsed: boolean): string {
  let clock = 0;
  const rows = steps.map((s, i) => {
    clock += s.budgetMinutes;
    const row = [String(i + 1), s.actor, s.title, timingText(s, i + 1)];
    return elapsed ? [...row, s.timing === 'after-recovery' ? '—' : formatMinutes(clock)] : row;
  });
  const header = ['#', 'Who', 'Step', elapsed ? 'Budget' : 'Time', ...(elapsed ? ['Elapsed'] : [])];
  const align = ['r', 'l', 'l', 'r', ...(elapsed ? ['r'] : [])];
  return markdownTable([header, ...rows].map((row) => row.map(escapeCell)), { align });
}

/** Step details in a `<details>` block; GitHub renders Markdown inside it after a blank line. */
export function collapsed(summary: string, steps: readonly RunbookStep[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...steps.flatMap((s, i) => stepDetail(s, i + 1)), '</details>', ''];
}

export function stepDetail(s: RunbookStep, index: number): string[] {
  const out = [`${index}. **${s.title}** (${s.actor}, ${timingText(s, index)}). ${s.explanation}`, ''];
  if (s.commands.length > 0) out.push('   ```sh', ...s.commands.map((c) => `   ${c}`), '   ```', '');
  return out;
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
