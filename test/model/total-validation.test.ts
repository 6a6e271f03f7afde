/**
 * Input that passes each file's schema but that the constructs, the planner or AWS refuse: each
 * case breaks one thing in a copy of the default project and pins the located problem.
 * (`itsm-scale validate` also synthesizes every environment; that part is in test/cli.)
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadPlannableProject as loadProject } from '../../cli/project';
import { defaultRoutingSlot } from '../../foundation/alb-routing';
import { formatProblem, InputError } from '../../model';

const REPO = resolve(__dirname, '..', '..');
const BLUEPRINT = 'blueprints/itsm-standard.yaml';
const DEV = 'environments/dev.yaml';
const STAGING = 'environments/staging.yaml';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'itsm-scale-total-'));
  cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`test setup: expected "${from}" once in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

function shown(file: string): string {
  return relative(process.cwd(), join(root, file));
}

/** Every problem line of the project; [] when it loads. */
function problems(): string[] {
  try {
    loadProject({ root });
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(formatProblem);
    throw error;
  }
}

function expectProblem(file: string, pattern: RegExp): void {
  const lines = problems();
  expect({ lines, found: lines.some((line) => line.startsWith(`${shown(file)}:`) && pattern.test(line)) }).toEqual({ lines, found: true });
}

test('the default project passes', () => {
  expect(problems()).toEqual([]);
});

describe('regions, zones, networks and DNS', () => {
  test('a VPC too small for its subnets, with the Network construct’s own message', () => {
    edit(DEV, 'vpcCidr: 10.0.0.0/16', 'vpcCidr: 10.0.0.0/24');
    expectProblem(DEV, /:13:\d+: regions\.primary\.vpcCidr: VPC CIDR 10\.0\.0\.0\/24 is too small: .*Use a VPC CIDR with a prefix of \/\d+ or shorter/);
  });

  test('a region that does not exist, with a did-you-mean', () => {
    edit(STAGING, '- { name: us-west-2,', '- { name: eu-wset-2,');
    expectProblem(STAGING, /regions\.secondaries\[0\]\.name: unknown region "eu-wset-2" \(did you mean "eu-west-2"\?/);
  });

  test('regions of two partitions in one environment', () => {
    edit(STAGING, '- { name: us-west-2,', '- { name: cn-north-1,');
    expectProblem(STAGING, /regions: mixes AWS partitions: us-east-1 \(aws\), cn-north-1 \(aws-cn\)/);
  });

  test('AZ letters that no region has', () => {
    edit(DEV, 'availabilityZones: [a, b]', 'availabilityZones: [a, z]');
    expectProblem(DEV, /regions\.primary\.availabilityZones\[1\]: AZ letter "z" does not exist in any region/);
  });

  test('a certificate of another region', () => {
    edit(DEV, 'us-east-1: arn:aws:acm:us-east-1:', 'us-east-1: arn:aws:acm:eu-west-1:');
    expectProblem(DEV, /dns\.certificateArns\.us-east-1: is a certificate of region eu-west-1, not us-east-1/);
  });

  test('a domain so long that the regional endpoint name is not a DNS name', () => {
    const label = 'a'.repeat(60);
    edit(DEV, 'domain: itsm-dev.example.com', `domain: ${label}.${label}.${label}.${label}.com`);
    expectProblem(DEV, /dns\.domain: is 247 characters, so the regional endpoint "us-east-1\.a+…" is 257 \(DNS names allow 253; use a domain of at most 243 characters\)/);
  });

  test('two environments managing the same Route 53 records', () => {
    edit(STAGING, 'domain: itsm-staging.example.com', 'domain: itsm-dev.example.com');
    edit(STAGING, 'hostedZoneId: Z02STAGINGEXAMPLE000', 'hostedZoneId: Z01DEVEXAMPLE0000000');
    expectProblem(STAGING, /dns\.domain: the domain "itsm-dev\.example\.com" is the domain of environment "dev" in the same hosted zone/);
  });

  test('availability above 99.9% with two AZs', () => {
    edit(DEV, 'availability: 0.99', 'availability: 0.9995');
    expectProblem(DEV, /regions\.primary\.availabilityZones: has 2 AZs, but availability 0\.9995 \(from this environment\) needs 3 in every region/);
  });
});

describe('names, tags and state', () => {
  test('names with "--" (physical names would collide)', () => {
    edit(BLUEPRINT, '  incident:', '  inci--dent:');
    expectProblem(BLUEPRINT, /modules\.inci--dent: invalid key string "inci--dent": .*single hyphens/);
  });

  test('tag keys and values AWS refuses', () => {
    edit(DEV, '  owner: platform-team', '  owner: platform-team\n  aws:team: x\n  "🚀": rocket\n  note: "bell\\u0007"');
    expectProblem(DEV, /tags\.aws:team: tag key "aws:team" starts with "aws:", which is reserved for AWS/);
    expectProblem(DEV, /tags\.🚀: tag key "🚀" has characters AWS refuses/);
    expectProblem(DEV, /tags\.note: tag value "bell\\u0007" has characters AWS refuses/);
  });

  test('more tags than a resource can carry', () => {
    const many = Array.from({ length: 45 }, (_, i) => `  extra-${i}: v`).join('\n');
    edit(DEV, '  owner: platform-team', `  owner: platform-team\n${many}`);
    expectProblem(DEV, /tags: has \d+ tags of its own; with the toolkit's tags a resource would carry more than the 50 AWS allows/);
  });

  test('state keys with empty segments, and S3-reserved bucket prefixes', () => {
    edit(DEV, 'bucketPrefix: itsm-scale-tfstate-111111111111', 'bucketPrefix: xn--tfstate\n  keyPrefix: state//itsm');
    expectProblem(DEV, /state\.bucketPrefix: "xn--tfstate" starts with "xn--", which S3 reserves/);
    expectProblem(DEV, /state\.keyPrefix: "state\/\/itsm" has an empty path segment/);
  });

  test('staging.yml beside staging.yaml', () => {
    writeFileSync(join(root, 'environments', 'staging.yml'), readFileSync(join(root, STAGING), 'utf8'));
    expectProblem('environments/staging.yml', /:1:1: \(file\): has the same name as .*environments\/staging\.yaml/);
  });
});

describe('blueprint fields the load balancer, fleets and AWS would refuse', () => {
  test('UI paths the load balancer rejects, and one pattern on two modules', () => {
    edit(BLUEPRINT, 'uiPaths: [/incident/*, /portal/*]', 'uiPaths: [/incident/*, "/a%20b", /change/*]');
    expectProblem(BLUEPRINT, /modules\.incident\.uiPaths\[1\]: "\/a%20b" must start with "\/" and use only/);
    expectProblem(BLUEPRINT, /modules\.(incident|change)\.uiPaths\[\d\]: "\/change\/\*" is routed to module "(incident|change)" already/);
  });

  test('more UI paths than the listener rules hold', () => {
    const paths = Array.from({ length: 26 }, (_, i) => `/p${i}/*`).join(', ');
    edit(BLUEPRINT, 'uiPaths: [/kb/*]', `uiPaths: [${paths}]`);
    expectProblem(BLUEPRINT, /modules\.knowledge\.uiPaths: has 26 patterns \(the load balancer takes at most 25 per module/);
  });

  test('a health-check matcher outside 200-499', () => {
    edit(BLUEPRINT, 'healthCheck: { path: /api/knowledge/health }', 'healthCheck: { path: /api/knowledge/health, matcher: "999" }');
    expectProblem(BLUEPRINT, /modules\.knowledge\.healthCheck\.matcher: "999" \(HTTP health checks of a load balancer accept codes from 200 to 499/);
  });

  test('two modules in one routing slot: the fix names routingSlot, which the schema accepts', () => {
    // "ab" and "ba"-like collisions are rare; an explicit slot equal to another module's default makes one
    const lines = readFileSync(join(root, BLUEPRINT), 'utf8');
    edit(BLUEPRINT, 'uiPaths: [/kb/*]', `uiPaths: [/kb/*]\n    routingSlot: ${defaultRoutingSlot('incident')}`);
    expect(lines).toContain('knowledge');
    expectProblem(BLUEPRINT, /modules\.(knowledge\.routingSlot|incident): gets routing slot \d+, which module "(incident|knowledge)" has too.*set modules\.\w+\.routingSlot to a free slot from 1 to 8000, e\.g\. \d+/);
    // AND the fix works: another slot is accepted
    edit(BLUEPRINT, `routingSlot: ${defaultRoutingSlot('incident')}`, `routingSlot: ${defaultRoutingSlot('incident') === 1 ? 2 : 1}`);
    expect(problems()).toEqual([]);
  });

  test('a singleton listed twice', () => {
    edit(BLUEPRINT, 'singletons: [sla-timer]', 'singletons: [sla-timer, sla-timer]');
    expectProblem(BLUEPRINT, /modules\.incident\.singletons\[1\]: "sla-timer" is listed twice/);
  });

  test('a location listed twice', () => {
    const text = readFileSync(join(root, BLUEPRINT), 'utf8');
    const first = /- \{ name: (\w+),/.exec(text.slice(text.indexOf('locations:')))?.[1];
    const second = /- \{ name: (\w+),/g;
    second.lastIndex = text.indexOf('locations:');
    second.exec(text);
    const next = second.exec(text)?.[1];
    edit(BLUEPRINT, `- { name: ${next},`, `- { name: ${first},`);
    expectProblem(BLUEPRINT, new RegExp(`population\\.locations\\[1\\]\\.name: location "${first}" is listed twice`));
  });

  test('unknown instance types and DB classes, with a did-you-mean', () => {
    edit(BLUEPRINT, '- { type: m7i.large,', '- { type: m7i.huge,');
    edit(BLUEPRINT, '- { type: m7i.xlarge,', '- { type: m7i.xlagre,');
    edit(BLUEPRINT, '- { class: db.r7g.large,', '- { class: db.r7z.large,');
    expectProblem(BLUEPRINT, /capacity\.instanceTypes\[0\]\.type: unknown EC2 instance type "m7i\.huge" \(sizes: nano, micro, small, medium, large, xlarge/);
    expectProblem(BLUEPRINT, /capacity\.instanceTypes\[1\]\.type: unknown EC2 instance type "m7i\.xlagre" \(did you mean "m7i\.xlarge"\?/);
    expectProblem(BLUEPRINT, /capacity\.writerClasses\[0\]\.class: "db\.r7z\.large" is not an Aurora PostgreSQL instance class \(did you mean "db\.r7g\.large"\?/);
  });

  test('a memory minimum needs the memory of every type', () => {
    // GIVEN a type whose memory the catalog does not know (burstable), without memoryGib
    edit(BLUEPRINT, '- { type: m7i.large, requestsPerSecond: 6 }', '- { type: t3.large, requestsPerSecond: 6 }');
    expectProblem(BLUEPRINT, /capacity\.instanceTypes\[0\]\.type: the memory of "t3\.large" is not in the catalog \(m, c and r families only\), so capacity\.minInstanceMemoryGib \(16\) cannot be checked: state memoryGib for it/);
  });

  test('a memory minimum above every listed type', () => {
    edit(BLUEPRINT, 'minInstanceMemoryGib: 16', 'minInstanceMemoryGib: 128');
    expectProblem(BLUEPRINT, /capacity\.minInstanceMemoryGib: no listed instance type has 128 GiB \(largest: 64 GiB\): list a larger type or lower the minimum/);
  });
});

describe('YAML', () => {
  test('an alias without its anchor is an input error at the alias', () => {
    edit(DEV, 'scenario: conservative', 'scenario: *nope');
    expect(problems()).toEqual([`${shown(DEV)}:7:11: (yaml): alias *nope has no anchor &nope before it (define the anchor first, or write the value out)`]);
  });

  test('an alias bomb is an input error, not a hang', () => {
    const bomb = ['x0: &x0 [a, a, a, a, a, a, a, a, a]', ...Array.from({ length: 8 }, (_, i) => `x${i + 1}: &x${i + 1} [${Array(9).fill(`*x${i}`).join(', ')}]`)].join('\n');
    writeFileSync(join(root, DEV), `${readFileSync(join(root, DEV), 'utf8')}${bomb}\n`);
    expectProblem(DEV, /\(yaml\): aliases expand too much \(more than 100 alias expansions/);
  });

  test('50,000 unknown keys are reported one by one (linear, not quadratic)', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`).join('\n');
    writeFileSync(join(root, DEV), `${readFileSync(join(root, DEV), 'utf8')}${keys}\n`);
    const lines = problems();
    expect(lines).toHaveLength(50_000);
    expect(lines[49_999]).toMatch(/k\d+: unknown field/);
  });
});
