/**
 * The policy pack: rules over synthesized Terraform JSON, one per file in rules/, documented in RULES.md.
 * See policies/README.md for the contract with `itsm-scale synth` and `itsm-scale check`.
 */
export { RULES, RULE_IDS } from './rules';
export { allAccepted, checkStackJson, isBlocking, sortFindings } from './engine';
export { formatFindings, summary } from './format';
export { applySuppressions, suppressionMatches, suppressionsFile, SUPPRESSIONS_FILE, unusedSuppressions } from './suppressions';
export { createStackView } from './stack-view';
export type { Finding, PolicyRule, ResourceView, RuleOutcome, Severity, StackView, Suppression, Violation } from './types';
