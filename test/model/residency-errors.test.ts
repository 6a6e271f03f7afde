/**
 * Residency input errors: each case copies the repository's blueprints/ and environments/ into a
 * temporary project, breaks one thing in intl-prod or its blueprint and pins the located message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlannableProject } from '../../cli/project';
import { formatProblem, InputError } from '../../model';
import { main } from '../../cli/main';
import { scratchProject } from './scratch-project';

const ENV = 'environments/intl-prod.yaml';
const BLUEPRINT = 'blueprints/itsm-multinational.yaml';

const scratch = scratchProject('itsm-scale-residency-');
const { edit } = scratch;
/** `FILE:LINE:COL` of the first occurrence of `needle` (plus `offset` characters). */
const at = (file: string, needle: string, offset = 0): string => `${scratch.shown(file)}:${scratch.position(file, needle, offset)}`;

function problemLines(): string[] {
  try {
    loadPlannableProject({ root: scratch.root(), files: [ENV] });
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('test setup: the project loaded without problems');
}

describe('residency validation', () => {
  test('the unbroken multinational environment loads', () => {
    expect([...loadPlannableProject({ root: scratch.root(), files: [ENV] }).environments.keys()]).toEqual(['intl-prod']);
  });

  test('a zone with one region where the service levels need a standby region', () => {
    // GIVEN the EU zone without eu-west-1 in the environment
    edit(ENV, "    - { name: eu-west-1, vpcCidr: 10.85.0.0/16 }\n", '');
    edit(ENV, '    eu-west-1: arn:aws:acm:eu-west-1:666666666666:certificate/66666666-6666-4666-8666-666666666662\n', '');
    expect(problemLines()).toEqual([
      `${at(ENV, '[eu-central-1, eu-west-1]')}: residency.zones.eu.regions: zone "eu" has one region in this environment (eu-central-1), but RTO 15 min / RPO 1 min need a standby region, and a zone fails over only inside itself (add a second region of the zone, e.g. eu-west-1, to regions.secondaries; or relax serviceLevels)`,
    ]);
  });

  test('a location whose zone has no region in the environment', () => {
    // GIVEN the APAC regions removed from the environment (the zone still lists them)
    edit(ENV, "    - { name: ap-southeast-1, vpcCidr: 10.88.0.0/16 }\n    - { name: ap-southeast-2, vpcCidr: 10.89.0.0/16 }\n", '');
    edit(ENV, '    ap-southeast-1: arn:aws:acm:ap-southeast-1:666666666666:certificate/66666666-6666-4666-8666-666666666665\n    ap-southeast-2: arn:aws:acm:ap-southeast-2:666666666666:certificate/66666666-6666-4666-8666-666666666666\n', '');
    expect(problemLines()).toEqual([
      `${at(ENV, '[ap-southeast-1, ap-southeast-2]')}: residency.zones.apac.regions: zone "apac" is the data home of apac but has no region in this environment (add one of ap-southeast-1, ap-southeast-2 to regions.secondaries with its own vpcCidr)`,
    ]);
  });

  test('a region in no zone', () => {
    // GIVEN us-west-2 taken out of the US zone
    edit(ENV, 'regions: [us-east-1, us-west-2]', 'regions: [us-east-1]');
    const lines = problemLines();
    expect(lines).toContain(
      `${at(ENV, 'us-west-2, vpcCidr', 0)}: regions.secondaries[2].name: region "us-west-2" is in no residency zone, so nothing says whose data it may hold (add it to the regions of one of residency.zones: eu, us, apac, or to a new zone)`,
    );
  });

  test('replication that would leave the zone: a global group with personal data needs an opt-in with a reason', () => {
    // GIVEN the knowledge group marked as holding personal data
    edit(BLUEPRINT, '    personalData: false', '    personalData: true');
    expect(problemLines()).toEqual([
      `${at(ENV, 'residency:')}: residency: database group "knowledge" of blueprint "itsm-multinational" holds personal data and is not partitioned by location, so its clusters in eu-central-1 (zone eu) would be copied to us-east-1, us-west-2, ap-southeast-1, ap-southeast-2, outside zone eu (partition it: databaseGroups.knowledge.partitionBy: location; or, if it holds no personal data, personalData: false; or accept it here with residency.crossZoneGroups.knowledge.reason)`,
    ]);
  });

  test('the opt-in with a reason is accepted; a reason too short is refused', () => {
    edit(BLUEPRINT, '    personalData: false', '    personalData: true');
    edit(ENV, '  defaultZone: us', '  defaultZone: us\n  crossZoneGroups:\n    knowledge: { reason: Articles name their authors; legal approved EU-US transfer under SCCs (DPO 2026-11) }');
    expect(() => loadPlannableProject({ root: scratch.root(), files: [ENV] })).not.toThrow();
    edit(ENV, 'reason: Articles name their authors; legal approved EU-US transfer under SCCs (DPO 2026-11)', 'reason: legal said ok');
    expect(problemLines().join('\n')).toMatch(/intl-prod\.yaml:\d+:\d+: residency\.crossZoneGroups\.knowledge\.reason: /);
  });

  test('a location without a data home, and a data home that is no zone', () => {
    edit(BLUEPRINT, 'timeZone: Europe/Berlin, dataHome: eu }', 'timeZone: Europe/Berlin }');
    edit(BLUEPRINT, 'timeZone: Asia/Singapore, dataHome: apac }', 'timeZone: Asia/Singapore, dataHome: asia }');
    expect(problemLines()).toEqual([
      `${at(BLUEPRINT, '{ name: emea')}: population.locations[0]: location "emea" has no dataHome, but environment "intl-prod" places data by residency zones (add dataHome: one of eu, us, apac)`,
      `${at(BLUEPRINT, 'asia }')}: population.locations[2].dataHome: zone "asia" is not a residency zone of environment "intl-prod" (its zones: eu, us, apac; or add asia to its residency.zones)`,
    ]);
  });

  test('an environment of a blueprint with data homes but without residency zones is refused', () => {
    const text = readFileSync(join(scratch.root(), ENV), 'utf8');
    const start = text.indexOf('residency:');
    const end = text.indexOf('state:');
    writeFileSync(join(scratch.root(), ENV), text.slice(0, start) + text.slice(end));
    expect(problemLines()).toEqual([
      `${at(ENV, 'regions:')}: regions: blueprint "itsm-multinational" homes location data in zones (emea: eu, americas: us, apac: apac), but this environment names no residency zones, so every copy would go to any region (add residency.zones, e.g. residency: { zones: { eu: { regions: [...] }, us: { regions: [...] }, apac: { regions: [...] } } })`,
    ]);
  });

  test('validate exits 1 with FILE:LINE:COL', async () => {
    edit(ENV, 'regions: [us-east-1, us-west-2]', 'regions: [us-east-1]');
    let stderr = '';
    const code = await main(['validate', '--root', scratch.root(), ENV], { stdout: { write: () => undefined }, stderr: { write: (text: string) => (stderr += text) }, cwd: scratch.root() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/intl-prod\.yaml:\d+:\d+: regions\.secondaries\[2\]\.name: region "us-west-2" is in no residency zone/);
  });
});
