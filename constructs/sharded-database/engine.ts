/**
 * What differs between the Aurora engines a ShardedDatabase runs: versions, parameter-group family and
 * parameters (TLS only, connection and slow-statement logging), exported logs, port. Pure, no cdktf.
 */
import { writeForwardingSupported } from './global-database';

/** The Aurora engines of a database group. */
export type AuroraEngine = 'aurora-postgresql' | 'aurora-mysql';

export const AURORA_ENGINES: readonly AuroraEngine[] = ['aurora-postgresql', 'aurora-mysql'];

/** One cluster parameter. */
export interface ClusterParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: 'immediate' | 'pending-reboot';
}

/** An engine's facts and defaults. */
export interface EngineProfile {
  readonly engine: AuroraEngine;
  /** How people call it, e.g. in security-group descriptions. */
  readonly title: string;
  readonly defaultVersion: string;
  readonly defaultPort: number;
  /** What a version looks like, e.g. `16.10` or `8.0.mysql_aurora.3.10.0`. */
  readonly versionPattern: RegExp;
  readonly versionExample: string;
  /** The cluster parameter group family of a version, e.g. `aurora-postgresql16`, `aurora-mysql8.0`. */
  family(version: string): string;
  /** TLS only, connections and statements slower than `slowStatementMs` logged (-1: off), sorted by name. */
  parameters(slowStatementMs: number): ClusterParameter[];
  /** The logs exported to CloudWatch Logs, each into `/aws/rds/cluster/<id>/<log>`. */
  readonly logExports: readonly string[];
  /** Whether a version supports write forwarding from a global database's secondary. */
  writeForwardingSupported(version: string): boolean;
  /** Where `writeForwardingSupported` comes from, for error messages. */
  readonly writeForwardingVersions: string;
}

const byName = (a: ClusterParameter, b: ClusterParameter) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const POSTGRESQL: EngineProfile = {
  engine: 'aurora-postgresql',
  title: 'PostgreSQL',
  defaultVersion: '16.10',
  defaultPort: 5432,
  versionPattern: /^\d+\.\d+(\.\d+)?$/,
  versionExample: '16.10',
  family: (version) => `aurora-postgresql${version.split('.')[0]!}`,
  parameters: (slowStatementMs) =>
    [
      { name: 'log_connections', value: '1', applyMethod: 'immediate' as const },
      { name: 'log_disconnections', value: '1', applyMethod: 'immediate' as const },
      { name: 'log_min_duration_statement', value: String(slowStatementMs), applyMethod: 'immediate' as const },
      // pending-reboot is accepted for static and dynamic parameters; a new cluster starts with it applied.
      { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' as const },
    ].sort(byName),
  logExports: ['postgresql'],
  writeForwardingSupported,
  writeForwardingVersions: 'Aurora PostgreSQL 14.9+, 15.4+ or 16+',
};

const MYSQL: EngineProfile = {
  engine: 'aurora-mysql',
  title: 'MySQL',
  // Aurora MySQL 3.10 (MySQL 8.0.42), released 2025-07-31 (Aurora MySQL release notes).
  defaultVersion: '8.0.mysql_aurora.3.10.0',
  defaultPort: 3306,
  versionPattern: /^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$/,
  versionExample: '8.0.mysql_aurora.3.10.0',
  family: (version) => `aurora-mysql${version.split('.').slice(0, 2).join('.')}`,
  parameters: (slowStatementMs) =>
    [
      // Refuse unencrypted connections (the ITSM-TLS-004 rule checks this for MySQL).
      { name: 'require_secure_transport', value: 'ON', applyMethod: 'immediate' as const },
      { name: 'slow_query_log', value: slowStatementMs < 0 ? '0' : '1', applyMethod: 'immediate' as const },
      { name: 'long_query_time', value: String(Math.max(0, slowStatementMs) / 1000), applyMethod: 'immediate' as const },
      { name: 'log_output', value: 'FILE', applyMethod: 'immediate' as const },
      // Connections and disconnections into the audit log (Advanced Auditing).
      { name: 'server_audit_logging', value: '1', applyMethod: 'immediate' as const },
      { name: 'server_audit_events', value: 'CONNECT', applyMethod: 'immediate' as const },
    ].sort(byName),
  logExports: ['audit', 'error', 'slowquery'],
  // Global write forwarding is available in Aurora MySQL version 3 (all of it is MySQL 8.0-compatible).
  writeForwardingSupported: (version) => /^8\.0\.mysql_aurora\.3\./.test(version),
  writeForwardingVersions: 'Aurora MySQL version 3 (8.0.mysql_aurora.3.x)',
};

/** The profile of an engine. */
export function engineProfile(engine: AuroraEngine): EngineProfile {
  return engine === 'aurora-mysql' ? MYSQL : POSTGRESQL;
}
