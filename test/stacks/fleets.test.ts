/**
 * Every fleet of every environment in environments/ (the defaults and the product profiles) runs the
 * application: a launch template with an image of the instance type's architecture, rendered user data
 * and an instance profile whose role reads only the fleet's own configuration; every module publishes its
 * runtime configuration in every region that hosts it.
 */
import { instanceArchitecture } from '../../foundation/instance-architecture';
import { configParameterPath } from '../../model/application';
import { defaultStacks, repoProject, TerraformJson } from './helpers';

type Body = Record<string, unknown>;
type Json = TerraformJson & { data?: Record<string, Record<string, Body>> };

const project = repoProject();
const environments = [...project.environments.keys()].sort();
// Every environment in environments/, synthesized once for the whole run (test/shared-synth.ts).
const stacks = defaultStacks() as Record<string, Json>;
const regional = Object.keys(stacks).filter((name) => !name.endsWith('-global'));

/** `${type.name.attr}` → [type, name]. */
function reference(value: unknown): [string, string] {
  const match = /^\$\{(?:data\.)?([a-z0-9_]+)\.([a-z0-9_]+)\.[a-z_]+\}$/.exec(String(value));
  if (!match) throw new Error(`not a plain reference: ${String(value)}`);
  return [match[1]!, match[2]!];
}

describe('every fleet of every environment runs the application', () => {
  test('the walk covers the default and the profile environments', () => {
    expect(environments).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
    expect(regional.length).toBeGreaterThanOrEqual(5);
  });

  test.each(regional)('%s', (stackName) => {
    const json = stacks[stackName]!;
    const resources = json.resource ?? {};
    const data = json.data ?? {};
    const groups = Object.entries(resources.aws_autoscaling_group ?? {});
    const problems: string[] = [];
    for (const [address, group] of groups) {
      const [, templateName] = reference((group.launch_template as Body).id);
      const template = resources.aws_launch_template?.[templateName];
      if (!template) {
        problems.push(`${address}: no launch template`);
        continue;
      }
      // Image: an aws_ami data source filtered by the architecture the instance type needs.
      const [, amiName] = reference(template.image_id);
      const filters = (data.aws_ami?.[amiName]?.filter ?? []) as { name: string; values: string[] }[];
      const architecture = filters.find((f) => f.name === 'architecture')?.values;
      const needed = instanceArchitecture(String(template.instance_type));
      if (JSON.stringify(architecture) !== JSON.stringify([needed])) problems.push(`${address}: image architecture ${String(architecture)} for ${String(template.instance_type)} (${needed})`);
      // User data: rendered (no template variable left), naming the fleet's own configuration path and log group.
      const userData = Buffer.from(String(template.user_data ?? ''), 'base64').toString('utf8');
      const logGroup = Object.values(resources.aws_cloudwatch_log_group ?? {}).find((g) => String(g.name).endsWith(`/app/${String(group.name).slice(stackName.length + 1)}`));
      if (!userData.startsWith('#!') && !userData.startsWith('#cloud-config')) problems.push(`${address}: user data is not a script or cloud-config`);
      if (userData.includes('{{')) problems.push(`${address}: user data has an unrendered variable`);
      if (!logGroup || !userData.includes(String(logGroup.name))) problems.push(`${address}: user data does not name the fleet's own log group`);
      // Configuration: under the stack's own root, for every module whose target group the fleet serves (the
      // shared fleet serves several, named in its user data).
      if (!userData.includes(`/itsm-scale/${stackName}/config`)) problems.push(`${address}: user data names no configuration path of ${stackName}`);
      const served = ((group.target_group_arns ?? []) as string[]).map((arn) => /aws_lb_target_group\.alb_([a-z0-9_]+)\.arn/.exec(arn)?.[1]?.replace(/_/g, '-'));
      for (const module of served) {
        if (module === undefined || !new RegExp(`(^|[^a-z0-9-])${module}([^a-z0-9-]|$)`, 'm').test(userData)) problems.push(`${address}: user data does not name module ${String(module)}, whose target group it serves`);
      }
      // Instance profile → role → its least-privilege inline policy (plus, for users of shared services, the
      // `shared-services` policy, proven in shared-service-access.test.ts), no managed policy.
      const [, profileName] = reference((template.iam_instance_profile as Body).arn);
      const profile = resources.aws_iam_instance_profile?.[profileName];
      if (!profile) {
        problems.push(`${address}: no instance profile`);
        continue;
      }
      const [, roleName] = reference(profile.role);
      const inline = Object.values(resources.aws_iam_role_policy ?? {}).filter((p) => p.role === `\${aws_iam_role.${roleName}.name}`);
      const names = inline.map((p) => String(p.name)).sort();
      if (names[0] !== 'least-privilege' || names.some((n) => n !== 'least-privilege' && n !== 'shared-services') || new Set(names).size !== names.length) {
        problems.push(`${address}: inline policies ${names.join(', ')} on its role (expected least-privilege [+ shared-services])`);
      }
      const attached = Object.values(resources.aws_iam_role_policy_attachment ?? {}).filter((p) => p.role === `\${aws_iam_role.${roleName}.name}`);
      if (attached.length > 0) problems.push(`${address}: managed policies attached: ${attached.map((p) => String(p.policy_arn)).join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(groups.length).toBeGreaterThan(0);
  });

  test.each(regional)('%s: every module publishes its runtime configuration under its own path', (stackName) => {
    const json = stacks[stackName]!;
    const env = environments
      .map((name) => project.environments.get(name)!.value)
      .find((e) => [e.regions.primary, ...e.regions.secondaries].some((r) => stackName === `${e.name}-${r.name}`))!;
    const region = stackName.slice(env.name.length + 1);
    const blueprint = project.blueprints.get(env.blueprint)!.value;
    const parameters = Object.values(json.resource?.aws_ssm_parameter ?? {}).map((p) => String(p.name));
    for (const module of Object.keys(blueprint.modules)) {
      const path = configParameterPath(env.name, region, module);
      expect(parameters).toEqual(expect.arrayContaining([`${path}/database`, `${path}/attachments`, `${path}/secrets`]));
    }
    // Nothing in Parameter Store holds a secret value: every parameter of the stack is a plain String.
    for (const parameter of Object.values(json.resource?.aws_ssm_parameter ?? {})) expect(parameter.type).toBe('String');
  });
});
