/**
 * Broken input files: each test copies the repository's blueprints/ and environments/ into a
 * temporary project, breaks one thing and pins the exact located message the loader gives.
 */
import { loadPlannableProject as loadProject } from '../../cli/project';
import { formatProblem, InputError } from '../../model';
import { scratchProject } from './scratch-project';

const BLUEPRINT = 'blueprints/itsm-standard.yaml';

const scratch = scratchProject('itsm-scale-loader-');
const { edit, shown } = scratch;
const at = scratch.position;

/** Every problem line the loader reports for the temporary project. */
function problemLines(): string[] {
  try {
    loadProject({ root: scratch.root() });
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('test setup: the project loaded without problems');
}

describe('loader on broken input', () => {
  test('the unbroken copy loads (the fixture itself is valid)', () => {
    // GIVEN the copied project, unchanged
    // WHEN it is loaded
    const project = loadProject({ root: scratch.root() });
    // THEN every file is there
    expect([...project.blueprints.keys()]).toEqual(['itsm-multinational', 'itsm-standard', 'jira-service-management', 'zammad']);
    expect([...project.environments.keys()].sort()).toEqual(['dev', 'intl-prod', 'jsm-prod', 'prod', 'staging', 'zammad-staging']);
  });

  test('a misspelled key is an unknown field with a did-you-mean, and the real key is missing', () => {
    // GIVEN trafficShare misspelled in the incident module
    edit(BLUEPRINT, 'trafficShare: 0.35', 'trafficShre: 0.35');
    // WHEN loaded / THEN both the missing key (at its mapping) and the unknown one (at its key) are named
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'description: Incidents')}: modules.incident.trafficShare: missing (required: a number)`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'trafficShre')}: modules.incident.trafficShre: unknown field (did you mean "trafficShare"? allowed here: description, trafficShare, readShare, databaseGroup, schedule, storage, singletons, singleton, uiPaths, healthCheck, routingSlot, slowToJoin, application)`,
    ]);
  });

  test('a budget limit that is not a positive amount is located, with what is allowed', () => {
    // GIVEN prod with a negative monthly budget
    edit('environments/prod.yaml', 'tier: production', 'tier: production\nbudget: { monthlyLimitUsd: -5 }');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', 'monthlyLimitUsd: -5', 17)}: budget.monthlyLimitUsd: got number -5 (must be greater than 0)`,
    ]);
  });

  test('a string where a number belongs names the received value and the expected type', () => {
    // GIVEN the requesters count written as a word
    edit(BLUEPRINT, 'requesters: 500 #', 'requesters: many #');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'requesters: many', 12)}: population.requesters: got string "many" (expected a number)`]);
  });

  test('a negative population is rejected with the bound', () => {
    // GIVEN a negative requesters count
    edit(BLUEPRINT, 'requesters: 500 #', 'requesters: -500 #');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'requesters: -500', 12)}: population.requesters: got number -500 (must be greater than 0)`]);
  });

  test('a scenario that shrinks below today\'s population is refused at its target, with what to do instead', () => {
    // GIVEN the aggressive scenario aiming below today's 500 requesters
    edit(BLUEPRINT, 'requesters: 50000', 'requesters: 100');
    // WHEN loaded / THEN the target is located and the message says why and what to write instead
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'requesters: 100', 12)}: scenarios.aggressive.requesters: 100 is below today's 500 requesters (population.requesters): scenarios plan growth only (shards are never merged, fleets keep the peak's size). For a flat population use annualGrowthRate: 0; for an organisation that shrinks, lower population.requesters to the smaller count and plan growth from there`,
    ]);
  });

  test('a scenario target dated before the start is refused at its date, with what to do', () => {
    // GIVEN the aggressive scenario's target dated a week after prod's start (2027-01-04)
    edit(BLUEPRINT, 'inMonths: 60', 'by: 2027-01-11');
    // WHEN loaded / THEN the planner's check places it at the date
    expect(problemLines()).toEqual(
      expect.arrayContaining([
        `${shown(BLUEPRINT)}:${at(BLUEPRINT, '2027-01-11')}: scenarios.aggressive.by: scenario "aggressive": by 2027-01-11 is less than a month after the environment's startDate 2027-01-04; a target needs time to grow into (give a later date, or inMonths)`,
      ]),
    );
  });

  test('a start date that is not a calendar date is located, with the form allowed', () => {
    edit('environments/prod.yaml', 'startDate: 2027-01-04', 'startDate: 2027-13-01');
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', '2027-13-01')}: startDate: got string "2027-13-01" (must be a calendar date written YYYY-MM-DD, e.g. "2027-12-31")`,
    ]);
  });

  test('the retired requestersAtHorizon says what to write instead, at its line', () => {
    edit(BLUEPRINT, 'requesters: 50000\n    inMonths: 60', 'requestersAtHorizon: 50000');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'requestersAtHorizon: 50000', 21)}: scenarios.aggressive.requestersAtHorizon: requestersAtHorizon is retired: it was measured from the horizon, so --horizon moved the target. Write requesters: 50000 with by: <YYYY-MM-DD> or inMonths: <months after startDate>`,
    ]);
  });

  test('the retired workload fields of the ticket-driven model say what replaced them, each at its line', () => {
    edit(BLUEPRINT, '  ticketsPerAgentPerYear: 6379\n', '  ticketsPerAgentPerYear: 6379\n  busiestHourShare: 0.2\n  apiRequestsPerTicket: 300\n');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'busiestHourShare: 0.2', 18)}: workload.busiestHourShare: busiestHourShare is retired with the ticket-driven load model: the busiest hour is now each location's own (population.locations[].businessHours.peakHour), with workload.concurrency.otherBusinessHoursShare and offHoursShare for the rest of the week (docs/capacity-model.md)`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'apiRequestsPerTicket: 300', 22)}: workload.apiRequestsPerTicket: apiRequestsPerTicket is retired with the ticket-driven load model: requests now come from active users: workload.concurrency.requesters / agents (activeShare, actionsPerHour) × workload.concurrency.requestsPerAction (docs/capacity-model.md)`,
    ]);
  });

  test('an unknown scenario lists the blueprint’s scenarios', () => {
    // GIVEN prod asks for a scenario the blueprint does not have
    edit('environments/prod.yaml', 'scenario: moderate', 'scenario: explosive');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', 'explosive')}: scenario: unknown scenario "explosive" of blueprint "itsm-standard" (known: conservative, moderate, aggressive)`,
    ]);
  });

  test('a YAML syntax error is reported as a problem, not thrown', () => {
    // GIVEN an unclosed flow mapping (regions.primary) in dev.yaml
    edit('environments/dev.yaml', 'availabilityZones: [a, b] }', 'availabilityZones: [a, b]');
    // WHEN loaded / THEN the parser's message, where the parser notices: the start of the next key's line
    expect(problemLines()).toEqual([
      `${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'natGateways:')}: (yaml): Flow map in block collection must be sufficiently indented and end with a } (fix the YAML syntax)`,
    ]);
  });

  test('a duplicated key is a YAML error at the second occurrence', () => {
    // GIVEN tier given twice in dev.yaml
    edit('environments/dev.yaml', 'tier: non-production\n', 'tier: non-production\ntier: production\n');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([`${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'tier: production')}: (yaml): Map keys must be unique (fix the YAML syntax)`]);
  });

  test('overlapping VPC CIDRs of two regions in one account are reported at the later one', () => {
    // GIVEN prod's us-west-2 range inside its us-east-1 range 10.32.0.0/16
    edit('environments/prod.yaml', 'vpcCidr: 10.33.0.0/16', 'vpcCidr: 10.32.128.0/17');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', '10.32.128.0/17')}: regions.secondaries[0].vpcCidr: "10.32.128.0/17" overlaps "10.32.0.0/16" of prod us-east-1 in the same account (give each region a distinct, non-overlapping range)`,
    ]);
  });

  test('a secondary region equal to the primary is rejected (and its certificate then belongs to no region)', () => {
    // GIVEN prod's secondary renamed to the primary's region
    edit('environments/prod.yaml', '{ name: us-west-2, vpcCidr: 10.33.0.0/16 }', '{ name: us-east-1, vpcCidr: 10.33.0.0/16 }');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', 'us-east-1, vpcCidr: 10.33')}: regions.secondaries[0].name: region "us-east-1" equals the primary region (each region may appear once; secondaries must differ from the primary)`,
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', '    us-west-2: arn', 4)}: dns.certificateArns.us-west-2: certificate for "us-west-2", which is not a region of this environment (regions: us-east-1)`,
    ]);
  });

  test('an unknown blueprint lists the known ones', () => {
    // GIVEN dev names a blueprint that has no file
    edit('environments/dev.yaml', 'blueprint: itsm-standard', 'blueprint: itsm-premium');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([`${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'itsm-premium')}: blueprint: unknown blueprint "itsm-premium" (known: itsm-multinational, itsm-standard, jira-service-management, zammad)`]);
  });

  test('a missing required field is reported at the mapping that should hold it', () => {
    // GIVEN dev without horizonMonths (its top-level mapping starts with `name:`)
    edit('environments/dev.yaml', 'horizonMonths: 12\n', '');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([`${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'name: dev')}: horizonMonths: missing (required: a number)`]);
  });

  test('a missing field with a fixed set of values lists them', () => {
    // GIVEN dev without its tier
    edit('environments/dev.yaml', 'tier: non-production\n', '');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'name: dev')}: tier: missing (required: one of "production", "non-production")`,
    ]);
  });

  test('an unknown time zone is named with examples of valid ones', () => {
    // GIVEN a misspelled IANA zone in the second location
    edit(BLUEPRINT, 'timeZone: Europe/Berlin', 'timeZone: Europe/Berlinn');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'Europe/Berlinn')}: population.locations[1].timeZone: unknown time zone "Europe/Berlinn" (an IANA name such as "Europe/Berlin" or "America/New_York")`,
    ]);
  });

  test('a region that hosts the application without a certificate names the region and the posture', () => {
    // GIVEN prod (warm standby: the secondary hosts the application) without its us-west-2 certificate
    edit('environments/prod.yaml', '    us-west-2: arn:aws:acm:us-west-2:333333333333:certificate/33333333-3333-4333-8333-333333333334\n', '');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', 'us-east-1: arn:aws:acm')}: dns.certificateArns: no certificate for us-west-2, which hosts the application under the warm standby posture (add an ACM certificate ARN per region: us-west-2: arn:aws:acm:us-west-2:<account>:certificate/<id>)`,
    ]);
  });

  test('an RPO a single region cannot meet says what is missing', () => {
    // GIVEN dev (one region) asking for a one-minute RPO
    edit('environments/dev.yaml', 'rpoMinutes: 1440', 'rpoMinutes: 1');
    // WHEN loaded / THEN
    expect(problemLines()).toEqual([
      `${shown('environments/dev.yaml')}:${at('environments/dev.yaml', 'availability: 0.99')}: serviceLevels: RTO 1440 min / RPO 1 min need pilot light (RTO 45 min, RPO 1 min), which needs a second region: add one under regions.secondaries, or relax serviceLevels to at least RTO 240 min and RPO 60 min`,
    ]);
  });

  test('problems in several files are all reported at once, sorted by file and position', () => {
    // GIVEN one problem in each of three files
    edit(BLUEPRINT, 'otherBusinessHoursShare: 0.6', 'otherBusinessHoursShare: 2');
    edit('environments/dev.yaml', 'horizonMonths: 12', 'horizonMonths: 12.5');
    edit('environments/prod.yaml', 'tier: production', 'tier: prod');
    // WHEN loaded
    let thrown: unknown;
    try {
      loadProject({ root: scratch.root() });
    } catch (error) {
      thrown = error;
    }
    // THEN one InputError carries all three, and its message is those lines
    const expected = [
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'otherBusinessHoursShare: 2', 25)}: workload.concurrency.otherBusinessHoursShare: got number 2 (must be at most 1)`,
      `${shown('environments/dev.yaml')}:${at('environments/dev.yaml', '12.5')}: horizonMonths: got number 12.5 (expected a whole number)`,
      `${shown('environments/prod.yaml')}:${at('environments/prod.yaml', 'tier: prod', 6)}: tier: got string "prod" (allowed: "production", "non-production")`,
    ];
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).problems.map(formatProblem)).toEqual(expected);
    expect((thrown as InputError).message).toBe(expected.join('\n'));
  });

  test('only the files given are validated, with the blueprint an environment names', () => {
    // GIVEN staging broken, prod fine
    edit('environments/staging.yaml', 'tier: non-production', 'tier: nonprod');
    // WHEN only prod is loaded
    const project = loadProject({ root: scratch.root(), files: ['environments/prod.yaml'] });
    // THEN prod and its blueprint load, staging is not read
    expect([...project.environments.keys()]).toEqual(['prod']);
    expect([...project.blueprints.keys()]).toEqual(['itsm-standard']);
    // AND loading staging alone reports it
    expect(() => loadProject({ root: scratch.root(), files: ['environments/staging.yaml'] })).toThrow(/staging\.yaml:\d+:7: tier: got string "nonprod"/);
  });
});
