import { list, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Database engines export their logs to CloudWatch Logs. */
export const RdsLogExports: PolicyRule = {
  id: 'ITSM-LOG-004',
  severity: 'error',
  title: 'RDS clusters and instances export their engine logs to CloudWatch Logs',
  rationale:
    'Engine logs (connections, errors, slow statements) stay on the instance for a few days only and vanish with it. Exported, they are retained, encrypted and searchable for audits and incidents.',
  remediation:
    'ShardedDatabase exports the "postgresql" log into a pre-created, encrypted log group. For another cluster or instance set enabled_cloudwatch_logs_exports ' +
    '(["postgresql"] for PostgreSQL; ["audit", "error", "slowquery"] for MySQL).',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    const exports = list(resource.body.enabled_cloudwatch_logs_exports);
    if (exports.length === 0) return violation(`enabled_cloudwatch_logs_exports is ${shown(resource.body.enabled_cloudwatch_logs_exports)}; expected the engine's logs`);
    const engine = typeof resource.body.engine === 'string' ? resource.body.engine : '';
    if (/postgres/.test(engine) && !exports.includes('postgresql')) return violation(`enabled_cloudwatch_logs_exports is ${shown(exports)}; expected it to include "postgresql"`);
    return 'compliant';
  },
};
