import { ownShards } from '../../capacity/database';
import { globalDatastoreIdParameterName } from '../../foundation/global-datastore';
import { logicalId, physicalName, regionCode, shardNumber } from '../../foundation/naming';
import { attachmentsBucketPrefix, clusterId, failoverInstanceId, vaultName } from '../names';
import { applyStack, checkFleets, describeGlobal, failoverCommands, forEach, leaseNote, moveAside, promoteComment, recoveryPointCommands, restoreCommands, scaleFleetsUp, singletonGroups, startSingletons } from './commands';
import { RunbookContext } from './context';
import { DNS_FAILOVER, RunbookStep } from './model';
import { declareStep, dnsStep, failoverExplanation, holdStep, step } from './steps';

/** The fail-over steps of each DR posture (capacity/dr.ts), in the order an operator follows them. */

export function warmStandby(ctx: RunbookContext): RunbookStep[] {
  return [
    dnsStep(
      ctx,
      `Route 53 fails over to ${ctx.recovery}`,
      `The failover record then answers with ${ctx.recovery}'s load balancer, whose fleets already run one instance per module. Reads work; writes fail until step 3.`,
    ),
    declareStep(ctx, 2),
    step('operator', `Fail over each global cluster to ${ctx.recovery}`, 10, failoverExplanation(ctx), failoverCommands(ctx)),
    ...cacheSteps(ctx),
    step(
      'operator',
      `Scale ${ctx.recovery}'s fleets to the primary's sizes`,
      0,
      `Run while the databases fail over. Target tracking would scale out on load anyway; setting the primary's min / desired / max at once saves the minutes of scaling steps. ` +
        `Sizes are today's business-hours need (desired) up to the horizon's peak (max).`,
      scaleFleetsUp(ctx, ctx.recovery),
      'parallel',
    ),
    step(
      'operator',
      singletonGroups(ctx, ctx.recovery).length > 0 ? `Start the singletons in ${ctx.recovery} and verify` : `Verify writers, fleets and singleton leases in ${ctx.recovery}`,
      1,
      (singletonGroups(ctx, ctx.recovery).length > 0
        ? `Singleton parts (schedulers, timers) run once, in the primary region only (elsewhere they wait at zero); start them now that ${ctx.recovery} holds the writers. `
        : '') +
        'Then check that each global cluster\'s writer is in ' +
        `${ctx.recovery} and that the fleets have their instances in service.` +
        leaseNote(ctx),
      [...startSingletons(ctx, ctx.recovery), ...describeGlobal(ctx, ctx.recovery), checkFleets(ctx, ctx.recovery)],
    ),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

/**
 * Warm standby keeps the cache in an ElastiCache Global Datastore: its secondary in the recovery region is read-only
 * until promoted. Run beside the databases' failover.
 */
export function cacheSteps(ctx: RunbookContext): RunbookStep[] {
  if (ctx.plan.sharedServices?.cache?.standby !== 'replica') return [];
  const group = physicalName(ctx.env, ctx.recovery, 'cache');
  const parameter = globalDatastoreIdParameterName(physicalName(ctx.env, 'cache'));
  return [
    step(
      'operator',
      `Promote the cache's Global Datastore secondary ${group} to primary`,
      0,
      `Run while the databases fail over. ${group} holds the sessions and queued work replicated from ${ctx.primary} (typically under a second behind) but is read-only until promoted: ` +
        'modules that write to the cache fail until then. The datastore\'s id is the one the primary published in this region. ' +
        `If ${ctx.primary} does not answer the promotion, detach the secondary instead, which makes it a standalone writable group: ` +
        `\`aws elasticache disassociate-global-replication-group --region ${ctx.recovery} --global-replication-group-id "$CACHE_GLOBAL_ID" --replication-group-id ${group} --replication-group-region ${ctx.recovery}\`; ` +
        `a detached group no longer matches ${ctx.stacks.recovery} (its global_replication_group_id forces replacement), so at fail-back rebuild the datastore before applying that stack. ` +
        'Terraform does not fight a promotion: the global group ignores changes to `primary_replication_group_id`.',
      [
        `export CACHE_GLOBAL_ID=$(aws ssm get-parameter --region ${ctx.recovery} --name ${parameter} --query Parameter.Value --output text)`,
        `aws elasticache failover-global-replication-group --region ${ctx.recovery} --global-replication-group-id "$CACHE_GLOBAL_ID" --primary-region ${ctx.recovery} --primary-replication-group-id ${group}`,
      ],
      'parallel',
    ),
  ];
}

/** A standby search domain is empty: the index is rebuilt from the promoted database once writes work there. */
export function searchSteps(ctx: RunbookContext): RunbookStep[] {
  if (ctx.plan.sharedServices?.search?.standby !== 'full') return [];
  const domain = physicalName(ctx.env, regionCode(ctx.recovery), 'search');
  return [
    step(
      'operator',
      `Rebuild the search index on ${domain} from the promoted database`,
      0,
      `${domain} stands by empty: no search data is copied between regions. Once ${ctx.recovery}'s databases take writes, start the product's full re-index on one instance ` +
        '(Zammad: `zammad run rake zammad:searchindex:rebuild`; Jira Service Management: a full re-index under Administration > System > Indexing). ' +
        'Everything but search works meanwhile; search results are incomplete until the re-index finishes (it reads every ticket, knowledge article and configuration item once).',
      [],
      'after-recovery',
    ),
  ];
}

export function pilotLight(ctx: RunbookContext): RunbookStep[] {
  const writers = ctx.shards.map(({ group, shard }) => {
    const db = ctx.plan.databases[group]!;
    return `aws rds create-db-instance --region ${ctx.recovery} --db-cluster-identifier ${clusterId(ctx.env, ctx.recovery, group, shard)} --db-instance-identifier ${failoverInstanceId(ctx.env, ctx.recovery, group, shard)} --db-instance-class ${db.instanceClass} --engine ${db.engine}`;
  });
  const waits = forEach(
    'id',
    ctx.shards.map(({ group, shard }) => failoverInstanceId(ctx.env, ctx.recovery, group, shard)),
    (id) => `aws rds wait db-instance-available --region ${ctx.recovery} --db-instance-identifier ${id}`,
  );
  return [
    dnsStep(
      ctx,
      `Route 53 fails over to ${ctx.recovery}`,
      `The failover record then answers with ${ctx.recovery}'s load balancer, but its fleets are at zero and its clusters have no instances: users see errors until step 5.`,
    ),
    declareStep(ctx, 3),
    step(
      'operator',
      `Add a writer to each of ${ctx.recovery}'s clusters and scale its fleets from zero`,
      20,
      `In pilot light ${ctx.recovery}'s clusters are headless (storage only) and its fleets are at zero. Start all instances and all fleets at once; ` +
        'instances take the longest (about 10 to 15 minutes). The instances are named `<cluster>-failover`, a name no stack uses: Terraform does not manage them, and fail-back deletes them. ' +
        `The CLI is used rather than a \`terraform apply\` of ${ctx.stacks.recovery}: that stack describes a standby, and promoting it in code moves the global clusters between stacks (see step 7).`,
      [...scaleFleetsUp(ctx, ctx.recovery), ...writers, ...waits],
    ),
    step('operator', `Fail over each global cluster to ${ctx.recovery}`, 10, failoverExplanation(ctx), failoverCommands(ctx)),
    step(
      'automatic',
      `${ctx.recovery}'s targets pass health checks; traffic flows`,
      5,
      `The load balancer's target groups mark the new instances healthy, then Route 53's check of ${ctx.recovery} passes and resolvers get its load balancer (up to the ${DNS_FAILOVER.ttlSeconds} s TTL).`,
    ),
    step(
      'operator',
      singletonGroups(ctx, ctx.recovery).length > 0 ? `Start the singletons in ${ctx.recovery} and verify` : `Verify writers, fleets and singleton leases in ${ctx.recovery}`,
      5,
      (singletonGroups(ctx, ctx.recovery).length > 0
        ? `Singleton parts (schedulers, timers) run once, in the primary region only; start them now that ${ctx.recovery} holds the writers. Then check writers and fleets.`
        : 'Check writers and fleets.') + leaseNote(ctx),
      [...startSingletons(ctx, ctx.recovery), ...describeGlobal(ctx, ctx.recovery), checkFleets(ctx, ctx.recovery)],
    ),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

export function activeActive(ctx: RunbookContext): RunbookStep[] {
  return [
    dnsStep(
      ctx,
      `Route 53 latency records drop ${ctx.primary}`,
      `Every other region already serves and is sized for the whole load, so users are answered at once. Reads work everywhere; writes, forwarded to the global writer in ${ctx.primary}, fail until step 2.`,
    ),
    step(
      'operator',
      `Fail over each global cluster to ${ctx.recovery}`,
      3,
      `${failoverExplanation(ctx)} Pre-authorised: the on-call engineer fails over as soon as ${ctx.primary}'s health check alarms, without waiting for a decision.`,
      [...ctx.setAccount, ...failoverCommands(ctx)],
    ),
    singletonGroups(ctx, ctx.recovery).length > 0
      ? step(
          'operator',
          `Start the singletons in ${ctx.recovery}`,
          0,
          `Singleton parts (schedulers, timers) run once, in the primary region only; start them in ${ctx.recovery} while the databases fail over (they wait for the writer).${leaseNote(ctx)}`,
          startSingletons(ctx, ctx.recovery),
          'parallel',
        )
      : step('automatic', `Singleton leases move to ${ctx.recovery}`, 0, leaseNote(ctx).trim()),
    ...searchSteps(ctx),
    holdStep(ctx),
  ];
}

export function restoreInRecoveryRegion(ctx: RunbookContext): RunbookStep[] {
  const vault = vaultName(ctx.env, ctx.recovery);
  // Groups with clusters of their own (a member of the shared cluster with one shard has none).
  const groups = Object.keys(ctx.plan.databases).filter((group) => ownShards(ctx.plan.databases[group]!).length > 0);
  const targets = groups.flatMap((group) => [`aws_db_subnet_group.${logicalId(group)}`, `aws_kms_alias.${logicalId(group, 'db')}`]);
  const imports = ctx.shards.map(
    ({ group, shard }) => `terraform import aws_rds_cluster.${logicalId(group, 'shard', shardNumber(shard))} ${clusterId(ctx.env, ctx.recovery, group, shard)}`,
  );
  return [
    step(
      'operator',
      `Declare the disaster and pick the recovery points in ${vault}`,
      10,
      `Backup & restore has no automatic failover: confirm that ${ctx.primary} is lost for longer than a restore takes, declare, and pick each shard's latest completed recovery point among the copies in ${ctx.recovery}'s vault.`,
      [...ctx.setAccount, ...recoveryPointCommands(ctx, ctx.recovery, ctx.primary)],
    ),
    step(
      'operator',
      `Create the database network in ${ctx.recovery}`,
      10,
      `In backup & restore ${ctx.recovery} holds only the network, the vault and the replicated attachments. Synthesize with ${ctx.recovery} promoted and apply only each group's subnet group and KMS key: the restores need them, and a full apply now would create empty clusters under the names the restores take.`,
      [promoteComment(ctx), 'npx cdktf synth', applyStack(ctx.stacks.recovery, targets)],
    ),
    step(
      'operator',
      `Restore each shard from ${vault}`,
      100,
      `Starts one restore job per shard, all at once, under the names ${ctx.stacks.recovery} gives its clusters and with its keys, in its isolated subnets. Security groups, parameter groups and instances follow in step 4. ` +
        'Large shards take longest: the 120 min restore budget (step 1 to 3) holds for shards within the shard size limit.',
      restoreCommands(ctx, ctx.recovery),
    ),
    step(
      'operator',
      `Apply ${ctx.stacks.recovery}`,
      60,
      `Imports the restored clusters into ${ctx.stacks.recovery}'s state (its state lives in ${ctx.recovery}'s bucket), then applies the rest: instances, security groups, load balancer, fleets and singletons. ` +
        'The plan must show the clusters updated in place, never replaced.',
      [`(cd cdktf.out/stacks/${ctx.stacks.recovery} && terraform init && ${imports.join(' && ')})`, applyStack(ctx.stacks.recovery)],
    ),
    step(
      'operator',
      'Verify the data and the service',
      30,
      `Check the fleets and the newest rows per shard against the recovery points' times; attachments were replicated to ${attachmentsBucketPrefix(ctx.env, ctx.recovery)}-<account> continuously, so they may be newer than the databases.`,
      [checkFleets(ctx, ctx.recovery)],
    ),
    step(
      'operator',
      `Switch DNS to ${ctx.recovery}`,
      30,
      `${ctx.stacks.global} routes the apex to ${ctx.primary}'s endpoint until the environment is changed, so change the apex alias directly to ${ctx.recovery}'s endpoint name (the stack's next plan shows the change back, which fail-back applies). ` +
        'Route 53\'s control plane runs in us-east-1: if that is the failed region, record changes may fail until it recovers; a failover record with a health check, set up beforehand, needs no change.',
      [
        `export DOMAIN=$(node -p "require('yaml').parse(require('fs').readFileSync('environments/${ctx.env}.yaml', 'utf8')).dns.domain")`,
        `export HOSTED_ZONE_ID=$(node -p "require('yaml').parse(require('fs').readFileSync('environments/${ctx.env}.yaml', 'utf8')).dns.hostedZoneId")`,
        `aws route53 change-resource-record-sets --hosted-zone-id "$HOSTED_ZONE_ID" --change-batch "$(printf '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"%s","Type":"A","AliasTarget":{"HostedZoneId":"%s","DNSName":"${ctx.recovery}.%s","EvaluateTargetHealth":true}}}]}' "$DOMAIN" "$HOSTED_ZONE_ID" "$DOMAIN")"`,
      ],
    ),
  ];
}

export function restoreInPlace(ctx: RunbookContext): RunbookStep[] {
  const region = ctx.primary;
  const vault = vaultName(ctx.env, region);
  const aside = moveAside(ctx, region, 'damaged');
  return [
    step(
      'operator',
      `Declare the incident and pick the recovery points in ${vault}`,
      10,
      `With one region this runbook recovers from losing the databases (corruption, a bad migration, deleted data), not from losing ${region}: a regional outage waits for the region. ` +
        'Pick each shard\'s recovery point (the latest completed one, or the last one before the damage).',
      [...ctx.setAccount, ...recoveryPointCommands(ctx, region, region)],
    ),
    step(
      'operator',
      'Move the damaged clusters aside',
      10,
      `Renames each damaged cluster to \`<name>-damaged\` so that the restore can take the name ${ctx.stacks.primary} gives it; the damaged clusters stay (deletion protection) until their data is no longer needed.`,
      aside,
    ),
    step('operator', `Restore each shard from ${vault}`, 100, 'Starts one restore job per shard, all at once, under the stack\'s names, keys and subnets.', restoreCommands(ctx, region)),
    step(
      'operator',
      `Apply ${ctx.stacks.primary}`,
      60,
      'Terraform finds the restored clusters under the names in its state and updates them in place (security groups, parameter groups); the instances move to the restored clusters, which the plan shows as replacements of the aws_rds_cluster_instance resources only.',
      [applyStack(ctx.stacks.primary)],
    ),
    step('operator', 'Verify the data and the service', 30, 'Check the fleets and the newest rows per shard against the recovery points\' times.', [checkFleets(ctx, region)]),
    step('operator', 'Reopen', 30, `DNS is unchanged: ${region}'s load balancer kept its name. Announce the data loss window (since the recovery points) and reopen.`),
  ];
}
