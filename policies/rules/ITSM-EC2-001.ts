import { block, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Instances require IMDSv2 session tokens. */
export const ImdsV2Required: PolicyRule = {
  id: 'ITSM-EC2-001',
  severity: 'error',
  title: 'Launch templates and instances require IMDSv2 (metadata_options.http_tokens = "required")',
  rationale:
    'IMDSv1 answers any GET, so a server-side request forgery in the application hands out the instance role\'s credentials. IMDSv2 needs a PUT-issued session token that SSRF cannot obtain.',
  remediation:
    'ServiceFleet sets http_tokens = "required" with a hop limit of 1. For another launch template or instance set metadata_options { http_tokens = "required" } ' +
    '(or http_endpoint = "disabled" when the instance needs no metadata).',
  appliesTo: ['aws_launch_template', 'aws_instance'],
  check(resource) {
    const options = block(resource.body.metadata_options);
    if (options?.http_endpoint === 'disabled' || options?.http_tokens === 'required') return 'compliant';
    const received = options?.http_tokens === undefined ? 'not set (the default allows IMDSv1)' : shown(options.http_tokens);
    return violation(`metadata_options.http_tokens is ${received}; expected "required"`);
  },
};
