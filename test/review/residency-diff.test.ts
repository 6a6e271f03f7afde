/**
 * `itsm-scale diff` and residency: a change that would copy a zone's data out of it is a DATA RISK
 * (residency) naming the resource and the regions; growing one partition is none.
 */
import { App, Testing } from 'cdktf';
import { Project } from '../../model/load';
import { Environment } from '../../model/schema';
import { planReportJson } from '../../report/plan-json';
import { diffSynth, renderDiffMarkdown } from '../../review/diff';
import { Json, StackJson, SynthOutput } from '../../review/diff/types';
import { buildStacks } from '../../stacks/build';
import { repoProject, withBlueprint, withEnvironment } from '../stacks/helpers';

const ENV = 'intl-prod';

/** The environment's stacks and plan JSON, as a synth output would hold them. */
function output(label: string, project: Project): SynthOutput {
  const app = Testing.app();
  const [built] = buildStacks(app as App, project, { environments: [ENV] });
  const stacks = new Map<string, StackJson>();
  for (const stack of [...built!.regional, built!.global]) stacks.set(stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson);
  return { label, stacks, plans: new Map([[ENV, planReportJson([built!.plan], [built!.cost]) as unknown as Json]]) };
}

describe('diff: DATA RISK (residency)', () => {
  const project = repoProject();
  const before = output('before', project);

  test('dropping the residency zones (US first among the secondaries) flags EU backups, attachments and clusters copied to the US', () => {
    // GIVEN the same environment without its residency block
    const crafted = withEnvironment(project, ENV, (e: Environment) => {
      const { residency: _dropped, ...rest } = e;
      const us = rest.regions.secondaries.find((r) => r.name === 'us-east-1')!;
      return { ...rest, regions: { ...rest.regions, secondaries: [us, ...rest.regions.secondaries.filter((r) => r !== us)] } };
    });
    // WHEN diffed
    const report = diffSynth(before, output('after', crafted));
    // THEN the copy actions and replication to us-east-1 are data risks naming the resource and the regions
    const risk = (stack: string, address: string) => report.changes.find((c) => c.stack === stack && c.address === address);
    const backup = risk('intl-prod-eu-central-1', 'aws_backup_plan.backup')!;
    expect(backup.class).toBe('data-risk');
    expect(backup.reasons[0]).toMatch(/^DATA RISK \(residency\): backup copy to arn:aws:backup:us-east-1:666666666666:backup-vault:intl-prod-us-east-1-vault in us-east-1 holds data of location emea, whose zone eu is eu-central-1, eu-west-1 \(aws_backup_plan\.backup; allowed: eu\)$/);
    const replication = risk('intl-prod-eu-central-1', 'aws_s3_bucket_replication_configuration.attachments')!;
    expect(replication.class).toBe('data-risk');
    expect(replication.reasons[0]).toMatch(/replication rule replicate-all-to-us-east-1 .* in us-east-1 holds data of location emea/);
    expect(risk('intl-prod-us-east-1', 'aws_rds_cluster.tickets_shard_01')!.reasons[0]).toMatch(/^DATA RISK \(residency\): cluster intl-prod-us-east-1-tickets-shard-01 in us-east-1 holds data of location emea/);
    expect(renderDiffMarkdown(report)).toContain('DATA RISK (residency)');
  });

  test('growing the EU partition (more shards in the EU only) is no residency risk', () => {
    const grown = withBlueprint(project, 'itsm-multinational', (b) => ({
      ...b,
      databaseGroups: { ...b.databaseGroups, tickets: { ...b.databaseGroups.tickets!, partitionMinShards: { emea: 6 } } },
    }));
    const report = diffSynth(before, output('after', grown));
    expect(report.changes.filter((c) => c.reasons.some((r) => r.startsWith('DATA RISK (residency)')))).toEqual([]);
    // and only the EU stacks change, besides the environment's budget in the global stack
    expect(report.stacks.filter((s) => s.status !== 'unchanged').map((s) => s.stack)).toEqual(['intl-prod-eu-central-1', 'intl-prod-eu-west-1', 'intl-prod-global']);
    expect(report.changes.filter((c) => c.stack === 'intl-prod-global').map((c) => c.address)).toEqual(['aws_budgets_budget.budget']);
  });
});
