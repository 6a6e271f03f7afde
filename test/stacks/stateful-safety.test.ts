import { defaultStacks, repoProject, resourcesOf, synthStacks, TerraformJson, withBlueprint, withEnvironment } from './helpers';

/**
 * Replacement-forcing attributes compared by the growth test, per stateful resource type: a change
 * to any of them makes Terraform destroy and recreate the resource, i.e. lose its data.
 */
const REPLACEMENT_FORCING: Record<string, string[]> = {
  aws_rds_cluster: ['cluster_identifier', 'engine', 'engine_mode', 'kms_key_id', 'db_subnet_group_name', 'storage_encrypted', 'master_username', 'database_name'],
  aws_rds_global_cluster: ['global_cluster_identifier', 'engine', 'storage_encrypted', 'database_name'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  aws_s3_bucket: ['bucket', 'object_lock_enabled'],
  aws_backup_vault: ['name', 'kms_key_arn'],
  aws_db_subnet_group: ['name'],
  aws_cloudwatch_log_group: ['name'],
  aws_ssm_parameter: ['name'],
};

const STATEFUL_TYPES = ['aws_rds_cluster', 'aws_rds_global_cluster', 'aws_kms_key', 'aws_s3_bucket', 'aws_backup_vault'];

/** Replacement-forcing attributes of every stateful resource that `before` and `after` both must hold unchanged. */
function replacedOrGone(before: Record<string, TerraformJson>, after: Record<string, TerraformJson>): { compared: string[]; problems: string[] } {
  const compared: string[] = [];
  const problems: string[] = [];
  for (const [stack, json] of Object.entries(before)) {
    const grown = after[stack];
    if (!grown) {
      problems.push(`${stack}: stack gone`);
      continue;
    }
    for (const [type, attributes] of Object.entries(REPLACEMENT_FORCING)) {
      for (const [name, was] of Object.entries(json.resource?.[type] ?? {})) {
        const now = grown.resource?.[type]?.[name];
        const address = `${stack}:${type}.${name}`;
        if (now === undefined) problems.push(`${address}: destroyed`);
        else for (const attribute of attributes) if (JSON.stringify(now[attribute]) !== JSON.stringify(was[attribute])) problems.push(`${address}: ${attribute} changes (replacement)`);
        compared.push(address);
      }
    }
  }
  return { compared, problems };
}

/**
 * prod planned 120 months ahead with shards provisioned `leadTimeMonths` ahead: with the whole horizon, the
 * aggressive scenario provisions tickets' second shard (needed in month 97, when the shared cluster holding the
 * first shard of every group would outgrow one shard).
 */
function farSighted(leadTimeMonths: number) {
  const longer = withEnvironment(repoProject(), 'prod', (e) => ({ ...e, horizonMonths: 120 }));
  return withBlueprint(longer, 'itsm-standard', (b) => ({ ...b, capacity: { ...b.capacity, shardLeadTimeMonths: leadTimeMonths } }));
}

describe('growth never destroys data', () => {
  const conservative = synthStacks(farSighted(120), ['prod'], 'conservative');
  const aggressive = synthStacks(farSighted(120), ['prod'], 'aggressive');

  test('adding a shard over time changes no existing shard: the plan of month 6 (every first shard in the shared cluster) → the plan of month 120 (tickets\' second shard)', () => {
    const now = synthStacks(farSighted(6), ['prod'], 'aggressive');
    const clusters = (stacks: Record<string, TerraformJson>) => Object.keys(stacks['prod-us-east-1']?.resource?.aws_rds_cluster ?? {});
    expect([clusters(now), clusters(aggressive)]).toEqual([['shared_shard_01'], ['shared_shard_01', 'tickets_shard_02']]);
    const { compared, problems } = replacedOrGone(now, aggressive);
    expect(problems).toEqual([]);
    expect(compared).toContain('prod-us-east-1:aws_rds_cluster.shared_shard_01');
    // AND the new shard gets its group's own key, network and password; the shared cluster's stay as they were
    const keys = (stacks: Record<string, TerraformJson>) => Object.keys(stacks['prod-us-east-1']?.resource?.aws_kms_key ?? {}).filter((k) => /_db$/.test(k));
    expect([keys(now), keys(aggressive)]).toEqual([['shared_db'], ['shared_db', 'tickets_db']]);
    // AND tickets' slot map sends its first shard's slots to the shared cluster (1,555 of 4,096: its 0.612 share weighed
    // against its own shard's 1), the rest to its own shard
    const slotMap = JSON.parse(String(aggressive['prod-us-east-1']!.resource!.aws_ssm_parameter!.tickets_slot_map!.value)) as { shards: { shard: number; firstSlot: number; lastSlot: number; writerEndpoint: string }[] };
    expect(slotMap.shards.map((s) => [s.shard, s.firstSlot, s.lastSlot, s.writerEndpoint])).toEqual([
      [1, 0, 1554, '${aws_rds_cluster.shared_shard_01.endpoint}'],
      [2, 1555, 4095, '${aws_rds_cluster.tickets_shard_02.endpoint}'],
    ]);
  });

  test('aggressive growth adds shards to prod', () => {
    const count = (stacks: Record<string, TerraformJson>) => Object.keys(stacks['prod-us-east-1']?.resource?.aws_rds_cluster ?? {}).length;
    expect(count(aggressive)).toBeGreaterThan(count(conservative));
  });

  test('every stateful resource of the conservative synth exists in the aggressive one at the same address with the same replacement-forcing attributes', () => {
    const { compared, problems } = replacedOrGone(conservative, aggressive);
    expect(problems).toEqual([]);
    // The test names what it compared, so a reviewer sees it covered clusters, keys, buckets and vaults.
    expect(compared).toEqual(expect.arrayContaining(['prod-us-east-1:aws_rds_cluster.shared_shard_01', 'prod-us-west-2:aws_rds_cluster.shared_shard_01']));
    for (const type of STATEFUL_TYPES) expect(compared.some((address) => address.includes(`:${type}.`))).toBe(true);
    expect(compared.length).toBeGreaterThan(20);
  });
});

describe.each(['jsm-prod', 'zammad-staging'])('growth never destroys data: product profile %s', (environment) => {
  test('conservative → aggressive keeps every stateful resource at its address, unreplaced, and the one cluster stays one', () => {
    const conservative = synthStacks(repoProject(), [environment], 'conservative');
    const aggressive = synthStacks(repoProject(), [environment], 'aggressive');
    const { compared, problems } = replacedOrGone(conservative, aggressive);
    expect(problems).toEqual([]);
    expect(compared.some((address) => address.includes(':aws_rds_cluster.'))).toBe(true);
    expect(compared.length).toBeGreaterThan(10);
    const primary = Object.keys(aggressive).find((name) => !name.endsWith('-global'))!;
    expect(Object.keys(aggressive[primary]!.resource?.aws_rds_cluster ?? {})).toHaveLength(1);
  });
});

describe('every stateful resource of every default and profile environment is encrypted, protected and kept', () => {
  const stacks = defaultStacks();

  test.each(Object.keys(stacks).filter((name) => !name.endsWith('-global')))('%s', (stackName) => {
    const json = stacks[stackName]!;
    const problems: string[] = [];
    const bucketsWithEncryption = new Set(
      Object.values(json.resource?.aws_s3_bucket_server_side_encryption_configuration ?? {}).map((c) => String(c.bucket)),
    );
    for (const [address, body] of resourcesOf(json)) {
      const [type, name] = address.split('.') as [string, string];
      const lifecycle = body.lifecycle as { prevent_destroy?: boolean } | undefined;
      if (STATEFUL_TYPES.includes(type) && lifecycle?.prevent_destroy !== true) problems.push(`${address}: no prevent_destroy`);
      if (type === 'aws_rds_cluster') {
        if (body.storage_encrypted !== true || !body.kms_key_id) problems.push(`${address}: not encrypted with a KMS key`);
        if (body.deletion_protection !== true) problems.push(`${address}: no deletion protection`);
        if (body.skip_final_snapshot !== false) problems.push(`${address}: skips the final snapshot`);
      }
      if (type === 'aws_rds_global_cluster' && (body.deletion_protection !== true || body.storage_encrypted !== true)) {
        problems.push(`${address}: global cluster without deletion protection or encryption`);
      }
      if (type === 'aws_kms_key' && body.enable_key_rotation !== true) problems.push(`${address}: key rotation off`);
      if (type === 'aws_backup_vault' && !body.kms_key_arn) problems.push(`${address}: no KMS key`);
      if (type === 'aws_s3_bucket' && !bucketsWithEncryption.has(`\${aws_s3_bucket.${name}.id}`) && !bucketsWithEncryption.has(`\${aws_s3_bucket.${name}.bucket}`)) {
        problems.push(`${address}: no server-side encryption configuration`);
      }
      if (type === 'aws_cloudwatch_log_group' && !body.kms_key_id) problems.push(`${address}: log group not encrypted with KMS`);
    }
    expect(problems).toEqual([]);
    // The stack must have stateful resources at all, or the walk proves nothing.
    expect(resourcesOf(json).filter(([address]) => STATEFUL_TYPES.some((t) => address.startsWith(`${t}.`))).length).toBeGreaterThan(0);
  });
});
