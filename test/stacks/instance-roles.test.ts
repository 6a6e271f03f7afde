/**
 * Least privilege of the fleets' instance roles, proven with an offline IAM policy simulator
 * (@cloud-copilot/iam-simulate, pinned): each fleet reads its own configuration, secrets and
 * attachment prefix and writes its own logs; no fleet reads another module's configuration or
 * secrets, and none reads a database master password.
 */
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { logicalId } from '../../constructs/core';
import { applicationLogGroupName, configParameterPath, fleetName, singletonLeaseNamespace } from '../../model/application';
import { planCapacity } from '../../capacity';
import { resolveEnvironment } from '../../model/load';
import { masterPasswordSecretName } from '../../stacks/naming';
import { defaultStacks, repoProject } from './helpers';

const project = repoProject();

/** The primary region's stack of each environment whose roles are simulated: the standard blueprint and both product profiles. */
const ENVIRONMENTS = ['prod', 'jsm-prod', 'zammad-staging'];

interface Fleet {
  readonly fleet: string;
  /** The modules whose resources the fleet may use: its module, or the shared fleet's members. */
  readonly modules: readonly string[];
  readonly policy: object;
  /** The singleton parts the fleet runs under a lease (it publishes their heartbeat). */
  readonly leaseParts: readonly string[];
}

interface Subject {
  readonly env: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  readonly modules: string[];
  readonly groups: string[];
  readonly fleets: Fleet[];
  /** Resource policies by resource ARN prefix: the KMS key policies and the attachment bucket's policy. */
  readonly resourcePolicies: [string, object][];
}

/** Terraform references to keys in the policies, replaced by the ARNs the keys would have. */
function concrete(policyText: string, region: string, account: string): object {
  return JSON.parse(policyText.replace(/\$\{aws_kms_key\.([a-z0-9_]+)\.arn\}/g, (_all, name: string) => `arn:aws:kms:${region}:${account}:key/${name}`)) as object;
}

function subjects(): Subject[] {
  const stacks = defaultStacks();
  return ENVIRONMENTS.map((env) => {
    const environment = project.environments.get(env)!.value;
    const blueprint = project.blueprints.get(environment.blueprint)!.value;
    const region = environment.regions.primary.name;
    const name = `${env}-${region}`;
    const resources = stacks[name]!.resource!;
    const policies = resources.aws_iam_role_policy!;
    // KMS needs the key policy to allow too, and S3 evaluates the bucket policy: simulate with both.
    const resourcePolicies: [string, object][] = [
      ...Object.entries(resources.aws_kms_key!).map(([key, body]) => [`arn:aws:kms:${region}:${environment.account}:key/${key}`, JSON.parse(String(body.policy)) as object] as [string, object]),
      [`arn:aws:s3:::${name}-attachments-${environment.account}`, JSON.parse(String(resources.aws_s3_bucket_policy!.attachments!.policy)) as object],
    ];
    // Fleets as the blueprint and its plan define them (each module's own or the shared one that serves it, and
    // each module's singletons), not as the policies say.
    const plan = planCapacity(resolveEnvironment(project, env));
    const served = Object.entries(plan.fleets)
      .filter(([, fleet]) => fleet.hostedBy === undefined)
      .map(([fleet, plan]) => ({ fleet, modules: plan.modules, leaseParts: plan.leaseParts ?? [] }));
    // (parts under a lease have no fleet of their own: their serving fleet runs them)
    const parts = Object.entries(blueprint.modules)
      .filter(([module]) => plan.fleets[module]?.singletonPlacement !== 'lease')
      .flatMap(([module, spec]) => spec.singletons.map((part) => ({ fleet: fleetName(module, part), modules: [module], leaseParts: [] })));
    const fleets = [...served, ...parts].map(({ fleet, modules, leaseParts }) => {
      const body = policies[logicalId(`fleet-${fleet}`)];
      if (!body) throw new Error(`no inline policy for fleet ${fleet} in ${name}`);
      return { fleet, modules, leaseParts, policy: concrete(String(body.policy), region, environment.account) };
    });
    return { env, region, account: environment.account, name, modules: Object.keys(blueprint.modules), groups: Object.keys(blueprint.databaseGroups), fleets, resourcePolicies };
  });
}

async function decision(subject: Subject, fleet: Fleet, action: string, resource: string, contextVariables: Record<string, string | string[]> = {}): Promise<string> {
  const simulation: Simulation = {
    request: {
      principal: `arn:aws:iam::${subject.account}:role/${subject.name}-${fleet.fleet}-instance`,
      action,
      resource: { resource, accountId: subject.account },
      // A request as the SDK on the instance makes it: TLS 1.3, uploads encrypted with KMS, from this account.
      contextVariables: {
        'aws:SecureTransport': 'true',
        ...(action.startsWith('s3:') ? { 's3:TlsVersion': '1.3' } : {}),
        ...(action === 's3:PutObject' ? { 's3:x-amz-server-side-encryption': 'aws:kms' } : {}),
        ...(action.startsWith('kms:') ? { 'kms:CallerAccount': subject.account } : {}),
        ...contextVariables,
      },
    },
    identityPolicies: [{ name: 'least-privilege', policy: fleet.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  const resourcePolicy = subject.resourcePolicies.find(([prefix]) => resource === prefix || resource.startsWith(`${prefix}/`))?.[1];
  if (resourcePolicy) simulation.resourcePolicy = resourcePolicy;
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation error for ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  // An action with no resource scope (PutMetricData) is asked for on "*": the simulator answers it as a wildcard request.
  if (result.resultType === 'wildcard' && resource === '*') return result.overallResult;
  if (result.resultType !== 'single') throw new Error(`unexpected ${result.resultType} result for ${resource}`);
  return result.overallResult;
}

const all = subjects();

describe.each(all)('instance roles of $name (IAM policy simulator)', (subject) => {
  const { region, account, env } = subject;
  const parameter = (path: string) => `arn:aws:ssm:${region}:${account}:parameter${path}`;
  const secret = (module: string) => `arn:aws:secretsmanager:${region}:${account}:secret:itsm-scale/${subject.name}/${module}/database-AbC123`;
  const object = (module: string) => `arn:aws:s3:::${subject.name}-attachments-${account}/${module}/2026/ticket-1/screenshot.png`;
  const logGroup = (fleet: string) => `arn:aws:logs:${region}:${account}:log-group:${applicationLogGroupName(env, region, fleet)}:log-stream:i-0abc/itsm`;
  const appKey = `arn:aws:kms:${region}:${account}:key/app`;
  const attachmentKey = `arn:aws:kms:${region}:${account}:key/attachments`;

  test.each(subject.fleets.map((f) => [f.fleet, f]))('%s reads its own configuration, secrets and attachment prefix, and writes its own logs', async (_name, fleet) => {
    // (for each module it serves: a shared fleet reads each member's)
    for (const module of fleet.modules) {
      const path = configParameterPath(env, region, module);
      const results = {
        config: await decision(subject, fleet, 'ssm:GetParameter', parameter(`${path}/database`)),
        configByPath: await decision(subject, fleet, 'ssm:GetParametersByPath', parameter(path)),
        secret: await decision(subject, fleet, 'secretsmanager:GetSecretValue', secret(module)),
        read: await decision(subject, fleet, 's3:GetObject', object(module)),
        write: await decision(subject, fleet, 's3:PutObject', object(module)),
        attachmentKey: await decision(subject, fleet, 'kms:GenerateDataKey', attachmentKey, { 'kms:ViaService': `s3.${region}.amazonaws.com` }),
        logs: await decision(subject, fleet, 'logs:PutLogEvents', logGroup(fleet.fleet)),
      };
      expect({ module, ...results }).toEqual({ module, config: 'Allowed', configByPath: 'Allowed', secret: 'Allowed', read: 'Allowed', write: 'Allowed', attachmentKey: 'Allowed', logs: 'Allowed' });
    }
  });

  test.each(subject.fleets.map((f) => [f.fleet, f]))("%s cannot read another module's configuration, secrets or attachments", async (_name, fleet) => {
    const allowed: string[] = [];
    for (const other of subject.modules.filter((m) => !fleet.modules.includes(m))) {
      const path = configParameterPath(env, region, other);
      const checks: [string, string, Record<string, string>?][] = [
        ['ssm:GetParameter', parameter(`${path}/database`)],
        ['ssm:GetParametersByPath', parameter(path)],
        ['secretsmanager:GetSecretValue', secret(other)],
        ['s3:GetObject', object(other)],
        ['s3:PutObject', object(other)],
      ];
      for (const [action, resource, context] of checks) {
        if ((await decision(subject, fleet, action, resource, context)) === 'Allowed') allowed.push(`${action} ${resource}`);
      }
    }
    // Not another fleet's logs either, nor the attachment key outside S3.
    for (const other of subject.fleets.filter((f) => f.fleet !== fleet.fleet)) {
      if ((await decision(subject, fleet, 'logs:PutLogEvents', logGroup(other.fleet))) === 'Allowed') allowed.push(`logs of ${other.fleet}`);
    }
    // Nor either key outside its service: no direct kms:Decrypt of ciphertext taken elsewhere.
    if ((await decision(subject, fleet, 'kms:Decrypt', attachmentKey)) === 'Allowed') allowed.push('attachment key outside S3');
    if ((await decision(subject, fleet, 'kms:Decrypt', appKey)) === 'Allowed') allowed.push('application key outside Secrets Manager');
    expect(allowed).toEqual([]);
  });

  test.each(subject.fleets.map((f) => [f.fleet, f]))('%s decrypts through Secrets Manager only its own secrets (encryption-context condition)', (_name, fleet) => {
    // The simulator ignores kms:EncryptionContext:<key> condition keys (it resolves only "/"-style variable keys),
    // so this part of the proof reads the statement: kms:Decrypt of the application key, through Secrets Manager,
    // for ciphertext whose SecretARN is the fleet's own secret.
    const statements = (fleet.policy as { Statement: { Sid: string; Action: unknown; Resource: unknown; Condition?: unknown }[] }).Statement;
    const decrypt = statements.filter((st) => JSON.stringify(st.Action).includes('kms:Decrypt') && st.Resource === appKey);
    expect(decrypt).toEqual([
      {
        Sid: 'DecryptOwnSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: appKey,
        Condition: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:SecretARN': fleet.modules.map((module) => secret(module).replace(/-AbC123$/, '-??????')) },
        },
      },
    ]);
  });

  test.each(subject.fleets.map((f) => [f.fleet, f]))('%s cannot read any database master password', async (_name, fleet) => {
    const allowed: string[] = [];
    for (const group of subject.groups) {
      const resources: [string, string][] = [
        // An SSM SecureString named like the master password (the stacks no longer read one; none may be readable).
        ['ssm:GetParameter', parameter(`/itsm-scale/${env}/${group}/master-password`)],
        // The secret RDS manages for a regional cluster's master user.
        ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${region}:${account}:secret:rds!cluster-0a1b2c3d-4e5f-6789-abcd-ef0123456789-Xy12Ab`],
        // The secret that receives a global database's generated master password.
        ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${region}:${account}:secret:${masterPasswordSecretName(env, group)}-Ab12Cd`],
      ];
      for (const [action, resource] of resources) {
        if ((await decision(subject, fleet, action, resource)) === 'Allowed') allowed.push(`${action} ${resource}`);
      }
    }
    expect(allowed).toEqual([]);
  });

  test.each(subject.fleets.map((f) => [f.fleet, f]))('%s publishes a lease heartbeat to its environment\'s namespace only, and only when it runs parts under a lease', async (_name, fleet) => {
    const put = (namespace: string) => decision(subject, fleet, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': namespace });
    const results = {
      own: await put(singletonLeaseNamespace(env)),
      otherEnvironment: await put(singletonLeaseNamespace(`${env}-other`)),
      aws: await put('AWS/EC2'),
      // Nothing else of CloudWatch: no alarm or metric can be changed or read through the grant.
      deleteAlarms: await decision(subject, fleet, 'cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:${region}:${account}:alarm:${subject.name}-incident-sla-timer-lease`),
    };
    const publishes = fleet.leaseParts.length > 0 ? 'Allowed' : 'ImplicitlyDenied';
    expect(results).toEqual({ own: publishes, otherEnvironment: 'ImplicitlyDenied', aws: 'ImplicitlyDenied', deleteAlarms: 'ImplicitlyDenied' });
  });
});
