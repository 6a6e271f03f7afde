import { asNumber, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

export const MIN_BACKUP_RETENTION_DAYS = 7;

/** Automated database backups are kept for at least a week. */
export const RdsBackupRetention: PolicyRule = {
  id: 'ITSM-BAK-003',
  severity: 'error',
  title: `RDS automated backups are kept for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  rationale:
    'Point-in-time recovery reaches back only as far as the automated backups. The default of one day leaves no room to notice a bad migration or a deletion over a weekend.',
  remediation: `ShardedDatabase keeps 35 days. For another cluster or instance set backup_retention_period to ${MIN_BACKUP_RETENTION_DAYS} or more (up to 35).`,
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    const days = asNumber(resource.body.backup_retention_period);
    if (days !== undefined && days >= MIN_BACKUP_RETENTION_DAYS) return 'compliant';
    const received = resource.body.backup_retention_period === undefined ? 'not set (the default is 1 day)' : shown(resource.body.backup_retention_period);
    return violation(`backup_retention_period is ${received}; expected at least ${MIN_BACKUP_RETENTION_DAYS}`);
  },
};
