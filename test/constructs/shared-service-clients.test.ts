/** What the shared services give their clients: the IAM statements a client role needs and the connection it publishes. */
import { App, TerraformStack, Testing } from 'cdktf';
import { Cache } from '../../constructs/cache';
import { SearchCluster } from '../../constructs/search-cluster';
import { ServiceFleet } from '../../constructs/service-fleet';
import { SharedFileSystem } from '../../constructs/shared-file-system';
import { BASE, Json } from './shared-service-fixtures';

function stack(): TerraformStack {
  const app: App = Testing.app();
  return new TerraformStack(app, 'test');
}

describe('Cache clients', () => {
  test('a user connects with elasticache:Connect on the group and on its own user only', () => {
    const cache = new Cache(stack(), 'cache', BASE);
    expect(cache.clientPolicyStatements('incident')).toEqual([
      { Sid: 'ConnectToCache', Effect: 'Allow', Action: 'elasticache:Connect', Resource: [cache.replicationGroupArn, cache.userArns.incident] },
    ]);
  });

  test('the connection is TLS with IAM authentication as the user id, and carries no secret', () => {
    const cache = new Cache(stack(), 'cache', BASE);
    const connection = cache.connectionFor('catalog');
    expect(connection).toMatchObject({ tls: true, authentication: 'iam', user: cache.userIds.catalog, port: 6379, clusterMode: false });
    expect(Object.keys(connection)).not.toEqual(expect.arrayContaining(['password']));
  });

  test('throws for a user the cache does not have, naming the users it has', () => {
    const cache = new Cache(stack(), 'cache', BASE);
    expect(() => cache.clientPolicyStatements('problem')).toThrow('no user "problem"; users are catalog, incident');
    expect(() => cache.connectionFor('problem')).toThrow('no user "problem"');
  });
});

describe('SearchCluster clients', () => {
  test('a client assumes the domain role (its only grant is HTTP calls to the domain) and signs for the region', () => {
    const search = new SearchCluster(stack(), 'search', BASE);
    expect(search.clientPolicyStatements()).toEqual([{ Sid: 'AssumeSearchRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: search.adminRoleArn }]);
    expect(search.connection()).toEqual({ endpoint: search.endpoint, port: 443, domainName: search.domainName, region: 'us-east-1', signingRoleArn: search.adminRoleArn });
  });
});

describe('SharedFileSystem clients', () => {
  test('a client mounts and writes only through its own access point', () => {
    const fs = new SharedFileSystem(stack(), 'fs', { ...BASE, backupPlanTag: 'prod-us-east-1-backup-plan' });
    expect(fs.clientPolicyStatements('incident')).toEqual([
      {
        Sid: 'MountOwnAccessPoint',
        Effect: 'Allow',
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Resource: fs.fileSystemArn,
        Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': fs.accessPointArns.incident } },
      },
    ]);
    expect(fs.connectionFor('incident')).toEqual({ fileSystemId: fs.fileSystemId, dnsName: fs.dnsName, accessPointId: fs.accessPointIds.incident, readOnly: false });
  });

  test('on a replica a client may mount but not write', () => {
    const fs = new SharedFileSystem(stack(), 'fs', {
      ...BASE,
      name: 'prod-us-west-2',
      region: 'us-west-2',
      isolatedSubnetIds: { 'us-west-2a': 'subnet-0123456789abcdef0', 'us-west-2b': 'subnet-0123456789abcdef1' },
      backupPlanTag: 'prod-us-west-2-backup-plan',
      replicaOf: { region: 'us-east-1', creationToken: 'prod-us-east-1-shared' },
    });
    expect((fs.clientPolicyStatements('catalog')[0] as { Action: string[] }).Action).toEqual(['elasticfilesystem:ClientMount']);
    expect(fs.connectionFor('catalog').readOnly).toBe(true);
  });

  test('throws for an access point the file system does not have', () => {
    const fs = new SharedFileSystem(stack(), 'fs', { ...BASE, backupPlanTag: 'prod-us-east-1-backup-plan', accessPoints: ['jira'] });
    expect(() => fs.clientPolicyStatements('incident')).toThrow('no access point "incident"; access points are jira');
  });
});

describe('ServiceFleet.addRolePolicy', () => {
  const FLEET = {
    name: 'prod-us-east-1',
    module: 'incident',
    accountId: '123456789012',
    region: 'us-east-1',
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    loadBalancerSecurityGroupId: 'sg-0123456789abcdef2',
    targetGroupArns: [],
    instanceType: 't3.medium',
    minSize: 1,
    maxSize: 2,
    desiredCapacity: 1,
    ebsKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab',
    logsKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ac',
    configParameterPath: '/itsm-scale/prod-us-east-1/config/incident',
    logGroupName: '/itsm-scale/prod/us-east-1/incident',
  };

  test('adds one inline policy of the given statements to the instance role', () => {
    const scope = stack();
    const fleet = new ServiceFleet(scope, 'fleet-incident', FLEET);
    fleet.addRolePolicy('shared-services', [{ Sid: 'A', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/x' }]);
    const json = JSON.parse(Testing.synth(scope)) as Json;
    const policy = json.resource!.aws_iam_role_policy!.fleet_incident_shared_services!;
    expect(policy).toMatchObject({ name: 'shared-services', role: '${aws_iam_role.fleet_incident.name}' });
    expect(JSON.parse(String(policy.policy))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/x' }],
    });
  });

  test('throws, with every problem, for a bad name, the reserved name, a repeated name or no statements', () => {
    const fleet = new ServiceFleet(stack(), 'fleet-incident', FLEET);
    expect(() => fleet.addRolePolicy('Shared Services', [])).toThrow(/policy name "Shared Services" must be lower-case kebab-case.*; policy "Shared Services" has no statements/);
    expect(() => fleet.addRolePolicy('least-privilege', [{}])).toThrow('is the role\'s own policy; choose another');
    fleet.addRolePolicy('shared-services', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    expect(() => fleet.addRolePolicy('shared-services', [{}])).toThrow('policy "shared-services" is already on the role');
  });
});
