/**
 * DNS coverage of the regions that serve traffic: a regional stack that publishes an endpoint
 * record for its load balancer (`<region>.<domain>`) serves only if a record of another stack
 * (the `<env>-global` failover or latency records) routes the domain to that endpoint. A region
 * outside DNS failover never takes over when the primary fails, so the diff reports it. Pure.
 */
import { StackJson, SynthOutput, UncoveredEndpoint } from './types';
import { isObject } from './values';

interface RecordInfo {
  readonly name: string;
  readonly targets: readonly string[];
  readonly aliasesLoadBalancer: boolean;
}

function records(stack: StackJson): RecordInfo[] {
  const out: RecordInfo[] = [];
  const byName = stack.resource?.['aws_route53_record'];
  if (!isObject(byName)) return out;
  for (const body of Object.values(byName)) {
    if (!isObject(body) || typeof body['name'] !== 'string') continue;
    const aliases = (Array.isArray(body['alias']) ? body['alias'] : [body['alias']]).filter(isObject);
    const aliasNames = aliases.map((alias) => alias['name']).filter((name): name is string => typeof name === 'string');
    const values = (Array.isArray(body['records']) ? body['records'] : []).filter((value): value is string => typeof value === 'string');
    out.push({ name: normal(body['name']), targets: [...aliasNames, ...values].map(normal), aliasesLoadBalancer: aliasNames.some((name) => name.includes('${aws_lb.')) });
  }
  return out;
}

function normal(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Endpoints of the after side that serve traffic (a record aliasing a load balancer) and that no
 * record of another stack of the same side routes to. Outputs without any DNS routing stack
 * (no record aliasing a name) report nothing: the check needs the routing side to judge.
 */
export function uncoveredEndpoints(before: SynthOutput, after: SynthOutput): UncoveredEndpoint[] {
  const all = [...after.stacks].map(([name, stack]) => ({ name, records: records(stack) }));
  if (!all.some((s) => s.records.some((r) => !r.aliasesLoadBalancer && r.targets.length > 0))) return [];
  const out: UncoveredEndpoint[] = [];
  for (const { name, records: own } of all) {
    for (const endpoint of own.filter((r) => r.aliasesLoadBalancer)) {
      const covered = all.some((other) => other.name !== name && other.records.some((r) => r.targets.includes(endpoint.name)));
      if (covered) continue;
      out.push({
        stack: name,
        endpoint: endpoint.name,
        newStack: !before.stacks.has(name),
        reason: `${name} serves traffic at ${endpoint.name}, but no DNS record of another stack routes the domain to it: the region is outside DNS failover, so it never receives users and never takes over when the primary fails (list the region among the environment's regions so that its global stack routes to it, or remove the region's load balancer)`,
      });
    }
  }
  return out.sort((x, y) => (x.stack < y.stack ? -1 : x.stack > y.stack ? 1 : 0));
}
