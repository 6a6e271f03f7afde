/**
 * max_connections of an Aurora instance under the default parameter group, from AWS's published
 * defaults: Aurora PostgreSQL computes LEAST({DBInstanceClassMemory/9531392}, 5000); Aurora MySQL
 * publishes a value per instance size. DBInstanceClassMemory is the class's memory less what the
 * OS and RDS reserve (about 95% of it); where AWS publishes the value for a class, that value is used.
 */

const GIB = 1024 ** 3;

/** GiB of memory per vCPU by instance family letter (r: memory optimized, m: general, x: extra memory). */
const GIB_PER_VCPU: Readonly<Record<string, number>> = { r: 8, m: 4, x: 16, z: 8 };

/**
 * Aurora PostgreSQL's published defaults by size for the memory-optimized classes (16 and 32 GiB;
 * from 64 GiB the formula reaches its cap of 5000): DBInstanceClassMemory is about 95% of the memory.
 */
const POSTGRES_R_BY_SIZE: Readonly<Record<string, number>> = { large: 1722, xlarge: 3479 };

/** Published defaults of the burstable classes, which the formulas do not give exactly. */
const BURSTABLE: Readonly<Record<string, { readonly postgres: number; readonly mysql: number }>> = {
  'db.t3.medium': { postgres: 420, mysql: 90 },
  'db.t3.large': { postgres: 844, mysql: 135 },
  'db.t4g.medium': { postgres: 405, mysql: 90 },
  'db.t4g.large': { postgres: 844, mysql: 135 },
};

/** Share of a class's memory left as DBInstanceClassMemory (AWS's r6g.large figure: 1722 connections of 16 GiB). */
const CLASS_MEMORY_SHARE = 0.956;

/** Aurora MySQL's default max_connections by instance size (the same for r5, r6g, r6i, r7g, r7i, r8g). */
const MYSQL_BY_SIZE: Readonly<Record<string, number>> = {
  large: 1000,
  xlarge: 2000,
  '2xlarge': 3000,
  '4xlarge': 4000,
  '8xlarge': 5000,
  '12xlarge': 6000,
  '16xlarge': 6000,
  '24xlarge': 7000,
};

export const MAX_CONNECTIONS_SOURCE =
  'Aurora PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000); Aurora MySQL: the per-class table ("Maximum connections to an Aurora MySQL DB instance", Aurora User Guide)';

/** The instance class's memory in bytes, or undefined for a class this table does not know. */
export function classMemoryBytes(instanceClass: string): number | undefined {
  const match = /^db\.([a-z])(\d+)[a-z]*\.(\w+)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family, , size] = match as unknown as [string, string, string, string];
  if (family === 't') return size === 'medium' ? 4 * GIB : size === 'large' ? 8 * GIB : undefined;
  const perVcpu = GIB_PER_VCPU[family];
  const vcpus = size === 'large' ? 2 : size === 'xlarge' ? 4 : /^(\d+)xlarge$/.test(size) ? 4 * Number(size.replace('xlarge', '')) : undefined;
  return perVcpu === undefined || vcpus === undefined ? undefined : perVcpu * vcpus * GIB;
}

/**
 * Default max_connections of one instance. Serverless v2 is sized at its largest capacity
 * (2 GiB per ACU). Undefined when the class is unknown to the table (the plan then reports the
 * budget as unknown rather than guessing).
 */
export function maxConnections(engine: 'aurora-postgresql' | 'aurora-mysql', instanceClass: string, serverlessMaxAcu?: number): number | undefined {
  const burstable = BURSTABLE[instanceClass];
  if (burstable) return engine === 'aurora-postgresql' ? burstable.postgres : burstable.mysql;
  const memory = instanceClass === 'db.serverless' ? (serverlessMaxAcu ?? 0) * 2 * GIB : classMemoryBytes(instanceClass);
  if (engine === 'aurora-postgresql') {
    const published = /^db\.r\d+[a-z]*\./.test(instanceClass) ? POSTGRES_R_BY_SIZE[instanceClass.split('.')[2]!] : undefined;
    if (published !== undefined) return published;
    return memory === undefined || memory === 0 ? undefined : Math.min(Math.floor((memory * CLASS_MEMORY_SHARE) / 9_531_392), 5000);
  }
  if (instanceClass === 'db.serverless') {
    // Aurora MySQL Serverless v2 uses the MySQL formula on its maximum memory.
    const usable = (memory ?? 0) * CLASS_MEMORY_SHARE;
    return memory ? Math.max(90, Math.round(Math.max(Math.log2(usable / 805_306_368) * 45, Math.log2(usable / 8_187_281_408) * 1000))) : undefined;
  }
  const size = instanceClass.split('.')[2];
  return size === undefined ? undefined : MYSQL_BY_SIZE[size];
}
