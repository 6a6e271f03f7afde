/**
 * The plan report under residency zones (environments/intl-prod.yaml): where each location's data
 * lives, and what each location needs, in its own time zone; reports without zones keep their bytes.
 */
import { resolve } from 'node:path';
import { main } from '../../cli/main';
import { planCapacity } from '../../capacity/plan';
import { withResidency } from '../../capacity/residency-plan';
import { loadPlannableProject } from '../../cli/project';
import { resolveEnvironment } from '../../model/load';

const REPO = resolve(__dirname, '..', '..');

async function plan(env: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--env', env], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: REPO });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

/** The rows of the Markdown table under `heading`, as cells. */
function rowsUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const length = lines.slice(start).findIndex((l) => !l.startsWith('|'));
  return lines
    .slice(start, length < 0 ? undefined : start + length)
    .slice(2)
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

describe('plan report: residency', () => {
  test("'where each location's data lives' names, per kind of data, only regions of the location's zone (and the opted-out global group)", async () => {
    const markdown = await plan('intl-prod');
    const rows = rowsUnder(markdown, "### Where each location's data lives");
    const emea = rows.filter((r) => r[0] === 'emea');
    expect(emea.map((r) => r[2])).toEqual([
      'tickets (partition tickets-emea, 2 shards)',
      'cmdb (partition cmdb-emea, 1 shard)',
      'knowledge (global group: holds no personal data (personalData: false))',
      'attachments',
      'search index',
    ]);
    const tickets = emea[0]!;
    expect(tickets.slice(3)).toEqual(['eu-central-1', 'eu-west-1 (global secondary)', 'eu-central-1 vault, copied to eu-west-1', 'eu-west-1']);
    // Nothing personal of an APAC location names a region outside ap-southeast-*.
    for (const row of rows.filter((r) => r[0] === 'apac' && !r[2]!.startsWith('knowledge'))) {
      expect(row.slice(3).join(' ').match(/[a-z]{2}-[a-z]+-\d/g)!.every((region) => region.startsWith('ap-southeast-'))).toBe(true);
    }
  });

  test('capacity per location: population over time, peak hour in its own time zone, shards, regions, the zone\'s fleets', async () => {
    const rows = rowsUnder(await plan('intl-prod'), '### Capacity per location');
    expect(rows).toEqual([
      ['aggressive', 'emea', 'eu', '9,000 → 22,500', '10:00 Europe/Berlin (09:00 UTC)', 'tickets 2, cmdb 1', 'eu-central-1, eu-west-1', '17 instances'],
      ['aggressive', 'americas', 'us', '7,000 → 17,500', '10:00 America/New_York (15:00 UTC)', 'tickets 2, cmdb 1', 'us-east-1, us-west-2', '17 instances'],
      ['aggressive', 'apac', 'apac', '4,000 → 10,000', '10:00 Asia/Singapore (02:00 UTC)', 'tickets 2, cmdb 1', 'ap-southeast-1, ap-southeast-2', '17 instances'],
    ]);
  });

  test('the failover runbook fails over the primary zone\'s own global clusters (its partitions and the global group), inside the zone', async () => {
    const markdown = await plan('intl-prod');
    expect(markdown).toContain('regional outage of eu-central-1 (zone eu; the other zones fail over alike inside themselves: us (us-east-1 → us-west-2), apac (ap-southeast-1 → ap-southeast-2))');
    const failovers = [...markdown.matchAll(/aws rds failover-global-cluster --region (\S+) --global-cluster-identifier (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(failovers).toEqual([
      'eu-west-1 intl-prod-tickets-emea-shard-01',
      'eu-west-1 intl-prod-tickets-emea-shard-02',
      'eu-west-1 intl-prod-cmdb-emea-shard-01',
      'eu-west-1 intl-prod-knowledge-shard-01',
    ]);
  });

  test("limits are counted per zone: each region's quotas from its zone's fleets and shard sets, not the whole environment's", () => {
    // (quotas of one, so that every region's need is reported)
    const loaded = resolveEnvironment(loadPlannableProject({ root: REPO }), 'intl-prod');
    const resolved = { ...loaded, environment: { ...loaded.environment, quotas: { dbInstancesPerRegion: 1, dbClustersPerRegion: 1, ec2StandardVcpusPerRegion: 1, ec2XVcpusPerRegion: 1 } } };
    const whole = planCapacity(resolved);
    const zoned = withResidency(resolved, whole);
    const need = (plan: typeof whole, kind: string, region: string) => plan.problems.find((p) => p.kind === kind && p.region === region)?.needed;
    // GIVEN the whole environment counted as one region set, eu-central-1 would hold every group in full
    const clusters = (plan: typeof whole) => need(plan, 'db-clusters-per-region', 'eu-central-1');
    expect(clusters(whole)).toBe(Object.values(whole.databases).reduce((sum, db) => sum + db.shards, 0));
    // THEN under its zones it holds only the EU partitions and the global group
    const eu = Object.values(zoned.residency!.partitions).filter((p) => p.zone === 'eu');
    expect(clusters(zoned)).toBe(eu.reduce((sum, p) => sum + p.database.shards, 0) + zoned.databases.knowledge!.shards);
    // and its fleets are the EU zone's: 17 m7i.xlarge (4 vCPUs each: the blueprint's 16 GiB minimum) at their maximum sizes
    expect(need(zoned, 'ec2-vcpus-per-region', 'eu-central-1')).toBe(68);
    expect(need(zoned, 'ec2-vcpus-per-region', 'ap-southeast-1')).toBe(68);
  });

  test('an environment without zones has no residency sections', async () => {
    const markdown = await plan('prod');
    expect(markdown).not.toContain("Where each location's data lives");
    expect(markdown).not.toContain('Capacity per location');
  });
});
