/**
 * The ids of the policy pack's rules, in the order RULES.md lists them. The environment schema
 * (model/) validates `policy.suppressions[].rule` against this list without loading the pack;
 * test/policies/rule-ids.test.ts fails until it equals the ids of `policies/rules` exactly.
 * Add a rule: its file under policies/rules/, a line in policies/rules/index.ts, and its id here.
 */
export const RULE_IDS = [
  // Encryption at rest
  'ITSM-ENC-001',
  'ITSM-ENC-002',
  'ITSM-ENC-003',
  'ITSM-ENC-004',
  'ITSM-ENC-005',
  'ITSM-ENC-006',
  'ITSM-ENC-007',
  // Encryption in transit
  'ITSM-TLS-001',
  'ITSM-TLS-002',
  'ITSM-TLS-003',
  'ITSM-TLS-004',
  // Public exposure
  'ITSM-PUB-001',
  'ITSM-PUB-002',
  'ITSM-PUB-003',
  'ITSM-PUB-004',
  'ITSM-PUB-005',
  // Logging
  'ITSM-LOG-001',
  'ITSM-LOG-002',
  'ITSM-LOG-003',
  'ITSM-LOG-004',
  // Backups and immutability
  'ITSM-BAK-001',
  'ITSM-BAK-002',
  'ITSM-BAK-003',
  'ITSM-BAK-004',
  'ITSM-BAK-005',
  // Deletion protection
  'ITSM-DEL-001',
  'ITSM-DEL-002',
  'ITSM-DEL-003',
  // Names and replacement
  'ITSM-NAM-001',
  'ITSM-NAM-002',
  // Instance metadata
  'ITSM-EC2-001',
  // Least-privilege IAM
  'ITSM-IAM-001',
  'ITSM-IAM-002',
  'ITSM-IAM-003',
  // Tagging
  'ITSM-TAG-001',
  'ITSM-TAG-002',
  // Availability
  'ITSM-HA-001',
  'ITSM-HA-002',
  // Cost
  'ITSM-CST-001',
  // Shared services: cache, search cluster, shared file system
  'ITSM-ECA-001',
  'ITSM-ECA-002',
  'ITSM-ECA-003',
  'ITSM-ECA-004',
  'ITSM-ECA-005',
  'ITSM-ECA-006',
  'ITSM-OSS-001',
  'ITSM-OSS-002',
  'ITSM-OSS-003',
  'ITSM-OSS-004',
  'ITSM-OSS-005',
  'ITSM-OSS-006',
  'ITSM-EFS-001',
  'ITSM-EFS-002',
  'ITSM-EFS-003',
  // Alarms that act
  'ITSM-ALM-001',
  'ITSM-ALM-002',
] as const satisfies readonly [string, ...string[]];

/** The id of one rule of the pack. */
export type RuleId = (typeof RULE_IDS)[number];
