import { hasCondition, isPublicPrincipal, policyStatements, statementName, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Where each resource type keeps its resource policy. */
const POLICY_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_backup_vault_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
  aws_ecr_repository_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
  aws_kms_key: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_sns_topic: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue: 'policy',
  aws_sqs_queue_policy: 'policy',
};

/** Resource policies allow no one-and-all without a condition. */
export const NoUnconditionedPublicPrincipal: PolicyRule = {
  id: 'ITSM-IAM-002',
  severity: 'error',
  title: 'Resource policies do not allow Principal "*" without a condition',
  rationale:
    'An Allow to Principal "*" (or {"AWS": "*"}, or NotPrincipal) with no condition opens the bucket, topic, queue, key or role to every AWS account and, for some services, to anonymous callers.',
  remediation:
    'Name the principals (account root, role ARNs, service principals), or keep "*" and restrict it with conditions such as kms:CallerAccount with kms:ViaService, aws:SourceAccount, ' +
    'aws:SourceArn or aws:PrincipalOrgID. Deny statements with "*" (such as the TLS-only deny) are fine.',
  appliesTo: Object.keys(POLICY_ATTRIBUTE),
  check(resource) {
    const attribute = POLICY_ATTRIBUTE[resource.type]!;
    const document = resource.body[attribute];
    if (document === undefined) return 'not-applicable';
    const statements = policyStatements(document);
    if (!statements) return violation(`${attribute} is not a literal JSON policy document (a Terraform expression or data source?), so it cannot be checked`);
    const open = statements
      .map((statement, index) => ({ statement, index }))
      .filter(({ statement }) => statement.effect === 'Allow' && (isPublicPrincipal(statement.principal) || statement.notPrincipal !== undefined) && !hasCondition(statement));
    if (open.length === 0) return 'compliant';
    return violation(`${attribute} ${open.map(({ statement, index }) => statementName(statement, index)).join(', ')} allow${open.length === 1 ? 's' : ''} Principal "*" with no Condition`);
  },
};
