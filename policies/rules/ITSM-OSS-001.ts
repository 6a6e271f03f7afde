import { block, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** OpenSearch domains encrypt at rest with a customer-managed key and between nodes. */
export const SearchEncrypted: PolicyRule = {
  id: 'ITSM-OSS-001',
  severity: 'error',
  title: 'OpenSearch domains are encrypted at rest with a customer-managed KMS key and node to node',
  rationale:
    'The index holds the text of every ticket, article and configuration item. Unencrypted volumes and snapshots expose it; unencrypted node-to-node traffic exposes it inside the VPC.',
  remediation:
    'SearchCluster always sets encrypt_at_rest { enabled = true, kms_key_id } and node_to_node_encryption { enabled = true }. For another aws_opensearch_domain set both; ' +
    'encryption at rest cannot be switched off once on, and switching it on needs a blue/green update.',
  appliesTo: ['aws_opensearch_domain'],
  check(resource) {
    const problems: string[] = [];
    const atRest = block(resource.body.encrypt_at_rest);
    if (!isTrue(atRest?.enabled)) problems.push(`encrypt_at_rest.enabled is ${shown(atRest?.enabled)}`);
    else if (typeof atRest?.kms_key_id !== 'string' || atRest.kms_key_id.trim() === '') problems.push('encrypt_at_rest.kms_key_id is not set (the AWS-managed key is used)');
    const nodeToNode = block(resource.body.node_to_node_encryption);
    if (!isTrue(nodeToNode?.enabled)) problems.push(`node_to_node_encryption.enabled is ${shown(nodeToNode?.enabled)}`);
    return problems.length === 0 ? 'compliant' : violation(`${problems.join('; ')}; expected encryption at rest with a customer-managed key and node-to-node encryption`);
  },
};
