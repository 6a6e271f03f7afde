import { isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** Every bucket blocks public access with all four settings. */
export const S3PublicAccessBlocked: PolicyRule = {
  id: 'ITSM-PUB-001',
  severity: 'error',
  title: 'S3 buckets block public access (all four public access block settings true)',
  rationale:
    'Attachments are customer data. One public ACL or bucket policy statement would expose them to the internet; the public access block makes S3 refuse both, whatever a later change says.',
  remediation:
    'AttachmentStore blocks public access on both buckets. For another bucket add an aws_s3_bucket_public_access_block for it with block_public_acls, block_public_policy, ' +
    'ignore_public_acls and restrict_public_buckets all true.',
  appliesTo: ['aws_s3_bucket'],
  check(resource, stack) {
    const blocks = stack.linked(resource, 'aws_s3_bucket_public_access_block', 'bucket', ['bucket']);
    if (blocks.length === 0) return violation('no aws_s3_bucket_public_access_block in the stack refers to this bucket');
    const best = blocks.map((b) => SETTINGS.filter((setting) => !isTrue(b.body[setting]))).sort((a, b) => a.length - b.length)[0]!;
    return best.length === 0 ? 'compliant' : violation(`${blocks[0]!.address} does not set ${best.join(', ')} to true`);
  },
};
