import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { CustomerManagedKey } from './customer-managed-key';
import { accountRootAdministrationStatement, cloudWatchLogsKeyUseStatement, ENVELOPE_ENCRYPTION_ACTIONS, viaServiceCondition } from './kms-policy';
import { AddressPinner } from './logical-id';
import { physicalName } from '../../foundation/naming';
import { byCodeUnit } from './order';
import { policyDocument } from './policy';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from './tags';
import { accountIdProblem, isLiteral, kebabNameProblem, KMS_KEY_ARN_PATTERN, regionProblem, SECURITY_GROUP_ID_PATTERN, SUBNET_ID_PATTERN, ValidationProblems } from './validation';

/**
 * What the shared-service constructs (Cache, SearchCluster, SharedFileSystem) have in common: they live in the
 * isolated subnets of one region, admit only named client security groups, encrypt with a customer-managed key,
 * and watch themselves with silent metric alarms behind one composite alarm that notifies the region's alarm topic.
 */
export interface SharedServiceProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. Resource names, the key alias and alarm
   * names derive from it.
   */
  readonly name: string;

  /** The 12-digit AWS account id (key policies, ARNs). */
  readonly accountId: string;

  /** The AWS region of the stack, e.g. `us-east-1`. */
  readonly region: string;

  /** VPC of the service. */
  readonly vpcId: string;

  /**
   * Isolated subnets to place the service in, keyed by availability zone name (e.g. `{ 'us-east-1a': 'subnet-…' }`,
   * the network's `isolatedSubnetIdsByAz`); at least two zones. Keys name Terraform addresses, so adding a zone
   * only adds resources.
   */
  readonly isolatedSubnetIds: Readonly<Record<string, string>>;

  /**
   * Security groups that may reach the service, keyed by a lower-case kebab client name (the module, e.g.
   * `incident`). Each gets an ingress rule on the service's security group and an egress rule on its own group
   * to the service, both on the service port; nothing else may connect.
   * @default - no clients (nothing can connect)
   */
  readonly clientSecurityGroupIds?: Readonly<Record<string, string>>;

  /**
   * ARN of the SNS topic the service's composite alarm notifies (the region's alarm topic, `Monitoring.topicArn`).
   * @default - the composite alarm is created without actions (and the policy pack flags it)
   */
  readonly alarmTopicArn?: string;

  /**
   * Utilization (percent) above which the service's capacity alarms fire: memory, CPU, storage, I/O.
   * @default 80
   */
  readonly utilizationThresholdPercent?: number;

  /**
   * Consecutive one-minute periods a metric must breach before its alarm fires.
   * @default 5
   */
  readonly evaluationPeriods?: number;

  /**
   * ARN of an existing customer-managed KMS key in this region that encrypts the service's data and logs.
   * @default - the construct creates a key with rotation, a 30-day deletion window, prevent_destroy and an alias
   */
  readonly kmsKeyArn?: string;

  /**
   * Value of the `data-classification` tag on stateful resources.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every taggable resource.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/** The defaults of {@link SharedServiceProps}, resolved. */
export interface ResolvedSharedServiceProps {
  readonly thresholdPercent: number;
  readonly evaluationPeriods: number;
  readonly clients: ReadonlyArray<[string, string]>;
  readonly zones: ReadonlyArray<[string, string]>;
  readonly dataClassification: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const AVAILABILITY_ZONE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}[a-z]$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;

/** Resolves the shared defaults; entries are sorted by key so output never depends on object order. */
export function resolveSharedServiceProps(props: SharedServiceProps): ResolvedSharedServiceProps {
  return {
    thresholdPercent: props.utilizationThresholdPercent ?? 80,
    evaluationPeriods: props.evaluationPeriods ?? 5,
    clients: sortedEntries(props.clientSecurityGroupIds ?? {}),
    zones: sortedEntries(props.isolatedSubnetIds),
    dataClassification: props.dataClassification ?? 'confidential',
  };
}

/**
 * Adds every problem with the shared props to `problems`, each with what to pass instead. Unresolved tokens are
 * not checked, except where a value must be known at synth time (names, thresholds).
 */
export function sharedServiceProblems(props: SharedServiceProps, resolved: ResolvedSharedServiceProps, problems: ValidationProblems): void {
  const { name, region, kmsKeyArn, alarmTopicArn } = props;
  problems.add(kebabNameProblem(name, { maxLength: 64 }));
  problems.add(accountIdProblem(props.accountId));
  problems.add(regionProblem(region));
  problems.addIf(
    resolved.zones.length < 2,
    () =>
      `isolatedSubnetIds has ${resolved.zones.length} availability zone(s); pass at least two ({ "<az>": "<subnet id>" }, e.g. the network's isolatedSubnetIdsByAz) so the service survives a zone failure`,
  );
  for (const [zone, subnetId] of resolved.zones) {
    if (!AVAILABILITY_ZONE.test(zone)) {
      problems.add(`isolatedSubnetIds key "${zone}" is not an availability zone name; expected e.g. "us-east-1a"`);
    } else if (isLiteral(region) && !zone.startsWith(region)) {
      problems.add(`isolatedSubnetIds key "${zone}" is not in region "${region}"; pass this region's zones`);
    }
    problems.addIf(isLiteral(subnetId) && !SUBNET_ID_PATTERN.test(subnetId), () => `isolatedSubnetIds["${zone}"] "${subnetId}" is not a subnet id; expected "subnet-" and 8 or 17 hex digits`);
  }
  for (const [client, securityGroupId] of resolved.clients) {
    problems.addIf(!KEBAB.test(client), () => `clientSecurityGroupIds key "${client}" must be lower-case kebab-case (e.g. "incident"); it names the rules' Terraform addresses`);
    problems.addIf(
      isLiteral(securityGroupId) && !SECURITY_GROUP_ID_PATTERN.test(securityGroupId),
      () => `clientSecurityGroupIds["${client}"] "${securityGroupId}" is not a security group id; expected "sg-" and 8 or 17 hex digits`,
    );
  }
  const t = resolved.thresholdPercent;
  problems.addIf(
    Token.isUnresolved(t) || !(Number.isFinite(t) && t >= 1 && t <= 100),
    () => `utilizationThresholdPercent ${t} must be a literal percentage from 1 to 100 (the blueprint's target utilization 0.8 is 80)`,
  );
  const e = resolved.evaluationPeriods;
  problems.addIf(Token.isUnresolved(e) || !(Number.isInteger(e) && e >= 1 && e <= 1440), () => `evaluationPeriods ${e} must be a literal whole number of minutes from 1 to 1440, e.g. 5`);
  if (isLiteral(kmsKeyArn)) {
    const match = KMS_KEY_ARN_PATTERN.exec(kmsKeyArn!);
    if (!match) {
      problems.add(`kmsKeyArn "${kmsKeyArn}" is not a KMS key ARN; pass arn:aws:kms:<region>:<account>:key/<key-id> (not an alias, not an AWS-managed key)`);
    } else if (isLiteral(region) && match[1] !== region) {
      problems.add(`kmsKeyArn "${kmsKeyArn}" is in region "${match[1]}", but the service is in "${region}"; pass a key of this region`);
    }
  }
  problems.addIf(
    isLiteral(alarmTopicArn) && !TOPIC_ARN.test(alarmTopicArn!),
    () => `alarmTopicArn "${alarmTopicArn}" is not an SNS topic ARN; expected arn:aws:sns:<region>:<account>:<topic>`,
  );
}

/** What {@link serviceKeyPolicy} needs. */
export interface ServiceKeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The service endpoints through which principals of the account may use the key, e.g. `elasticache.us-east-1.amazonaws.com`. */
  readonly viaServices: readonly string[];
  /** Log group name pattern (with `*`) that CloudWatch Logs may encrypt with the key. @default - no log groups */
  readonly logGroupNamePattern?: string;
}

/**
 * Key policy of a shared service's key: the account root administers it; principals of this account may use it,
 * and create grants for AWS resources, only through the service's endpoints; CloudWatch Logs may use it for the
 * service's log groups only.
 */
export function serviceKeyPolicy(input: ServiceKeyPolicyInput): object {
  const { partition, accountId, region, viaServices, logGroupNamePattern } = input;
  return policyDocument([
    accountRootAdministrationStatement(partition, accountId),
    {
      Sid: 'AllowUseThroughTheService',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [...ENVELOPE_ENCRYPTION_ACTIONS],
      Resource: '*',
      Condition: viaServiceCondition(accountId, [...viaServices]),
    },
    {
      Sid: 'AllowGrantsForAwsResourcesThroughTheService',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: { ...viaServiceCondition(accountId, [...viaServices]), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    ...(logGroupNamePattern !== undefined
      ? [cloudWatchLogsKeyUseStatement({ sid: 'AllowCloudWatchLogsUseForServiceLogs', partition, accountId, region, logGroupName: logGroupNamePattern, match: 'ArnLike' })]
      : []),
  ]);
}

/** What {@link serviceKey} needs. */
export interface ServiceKeyInput {
  /** Physical name of the key's Name tag and alias (`alias/<keyName>`), e.g. `prod-us-east-1-cache`. */
  readonly keyName: string;
  readonly description: string;
  readonly partition: string;
  /** The service endpoints through which principals of the account may use the key, e.g. `elasticache.us-east-1.amazonaws.com`. */
  readonly viaServices: readonly string[];
  /** Log group name pattern (with `*`) that CloudWatch Logs may encrypt with the key. @default - no log groups */
  readonly logGroupNamePattern?: string;
  /** Value of the key's `data-classification` tag (the resolved `dataClassification`). */
  readonly dataClassification: string;
}

/**
 * The ARN of the service's key: the given `kmsKeyArn`, else a {@link CustomerManagedKey} (`Key`, alias `KeyAlias`,
 * address `<prefix>_key`) with the {@link serviceKeyPolicy} of its endpoints and stateful tags.
 */
export function serviceKey(scope: Construct, pin: AddressPinner, props: SharedServiceProps, input: ServiceKeyInput): string {
  if (props.kmsKeyArn !== undefined) return props.kmsKeyArn;
  const { keyName, partition, viaServices, logGroupNamePattern } = input;
  return new CustomerManagedKey(scope, 'Key', {
    pin,
    addressParts: ['key'],
    description: input.description,
    policy: serviceKeyPolicy({
      partition,
      accountId: props.accountId,
      region: props.region,
      viaServices,
      ...(logGroupNamePattern !== undefined ? { logGroupNamePattern } : {}),
    }),
    aliasName: `alias/${keyName}`,
    tags: statefulServiceTags(props.tags, input.dataClassification, keyName),
  }).arn;
}

/** What {@link serviceSecurityGroup} needs. */
export interface ServiceSecurityGroupInput {
  /** Security group name, e.g. `prod-us-east-1-cache`. */
  readonly groupName: string;
  /** Fixed description (it forces replacement when changed, so it holds nothing that changes). */
  readonly description: string;
  readonly vpcId: string;
  readonly port: number;
  /** What the port carries, for the rules' descriptions, e.g. `Valkey TLS`. */
  readonly protocolLabel: string;
  readonly clients: ReadonlyArray<[string, string]>;
  readonly tags: Tags | undefined;
}

/**
 * The service's security group (no egress, ingress only from the named clients on the port) and, on each client's
 * group, the matching egress rule to it. Rules are addressed by client name: `<prefix>_from_<client>`,
 * `<prefix>_to_<client>`.
 */
export function serviceSecurityGroup(scope: Construct, pin: AddressPinner, input: ServiceSecurityGroupInput): SecurityGroup {
  const group = pin(
    new SecurityGroup(scope, 'SecurityGroup', {
      name: input.groupName,
      description: input.description,
      vpcId: input.vpcId,
      // Terraform removes AWS's default allow-all egress on create; an empty list keeps it that way.
      egress: [],
      tags: mergeTags(input.tags, { Name: input.groupName }),
    }),
  );
  for (const [client, clientGroupId] of input.clients) {
    pin(
      new VpcSecurityGroupIngressRule(scope, `From-${client}`, {
        securityGroupId: group.id,
        referencedSecurityGroupId: clientGroupId,
        ipProtocol: 'tcp',
        fromPort: input.port,
        toPort: input.port,
        description: `${input.protocolLabel} ${input.port} from ${client}`,
        tags: mergeTags(input.tags, { Name: physicalName(input.groupName, 'from', client) }),
      }),
      'from',
      client,
    );
    pin(
      new VpcSecurityGroupEgressRule(scope, `To-${client}`, {
        securityGroupId: clientGroupId,
        referencedSecurityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: input.port,
        toPort: input.port,
        description: `${input.protocolLabel} ${input.port} to ${input.groupName}`,
        tags: mergeTags(input.tags, { Name: physicalName(input.groupName, 'to', client) }),
      }),
      'to',
      client,
    );
  }
  return group;
}

/** One metric alarm of a service: its name suffix and settings (name, periods, actions and tags are filled in). */
export interface ServiceAlarmSpec {
  /** Suffix of the alarm name and address, lower-case kebab, e.g. `memory` or `shard-0001-memory`. */
  readonly key: string;
  readonly settings: Omit<CloudwatchMetricAlarmConfig, 'alarmName' | 'evaluationPeriods' | 'datapointsToAlarm' | 'tags'> & {
    readonly evaluationPeriods?: number;
  };
}

/** What {@link serviceAlarms} needs. */
export interface ServiceAlarmsInput {
  /** Alarm name prefix, e.g. `prod-us-east-1-cache`; alarms are `<prefix>-<key>`, the composite `<prefix>`. */
  readonly alarmPrefix: string;
  /** What the service is, for the composite's description, e.g. `Cache prod-us-east-1-cache`. */
  readonly subject: string;
  readonly alarms: readonly ServiceAlarmSpec[];
  readonly evaluationPeriods: number;
  readonly topicArn?: string;
  readonly tags: Tags | undefined;
}

/** The created alarms: names are Terraform references, so users wait for the alarms to exist. */
export interface ServiceAlarmsResult {
  readonly metricAlarmNames: readonly string[];
  readonly compositeAlarmName: string;
  readonly compositeAlarmArn: string;
}

/**
 * Silent metric alarms (no actions) and one composite alarm over them that notifies the topic, so one
 * incident of the service pages once and its OK message says it is over.
 */
export function serviceAlarms(scope: Construct, pin: AddressPinner, input: ServiceAlarmsInput): ServiceAlarmsResult {
  const metricAlarms = input.alarms.map((spec) =>
    pin(
      new CloudwatchMetricAlarm(scope, `Alarm-${spec.key}`, {
        alarmName: physicalName(input.alarmPrefix, spec.key),
        evaluationPeriods: input.evaluationPeriods,
        datapointsToAlarm: spec.settings.evaluationPeriods ?? input.evaluationPeriods,
        ...spec.settings,
        tags: mergeTags(input.tags),
      }),
      'alarm',
      spec.key,
    ),
  );
  const actions = input.topicArn === undefined ? [] : [input.topicArn];
  const composite = pin(
    new CloudwatchCompositeAlarm(scope, 'Composite', {
      alarmName: input.alarmPrefix,
      alarmDescription: `${input.subject}: one of its capacity or health alarms is in ALARM. Runbook: follow the description of the child alarm in ALARM.`,
      alarmRule: metricAlarms.map((alarm) => `ALARM("${alarm.alarmName}")`).join(' OR '),
      actionsEnabled: actions.length > 0,
      alarmActions: actions,
      okActions: actions,
      tags: mergeTags(input.tags),
    }),
    'alarm',
  );
  return { metricAlarmNames: metricAlarms.map((a) => a.alarmName), compositeAlarmName: composite.alarmName, compositeAlarmArn: composite.arn };
}

/** Stateful tags: the caller's, data classification and Name. */
export function statefulServiceTags(tags: Tags | undefined, dataClassification: string, nameTag: string, extra: Tags = {}): Record<string, string> {
  return mergeTags(tags, { Name: nameTag, [TAG_KEYS.dataClassification]: dataClassification }, extra);
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => byCodeUnit(a, b));
}
