import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { FisExperimentTemplate, FisExperimentTemplateConfig } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { LOG_RETENTION_DAYS } from '../core/log-retention';
import { AddressPinner, addressPinner, logicalId } from '../core/logical-id';
import { logGroupArn } from '../core/logs-policy';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, nameTagger, NameTagger, Tags } from '../core/tags';
import { isoDurationMinutes, MAX_FIS_DURATION_MINUTES } from './duration';
import { ASG_TAG_KEY, fisExperimentPolicy, fisLogDeliveryPolicy, fisLogsKeyPolicy, fisTrustPolicy } from './policies';
import { accountIdProblem, kmsKeyArnProblem, regionProblem } from '../core/validation';

/** The fleet of one ITSM module, as the stop-instances experiment targets it. */
export interface FaultInjectionFleet {
  /** Name of the module's autoscaling group, e.g. `prod-us-east-1-incident` (ServiceFleet's `autoscalingGroupName`). */
  readonly autoscalingGroupName: string;
}

/** An experiment that cuts every subnet of one AZ off the network, as if the AZ failed. */
export interface AzOutageExperiment {
  /** The AZ the subnets lie in, e.g. `us-east-1a`; it names the experiment. */
  readonly availabilityZone: string;
  /**
   * The subnets of that AZ to isolate (typically its public, private and isolated subnets, e.g. from
   * Network's `*SubnetIdsByAz`); at least one. They become `arn:<partition>:ec2:<region>:<account>:subnet/<id>` targets.
   */
  readonly subnetIds: string[];
  /**
   * How long the subnets stay cut off, in whole minutes, 1 to 720 (FIS allows PT1M to PT12H).
   * @default 5
   */
  readonly durationMinutes?: number;
}

/** Properties of a {@link FaultInjection}. */
export interface FaultInjectionProps {
  /**
   * Physical name prefix, lower-case kebab, e.g. `prod-us-east-1`. The role (`<name>-fis`), the log group
   * (`/itsm-scale/<name>/fis`), the key alias (`alias/<name>-fis-logs`) and the Name tags derive from it.
   */
  readonly name: string;

  /** The 12-digit AWS account id (trust conditions, ARNs in the role policy and key policy). */
  readonly accountId: string;

  /** The AWS region of the experiments, e.g. `us-east-1`. The stop-condition alarms must live in it. */
  readonly region: string;

  /**
   * The fleets to drill, keyed by module name (lower-case kebab, e.g. `incident`). Each gets one experiment
   * template that stops `stopInstancesPercent` of the fleet's running instances for `stopDurationMinutes` and
   * starts them again. The module name keys the Terraform address, so renaming a module replaces its template.
   * May be empty only when `azOutage` is set.
   */
  readonly fleets: Readonly<Record<string, FaultInjectionFleet>>;

  /**
   * Share of each fleet's running instances to stop, in whole percent, 1 to 100.
   * @default 30
   */
  readonly stopInstancesPercent?: number;

  /**
   * How long stopped instances stay stopped before FIS starts them again, in whole minutes, 1 to 720.
   * @default 10
   */
  readonly stopDurationMinutes?: number;

  /**
   * An AZ-outage experiment (`aws:network:disrupt-connectivity`, scope `all`) on the given subnets. Setting
   * it also grants the experiment role the network ACL permissions that action needs.
   * @default - no AZ-outage experiment, and no network permissions
   */
  readonly azOutage?: AzOutageExperiment;

  /**
   * ARNs of CloudWatch alarms (metric or composite, in this account and region) that stop every experiment
   * as soon as one of them goes into ALARM; at least 1, at most 5 (the FIS limit per template). Every
   * template gets all of them. Required: a fault experiment with no stop condition cannot be stopped by
   * the system it harms.
   */
  readonly stopConditionAlarmArns: string[];

  /**
   * Retention of the experiment log group, in days; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * ARN of an existing customer-managed KMS key for the experiment log group. Its key policy must let
   * `logs.<region>.amazonaws.com` use it for this log group.
   * @default - the construct creates a key with rotation on and the alias `alias/<name>-fis-logs`
   */
  readonly logsKmsKeyArn?: string;

  /**
   * Value of the `data-classification` tag on the log group and key.
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every resource. `Name` is always set by the construct.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

/** At most this many stop conditions per experiment template (AWS FIS quota). */
export const MAX_STOP_CONDITIONS = 5;

const DEFAULT_STOP_PERCENT = 30;
const DEFAULT_STOP_MINUTES = 10;
const DEFAULT_OUTAGE_MINUTES = 5;
const DEFAULT_RETENTION_DAYS = 365;
/** IAM role names are at most 64 characters and the role is `<name>-fis`. */
const MAX_NAME_LENGTH = 60;

/**
 * Regular disaster-recovery drills with AWS Fault Injection Service, for one serving region: per module an
 * experiment template that stops part of the module's fleet and starts it again, optionally one that cuts an
 * AZ's subnets off the network, all with CloudWatch-alarm stop conditions, encrypted experiment logs and a
 * least-privilege experiment role.
 *
 * Templates only describe experiments; nothing runs until someone (or a schedule) starts one.
 */
export class FaultInjection extends Construct {
  /** Experiment template ids keyed by module name. */
  public readonly stopInstancesTemplateIds: Readonly<Record<string, string>>;
  /** Id of the AZ-outage experiment template; undefined when `azOutage` is not set. */
  public readonly azOutageTemplateId: string | undefined;
  /** ARN of the role AWS FIS assumes to run the experiments. */
  public readonly roleArn: string;
  /** Name of the experiment log group. */
  public readonly logGroupName: string;
  /** ARN of the experiment log group. */
  public readonly logGroupArn: string;
  /** ARN of the KMS key that encrypts the log group (created or given). */
  public readonly logsKmsKeyArn: string;

  /** Pins a resource's Terraform address to `<construct id>[_<parts>]`. */
  private readonly pin: AddressPinner;
  /** The construct's tags plus a `Name` of `<name>-<parts>`. */
  private readonly tagsFor: NameTagger;

  constructor(scope: Construct, id: string, props: FaultInjectionProps) {
    super(scope, id);
    this.tagsFor = nameTagger(props.tags, props.name);
    this.pin = addressPinner(logicalId(id));

    const stopPercent = props.stopInstancesPercent ?? DEFAULT_STOP_PERCENT;
    const stopMinutes = props.stopDurationMinutes ?? DEFAULT_STOP_MINUTES;
    const retentionDays = props.logRetentionDays ?? DEFAULT_RETENTION_DAYS;
    const outageMinutes = props.azOutage?.durationMinutes ?? DEFAULT_OUTAGE_MINUTES;
    this.validate(props, stopPercent, stopMinutes, retentionDays, outageMinutes);

    const { name, accountId, region } = props;
    const partition = partitionOf(region);
    const dataClassification = props.dataClassification ?? 'confidential';
    const statefulTags = { [TAG_KEYS.dataClassification]: dataClassification };
    const modules = Object.keys(props.fleets).sort();

    // ---- Logs key ---------------------------------------------------------------------------------------
    const logGroupName = `/itsm-scale/${name}/fis`;
    const logsKmsKeyArn =
      props.logsKmsKeyArn ??
      new CustomerManagedKey(this, 'LogsKey', {
        description: `Encrypts the AWS FIS experiment logs of ${name} (${logGroupName}).`,
        policy: fisLogsKeyPolicy(partition, accountId, region, logGroupName),
        aliasName: `alias/${physicalName(name, 'fis-logs')}`,
        tags: mergeTags(this.tagsFor('fis-logs'), statefulTags),
        pin: this.pin,
        addressParts: ['logs'],
      }).arn;

    // ---- Log group and its delivery policy --------------------------------------------------------------
    const logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      name: logGroupName,
      retentionInDays: retentionDays,
      kmsKeyArn: logsKmsKeyArn,
      tags: mergeTags(this.tagsFor('fis-logs'), statefulTags),
      pin: this.pin,
    });
    const deliveryPolicy = this.pin(
      new CloudwatchLogResourcePolicy(this, 'LogDeliveryPolicy', {
        policyName: physicalName(name, 'fis-log-delivery'),
        policyDocument: JSON.stringify(fisLogDeliveryPolicy(partition, accountId, region, logGroupArn(partition, region, accountId, logGroupName))),
      }),
    );

    // ---- Experiment role --------------------------------------------------------------------------------
    const role = this.pin(
      new IamRole(this, 'Role', {
        name: physicalName(name, 'fis'),
        description: `Assumed by AWS FIS to run the DR drills of ${name}.`,
        assumeRolePolicy: JSON.stringify(fisTrustPolicy(partition, accountId, region)),
        tags: this.tagsFor('fis'),
      }),
    );
    const outageSubnetArns = (props.azOutage?.subnetIds ?? []).map((subnetId) => `arn:${partition}:ec2:${region}:${accountId}:subnet/${subnetId}`);
    const rolePolicy = this.pin(
      new IamRolePolicy(this, 'RolePolicy', {
        name: 'fis-experiments',
        role: role.id,
        policy: JSON.stringify(
          fisExperimentPolicy({
            partition,
            accountId,
            region,
            autoscalingGroupNames: modules.map((module) => props.fleets[module]?.autoscalingGroupName ?? ''),
            outageSubnetArns,
          }),
        ),
      }),
    );

    // ---- Experiment templates ---------------------------------------------------------------------------
    const common: Pick<FisExperimentTemplateConfig, 'roleArn' | 'stopCondition' | 'logConfiguration' | 'dependsOn'> = {
      roleArn: role.arn,
      stopCondition: props.stopConditionAlarmArns.map((value) => ({ source: 'aws:cloudwatch:alarm', value })),
      // FIS wants the log group ARN with the `:*` suffix; the bare ARN is rejected as "not valid".
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroup.arn}:*` } },
      // The role must be able to act, and the log group must admit delivery, before anyone starts an experiment.
      dependsOn: [rolePolicy, deliveryPolicy],
    };

    const stopTemplateIds: Record<string, string> = {};
    for (const module of modules) {
      const groupName = props.fleets[module]?.autoscalingGroupName ?? '';
      const template = this.pin(
        new FisExperimentTemplate(this, `StopInstances-${module}`, {
          ...common,
          description: `DR drill: stop ${stopPercent}% of the running instances of module ${module} for ${stopMinutes} minutes, then start them again.`,
          action: [
            {
              name: 'stop-instances',
              actionId: 'aws:ec2:stop-instances',
              description: `Stop ${stopPercent}% of ${module}'s running instances for ${stopMinutes} minutes`,
              parameter: [
                { key: 'startInstancesAfterDuration', value: isoDurationMinutes(stopMinutes) },
                // The autoscaling group may replace stopped instances before FIS starts them again; that is recovery, not failure.
                { key: 'completeIfInstancesTerminated', value: 'true' },
              ],
              target: { key: 'Instances', value: 'fleet-instances' },
            },
          ],
          target: [
            {
              name: 'fleet-instances',
              resourceType: 'aws:ec2:instance',
              selectionMode: `PERCENT(${stopPercent})`,
              resourceTag: [{ key: ASG_TAG_KEY, value: groupName }],
              filter: [{ path: 'State.Name', values: ['running'] }],
            },
          ],
          tags: mergeTags(this.tagsFor(module, 'stop-instances'), { [TAG_KEYS.module]: module }),
        }),
        module,
        'stop_instances',
      );
      stopTemplateIds[module] = template.id;
    }
    this.stopInstancesTemplateIds = stopTemplateIds;

    const outage = props.azOutage;
    if (outage) {
      const template = this.pin(
        new FisExperimentTemplate(this, 'AzOutage', {
          ...common,
          description: `DR drill: cut ${outage.subnetIds.length} subnet(s) of ${outage.availabilityZone} off the network for ${outageMinutes} minutes.`,
          action: [
            {
              name: 'disrupt-connectivity',
              actionId: 'aws:network:disrupt-connectivity',
              description: `Deny all traffic of the ${outage.availabilityZone} subnets for ${outageMinutes} minutes`,
              parameter: [
                { key: 'duration', value: isoDurationMinutes(outageMinutes) },
                { key: 'scope', value: 'all' },
              ],
              target: { key: 'Subnets', value: 'az-subnets' },
            },
          ],
          target: [
            {
              name: 'az-subnets',
              resourceType: 'aws:ec2:subnet',
              selectionMode: 'ALL',
              resourceArns: outageSubnetArns,
            },
          ],
          tags: mergeTags(this.tagsFor('az-outage', outage.availabilityZone), { 'availability-zone': outage.availabilityZone }),
        }),
        'az_outage',
      );
      this.azOutageTemplateId = template.id;
    } else {
      this.azOutageTemplateId = undefined;
    }

    // ---- Attributes -------------------------------------------------------------------------------------
    this.roleArn = role.arn;
    this.logGroupName = logGroupName;
    this.logGroupArn = logGroup.arn;
    this.logsKmsKeyArn = logsKmsKeyArn;
  }

  private validate(props: FaultInjectionProps, stopPercent: number, stopMinutes: number, retentionDays: number, outageMinutes: number): void {
    const fail = (message: string): never => {
      throw new Error(`FaultInjection ${this.node.path}: ${message}`);
    };
    const literal = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);
    const { name, accountId, region, fleets, azOutage, stopConditionAlarmArns, logsKmsKeyArn } = props;

    if (Token.isUnresolved(name)) {
      fail('name must be a literal string: it is part of Name tags, the role name and the log group name.');
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > MAX_NAME_LENGTH) {
      fail(
        `name "${name}" is invalid; use lower-case letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, ` +
          `e.g. "prod-us-east-1".`,
      );
    }
    for (const problem of [accountIdProblem(accountId), regionProblem(region)]) {
      if (problem !== undefined) fail(`${problem}.`);
    }

    // ---- Stop conditions: the safety net comes first ----
    if (Token.isUnresolved(stopConditionAlarmArns)) {
      fail('stopConditionAlarmArns must be a literal list (its entries may be references): each entry becomes a stop_condition block.');
    }
    if (!Array.isArray(stopConditionAlarmArns) || stopConditionAlarmArns.length === 0) {
      fail(
        'stopConditionAlarmArns is empty; a fault experiment needs at least one stop condition, or nothing halts it while it ' +
          'harms production. Pass the ARN of an alarm that goes into ALARM when users are affected, e.g. a Monitoring ' +
          'construct\'s `compositeAlarmArns[module]` or `loadBalancerCompositeAlarmArn`.',
      );
    }
    if (stopConditionAlarmArns.length > MAX_STOP_CONDITIONS) {
      fail(
        `stopConditionAlarmArns has ${stopConditionAlarmArns.length} entries; AWS FIS allows at most ${MAX_STOP_CONDITIONS} ` +
          'stop conditions per experiment template. Combine alarms into a composite alarm and pass its ARN instead.',
      );
    }
    const seenAlarms = new Set<string>();
    for (const arn of stopConditionAlarmArns) {
      if (!literal(arn)) continue;
      const match = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:.+$/.exec(arn);
      if (!match) {
        fail(`stopConditionAlarmArns entry "${arn}" is not a CloudWatch alarm ARN; expected arn:aws:cloudwatch:<region>:<account>:alarm:<name>.`);
      }
      const [, alarmRegion, alarmAccount] = match ?? [];
      if (literal(region) && alarmRegion !== region) {
        fail(`stop-condition alarm "${arn}" is in region ${alarmRegion}, but the experiments run in ${region}; use an alarm of ${region}.`);
      }
      if (literal(accountId) && alarmAccount !== accountId) {
        fail(`stop-condition alarm "${arn}" belongs to account ${alarmAccount}, not ${accountId}; use an alarm of the experiments' account.`);
      }
      if (seenAlarms.has(arn)) fail(`stopConditionAlarmArns lists "${arn}" twice; remove the duplicate.`);
      seenAlarms.add(arn);
    }

    // ---- Fleets ----
    const modules = Object.keys(fleets);
    if (modules.length === 0 && azOutage === undefined) {
      fail('there is nothing to drill: fleets is empty and azOutage is not set; pass at least one fleet or an azOutage.');
    }
    const groupOwner = new Map<string, string>();
    for (const module of modules) {
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(module)) {
        fail(`fleets key "${module}" is not a module name; use lower-case kebab-case starting with a letter, e.g. "incident" or "service-catalog".`);
      }
      const groupName = fleets[module]?.autoscalingGroupName;
      if (groupName === undefined || (literal(groupName) && (typeof groupName !== 'string' || groupName.trim() === '' || groupName.length > 255))) {
        fail(`fleets.${module}.autoscalingGroupName ${JSON.stringify(groupName)} is invalid; pass the autoscaling group's name (1 to 255 characters).`);
      }
      if (literal(groupName)) {
        const owner = groupOwner.get(groupName as string);
        if (owner !== undefined) {
          fail(`fleets.${module} and fleets.${owner} both name autoscaling group "${groupName}"; each module drills its own fleet.`);
        }
        groupOwner.set(groupName as string, module);
      }
    }
    if (literal(stopPercent) && (!Number.isInteger(stopPercent) || stopPercent < 1 || stopPercent > 100)) {
      fail(`stopInstancesPercent ${stopPercent} is invalid; pass a whole percentage from 1 to 100 (default 30).`);
    }
    if (Token.isUnresolved(stopMinutes)) {
      fail('stopDurationMinutes must be a literal number: it is rendered as an ISO-8601 duration (PT10M) at synth time.');
    }
    if (!Number.isInteger(stopMinutes) || stopMinutes < 1 || stopMinutes > MAX_FIS_DURATION_MINUTES) {
      fail(`stopDurationMinutes ${stopMinutes} is invalid; pass whole minutes from 1 to ${MAX_FIS_DURATION_MINUTES} (FIS allows PT1M to PT12H; default 10).`);
    }

    // ---- AZ outage ----
    if (azOutage !== undefined) {
      const az = azOutage.availabilityZone;
      if (Token.isUnresolved(az) || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(az)) {
        fail(`azOutage.availabilityZone "${az}" must be a literal AZ name such as "us-east-1a" (it names the experiment).`);
      }
      if (literal(region) && !az.startsWith(region)) {
        fail(`azOutage.availabilityZone "${az}" is not in region "${region}"; use an AZ of that region, e.g. "${region}a".`);
      }
      if (Token.isUnresolved(azOutage.subnetIds)) {
        fail('azOutage.subnetIds must be a literal list (its entries may be references): each entry becomes a target ARN.');
      }
      if (!Array.isArray(azOutage.subnetIds) || azOutage.subnetIds.length === 0) {
        fail(
          `azOutage.subnetIds is empty; pass the subnets of ${az} to cut off (e.g. Network's publicSubnetIdsByAz, ` +
            'privateSubnetIdsByAz and isolatedSubnetIdsByAz entries for that AZ).',
        );
      }
      const seenSubnets = new Set<string>();
      for (const subnetId of azOutage.subnetIds) {
        if (!literal(subnetId)) continue;
        if (!/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(subnetId)) {
          fail(`azOutage.subnetIds entry "${subnetId}" is not a subnet id; expected "subnet-" followed by 8 or 17 hex digits.`);
        }
        if (seenSubnets.has(subnetId)) fail(`azOutage.subnetIds lists "${subnetId}" twice; remove the duplicate.`);
        seenSubnets.add(subnetId);
      }
      if (Token.isUnresolved(outageMinutes)) {
        fail('azOutage.durationMinutes must be a literal number: it is rendered as an ISO-8601 duration (PT5M) at synth time.');
      }
      if (!Number.isInteger(outageMinutes) || outageMinutes < 1 || outageMinutes > MAX_FIS_DURATION_MINUTES) {
        fail(
          `azOutage.durationMinutes ${outageMinutes} is invalid; pass whole minutes from 1 to ${MAX_FIS_DURATION_MINUTES} ` +
            '(FIS allows PT1M to PT12H; default 5).',
        );
      }
    }

    // ---- Logging ----
    if (literal(retentionDays) && !LOG_RETENTION_DAYS.includes(retentionDays)) {
      fail(`logRetentionDays ${retentionDays} is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(', ')}.`);
    }
    const keyProblem = kmsKeyArnProblem(logsKmsKeyArn, 'logsKmsKeyArn', 'CloudWatch Logs needs');
    if (keyProblem !== undefined) fail(`${keyProblem}.`);
  }
}
