/** The LoadBalancer's props with every default applied: what its validation and its resources read. */
import { DesyncMitigationMode, LoadBalancerModule, LoadBalancerProps } from './props';
import { defaultRoutingSlot } from './routing';

/** Default stickiness cookie lifetime (the ALB's default, one day). */
const STICKINESS_COOKIE_SECONDS = 86400;

/** A module with its defaults filled in. */
export type ResolvedModule = Required<Omit<LoadBalancerModule, 'routingSlot' | 'stickinessCookieName'>> & Pick<LoadBalancerModule, 'routingSlot' | 'stickinessCookieName'>;

/** The WAF options with their defaults filled in. */
export interface ResolvedWafOptions {
  readonly rateLimitPer5Minutes: number;
  readonly logRetentionDays: number;
  readonly kmsKeyArn: string | undefined;
  readonly countOnlyRules: Readonly<Partial<Record<string, readonly string[]>>>;
}

/** The load balancer's settings with their defaults filled in. */
export interface LoadBalancerSettings {
  readonly sslPolicy: string;
  readonly deletionProtection: boolean;
  readonly idleTimeoutSeconds: number;
  readonly desyncMitigationMode: DesyncMitigationMode;
  readonly dataClassification: string;
  readonly waf: ResolvedWafOptions;
  /** Module names, sorted: the order of target groups, rules and egress rules. */
  readonly moduleNames: readonly string[];
  readonly modules: Readonly<Record<string, ResolvedModule>>;
}

/** Every setting of `props` with its default applied. */
export function resolveLoadBalancerSettings(props: LoadBalancerProps): LoadBalancerSettings {
  const moduleNames = Object.keys(props.modules).sort();
  return {
    sslPolicy: props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    deletionProtection: props.deletionProtection ?? true,
    idleTimeoutSeconds: props.idleTimeoutSeconds ?? 60,
    desyncMitigationMode: props.desyncMitigationMode ?? 'strictest',
    dataClassification: props.dataClassification ?? 'confidential',
    waf: {
      rateLimitPer5Minutes: props.waf?.rateLimitPer5Minutes ?? 2000,
      logRetentionDays: props.waf?.logRetentionDays ?? 365,
      kmsKeyArn: props.waf?.kmsKeyArn,
      countOnlyRules: props.waf?.countOnlyRules ?? {},
    },
    moduleNames,
    modules: Object.fromEntries(moduleNames.map((m) => [m, resolveModule(props.modules[m] ?? ({} as LoadBalancerModule))])),
  };
}

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

/** A module's routing slot: its `routingSlot`, or the default that follows from its name. */
export function routingSlotOf(moduleName: string, mod: ResolvedModule | undefined): number {
  return mod?.routingSlot ?? defaultRoutingSlot(moduleName);
}
