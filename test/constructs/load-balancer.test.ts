import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { TerraformOutput, Testing } from 'cdktf';
import {
  boundedName,
  chunk,
  defaultRoutingSlot,
  fnv1a32,
  LoadBalancer,
  LoadBalancerModule,
  LoadBalancerProps,
  MANAGED_RULE_GROUPS,
  UI_PRIORITY_BASE,
} from '../../constructs/load-balancer';
import { Json } from '../json';
import { plannedTargetGroupName } from './target-group-name';

/** The modules of blueprints/itsm-standard.yaml, as a stack would map them. */
const STANDARD_MODULES: Record<string, LoadBalancerModule> = {
  incident: { healthCheckPath: '/api/incident/health', uiPaths: ['/incident/*', '/portal/*'] },
  change: { healthCheckPath: '/api/change/health', uiPaths: ['/change/*'] },
  problem: { healthCheckPath: '/api/problem/health', uiPaths: ['/problem/*'] },
  catalog: { healthCheckPath: '/api/catalog/health', uiPaths: ['/catalog/*'], stickySessions: true },
  asset: { healthCheckPath: '/api/asset/health', uiPaths: ['/asset/*'] },
  cmdb: { healthCheckPath: '/api/cmdb/health', uiPaths: ['/cmdb/*'], slowStartSeconds: 300 },
  knowledge: { healthCheckPath: '/api/knowledge/health', uiPaths: ['/kb/*'] },
};

const OIDC = {
  issuer: 'https://login.example.com',
  authorizationEndpoint: 'https://login.example.com/oauth2/authorize',
  tokenEndpoint: 'https://login.example.com/oauth2/token',
  userInfoEndpoint: 'https://login.example.com/oauth2/userinfo',
  clientId: 'itsm-prod',
  clientSecretSsmParameterName: '/itsm/prod/oidc-client-secret',
};

const BASE_PROPS: LoadBalancerProps = {
  name: 'prod-us-east-1',
  accountId: '123456789012',
  region: 'us-east-1',
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidrBlock: '10.0.0.0/16',
  publicSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
  accessLogs: { bucketName: 'prod-us-east-1-logs', prefix: 'alb/prod-us-east-1' },
  modules: STANDARD_MODULES,
};

/** Synthesizes one LoadBalancer with id `alb` and BASE_PROPS plus overrides; returns the JSON string. */
function synthLb(overrides: Partial<LoadBalancerProps> = {}): string {
  return Testing.synthScope((scope) => {
    new LoadBalancer(scope, 'alb', { ...BASE_PROPS, ...overrides });
  });
}

function makeLb(overrides: Partial<LoadBalancerProps>): () => void {
  return () => {
    synthLb(overrides);
  };
}

/** Props whose `modules` is one module `incident` with the given settings (plus the health check path). */
function oneModule(settings: Partial<LoadBalancerModule>, moduleName = 'incident'): Partial<LoadBalancerProps> {
  return { modules: { [moduleName]: { healthCheckPath: `/api/${moduleName}/health`, ...settings } } };
}

/** The `resource.<type>` block of a synthesized stack (logical id → config), `{}` when absent. */
function resources(synth: string, type: string): Record<string, Json> {
  const parsed = JSON.parse(synth) as Json;
  return (parsed.resource?.[type] ?? {}) as Record<string, Json>;
}

/** All `<type>.<id>` addresses of a synthesized stack (data sources as `data.<type>.<id>`). */
function addresses(synth: string): string[] {
  const parsed = JSON.parse(synth) as Json;
  const list = (block: Json | undefined, prefix: string) =>
    Object.entries((block ?? {}) as Record<string, Json>).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${prefix}${type}.${id}`));
  return [...list(parsed.resource, ''), ...list(parsed.data, 'data.')].sort();
}

function ref(type: string, id: string, attr = 'id'): string {
  return `\${${type}.${id}.${attr}}`;
}

/** The web ACL's rules keyed by rule name. */
function wafRules(synth: string): Record<string, Json> {
  const acl = resources(synth, 'aws_wafv2_web_acl').alb;
  return Object.fromEntries(((acl?.rule ?? []) as Json[]).map((rule) => [rule.name as string, rule]));
}

describe('LoadBalancer', () => {
  describe('defaults', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN the required props and the seven modules of the standard blueprint
      // WHEN
      synth = synthLb();
    });

    test('creates an internet-facing ALB in the public subnets with secure attributes and access logs', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(Lb, {
        name: 'prod-us-east-1-alb',
        internal: false,
        load_balancer_type: 'application',
        subnets: BASE_PROPS.publicSubnetIds,
        security_groups: [ref('aws_security_group', 'alb')],
        drop_invalid_header_fields: true,
        desync_mitigation_mode: 'strictest',
        enable_deletion_protection: true,
        enable_http2: true,
        enable_waf_fail_open: false,
        idle_timeout: 60,
        access_logs: { bucket: 'prod-us-east-1-logs', prefix: 'alb/prod-us-east-1', enabled: true },
      });
      expect(Object.keys(resources(synth, 'aws_lb'))).toEqual(['alb']);
    });

    test('serves HTTPS with the certificate and the TLS 1.3 policy, answering unknown paths with a JSON 404', () => {
      // THEN
      const https = resources(synth, 'aws_lb_listener').alb_https;
      expect(https).toMatchObject({
        load_balancer_arn: ref('aws_lb', 'alb', 'arn'),
        port: 443,
        protocol: 'HTTPS',
        certificate_arn: BASE_PROPS.certificateArn,
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      });
      expect(https?.default_action).toHaveLength(1);
      const fixed = https?.default_action[0];
      expect(fixed).toMatchObject({ type: 'fixed-response', fixed_response: { content_type: 'application/json', status_code: '404' } });
      expect(JSON.parse(fixed.fixed_response.message_body)).toMatchObject({ error: 'not_found' });
    });

    test('only redirects HTTP to HTTPS with a 301', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(LbListener, {
        port: 80,
        protocol: 'HTTP',
        default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
      });
      expect(Object.keys(resources(synth, 'aws_lb_listener')).sort()).toEqual(['alb_http', 'alb_https']);
      expect(resources(synth, 'aws_lb_listener').alb_http?.certificate_arn).toBeUndefined();
    });

    test('admits 443 and 80 from anywhere (IPv4 and IPv6), each rule described', () => {
      // THEN
      const ingress = resources(synth, 'aws_vpc_security_group_ingress_rule');
      expect(Object.keys(ingress).sort()).toEqual(['alb_http_ipv4', 'alb_http_ipv6', 'alb_https_ipv4', 'alb_https_ipv6']);
      expect(ingress.alb_https_ipv4).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '0.0.0.0/0' });
      expect(ingress.alb_https_ipv6).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv6: '::/0' });
      expect(ingress.alb_http_ipv4).toMatchObject({ from_port: 80, to_port: 80, cidr_ipv4: '0.0.0.0/0' });
      expect(ingress.alb_http_ipv6).toMatchObject({ from_port: 80, to_port: 80, cidr_ipv6: '::/0' });
      for (const rule of Object.values(ingress)) {
        expect(rule.security_group_id).toBe(ref('aws_security_group', 'alb'));
        expect(rule.description).toMatch(/\S{5,}/);
      }
    });

    test('lets the ALB send traffic only to the VPC CIDR on the app port, with no inline rules on the group', () => {
      // THEN
      const egress = resources(synth, 'aws_vpc_security_group_egress_rule');
      expect(Object.keys(egress)).toEqual(['alb_app_8080']);
      expect(egress.alb_app_8080).toMatchObject({
        security_group_id: ref('aws_security_group', 'alb'),
        ip_protocol: 'tcp',
        from_port: 8080,
        to_port: 8080,
        cidr_ipv4: '10.0.0.0/16',
      });
      expect(egress.alb_app_8080?.description).toMatch(/8080/);
      const sg = resources(synth, 'aws_security_group').alb;
      expect(sg).toMatchObject({ vpc_id: BASE_PROPS.vpcId, name: 'prod-us-east-1-alb' });
      expect(sg?.ingress).toBeUndefined();
      expect(sg?.egress).toBeUndefined();
    });

    test('creates a REGIONAL web ACL with the four AWS managed rule groups and a per-IP rate rule, metrics on everywhere', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(Wafv2WebAcl, {
        name: 'prod-us-east-1-alb',
        scope: 'REGIONAL',
        default_action: { allow: {} },
        visibility_config: { cloudwatch_metrics_enabled: true, metric_name: 'prod-us-east-1-alb', sampled_requests_enabled: true },
      });
      const rules = wafRules(synth);
      expect(Object.keys(rules).sort()).toEqual([...MANAGED_RULE_GROUPS, 'rate-limit-per-ip'].sort());
      for (const group of MANAGED_RULE_GROUPS) {
        expect(rules[group]).toMatchObject({
          override_action: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
        });
        expect(rules[group]?.action).toBeUndefined();
        expect(rules[group]?.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
      }
      expect(rules['rate-limit-per-ip']).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
      });
      for (const rule of Object.values(rules)) {
        expect(rule.visibility_config).toEqual({
          cloudwatch_metrics_enabled: true,
          sampled_requests_enabled: true,
          metric_name: expect.stringMatching(/^[0-9A-Za-z_-]{1,128}$/),
        });
      }
      const priorities = Object.values(rules).map((r) => r.priority as number);
      expect(new Set(priorities).size).toBe(priorities.length);
      // cheap IP rules run before the rate rule, which runs before the body-inspecting common rule set
      expect(rules.AWSManagedRulesAmazonIpReputationList?.priority).toBeLessThan(rules['rate-limit-per-ip']?.priority);
      expect(rules['rate-limit-per-ip']?.priority).toBeLessThan(rules.AWSManagedRulesCommonRuleSet?.priority);
    });

    test('associates the web ACL with the ALB', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(Wafv2WebAclAssociation, {
        resource_arn: ref('aws_lb', 'alb', 'arn'),
        web_acl_arn: ref('aws_wafv2_web_acl', 'alb', 'arn'),
      });
    });

    test('logs WAF requests to an encrypted aws-waf-logs-* group, redacting authorization and cookie headers', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(Wafv2WebAclLoggingConfiguration, {
        resource_arn: ref('aws_wafv2_web_acl', 'alb', 'arn'),
        log_destination_configs: [ref('aws_cloudwatch_log_group', 'alb_waf', 'arn')],
        redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
        depends_on: ['aws_cloudwatch_log_resource_policy.alb_waf'],
      });
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: 'aws-waf-logs-prod-us-east-1',
        retention_in_days: 365,
        kms_key_id: ref('aws_kms_key', 'alb_waf_logs', 'arn'),
        lifecycle: { prevent_destroy: true },
        tags: expect.objectContaining({ 'data-classification': 'confidential' }),
      });
      const policy = JSON.parse(resources(synth, 'aws_cloudwatch_log_resource_policy').alb_waf?.policy_document);
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-prod-us-east-1:*',
          Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
        }),
      ]);
    });

    test('creates a rotating KMS key for the WAF logs whose policy admits CloudWatch Logs for that group only', () => {
      // THEN
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      const policy = JSON.parse(resources(synth, 'aws_kms_key').alb_waf_logs?.policy);
      expect(policy.Statement).toHaveLength(2);
      expect(policy.Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' });
      expect(policy.Statement[1]).toMatchObject({
        Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        Condition: {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-prod-us-east-1' },
        },
      });
      expect(resources(synth, 'aws_kms_alias').alb_waf_logs?.name).toBe('alias/prod-us-east-1-waf-logs');
    });

    test('adds no OIDC pieces: no SSM data source, no IdP egress, forward-only rules', () => {
      // THEN
      expect(JSON.parse(synth).data).toBeUndefined();
      expect(resources(synth, 'aws_vpc_security_group_egress_rule').alb_idp_https).toBeUndefined();
      for (const rule of Object.values(resources(synth, 'aws_lb_listener_rule'))) {
        expect(rule.action).toEqual([{ type: 'forward', order: 1, target_group_arn: expect.stringMatching(/^\$\{aws_lb_target_group\./) }]);
      }
    });

    test('pins readable addresses keyed by module name', () => {
      // THEN
      const modules = Object.keys(STANDARD_MODULES).sort();
      expect(addresses(synth)).toEqual(
        [
          'aws_cloudwatch_log_group.alb_waf',
          'aws_cloudwatch_log_resource_policy.alb_waf',
          'aws_kms_alias.alb_waf_logs',
          'aws_kms_key.alb_waf_logs',
          'aws_lb.alb',
          'aws_lb_listener.alb_http',
          'aws_lb_listener.alb_https',
          ...modules.flatMap((m) => [`aws_lb_listener_rule.alb_${m}_api`, `aws_lb_listener_rule.alb_${m}_ui_01`]),
          ...modules.map((m) => `aws_lb_target_group.alb_${m}`),
          'aws_security_group.alb',
          'aws_vpc_security_group_egress_rule.alb_app_8080',
          'aws_vpc_security_group_ingress_rule.alb_http_ipv4',
          'aws_vpc_security_group_ingress_rule.alb_http_ipv6',
          'aws_vpc_security_group_ingress_rule.alb_https_ipv4',
          'aws_vpc_security_group_ingress_rule.alb_https_ipv6',
          'aws_wafv2_web_acl.alb',
          'aws_wafv2_web_acl_association.alb',
          'aws_wafv2_web_acl_logging_configuration.alb',
        ].sort(),
      );
    });

    test('synthesizes byte-identical output twice', () => {
      // WHEN / THEN
      expect(synthLb()).toBe(synth);
    });
  });

  describe('modules', () => {
    let synth: string;
    beforeAll(() => {
      // GIVEN the standard blueprint's modules
      // WHEN
      synth = synthLb();
    });

    test('gives every module an instance target group on the app port with its health check', () => {
      // THEN
      const groups = resources(synth, 'aws_lb_target_group');
      expect(Object.keys(groups).sort()).toEqual(Object.keys(STANDARD_MODULES).map((m) => `alb_${m}`).sort());
      for (const [moduleName, mod] of Object.entries(STANDARD_MODULES)) {
        expect(groups[`alb_${moduleName}`]).toMatchObject({
          name: expect.stringMatching(new RegExp(`^prod-us-east-1-${moduleName}-\\$\\{substr\\(sha1\\(join\\(`)),
          target_type: 'instance',
          protocol: 'HTTP',
          port: 8080,
          vpc_id: BASE_PROPS.vpcId,
          deregistration_delay: '30',
          health_check: {
            enabled: true,
            path: mod.healthCheckPath,
            matcher: '200',
            interval: 15,
            timeout: 5,
            healthy_threshold: 3,
            unhealthy_threshold: 3,
            port: 'traffic-port',
            protocol: 'HTTP',
          },
          lifecycle: { create_before_destroy: true },
          tags: expect.objectContaining({ module: moduleName }),
        });
      }
      expect(groups.alb_incident?.slow_start).toBe(60);
      expect(groups.alb_cmdb?.slow_start).toBe(300);
    });

    test('routes /api/<module>/* of every module to its target group from the HTTPS listener', () => {
      // THEN
      const rules = resources(synth, 'aws_lb_listener_rule');
      for (const moduleName of Object.keys(STANDARD_MODULES)) {
        expect(rules[`alb_${moduleName}_api`]).toMatchObject({
          listener_arn: ref('aws_lb_listener', 'alb_https', 'arn'),
          condition: [{ path_pattern: { values: [`/api/${moduleName}/*`] } }],
          action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group', `alb_${moduleName}`, 'arn') }],
          priority: defaultRoutingSlot(moduleName),
        });
      }
      expect(rules.alb_incident_ui_01?.condition).toEqual([{ path_pattern: { values: ['/incident/*', '/portal/*'] } }]);
      expect(rules.alb_knowledge_ui_01?.condition).toEqual([{ path_pattern: { values: ['/kb/*'] } }]);
    });

    test('gives every rule a unique priority, every API rule before every UI rule', () => {
      // THEN
      const rules = Object.entries(resources(synth, 'aws_lb_listener_rule'));
      const priorities = rules.map(([, r]) => r.priority as number);
      expect(new Set(priorities).size).toBe(priorities.length);
      const api = rules.filter(([id]) => id.endsWith('_api')).map(([, r]) => r.priority as number);
      const ui = rules.filter(([id]) => !id.endsWith('_api')).map(([, r]) => r.priority as number);
      expect(Math.max(...api)).toBeLessThan(UI_PRIORITY_BASE);
      expect(Math.min(...ui)).toBeGreaterThanOrEqual(UI_PRIORITY_BASE);
      expect(Math.max(...priorities)).toBeLessThanOrEqual(50000);
    });

    test('keeps existing priorities when a module is added', () => {
      // GIVEN the standard modules, then the same plus a new one
      const before = resources(synth, 'aws_lb_listener_rule');
      // WHEN
      const after = resources(
        synthLb({ modules: { ...STANDARD_MODULES, 'service-level': { healthCheckPath: '/api/service-level/health', uiPaths: ['/sla/*'] } } }),
        'aws_lb_listener_rule',
      );
      // THEN
      for (const [id, rule] of Object.entries(before)) expect(after[id]?.priority).toBe(rule.priority);
      expect(Object.keys(after).filter((id) => !(id in before)).sort()).toEqual(['alb_service_level_api', 'alb_service_level_ui_01']);
    });

    test('exposes target groups and priorities keyed by module', () => {
      // GIVEN
      let lb: LoadBalancer | undefined;
      // WHEN
      const synth = Testing.synthScope((scope) => {
        lb = new LoadBalancer(scope, 'alb', BASE_PROPS);
        new TerraformOutput(scope, 'incident-target-group', { value: lb.targetGroups.incident?.name });
      });
      // THEN
      expect(Object.keys(lb?.targetGroups ?? {}).sort()).toEqual(Object.keys(STANDARD_MODULES).sort());
      // The name comes from the resource (Terraform computes its tag), never a string recomputed beside it.
      expect(JSON.parse(synth).output['incident-target-group'].value).toBe('${aws_lb_target_group.alb_incident.name}');
      expect(lb?.rulePriorities.incident).toEqual({
        slot: defaultRoutingSlot('incident'),
        api: defaultRoutingSlot('incident'),
        ui: [UI_PRIORITY_BASE + (defaultRoutingSlot('incident') - 1) * 5],
      });
      expect(lb?.wafLogGroupName).toBe('aws-waf-logs-prod-us-east-1');
      expect(lb?.loadBalancerName).toBe('prod-us-east-1-alb');
    });
  });

  describe('props', () => {
    test('stickySessions turns on lb_cookie stickiness for that module only', () => {
      // GIVEN / WHEN
      const synth = synthLb();
      // THEN
      const groups = resources(synth, 'aws_lb_target_group');
      expect(groups.alb_catalog?.stickiness).toEqual({ type: 'lb_cookie', enabled: true, cookie_duration: 86400 });
      expect(groups.alb_incident?.stickiness).toMatchObject({ type: 'lb_cookie', enabled: false });
      expect(synth).toHaveResourceWithProperties(LbTargetGroup, { tags: expect.objectContaining({ Name: 'prod-us-east-1-catalog' }), stickiness: expect.objectContaining({ enabled: true }) });
    });

    test('stickinessCookieName follows the application\'s session cookie (app_cookie) for stickinessDurationSeconds', () => {
      const groups = resources(synthLb(oneModule({ stickySessions: true, stickinessCookieName: 'JSESSIONID', stickinessDurationSeconds: 3600 })), 'aws_lb_target_group');
      expect(groups.alb_incident?.stickiness).toEqual({ type: 'app_cookie', enabled: true, cookie_name: 'JSESSIONID', cookie_duration: 3600 });
      expect(makeLb(oneModule({ stickinessCookieName: 'JSESSIONID' }))).toThrow(/stickinessCookieName is set but stickySessions is false/);
      expect(makeLb(oneModule({ stickySessions: true, stickinessCookieName: 'AWSALB' }))).toThrow(/stickinessCookieName "AWSALB" is invalid/);
      expect(makeLb(oneModule({ stickySessions: true, stickinessDurationSeconds: 0 }))).toThrow(/stickinessDurationSeconds 0 is out of range/);
    });

    test('defaultModule forwards every unmatched request to that module; an unknown one is refused', () => {
      const listener = resources(synthLb({ defaultModule: 'catalog' }), 'aws_lb_listener').alb_https!;
      expect(listener.default_action).toEqual([expect.objectContaining({ type: 'forward', target_group_arn: '${aws_lb_target_group.alb_catalog.arn}' })]);
      expect(resources(synthLb(), 'aws_lb_listener').alb_https!.default_action).toEqual([expect.objectContaining({ type: 'fixed-response' })]);
      expect(makeLb({ defaultModule: 'nope' })).toThrow(/defaultModule "nope" is not one of the modules/);
    });

    test('uiPaths over 5 values are split into rules of at most 5, in order, with consecutive priorities', () => {
      // GIVEN 7 UI paths
      const uiPaths = ['/a/*', '/b/*', '/c/*', '/d/*', '/e/*', '/f/*', '/g/*'];
      // WHEN
      const rules = resources(synthLb(oneModule({ uiPaths })), 'aws_lb_listener_rule');
      // THEN
      expect(Object.keys(rules).sort()).toEqual(['alb_incident_api', 'alb_incident_ui_01', 'alb_incident_ui_02']);
      expect(rules.alb_incident_ui_01?.condition).toEqual([{ path_pattern: { values: uiPaths.slice(0, 5) } }]);
      expect(rules.alb_incident_ui_02?.condition).toEqual([{ path_pattern: { values: uiPaths.slice(5) } }]);
      expect(rules.alb_incident_ui_02?.priority).toBe((rules.alb_incident_ui_01?.priority as number) + 1);
    });

    test('oidc adds authenticate-oidc before forward, reading the client secret from SSM', () => {
      // GIVEN / WHEN
      const synth = synthLb({ oidc: OIDC });
      // THEN
      expect(synth).toHaveDataSourceWithProperties(DataAwsSsmParameter, { name: '/itsm/prod/oidc-client-secret', with_decryption: true });
      const rules = resources(synth, 'aws_lb_listener_rule');
      const expectedOidc = {
        issuer: OIDC.issuer,
        authorization_endpoint: OIDC.authorizationEndpoint,
        token_endpoint: OIDC.tokenEndpoint,
        user_info_endpoint: OIDC.userInfoEndpoint,
        client_id: 'itsm-prod',
        client_secret: '${data.aws_ssm_parameter.alb_oidc_client_secret.value}',
        scope: 'openid',
        session_timeout: 28800,
      };
      expect(rules.alb_incident_ui_01?.action).toEqual([
        { type: 'authenticate-oidc', order: 1, authenticate_oidc: { ...expectedOidc, on_unauthenticated_request: 'authenticate' } },
        { type: 'forward', order: 2, target_group_arn: ref('aws_lb_target_group', 'alb_incident', 'arn') },
      ]);
      expect(rules.alb_incident_api?.action[0]).toEqual({
        type: 'authenticate-oidc',
        order: 1,
        authenticate_oidc: { ...expectedOidc, on_unauthenticated_request: 'deny' },
      });
      for (const rule of Object.values(rules)) expect(rule.action.map((a: Json) => a.type)).toEqual(['authenticate-oidc', 'forward']);
      // the ALB must reach the IdP's token endpoint
      expect(resources(synth, 'aws_vpc_security_group_egress_rule').alb_idp_https).toMatchObject({
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
        description: expect.stringMatching(/identity provider/),
      });
      expect(synth).not.toMatch(/"client_secret":\s*"(?!\$\{data\.aws_ssm_parameter)/);
    });

    test('oidc scope and session timeout are configurable', () => {
      // GIVEN / WHEN
      const rules = resources(synthLb({ ...oneModule({}), oidc: { ...OIDC, scope: 'openid email', sessionTimeoutSeconds: 3600 } }), 'aws_lb_listener_rule');
      // THEN
      expect(rules.alb_incident_api?.action[0].authenticate_oidc).toMatchObject({ scope: 'openid email', session_timeout: 3600 });
    });

    test('waf.rateLimitPer5Minutes sets the rate rule limit', () => {
      // GIVEN / WHEN
      const rules = wafRules(synthLb({ waf: { rateLimitPer5Minutes: 500 } }));
      // THEN
      expect(rules['rate-limit-per-ip']?.statement.rate_based_statement).toEqual({ limit: 500, aggregate_key_type: 'IP', evaluation_window_sec: 300 });
    });

    test('waf.kmsKeyArn and logRetentionDays use the given key and retention and create no key', () => {
      // GIVEN
      const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/11112222-3333-4444-5555-666677778888';
      // WHEN
      const synth = synthLb({ waf: { kmsKeyArn, logRetentionDays: 90 } });
      // THEN
      expect(resources(synth, 'aws_cloudwatch_log_group').alb_waf).toMatchObject({ kms_key_id: kmsKeyArn, retention_in_days: 90 });
      expect(resources(synth, 'aws_kms_key')).toEqual({});
      expect(resources(synth, 'aws_kms_alias')).toEqual({});
    });

    test('waf.countOnlyRules overrides the named rules of a managed group to count', () => {
      // GIVEN / WHEN
      const rules = wafRules(
        synthLb({ waf: { countOnlyRules: { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'], AWSManagedRulesAnonymousIpList: ['HostingProviderIPList'] } } }),
      );
      // THEN
      expect(rules.AWSManagedRulesCommonRuleSet?.statement.managed_rule_group_statement.rule_action_override).toEqual([
        { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
      ]);
      expect(rules.AWSManagedRulesAnonymousIpList?.statement.managed_rule_group_statement.rule_action_override).toEqual([
        { name: 'HostingProviderIPList', action_to_use: { count: {} } },
      ]);
      expect(rules.AWSManagedRulesKnownBadInputsRuleSet?.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
      expect(rules.AWSManagedRulesCommonRuleSet?.override_action).toEqual({ none: {} });
    });

    test('deletionProtection, idleTimeoutSeconds, desyncMitigationMode and sslPolicy are passed through', () => {
      // GIVEN / WHEN
      const synth = synthLb({
        deletionProtection: false,
        idleTimeoutSeconds: 120,
        desyncMitigationMode: 'defensive',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
      });
      // THEN
      expect(synth).toHaveResourceWithProperties(Lb, { enable_deletion_protection: false, idle_timeout: 120, desync_mitigation_mode: 'defensive' });
      expect(resources(synth, 'aws_lb_listener').alb_https?.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
    });

    test('module settings reach the target group; appPort moves the name and the egress rule', () => {
      // GIVEN / WHEN
      const synth = synthLb(
        oneModule({
          healthCheckMatcher: '200-299',
          healthCheckIntervalSeconds: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 4,
          deregistrationDelaySeconds: 120,
          slowStartSeconds: 0,
          appPort: 9443,
        }),
      );
      // THEN
      const incident = resources(synth, 'aws_lb_target_group').alb_incident;
      const name9443 = plannedTargetGroupName(incident?.name);
      const name8080 = plannedTargetGroupName(resources(synthLb(oneModule({})), 'aws_lb_target_group').alb_incident?.name);
      expect(name9443).toMatch(/^prod-us-east-1-incident-[0-9a-f]{4}$/);
      expect(name9443).not.toBe(name8080);
      expect(incident).toMatchObject({
        port: 9443,
        deregistration_delay: '120',
        slow_start: 0,
        health_check: { matcher: '200-299', interval: 5, timeout: 4, healthy_threshold: 2, unhealthy_threshold: 4 },
      });
      expect(Object.keys(resources(synth, 'aws_vpc_security_group_egress_rule'))).toEqual(['alb_app_9443']);
    });

    test('routingSlot pins a module to the given priorities', () => {
      // GIVEN / WHEN
      const rules = resources(synthLb(oneModule({ routingSlot: 7, uiPaths: ['/incident/*'] })), 'aws_lb_listener_rule');
      // THEN
      expect(rules.alb_incident_api?.priority).toBe(7);
      expect(rules.alb_incident_ui_01?.priority).toBe(UI_PRIORITY_BASE + 6 * 5);
    });

    test('a target group name changes with every argument whose change replaces the group (create_before_destroy never collides)', () => {
      // GIVEN the incident target group in one VPC, then in a replacement VPC
      const inVpc = (vpcId: string) => resources(synthLb({ ...oneModule({}), vpcId }), 'aws_lb_target_group').alb_incident;
      // WHEN / THEN the planned name differs, and the group is created before the old one is destroyed
      const first = inVpc('vpc-0123456789abcdef0');
      expect(plannedTargetGroupName(first?.name)).not.toBe(plannedTargetGroupName(inVpc('vpc-0fedcba9876543210')?.name));
      expect(first?.lifecycle).toEqual({ create_before_destroy: true });
      // the tag hashes exactly the replacement-forcing arguments
      expect(first?.name).toBe('prod-us-east-1-incident-${substr(sha1(join(":", ["8080", "HTTP", "HTTP1", "instance", "vpc-0123456789abcdef0"])), 0, 4)}');
    });

    test('long names are shortened to 32 characters with a stable checksum', () => {
      // GIVEN a 27-character name and a long module name
      const name = 'staging-ap-southeast-2-blue';
      // WHEN
      const synth = synthLb({ name, ...oneModule({}, 'service-catalog') });
      // THEN
      const lbName = resources(synth, 'aws_lb').alb?.name as string;
      const tgName = plannedTargetGroupName(resources(synth, 'aws_lb_target_group').alb_service_catalog?.name);
      expect(lbName).toBe('staging-ap-southeast-2-blue-alb');
      // <27-character head: 22 + '-' + checksum>-<replacement tag>
      expect(tgName).toHaveLength(32);
      expect(tgName).toMatch(/^staging-ap-southeast-2-[a-z0-9]{4}-[0-9a-f]{4}$/);
      expect(tgName.slice(0, 27)).toBe(boundedName(27, name, 'service-catalog'));
      expect(boundedName(27, name, 'service-desk')).not.toBe(tgName.slice(0, 27));
    });

    test('tags reach every taggable resource', () => {
      // GIVEN / WHEN
      const synth = synthLb({ ...oneModule({}), tags: { owner: 'itsm-team' }, dataClassification: 'internal' });
      // THEN
      for (const type of ['aws_lb', 'aws_lb_target_group', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_security_group', 'aws_wafv2_web_acl', 'aws_kms_key']) {
        for (const resource of Object.values(resources(synth, type))) expect(resource.tags).toMatchObject({ owner: 'itsm-team' });
      }
      expect(resources(synth, 'aws_cloudwatch_log_group').alb_waf?.tags).toMatchObject({ owner: 'itsm-team', 'data-classification': 'internal' });
    });
  });

  describe('validation', () => {
    test.each([
      ['undefined', undefined],
      ['empty', ''],
    ])('throws when the certificate is %s', (_label, certificateArn) => {
      // GIVEN / WHEN / THEN
      expect(makeLb({ certificateArn: certificateArn as unknown as string })).toThrow(/alb: HTTPS listener needs a certificate.*ACM certificate in us-east-1/);
    });

    test('throws when the certificate is from another region or not a certificate', () => {
      expect(makeLb({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toThrow(/region eu-west-1, but the ALB is in us-east-1/);
      expect(makeLb({ certificateArn: 'my-cert' })).toThrow(/certificateArn "my-cert" is not a certificate ARN/);
    });

    test('throws with fewer than 2 public subnets', () => {
      expect(makeLb({ publicSubnetIds: ['subnet-0123456789abcdef0'] })).toThrow(/publicSubnetIds has 1 entries.*at least 2 AZs/);
      expect(makeLb({ publicSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef0'] })).toThrow(/lists "subnet-0123456789abcdef0" twice/);
    });

    test.each(['Incident', 'service_catalog', 'a', '9lives', 'ends-'])('throws for the invalid module name %s', (moduleName) => {
      expect(makeLb({ modules: { [moduleName]: { healthCheckPath: '/health' } } })).toThrow(
        new RegExp(`module name "${moduleName}" is invalid; module names must be lower-case kebab-case`),
      );
    });

    test.each(['health', '', '/with space', undefined])('throws for the bad health check path %p', (healthCheckPath) => {
      expect(makeLb(oneModule({ healthCheckPath: healthCheckPath as unknown as string }))).toThrow(
        /modules\["incident"\]\.healthCheckPath .* is invalid; it must be an absolute URL path/,
      );
    });

    test('throws for a bad health check matcher or out-of-range numbers', () => {
      expect(makeLb(oneModule({ healthCheckMatcher: '500' }))).toThrow(/healthCheckMatcher "500" is invalid/);
      expect(makeLb(oneModule({ healthCheckMatcher: 'OK' }))).toThrow(/healthCheckMatcher "OK" is invalid/);
      expect(makeLb(oneModule({ healthCheckIntervalSeconds: 1 }))).toThrow(/healthCheckIntervalSeconds 1 is out of range.*5 to 300/);
      expect(makeLb(oneModule({ healthyThreshold: 11 }))).toThrow(/healthyThreshold 11 is out of range/);
      expect(makeLb(oneModule({ slowStartSeconds: 10 }))).toThrow(/slowStartSeconds 10 is invalid; use 0 \(off\) or whole seconds from 30 to 900/);
      expect(makeLb(oneModule({ appPort: 70000 }))).toThrow(/appPort 70000 is out of range/);
      expect(makeLb(oneModule({ routingSlot: 8001 }))).toThrow(/routingSlot 8001 is out of range/);
    });

    test('throws when an oidc endpoint is not https', () => {
      expect(makeLb({ oidc: { ...OIDC, issuer: 'http://login.example.com' } })).toThrow(/oidc\.issuer "http:\/\/login\.example\.com" is not an https:\/\/ URL/);
      expect(makeLb({ oidc: { ...OIDC, tokenEndpoint: 'login.example.com/token' } })).toThrow(/oidc\.tokenEndpoint .* is not an https:\/\/ URL/);
    });

    test('throws when a client secret literal is passed to oidc', () => {
      const oidc = { ...OIDC, clientSecret: 'hunter2' };
      expect(makeLb({ oidc })).toThrow(/oidc\.clientSecret must not be passed: secrets never go into props/);
    });

    test('throws when two modules hash to the same routing slot, naming a free one', () => {
      // GIVEN two names known to collide in the 8000-slot space
      expect(defaultRoutingSlot('module-92')).toBe(defaultRoutingSlot('module-250'));
      // WHEN / THEN
      const modules = { 'module-92': { healthCheckPath: '/h' }, 'module-250': { healthCheckPath: '/h' } };
      expect(makeLb({ modules })).toThrow(/modules "module-250" and "module-92" both get routing slot 1532.*routingSlot = 1533/);
      expect(makeLb({ modules: { ...modules, 'module-92': { healthCheckPath: '/h', routingSlot: 1533 } } })).not.toThrow();
    });

    test('throws for UI paths under /api/, routed twice, invalid, or too many', () => {
      expect(makeLb(oneModule({ uiPaths: ['/api/*'] }))).toThrow(/uiPaths entry "\/api\/\*" is under \/api\//);
      expect(
        makeLb({
          modules: { incident: { healthCheckPath: '/h', uiPaths: ['/portal/*'] }, catalog: { healthCheckPath: '/h', uiPaths: ['/portal/*'] } },
        }),
      ).toThrow(/"\/portal\/\*" is routed to module "incident" already/);
      expect(makeLb(oneModule({ uiPaths: ['portal/*'] }))).toThrow(/uiPaths entry "portal\/\*" must start with "\/"/);
      expect(makeLb(oneModule({ uiPaths: Array.from({ length: 26 }, (_, i) => `/p${i}/*`) }))).toThrow(/uiPaths has 26 patterns; at most 25/);
    });

    test('throws for invalid names, access logs and WAF settings', () => {
      expect(makeLb({ name: 'Prod_US' })).toThrow(/name "Prod_US" is invalid/);
      expect(makeLb({ modules: {} })).toThrow(/modules is empty/);
      expect(makeLb({ accessLogs: { bucketName: 'logs', prefix: '/alb' } })).toThrow(/accessLogs\.prefix "\/alb" is invalid/);
      expect(makeLb({ accessLogs: { bucketName: 'Logs_Bucket', prefix: 'alb' } })).toThrow(/accessLogs\.bucketName "Logs_Bucket"/);
      expect(makeLb({ waf: { rateLimitPer5Minutes: 5 } })).toThrow(/waf\.rateLimitPer5Minutes 5 is out of range; AWS WAF allows whole numbers from 10/);
      expect(makeLb({ waf: { logRetentionDays: 42 } })).toThrow(/waf\.logRetentionDays 42 is not accepted/);
      expect(makeLb({ waf: { kmsKeyArn: 'alias/logs' } })).toThrow(/waf\.kmsKeyArn "alias\/logs" is not a KMS key ARN/);
      expect(makeLb({ waf: { countOnlyRules: { NotAGroup: ['X'] } as never } })).toThrow(/waf\.countOnlyRules has group "NotAGroup"/);
      expect(makeLb({ idleTimeoutSeconds: 0 })).toThrow(/idleTimeoutSeconds 0 is out of range/);
      expect(makeLb({ desyncMitigationMode: 'off' as never })).toThrow(/desyncMitigationMode "off" is invalid/);
      expect(makeLb({ sslPolicy: 'TLS13' })).toThrow(/sslPolicy "TLS13" is not an ELB security policy name/);
      expect(makeLb({ vpcCidrBlock: '10.0.0.0' })).toThrow(/vpcCidrBlock is invalid: "10\.0\.0\.0" is not a valid IPv4 CIDR/);
    });

    test('reports every problem at once, in the order of the props, ending in one period', () => {
      // GIVEN props with five unrelated problems
      let message = '';
      try {
        synthLb({ name: 'Prod_US', idleTimeoutSeconds: 0, sslPolicy: 'TLS13', waf: { logRetentionDays: 42 }, ...oneModule({ healthCheckPath: 'health' }) });
      } catch (e) {
        message = (e as Error).message;
      }
      // THEN one error names all of them, in the order of the props
      const starts = ['name "Prod_US"', 'sslPolicy "TLS13"', 'idleTimeoutSeconds 0', 'modules["incident"].healthCheckPath "health"', 'waf.logRetentionDays 42'].map((p) => message.indexOf(`; ${p}`));
      expect(message).toMatch(/^LoadBalancer [^:]+: name "Prod_US" is invalid/);
      // (the name comes first, so only the others follow a "; ")
      expect(starts.slice(1).every((at, i) => at > (starts[i] ?? -1))).toBe(true);
      expect(message).toMatch(/use one of 1, 3,.+\d\.$/);
      // AND an invalid name does not repeat itself as invalid derived names
      expect(message).not.toMatch(/derived load balancer/);
    });
  });

  describe('helpers', () => {
    test('fnv1a32 matches the reference FNV-1a vectors', () => {
      expect(fnv1a32('')).toBe(0x811c9dc5);
      expect(fnv1a32('a')).toBe(0xe40c292c);
      expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    });

    test('boundedName keeps short names and shortens long ones deterministically', () => {
      expect(boundedName(32, 'prod-us-east-1', 'incident', 8080)).toBe('prod-us-east-1-incident-8080');
      const long = boundedName(32, 'staging-ap-southeast-2', 'service-catalog', 8080);
      expect(long).toHaveLength(32);
      expect(long).toBe('staging-ap-southeast-2-serv-jakd');
      expect(boundedName(32, 'staging-ap-southeast-2', 'service-catalog', 8080)).toBe(long);
    });

    test('chunk splits into groups of at most n', () => {
      expect(chunk([1, 2, 3, 4, 5, 6, 7], 5)).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
      expect(chunk([], 5)).toEqual([]);
    });
  });
});
