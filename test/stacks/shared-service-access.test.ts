/**
 * The fleets' access to the shared services, proven with the offline IAM policy simulator
 * (@cloud-copilot/iam-simulate): each fleet connects to the cache only as its own module's user, mounts the
 * shared file system only through its own module's access point (read-only on a replica), and signs search
 * requests only where its module uses search; and each module's runtime configuration says how to reach them.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { logicalId } from '../../constructs/core';
import { configParameterPath, fleetName } from '../../model/application';
import { Project } from '../../model/load';
import { defaultStacks, repoProject, synthStacks, TerraformJson, withBlueprint } from './helpers';

const project = repoProject();

/** ARNs the referenced resources would have, so the simulator sees real resource types. */
const ARN_OF: Record<string, (region: string, account: string, name: string) => string> = {
  aws_elasticache_replication_group: (r, a, n) => `arn:aws:elasticache:${r}:${a}:replicationgroup:${n}`,
  aws_elasticache_user: (r, a, n) => `arn:aws:elasticache:${r}:${a}:user:${n}`,
  aws_efs_file_system: (r, a, n) => `arn:aws:elasticfilesystem:${r}:${a}:file-system/fs-${n}`,
  aws_efs_access_point: (r, a, n) => `arn:aws:elasticfilesystem:${r}:${a}:access-point/fsap-${n}`,
  aws_iam_role: (_r, a, n) => `arn:aws:iam::${a}:role/${n}`,
};

function concrete(text: string, region: string, account: string): string {
  return text.replace(/\$\{(aws_[a-z0-9_]+)\.([a-z0-9_]+)\.arn\}/g, (all, type: string, name: string) => ARN_OF[type]?.(region, account, name) ?? all);
}

interface Case {
  readonly stack: string;
  readonly region: string;
  readonly account: string;
  readonly module: string;
  readonly fleet: string;
  /** The fleet's shared-services policy, or undefined when it has none. */
  readonly policy?: object;
  readonly uses: { cache: boolean; search: boolean; files: boolean };
  readonly modules: string[];
  readonly readOnlyFiles: boolean;
  readonly env: string;
  readonly cacheAuthentication: 'iam' | 'network';
  readonly resources: Record<string, Record<string, Record<string, unknown>>>;
}

function cases(env: string, regionIndex: number, from: { project: Project; stacks: Record<string, TerraformJson> } = { project, stacks: defaultStacks() }): Case[] {
  const environment = from.project.environments.get(env)!.value;
  const blueprint = from.project.blueprints.get(environment.blueprint)!.value;
  const regions = [environment.regions.primary.name, ...environment.regions.secondaries.map((r) => r.name)];
  const region = regions[regionIndex]!;
  const stack = `${env}-${region}`;
  const resources = from.stacks[stack]!.resource!;
  const services = blueprint.sharedServices ?? {};
  return Object.entries(blueprint.modules).flatMap(([module, spec]) =>
    ['server', ...spec.singletons].map((role) => {
      const fleet = fleetName(module, role);
      const body = resources.aws_iam_role_policy?.[logicalId(`fleet-${fleet}`, 'shared-services')];
      return {
        stack,
        region,
        account: environment.account,
        module,
        fleet,
        ...(body ? { policy: JSON.parse(concrete(String(body.policy), region, environment.account)) as object } : {}),
        uses: {
          cache: (services.cache?.modules ?? []).includes(module) && resources.aws_elasticache_replication_group !== undefined,
          search: (services.search?.modules ?? []).includes(module) && resources.aws_opensearch_domain !== undefined,
          files: (services.sharedFileSystem?.modules ?? []).includes(module) && resources.aws_efs_file_system !== undefined,
        },
        modules: Object.keys(blueprint.modules),
        // The replica's stack holds the replication configuration (see SharedFileSystem).
        readOnlyFiles: resources.aws_efs_replication_configuration !== undefined,
        env,
        cacheAuthentication: services.cache?.authentication ?? 'iam',
        resources,
      };
    }),
  );
}

async function decision(c: Case, action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
  if (!c.policy) return 'ImplicitlyDenied';
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${c.account}:role/${c.stack}-${c.fleet}-instance`,
        action,
        resource: { resource, accountId: c.account },
        contextVariables: { 'aws:SecureTransport': 'true', ...context },
      },
      identityPolicies: [{ name: 'shared-services', policy: c.policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(`unexpected ${result.resultType} result for ${action} ${resource}: ${JSON.stringify(result)}`);
  return result.overallResult;
}

/** Zammad with IAM-authenticated cache users (the profile itself chooses network authentication). */
function zammadWithIamCache(): Case[] {
  const changed = withBlueprint(project, 'zammad', (b) => ({ ...b, sharedServices: { ...b.sharedServices!, cache: { ...b.sharedServices!.cache!, authentication: 'iam' } } }));
  return cases('zammad-staging', 0, { project: changed, stacks: synthStacks(changed, ['zammad-staging']) });
}

const ALL = [...cases('zammad-staging', 0), ...zammadWithIamCache(), ...cases('jsm-prod', 0), ...cases('jsm-prod', 1)];

describe('shared-service access of the profile fleets (IAM policy simulator)', () => {
  test('the profiles have fleets that use each service (the cases below are not empty)', () => {
    expect(ALL.some((c) => c.uses.cache && c.cacheAuthentication === 'iam')).toBe(true);
    expect(ALL.some((c) => c.uses.cache && c.cacheAuthentication === 'network')).toBe(true);
    expect(ALL.some((c) => c.uses.search && c.fleet !== c.module)).toBe(true); // a singleton part
    expect(ALL.some((c) => c.uses.search)).toBe(true);
    expect(ALL.some((c) => c.uses.files)).toBe(true);
  });

  test.each(ALL.map((c) => [`${c.stack} ${c.fleet}`, c]))('%s: its own cache user only, and only if its module uses the cache', async (_n, c) => {
    const group = ARN_OF.aws_elasticache_replication_group!(c.region, c.account, 'cache');
    const user = (module: string) => ARN_OF.aws_elasticache_user!(c.region, c.account, logicalId('cache', 'user', module));
    // Password-less (network-authenticated) users need no IAM permission, so their fleets get none.
    const connects = c.uses.cache && c.cacheAuthentication === 'iam';
    expect(await decision(c, 'elasticache:Connect', group)).toBe(connects ? 'Allowed' : 'ImplicitlyDenied');
    expect(await decision(c, 'elasticache:Connect', user(c.module))).toBe(connects ? 'Allowed' : 'ImplicitlyDenied');
    for (const other of c.modules.filter((m) => m !== c.module)) {
      expect(await decision(c, 'elasticache:Connect', user(other))).toBe('ImplicitlyDenied');
    }
  });

  test.each(ALL.map((c) => [`${c.stack} ${c.fleet}`, c]))('%s: mounts only through its own access point, read-only on a replica', async (_n, c) => {
    const fs = ARN_OF.aws_efs_file_system!(c.region, c.account, 'shared_fs');
    const accessPoint = (module: string) => ARN_OF.aws_efs_access_point!(c.region, c.account, logicalId('shared_fs', 'access_point', module));
    const own = { 'elasticfilesystem:AccessPointArn': accessPoint(c.module) };
    expect(await decision(c, 'elasticfilesystem:ClientMount', fs, own)).toBe(c.uses.files ? 'Allowed' : 'ImplicitlyDenied');
    expect(await decision(c, 'elasticfilesystem:ClientWrite', fs, own)).toBe(c.uses.files && !c.readOnlyFiles ? 'Allowed' : 'ImplicitlyDenied');
    expect(await decision(c, 'elasticfilesystem:ClientRootAccess', fs, own)).toBe('ImplicitlyDenied');
    for (const other of c.modules.filter((m) => m !== c.module)) {
      expect(await decision(c, 'elasticfilesystem:ClientMount', fs, { 'elasticfilesystem:AccessPointArn': accessPoint(other) })).toBe('ImplicitlyDenied');
    }
  });

  test.each(ALL.map((c) => [`${c.stack} ${c.fleet}`, c]))('%s: signs search requests only if its module uses search', async (_n, c) => {
    const role = ARN_OF.aws_iam_role!(c.region, c.account, 'search_admin');
    expect(await decision(c, 'sts:AssumeRole', role)).toBe(c.uses.search ? 'Allowed' : 'ImplicitlyDenied');
  });

  test.each(ALL.filter((c) => c.fleet === c.module).map((c) => [`${c.stack} ${c.module}`, c]))('%s: its runtime configuration says how to reach exactly the services it uses', (_n, c) => {
    const parameter = c.resources.aws_ssm_parameter?.[logicalId(`config-${c.module}`, 'services')];
    const anyUse = c.uses.cache || c.uses.search || c.uses.files;
    if (!anyUse) {
      expect(parameter).toBeUndefined();
      return;
    }
    expect(parameter?.name).toBe(`${configParameterPath(c.env, c.region, c.module)}/services`);
    const value = JSON.parse(String(parameter!.value)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(value).sort()).toEqual(
      [c.uses.cache && 'cache', c.uses.search && 'search', c.uses.files && 'sharedFileSystem'].filter((k): k is string => typeof k === 'string').sort(),
    );
    if (c.uses.cache) {
      expect(value.cache).toMatchObject({ tls: true, authentication: c.cacheAuthentication, user: `\${aws_elasticache_user.${logicalId('cache', 'user', c.module)}.user_id}` });
      // A URL only for password-less users, with the placeholder that makes the client AUTH as its own user.
      if (c.cacheAuthentication === 'network') expect(String(value.cache!.url)).toMatch(/^rediss:\/\/\$\{aws_elasticache_user\.[a-z_]+\.user_id\}:nopass@/);
      else expect(value.cache!.url).toBeUndefined();
    }
    if (c.uses.search) expect(value.search).toMatchObject({ port: 443, region: c.region, signingRoleArn: '${aws_iam_role.search_admin.arn}' });
    if (c.uses.files) {
      expect(value.sharedFileSystem).toMatchObject({ accessPointId: `\${aws_efs_access_point.${logicalId('shared_fs', 'access_point', c.module)}.id}`, readOnly: c.readOnlyFiles });
    }
    // Never a secret value: no password, token or secret field anywhere in it.
    const keys = JSON.stringify(value).match(/"[A-Za-z_]+":/g) ?? [];
    expect(keys.filter((k) => /password|token|secret/i.test(k))).toEqual([]);
  });
});
