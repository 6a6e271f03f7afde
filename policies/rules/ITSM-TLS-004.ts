import { blocks, shown, violation } from '../helpers';
import { PolicyRule, ResourceView, StackView } from '../types';

/** Databases refuse connections without TLS, set in a parameter group of the stack. */
export const RdsForceTls: PolicyRule = {
  id: 'ITSM-TLS-004',
  severity: 'error',
  title: 'RDS databases refuse unencrypted connections (rds.force_ssl = 1 / require_secure_transport = ON)',
  rationale:
    'PostgreSQL and MySQL accept plain-text connections unless told otherwise, and a client that silently falls back sends credentials and queries in the clear inside the VPC.',
  remediation:
    'ShardedDatabase sets rds.force_ssl = 1 in its cluster parameter group. For another cluster or instance create an aws_rds_cluster_parameter_group (aws_db_parameter_group for instances) ' +
    'in the stack with rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL/MariaDB) and reference it from db_cluster_parameter_group_name (parameter_group_name).',
  appliesTo: ['aws_rds_cluster', 'aws_db_instance'],
  check(resource, stack) {
    const cluster = resource.type === 'aws_rds_cluster';
    if (!cluster && resource.body.cluster_identifier !== undefined) return 'not-applicable';
    const attribute = cluster ? 'db_cluster_parameter_group_name' : 'parameter_group_name';
    const groupType = cluster ? 'aws_rds_cluster_parameter_group' : 'aws_db_parameter_group';
    const engine = typeof resource.body.engine === 'string' ? resource.body.engine : '';
    const mysql = /mysql|mariadb/.test(engine);
    const parameter = mysql ? 'require_secure_transport' : 'rds.force_ssl';
    const group = parameterGroup(resource, stack, attribute, groupType);
    if (!group) {
      return violation(
        `${attribute} is ${shown(resource.body[attribute])}, which is no ${groupType} of this stack, so the engine default applies and ${parameter} cannot be verified`,
      );
    }
    const setting = blocks(group.body.parameter).find((p) => p.name === parameter);
    const value = typeof setting?.value === 'string' ? setting.value.toUpperCase() : String(setting?.value ?? '');
    if (value === '1' || (mysql && value === 'ON')) return 'compliant';
    return violation(`${group.address} sets ${parameter} to ${shown(setting?.value)}; expected ${mysql ? '"ON"' : '"1"'}`);
  },
};

function parameterGroup(resource: ResourceView, stack: StackView, attribute: string, type: string): ResourceView | undefined {
  const value = resource.body[attribute];
  const referenced = stack.referencedBy(value, type)[0];
  if (referenced) return referenced;
  return typeof value === 'string' ? stack.ofType(type).find((group) => group.body.name === value) : undefined;
}
