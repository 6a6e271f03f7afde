import { actionCovers, conditionValues, isPublicPrincipal, policyStatements, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Bucket policies deny every request that does not use TLS. */
export const S3DenyInsecureTransport: PolicyRule = {
  id: 'ITSM-TLS-001',
  severity: 'error',
  title: 'S3 bucket policies deny requests without TLS (aws:SecureTransport = false)',
  rationale:
    'S3 still answers plain HTTP. Without an explicit deny, a misconfigured client or SDK endpoint sends attachments and credentials-signed requests in the clear.',
  remediation:
    'AttachmentStore adds the statement to both of its buckets. For another bucket add an aws_s3_bucket_policy with a statement ' +
    '{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucket ARN, bucket ARN + "/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}.',
  appliesTo: ['aws_s3_bucket'],
  check(resource, stack) {
    const policies = stack.linked(resource, 'aws_s3_bucket_policy', 'bucket', ['bucket']);
    if (policies.length === 0) return violation('no aws_s3_bucket_policy in the stack refers to this bucket, so nothing denies plain-HTTP requests');
    for (const policy of policies) {
      const statements = policyStatements(policy.body.policy);
      if (!statements) return violation(`${policy.address} has a policy that is not a literal JSON document (a Terraform expression?), so it cannot be checked; render it with JSON.stringify`);
      const denies = statements.some(
        (s) =>
          s.effect === 'Deny' &&
          isPublicPrincipal(s.principal) &&
          s.actions.some((action) => actionCovers(action, 's3:*')) &&
          conditionValues(s, 'Bool', 'aws:SecureTransport').includes('false'),
      );
      if (denies) return 'compliant';
    }
    return violation(`${policies.map((p) => p.address).join(', ')} has no statement denying s3:* to principal * when aws:SecureTransport is "false"`);
  },
};
