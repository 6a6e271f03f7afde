import markdownTable from 'markdown-table';
import { CachePlan, CapacityPlan, FileSystemPlan, SearchPlan, SharedServicesPlan } from '../capacity/types';
import { formatNumber, formatPercent, round } from './format';

/**
 * The shared services of the plan report: each service's size per scenario and why (the planner's reasoning),
 * in Markdown and JSON. Plans without shared services get no Markdown section, and `null` services in the JSON.
 */

type ServiceKey = keyof SharedServicesPlan;
const SERVICES: ReadonlyArray<{ key: ServiceKey; title: string }> = [
  { key: 'cache', title: 'Cache' },
  { key: 'search', title: 'Search cluster' },
  { key: 'sharedFileSystem', title: 'Shared file system' },
];

const STANDBY: Readonly<Record<string, string>> = {
  none: 'nothing (rebuilt or restored there)',
  reduced: 'same nodes and shards, one replica per shard (empty)',
  full: 'the same size',
  replica: 'a read-only replica (first other region)',
};

/** What the other regions get of a service, for people. */
function standbyText(key: ServiceKey, standby: string): string {
  if (key === 'cache' && standby === 'replica') return 'a read-only Global Datastore secondary (first two other regions), promoted on failover';
  if (key === 'search' && standby === 'full') return 'the same size, empty: re-indexed from the database after failover';
  return STANDBY[standby] ?? standby;
}

/** The "Shared services" section, or `undefined` when no plan has any. */
export function renderSharedServicesMarkdown(plans: readonly CapacityPlan[]): string | undefined {
  const present = SERVICES.filter(({ key }) => plans.some((plan) => plan.sharedServices?.[key] !== undefined));
  if (present.length === 0) return undefined;
  const rows: string[][] = [];
  for (const { key, title } of present) {
    for (const plan of plans) {
      const service = plan.sharedServices?.[key];
      rows.push(service ? [title, plan.scenario, size(key, service), service.modules.join(', '), standbyText(key, service.standby)] : [title, plan.scenario, '—', '—', '—']);
    }
  }
  const header = ['Service', 'Scenario', 'Size (sized for the horizon)', 'Used by', 'Other regions get'];
  const table = markdownTable([header, ...rows.map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')))], { align: ['l', 'l', 'l', 'l', 'l'] });
  const why: string[] = [];
  for (const { key, title } of present) {
    const groups = new Map<string, string[]>();
    for (const plan of plans) {
      const reasoning = plan.sharedServices?.[key]?.reasoning;
      if (reasoning === undefined) continue;
      const text = reasoning.map((line) => `- ${line}`).join('\n');
      groups.set(text, [...(groups.get(text) ?? []), plan.scenario]);
    }
    for (const [text, scenarios] of groups) {
      const which = plans.length === 1 ? '' : groups.size === 1 ? ' (every scenario)' : ` (${scenarios.join(', ')})`;
      why.push(`**${title}, why${which}:**\n\n${text}`);
    }
  }
  return `### Shared services\n\n${table}\n\n${why.join('\n\n')}`;
}

function size(key: ServiceKey, service: CachePlan | SearchPlan | FileSystemPlan): string {
  if (key === 'cache') {
    const c = service as CachePlan;
    const shards = `${c.shards} shard${c.shards === 1 ? '' : 's'}${c.clusterMode ? ' (cluster mode)' : ''}`;
    return `${c.engine} ${c.engineVersion}: ${shards} × ${c.nodeType} with ${c.replicasPerShard} replica${c.replicasPerShard === 1 ? '' : 's'}; ${formatNumber(c.dataGbAtHorizon, 1)} GB (${formatPercent(c.memoryUtilizationAtHorizon)} of usable memory), ${formatNumber(c.operationsPerSecondAtHorizon)} commands/s`;
  }
  if (key === 'search') {
    const s = service as SearchPlan;
    const masters = s.dedicatedMasterCount > 0 ? ` + ${s.dedicatedMasterCount} × ${s.dedicatedMasterType} masters` : '';
    return `${s.dataNodes} × ${s.instanceType} over ${s.availabilityZones} AZs${masters}, ${s.volumeGib} GiB gp3 each; ${s.primaryShards} primary shard${s.primaryShards === 1 ? '' : 's'} × ${1 + s.replicas} copies; ${formatNumber(s.sourceGbAtHorizon, 1)} GB source, ${formatNumber(s.storageGbAtHorizon, 1)} GB needed (${formatPercent(s.storageUtilizationAtHorizon)} used), ${formatNumber(s.queriesPerSecondAtHorizon, 1)} queries/s`;
  }
  const f = service as FileSystemPlan;
  return `EFS, ${f.throughputMode} throughput; ${formatNumber(f.storageGbAtHorizon, 1)} GB stored`;
}

/** `scenarios.<name>.sharedServices` of the JSON report: each service, or `null` when the blueprint does not ask for it. */
export interface SharedServicesJson {
  readonly cache: CacheJson | null;
  readonly search: SearchJson | null;
  readonly sharedFileSystem: FileSystemJson | null;
}

export interface CacheJson {
  readonly modules: readonly string[];
  readonly engine: string;
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly clusterMode: boolean;
  readonly dataGbAtHorizon: number;
  readonly operationsPerSecondAtHorizon: number;
  readonly memoryUtilizationAtHorizon: number;
  readonly snapshotRetentionDays: number;
  readonly keyspace: string;
  readonly authentication: string;
  readonly standby: string;
  readonly reasoning: readonly string[];
}

export interface SearchJson {
  readonly modules: readonly string[];
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly dataNodes: number;
  readonly availabilityZones: number;
  readonly dedicatedMasterCount: number;
  readonly dedicatedMasterType: string | null;
  readonly primaryShards: number;
  readonly replicas: number;
  readonly volumeGib: number;
  readonly documentsAtHorizon: { readonly tickets: number; readonly knowledgeArticles: number; readonly configurationItems: number };
  readonly sourceGbAtHorizon: number;
  readonly storageGbAtHorizon: number;
  readonly queriesPerSecondAtHorizon: number;
  readonly storageUtilizationAtHorizon: number;
  readonly standby: string;
  readonly reasoning: readonly string[];
}

export interface FileSystemJson {
  readonly modules: readonly string[];
  readonly throughputMode: string;
  readonly storageGbAtHorizon: number;
  readonly burstingBaselineMibpsAtHorizon: number;
  readonly posixUid: number;
  readonly posixGid: number;
  readonly standby: string;
  readonly reasoning: readonly string[];
}

/** The JSON of one scenario's shared services; numbers rounded like the rest of the report, keys in a fixed order. */
export function sharedServicesJson(plan: CapacityPlan): SharedServicesJson {
  const { cache, search, sharedFileSystem: files } = plan.sharedServices ?? {};
  return {
    cache: cache
      ? {
          modules: [...cache.modules],
          engine: cache.engine,
          engineVersion: cache.engineVersion,
          nodeType: cache.nodeType,
          shards: cache.shards,
          replicasPerShard: cache.replicasPerShard,
          clusterMode: cache.clusterMode,
          dataGbAtHorizon: round(cache.dataGbAtHorizon),
          operationsPerSecondAtHorizon: round(cache.operationsPerSecondAtHorizon),
          memoryUtilizationAtHorizon: round(cache.memoryUtilizationAtHorizon),
          snapshotRetentionDays: cache.snapshotRetentionDays,
          keyspace: cache.keyspace,
          authentication: cache.authentication,
          standby: cache.standby,
          reasoning: [...cache.reasoning],
        }
      : null,
    search: search
      ? {
          modules: [...search.modules],
          engineVersion: search.engineVersion,
          instanceType: search.instanceType,
          dataNodes: search.dataNodes,
          availabilityZones: search.availabilityZones,
          dedicatedMasterCount: search.dedicatedMasterCount,
          dedicatedMasterType: search.dedicatedMasterType ?? null,
          primaryShards: search.primaryShards,
          replicas: search.replicas,
          volumeGib: search.volumeGib,
          documentsAtHorizon: {
            tickets: Math.round(search.documentsAtHorizon.tickets),
            knowledgeArticles: Math.round(search.documentsAtHorizon.knowledgeArticles),
            configurationItems: Math.round(search.documentsAtHorizon.configurationItems),
          },
          sourceGbAtHorizon: round(search.sourceGbAtHorizon),
          storageGbAtHorizon: round(search.storageGbAtHorizon),
          queriesPerSecondAtHorizon: round(search.queriesPerSecondAtHorizon),
          storageUtilizationAtHorizon: round(search.storageUtilizationAtHorizon),
          standby: search.standby,
          reasoning: [...search.reasoning],
        }
      : null,
    sharedFileSystem: files
      ? {
          modules: [...files.modules],
          throughputMode: files.throughputMode,
          storageGbAtHorizon: round(files.storageGbAtHorizon),
          burstingBaselineMibpsAtHorizon: round(files.burstingBaselineMibpsAtHorizon),
          posixUid: files.posixUid,
          posixGid: files.posixGid,
          standby: files.standby,
          reasoning: [...files.reasoning],
        }
      : null,
  };
}
