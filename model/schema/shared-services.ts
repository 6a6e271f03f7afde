import { z } from 'zod';
import { Identifier, PositiveNumber, Share } from './common';

/**
 * `sharedServices:` of a blueprint: the managed services that some modules share (a cache, a search
 * cluster, a shared file system), which modules use each, and the figures that size them. Absent
 * services are not built. The planner sizes them (capacity/shared-services.ts); only the fleets of
 * the listed modules may reach them.
 */

const Modules = z
  .array(Identifier)
  .min(1)
  .describe('Modules (keys of modules) that use the service; only their fleets may reach it.');

const CacheNodeType = z.strictObject({
  type: z
    .string()
    .regex(/^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'must be an ElastiCache node type such as "cache.r7g.large"' })
    .describe('ElastiCache node type.'),
  memoryGib: PositiveNumber.describe('Memory of one node in GiB (ElastiCache "supported node types" table).'),
  operationsPerSecond: PositiveNumber.describe('Commands/s one node serves at 100% (measure with your workload).'),
});

const Cache = z
  .strictObject({
    modules: Modules,
    engine: z.enum(['valkey', 'redis']).default('valkey').describe('valkey (default) or redis (Redis OSS).'),
    engineVersion: z
      .string()
      .regex(/^\d+\.\d+$/, { error: 'must be a major.minor version such as "8.0"' })
      .optional()
      .describe('Engine version; default 8.0 for valkey, 7.1 for redis (both support IAM authentication).'),
    activeRequesterShare: Share.default(0.1).describe(
      'Share of requesters with a live session in the busiest hour (every agent is counted); sizes the session memory.',
    ),
    sessionKb: PositiveNumber.default(16).describe('KB one session keeps in the cache.'),
    cachedKbPerTicket: z.number().nonnegative().default(4).describe("KB cached per ticket of the current month (the hot working set)."),
    operationsPerRequest: z.number().nonnegative().default(4).describe('Cache commands per HTTP request of the using modules.'),
    nodeTypes: z
      .array(CacheNodeType)
      .min(1)
      .optional()
      .describe('Node types the planner may choose, smallest first; default: cache.t4g.small to cache.r7g.4xlarge (burstable types outside production only).'),
    replicasPerShard: z
      .number()
      .int()
      .min(1)
      .max(5)
      .optional()
      .describe('Replicas per shard; default: one per further AZ in production (at least 1), else 1. At least 1 for Multi-AZ failover.'),
    snapshotRetentionDays: z.number().int().min(1).max(35).default(7).describe('Days automatic snapshots are kept (1-35).'),
    authentication: z
      .enum(['iam', 'network'])
      .default('iam')
      .describe(
        'iam (default): each module connects as its own user with an IAM token, no password anywhere. network: for clients that cannot present IAM tokens ' +
          "(Zammad's Redis client): each module's user is password-less and keeps its key ACL, and the security group is the only gate; the policy pack flags it " +
          '(ITSM-ECA-006) until the environment suppresses that finding with its reason.',
      ),
    keyspace: z
      .enum(['per-module', 'shared'])
      .default('per-module')
      .describe('per-module: each module may use only keys and channels starting "<module>:"; shared: every module every key (one application whose processes share keys, e.g. Zammad).'),
  })
  .describe('ElastiCache (Valkey or Redis OSS) replication group: sessions and hot data.');

const SearchInstanceType = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+\.search$/, { error: 'must be an OpenSearch instance type such as "r7g.large.search"' })
    .describe('OpenSearch instance type.'),
  memoryGib: PositiveNumber.describe('Memory of one node in GiB.'),
  maxStorageGib: PositiveNumber.describe('Largest gp3 EBS volume one node of the type takes (OpenSearch Service EBS quotas).'),
  queriesPerSecond: PositiveNumber.describe('Search queries/s one data node serves at 100% (measure with your workload).'),
});

const IndexedDocument = z.enum(['tickets', 'knowledgeArticles', 'configurationItems']);

const Search = z
  .strictObject({
    modules: Modules,
    engineVersion: z
      .string()
      .regex(/^OpenSearch_\d+\.\d+$/, { error: 'must be an OpenSearch version such as "OpenSearch_2.19"' })
      .default('OpenSearch_2.19')
      .describe('OpenSearch engine version.'),
    indexes: z
      .array(IndexedDocument)
      .min(1)
      .default(['tickets', 'knowledgeArticles', 'configurationItems'])
      .describe('Which documents are indexed: tickets, knowledgeArticles, configurationItems.'),
    kbPerTicket: PositiveNumber.default(8).describe('Source KB indexed per ticket (text, comments, fields).'),
    knowledgeArticlesPerRequester: z.number().nonnegative().default(0.02).describe('Knowledge articles per requester.'),
    kbPerKnowledgeArticle: PositiveNumber.default(20).describe('Source KB indexed per knowledge article.'),
    kbPerConfigurationItem: PositiveNumber.default(2).describe('Source KB indexed per configuration item.'),
    retentionYears: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("Years tickets stay in the index; default workload.retentionYears."),
    replicas: z.number().int().min(0).max(3).optional().describe('Replica shards per primary shard; default 1 (at least 1 in production).'),
    searchesPerRequest: z.number().nonnegative().default(0.1).describe('Search queries per HTTP request of the using modules.'),
    instanceTypes: z
      .array(SearchInstanceType)
      .min(1)
      .optional()
      .describe('Data node types the planner may choose, smallest first; default: m7g.large.search to r7g.4xlarge.search.'),
    maxDataNodes: z.number().int().min(2).max(80).default(24).describe('Largest data-node count before a bigger instance type is chosen.'),
  })
  .describe('OpenSearch domain: full-text search over tickets, knowledge articles and configuration items.');

const SharedFileSystem = z
  .strictObject({
    modules: Modules,
    baseGb: z.number().nonnegative().default(10).describe('GB stored regardless of load (installed apps, plugins, shared caches).'),
    kbPerTicket: z.number().nonnegative().default(0).describe('KB the modules keep on the file system per ticket (exports, generated files).'),
    storesAttachments: z
      .boolean()
      .default(false)
      .describe('Attachments live on the file system (e.g. a Jira shared home) rather than in the attachment bucket.'),
    throughputMode: z
      .enum(['elastic', 'bursting'])
      .default('elastic')
      .describe('elastic (default: pay per use, scales with load) or bursting (throughput grows with the stored size).'),
    posixUid: z.number().int().min(0).max(4294967295).default(1000).describe('POSIX user the access points enforce.'),
    posixGid: z.number().int().min(0).max(4294967295).default(1000).describe('POSIX group the access points enforce.'),
  })
  .describe('EFS file system with one access point per using module (e.g. a shared home).');

export const SharedServicesSchema = z
  .strictObject({
    cache: Cache.optional(),
    search: Search.optional(),
    sharedFileSystem: SharedFileSystem.optional(),
  })
  .describe('Managed services that modules share; each is built only when present.');

export type SharedServicesSpec = z.infer<typeof SharedServicesSchema>;
export type CacheSpec = NonNullable<SharedServicesSpec['cache']>;
export type SearchSpec = NonNullable<SharedServicesSpec['search']>;
export type SharedFileSystemSpec = NonNullable<SharedServicesSpec['sharedFileSystem']>;
export type IndexedDocument = z.infer<typeof IndexedDocument>;

/**
 * Cross-field checks of `sharedServices`, called from the blueprint's refinement: every listed module
 * exists and is listed once, and node-type lists run smallest first.
 */
export function checkSharedServices(
  services: SharedServicesSpec | undefined,
  moduleNames: readonly string[],
  ctx: z.RefinementCtx,
): void {
  if (services === undefined) return;
  const entries: Array<[keyof SharedServicesSpec, { modules: string[] } | undefined]> = [
    ['cache', services.cache],
    ['search', services.search],
    ['sharedFileSystem', services.sharedFileSystem],
  ];
  for (const [service, spec] of entries) {
    if (spec === undefined) continue;
    const seen = new Set<string>();
    spec.modules.forEach((module, index) => {
      const path = ['sharedServices', service, 'modules', index];
      if (!moduleNames.includes(module)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown module "${module}" (one of: ${moduleNames.join(', ') || 'none defined'})` });
      } else if (seen.has(module)) {
        ctx.addIssue({ code: 'custom', path, message: `module "${module}" is listed twice (list each module once)` });
      }
      seen.add(module);
    });
  }
  ascending(ctx, services.cache?.nodeTypes?.map((t) => t.memoryGib), ['sharedServices', 'cache', 'nodeTypes'], 'memoryGib');
  ascending(ctx, services.search?.instanceTypes?.map((t) => t.memoryGib), ['sharedServices', 'search', 'instanceTypes'], 'memoryGib');
  const indexes = services.search?.indexes ?? [];
  indexes.forEach((index, i) => {
    if (indexes.indexOf(index) !== i) {
      ctx.addIssue({ code: 'custom', path: ['sharedServices', 'search', 'indexes', i], message: `"${index}" is listed twice (list each document kind once)` });
    }
  });
}

function ascending(ctx: z.RefinementCtx, values: number[] | undefined, path: (string | number)[], field: string): void {
  for (let i = 1; i < (values?.length ?? 0); i++) {
    if ((values![i] ?? 0) <= (values![i - 1] ?? 0)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `must be larger than the entry before it (${values![i - 1]}); list smallest first` });
    }
  }
}
