export * from './backup-vault';
export { backupPlanName, backupVaultArn, backupVaultName, parseBackupVaultArn } from './naming';
export type { BackupVaultArnParts } from './naming';
export * from './policies';
export * from './rules';
