/**
 * What `serviceLevels.availability` asks of the design. The stacks size the 5xx alarms by the error
 * budget (1 - availability); here, the zones: two AZs leave a region one AZ failure from half its
 * capacity and no redundancy, which AWS's own multi-AZ designs do not promise beyond 99.9%, so a
 * target above that needs three AZs in every region.
 */
import { Loaded } from '../load';
import { Problem } from '../problems';
import { Blueprint, Environment } from '../schema';
import { problemAt, regionsOf } from './located';

/** Availability above which every region needs three AZs. */
export const THREE_AZ_AVAILABILITY = 0.999;

export function checkServiceLevels(env: Loaded<Environment>, blueprint: Loaded<Blueprint> | undefined): Problem[] {
  if (!blueprint) return [];
  const availability = env.value.serviceLevels?.availability ?? blueprint.value.serviceLevels.availability;
  if (availability <= THREE_AZ_AVAILABILITY) return [];
  const from = env.value.serviceLevels?.availability !== undefined ? 'this environment' : `blueprint "${blueprint.value.name}"`;
  return regionsOf(env)
    .filter(({ spec }) => spec.availabilityZones.length < 3)
    .map(({ path, spec }) =>
      problemAt(env, [...path, 'availabilityZones'], `has ${spec.availabilityZones.length} AZs, but availability ${availability} (from ${from}) needs 3 in every region (add a third AZ, or lower serviceLevels.availability to ${THREE_AZ_AVAILABILITY} or less)`),
    );
}
