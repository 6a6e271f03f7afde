import { blocks, list, policyStatements, PolicyStatement, statementName, violation } from '../helpers';
import { PolicyRule } from '../types';

/** AWS managed policies that grant every action, or every IAM action, on every resource. */
export const ADMIN_MANAGED_POLICIES: readonly string[] = ['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess'];

const WILDCARD_ACTIONS = ['*', '*:*', 'iam:*'];

/** Identity policies grant no administrator wildcards. */
export const NoAdminWildcards: PolicyRule = {
  id: 'ITSM-IAM-001',
  severity: 'error',
  title: 'Identity policies grant no "*" or "iam:*" actions on Resource "*" (and attach no administrator managed policy)',
  rationale:
    'A role with "*" on "*" (or iam:* on "*", which can grant itself anything) turns any compromise of the instance, function or service using it into a compromise of the account.',
  remediation:
    'Name the actions and the resource ARNs (constructs build policies with JSON.stringify from the resources they create). Replace attached AdministratorAccess, IAMFullAccess or ' +
    'PowerUserAccess with a policy scoped to what the role does. Policies rendered from data sources or expressions cannot be checked and are reported too.',
  appliesTo: [
    'aws_iam_policy',
    'aws_iam_role_policy',
    'aws_iam_user_policy',
    'aws_iam_group_policy',
    'aws_iam_role',
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
  ],
  check(resource) {
    const body = resource.body;
    if (resource.type.endsWith('_attachment')) {
      const admin = adminPolicy(body.policy_arn);
      return admin ? violation(`attaches the AWS managed policy ${admin}; expected a policy scoped to the role's needs`) : 'compliant';
    }
    const role = resource.type === 'aws_iam_role';
    const documents: [string, unknown][] = role
      ? blocks(body.inline_policy).map((p, i) => [`inline_policy ${typeof p.name === 'string' ? `"${p.name}"` : i + 1}`, p.policy])
      : [['policy', body.policy]];
    const managed = role ? list(body.managed_policy_arns).map(adminPolicy).filter((name): name is string => name !== undefined) : [];
    if (documents.length === 0 && managed.length === 0) return role && body.managed_policy_arns !== undefined ? 'compliant' : 'not-applicable';
    const problems: string[] = managed.map((name) => `managed_policy_arns attaches the AWS managed policy ${name}`);
    for (const [where, document] of documents) {
      if (document === undefined) continue;
      const statements = policyStatements(document);
      if (!statements) {
        problems.push(`${where} is not a literal JSON policy document (a Terraform expression or data source?), so it cannot be checked`);
        continue;
      }
      statements.forEach((statement, index) => {
        const broad = broadGrant(statement);
        if (broad) problems.push(`${where} ${statementName(statement, index)} allows ${broad} on Resource "*"`);
      });
    }
    return problems.length === 0 ? 'compliant' : violation(problems.join('; '));
  },
};

function adminPolicy(arn: unknown): string | undefined {
  return typeof arn === 'string' ? ADMIN_MANAGED_POLICIES.find((name) => arn.endsWith(`:policy/${name}`)) : undefined;
}

function broadGrant(statement: PolicyStatement): string | undefined {
  if (statement.effect !== 'Allow' || !statement.resources.includes('*')) return undefined;
  const wildcard = statement.actions.find((action) => WILDCARD_ACTIONS.includes(action.toLowerCase()));
  if (wildcard) return `Action "${wildcard}"`;
  if (statement.notActions.length > 0) return `every action except ${statement.notActions.map((a) => `"${a}"`).join(', ')} (NotAction)`;
  return undefined;
}
