import { escapeRegExp } from './helpers';
import { Finding, Suppression } from './types';

/** The file, next to each stack's cdk.tf.json, that carries the environment's suppressions to `itsm-scale check`. */
export const SUPPRESSIONS_FILE = 'policy-suppressions.json';

/** `true` when the suppression covers the rule at the Terraform address (`*` in a pattern matches any characters). */
export function suppressionMatches(suppression: Suppression, ruleId: string, address: string): boolean {
  if (suppression.rule !== ruleId) return false;
  if (suppression.resources === undefined) return true;
  return suppression.resources.some((pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(address));
}

/** Marks each finding that a suppression covers (the first matching suppression gives the reason). Never drops a finding. */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Finding[] {
  return findings.map((finding) => {
    const match = suppressions.find((s) => suppressionMatches(s, finding.ruleId, finding.address));
    return match ? { ...finding, suppressed: { reason: match.reason } } : finding;
  });
}

/** The suppressions that cover none of the findings: candidates for removal once the resource is fixed. */
export function unusedSuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Suppression[] {
  return suppressions.filter((s) => !findings.some((f) => suppressionMatches(s, f.ruleId, f.address)));
}

/**
 * The file that makes an environment's suppressions travel with the synth output: write `content` to
 * `<out>/stacks/<stack>/<name>` for every stack of the environment, so `itsm-scale check <out>` applies the
 * same suppressions without the YAML. Deterministic (same input, same bytes).
 */
export function suppressionsFile(suppressions: readonly Suppression[]): { name: string; content: string } {
  const normalised = suppressions.map((s) => ({ rule: s.rule, ...(s.resources !== undefined ? { resources: [...s.resources] } : {}), reason: s.reason }));
  return { name: SUPPRESSIONS_FILE, content: `${JSON.stringify({ suppressions: normalised }, null, 2)}\n` };
}
