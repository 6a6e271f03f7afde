import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { logGroupArn } from '../core/logs-policy';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { accountRootArn, policyDocument, sourceAccountCondition } from '../core/policy';
import {
  ResolvedSharedServiceProps,
  resolveSharedServiceProps,
  ServiceAlarmSpec,
  serviceAlarms,
  serviceKey,
  serviceSecurityGroup,
  SharedServiceProps,
  sharedServiceProblems,
  statefulServiceTags,
} from '../core/shared-service';
import { isResolved, logRetentionProblem, ValidationProblems } from '../core/validation';
import { mergeTags } from '../core/tags';

/** Properties of a {@link SearchCluster}. */
export interface SearchClusterProps extends SharedServiceProps {
  /**
   * Domain name, 3-28 lower-case letters, digits and hyphens, starting with a letter.
   * @default - `<name>-search`
   */
  readonly domainName?: string;

  /**
   * Engine version.
   * @default 'OpenSearch_2.19'
   */
  readonly engineVersion?: string;

  /**
   * Instance type of the data nodes.
   * @default 'r7g.large.search'
   */
  readonly instanceType?: string;

  /**
   * Availability zones the data nodes spread over (zone awareness), 2 or 3; the first zones of `isolatedSubnetIds`
   * in name order.
   * @default - 3 when isolatedSubnetIds has three zones or more, else 2
   */
  readonly availabilityZoneCount?: number;

  /**
   * Data nodes, a multiple of `availabilityZoneCount` (each zone holds a full copy of every shard with one replica).
   * @default - availabilityZoneCount
   */
  readonly dataNodes?: number;

  /**
   * Dedicated master nodes: 3 or 5, or 0 to let data nodes manage the cluster (non-production only).
   * @default 3
   */
  readonly dedicatedMasterCount?: number;

  /**
   * Instance type of the dedicated master nodes.
   * @default 'm7g.large.search'
   */
  readonly dedicatedMasterType?: string;

  /**
   * gp3 volume of each data node in GiB, at least 20.
   * @default 100
   */
  readonly volumeGib?: number;

  /**
   * IAM role or user ARN that is the fine-grained access control master user.
   * @default - the construct creates a role `<domainName>-admin` that principals of the account may assume (IAM decides who)
   */
  readonly masterUserArn?: string;

  /**
   * Days the audit, slow and error logs are kept (a value CloudWatch accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/** The log types the domain publishes, and the suffix of their log groups. */
const LOG_TYPES = [
  ['AUDIT_LOGS', 'audit'],
  ['ES_APPLICATION_LOGS', 'application'],
  ['INDEX_SLOW_LOGS', 'index-slow'],
  ['SEARCH_SLOW_LOGS', 'search-slow'],
] as const;
const TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';
const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+\.search$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/;

/** How a client reaches the domain (published in its runtime configuration; no secret). */
export interface SearchConnection {
  /** HTTPS endpoint (port 443), without scheme. */
  readonly endpoint: string;
  readonly port: number;
  readonly domainName: string;
  readonly region: string;
  /** The role requests are SigV4-signed as (service `es`): the fine-grained access control master. */
  readonly signingRoleArn: string;
}

/**
 * An OpenSearch Service domain in the isolated subnets across two or three AZs: zone awareness, dedicated
 * masters by default, gp3 storage, encryption at rest with a customer-managed key, node-to-node encryption,
 * HTTPS only with TLS 1.2+, fine-grained access control with an IAM master (no internal users, no password),
 * audit, slow and error logs to encrypted log groups, hourly automated snapshots (the service's), and alarms
 * at the utilization threshold behind one composite alarm.
 *
 * The access policy admits principals of this account only; IAM policies (e.g. `es:ESHttp*` on
 * `${domainArn}/*`) and the FGAC role mapping decide who may do what.
 */
export class SearchCluster extends ToolkitConstruct<SearchClusterProps> {
  /** The VPC endpoint host name; clients use `https://<endpoint>` (port 443). */
  public readonly endpoint: string;
  public readonly port = 443;
  public readonly domainName: string;
  public readonly domainArn: string;
  /** The domain's region (requests are signed for it). */
  public readonly region: string;
  /** The fine-grained access control master (created or given). */
  public readonly adminRoleArn: string;
  public readonly securityGroupId: string;
  public readonly kmsKeyArn: string;
  /** Names of the metric alarms (silent) and of the composite alarm that notifies. */
  public readonly alarmNames: readonly string[];
  public readonly compositeAlarmArn: string;

  constructor(scope: Construct, id: string, props: SearchClusterProps) {
    super(scope, id, props);
    const settings = this.resolve(props);
    this.validate(props, settings);

    const kmsKeyArn = this.encryptionKey(props, settings);
    const securityGroup = serviceSecurityGroup(this, this.pin, {
      groupName: settings.domainName,
      description: `OpenSearch domain ${settings.domainName}: clients by security group only.`,
      vpcId: props.vpcId,
      port: 443,
      protocolLabel: 'HTTPS',
      clients: settings.shared.clients,
      tags: props.tags,
    });
    const adminRoleArn = props.masterUserArn ?? this.adminRole(props, settings);
    const logs = this.logGroups(props, settings, kmsKeyArn);
    const domain = this.domain(props, settings, { kmsKeyArn, securityGroupId: securityGroup.id, adminRoleArn, logs });
    const alarms = this.alarms(props, settings);

    this.endpoint = domain.endpoint;
    this.domainName = domain.domainName;
    this.domainArn = domain.arn;
    this.adminRoleArn = adminRoleArn;
    this.region = props.region;
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = kmsKeyArn;
    this.alarmNames = [...alarms.metricAlarmNames, alarms.compositeAlarmName];
    this.compositeAlarmArn = alarms.compositeAlarmArn;
  }

  // ---- Steps ------------------------------------------------------------------------------

  /**
   * What a client role needs: to assume the domain's fine-grained access control master role, whose only grant is
   * HTTP calls to this domain. The domain serves one application, which manages its own indices; map narrower
   * backend roles with the OpenSearch security API if several applications share a domain.
   */
  public clientPolicyStatements(): object[] {
    return [{ Sid: 'AssumeSearchRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: this.adminRoleArn }];
  }

  /** How a client reaches the domain, for its runtime configuration: HTTPS endpoint and the role to sign requests as. */
  public connection(): SearchConnection {
    return { endpoint: this.endpoint, port: this.port, domainName: this.domainName, region: this.region, signingRoleArn: this.adminRoleArn };
  }

  private encryptionKey(props: SearchClusterProps, s: Settings): string {
    return serviceKey(this, this.pin, props, {
      keyName: s.domainName,
      description: `Encrypts OpenSearch domain ${s.domainName} (data, snapshots) and its logs.`,
      partition: s.partition,
      viaServices: [`es.${props.region}.amazonaws.com`],
      logGroupNamePattern: `${s.logGroupPrefix}/*`,
      dataClassification: s.shared.dataClassification,
    });
  }

  /** The FGAC master: a role principals of the account may assume, allowed HTTP calls to this domain only. */
  private adminRole(props: SearchClusterProps, s: Settings): string {
    const roleName = physicalName(s.domainName, 'admin');
    const role = this.pin(
      new IamRole(this, 'AdminRole', {
        name: roleName,
        description: `Fine-grained access control master of OpenSearch domain ${s.domainName}.`,
        assumeRolePolicy: JSON.stringify(
          policyDocument([{ Effect: 'Allow', Principal: { AWS: accountRootArn(s.partition, props.accountId) }, Action: 'sts:AssumeRole' }]),
        ),
        tags: mergeTags(props.tags, { Name: roleName }),
      }),
      'admin',
    );
    this.pin(
      new IamRolePolicy(this, 'AdminRolePolicy', {
        name: 'opensearch-admin',
        role: role.id,
        policy: JSON.stringify(policyDocument([{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: `${s.domainArn}/*` }])),
      }),
      'admin',
    );
    return role.arn;
  }

  /** One encrypted log group per log type, and the resource policy that lets the domain write to them. */
  private logGroups(props: SearchClusterProps, s: Settings, kmsKeyArn: string) {
    const groups = Object.fromEntries(
      LOG_TYPES.map(([type, suffix]) => [
        type,
        new EncryptedLogGroup(this, `Log-${suffix}`, {
          pin: this.pin,
          addressParts: ['log', suffix],
          name: `${s.logGroupPrefix}/${suffix}`,
          kmsKeyArn,
          retentionInDays: s.logRetentionDays,
          tags: statefulServiceTags(props.tags, s.shared.dataClassification, physicalName(s.domainName, suffix)),
        }),
      ]),
    ) as Record<(typeof LOG_TYPES)[number][0], EncryptedLogGroup>;
    const policy = this.pin(
      new CloudwatchLogResourcePolicy(this, 'LogPolicy', {
        policyName: physicalName(s.domainName, 'logs'),
        policyDocument: JSON.stringify(
          policyDocument([
            {
              Sid: 'AllowOpenSearchToPublishLogs',
              Effect: 'Allow',
              Principal: { Service: 'es.amazonaws.com' },
              Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
              Resource: `${logGroupArn(s.partition, props.region, props.accountId, `${s.logGroupPrefix}/*`)}:*`,
              Condition: sourceAccountCondition(props.accountId, s.domainArn),
            },
          ]),
        ),
      }),
      'log',
      'policy',
    );
    return { groups, policy };
  }

  private domain(
    props: SearchClusterProps,
    s: Settings,
    refs: { kmsKeyArn: string; securityGroupId: string; adminRoleArn: string; logs: ReturnType<SearchCluster['logGroups']> },
  ): OpensearchDomain {
    return this.pin(
      new OpensearchDomain(this, 'Domain', {
        domainName: s.domainName,
        engineVersion: s.engineVersion,
        clusterConfig: {
          instanceType: s.instanceType,
          instanceCount: s.dataNodes,
          zoneAwarenessEnabled: true,
          zoneAwarenessConfig: { availabilityZoneCount: s.zoneCount },
          dedicatedMasterEnabled: s.dedicatedMasterCount > 0,
          ...(s.dedicatedMasterCount > 0 ? { dedicatedMasterCount: s.dedicatedMasterCount, dedicatedMasterType: s.dedicatedMasterType } : {}),
        },
        ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: s.volumeGib },
        vpcOptions: {
          subnetIds: s.shared.zones.slice(0, s.zoneCount).map(([, subnetId]) => subnetId),
          securityGroupIds: [refs.securityGroupId],
        },
        encryptAtRest: { enabled: true, kmsKeyId: refs.kmsKeyArn },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: TLS_POLICY },
        advancedSecurityOptions: {
          enabled: true,
          anonymousAuthEnabled: false,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: refs.adminRoleArn },
        },
        accessPolicies: JSON.stringify(
          policyDocument([
            {
              Sid: 'AllowThisAccount',
              Effect: 'Allow',
              Principal: { AWS: accountRootArn(s.partition, props.accountId) },
              Action: 'es:ESHttp*',
              Resource: `${s.domainArn}/*`,
            },
          ]),
        ),
        logPublishingOptions: LOG_TYPES.map(([type]) => ({ logType: type, cloudwatchLogGroupArn: refs.logs.groups[type].arn, enabled: true })),
        softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
        offPeakWindowOptions: { enabled: true },
        tags: statefulServiceTags(props.tags, s.shared.dataClassification, s.domainName),
        lifecycle: { preventDestroy: true },
        // The domain checks the log groups' resource policy when it turns log publishing on.
        dependsOn: [refs.logs.policy],
      }),
    );
  }

  /** AWS's recommended OpenSearch alarms, with the capacity ones at the utilization threshold. */
  private alarms(props: SearchClusterProps, s: Settings) {
    const t = s.shared.thresholdPercent;
    const window = `${s.shared.evaluationPeriods} consecutive minutes`;
    const metric = (metricName: string, statistic: string) => ({
      namespace: 'AWS/ES',
      metricName,
      dimensions: { DomainName: s.domainName, ClientId: props.accountId },
      statistic,
      period: 60,
    });
    const freeStorageMib = Math.floor((s.volumeGib * 1024 * (100 - t)) / 100);
    const specs: ServiceAlarmSpec[] = [
      {
        key: 'cluster-red',
        settings: {
          alarmDescription: `${s.domainName}: at least one primary shard is unassigned (cluster status red). Runbook: check node failures and free storage; restore the affected indexes from the latest automated snapshot if shards are lost.`,
          ...metric('ClusterStatus.red', 'Maximum'),
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          treatMissingData: 'missing',
          evaluationPeriods: 1,
        },
      },
      {
        key: 'writes-blocked',
        settings: {
          alarmDescription: `${s.domainName}: the cluster blocks writes (storage or JVM memory pressure) for ${window}. Runbook: free or add storage (volume size, data nodes), then check JVM memory pressure.`,
          ...metric('ClusterIndexWritesBlocked', 'Maximum'),
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          treatMissingData: 'missing',
        },
      },
      {
        key: 'storage',
        settings: {
          alarmDescription: `${s.domainName}: a data node has used more than ${t}% of its ${s.volumeGib} GiB volume (free below ${freeStorageMib} MiB) for ${window}. Runbook: delete old indexes or raise volumeGib / data nodes (capacity plan).`,
          ...metric('FreeStorageSpace', 'Minimum'),
          comparisonOperator: 'LessThanThreshold',
          threshold: freeStorageMib,
          treatMissingData: 'missing',
        },
      },
      {
        key: 'cpu',
        settings: {
          alarmDescription: `${s.domainName}: CPU of a data node above ${t}% for ${window}. Runbook: check the search slow log for expensive queries; add data nodes or a larger instance type.`,
          ...metric('CPUUtilization', 'Maximum'),
          comparisonOperator: 'GreaterThanThreshold',
          threshold: t,
          treatMissingData: 'missing',
        },
      },
      {
        key: 'jvm-memory',
        settings: {
          alarmDescription: `${s.domainName}: old-generation JVM memory pressure of a data node above ${t}% for ${window}. Runbook: look for large aggregations and too many shards; scale to an instance type with more memory.`,
          ...metric('OldGenJVMMemoryPressure', 'Maximum'),
          comparisonOperator: 'GreaterThanThreshold',
          threshold: t,
          treatMissingData: 'missing',
        },
      },
      {
        key: 'snapshot-failure',
        settings: {
          alarmDescription: `${s.domainName}: an automated snapshot failed. Runbook: check cluster health (red status blocks snapshots) and the domain's events; snapshots are the only backup of the index.`,
          ...metric('AutomatedSnapshotFailure', 'Maximum'),
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          treatMissingData: 'missing',
          evaluationPeriods: 1,
        },
      },
      {
        key: 'kms-key',
        settings: {
          alarmDescription: `${s.domainName}: the KMS key that encrypts the domain is inaccessible (disabled, deleted or its grant revoked). Runbook: re-enable the key or restore its key policy at once; the domain cannot read its data without it.`,
          ...metric('KMSKeyInaccessible', 'Maximum'),
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          treatMissingData: 'missing',
          evaluationPeriods: 1,
        },
      },
    ];
    if (s.dedicatedMasterCount > 0) {
      specs.push(
        {
          key: 'master-cpu',
          settings: {
            alarmDescription: `${s.domainName}: CPU of a dedicated master above ${t}% for ${window}. Runbook: too many shards or indexes for the master type; use a larger dedicatedMasterType.`,
            ...metric('MasterCPUUtilization', 'Maximum'),
            comparisonOperator: 'GreaterThanThreshold',
            threshold: t,
            treatMissingData: 'missing',
          },
        },
        {
          key: 'master-jvm-memory',
          settings: {
            alarmDescription: `${s.domainName}: old-generation JVM memory pressure of a dedicated master above ${t}% for ${window}. Runbook: reduce the shard count or use a larger dedicatedMasterType.`,
            ...metric('MasterOldGenJVMMemoryPressure', 'Maximum'),
            comparisonOperator: 'GreaterThanThreshold',
            threshold: t,
            treatMissingData: 'missing',
          },
        },
      );
    }
    return serviceAlarms(this, this.pin, {
      alarmPrefix: s.domainName,
      subject: `Search cluster ${s.domainName}`,
      alarms: specs,
      evaluationPeriods: s.shared.evaluationPeriods,
      ...(props.alarmTopicArn !== undefined ? { topicArn: props.alarmTopicArn } : {}),
      tags: props.tags,
    });
  }

  // ---- Settings and validation -------------------------------------------------------------

  private resolve(props: SearchClusterProps): Settings {
    const shared = resolveSharedServiceProps(props);
    const domainName = props.domainName ?? physicalName(props.name, 'search');
    const zoneCount = props.availabilityZoneCount ?? (shared.zones.length >= 3 ? 3 : 2);
    const partition = partitionOf(props.region);
    return {
      shared,
      domainName,
      engineVersion: props.engineVersion ?? 'OpenSearch_2.19',
      instanceType: props.instanceType ?? 'r7g.large.search',
      zoneCount,
      dataNodes: props.dataNodes ?? zoneCount,
      dedicatedMasterCount: props.dedicatedMasterCount ?? 3,
      dedicatedMasterType: props.dedicatedMasterType ?? 'm7g.large.search',
      volumeGib: props.volumeGib ?? 100,
      logRetentionDays: props.logRetentionDays ?? 365,
      logGroupPrefix: `/aws/opensearch/${domainName}`,
      partition,
      domainArn: `arn:${partition}:es:${props.region}:${props.accountId}:domain/${domainName}`,
    };
  }

  private validate(props: SearchClusterProps, s: Settings): void {
    const problems = new ValidationProblems();
    sharedServiceProblems(props, s.shared, problems);
    if (!DOMAIN_NAME.test(s.domainName)) {
      const origin = props.domainName === undefined ? ` (derived from name "${props.name}"; shorten name or pass domainName)` : '';
      problems.add(`domainName "${s.domainName}"${origin} must be 3-28 lower-case letters, digits and hyphens, starting with a letter`);
    }
    if (!/^OpenSearch_\d+\.\d+$/.test(s.engineVersion)) problems.add(`engineVersion "${s.engineVersion}" must be "OpenSearch_<major>.<minor>", e.g. "OpenSearch_2.19"`);
    if (!isResolved(s.instanceType) || !INSTANCE_TYPE.test(s.instanceType)) problems.add(`instanceType "${s.instanceType}" is not an OpenSearch instance type; expected e.g. "r7g.large.search"`);
    if (!INSTANCE_TYPE.test(s.dedicatedMasterType)) {
      problems.add(`dedicatedMasterType "${s.dedicatedMasterType}" is not an OpenSearch instance type; expected e.g. "m7g.large.search"`);
    }
    if (s.zoneCount !== 2 && s.zoneCount !== 3) {
      problems.add(`availabilityZoneCount ${s.zoneCount} must be 2 or 3`);
    } else if (s.shared.zones.length < s.zoneCount) {
      problems.add(`availabilityZoneCount ${s.zoneCount} needs as many zones in isolatedSubnetIds (has ${s.shared.zones.length}); pass more subnets or lower it`);
    }
    if (!isResolved(s.dataNodes) || !Number.isInteger(s.dataNodes) || s.dataNodes < 2 || s.dataNodes > 80) {
      problems.add(`dataNodes ${s.dataNodes} must be a literal whole number from 2 to 80`);
    } else if ((s.zoneCount === 2 || s.zoneCount === 3) && s.dataNodes % s.zoneCount !== 0) {
      problems.add(
        `dataNodes ${s.dataNodes} is not a multiple of availabilityZoneCount ${s.zoneCount}; use ${Math.ceil(s.dataNodes / s.zoneCount) * s.zoneCount} so every zone holds the same share`,
      );
    }
    if (![0, 3, 5].includes(s.dedicatedMasterCount)) {
      problems.add(`dedicatedMasterCount ${s.dedicatedMasterCount} must be 3 or 5 (a quorum that survives one or two losses), or 0 outside production`);
    }
    if (!isResolved(s.volumeGib) || !Number.isInteger(s.volumeGib) || s.volumeGib < 20 || s.volumeGib > 24576) {
      problems.add(`volumeGib ${s.volumeGib} must be a literal whole number of GiB from 20 to 24576`);
    }
    problems.add(logRetentionProblem(s.logRetentionDays, 'logRetentionDays'));
    if (props.masterUserArn !== undefined && isResolved(props.masterUserArn) && !PRINCIPAL_ARN.test(props.masterUserArn)) {
      problems.add(`masterUserArn "${props.masterUserArn}" is not an IAM role or user ARN; expected arn:aws:iam::<account>:role/<name>`);
    }
    if (props.masterUserArn === undefined && physicalName(s.domainName, 'admin').length > 64) {
      problems.add(`the admin role name "${physicalName(s.domainName, 'admin')}" is over the IAM limit of 64 characters; shorten domainName or pass masterUserArn`);
    }
    problems.throwIfAny('SearchCluster', this.node.path);
  }
}

interface Settings {
  readonly shared: ResolvedSharedServiceProps;
  readonly domainName: string;
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly zoneCount: number;
  readonly dataNodes: number;
  readonly dedicatedMasterCount: number;
  readonly dedicatedMasterType: string;
  readonly volumeGib: number;
  readonly logRetentionDays: number;
  readonly logGroupPrefix: string;
  readonly partition: string;
  /** Derived, so policies need no reference to the domain (which would be a cycle). */
  readonly domainArn: string;
}
