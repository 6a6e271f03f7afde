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
import { boundedName, ELB_NAME_MAX_LENGTH, elbNameProblem, TARGET_GROUP_HEAD_MAX_LENGTH, targetGroupName } from './naming';
import {
  apiPathPattern,
  apiRulePriority,
  chunk,
  defaultRoutingSlot,
  firstFreeSlot,
  MAX_PATH_VALUES_PER_RULE,
  MAX_UI_RULES_PER_MODULE,
  pathPatternProblem,
  ROUTING_SLOTS,
  uiRulePriority,
} from './routing';
import {
  MANAGED_RULE_GROUPS,
  ManagedRuleGroupName,
  wafLogDeliveryPolicy,
  wafLogsKeyPolicy,
  WAF_RULE_NAME,
  webAclRules,
} from './waf';
import { accountIdProblem, ipv4CidrProblem, kmsKeyArnProblem, regionProblem } from '../core/validation';

/** How the ALB treats requests that may be HTTP desync attacks. */
export type DesyncMitigationMode = 'monitor' | 'defensive' | 'strictest';

const DESYNC_MODES: readonly DesyncMitigationMode[] = ['monitor', 'defensive', 'strictest'];
const MODULE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The WAF ACL, its metric names and the log group derive from the name; 50 keeps all of them within limits. */
const MAX_NAME_LENGTH = 50;
const MIN_SUBNETS = 2;
/** Default stickiness cookie lifetime (the ALB's default, one day). */
const STICKINESS_COOKIE_SECONDS = 86400;
/** The AWS default health-check timeout for HTTP targets; kept below the interval. */
const HEALTH_CHECK_TIMEOUT_SECONDS = 5;
/** CloudWatch Logs requires WAF log groups to be named like this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** Routing and target-group settings of one ITSM module behind the load balancer. */
export interface LoadBalancerModule {
  /** Absolute URL path the target group's health check requests, e.g. `/api/incident/health`. */
  readonly healthCheckPath: string;

  /**
   * HTTP codes that count as healthy: one code, a list or a range between 200 and 499, e.g. `200`, `200,204`, `200-299`.
   * @default '200'
   */
  readonly healthCheckMatcher?: string;

  /**
   * Seconds between health checks, 5-300. The check times out after min(5, interval - 1) seconds.
   * @default 15
   */
  readonly healthCheckIntervalSeconds?: number;

  /**
   * Consecutive successful checks before a target counts as healthy, 2-10.
   * @default 3
   */
  readonly healthyThreshold?: number;

  /**
   * Consecutive failed checks before a target counts as unhealthy, 2-10.
   * @default 3
   */
  readonly unhealthyThreshold?: number;

  /**
   * UI path patterns routed to the module besides `/api/<module>/*`, e.g. `['/incident/*', '/portal/*']`.
   * Each must start with `/`, must not be under `/api/` and must not be routed to another module too.
   * They are split into rules of 5 values (the ALB's limit per rule); at most 25 per module.
   * @default - no UI paths, only `/api/<module>/*`
   */
  readonly uiPaths?: string[];

  /**
   * Whether the ALB pins a client to one target: with its own `lb_cookie`, or with the application's
   * session cookie when `stickinessCookieName` is given (`app_cookie`).
   * @default false
   */
  readonly stickySessions?: boolean;

  /**
   * The application's session cookie (e.g. `JSESSIONID`) that `app_cookie` stickiness follows; only with `stickySessions`.
   * @default - `lb_cookie` stickiness (the ALB's own cookie)
   */
  readonly stickinessCookieName?: string;

  /**
   * How long a client stays with one target, 1 to 604800 seconds (7 days).
   * @default 86400
   */
  readonly stickinessDurationSeconds?: number;

  /**
   * Seconds the ALB lets in-flight requests finish on a deregistering target, 0-3600.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;

  /**
   * Seconds over which a newly healthy target ramps up to its full share of requests: 0 (off) or 30-900.
   * @default 60
   */
  readonly slowStartSeconds?: number;

  /**
   * Port the application listens on (plain HTTP inside the VPC); the health check uses it too. It is part of
   * the target group's name, so changing it creates the new target group before the old one is destroyed.
   * @default 8080
   */
  readonly appPort?: number;

  /**
   * The module's routing slot, 1-8000, from which its listener-rule priorities follow (see README). Set it only
   * to resolve a slot collision the construct reports, or to order overlapping UI paths of two modules.
   * @default - `1 + fnv1a32(module name) % 8000`, a function of the module's name alone
   */
  readonly routingSlot?: number;
}

/** Where the ALB writes its access logs. */
export interface LoadBalancerAccessLogs {
  /** Name of the S3 bucket (its policy must let the regional ELB log delivery write to it; see AttachmentStore). */
  readonly bucketName: string;

  /** Key prefix of the logs, without leading or trailing `/` (may be empty), e.g. the AttachmentStore's `albLogPrefix`. */
  readonly prefix: string;
}

/** The web ACL in front of the ALB. */
export interface LoadBalancerWafOptions {
  /**
   * Requests one client IP may make in any 5-minute window before the rate rule blocks it, 10-2,000,000,000.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;

  /**
   * Retention of the WAF log group in days; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * ARN of a customer-managed KMS key that encrypts the WAF log group (its policy must let
   * `logs.<region>.amazonaws.com` use it), e.g. the Network construct's `logsKmsKeyArn`.
   * @default - the construct creates a key with rotation enabled and the alias `alias/<name>-waf-logs`
   */
  readonly kmsKeyArn?: string;

  /**
   * Rules inside the managed rule groups whose action is overridden to count (log, don't block), by group, e.g.
   * `{ AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] }` when request bodies over 8 KB (attachment
   * uploads) pass through the ALB, or `{ AWSManagedRulesAnonymousIpList: ['HostingProviderIPList'] }` when
   * integrations call the API from cloud hosts.
   * @default - every rule of every group keeps its own action
   */
  readonly countOnlyRules?: Readonly<Partial<Record<ManagedRuleGroupName, string[]>>>;
}

/** OpenID Connect authentication on the listener rules. */
export interface LoadBalancerOidcOptions {
  /** The IdP's issuer URL (https). */
  readonly issuer: string;
  /** The IdP's authorization endpoint (https). */
  readonly authorizationEndpoint: string;
  /** The IdP's token endpoint (https). */
  readonly tokenEndpoint: string;
  /** The IdP's user-info endpoint (https). */
  readonly userInfoEndpoint: string;
  /** The OAuth client id registered at the IdP for this ALB. */
  readonly clientId: string;
  /**
   * Name of the SSM SecureString parameter that holds the client secret, e.g. `/itsm/prod/oidc-client-secret`.
   * The construct reads it with a data source at plan time; the value never appears in props or code, but it is
   * stored in the Terraform state (protect the state bucket accordingly).
   */
  readonly clientSecretSsmParameterName: string;
  /**
   * Space-separated scopes requested from the IdP.
   * @default 'openid'
   */
  readonly scope?: string;
  /**
   * Lifetime of the ALB's authentication session cookie in seconds, 1-604800.
   * @default 28800 (8 hours)
   */
  readonly sessionTimeoutSeconds?: number;
}

/** Properties of a {@link LoadBalancer}. */
export interface LoadBalancerProps {
  /**
   * Physical name prefix, lower-case kebab, at most 50 characters, e.g. `prod-us-east-1`. The ALB is named
   * `<name>-alb` and each target group `<name>-<module>-<tag>`, the tag changing with every argument that
   * replaces the group (targetGroupName), shortened with a checksum when longer than 32 characters (see README).
   */
  readonly name: string;

  /** The 12-digit AWS account id (used in the WAF log key and log delivery policies). */
  readonly accountId: string;

  /** The AWS region of the load balancer, e.g. `us-east-1`. */
  readonly region: string;

  /** The VPC of the target groups and the security group. */
  readonly vpcId: string;

  /** IPv4 CIDR of the VPC; the ALB may only send traffic into it (on the modules' app ports). */
  readonly vpcCidrBlock: string;

  /** Public subnet ids, one per AZ, at least 2 (e.g. the Network construct's `publicSubnetIds`). */
  readonly publicSubnetIds: string[];

  /**
   * ARN of the ACM certificate (in the ALB's region) for the HTTPS listener. Required: the ALB serves HTTPS only
   * and redirects HTTP to it.
   */
  readonly certificateArn: string;

  /**
   * TLS security policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;

  /**
   * The ITSM modules, keyed by module name (lower-case kebab, 2-32 characters, e.g. `incident`). Each gets a
   * target group and listener rules for `/api/<module>/*` and its `uiPaths`.
   */
  readonly modules: Readonly<Record<string, LoadBalancerModule>>;

  /**
   * The module that serves every request no rule matches: a product that is one web application (Jira,
   * Zammad) gets all paths, its other modules (e.g. a websocket server) their own `uiPaths`.
   * @default - unmatched requests get a 404 from the load balancer
   */
  readonly defaultModule?: string;

  /** Where the ALB writes its access logs (e.g. the AttachmentStore's log bucket). */
  readonly accessLogs: LoadBalancerAccessLogs;

  /**
   * Whether the ALB is protected from deletion (the AWS API refuses to delete it until this is turned off).
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Seconds a client connection may stay idle, 1-4000.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;

  /**
   * How the ALB handles requests that could be HTTP desync attacks.
   * @default 'strictest'
   */
  readonly desyncMitigationMode?: DesyncMitigationMode;

  /**
   * The WAF web ACL (always created and associated; these options tune it).
   * @default - rate limit 2000 per IP per 5 minutes, 365 days of logs, a created KMS key, no count-only rules
   */
  readonly waf?: LoadBalancerWafOptions;

  /**
   * OpenID Connect authentication in front of every module: UI rules send unauthenticated browsers to the IdP,
   * API rules answer unauthenticated requests with 401. The ALB's security group then also allows HTTPS out to
   * the internet, because the ALB calls the IdP's token and user-info endpoints.
   * @default - no authentication on the listener (the application authenticates)
   */
  readonly oidc?: LoadBalancerOidcOptions;

  /**
   * The `data-classification` tag of the stateful resources (the WAF log group and its KMS key).
   * @default 'confidential'
   */
  readonly dataClassification?: string;

  /**
   * Extra tags for every resource of the load balancer. The `Name` tag is always set by the construct.
   * @default - no extra tags (the provider's default_tags still apply)
   */
  readonly tags?: Tags;
}

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
export class LoadBalancer extends Construct {
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

  /** Pins a resource's Terraform address to `<construct id>[_<parts>]`. */
  private readonly pin: AddressPinner;
  /** The construct's tags plus a `Name` of `<name>-<parts>`. */
  private readonly tagsFor: NameTagger;
  private readonly props: LoadBalancerProps;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    this.props = props;
    this.tagsFor = nameTagger(props.tags, props.name);
    this.pin = addressPinner(logicalId(id));

    const sslPolicy = props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06';
    const deletionProtection = props.deletionProtection ?? true;
    const idleTimeoutSeconds = props.idleTimeoutSeconds ?? 60;
    const desyncMitigationMode = props.desyncMitigationMode ?? 'strictest';
    const dataClassification = props.dataClassification ?? 'confidential';
    const waf = {
      rateLimitPer5Minutes: props.waf?.rateLimitPer5Minutes ?? 2000,
      logRetentionDays: props.waf?.logRetentionDays ?? 365,
      kmsKeyArn: props.waf?.kmsKeyArn,
      countOnlyRules: props.waf?.countOnlyRules ?? {},
    };
    const moduleNames = Object.keys(props.modules).sort();
    const modules = Object.fromEntries(moduleNames.map((m) => [m, resolveModule(props.modules[m] ?? ({} as LoadBalancerModule))]));

    this.validate(props, { sslPolicy, idleTimeoutSeconds, desyncMitigationMode, waf, modules });
    const slots = this.routingSlots(moduleNames, modules);

    const { name, accountId, region, vpcId, vpcCidrBlock } = props;
    const partition = partitionOf(region);

    // ---- Security group: the internet may reach 443/80; the ALB may reach the app ports in the VPC ----
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
    if (props.oidc) {
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

    // ---- Load balancer ----------------------------------------------------------------------------------
    const loadBalancerName = boundedName(ELB_NAME_MAX_LENGTH, name, 'alb');
    const lb = this.pin(
      new Lb(this, 'LoadBalancer', {
        name: loadBalancerName,
        internal: false,
        loadBalancerType: 'application',
        ipAddressType: 'ipv4',
        securityGroups: [securityGroup.id],
        subnets: props.publicSubnetIds,
        enableDeletionProtection: deletionProtection,
        idleTimeout: idleTimeoutSeconds,
        desyncMitigationMode,
        dropInvalidHeaderFields: true,
        enableHttp2: true,
        enableWafFailOpen: false,
        accessLogs: { bucket: props.accessLogs.bucketName, prefix: props.accessLogs.prefix, enabled: true },
        tags: this.tagsFor('alb'),
      }),
    );

    // ---- Listeners ------------------------------------------------------------------------------------
    const https = this.pin(
      new LbListener(this, 'HttpsListener', {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy,
        certificateArn: props.certificateArn,
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
    const http = this.pin(
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

    // ---- OIDC client secret (by reference only) -------------------------------------------------------
    let clientSecret: string | undefined;
    if (props.oidc) {
      clientSecret = this.pin(
        new DataAwsSsmParameter(this, 'OidcClientSecret', {
          name: props.oidc.clientSecretSsmParameterName,
          withDecryption: true,
        }),
        'oidc',
        'client_secret',
      ).value;
    }
    const authenticate = (onUnauthenticatedRequest: 'authenticate' | 'deny'): LbListenerRuleAction[] => {
      const oidc = props.oidc;
      if (!oidc || clientSecret === undefined) return [];
      return [
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
    };

    // ---- Target groups and listener rules, keyed by module name ---------------------------------------
    const targetGroups: Record<string, LoadBalancerTargetGroup> = {};
    const rulePriorities: Record<string, LoadBalancerRulePriorities> = {};
    for (const moduleName of moduleNames) {
      const mod = modules[moduleName];
      const slot = slots[moduleName];
      if (!mod || slot === undefined) throw new Error(`LoadBalancer ${this.node.path}: module ${moduleName} has no settings.`);
      const moduleTags = { [TAG_KEYS.module]: moduleName };
      const tgHead = boundedName(TARGET_GROUP_HEAD_MAX_LENGTH, name, moduleName);
      const replacementKey = { port: mod.appPort, protocol: 'HTTP', protocolVersion: 'HTTP1', targetType: 'instance', vpcId };
      const tg = this.pin(
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
          tags: mergeTags(this.props.tags, { Name: tgHead }, moduleTags),
          // A listener rule still forwards to the old group, which ELB will not delete: create the new one
          // first. Its name changes with every replacement-forcing argument (targetGroupName), so the two never collide.
          lifecycle: { createBeforeDestroy: true },
        }),
        moduleName,
      );
      targetGroups[moduleName] = { arn: tg.arn, arnSuffix: tg.arnSuffix, name: tg.name };
      if (moduleName === props.defaultModule) https.putDefaultAction([{ type: 'forward', targetGroupArn: tg.arn }]);

      const forward = (order: number): LbListenerRuleAction => ({ type: 'forward', order, targetGroupArn: tg.arn });
      const apiPriority = apiRulePriority(slot);
      this.pin(
        new LbListenerRule(this, `Rule-${moduleName}-api`, {
          listenerArn: https.arn,
          priority: apiPriority,
          condition: [{ pathPattern: { values: [apiPathPattern(moduleName)] } }],
          action: [...authenticate('deny'), forward(props.oidc ? 2 : 1)],
          tags: mergeTags(this.tagsFor(moduleName, 'api'), moduleTags),
        }),
        moduleName,
        'api',
      );
      const uiPriorities: number[] = [];
      chunk(mod.uiPaths, MAX_PATH_VALUES_PER_RULE).forEach((values, index) => {
        const priority = uiRulePriority(slot, index);
        uiPriorities.push(priority);
        const part = `ui-${String(index + 1).padStart(2, '0')}`;
        this.pin(
          new LbListenerRule(this, `Rule-${moduleName}-${part}`, {
            listenerArn: https.arn,
            priority,
            condition: [{ pathPattern: { values } }],
            action: [...authenticate('authenticate'), forward(props.oidc ? 2 : 1)],
            tags: mergeTags(this.tagsFor(moduleName, part), moduleTags),
          }),
          moduleName,
          part,
        );
      });
      rulePriorities[moduleName] = { slot, api: apiPriority, ui: uiPriorities };
    }

    // ---- WAF: web ACL, association, encrypted logs ----------------------------------------------------
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

    // ---- Attributes -----------------------------------------------------------------------------------
    this.loadBalancerArn = lb.arn;
    this.loadBalancerArnSuffix = lb.arnSuffix;
    this.loadBalancerName = loadBalancerName;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.securityGroupId = securityGroup.id;
    this.httpsListenerArn = https.arn;
    this.httpListenerArn = http.arn;
    this.targetGroups = targetGroups;
    this.rulePriorities = rulePriorities;
    this.webAclArn = webAcl.arn;
    this.wafLogGroupName = logGroupName;
  }

  /** Each module's routing slot: its `routingSlot` or the hash default; throws on a collision, naming a free slot. */
  private routingSlots(moduleNames: readonly string[], modules: Readonly<Record<string, ResolvedModule>>): Record<string, number> {
    const slots: Record<string, number> = {};
    const owner = new Map<number, string>();
    for (const moduleName of moduleNames) {
      const slot = modules[moduleName]?.routingSlot ?? defaultRoutingSlot(moduleName);
      slots[moduleName] = slot;
      const other = owner.get(slot);
      if (other !== undefined) {
        const taken = new Set(moduleNames.map((m) => modules[m]?.routingSlot ?? defaultRoutingSlot(m)));
        const free = firstFreeSlot(slot, taken);
        throw new Error(
          `LoadBalancer ${this.node.path}: modules "${other}" and "${moduleName}" both get routing slot ${slot}, so their ` +
            `listener rules would share priorities. Set routingSlot on one of them to a free slot (1-${ROUTING_SLOTS}), ` +
            `e.g. modules["${moduleName}"].routingSlot = ${free}; keep it forever after.`,
        );
      }
      owner.set(slot, moduleName);
    }
    return slots;
  }

  private validate(
    props: LoadBalancerProps,
    resolved: {
      sslPolicy: string;
      idleTimeoutSeconds: number;
      desyncMitigationMode: string;
      waf: {
        rateLimitPer5Minutes: number;
        logRetentionDays: number;
        kmsKeyArn: string | undefined;
        countOnlyRules: Readonly<Partial<Record<string, readonly string[]>>>;
      };
      modules: Readonly<Record<string, ResolvedModule>>;
    },
  ): void {
    const fail = (message: string): never => {
      throw new Error(`LoadBalancer ${this.node.path}: ${message}`);
    };
    const literal = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);
    const { name, accountId, region, vpcId, vpcCidrBlock, publicSubnetIds, certificateArn, accessLogs } = props;

    // ---- Identity -------------------------------------------------------------------------------------
    if (Token.isUnresolved(name)) {
      fail('name must be a literal string: it is part of the ALB, target group and WAF names, computed at synth time.');
    }
    if (!NAME.test(name) || name.length > MAX_NAME_LENGTH) {
      fail(
        `name "${name}" is invalid; use lower-case letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, ` +
          `e.g. "prod-us-east-1".`,
      );
    }
    for (const problem of [accountIdProblem(accountId), regionProblem(region)]) {
      if (problem !== undefined) fail(`${problem}.`);
    }

    // ---- Network --------------------------------------------------------------------------------------
    if (literal(vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) {
      fail(`vpcId "${vpcId}" is not a VPC id; expected "vpc-" and 8 or 17 hex digits, e.g. the Network construct's vpcId.`);
    }
    const cidrProblem = ipv4CidrProblem(vpcCidrBlock, 'vpcCidrBlock');
    if (cidrProblem !== undefined) fail(`${cidrProblem} (pass the Network's vpcCidrBlock).`);
    if (!Token.isUnresolved(publicSubnetIds)) {
      if (publicSubnetIds.length < MIN_SUBNETS) {
        fail(
          `publicSubnetIds has ${publicSubnetIds.length} entries (${JSON.stringify(publicSubnetIds)}); an Application Load ` +
            `Balancer needs public subnets in at least ${MIN_SUBNETS} AZs, e.g. the Network construct's publicSubnetIds.`,
        );
      }
      const seen = new Set<string>();
      for (const subnetId of publicSubnetIds) {
        if (Token.isUnresolved(subnetId)) continue;
        if (!/^subnet-[0-9a-f]{8,17}$/.test(subnetId)) {
          fail(`publicSubnetIds contains "${subnetId}", which is not a subnet id; expected "subnet-" and 8 or 17 hex digits.`);
        }
        if (seen.has(subnetId)) fail(`publicSubnetIds lists "${subnetId}" twice; pass one public subnet per AZ.`);
        seen.add(subnetId);
      }
    }

    // ---- HTTPS ----------------------------------------------------------------------------------------
    if (certificateArn === undefined || certificateArn === null || (literal(certificateArn) && certificateArn.trim() === '')) {
      fail(
        `HTTPS listener needs a certificate, but certificateArn is ${JSON.stringify(certificateArn ?? null)}. Pass the ARN of an ` +
          `issued ACM certificate in ${literal(region) ? region : "the ALB's region"} that covers the ITSM host names, e.g. ` +
          `"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-...".`,
      );
    }
    if (literal(certificateArn)) {
      const acm = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn);
      const iam = /^arn:aws[a-z-]*:iam::\d{12}:server-certificate\/.+$/.test(certificateArn);
      if (!acm && !iam) {
        fail(
          `certificateArn "${certificateArn}" is not a certificate ARN; expected an ACM certificate ARN ` +
            `(arn:aws:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN.`,
        );
      }
      if (acm && literal(region) && acm[1] !== region) {
        fail(
          `certificateArn "${certificateArn}" is in region ${acm[1]}, but the ALB is in ${region}; an ALB can only use ACM ` +
            `certificates from its own region — request or import the certificate in ${region}.`,
        );
      }
    }
    if (literal(resolved.sslPolicy) && !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(resolved.sslPolicy)) {
      fail(
        `sslPolicy "${resolved.sslPolicy}" is not an ELB security policy name; use e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" ` +
          `(the default) or another "ELBSecurityPolicy-..." policy.`,
      );
    }

    // ---- Load balancer attributes ---------------------------------------------------------------------
    if (literal(resolved.idleTimeoutSeconds) && !isIntBetween(resolved.idleTimeoutSeconds, 1, 4000)) {
      fail(`idleTimeoutSeconds ${resolved.idleTimeoutSeconds} is out of range; the ALB allows whole seconds from 1 to 4000.`);
    }
    if (!DESYNC_MODES.includes(resolved.desyncMitigationMode as DesyncMitigationMode)) {
      fail(
        `desyncMitigationMode "${resolved.desyncMitigationMode}" is invalid; allowed: ${DESYNC_MODES.map((m) => `"${m}"`).join(', ')}.`,
      );
    }

    // ---- Access logs ----------------------------------------------------------------------------------
    if (!accessLogs) fail('accessLogs is required: pass { bucketName, prefix } of the log bucket (e.g. from AttachmentStore).');
    if (literal(accessLogs.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(accessLogs.bucketName)) {
      fail(`accessLogs.bucketName "${accessLogs.bucketName}" is not an S3 bucket name (3-63 of a-z, 0-9, "." and "-").`);
    }
    if (literal(accessLogs.prefix)) {
      const prefix = accessLogs.prefix;
      if (prefix.startsWith('/') || prefix.endsWith('/') || prefix.includes('AWSLogs')) {
        fail(
          `accessLogs.prefix "${prefix}" is invalid; the ALB rejects a prefix that starts or ends with "/" or contains ` +
            `"AWSLogs" (it appends /AWSLogs/<account>/ itself), e.g. "alb/${name}".`,
        );
      }
    }

    // ---- Modules --------------------------------------------------------------------------------------
    const moduleNames = Object.keys(props.modules ?? {});
    if (moduleNames.length === 0) fail('modules is empty; pass at least one ITSM module, e.g. { incident: { healthCheckPath: "/api/incident/health" } }.');
    if (props.defaultModule !== undefined && !moduleNames.includes(props.defaultModule)) {
      fail(`defaultModule "${props.defaultModule}" is not one of the modules (${moduleNames.join(', ')}); name the module that serves unmatched paths, or omit it.`);
    }
    const pathOwner = new Map<string, string>();
    for (const moduleName of moduleNames) {
      if (!MODULE_NAME.test(moduleName)) {
        fail(
          `module name "${moduleName}" is invalid; module names must be lower-case kebab-case, 2-32 characters, starting with ` +
            `a letter (e.g. "service-catalog"): they form /api/<module>/*, target group names and Terraform addresses.`,
        );
      }
      const mod = resolved.modules[moduleName];
      if (!mod) continue;
      const at = `modules["${moduleName}"]`;
      const path = mod.healthCheckPath;
      if (!Token.isUnresolved(path) && (typeof path !== 'string' || !/^\/[\x21-\x7e]*$/.test(path) || path.length > 1024)) {
        fail(
          `${at}.healthCheckPath ${JSON.stringify(path)} is invalid; it must be an absolute URL path of at most 1024 ` +
            `printable characters without spaces, e.g. "/api/${moduleName}/health".`,
        );
      }
      const matcher = mod.healthCheckMatcher;
      if (literal(matcher) && !isHttpMatcher(matcher)) {
        fail(
          `${at}.healthCheckMatcher "${matcher}" is invalid; use HTTP codes between 200 and 499 as one code, a comma list ` +
            `or a range, e.g. "200", "200,204" or "200-299".`,
        );
      }
      const ranges: ReadonlyArray<[keyof ResolvedModule, number, number, string]> = [
        ['healthCheckIntervalSeconds', 5, 300, 'seconds'],
        ['healthyThreshold', 2, 10, 'checks'],
        ['unhealthyThreshold', 2, 10, 'checks'],
        ['deregistrationDelaySeconds', 0, 3600, 'seconds'],
        ['appPort', 1, 65535, ''],
        ['stickinessDurationSeconds', 1, 604800, 'seconds'],
      ];
      for (const [key, min, max, unit] of ranges) {
        const value = mod[key];
        if (literal(value) && !isIntBetween(value, min, max)) {
          fail(`${at}.${key} ${String(value)} is out of range; allowed: whole ${unit || 'numbers'} from ${min} to ${max}.`);
        }
      }
      if (mod.stickinessCookieName !== undefined && !mod.stickySessions) {
        fail(`${at}.stickinessCookieName is set but stickySessions is false; set stickySessions: true or drop the cookie name.`);
      }
      if (mod.stickinessCookieName !== undefined && literal(mod.stickinessCookieName) && (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,255}$/.test(mod.stickinessCookieName) || /^AWSALB/i.test(mod.stickinessCookieName))) {
        fail(`${at}.stickinessCookieName "${mod.stickinessCookieName}" is invalid; use the application's cookie name (not AWSALB*), e.g. "JSESSIONID".`);
      }
      if (literal(mod.slowStartSeconds) && !(mod.slowStartSeconds === 0 || isIntBetween(mod.slowStartSeconds, 30, 900))) {
        fail(`${at}.slowStartSeconds ${mod.slowStartSeconds} is invalid; use 0 (off) or whole seconds from 30 to 900.`);
      }
      if (mod.routingSlot !== undefined && !isIntBetween(mod.routingSlot, 1, ROUTING_SLOTS)) {
        fail(`${at}.routingSlot ${mod.routingSlot} is out of range; allowed: whole numbers from 1 to ${ROUTING_SLOTS}.`);
      }
      if (Token.isUnresolved(mod.uiPaths)) fail(`${at}.uiPaths must be a literal list: it decides how many listener rules exist.`);
      const maxUiPaths = MAX_PATH_VALUES_PER_RULE * MAX_UI_RULES_PER_MODULE;
      if (mod.uiPaths.length > maxUiPaths) {
        fail(
          `${at}.uiPaths has ${mod.uiPaths.length} patterns; at most ${maxUiPaths} are allowed (${MAX_UI_RULES_PER_MODULE} rules of ` +
            `${MAX_PATH_VALUES_PER_RULE}); merge patterns with wildcards, e.g. "/${moduleName}/*".`,
        );
      }
      const claim = (pattern: string, what: string) => {
        const other = pathOwner.get(pattern);
        if (other !== undefined) {
          fail(`${what} "${pattern}" is routed to module "${other}" already; each path pattern may route to one module only.`);
        }
        pathOwner.set(pattern, moduleName);
      };
      claim(apiPathPattern(moduleName), `${at} API path`);
      for (const pattern of mod.uiPaths) {
        if (Token.isUnresolved(pattern)) fail(`${at}.uiPaths entries must be literal path patterns.`);
        const problem = pathPatternProblem(pattern);
        if (problem) fail(`${at}.uiPaths entry "${pattern}" ${problem}.`);
        if (pattern === '/api' || pattern.startsWith('/api/')) {
          fail(
            `${at}.uiPaths entry "${pattern}" is under /api/; API paths are routed by module name (/api/${moduleName}/* is ` +
              `added automatically and evaluated before every UI path). Remove it or move the UI elsewhere.`,
          );
        }
        claim(pattern, `${at}.uiPaths entry`);
      }
    }

    // ---- Derived AWS names ----------------------------------------------------------------------------
    // Target groups: the readable head of the name (targetGroupName adds the replacement tag).
    const elbNames = [boundedName(ELB_NAME_MAX_LENGTH, name, 'alb')];
    for (const moduleName of moduleNames) elbNames.push(boundedName(TARGET_GROUP_HEAD_MAX_LENGTH, name, moduleName));
    for (const elbName of elbNames) {
      const problem = elbNameProblem(elbName);
      if (problem) fail(`derived load balancer / target group name "${elbName}" ${problem}; shorten name "${name}".`);
    }
    const tgNames = new Map<string, string>();
    moduleNames.forEach((moduleName, i) => {
      const tgName = elbNames[i + 1] ?? '';
      const other = tgNames.get(tgName);
      if (other !== undefined) fail(`modules "${other}" and "${moduleName}" derive the same target group name "${tgName}".`);
      tgNames.set(tgName, moduleName);
    });

    // ---- WAF ------------------------------------------------------------------------------------------
    const { waf } = resolved;
    if (literal(waf.rateLimitPer5Minutes) && !isIntBetween(waf.rateLimitPer5Minutes, 10, 2_000_000_000)) {
      fail(
        `waf.rateLimitPer5Minutes ${waf.rateLimitPer5Minutes} is out of range; AWS WAF allows whole numbers from 10 to ` +
          `2,000,000,000 requests per IP per 5 minutes.`,
      );
    }
    if (literal(waf.logRetentionDays) && !LOG_RETENTION_DAYS.includes(waf.logRetentionDays)) {
      fail(`waf.logRetentionDays ${waf.logRetentionDays} is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(', ')}.`);
    }
    const wafKeyProblem = kmsKeyArnProblem(waf.kmsKeyArn, 'waf.kmsKeyArn', 'CloudWatch Logs needs');
    if (wafKeyProblem !== undefined) fail(`${wafKeyProblem}.`);
    for (const [group, rules] of Object.entries(waf.countOnlyRules)) {
      if (!(MANAGED_RULE_GROUPS as readonly string[]).includes(group)) {
        fail(`waf.countOnlyRules has group "${group}", which the web ACL does not use; allowed: ${MANAGED_RULE_GROUPS.join(', ')}.`);
      }
      for (const rule of rules ?? []) {
        if (!WAF_RULE_NAME.test(rule)) {
          fail(`waf.countOnlyRules.${group} has "${rule}", which is not a WAF rule name (1-128 of A-Z a-z 0-9 _ -), e.g. "SizeRestrictions_BODY".`);
        }
      }
    }

    // ---- OIDC -----------------------------------------------------------------------------------------
    const { oidc } = props;
    if (oidc) {
      if ('clientSecret' in (oidc as object)) {
        fail(
          'oidc.clientSecret must not be passed: secrets never go into props. Store it as an SSM SecureString parameter and ' +
            'pass its name as oidc.clientSecretSsmParameterName.',
        );
      }
      for (const key of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
        const url = oidc[key];
        if (literal(url) && !isHttpsUrl(url)) {
          fail(`oidc.${key} "${url}" is not an https:// URL; the ALB only talks to identity providers over HTTPS.`);
        }
      }
      if (literal(oidc.clientId) && (typeof oidc.clientId !== 'string' || oidc.clientId.trim() === '')) {
        fail('oidc.clientId is empty; pass the OAuth client id registered at the IdP for this ALB.');
      }
      const param = oidc.clientSecretSsmParameterName;
      if (literal(param) && (typeof param !== 'string' || !/^(\/?[a-zA-Z0-9_.-]+)+$/.test(param) || param.length > 2048)) {
        fail(
          `oidc.clientSecretSsmParameterName ${JSON.stringify(param)} is not an SSM parameter name; expected e.g. ` +
            `"/itsm/prod/oidc-client-secret" (letters, digits, _ . - and /).`,
        );
      }
      if (oidc.sessionTimeoutSeconds !== undefined && literal(oidc.sessionTimeoutSeconds) && !isIntBetween(oidc.sessionTimeoutSeconds, 1, 604800)) {
        fail(`oidc.sessionTimeoutSeconds ${oidc.sessionTimeoutSeconds} is out of range; the ALB allows 1 to 604800 (7 days).`);
      }
    }
  }
}

/** A module with its defaults filled in. */
type ResolvedModule = Required<Omit<LoadBalancerModule, 'routingSlot' | 'stickinessCookieName'>> & Pick<LoadBalancerModule, 'routingSlot' | 'stickinessCookieName'>;

function resolveModule(mod: LoadBalancerModule): ResolvedModule {
  return {
    healthCheckPath: mod.healthCheckPath,
    healthCheckMatcher: mod.healthCheckMatcher ?? '200',
    healthCheckIntervalSeconds: mod.healthCheckIntervalSeconds ?? 15,
    healthyThreshold: mod.healthyThreshold ?? 3,
    unhealthyThreshold: mod.unhealthyThreshold ?? 3,
    uiPaths: mod.uiPaths ?? [],
    stickySessions: mod.stickySessions ?? false,
    ...(mod.stickinessCookieName !== undefined ? { stickinessCookieName: mod.stickinessCookieName } : {}),
    stickinessDurationSeconds: mod.stickinessDurationSeconds ?? STICKINESS_COOKIE_SECONDS,
    deregistrationDelaySeconds: mod.deregistrationDelaySeconds ?? 30,
    slowStartSeconds: mod.slowStartSeconds ?? 60,
    appPort: mod.appPort ?? 8080,
    routingSlot: mod.routingSlot,
  };
}

function isIntBetween(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** HTTP codes 200-499: `200`, `200,204`, `200-299` (ranges and lists may mix). */
function isHttpMatcher(matcher: string): boolean {
  if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(matcher)) return false;
  return matcher.split(',').every((part) => {
    const [low, high] = part.split('-').map(Number);
    if (low === undefined || low < 200 || low > 499) return false;
    return high === undefined || (high >= low && high <= 499);
  });
}

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}
