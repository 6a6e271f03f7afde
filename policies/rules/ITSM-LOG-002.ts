import { shown, violation } from '../helpers';
import { PolicyRule } from '../types';

/** Every VPC records its traffic with a flow log. */
export const VpcFlowLogs: PolicyRule = {
  id: 'ITSM-LOG-002',
  severity: 'error',
  title: 'Every VPC has a flow log recording rejected and accepted traffic',
  rationale:
    'Flow logs are the network record for investigations (which address talked to the database, what was probed and refused). They cannot be recreated for a past period.',
  remediation:
    'Network creates a flow log (traffic_type ALL) into an encrypted log group. For another aws_vpc add an aws_flow_log with vpc_id referencing it and traffic_type = "ALL".',
  appliesTo: ['aws_vpc'],
  check(resource, stack) {
    const logs = stack.linked(resource, 'aws_flow_log', 'vpc_id');
    if (logs.length === 0) return violation('no aws_flow_log in the stack has vpc_id referencing this VPC');
    if (logs.some((log) => log.body.traffic_type !== 'ACCEPT')) return 'compliant';
    return violation(`${logs[0]!.address} records traffic_type ${shown(logs[0]!.body.traffic_type)} only, so refused connections are not logged; expected "ALL"`);
  },
};
