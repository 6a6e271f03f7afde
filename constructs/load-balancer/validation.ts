/**
 * Every check of a LoadBalancer's props, in one place: each problem is collected, so one error lists all of
 * them (what is wrong, the value received and what to pass instead). Values that are unresolved tokens are
 * not checked, except where the construct must know them at synth time (names, the number of rules).
 */
import { Token } from 'cdktf';
import { LOG_RETENTION_DAYS } from '../core/log-retention';
import { accountIdProblem, ipv4CidrProblem, isLiteral, kebabNameProblem, kmsKeyArnProblem, regionProblem, SUBNET_ID_PATTERN, ValidationProblems, VPC_ID_PATTERN } from '../core/validation';
import { boundedName, ELB_NAME_MAX_LENGTH, elbNameProblem, TARGET_GROUP_HEAD_MAX_LENGTH } from './naming';
import { DesyncMitigationMode, LoadBalancerOidcOptions, LoadBalancerProps } from './props';
import { apiPathPattern, firstFreeSlot, MAX_PATH_VALUES_PER_RULE, MAX_UI_RULES_PER_MODULE, pathPatternProblem, ROUTING_SLOTS } from './routing';
import { LoadBalancerSettings, ResolvedModule, ResolvedWafOptions, routingSlotOf } from './settings';
import { MANAGED_RULE_GROUPS, WAF_RULE_NAME } from './waf';

const DESYNC_MODES: readonly DesyncMitigationMode[] = ['monitor', 'defensive', 'strictest'];
const MODULE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** The WAF ACL, its metric names and the log group derive from the name; 50 keeps all of them within limits. */
const MAX_NAME_LENGTH = 50;
const MIN_SUBNETS = 2;

/** Every problem of a LoadBalancer's props and resolved settings, in the order of the props. */
export function loadBalancerProblems(props: LoadBalancerProps, settings: LoadBalancerSettings): ValidationProblems {
  const problems = new ValidationProblems();
  const nameProblem = identityProblems(props, problems);
  networkProblems(props, problems);
  httpsProblems(props, settings, problems);
  attributeProblems(settings, problems);
  accessLogProblems(props, problems);
  moduleProblems(props, settings, problems);
  // Derived names of an invalid name only repeat its problem.
  if (!nameProblem) derivedNameProblems(props.name, settings.moduleNames, problems);
  wafProblems(settings.waf, problems);
  if (props.oidc) oidcProblems(props.oidc, problems);
  routingSlotProblems(settings, problems);
  return problems;
}

/** Adds the name, account and region problems; returns whether the name has one. */
function identityProblems(props: LoadBalancerProps, problems: ValidationProblems): boolean {
  const { name } = props;
  let nameProblem: string | undefined;
  if (Token.isUnresolved(name)) {
    nameProblem = 'name must be a literal string: it is part of the ALB, target group and WAF names, computed at synth time';
  } else {
    nameProblem = kebabNameProblem(name, { maxLength: MAX_NAME_LENGTH });
  }
  problems.add(nameProblem);
  problems.add(accountIdProblem(props.accountId));
  problems.add(regionProblem(props.region));
  return nameProblem !== undefined;
}

function networkProblems(props: LoadBalancerProps, problems: ValidationProblems): void {
  const { vpcId, vpcCidrBlock, publicSubnetIds } = props;
  problems.addIf(
    isLiteral(vpcId) && !VPC_ID_PATTERN.test(vpcId),
    () => `vpcId "${vpcId}" is not a VPC id; expected "vpc-" and 8 or 17 hex digits, e.g. the Network construct's vpcId`,
  );
  const cidrProblem = ipv4CidrProblem(vpcCidrBlock, 'vpcCidrBlock');
  if (cidrProblem !== undefined) problems.add(`${cidrProblem} (pass the Network's vpcCidrBlock)`);
  if (Token.isUnresolved(publicSubnetIds)) return;
  problems.addIf(
    publicSubnetIds.length < MIN_SUBNETS,
    () =>
      `publicSubnetIds has ${publicSubnetIds.length} entries (${JSON.stringify(publicSubnetIds)}); an Application Load ` +
      `Balancer needs public subnets in at least ${MIN_SUBNETS} AZs, e.g. the Network construct's publicSubnetIds`,
  );
  const seen = new Set<string>();
  for (const subnetId of publicSubnetIds) {
    if (Token.isUnresolved(subnetId)) continue;
    problems.addIf(
      !SUBNET_ID_PATTERN.test(subnetId),
      () => `publicSubnetIds contains "${subnetId}", which is not a subnet id; expected "subnet-" and 8 or 17 hex digits`,
    );
    problems.addIf(seen.has(subnetId), () => `publicSubnetIds lists "${subnetId}" twice; pass one public subnet per AZ`);
    seen.add(subnetId);
  }
}

function httpsProblems(props: LoadBalancerProps, settings: LoadBalancerSettings, problems: ValidationProblems): void {
  const { certificateArn, region } = props;
  if (certificateArn === undefined || certificateArn === null || (isLiteral(certificateArn) && certificateArn.trim() === '')) {
    problems.add(
      `HTTPS listener needs a certificate, but certificateArn is ${JSON.stringify(certificateArn ?? null)}. Pass the ARN of an ` +
        `issued ACM certificate in ${isLiteral(region) ? region : "the ALB's region"} that covers the ITSM host names, e.g. ` +
        `"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-..."`,
    );
  } else if (isLiteral(certificateArn)) {
    const acm = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn);
    const iam = /^arn:aws[a-z-]*:iam::\d{12}:server-certificate\/.+$/.test(certificateArn);
    problems.addIf(
      !acm && !iam,
      () =>
        `certificateArn "${certificateArn}" is not a certificate ARN; expected an ACM certificate ARN ` +
        `(arn:aws:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN`,
    );
    problems.addIf(
      acm !== null && isLiteral(region) && acm[1] !== region,
      () =>
        `certificateArn "${certificateArn}" is in region ${acm?.[1]}, but the ALB is in ${region}; an ALB can only use ACM ` +
        `certificates from its own region — request or import the certificate in ${region}`,
    );
  }
  problems.addIf(
    isLiteral(settings.sslPolicy) && !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(settings.sslPolicy),
    () =>
      `sslPolicy "${settings.sslPolicy}" is not an ELB security policy name; use e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" ` +
      `(the default) or another "ELBSecurityPolicy-..." policy`,
  );
}

function attributeProblems(settings: LoadBalancerSettings, problems: ValidationProblems): void {
  const { idleTimeoutSeconds, desyncMitigationMode } = settings;
  problems.addIf(
    isLiteral(idleTimeoutSeconds) && !isIntBetween(idleTimeoutSeconds, 1, 4000),
    () => `idleTimeoutSeconds ${idleTimeoutSeconds} is out of range; the ALB allows whole seconds from 1 to 4000`,
  );
  problems.addIf(
    !DESYNC_MODES.includes(desyncMitigationMode),
    () => `desyncMitigationMode "${desyncMitigationMode}" is invalid; allowed: ${DESYNC_MODES.map((m) => `"${m}"`).join(', ')}`,
  );
}

function accessLogProblems(props: LoadBalancerProps, problems: ValidationProblems): void {
  const { accessLogs, name } = props;
  if (!accessLogs) {
    problems.add('accessLogs is required: pass { bucketName, prefix } of the log bucket (e.g. from AttachmentStore)');
    return;
  }
  problems.addIf(
    isLiteral(accessLogs.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(accessLogs.bucketName),
    () => `accessLogs.bucketName "${accessLogs.bucketName}" is not an S3 bucket name (3-63 of a-z, 0-9, "." and "-")`,
  );
  const prefix = accessLogs.prefix;
  problems.addIf(
    isLiteral(prefix) && (prefix.startsWith('/') || prefix.endsWith('/') || prefix.includes('AWSLogs')),
    () =>
      `accessLogs.prefix "${prefix}" is invalid; the ALB rejects a prefix that starts or ends with "/" or contains ` +
      `"AWSLogs" (it appends /AWSLogs/<account>/ itself), e.g. "alb/${name}"`,
  );
}

function moduleProblems(props: LoadBalancerProps, settings: LoadBalancerSettings, problems: ValidationProblems): void {
  const moduleNames = Object.keys(props.modules ?? {});
  problems.addIf(moduleNames.length === 0, () => 'modules is empty; pass at least one ITSM module, e.g. { incident: { healthCheckPath: "/api/incident/health" } }');
  problems.addIf(
    props.defaultModule !== undefined && !moduleNames.includes(props.defaultModule),
    () => `defaultModule "${props.defaultModule}" is not one of the modules (${moduleNames.join(', ')}); name the module that serves unmatched paths, or omit it`,
  );
  // Path pattern → the module it routes to: a pattern may route to one module only.
  const pathOwner = new Map<string, string>();
  for (const moduleName of moduleNames) {
    problems.addIf(
      !MODULE_NAME.test(moduleName),
      () =>
        `module name "${moduleName}" is invalid; module names must be lower-case kebab-case, 2-32 characters, starting with ` +
        `a letter (e.g. "service-catalog"): they form /api/<module>/*, target group names and Terraform addresses`,
    );
    const mod = settings.modules[moduleName];
    if (!mod) continue;
    targetGroupProblems(moduleName, mod, problems);
    pathProblems(moduleName, mod, pathOwner, problems);
  }
}

/** Ranges of a module's numeric settings: [key, min, max, unit]. */
const MODULE_RANGES: ReadonlyArray<[keyof ResolvedModule, number, number, string]> = [
  ['healthCheckIntervalSeconds', 5, 300, 'seconds'],
  ['healthyThreshold', 2, 10, 'checks'],
  ['unhealthyThreshold', 2, 10, 'checks'],
  ['deregistrationDelaySeconds', 0, 3600, 'seconds'],
  ['appPort', 1, 65535, ''],
  ['stickinessDurationSeconds', 1, 604800, 'seconds'],
];

/** The problems of a module's target group settings: health check, stickiness, slow start, routing slot. */
function targetGroupProblems(moduleName: string, mod: ResolvedModule, problems: ValidationProblems): void {
  const at = `modules["${moduleName}"]`;
  const path = mod.healthCheckPath;
  problems.addIf(
    !Token.isUnresolved(path) && (typeof path !== 'string' || !/^\/[\x21-\x7e]*$/.test(path) || path.length > 1024),
    () =>
      `${at}.healthCheckPath ${JSON.stringify(path)} is invalid; it must be an absolute URL path of at most 1024 ` +
      `printable characters without spaces, e.g. "/api/${moduleName}/health"`,
  );
  const matcher = mod.healthCheckMatcher;
  problems.addIf(
    isLiteral(matcher) && !isHttpMatcher(matcher),
    () =>
      `${at}.healthCheckMatcher "${matcher}" is invalid; use HTTP codes between 200 and 499 as one code, a comma list ` +
      `or a range, e.g. "200", "200,204" or "200-299"`,
  );
  for (const [key, min, max, unit] of MODULE_RANGES) {
    const value = mod[key];
    problems.addIf(
      isLiteral(value) && !isIntBetween(value, min, max),
      () => `${at}.${key} ${String(value)} is out of range; allowed: whole ${unit || 'numbers'} from ${min} to ${max}`,
    );
  }
  const cookie = mod.stickinessCookieName;
  problems.addIf(
    cookie !== undefined && !mod.stickySessions,
    () => `${at}.stickinessCookieName is set but stickySessions is false; set stickySessions: true or drop the cookie name`,
  );
  problems.addIf(
    cookie !== undefined && isLiteral(cookie) && (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,255}$/.test(cookie) || /^AWSALB/i.test(cookie)),
    () => `${at}.stickinessCookieName "${cookie}" is invalid; use the application's cookie name (not AWSALB*), e.g. "JSESSIONID"`,
  );
  problems.addIf(
    isLiteral(mod.slowStartSeconds) && !(mod.slowStartSeconds === 0 || isIntBetween(mod.slowStartSeconds, 30, 900)),
    () => `${at}.slowStartSeconds ${mod.slowStartSeconds} is invalid; use 0 (off) or whole seconds from 30 to 900`,
  );
  problems.addIf(
    mod.routingSlot !== undefined && !isIntBetween(mod.routingSlot, 1, ROUTING_SLOTS),
    () => `${at}.routingSlot ${mod.routingSlot} is out of range; allowed: whole numbers from 1 to ${ROUTING_SLOTS}`,
  );
}

/** The problems of a module's paths: the number of UI paths, each pattern, and patterns another module routes already. */
function pathProblems(moduleName: string, mod: ResolvedModule, pathOwner: Map<string, string>, problems: ValidationProblems): void {
  const at = `modules["${moduleName}"]`;
  const claim = (pattern: string, what: string): void => {
    const other = pathOwner.get(pattern);
    problems.addIf(other !== undefined, () => `${what} "${pattern}" is routed to module "${other}" already; each path pattern may route to one module only`);
    pathOwner.set(pattern, moduleName);
  };
  claim(apiPathPattern(moduleName), `${at} API path`);
  if (Token.isUnresolved(mod.uiPaths)) {
    problems.add(`${at}.uiPaths must be a literal list: it decides how many listener rules exist`);
    return;
  }
  const maxUiPaths = MAX_PATH_VALUES_PER_RULE * MAX_UI_RULES_PER_MODULE;
  problems.addIf(
    mod.uiPaths.length > maxUiPaths,
    () =>
      `${at}.uiPaths has ${mod.uiPaths.length} patterns; at most ${maxUiPaths} are allowed (${MAX_UI_RULES_PER_MODULE} rules of ` +
      `${MAX_PATH_VALUES_PER_RULE}); merge patterns with wildcards, e.g. "/${moduleName}/*"`,
  );
  for (const pattern of mod.uiPaths) {
    if (Token.isUnresolved(pattern)) {
      problems.add(`${at}.uiPaths entries must be literal path patterns`);
      continue;
    }
    const problem = pathPatternProblem(pattern);
    if (problem) problems.add(`${at}.uiPaths entry "${pattern}" ${problem}`);
    problems.addIf(
      pattern === '/api' || pattern.startsWith('/api/'),
      () =>
        `${at}.uiPaths entry "${pattern}" is under /api/; API paths are routed by module name (/api/${moduleName}/* is ` +
        `added automatically and evaluated before every UI path). Remove it or move the UI elsewhere`,
    );
    claim(pattern, `${at}.uiPaths entry`);
  }
}

/** The problems of the AWS names derived from `name`: the ALB's and the target groups' readable heads. */
function derivedNameProblems(name: string, moduleNames: readonly string[], problems: ValidationProblems): void {
  const loadBalancerName = boundedName(ELB_NAME_MAX_LENGTH, name, 'alb');
  const targetGroupHeads = moduleNames.map((moduleName) => boundedName(TARGET_GROUP_HEAD_MAX_LENGTH, name, moduleName));
  for (const elbName of [loadBalancerName, ...targetGroupHeads]) {
    const problem = elbNameProblem(elbName);
    if (problem) problems.add(`derived load balancer / target group name "${elbName}" ${problem}; shorten name "${name}"`);
  }
  const tgNames = new Map<string, string>();
  moduleNames.forEach((moduleName, i) => {
    const tgName = targetGroupHeads[i] ?? '';
    const other = tgNames.get(tgName);
    problems.addIf(other !== undefined, () => `modules "${other}" and "${moduleName}" derive the same target group name "${tgName}"`);
    tgNames.set(tgName, moduleName);
  });
}

function wafProblems(waf: ResolvedWafOptions, problems: ValidationProblems): void {
  problems.addIf(
    isLiteral(waf.rateLimitPer5Minutes) && !isIntBetween(waf.rateLimitPer5Minutes, 10, 2_000_000_000),
    () =>
      `waf.rateLimitPer5Minutes ${waf.rateLimitPer5Minutes} is out of range; AWS WAF allows whole numbers from 10 to ` +
      `2,000,000,000 requests per IP per 5 minutes`,
  );
  problems.addIf(
    isLiteral(waf.logRetentionDays) && !LOG_RETENTION_DAYS.includes(waf.logRetentionDays),
    () => `waf.logRetentionDays ${waf.logRetentionDays} is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
  );
  problems.add(kmsKeyArnProblem(waf.kmsKeyArn, 'waf.kmsKeyArn', 'CloudWatch Logs needs'));
  for (const [group, rules] of Object.entries(waf.countOnlyRules)) {
    problems.addIf(
      !(MANAGED_RULE_GROUPS as readonly string[]).includes(group),
      () => `waf.countOnlyRules has group "${group}", which the web ACL does not use; allowed: ${MANAGED_RULE_GROUPS.join(', ')}`,
    );
    for (const rule of rules ?? []) {
      problems.addIf(
        !WAF_RULE_NAME.test(rule),
        () => `waf.countOnlyRules.${group} has "${rule}", which is not a WAF rule name (1-128 of A-Z a-z 0-9 _ -), e.g. "SizeRestrictions_BODY"`,
      );
    }
  }
}

function oidcProblems(oidc: LoadBalancerOidcOptions, problems: ValidationProblems): void {
  problems.addIf(
    'clientSecret' in (oidc as object),
    () =>
      'oidc.clientSecret must not be passed: secrets never go into props. Store it as an SSM SecureString parameter and ' +
      'pass its name as oidc.clientSecretSsmParameterName',
  );
  for (const key of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
    const url = oidc[key];
    problems.addIf(isLiteral(url) && !isHttpsUrl(url), () => `oidc.${key} "${url}" is not an https:// URL; the ALB only talks to identity providers over HTTPS`);
  }
  problems.addIf(
    isLiteral(oidc.clientId) && (typeof oidc.clientId !== 'string' || oidc.clientId.trim() === ''),
    () => 'oidc.clientId is empty; pass the OAuth client id registered at the IdP for this ALB',
  );
  const param = oidc.clientSecretSsmParameterName;
  problems.addIf(
    isLiteral(param) && (typeof param !== 'string' || !/^(\/?[a-zA-Z0-9_.-]+)+$/.test(param) || param.length > 2048),
    () =>
      `oidc.clientSecretSsmParameterName ${JSON.stringify(param)} is not an SSM parameter name; expected e.g. ` +
      `"/itsm/prod/oidc-client-secret" (letters, digits, _ . - and /)`,
  );
  const timeout = oidc.sessionTimeoutSeconds;
  problems.addIf(
    timeout !== undefined && isLiteral(timeout) && !isIntBetween(timeout, 1, 604800),
    () => `oidc.sessionTimeoutSeconds ${timeout} is out of range; the ALB allows 1 to 604800 (7 days)`,
  );
}

/** Two modules on one routing slot would share listener-rule priorities: each collision, naming a free slot. */
function routingSlotProblems(settings: LoadBalancerSettings, problems: ValidationProblems): void {
  const { moduleNames, modules } = settings;
  const slotOf = (moduleName: string): number => routingSlotOf(moduleName, modules[moduleName]);
  const owner = new Map<number, string>();
  for (const moduleName of moduleNames) {
    const slot = slotOf(moduleName);
    const other = owner.get(slot);
    if (other !== undefined) {
      const free = firstFreeSlot(slot, new Set(moduleNames.map(slotOf)));
      problems.add(
        `modules "${other}" and "${moduleName}" both get routing slot ${slot}, so their ` +
          `listener rules would share priorities. Set routingSlot on one of them to a free slot (1-${ROUTING_SLOTS}), ` +
          `e.g. modules["${moduleName}"].routingSlot = ${free}; keep it forever after`,
      );
    }
    owner.set(slot, moduleName);
  }
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
