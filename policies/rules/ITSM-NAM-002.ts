import { NAME_LIMITS, nameProblem } from '../../foundation/name-limits';
import { violation } from '../helpers';
import { PolicyRule } from '../types';

/**
 * Every physical name fits its type's limit and character set (foundation/name-limits.ts, the one
 * table synth and the constructs use too): a name AWS refuses fails `terraform apply` after the
 * resources before it were created.
 */
export const NamesWithinLimits: PolicyRule = {
  id: 'ITSM-NAM-002',
  severity: 'error',
  title: 'Every literal physical name is within its resource type\'s length limit and character set',
  rationale:
    'AWS checks names only when it creates the resource: a 33-character target group, a 65-character IAM role or an upper-case parameter group passes terraform plan and fails the apply half-way. ' +
    'An interpolated name is checked on its literal text, which alone must fit.',
  remediation:
    'Shorten the environment name, or the module or database group name in it (every physical name starts <env>-<region>-); for a hand-written resource, fix the name argument ' +
    '(limits and characters per type in foundation/name-limits.ts).',
  appliesTo: Object.keys(NAME_LIMITS),
  check(resource) {
    const problems = Object.keys(NAME_LIMITS[resource.type] ?? {}).flatMap((argument) => {
      const value = resource.body[argument];
      if (typeof value !== 'string') return [];
      const problem = nameProblem(resource.type, argument, value);
      return problem ? [`${argument} "${value}" ${problem}`] : [];
    });
    return problems.length === 0 ? 'compliant' : violation(problems.join('; '));
  },
};
