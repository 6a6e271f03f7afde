/**
 * What the construct READMEs' snippets refer to without declaring it (`network`, `monitoring`,
 * `capacityPlan`, ...), for test/readme/snippets.test.ts. A snippet runs in the constructor of a
 * stack in us-east-1 of account 123456789012; a fixture it names is declared before it.
 * Constructs the snippets only read outputs of are stand-ins with those outputs.
 */
import { join } from 'node:path';
import { Construct } from 'constructs';
import { planCapacity } from '../../capacity/plan';
import { CapacityPlan } from '../../capacity/types';
import {
  AttachmentStore,
  BackupVault,
  DnsFailoverProps,
  LoadBalancer,
  LoadBalancerProps,
  Monitoring,
  MonitoringProps,
  Network,
  ServiceFleet,
  SharedServiceProps,
  ShardedDatabaseProps,
} from '../../constructs';
import { loadProject, resolveEnvironment } from '../../model/load';
import { Blueprint, BlueprintSchema } from '../../model/schema';

type FleetOutputs = Pick<ServiceFleet, 'securityGroupId' | 'autoscalingGroupName'>;

const ACCOUNT = '123456789012';
const fleet = (module: string, sg: string): FleetOutputs => ({ securityGroupId: sg, autoscalingGroupName: `prod-us-east-1-${module}` });

/** The default project's blueprint, with every shared service, so the plan has them all. */
function prodPlan(): { blueprint: Blueprint; plan: CapacityPlan } {
  const project = loadProject({ root: join(__dirname, '..', '..') });
  const resolved = resolveEnvironment(project, 'prod');
  const blueprint = BlueprintSchema.parse({
    ...resolved.blueprint,
    sharedServices: { cache: { modules: ['incident', 'catalog'] }, search: { modules: ['knowledge'] }, sharedFileSystem: { modules: ['cmdb'] } },
  }) as Blueprint;
  return { blueprint, plan: planCapacity({ ...resolved, blueprint }) };
}

let planned: ReturnType<typeof prodPlan> | undefined;

/** A fixture: its value for the snippet's stack (most ignore the stack). */
const fixture = <T>(make: (scope: Construct) => T): ((scope: Construct) => T) => make;
const planOnce = () => (planned ??= prodPlan());

/** Every name a snippet may use undeclared: its value, given the snippet's stack. */
export const FIXTURES = {
  accountId: fixture((): string => ACCOUNT),
  tags: fixture((): Record<string, string> => ({ environment: 'prod', owner: 'itsm-platform' })),
  blueprint: fixture((): Blueprint => planOnce().blueprint),
  plan: fixture((): CapacityPlan => planOnce().plan),
  capacityPlan: fixture((): CapacityPlan => planOnce().plan),
  network: fixture((scope: Construct): Network =>
    new Network(scope, 'fixture-network', {
      name: 'prod-us-east-1',
      accountId: ACCOUNT,
      region: 'us-east-1',
      cidrBlock: '10.0.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    })),
  incidentFleet: fixture((): FleetOutputs => fleet('incident', 'sg-0a000000000000001')),
  changeFleet: fixture((): FleetOutputs => fleet('change', 'sg-0a000000000000002')),
  knowledgeFleet: fixture((): FleetOutputs => fleet('knowledge', 'sg-0a000000000000003')),
  jiraFleet: fixture((): FleetOutputs => fleet('jira', 'sg-0a000000000000004')),
  slaTimerFleet: fixture((): FleetOutputs => fleet('incident-sla-timer', 'sg-0a000000000000005')),
  loadBalancer: fixture((): Pick<LoadBalancer, 'dnsName' | 'zoneId' | 'loadBalancerArnSuffix'> => ({
    dnsName: 'prod-us-east-1-alb-123456789.us-east-1.elb.amazonaws.com',
    zoneId: 'Z35SXDOTRQ7X7K',
    loadBalancerArnSuffix: 'app/prod-us-east-1-alb/50dc6c495c0c9188',
  })),
  monitoring: fixture((): Pick<Monitoring, 'topicArn' | 'loadBalancerCompositeAlarmArn' | 'compositeAlarmArns'> => ({
    topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:prod-us-east-1-alarms`,
    loadBalancerCompositeAlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:prod-us-east-1-load-balancer`,
    compositeAlarmArns: { incident: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:prod-us-east-1-incident` },
  })),
  attachments: fixture((): Pick<AttachmentStore, 'logBucketName' | 'albLogPrefix'> => ({ logBucketName: `prod-us-east-1-logs-${ACCOUNT}`, albLogPrefix: 'alb' })),
  backupVault: fixture((): Pick<BackupVault, 'selectionTag'> => ({ selectionTag: { key: 'backup-plan', value: 'prod-us-east-1-backup-plan' } })),
  /** The props every shared service (Cache, SearchCluster, SharedFileSystem) needs. */
  site: fixture((): SharedServiceProps => ({
    name: 'prod-us-east-1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    vpcId: 'vpc-0123456789abcdef0',
    isolatedSubnetIds: { 'us-east-1a': 'subnet-0a00000000000000a', 'us-east-1b': 'subnet-0a00000000000000b' },
    clientSecurityGroupIds: { incident: 'sg-0a000000000000001' },
    alarmTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:prod-us-east-1-alarms`,
  })),
  /** The same in the DR region, us-west-2. */
  drSite: fixture((): SharedServiceProps => ({
    name: 'prod-us-west-2',
    accountId: ACCOUNT,
    region: 'us-west-2',
    vpcId: 'vpc-0fedcba9876543210',
    isolatedSubnetIds: { 'us-west-2a': 'subnet-0b00000000000000a', 'us-west-2b': 'subnet-0b00000000000000b' },
    clientSecurityGroupIds: { incident: 'sg-0b000000000000001' },
    alarmTopicArn: `arn:aws:sns:us-west-2:${ACCOUNT}:prod-us-west-2-alarms`,
  })),
} as const;

/** `...required` in a README: the props its first snippet spelled out, per construct folder. */
export const REQUIRED = {
  'load-balancer': (): LoadBalancerProps => ({
    name: 'prod-us-east-1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    publicSubnetIds: ['subnet-0a00000000000000a', 'subnet-0a00000000000000b'],
    certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-1234-4abc-8def-0123456789ab`,
    accessLogs: { bucketName: `prod-us-east-1-logs-${ACCOUNT}`, prefix: 'alb' },
    modules: { incident: { healthCheckPath: '/api/incident/health', uiPaths: ['/incident/*'] } },
  }),
  'dns-failover': (): DnsFailoverProps => ({
    name: 'prod-global',
    accountId: ACCOUNT,
    domain: 'itsm.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    routing: 'failover',
    regions: [
      { region: 'us-east-1', role: 'primary' },
      { region: 'us-west-2', role: 'secondary' },
    ],
    healthCheckPath: '/api/incident/health',
  }),
  monitoring: (): MonitoringProps => ({
    name: 'prod-us-east-1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    latencyTargetMs: 500,
    loadBalancerArnSuffix: 'app/prod-us-east-1-alb/50dc6c495c0c9188',
    modules: {
      incident: { autoscalingGroupName: 'prod-us-east-1-incident', targetGroupArnSuffix: 'targetgroup/prod-incident/73e2d6bc24d8a067' },
      change: { autoscalingGroupName: 'prod-us-east-1-change', targetGroupArnSuffix: 'targetgroup/prod-change/0a1b2c3d4e5f6a7b' },
    },
  }),
  'sharded-database': (): ShardedDatabaseProps => ({
    group: 'tickets',
    name: 'prod-us-east-1',
    accountId: ACCOUNT,
    region: 'us-east-1',
    shards: 2,
    slots: 4096,
    instanceClass: 'db.r7g.large',
    readersPerShard: 1,
    vpcId: 'vpc-0123456789abcdef0',
    isolatedSubnetIds: ['subnet-0a00000000000000a', 'subnet-0a00000000000000b'],
    clientSecurityGroupIds: ['sg-0a000000000000001'],
  }),
} as const;
