import { block, blocks, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

const ACCEPTED = ['aws:kms', 'aws:kms:dsse', 'AES256'];

/** S3 buckets have a default server-side encryption configuration. */
export const S3BucketEncrypted: PolicyRule = {
  id: 'ITSM-ENC-002',
  severity: 'error',
  title: 'S3 buckets have a default server-side encryption configuration',
  rationale:
    'S3 encrypts new objects with SSE-S3 by default since 2023, but only an explicit configuration in the stack pins the algorithm and key, ' +
    'makes a KMS key (and its key policy and CloudTrail record of use) the gate to the data, and keeps a console change from going unnoticed in the plan.',
  remediation:
    'AttachmentStore configures SSE-KMS with its own key (and SSE-S3 for the access-log bucket, the only option ALB log delivery supports). ' +
    'For another bucket add an aws_s3_bucket_server_side_encryption_configuration whose bucket is the bucket and whose rule sets apply_server_side_encryption_by_default.sse_algorithm to "aws:kms" with kms_master_key_id.',
  appliesTo: ['aws_s3_bucket'],
  check(resource, stack) {
    const configurations = stack.linked(resource, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', ['bucket']);
    if (configurations.length === 0) {
      return violation('no aws_s3_bucket_server_side_encryption_configuration in the stack refers to this bucket');
    }
    for (const configuration of configurations) {
      for (const rule of blocks(configuration.body.rule)) {
        const algorithm = block(rule.apply_server_side_encryption_by_default)?.sse_algorithm;
        if (typeof algorithm === 'string' && ACCEPTED.includes(algorithm)) return 'compliant';
      }
    }
    const algorithms = configurations.flatMap((c) => blocks(c.body.rule).map((r) => block(r.apply_server_side_encryption_by_default)?.sse_algorithm));
    return violation(`${configurations[0]!.address} sets no default encryption (sse_algorithm ${shown(algorithms[0])}); expected one of ${ACCEPTED.join(', ')}`);
  },
};
