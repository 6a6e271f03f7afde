import { literalPart, NAME_LIMITS, nameArguments, nameLimit, nameProblem, namesOutOfLimit, prefixArgument, UNIQUE_SUFFIX_LENGTH } from '../../foundation/name-limits';

describe('the table', () => {
  test.each([
    ['aws_lb_target_group', 'name', 32],
    ['aws_lb_target_group', 'name_prefix', 6],
    ['aws_lb', 'name', 32],
    ['aws_security_group', 'name', 255],
    ['aws_security_group', 'name_prefix', 100],
    ['aws_rds_cluster_parameter_group', 'name', 255],
    ['aws_rds_cluster_parameter_group', 'name_prefix', 229],
    ['aws_db_parameter_group', 'name', 255],
    ['aws_rds_cluster', 'cluster_identifier', 63],
    ['aws_iam_role', 'name', 64],
    ['aws_iam_role', 'name_prefix', 38],
    ['aws_elasticache_replication_group', 'replication_group_id', 40],
    ['aws_opensearch_domain', 'domain_name', 28],
    ['aws_backup_vault', 'name', 50],
    ['aws_s3_bucket', 'bucket', 63],
    ['aws_s3_bucket', 'bucket_prefix', 37],
  ])('%s.%s is at most %i characters', (type, argument, max) => {
    expect(nameLimit(type, argument).max).toBe(max);
  });

  test('every prefix names an argument of its type and leaves room for the 26-character unique suffix', () => {
    for (const [type, limits] of Object.entries(NAME_LIMITS)) {
      for (const [argument, limit] of Object.entries(limits)) {
        if (limit.prefixOf === undefined) continue;
        const of = limits[limit.prefixOf];
        expect({ type, argument, of: of !== undefined && of.prefixOf === undefined }).toEqual({ type, argument, of: true });
        expect({ type, argument, fits: limit.max + UNIQUE_SUFFIX_LENGTH <= of!.max }).toEqual({ type, argument, fits: true });
      }
    }
  });

  test('name and prefix arguments of a type', () => {
    expect(nameArguments('aws_rds_cluster')).toEqual(['cluster_identifier', 'final_snapshot_identifier']);
    expect(prefixArgument('aws_lb_target_group', 'name')).toBe('name_prefix');
    expect(prefixArgument('aws_wafv2_web_acl', 'name')).toBeUndefined();
    expect(nameArguments('aws_route53_health_check')).toEqual([]);
  });

  test('a pair the table lacks is an error that says where to add it', () => {
    expect(() => nameLimit('aws_lb', 'bucket')).toThrow(/foundation\/name-limits\.ts has no limit for aws_lb\.bucket; add it to NAME_LIMITS/);
  });
});

describe('nameProblem', () => {
  test('lengths, with the limit and what the argument is', () => {
    expect(nameProblem('aws_lb_target_group', 'name', 'a'.repeat(32))).toBeUndefined();
    expect(nameProblem('aws_lb_target_group', 'name', 'a'.repeat(33))).toBe('is 33 characters, but AWS allows a name of at most 32');
    expect(nameProblem('aws_lb_target_group', 'name_prefix', 'stagin')).toBeUndefined();
    expect(nameProblem('aws_lb_target_group', 'name_prefix', 'staging')).toBe('is 7 characters, but AWS allows a name_prefix (Terraform appends 26 characters to make the name) of at most 6');
    expect(nameProblem('aws_iam_role', 'name', 'r'.repeat(65))).toBe('is 65 characters, but AWS allows a name of at most 64');
    expect(nameProblem('aws_opensearch_domain', 'domain_name', 'ab')).toBe('is 2 characters, but AWS needs a domain_name of at least 3');
  });

  test.each([
    ['aws_rds_cluster_parameter_group', 'name', 'Prod-pg', 'lower-case letters'],
    ['aws_rds_cluster_parameter_group', 'name', 'prod--pg', 'no "--"'],
    ['aws_rds_cluster_parameter_group', 'name', 'prod-pg-', 'not ending with a hyphen'],
    ['aws_rds_cluster', 'cluster_identifier', '1prod', 'starting with a letter'],
    ['aws_lb_target_group', 'name', '-prod', 'not starting or ending with a hyphen'],
    ['aws_lb', 'name', 'internal-prod', 'nor starting with "internal-"'],
    ['aws_s3_bucket', 'bucket', 'xn--prod-attachments', 'reserved prefixes'],
    ['aws_s3_bucket', 'bucket', 'prod-attachments-s3alias', 'suffixes'],
    ['aws_s3_bucket', 'bucket', 'Prod', 'lower-case letters'],
    ['aws_security_group', 'name', 'sg-prod', 'not starting with "sg-"'],
    ['aws_backup_restore_testing_plan', 'name', 'prod-restore', 'no hyphens'],
    ['aws_iam_role', 'name', 'prod role', '+ = , . @ _ -'],
    ['aws_kms_alias', 'name', 'itsm/key', '"alias/"'],
    ['aws_cloudwatch_metric_alarm', 'alarm_name', 'cpu\u0007high', 'printable characters'],
    ['aws_appautoscaling_policy', 'name', 'reader:cpu', 'except ":" and "/"'],
  ])('%s.%s "%s" is refused: %s', (type, argument, value, fragment) => {
    const problem = nameProblem(type, argument, value);
    expect(problem).toMatch(/^has characters or a form AWS refuses for a /);
    expect(problem).toContain(fragment);
  });

  test('a prefix may end with a hyphen (the unique suffix follows), a name may not', () => {
    expect(nameProblem('aws_rds_cluster_parameter_group', 'name_prefix', 'prod-us-east-1-tickets-aurora-postgresql16-')).toBeUndefined();
    expect(nameProblem('aws_security_group', 'name_prefix', 'prod-us-east-1-incident-fleet-')).toBeUndefined();
  });

  test('an interpolated name is checked on its literal text only', () => {
    expect(literalPart('prod-us-east-1-incident-${substr(sha1(join(":", ["8080", aws_vpc.main.id])), 0, 4)}')).toBe('prod-us-east-1-incident-');
    expect(nameProblem('aws_lb_target_group', 'name', 'prod-${var.x}')).toBeUndefined();
    expect(nameProblem('aws_lb_target_group', 'name', `${'a'.repeat(33)}-\${var.x}`)).toBe('is at least 34 characters, but AWS allows a name of at most 32');
    // Characters are AWS's to judge once Terraform knows the value.
    expect(nameProblem('aws_s3_bucket', 'bucket', '${aws_s3_bucket.x.id}')).toBeUndefined();
  });

  test('a type or argument without a limit has no problem', () => {
    expect(nameProblem('aws_route53_record', 'name', 'x'.repeat(300))).toBeUndefined();
    expect(nameProblem('aws_lb', 'description', 'x'.repeat(300))).toBeUndefined();
  });
});

describe('namesOutOfLimit', () => {
  test('finds each refused name of a stack, in type then address order', () => {
    const role = 'r'.repeat(65);
    const stack = {
      resource: {
        aws_s3_bucket: { ok: { bucket: 'prod-attachments' }, bad: { bucket: 'Prod_Attachments' } },
        aws_iam_role: { fleet: { name: role }, computed: { name: '${var.name}' } },
        aws_route53_record: { apex: { name: 'x'.repeat(300) } },
      },
    };
    expect(namesOutOfLimit(stack)).toEqual([
      { address: 'aws_iam_role.fleet', argument: 'name', value: role, problem: 'is 65 characters, but AWS allows a name of at most 64' },
      { address: 'aws_s3_bucket.bad', argument: 'bucket', value: 'Prod_Attachments', problem: expect.stringMatching(/^has characters or a form AWS refuses for a bucket/) },
    ]);
  });

  test('a stack without resources has none', () => {
    expect(namesOutOfLimit({})).toEqual([]);
  });
});
