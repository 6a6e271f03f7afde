/** The LoadBalancer's props and the types they use. */
import { Tags } from '../core/tags';
import { ManagedRuleGroupName } from './waf';

/** How the ALB treats requests that may be HTTP desync attacks. */
export type DesyncMitigationMode = 'monitor' | 'defensive' | 'strictest';

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
