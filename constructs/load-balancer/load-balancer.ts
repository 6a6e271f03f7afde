import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule, LbListenerRuleAction } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { ToolkitConstruct } from '../core/toolkit-construct';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { logGroupArn } from '../core/logs-policy';
import { physicalName } from '../../foundation/naming';
import { partitionOf } from '../core/partition';
import { TAG_KEYS } from '../../foundation/tag-keys';
import { mergeTags } from '../core/tags';
import { boundedName, ELB_NAME_MAX_LENGTH, TARGET_GROUP_HEAD_MAX_LENGTH, targetGroupName } from './naming';
import { LoadBalancerProps } from './props';
import { apiPathPattern, apiRulePriority, chunk, MAX_PATH_VALUES_PER_RULE, uiRulePriority } from './routing';
import { LoadBalancerSettings, resolveLoadBalancerSettings, routingSlotOf } from './settings';
import { loadBalancerProblems } from './validation';
import { wafLogDeliveryPolicy, wafLogsKeyPolicy, webAclRules } from './waf';

/** The AWS default health-check timeout for HTTP targets; kept below the interval. */
const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
/** CloudWatch Logs requires WAF log groups to be named like this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** A module's target group as the rest of the stack needs it. */
export interface LoadBalancerTargetGroup {
  /** Target group ARN (for an autoscaling group's `target_group_arns`). */
  readonly arn: string;
  /** Target group ARN suffix (the `TargetGroup` dimension of CloudWatch metrics). */
  readonly arnSuffix: string;
  /** Physical target group name, from the resource (`<head>-<tag>`, see targetGroupName: Terraform computes the tag). */
  readonly name: string;
}

/** The listener-rule priorities of a module. */
export interface LoadBalancerRulePriorities {
  /** The module's routing slot. */
  readonly slot: number;
  /** Priority of the `/api/<module>/*` rule. */
  readonly api: number;
  /** Priorities of the UI rules, in uiPaths order (empty without uiPaths). */
  readonly ui: readonly number[];
}

/**
 * An internet-facing Application Load Balancer in the public subnets: HTTPS only (HTTP redirects), API-first
 * path routing to one target group per ITSM module, an AWS WAF web ACL with managed rule groups and a
 * per-IP rate limit, WAF logs in an encrypted log group, access logs in S3 and optional OIDC authentication.
 *
 * Terraform addresses are pinned and keyed by module name (`aws_lb_target_group.<id>_<module>`,
 * `aws_lb_listener_rule.<id>_<module>_api`), prefixed with the construct id.
 */
export class LoadBalancer extends ToolkitConstruct<LoadBalancerProps> {
  /** ARN of the load balancer. */
  public readonly loadBalancerArn: string;
  /** ARN suffix of the load balancer (the `LoadBalancer` dimension of CloudWatch metrics). */
  public readonly loadBalancerArnSuffix: string;
  /** Physical name of the load balancer. */
  public readonly loadBalancerName: string;
  /** DNS name of the load balancer (target of a Route 53 alias record). */
  public readonly dnsName: string;
  /** Hosted zone id of the load balancer (for Route 53 alias records). */
  public readonly zoneId: string;
  /** The ALB's security group; fleets admit only this group on their app port. */
  public readonly securityGroupId: string;
  /** ARN of the HTTPS listener. */
  public readonly httpsListenerArn: string;
  /** ARN of the HTTP listener (redirects only). */
  public readonly httpListenerArn: string;
  /** Target groups keyed by module name. */
  public readonly targetGroups: Readonly<Record<string, LoadBalancerTargetGroup>>;
  /** Listener-rule priorities keyed by module name. */
  public readonly rulePriorities: Readonly<Record<string, LoadBalancerRulePriorities>>;
  /** ARN of the WAF web ACL. */
  public readonly webAclArn: string;
  /** Name of the WAF log group. */
  public readonly wafLogGroupName: string;
  private readonly settings: LoadBalancerSettings;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id, props);
    this.settings = resolveLoadBalancerSettings(props);
    loadBalancerProblems(props, this.settings).throwIfAny('LoadBalancer', this.node.path);

    this.loadBalancerName = boundedName(ELB_NAME_MAX_LENGTH, props.name, 'alb');
    const securityGroup = this.createSecurityGroup();
    const lb = this.createLoadBalancer(securityGroup);
    const https = this.createHttpsListener(lb);
    const http = this.createHttpRedirect(lb);
    const authenticate = this.oidcAuthentication();
    const targetGroups: Record<string, LoadBalancerTargetGroup> = {};
    const rulePriorities: Record<string, LoadBalancerRulePriorities> = {};
    for (const moduleName of this.settings.moduleNames) {
      const targetGroup = this.createTargetGroup(moduleName);
      if (moduleName === props.defaultModule) https.putDefaultAction([{ type: 'forward', targetGroupArn: targetGroup.arn }]);
      targetGroups[moduleName] = { arn: targetGroup.arn, arnSuffix: targetGroup.arnSuffix, name: targetGroup.name };
      rulePriorities[moduleName] = this.routeModule(moduleName, https, targetGroup, authenticate);
    }
    const webAcl = this.createWebAcl(lb);
    this.wafLogGroupName = this.logWebAclRequests(webAcl);

    this.loadBalancerArn = lb.arn;
    this.loadBalancerArnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.securityGroupId = securityGroup.id;
    this.httpsListenerArn = https.arn;
    this.httpListenerArn = http.arn;
    this.targetGroups = targetGroups;
    this.rulePriorities = rulePriorities;
    this.webAclArn = webAcl.arn;
  }

  /** The security group: the internet may reach 443 and 80; the ALB may reach the app ports in the VPC (and the IdP). */
  private createSecurityGroup(): SecurityGroup {
    const { name, vpcId, vpcCidrBlock } = this.props;
    const { moduleNames, modules } = this.settings;
    const securityGroup = this.pin(
      new SecurityGroup(this, 'SecurityGroup', {
        name: physicalName(name, 'alb'),
        description: `Load balancer ${name}: HTTPS and HTTP from the internet, app ports into the VPC.`,
        vpcId,
        tags: this.tagsFor('alb'),
      }),
    );
    for (const [port, scheme] of [
      [443, 'https'],
      [80, 'http'],
    ] as const) {
      for (const [family, cidr] of [
        ['ipv4', '0.0.0.0/0'],
        ['ipv6', '::/0'],
      ] as const) {
        this.pin(
          new VpcSecurityGroupIngressRule(this, `Ingress-${scheme}-${family}`, {
            securityGroupId: securityGroup.id,
            description:
              scheme === 'https'
                ? `HTTPS from the internet (${family}) to the load balancer.`
                : `HTTP from the internet (${family}); the listener only redirects to HTTPS.`,
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            ...(family === 'ipv4' ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
            tags: this.tagsFor('alb', scheme, family),
          }),
          scheme,
          family,
        );
      }
    }
    const appPorts = [...new Set(moduleNames.map((m) => modules[m]?.appPort ?? 8080))].sort((a, b) => a - b);
    for (const port of appPorts) {
      const users = moduleNames.filter((m) => modules[m]?.appPort === port);
      this.pin(
        new VpcSecurityGroupEgressRule(this, `Egress-app-${port}`, {
          securityGroupId: securityGroup.id,
          description: `Requests and health checks to the app port ${port} (${users.join(', ')}) inside the VPC.`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: vpcCidrBlock,
          tags: this.tagsFor('alb', 'app', String(port)),
        }),
        'app',
        String(port),
      );
    }
    if (this.props.oidc) {
      this.pin(
        new VpcSecurityGroupEgressRule(this, 'Egress-idp-https', {
          securityGroupId: securityGroup.id,
          description: 'HTTPS to the OIDC identity provider (token and user-info endpoints).',
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrIpv4: '0.0.0.0/0',
          tags: this.tagsFor('alb', 'idp'),
        }),
        'idp',
        'https',
      );
    }
    return securityGroup;
  }

  /** The internet-facing ALB in the public subnets, writing access logs to S3. */
  private createLoadBalancer(securityGroup: SecurityGroup): Lb {
    const { props, settings } = this;
    return this.pin(
      new Lb(this, 'LoadBalancer', {
        name: this.loadBalancerName,
        internal: false,
        loadBalancerType: 'application',
        ipAddressType: 'ipv4',
        securityGroups: [securityGroup.id],
        subnets: props.publicSubnetIds,
        enableDeletionProtection: settings.deletionProtection,
        idleTimeout: settings.idleTimeoutSeconds,
        desyncMitigationMode: settings.desyncMitigationMode,
        dropInvalidHeaderFields: true,
        enableHttp2: true,
        enableWafFailOpen: false,
        accessLogs: { bucket: props.accessLogs.bucketName, prefix: props.accessLogs.prefix, enabled: true },
        tags: this.tagsFor('alb'),
      }),
    );
  }

  /** The HTTPS listener; a path no rule matches gets a 404 (or the default module, set when its target group exists). */
  private createHttpsListener(lb: Lb): LbListener {
    return this.pin(
      new LbListener(this, 'HttpsListener', {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: this.settings.sslPolicy,
        certificateArn: this.props.certificateArn,
        defaultAction: [
          {
            type: 'fixed-response',
            fixedResponse: {
              contentType: 'application/json',
              statusCode: '404',
              messageBody: JSON.stringify({ error: 'not_found', message: 'No ITSM module serves this path.' }),
            },
          },
        ],
        tags: this.tagsFor('alb', 'https'),
      }),
      'https',
    );
  }

  /** The HTTP listener: it only redirects to HTTPS. */
  private createHttpRedirect(lb: Lb): LbListener {
    return this.pin(
      new LbListener(this, 'HttpListener', {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [
          { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
        ],
        tags: this.tagsFor('alb', 'http'),
      }),
      'http',
    );
  }

  /**
   * The OIDC action that precedes a rule's forward (none without `oidc`). The client secret is read by reference
   * from SSM, never passed in props.
   */
  private oidcAuthentication(): Authenticate {
    const oidc = this.props.oidc;
    if (!oidc) return () => [];
    const clientSecret = this.pin(
      new DataAwsSsmParameter(this, 'OidcClientSecret', {
        name: oidc.clientSecretSsmParameterName,
        withDecryption: true,
      }),
      'oidc',
      'client_secret',
    ).value;
    return (onUnauthenticatedRequest) => [
      {
        type: 'authenticate-oidc',
        order: 1,
        authenticateOidc: {
          issuer: oidc.issuer,
          authorizationEndpoint: oidc.authorizationEndpoint,
          tokenEndpoint: oidc.tokenEndpoint,
          userInfoEndpoint: oidc.userInfoEndpoint,
          clientId: oidc.clientId,
          clientSecret,
          scope: oidc.scope ?? 'openid',
          sessionTimeout: oidc.sessionTimeoutSeconds ?? 28800,
          onUnauthenticatedRequest,
        },
      },
    ];
  }

  /** A module's target group, named so that a replacement never collides with the group it replaces. */
  private createTargetGroup(moduleName: string): LbTargetGroup {
    const mod = this.settings.modules[moduleName];
    if (!mod) throw new Error(`LoadBalancer ${this.node.path}: module ${moduleName} has no settings.`);
    const { name, vpcId } = this.props;
    const tgHead = boundedName(TARGET_GROUP_HEAD_MAX_LENGTH, name, moduleName);
    const replacementKey = { port: mod.appPort, protocol: 'HTTP', protocolVersion: 'HTTP1', targetType: 'instance', vpcId };
    return this.pin(
      new LbTargetGroup(this, `TargetGroup-${moduleName}`, {
        name: targetGroupName(tgHead, replacementKey),
        targetType: replacementKey.targetType,
        protocol: replacementKey.protocol,
        protocolVersion: replacementKey.protocolVersion,
        port: replacementKey.port,
        vpcId,
        deregistrationDelay: String(mod.deregistrationDelaySeconds),
        slowStart: mod.slowStartSeconds,
        healthCheck: {
          enabled: true,
          protocol: 'HTTP',
          port: 'traffic-port',
          path: mod.healthCheckPath,
          matcher: mod.healthCheckMatcher,
          interval: mod.healthCheckIntervalSeconds,
          timeout: Math.min(HEALTH_CHECK_TIMEOUT_SECONDS, mod.healthCheckIntervalSeconds - 1),
          healthyThreshold: mod.healthyThreshold,
          unhealthyThreshold: mod.unhealthyThreshold,
        },
        stickiness:
          mod.stickinessCookieName !== undefined
            ? { type: 'app_cookie', enabled: mod.stickySessions, cookieName: mod.stickinessCookieName, cookieDuration: mod.stickinessDurationSeconds }
            : { type: 'lb_cookie', enabled: mod.stickySessions, cookieDuration: mod.stickinessDurationSeconds },
        tags: mergeTags(this.props.tags, { Name: tgHead }, { [TAG_KEYS.module]: moduleName }),
        // A listener rule still forwards to the old group, which ELB will not delete: create the new one
        // first. Its name changes with every replacement-forcing argument (targetGroupName), so the two never collide.
        lifecycle: { createBeforeDestroy: true },
      }),
      moduleName,
    );
  }

  /**
   * The module's listener rules at the priorities of its routing slot: `/api/<module>/*` first (API requests
   * without a session get 401), then its UI paths in rules of five (browsers are sent to the IdP).
   */
  private routeModule(moduleName: string, https: LbListener, targetGroup: LbTargetGroup, authenticate: Authenticate): LoadBalancerRulePriorities {
    const mod = this.settings.modules[moduleName];
    if (!mod) throw new Error(`LoadBalancer ${this.node.path}: module ${moduleName} has no settings.`);
    const slot = routingSlotOf(moduleName, mod);
    const moduleTags = { [TAG_KEYS.module]: moduleName };
    const forward = (order: number): LbListenerRuleAction => ({ type: 'forward', order, targetGroupArn: targetGroup.arn });
    const forwardOrder = this.props.oidc ? 2 : 1;
    const apiPriority = apiRulePriority(slot);
    this.pin(
      new LbListenerRule(this, `Rule-${moduleName}-api`, {
        listenerArn: https.arn,
        priority: apiPriority,
        condition: [{ pathPattern: { values: [apiPathPattern(moduleName)] } }],
        action: [...authenticate('deny'), forward(forwardOrder)],
        tags: mergeTags(this.tagsFor(moduleName, 'api'), moduleTags),
      }),
      moduleName,
      'api',
    );
    const uiPriorities = chunk(mod.uiPaths, MAX_PATH_VALUES_PER_RULE).map((values, index) => {
      const priority = uiRulePriority(slot, index);
      const part = `ui-${String(index + 1).padStart(2, '0')}`;
      this.pin(
        new LbListenerRule(this, `Rule-${moduleName}-${part}`, {
          listenerArn: https.arn,
          priority,
          condition: [{ pathPattern: { values } }],
          action: [...authenticate('authenticate'), forward(forwardOrder)],
          tags: mergeTags(this.tagsFor(moduleName, part), moduleTags),
        }),
        moduleName,
        part,
      );
      return priority;
    });
    return { slot, api: apiPriority, ui: uiPriorities };
  }

  /** The WAF web ACL (managed rule groups, a per-IP rate limit) and its association with the ALB. */
  private createWebAcl(lb: Lb): Wafv2WebAcl {
    const { name } = this.props;
    const { waf } = this.settings;
    const webAcl = this.pin(
      new Wafv2WebAcl(this, 'WebAcl', {
        name: physicalName(name, 'alb'),
        description: `Protects load balancer ${name}: AWS managed rule groups and a per-IP rate limit.`,
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        rule: webAclRules({
          metricPrefix: physicalName(name, 'alb'),
          rateLimitPer5Minutes: waf.rateLimitPer5Minutes,
          countOnlyRules: waf.countOnlyRules,
        }),
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: physicalName(name, 'alb'), sampledRequestsEnabled: true },
        tags: this.tagsFor('alb'),
      }),
    );
    this.pin(new Wafv2WebAclAssociation(this, 'WebAclAssociation', { resourceArn: lb.arn, webAclArn: webAcl.arn }));
    return webAcl;
  }

  /**
   * The web ACL's logs: an encrypted log group (with a key of its own unless `waf.kmsKeyArn` is given), the
   * resource policy that lets WAF deliver to it, and the logging configuration, which redacts credentials.
   * Returns the log group's name.
   */
  private logWebAclRequests(webAcl: Wafv2WebAcl): string {
    const { name, accountId, region } = this.props;
    const { waf, dataClassification } = this.settings;
    const partition = partitionOf(region);
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${name}`;
    const statefulTags = { [TAG_KEYS.dataClassification]: dataClassification };
    const kmsKeyArn =
      waf.kmsKeyArn ??
      new CustomerManagedKey(this, 'WafLogsKey', {
        description: `Encrypts the WAF logs of load balancer ${name} (${logGroupName}).`,
        policy: wafLogsKeyPolicy(partition, accountId, region, logGroupName),
        aliasName: `alias/${physicalName(name, 'waf-logs')}`,
        tags: mergeTags(this.tagsFor('waf-logs'), statefulTags),
        pin: this.pin,
        addressParts: ['waf_logs'],
      }).arn;
    const logGroup = new EncryptedLogGroup(this, 'WafLogGroup', {
      name: logGroupName,
      retentionInDays: waf.logRetentionDays,
      kmsKeyArn,
      tags: mergeTags(this.tagsFor('waf-logs'), statefulTags),
      pin: this.pin,
      addressParts: ['waf'],
    });
    const wafLogGroupArn = logGroupArn(partition, region, accountId, logGroupName);
    const deliveryPolicy = this.pin(
      new CloudwatchLogResourcePolicy(this, 'WafLogDeliveryPolicy', {
        policyName: physicalName(name, 'waf-log-delivery'),
        policyDocument: JSON.stringify(wafLogDeliveryPolicy(partition, accountId, region, wafLogGroupArn)),
      }),
      'waf',
    );
    this.pin(
      new Wafv2WebAclLoggingConfiguration(this, 'WafLogging', {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
        dependsOn: [deliveryPolicy],
      }),
    );
    return logGroupName;
  }
}

/** The actions a listener rule runs before it forwards: OIDC authentication, or none. */
type Authenticate = (onUnauthenticatedRequest: 'authenticate' | 'deny') => LbListenerRuleAction[];
