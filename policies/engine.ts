import { RULES } from './rules';
import { createStackView } from './stack-view';
import { applySuppressions } from './suppressions';
import { Finding, PolicyRule, Suppression } from './types';

/**
 * Runs every rule on one synthesized stack (the parsed cdk.tf.json, ideally with cdktf's `"//"` metadata so findings
 * name construct paths) and returns its findings, suppressed ones included and marked. Pure and deterministic:
 * findings are ordered by severity (errors first), rule id and address.
 */
export function checkStackJson(stackName: string, json: object, suppressions: readonly Suppression[], rules: readonly PolicyRule[] = RULES): Finding[] {
  const stack = createStackView(stackName, json);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const type of new Set(rule.appliesTo)) {
      for (const resource of stack.ofType(type)) {
        let outcome;
        try {
          outcome = rule.check(resource, stack);
        } catch (error) {
          throw new Error(`policy rule ${rule.id} failed on ${resource.address} of stack ${stackName}: ${(error as Error).message}`, { cause: error });
        }
        if (outcome === 'compliant' || outcome === 'not-applicable') continue;
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          title: rule.title,
          stack: stackName,
          address: resource.address,
          ...(resource.path !== undefined ? { path: resource.path } : {}),
          message: outcome === 'non-compliant' ? `does not comply: ${rule.title}` : outcome.message,
          remediation: rule.remediation,
        });
      }
    }
  }
  return sortFindings(applySuppressions(findings, suppressions));
}

/** Errors before warnings, then by stack, rule id and address. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack) || a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address),
  );
}

/** `true` when a finding fails the check: an error that no suppression covers. */
export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' && finding.suppressed === undefined;
}

/** True when every finding is accepted by a suppression: information to show, nothing to act on. */
export function allAccepted(findings: readonly Finding[]): boolean {
  return findings.every((finding) => finding.suppressed !== undefined);
}
