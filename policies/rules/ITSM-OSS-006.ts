import { blocks, isFalse, listed, violation } from '../helpers';
import { PolicyRule } from '../types';

/** The log types every OpenSearch domain publishes. */
export const REQUIRED_SEARCH_LOGS: readonly string[] = ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS'];

/** OpenSearch domains publish audit, error and slow logs. */
export const SearchLogs: PolicyRule = {
  id: 'ITSM-OSS-006',
  severity: 'error',
  title: 'OpenSearch domains publish audit, error and slow logs to CloudWatch Logs',
  rationale:
    'Audit logs record who read or changed which index (tickets are personal data); error and slow logs are what an on-call engineer needs when search is slow or red.',
  remediation:
    `SearchCluster publishes ${listed(REQUIRED_SEARCH_LOGS)} to encrypted log groups. For another aws_opensearch_domain add a log_publishing_options block per log type with cloudwatch_log_group_arn, ` +
    'and a CloudWatch Logs resource policy that lets es.amazonaws.com write to the groups.',
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const published = new Set(
      blocks(resource.body.log_publishing_options)
        .filter((option) => !isFalse(option.enabled) && typeof option.cloudwatch_log_group_arn === 'string')
        .map((option) => String(option.log_type)),
    );
    const missing = REQUIRED_SEARCH_LOGS.filter((type) => !published.has(type));
    return missing.length === 0 ? 'compliant' : violation(`log_publishing_options does not publish ${listed(missing)}; expected ${listed(REQUIRED_SEARCH_LOGS)}`);
  },
};
