import { z } from 'zod';

/**
 * Name of the IAM role that may delete recovery points, change their lifecycle, remove the vault lock (governance
 * mode) or rewrite the vault's access policy; the vault policy denies those actions to every other principal.
 */
export const DEFAULT_BREAK_GLASS_ROLE_NAME = 'itsm-scale-backup-break-glass';

/** IAM role names: 1-64 of letters, digits and `+=,.@_-` (no path). */
const IamRoleName = z
  .string()
  .regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, { error: 'must be an IAM role name: 1-64 letters, digits or "+=,.@_-", without a path, e.g. "itsm-scale-backup-break-glass"' });

/** Backup settings of an environment. */
export const BackupSettings = z
  .strictObject({
    breakGlassRoleName: IamRoleName.default(DEFAULT_BREAK_GLASS_ROLE_NAME).describe(
      'IAM role (in the environment account) that alone may delete recovery points, change their lifecycle, remove a governance vault lock or change the vault access policy. ' +
        'The stacks do not create it: create it, with MFA-protected trust, only when a deletion is needed.',
    ),
  })
  .describe('Who may break the backup vaults\' immutability (AWS Backup vault access policy).');

export type BackupSettings = z.infer<typeof BackupSettings>;
