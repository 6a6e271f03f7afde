/**
 * The application contract's bad input: each case copies the repository's blueprints/ and environments/
 * into a temporary project, breaks one thing, and pins the located FILE:LINE:COL message; `itsm-scale synth`
 * on it exits 1 and writes nothing.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../cli/main';
import { loadPlannableProject } from '../../cli/project';
import { formatProblem, InputError, loadProject } from '../../model';
import { base64Size, instanceArchitecture, renderUserData, templateProblems, userDataValues } from '../../model/application';

const REPO = resolve(__dirname, '..', '..');
const BLUEPRINT = 'blueprints/itsm-standard.yaml';
const USER_DATA = 'blueprints/user-data/itsm-standard.sh';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'itsm-scale-contract-'));
  cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
  cpSync(join(REPO, 'environments'), join(root, 'environments'), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function edit(file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  if (text.split(from).length !== 2) throw new Error(`test setup: expected "${from}" once in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

function shown(file: string): string {
  return relative(process.cwd(), join(root, file));
}

/** `LINE:COL` of the first `needle` in a file of the temporary project, plus `offset` characters. */
function at(file: string, needle: string, offset = 0): string {
  const text = readFileSync(join(root, file), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`test setup: "${needle}" not in ${file}`);
  const before = text.slice(0, index + offset).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

/** The problems of loading the temporary project: the model's (default), or as the command line loads it (planner's checks, residency's included). */
function problemLines(load: (options: { root: string }) => unknown = loadProject): string[] {
  try {
    load({ root });
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('test setup: the project loaded without problems');
}

/** `itsm-scale --root <root> synth --out <out>`: exit code, stderr, and whether anything was written. */
async function synth(): Promise<{ code: number; stderr: string; written: boolean }> {
  const out = join(root, 'out');
  let stderr = '';
  const code = await main(['--root', root, 'synth', '--out', out], {
    stdout: { write: () => undefined },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: root,
  });
  return { code, stderr, written: existsSync(out) };
}

describe('application contract: bad input is a located error, exit 1, nothing written', () => {
  test('an arm64 image on x86_64 instance types', async () => {
    edit(BLUEPRINT, 'architecture: x86_64 # m7i', 'architecture: arm64 # m7i');
    const lines = problemLines();
    const where = `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'arm64 # m7i')}: application.image.architecture`;
    expect(lines).toContain(`${where}: arm64 image cannot boot m7i.large (capacity.instanceTypes[0].type, line ${at(BLUEPRINT, 'm7i.large').split(':')[0]}), an x86_64 type, which module incident may run on (use an x86_64 image for this module, or arm64 instance types)`);
    // One problem per instance type, not per module; and the SSM name that says x86_64 disagrees too.
    expect(lines.filter((l) => l.includes('application.image.architecture'))).toHaveLength(4);
    expect(lines).toContain(`${shown(BLUEPRINT)}:${at(BLUEPRINT, '/itsm-scale/images/itsm-standard/x86_64')}: application.image.ssmParameter: names an x86_64 image but architecture is arm64 (make them agree)`);
    const result = await synth();
    expect(result).toMatchObject({ code: 1, written: false });
    expect(result.stderr).toContain(where);
  });

  test('a Graviton type among x86_64 ones, through a module override', () => {
    edit(BLUEPRINT, '    - { type: m7i.4xlarge, requestsPerSecond: 48 }', '    - { type: m7g.4xlarge, requestsPerSecond: 48 }');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'x86_64 # m7i')}: application.image.architecture: x86_64 image cannot boot m7g.4xlarge (capacity.instanceTypes[3].type, line ${at(BLUEPRINT, 'm7g.4xlarge').split(':')[0]}), a Graviton (arm64) type, which module incident may run on (use an arm64 image for this module, or x86_64 instance types)`,
    ]);
  });

  test('a missing user-data file', async () => {
    edit(BLUEPRINT, 'userData: user-data/itsm-standard.sh', 'userData: user-data/missing.sh');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'user-data/missing.sh')}: application.userData: user data file not found: ${shown('blueprints/user-data/missing.sh')} (give a path relative to the blueprint file, e.g. "user-data/itsm-standard.sh")`,
    ]);
    expect(await synth()).toMatchObject({ code: 1, written: false });
  });

  test('an unknown template variable, located in the user-data file', async () => {
    edit(USER_DATA, "PORT='{{port}}'", "PORT='{{ listenPort }}'");
    expect(problemLines()).toEqual([
      `${shown(USER_DATA)}:${at(USER_DATA, '{{ listenPort }}')}: (user data): unknown template variable "{{listenPort}}" (known: module, role, environment, region, configPath, port, logGroup, modules, configRoot, singletonParts, singletonLeaseSeconds; write each as {{name}})`,
    ]);
    const result = await synth();
    expect(result).toMatchObject({ code: 1, written: false });
    expect(result.stderr).toContain(`${shown(USER_DATA)}:${at(USER_DATA, '{{ listenPort }}')}: (user data): unknown template variable`);
  });

  test('an unclosed "{{" in the user-data file', () => {
    edit(USER_DATA, "PORT='{{port}}'", "PORT='{{port'");
    expect(problemLines()).toEqual([`${shown(USER_DATA)}:${at(USER_DATA, "{{port'")}: (user data): "{{" is never closed with "}}" (template variables are written {{name}}: module, role, environment, region, configPath, port, logGroup, modules, configRoot, singletonParts, singletonLeaseSeconds)`]);
  });

  test('user data over 16 KB after base64, for the environment that renders it longest', async () => {
    edit(USER_DATA, 'set -euo pipefail\n', `set -euo pipefail\n${'# padding to exceed the user-data limit\n'.repeat(150)}`);
    const lines = problemLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${escape(`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'user-data/itsm-standard.sh')}: application.userData: user data "user-data/itsm-standard.sh" rendered for `)}(staging|prod) us-\\w+-\\d [a-z-]+ is 1\\d{4} bytes after base64 \\(EC2 allows 16384; bake large content into the image or fetch it at boot\\)$`,
      ),
    );
    expect(await synth()).toMatchObject({ code: 1, written: false });
  });

  test('a module override is checked at its own position', () => {
    edit(BLUEPRINT, 'application: { stickiness: { type: lb_cookie } }', 'application: { stickiness: { type: lb_cookie }, userData: user-data/catalog.sh }');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'user-data/catalog.sh')}: modules.catalog.application.userData: user data file not found: ${shown('blueprints/user-data/catalog.sh')} (give a path relative to the blueprint file, e.g. "user-data/itsm-standard.sh")`,
    ]);
  });

  test('image and stickiness shapes are checked by the schema', () => {
    edit(BLUEPRINT, '    ssmParameter: /itsm-scale/images/itsm-standard/x86_64\n', '    ssmParameter: /itsm-scale/images/itsm-standard/x86_64\n    amiId: ami-0123456789abcdef0\n');
    edit(BLUEPRINT, 'stickiness: { type: lb_cookie }', 'stickiness: { type: app_cookie }');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, '{ type: app_cookie }')}: modules.catalog.application.stickiness.cookieName: app_cookie needs cookieName (the session cookie your application sets, e.g. "JSESSIONID")`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, '/itsm-scale/images/itsm-standard/x86_64')}: application.image.ssmParameter: give exactly one of amiId, ssmParameter or nameFilter (got amiId and ssmParameter)`,
    ]);
  });
});

describe('the shared fleet (capacity.sharedFleet): bad input is a located error', () => {
  test('user data that never reads {{modules}} is refused at capacity.sharedFleet, and synth writes nothing', async () => {
    // GIVEN the default blueprint (it shares) with user data that starts one module only
    edit(USER_DATA, "MODULES='{{modules}}'", "MODULES='{{module}}'");
    // THEN
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'sharedFleet: {}', 'sharedFleet: '.length)}: capacity.sharedFleet: the shared fleet serves several modules, but user data "user-data/itsm-standard.sh" (application.userData) never reads {{modules}}: start the application for each module in {{modules}}, reading each one's configuration under {{configRoot}}/<module> (docs/application-contract.md), or remove capacity.sharedFleet`,
    ]);
    const result = await synth();
    expect(result).toMatchObject({ code: 1, written: false });
  });

  test('listed modules must exist and be able to share; no module may take the name "shared"', () => {
    // GIVEN a list naming an unknown module and a module with its own image, and a module called "shared"
    edit(BLUEPRINT, 'sharedFleet: {}', 'sharedFleet: { modules: [incident, nope, catalog] }');
    edit(BLUEPRINT, 'application: { stickiness: { type: lb_cookie } }', 'application: { stickiness: { type: lb_cookie }, port: 9090 }');
    edit(BLUEPRINT, '  knowledge:\n    description: Knowledge base', '  shared:\n    description: Knowledge base');
    // THEN every problem at once, each at its field, in file order
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, '  shared:\n    description', '  shared:\n    '.length)}: modules.shared: "shared" is the shared fleet's name (capacity.sharedFleet): rename the module`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'nope')}: capacity.sharedFleet.modules[1]: unknown module "nope" (one of: incident, change, problem, catalog, asset, cmdb, shared)`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'catalog] }')}: capacity.sharedFleet.modules[2]: module "catalog" cannot share a fleet: it runs its own application (application.port) (remove it from the list)`,
    ]);
  });
});

describe('the shared cluster (capacity.sharedCluster): bad input is a located error', () => {
  test('listed groups must exist and be able to share; at least two; no group may take the name "shared"', () => {
    // GIVEN a list naming an unknown group and a serverless one, and a group called "shared"
    edit(BLUEPRINT, 'sharedCluster: {}', 'sharedCluster: { groups: [tickets, nope, knowledge] }');
    edit(BLUEPRINT, '    description: Knowledge articles; small and read-mostly.\n    slots: 1024', '    description: Knowledge articles; small and read-mostly.\n    slots: 1024\n    serverless: { minAcu: 0.5, maxAcu: 4 }');
    edit(BLUEPRINT, '  cmdb:\n    description: Assets and configuration items.', '  shared:\n    description: Assets and configuration items.');
    edit(BLUEPRINT, '    databaseGroup: cmdb\n    storage: { kbPerConfigurationItem: 4 }', '    databaseGroup: shared\n    storage: { kbPerConfigurationItem: 4 }');
    edit(BLUEPRINT, '    databaseGroup: cmdb\n    schedule:', '    databaseGroup: shared\n    schedule:');
    // THEN every problem at once, each at its field, in file order
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, '  shared:\n    description: Assets', '  shared:\n    '.length)}: databaseGroups.shared: "shared" is the shared cluster's name (capacity.sharedCluster): rename the group`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'nope')}: capacity.sharedCluster.groups[1]: unknown database group "nope" (one of: tickets, shared, knowledge)`,
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, 'knowledge] }')}: capacity.sharedCluster.groups[2]: database group "knowledge" cannot share a cluster: it is Aurora Serverless v2 (its capacity scales in ACUs, not with a shared writer class) (remove it from the list)`,
    ]);
  });

  test('a list of groups of different engines, or of one group, is refused at the list', () => {
    // GIVEN cmdb on MySQL, listed with tickets on PostgreSQL
    edit(BLUEPRINT, 'sharedCluster: {}', 'sharedCluster: { groups: [tickets, cmdb] }');
    edit(BLUEPRINT, '    description: Assets and configuration items.\n    slots: 4096', '    description: Assets and configuration items.\n    slots: 4096\n    engine: aurora-mysql');
    expect(problemLines()).toEqual([
      `${shown(BLUEPRINT)}:${at(BLUEPRINT, '[tickets, cmdb]')}: capacity.sharedCluster.groups: the sharing groups run different engines (tickets: aurora-postgresql (default version); cmdb: aurora-mysql (default version)); one cluster runs one engine and version: list groups of one engine in capacity.sharedCluster.groups`,
    ]);
    // AND by default the groups of the first group's engine share (tickets and knowledge), cmdb keeps its own clusters
    edit(BLUEPRINT, 'sharedCluster: { groups: [tickets, cmdb] }', 'sharedCluster: {}');
    expect(() => loadProject({ root })).not.toThrow();
    // AND one group alone cannot share
    edit(BLUEPRINT, 'sharedCluster: {}', 'sharedCluster: { groups: [tickets] }');
    expect(problemLines()).toEqual([`${shown(BLUEPRINT)}:${at(BLUEPRINT, '[tickets]')}: capacity.sharedCluster.groups: has 1 entries (needs at least 2)`]);
  });

  test('an environment with residency zones refuses a blueprint that shares a cluster, at the blueprint\'s field', () => {
    // GIVEN the multinational blueprint (intl-prod places data in zones) opting in
    const multinational = 'blueprints/itsm-multinational.yaml';
    edit(multinational, 'capacity:\n  targetUtilization: 0.8', 'capacity:\n  sharedCluster: {}\n  targetUtilization: 0.8');
    // (and a second group that can share: cmdb unpartitioned, holding no personal data)
    edit(multinational, '    slots: 4096\n    partitionBy: location\n  knowledge:', '    slots: 4096\n    personalData: false\n  knowledge:');
    expect(problemLines(loadPlannableProject)).toEqual([
      `${shown(multinational)}:${at(multinational, 'sharedCluster')}: capacity.sharedCluster: environment "intl-prod" places data in residency zones, which a shared cluster does not support yet: each zone would need its own shared cluster (remove capacity.sharedCluster from blueprint "itsm-multinational", or use a blueprint without it for this environment)`,
    ]);
  });
});

describe('singleton parts under a lease (application.singletonLease): bad input is a located error', () => {
  const LEASE_MESSAGE = (missing: string) =>
    `application.singletonLease: the singleton parts of incident, change, cmdb run under a lease on the fleets that serve them, but user data "user-data/itsm-standard.sh" never reads ${missing}: start each part in {{singletonParts}} under a lease of {{singletonLeaseSeconds}} s (docs/application-contract.md, "Singleton parts under a lease"), or set modules.<module>.application.singletonLease: false, or remove application.singletonLease`;

  test('user data that never reads {{singletonParts}} is refused at application.singletonLease, and synth writes nothing', async () => {
    // GIVEN the default blueprint (it holds leases) with user data that drops the parts
    edit(USER_DATA, "SINGLETON_PARTS='{{singletonParts}}'", "SINGLETON_PARTS=''");
    // THEN
    expect(problemLines()).toEqual([`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'singletonLease: {', 'singletonLease: '.length)}: ${LEASE_MESSAGE('{{singletonParts}}')}`]);
    expect(await synth()).toMatchObject({ code: 1, written: false });
  });

  test('both variables missing are named in one problem', () => {
    edit(USER_DATA, "SINGLETON_PARTS='{{singletonParts}}'", "SINGLETON_PARTS=''");
    edit(USER_DATA, "SINGLETON_LEASE_SECONDS='{{singletonLeaseSeconds}}'", 'SINGLETON_LEASE_SECONDS=30');
    expect(problemLines()).toEqual([`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'singletonLease: {', 'singletonLease: '.length)}: ${LEASE_MESSAGE('{{singletonParts}} or {{singletonLeaseSeconds}}')}`]);
  });

  test('without application.singletonLease the variables need not be read', () => {
    edit(BLUEPRINT, '  singletonLease: { leaseSeconds: 30 }\n', '');
    edit(USER_DATA, "SINGLETON_PARTS='{{singletonParts}}'", "SINGLETON_PARTS=''");
    expect(() => loadProject({ root })).not.toThrow();
  });

  test('leaseSeconds out of bounds and unknown fields are located at the field', () => {
    edit(BLUEPRINT, 'singletonLease: { leaseSeconds: 30 }', 'singletonLease: { leaseSeconds: 5, renewSeconds: 2 }');
    const lines = problemLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${escape(`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'leaseSeconds: 5', 'leaseSeconds: '.length)}: application.singletonLease.leaseSeconds: `)}.*6`));
    expect(lines[1]).toMatch(new RegExp(`^${escape(`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'renewSeconds')}: application.singletonLease.renewSeconds: unknown field`)}`));
  });

  test('a module may only opt out (singletonLease: false), located at its own field', () => {
    edit(BLUEPRINT, 'application: { stickiness: { type: lb_cookie } }', 'application: { stickiness: { type: lb_cookie }, singletonLease: { leaseSeconds: 60 } }');
    const lines = problemLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${escape(`${shown(BLUEPRINT)}:${at(BLUEPRINT, 'singletonLease: { leaseSeconds: 60', 'singletonLease: '.length)}: modules.catalog.application.singletonLease: `)}`));
  });

  test('renders the parts a fleet runs under a lease and the lease length; empty for a fleet without', () => {
    const leased = userDataValues('prod', 'us-east-1', 'shared', 'server', 8080, ['incident', 'change'], { parts: ['incident-sla-timer', 'change-change-window-scheduler'], leaseSeconds: 30 });
    expect(renderUserData('[{{singletonParts}}] [{{ singletonLeaseSeconds }}]', leased)).toBe('[incident-sla-timer change-change-window-scheduler] [30]');
    expect(renderUserData('[{{singletonParts}}] [{{singletonLeaseSeconds}}]', userDataValues('prod', 'us-east-1', 'incident', 'server', 8080))).toBe('[] []');
  });
});

describe('user-data templates and architectures', () => {
  test('renders the closed set of variables, blanks allowed inside the braces', () => {
    const values = userDataValues('prod', 'us-east-1', 'incident', 'sla-timer', 8080);
    expect(renderUserData('{{module}} {{ role }} {{environment}} {{region}} {{configPath}} {{port}} {{logGroup}}', values)).toBe(
      'incident sla-timer prod us-east-1 /itsm-scale/prod-us-east-1/config/incident 8080 /itsm-scale/prod-us-east-1/app/incident-sla-timer',
    );
    expect(renderUserData('{{modules}} {{configRoot}}', values)).toBe('incident /itsm-scale/prod-us-east-1/config');
    // The shared fleet: its members, and the configuration root as its configuration path
    const shared = userDataValues('prod', 'us-east-1', 'shared', 'server', 8080, ['incident', 'change']);
    expect(renderUserData('{{module}} {{modules}} {{configPath}} {{logGroup}}', shared)).toBe('shared incident change /itsm-scale/prod-us-east-1/config /itsm-scale/prod-us-east-1/app/shared');
    expect(templateProblems('echo ${HOME} {{module}}')).toEqual([]);
    expect(templateProblems('{{nope}}').map((p) => p.offset)).toEqual([0]);
  });

  test('base64 size counts UTF-8 bytes in groups of three', () => {
    expect([base64Size(''), base64Size('a'), base64Size('abc'), base64Size('abcd'), base64Size('é')]).toEqual([0, 4, 4, 8, 4]);
  });

  test.each([
    ['m7g.large', 'arm64'],
    ['t4g.micro', 'arm64'],
    ['c7gn.xlarge', 'arm64'],
    ['r8g.2xlarge', 'arm64'],
    ['im4gn.large', 'arm64'],
    ['a1.medium', 'arm64'],
    ['m7i.large', 'x86_64'],
    ['g4dn.xlarge', 'x86_64'],
    ['g5.xlarge', 'x86_64'],
    ['c6a.large', 'x86_64'],
  ])('%s is %s', (type, architecture) => {
    expect(instanceArchitecture(type)).toBe(architecture);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
