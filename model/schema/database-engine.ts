import { z } from 'zod';

/**
 * The engine and sharding of a database group (`databaseGroups.<g>.engine`, `engineVersion`, `sharding`):
 * off-the-shelf products need one unsharded cluster, some of them MySQL.
 */

export const DatabaseEngine = z
  .enum(['aurora-postgresql', 'aurora-mysql'])
  .default('aurora-postgresql')
  .describe('aurora-postgresql (default) or aurora-mysql; global database, backups, alarms and the policy pack work for both.');
export type DatabaseEngine = z.infer<typeof DatabaseEngine>;

export const Sharding = z
  .enum(['slots', 'none'])
  .default('slots')
  .describe('slots: shards over a fixed number of virtual slots (the planner adds shards); none: one cluster with readers, for products that do not shard.');

/** What an engine version looks like, per engine. */
export const ENGINE_VERSION_FORMS: Readonly<Record<DatabaseEngine, { pattern: RegExp; example: string }>> = {
  'aurora-postgresql': { pattern: /^\d+\.\d+(\.\d+)?$/, example: '16.10' },
  'aurora-mysql': { pattern: /^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$/, example: '8.0.mysql_aurora.3.10.0' },
};

export const EngineVersion = z
  .string()
  .max(64)
  .optional()
  .describe('Engine version, e.g. "16.10" (PostgreSQL) or "8.0.mysql_aurora.3.10.0" (MySQL). Default: 16.10 / 8.0.mysql_aurora.3.10.0.');

/** Cross-field checks of a group's engine fields: the version fits the engine; an unsharded group has one shard. */
export function checkDatabaseEngine(
  group: { engine: DatabaseEngine; engineVersion?: string | undefined; sharding: 'slots' | 'none'; minShards: number },
  ctx: z.RefinementCtx,
): void {
  const form = ENGINE_VERSION_FORMS[group.engine];
  if (group.engineVersion !== undefined && !form.pattern.test(group.engineVersion)) {
    ctx.addIssue({ code: 'custom', path: ['engineVersion'], message: `"${group.engineVersion}" is not an ${group.engine} version (e.g. "${form.example}")` });
  }
  if (group.sharding === 'none' && group.minShards > 1) {
    ctx.addIssue({ code: 'custom', path: ['minShards'], message: `is ${group.minShards} but sharding is "none" (one cluster; remove minShards or use sharding: slots)` });
  }
}
