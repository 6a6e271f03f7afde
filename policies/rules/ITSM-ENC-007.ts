import { isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Symmetric KMS keys rotate their key material yearly. */
export const KmsKeyRotation: PolicyRule = {
  id: 'ITSM-ENC-007',
  severity: 'error',
  title: 'Symmetric KMS keys have automatic key rotation enabled',
  rationale:
    'Rotation limits how much data one key version protects and is required by most compliance frameworks. It is transparent: old versions stay available for decryption.',
  remediation: 'Set enable_key_rotation = true (constructs do so for every key they create). Asymmetric and HMAC keys cannot rotate and are not checked.',
  appliesTo: ['aws_kms_key'],
  check(resource) {
    const spec = resource.body.customer_master_key_spec ?? resource.body.key_spec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return 'not-applicable';
    return isTrue(resource.body.enable_key_rotation) ? 'compliant' : violation(`enable_key_rotation is ${shown(resource.body.enable_key_rotation)}; expected true`);
  },
};
