import { NAME_LIMITS, nameArguments, prefixArgument } from '../../foundation/name-limits';
import { block, isExpression, isTrue, violation } from '../helpers';
import { PolicyRule } from '../types';

/**
 * A resource with `create_before_destroy` has no fixed name: when a change forces its replacement,
 * Terraform creates the new one while the old one still exists, and AWS refuses a second resource of
 * the same name (a target group in the region, a security group in the VPC, a parameter group in the
 * account). A literal name is fixed; a `*_prefix` or an expression (e.g. a hash of the
 * replacement-forcing arguments) changes with the replacement.
 */
export const CreateBeforeDestroyUnnamed: PolicyRule = {
  id: 'ITSM-NAM-001',
  severity: 'error',
  title: 'A resource replaced before it is destroyed (create_before_destroy) has no fixed name',
  rationale:
    'create_before_destroy creates the replacement while the old resource still exists; with a fixed name AWS refuses it as a duplicate ' +
    '(DuplicateTargetGroupName, InvalidGroup.Duplicate, DBParameterGroupAlreadyExists) and the apply stops half-way, on the next change to a port, VPC, family or description.',
  remediation:
    'Give the resource a name that changes with the replacement: the *_prefix argument (name_prefix; constructs: ServiceFleet security groups, ShardedDatabase parameter groups) ' +
    'or a name computed from the replacement-forcing arguments (LoadBalancer target groups: <name>-<module>-<sha1 tag>); or drop create_before_destroy if the resource can be destroyed first.',
  appliesTo: Object.keys(NAME_LIMITS),
  check(resource) {
    if (!isTrue(block(resource.body.lifecycle)?.create_before_destroy)) return 'not-applicable';
    const fixed = nameArguments(resource.type).filter((argument) => {
      const value = resource.body[argument];
      return typeof value === 'string' && !isExpression(value);
    });
    if (fixed.length === 0) return 'compliant';
    return violation(
      fixed
        .map((argument) => {
          const prefix = prefixArgument(resource.type, argument);
          return `${argument} is the fixed "${String(resource.body[argument])}" under lifecycle.create_before_destroy; expected ${prefix ? `${prefix} or ` : ''}a name that changes with the replacement`;
        })
        .join('; '),
    );
  },
};
