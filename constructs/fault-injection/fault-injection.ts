import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { FisExperimentTemplate, FisExperimentTemplateConfig } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { logGroupArn } from '../core/logs-policy';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags, Tags } from '../core/tags';
import { isoDurationMinutes, MAX_FIS_DURATION_MINUTES } from './duration';
import { ASG_TAG_KEY, fisExperimentPolicy, fisLogDeliveryPolicy, fisLogsKeyPolicy, fisTrustPolicy } from './policies';
import { accountIdProblem, isLiteral, KEBAB_NAME_PATTERN, kebabNameProblem, kmsKeyArnProblem, logRetentionProblem, regionProblem, ValidationProblems } from '../core/validation';

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
export class FaultInjection extends ToolkitConstruct<FaultInjectionProps> {
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

  constructor(scope: Construct, id: string, props: FaultInjectionProps) {
    super(scope, id, props);

    const stopPercent = props.stopInstancesPercent ?? DEFAULT_STOP_PERCENT;
    const stopMinutes = props.stopDurationMinutes ?? DEFAULT_STOP_MINUTES;
    const retentionDays = props.logRetentionDays ?? DEFAULT_RETENTION_DAYS;
    const outageMinutes = props.azOutage?.durationMinutes ?? DEFAULT_OUTAGE_MINUTES;
    this.validate(stopPercent, stopMinutes, retentionDays, outageMinutes);

    const modules = Object.keys(props.fleets).sort();
    this.logGroupName = `/itsm-scale/${props.name}/fis`;
    const logsKmsKeyArn = props.logsKmsKeyArn ?? this.createLogsKey();
    const { logGroup, deliveryPolicy } = this.createLogGroup(logsKmsKeyArn, retentionDays);
    const outageSubnetArns = (props.azOutage?.subnetIds ?? []).map((subnetId) => this.subnetArn(subnetId));
    const { role, rolePolicy } = this.createRole(modules, outageSubnetArns);
    const common: ExperimentCommon = {
      roleArn: role.arn,
      stopCondition: props.stopConditionAlarmArns.map((value) => ({ source: 'aws:cloudwatch:alarm', value })),
      // FIS wants the log group ARN with the `:*` suffix; the bare ARN is rejected as "not valid".
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroup.arn}:*` } },
      // The role must be able to act, and the log group must admit delivery, before anyone starts an experiment.
      dependsOn: [rolePolicy, deliveryPolicy],
    };
    this.stopInstancesTemplateIds = Object.fromEntries(
      modules.map((module) => [module, this.stopInstancesExperiment(module, common, stopPercent, stopMinutes).id]),
    );
    this.azOutageTemplateId = props.azOutage ? this.azOutageExperiment(props.azOutage, common, outageSubnetArns, outageMinutes).id : undefined;

    this.roleArn = role.arn;
    this.logGroupArn = logGroup.arn;
    this.logsKmsKeyArn = logsKmsKeyArn;
  }

  /** Tags of the stateful log resources (the log group and its key). */
  private logTags(): Record<string, string> {
    return mergeTags(this.tagsFor('fis-logs'), { [TAG_KEYS.dataClassification]: this.props.dataClassification ?? 'confidential' });
  }

  /** The key of the experiment logs (when none is given); returns its ARN. */
  private createLogsKey(): string {
    const { name, accountId, region } = this.props;
    return new CustomerManagedKey(this, 'LogsKey', {
      description: `Encrypts the AWS FIS experiment logs of ${name} (${this.logGroupName}).`,
      policy: fisLogsKeyPolicy(partitionOf(region), accountId, region, this.logGroupName),
      aliasName: `alias/${physicalName(name, 'fis-logs')}`,
      tags: this.logTags(),
      pin: this.pin,
      addressParts: ['logs'],
    }).arn;
  }

  /** The encrypted experiment log group and the resource policy that lets FIS deliver to it. */
  private createLogGroup(kmsKeyArn: string, retentionDays: number): { logGroup: EncryptedLogGroup; deliveryPolicy: CloudwatchLogResourcePolicy } {
    const { name, accountId, region } = this.props;
    const partition = partitionOf(region);
    const logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      name: this.logGroupName,
      retentionInDays: retentionDays,
      kmsKeyArn,
      tags: this.logTags(),
      pin: this.pin,
    });
    const deliveryPolicy = this.pin(
      new CloudwatchLogResourcePolicy(this, 'LogDeliveryPolicy', {
        policyName: physicalName(name, 'fis-log-delivery'),
        policyDocument: JSON.stringify(fisLogDeliveryPolicy(partition, accountId, region, logGroupArn(partition, region, accountId, this.logGroupName))),
      }),
    );
    return { logGroup, deliveryPolicy };
  }

  /** The role FIS assumes, allowed to stop and start only the drilled fleets and to cut off only the outage subnets. */
  private createRole(modules: readonly string[], outageSubnetArns: readonly string[]): { role: IamRole; rolePolicy: IamRolePolicy } {
    const { name, accountId, region, fleets } = this.props;
    const partition = partitionOf(region);
    const role = this.pin(
      new IamRole(this, 'Role', {
        name: physicalName(name, 'fis'),
        description: `Assumed by AWS FIS to run the DR drills of ${name}.`,
        assumeRolePolicy: JSON.stringify(fisTrustPolicy(partition, accountId, region)),
        tags: this.tagsFor('fis'),
      }),
    );
    const rolePolicy = this.pin(
      new IamRolePolicy(this, 'RolePolicy', {
        name: 'fis-experiments',
        role: role.id,
        policy: JSON.stringify(
          fisExperimentPolicy({
            partition,
            accountId,
            region,
            autoscalingGroupNames: modules.map((module) => fleets[module]?.autoscalingGroupName ?? ''),
            outageSubnetArns: [...outageSubnetArns],
          }),
        ),
      }),
    );
    return { role, rolePolicy };
  }

  /** The experiment that stops part of a module's running instances and starts them again. */
  private stopInstancesExperiment(module: string, common: ExperimentCommon, stopPercent: number, stopMinutes: number): FisExperimentTemplate {
    const groupName = this.props.fleets[module]?.autoscalingGroupName ?? '';
    return this.pin(
      new FisExperimentTemplate(this, `StopInstances-${module}`, {
        ...common,
        description: `DR drill: stop ${stopPercent}% of the running instances of fleet ${module} for ${stopMinutes} minutes, then start them again.`,
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
  }

  /** The experiment that cuts every subnet of one AZ off the network, as if the AZ failed. */
  private azOutageExperiment(outage: AzOutageExperiment, common: ExperimentCommon, subnetArns: readonly string[], outageMinutes: number): FisExperimentTemplate {
    return this.pin(
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
            resourceArns: [...subnetArns],
          },
        ],
        tags: mergeTags(this.tagsFor('az-outage', outage.availabilityZone), { 'availability-zone': outage.availabilityZone }),
      }),
      'az_outage',
    );
  }

  private subnetArn(subnetId: string): string {
    const { accountId, region } = this.props;
    return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:subnet/${subnetId}`;
  }

  /** Every problem of the props, in one error. */
  private validate(stopPercent: number, stopMinutes: number, retentionDays: number, outageMinutes: number): void {
    const { name, accountId, region, logsKmsKeyArn } = this.props;
    const problems = new ValidationProblems();
    if (Token.isUnresolved(name)) {
      problems.add('name must be a literal string: it is part of Name tags, the role name and the log group name');
    } else {
      problems.add(kebabNameProblem(name, { maxLength: MAX_NAME_LENGTH }));
    }
    problems.add(accountIdProblem(accountId));
    problems.add(regionProblem(region));
    // The safety net comes first.
    this.stopConditionProblems(problems);
    this.fleetProblems(stopPercent, stopMinutes, problems);
    if (this.props.azOutage !== undefined) this.azOutageProblems(this.props.azOutage, outageMinutes, problems);
    problems.add(logRetentionProblem(retentionDays, 'logRetentionDays'));
    problems.add(kmsKeyArnProblem(logsKmsKeyArn, 'logsKmsKeyArn', 'CloudWatch Logs needs'));
    problems.throwIfAny('FaultInjection', this.node.path);
  }

  /** The stop conditions' problems: none, too many, not alarms of this account and region, duplicates. */
  private stopConditionProblems(problems: ValidationProblems): void {
    const { accountId, region, stopConditionAlarmArns } = this.props;
    if (Token.isUnresolved(stopConditionAlarmArns)) {
      problems.add('stopConditionAlarmArns must be a literal list (its entries may be references): each entry becomes a stop_condition block');
      return;
    }
    if (!Array.isArray(stopConditionAlarmArns) || stopConditionAlarmArns.length === 0) {
      problems.add(
        'stopConditionAlarmArns is empty; a fault experiment needs at least one stop condition, or nothing halts it while it ' +
          'harms production. Pass the ARN of an alarm that goes into ALARM when users are affected, e.g. a Monitoring ' +
          'construct\'s `compositeAlarmArns[module]` or `loadBalancerCompositeAlarmArn`',
      );
      return;
    }
    problems.addIf(
      stopConditionAlarmArns.length > MAX_STOP_CONDITIONS,
      () =>
        `stopConditionAlarmArns has ${stopConditionAlarmArns.length} entries; AWS FIS allows at most ${MAX_STOP_CONDITIONS} ` +
        'stop conditions per experiment template. Combine alarms into a composite alarm and pass its ARN instead',
    );
    const seenAlarms = new Set<string>();
    for (const arn of stopConditionAlarmArns) {
      if (!isLiteral(arn)) continue;
      const match = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:.+$/.exec(arn);
      if (!match) {
        problems.add(`stopConditionAlarmArns entry "${arn}" is not a CloudWatch alarm ARN; expected arn:aws:cloudwatch:<region>:<account>:alarm:<name>`);
      } else {
        const [, alarmRegion, alarmAccount] = match;
        problems.addIf(
          isLiteral(region) && alarmRegion !== region,
          () => `stop-condition alarm "${arn}" is in region ${alarmRegion}, but the experiments run in ${region}; use an alarm of ${region}`,
        );
        problems.addIf(
          isLiteral(accountId) && alarmAccount !== accountId,
          () => `stop-condition alarm "${arn}" belongs to account ${alarmAccount}, not ${accountId}; use an alarm of the experiments' account`,
        );
      }
      problems.addIf(seenAlarms.has(arn), () => `stopConditionAlarmArns lists "${arn}" twice; remove the duplicate`);
      seenAlarms.add(arn);
    }
  }

  /** The fleets' problems (module names, group names, one group per module) and the stop-instances settings'. */
  private fleetProblems(stopPercent: number, stopMinutes: number, problems: ValidationProblems): void {
    const { fleets, azOutage } = this.props;
    const modules = Object.keys(fleets);
    problems.addIf(
      modules.length === 0 && azOutage === undefined,
      () => 'there is nothing to drill: fleets is empty and azOutage is not set; pass at least one fleet or an azOutage',
    );
    const groupOwner = new Map<string, string>();
    for (const module of modules) {
      problems.addIf(
        !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(module),
        () => `fleets key "${module}" is not a module name; use lower-case kebab-case starting with a letter, e.g. "incident" or "service-catalog"`,
      );
      const groupName = fleets[module]?.autoscalingGroupName;
      if (groupName === undefined || (isLiteral(groupName) && (typeof groupName !== 'string' || groupName.trim() === '' || groupName.length > 255))) {
        problems.add(`fleets.${module}.autoscalingGroupName ${JSON.stringify(groupName)} is invalid; pass the autoscaling group's name (1 to 255 characters)`);
      } else if (isLiteral(groupName)) {
        const owner = groupOwner.get(groupName);
        problems.addIf(
          owner !== undefined,
          () => `fleets.${module} and fleets.${owner} both name autoscaling group "${groupName}"; each module drills its own fleet`,
        );
        groupOwner.set(groupName, module);
      }
    }
    problems.addIf(
      isLiteral(stopPercent) && (!Number.isInteger(stopPercent) || stopPercent < 1 || stopPercent > 100),
      () => `stopInstancesPercent ${stopPercent} is invalid; pass a whole percentage from 1 to 100 (default 30)`,
    );
    problems.add(
      durationProblem(stopMinutes, 'stopDurationMinutes', 'PT10M', `pass whole minutes from 1 to ${MAX_FIS_DURATION_MINUTES} (FIS allows PT1M to PT12H; default 10)`),
    );
  }

  /** The AZ outage's problems: its AZ, its subnets and its duration. */
  private azOutageProblems(azOutage: AzOutageExperiment, outageMinutes: number, problems: ValidationProblems): void {
    const { region } = this.props;
    const az = azOutage.availabilityZone;
    if (Token.isUnresolved(az) || !KEBAB_NAME_PATTERN.test(az)) {
      problems.add(`azOutage.availabilityZone "${az}" must be a literal AZ name such as "us-east-1a" (it names the experiment)`);
    } else {
      problems.addIf(
        isLiteral(region) && !az.startsWith(region),
        () => `azOutage.availabilityZone "${az}" is not in region "${region}"; use an AZ of that region, e.g. "${region}a"`,
      );
    }
    const { subnetIds } = azOutage;
    if (Token.isUnresolved(subnetIds)) {
      problems.add('azOutage.subnetIds must be a literal list (its entries may be references): each entry becomes a target ARN');
    } else if (!Array.isArray(subnetIds) || subnetIds.length === 0) {
      problems.add(
        `azOutage.subnetIds is empty; pass the subnets of ${az} to cut off (e.g. Network's publicSubnetIdsByAz, ` +
          'privateSubnetIdsByAz and isolatedSubnetIdsByAz entries for that AZ)',
      );
    } else {
      const seenSubnets = new Set<string>();
      for (const subnetId of subnetIds) {
        if (!isLiteral(subnetId)) continue;
        problems.addIf(
          !/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(subnetId),
          () => `azOutage.subnetIds entry "${subnetId}" is not a subnet id; expected "subnet-" followed by 8 or 17 hex digits`,
        );
        problems.addIf(seenSubnets.has(subnetId), () => `azOutage.subnetIds lists "${subnetId}" twice; remove the duplicate`);
        seenSubnets.add(subnetId);
      }
    }
    problems.add(
      durationProblem(
        outageMinutes,
        'azOutage.durationMinutes',
        'PT5M',
        `pass whole minutes from 1 to ${MAX_FIS_DURATION_MINUTES} (FIS allows PT1M to PT12H; default 5)`,
      ),
    );
  }
}

/** What every experiment template shares: the role, the stop conditions, the logs and what must exist first. */
type ExperimentCommon = Pick<FisExperimentTemplateConfig, 'roleArn' | 'stopCondition' | 'logConfiguration' | 'dependsOn'>;

/** Why `minutes` is not an experiment duration (literal, whole, 1 to the FIS maximum), or `undefined`. */
function durationProblem(minutes: number, field: string, example: string, allowed: string): string | undefined {
  if (Token.isUnresolved(minutes)) {
    return `${field} must be a literal number: it is rendered as an ISO-8601 duration (${example}) at synth time`;
  }
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_FIS_DURATION_MINUTES) return `${field} ${minutes} is invalid; ${allowed}`;
  return undefined;
}
