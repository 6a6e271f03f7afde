import { block, isTrue, shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Application load balancers write access logs. */
export const AlbAccessLogs: PolicyRule = {
  id: 'ITSM-LOG-001',
  severity: 'error',
  title: 'Application load balancers write access logs to S3',
  rationale:
    'Access logs are the only per-request record of who called the service, from where, with which TLS version and what the targets answered; ' +
    'incident response and abuse investigations depend on them and they cannot be produced after the fact.',
  remediation:
    'LoadBalancer enables access logs into the attachment store\'s log bucket. For another aws_lb set access_logs = {enabled = true, bucket = <bucket with an ALB log-delivery policy>}.',
  appliesTo: ['aws_lb'],
  check(resource) {
    if ((resource.body.load_balancer_type ?? 'application') !== 'application') return 'not-applicable';
    const logs = block(resource.body.access_logs);
    if (!logs) return violation('access_logs is not set; expected access_logs.enabled = true with a bucket');
    if (!isTrue(logs.enabled)) return violation(`access_logs.enabled is ${shown(logs.enabled)}; expected true`);
    if (typeof logs.bucket !== 'string' || logs.bucket === '') return violation('access_logs.bucket is not set');
    return 'compliant';
  },
};
