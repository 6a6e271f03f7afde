import { asNumber, block, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** OpenSearch domains survive an AZ: zone awareness over at least two zones, and a master quorum when masters are dedicated. */
export const SearchMultiAz: PolicyRule = {
  id: 'ITSM-OSS-005',
  severity: 'error',
  title: 'OpenSearch domains spread data nodes over at least two AZs (zone awareness), with 3 or 5 dedicated masters when enabled',
  rationale:
    'A domain in one AZ, or with one data node, loses its index with that AZ or node. Zone awareness keeps each shard\'s replica in another zone; an even or single master count cannot keep a quorum.',
  remediation:
    'SearchCluster enables zone awareness over 2 or 3 zones with data nodes in multiples of them and 3 dedicated masters by default. For another domain set cluster_config { zone_awareness_enabled = true, ' +
    'zone_awareness_config { availability_zone_count = 2 or 3 }, instance_count >= 2 } and dedicated_master_count 3 or 5.',
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const cluster = block(resource.body.cluster_config);
    const problems: string[] = [];
    if (!isTrue(cluster?.zone_awareness_enabled)) problems.push(`cluster_config.zone_awareness_enabled is ${shown(cluster?.zone_awareness_enabled)}`);
    const nodes = asNumber(cluster?.instance_count);
    if (nodes === undefined || nodes < 2) problems.push(`cluster_config.instance_count is ${shown(cluster?.instance_count)}`);
    if (isTrue(cluster?.dedicated_master_enabled)) {
      const masters = asNumber(cluster?.dedicated_master_count);
      if (masters !== 3 && masters !== 5) problems.push(`dedicated_master_count is ${shown(cluster?.dedicated_master_count)}`);
    }
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected zone awareness, at least 2 data nodes and 3 or 5 dedicated masters when enabled`);
  },
};
