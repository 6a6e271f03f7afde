import { blocks, effectiveTags, list, violation } from '../helpers';
import { PolicyRule, ResourceView, StackView } from '../types';

/** Databases are selected by a backup plan of the stack. */
export const DataInBackupPlan: PolicyRule = {
  id: 'ITSM-BAK-002',
  severity: 'error',
  title: 'Databases and file systems are selected by an AWS Backup plan of the stack',
  rationale:
    'Automated RDS backups are deleted with the cluster and live in the same account and region. A backup plan keeps independent, locked, copied recovery points ' +
    'on the schedule the RPO demands.',
  remediation:
    'BackupVault selects resources tagged backup-plan=<plan name>; ShardedDatabase and AttachmentStore carry that tag (prop backupPlanTag). For another resource add the tag, or an ' +
    'aws_backup_selection with plan_id referencing an aws_backup_plan and resources listing the resource\'s ARN.',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance', 'aws_dynamodb_table', 'aws_efs_file_system'],
  check(resource, stack) {
    if (resource.type === 'aws_db_instance' && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    const plans = stack.ofType('aws_backup_plan');
    if (plans.length === 0) return violation('the stack has no aws_backup_plan');
    const selections = stack.ofType('aws_backup_selection').filter((selection) => stack.referencedBy(selection.body.plan_id, 'aws_backup_plan').length > 0);
    if (selections.some((selection) => selects(selection, resource, stack))) return 'compliant';
    const tags = effectiveTags(resource, stack);
    const offered = selections.flatMap((s) => blocks(s.body.selection_tag).map((t) => `${String(t.key)}=${String(t.value)}`));
    const hint = offered.length > 0 ? ` (selections match ${offered.join(', ')}; the resource has ${offered.map((o) => o.split('=')[0]!).map((k) => `${k}=${tags[k] ?? '(none)'}`).join(', ')})` : '';
    return violation(`no aws_backup_selection of a plan in the stack selects this resource by reference, ARN or tag${hint}`);
  },
};

function selects(selection: ResourceView, resource: ResourceView, stack: StackView): boolean {
  const tags = effectiveTags(resource, stack);
  const resources = list(selection.body.resources);
  if (stack.referencedBy(selection.body.not_resources).includes(resource)) return false;
  if (stack.referencedBy(resources).includes(resource)) return true;
  const identifier = [resource.body.cluster_identifier, resource.body.identifier, resource.body.name, resource.body.creation_token].find((v) => typeof v === 'string');
  if (typeof identifier === 'string' && resources.some((arn) => typeof arn === 'string' && arn.endsWith(`:${identifier}`))) return true;
  const tagMatch = blocks(selection.body.selection_tag).some(
    (tag) => String(tag.type ?? 'STRINGEQUALS').toUpperCase() === 'STRINGEQUALS' && typeof tag.key === 'string' && tags[tag.key] === tag.value,
  );
  if (tagMatch) return true;
  if (!resources.includes('*')) return false;
  const conditions = blocks(selection.body.condition).flatMap((condition) => blocks(condition.string_equals));
  return conditions.length > 0 && conditions.every((c) => typeof c.key === 'string' && tags[c.key.replace(/^aws:ResourceTag\//, '')] === c.value);
}
