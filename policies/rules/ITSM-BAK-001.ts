import { violation } from '../helpers';
import { PolicyRule } from '../types';

/** Backup vaults are locked, so recovery points cannot be deleted early. */
export const BackupVaultLocked: PolicyRule = {
  id: 'ITSM-BAK-001',
  severity: 'error',
  title: 'Backup vaults have a vault lock configuration',
  rationale:
    'Ransomware and compromised administrators delete backups first. A vault lock makes AWS Backup refuse early deletion of recovery points and changes to the retention bounds; ' +
    'once its grace period (changeable_for_days) has passed, not even the account root can remove it.',
  remediation:
    'BackupVault always adds a lock. For another aws_backup_vault add an aws_backup_vault_lock_configuration whose backup_vault_name references it, with min_retention_days ' +
    '(and changeable_for_days for compliance mode).',
  appliesTo: ['aws_backup_vault'],
  check(resource, stack) {
    return stack.linked(resource, 'aws_backup_vault_lock_configuration', 'backup_vault_name', ['name']).length > 0
      ? 'compliant'
      : violation('no aws_backup_vault_lock_configuration in the stack has backup_vault_name referring to this vault');
  },
};
