import { CapacityPlan, DatabasePlan, DrPosture, FleetPlan } from '../capacity/types';
import { RegionRole, regionRoles } from '../capacity/region-roles';
import { ownShards } from '../capacity/database';
import { shardNumber } from '../foundation/naming';
import { ownGroupParts } from '../capacity/singletons';
import { fleetName } from '../model/application';
import { globalStackName, planRegions, regionalStackName, vaultName } from './names';

/**
 * The deployment topology of a plan as a Mermaid `flowchart LR` that GitHub renders in a
 * ```` ```mermaid ```` block: one subgraph per region (its role and stack), inside it the load
 * balancer, a node per module fleet, the database groups (one node per shard up to
 * {@link MAX_SHARD_NODES} shards, else one node with the count), the backup vault and the
 * attachments bucket; the global stack's Route 53 with an edge per routed region; and the
 * cross-region edges: vault copies, attachment replication, Aurora Global Database.
 *
 * What exists where, and at which sizes, follows `regionRoles` (capacity/region-roles.ts), as the stacks do:
 * backup-restore keeps only the vault and the replicated attachments in the second region; pilot
 * light adds headless secondary clusters, a load balancer and fleets at zero; warm standby runs the
 * fleets at one instance and one instance per secondary shard; active-active runs everything in
 * every region, the secondaries forwarding writes. Singletons run in the primary only.
 *
 * Node ids are `[a-z0-9_]` built from names (never from positions); labels are quoted with `"`,
 * `#`, `<` and `>` escaped as Mermaid entity codes. Deterministic.
 */
export function topologyMermaid(plan: CapacityPlan): string {
  const regions = planRegions(plan, 'topologyMermaid');
  const posture = plan.dr.posture;
  const env = plan.environment;
  const maxReaders = Math.max(0, ...Object.values(plan.databases).map((db) => db.readersPerShard));
  const roles = regionRoles(posture, regions.all, maxReaders);
  const out: string[] = ['flowchart LR'];
  const edges: string[] = [];

  const routing = routingOf(posture, regions.all.length);
  out.push(`  subgraph ${id('global')}["${label(`${globalStackName(env)} stack`)}"]`);
  out.push(`    ${id('route53')}{{"${lines('Route 53', routing.title)}"}}`);
  out.push('  end');

  for (const role of roles) {
    const region = role.region;
    const r = id(region);
    const title = role.primary ? 'serving, primary' : role.serving ? 'serving' : 'standby';
    out.push(`  subgraph ${id('region', region)}["${lines(`${region}: ${title}`, `stack ${regionalStackName(env, region)}`)}"]`);
    if (role.hostsApplication) {
      out.push(`    ${id('alb', r)}["${lines('Load balancer', 'HTTPS')}"]`);
      // A node per autoscaling group: modules on the shared fleet appear in its label, with their singleton parts.
      for (const [name, fleet] of Object.entries(plan.fleets)) {
        if (fleet.hostedBy !== undefined) continue;
        const hostedParts = fleet.modules.length > 1 ? fleet.modules.flatMap((m) => ownGroupParts(plan.fleets[m] ?? { singletons: [] }).map((part) => fleetName(m, part))) : [];
        out.push(`    ${id('fleet', r, name)}["${fleetLabel(name, fleet, role, hostedParts)}"]`);
        edges.push(`  ${id('alb', r)} --> ${id('fleet', r, name)}`);
      }
      for (const [group, db] of clusterSets(plan)) {
        const groupId = id('db', r, group);
        const instances = instancesLabel(db, role);
        const shards = ownShards(db);
        // The shared cluster names the groups whose first shard it holds; a member's node shows its own shards.
        const title = db.hosts ? `shared cluster: ${db.hosts.join(', ')}` : db.firstShardIn !== undefined ? `${group} database (shard 01 in ${db.firstShardIn})` : `${group} database`;
        if (shards.length <= MAX_SHARD_NODES) {
          out.push(`    subgraph ${groupId}["${lines(title, databaseRole(role))}"]`);
          for (const shard of shards) {
            out.push(`      ${id('shard', r, group, shardNumber(shard))}[("${lines(`shard ${shardNumber(shard)}`, instances)}")]`);
          }
          out.push('    end');
        } else {
          out.push(`    ${groupId}[("${lines(title, `${shards.length} shards`, instances, databaseRole(role))}")]`);
        }
        const clients = new Set(db.modules.filter((m) => plan.fleets[m]).map((m) => plan.fleets[m]!.hostedBy ?? m));
        for (const fleet of clients) edges.push(`  ${id('fleet', r, fleet)} --> ${groupId}`);
      }
    }
    out.push(`    ${id('vault', r)}[("${lines('Backup vault', vaultName(env, region))}")]`);
    out.push(`    ${id('attachments', r)}[("${lines('Attachments', 'S3')}")]`);
    out.push('  end');
  }

  // Route 53 → load balancers.
  for (const edge of routing.edges(regions.primary, regions.serving, regions.standby)) {
    edges.push(`  ${id('route53')} -->|${edgeLabel(edge.label)}| ${id('alb', id(edge.region))}`);
  }

  // Cross-region: backups copied and attachments replicated to the first other region (RegionalStack);
  // every secondary cluster replicates from the primary's (Aurora Global Database).
  const offsite = regions.offsite;
  const p = id(regions.primary);
  if (offsite !== undefined) {
    edges.push(`  ${id('vault', p)} -.->|copies| ${id('vault', id(offsite))}`);
    edges.push(`  ${id('attachments', p)} -.->|replicates| ${id('attachments', id(offsite))}`);
  }
  for (const role of roles.filter((r) => r.database === 'secondary')) {
    const text = role.writeForwarding ? 'global database with write forwarding' : 'global database';
    for (const [group] of clusterSets(plan)) {
      edges.push(`  ${id('db', p, group)} -.->|${edgeLabel(text)}| ${id('db', id(role.region), group)}`);
    }
  }
  return [...out, ...edges].join('\n');
}

/** The shard sets with clusters of their own, in the plan's order (a member of the shared cluster with one shard has none). */
function clusterSets(plan: CapacityPlan): [string, DatabasePlan][] {
  return Object.entries(plan.databases).filter(([, db]) => ownShards(db).length > 0);
}

/** Up to this many shards a database group shows one node per shard; above, one node with the count. */
export const MAX_SHARD_NODES = 4;

interface RoutingEdge {
  readonly region: string;
  readonly label: string;
}

/** The global stack's routing: failover PRIMARY/SECONDARY, latency or simple (DnsFailover). */
function routingOf(posture: DrPosture, regionCount: number): { title: string; edges: (primary: string, serving: readonly string[], standby: readonly string[]) => RoutingEdge[] } {
  if (posture === 'active-active') {
    return { title: 'latency records', edges: (_primary, serving) => serving.map((region) => ({ region, label: 'latency' })) };
  }
  if ((posture === 'pilot-light' || posture === 'warm-standby') && regionCount > 1) {
    return {
      title: 'failover records',
      edges: (primary, _serving, standby) => [
        { region: primary, label: 'failover PRIMARY' },
        ...standby.slice(0, 1).map((region) => ({ region, label: 'failover SECONDARY' })),
      ],
    };
  }
  return { title: 'simple record', edges: (primary) => [{ region: primary, label: 'simple' }] };
}

function fleetLabel(module: string, fleet: FleetPlan, role: RegionRole, hostedParts: readonly string[] = []): string {
  const parts = [...ownGroupParts(fleet), ...hostedParts];
  const singletons = parts.length > 0 ? `+ ${parts.join(', ')}${role.primary ? '' : ' at zero'}` : undefined;
  // Parts under a lease run on every instance; only a writable database grants the lease (the primary's).
  const leased = (fleet.leaseParts ?? []).length > 0 ? `leases ${fleet.leaseParts!.join(', ')}${role.primary ? '' : ', idle'}` : undefined;
  const serves = fleet.modules.length > 1 ? [`serves ${fleet.modules.join(', ')}`] : [];
  // The sizes RegionalStack gives the fleet for the region's role.
  const sizes = fleet.singleton
    ? role.primary
      ? 'exactly 1 (singleton)'
      : 'singleton, at zero'
    : role.fleets === 'paused' ? `min 0 / max ${fleet.maxSize}, paused` : role.fleets === 'reduced' ? `min 1 / max ${fleet.maxSize}, reduced` : `min ${fleet.minSize} / max ${fleet.maxSize}`;
  return lines(module, ...serves, fleet.instanceType, sizes, ...(singletons ? [singletons] : []), ...(leased ? [leased] : []));
}

/** Instances per shard as RegionalStack provisions them for the region's role. */
function instancesLabel(db: DatabasePlan, role: RegionRole): string {
  const instanceClass = db.serverless ? `${db.instanceClass} ${db.serverless.minAcu}-${db.serverless.maxAcu} ACU` : db.instanceClass;
  switch (role.database) {
    case 'secondary':
      return role.secondaryInstancesPerShard === 0 ? 'headless, no instances' : `${role.secondaryInstancesPerShard} × ${instanceClass}`;
    case 'primary': {
      const readers = Math.max(1, db.readersPerShard);
      return `writer + ${readers} ${readers === 1 ? 'reader' : 'readers'}, ${instanceClass}`;
    }
    default:
      return db.readersPerShard === 0 ? `writer, ${instanceClass}` : `writer + ${db.readersPerShard} ${db.readersPerShard === 1 ? 'reader' : 'readers'}, ${instanceClass}`;
  }
}

function databaseRole(role: RegionRole): string {
  switch (role.database) {
    case 'primary':
      return 'global primary';
    case 'secondary':
      return role.writeForwarding ? 'global secondary, forwards writes' : 'global secondary';
    default:
      return 'regional';
  }
}

/** A Mermaid node id from names: lower case, `[a-z0-9_]` only, parts joined by `_`. */
function id(...parts: readonly string[]): string {
  const text = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(text) ? text : `n_${text}`;
}

/** Text for a quoted Mermaid label: `#`, `"`, `<` and `>` become entity codes. */
function label(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Several label lines, each escaped, joined by `<br/>`. */
function lines(...texts: readonly string[]): string {
  return texts.map(label).join('<br/>');
}

/** Edge labels go unquoted between pipes: letters, digits, spaces and hyphens only. */
function edgeLabel(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 -]+/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
}
