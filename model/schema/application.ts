import { z } from 'zod';

/**
 * The application contract of a blueprint: what runs on the fleets and how the load balancer treats it.
 * Documented in docs/application-contract.md. Cross-field checks that need the rest of the blueprint
 * (architecture against instance types) or other files (the user-data template) are in model/application-checks.ts.
 */

/** CPU architecture of a machine image, as EC2 names it. */
export const Architecture = z.enum(['x86_64', 'arm64']).describe('CPU architecture of the image: x86_64, or arm64 for Graviton instance types.');
export type Architecture = z.infer<typeof Architecture>;

const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SSM_PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;

export const MachineImage = z
  .strictObject({
    amiId: z.string().regex(AMI_ID, { error: 'must be an AMI id such as "ami-0123456789abcdef0"' }).optional().describe('A fixed AMI id of the region(s); give exactly one of amiId, ssmParameter, nameFilter.'),
    ssmParameter: z
      .string()
      .regex(SSM_PARAMETER_NAME, { error: 'must be an SSM parameter name starting with "/", e.g. "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"' })
      .optional()
      .describe('An SSM parameter holding the AMI id: a public one (Amazon Linux 2023, Bottlerocket) or your image pipeline\'s output; Terraform resolves it per region.'),
    nameFilter: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('An AMI name pattern (wildcards allowed, e.g. "itsm-app-*"); the newest matching image of the owners is used.'),
    owners: z
      .array(z.string().regex(/^(\d{12}|self|amazon|aws-marketplace)$/, { error: 'must be a 12-digit account id, "self", "amazon" or "aws-marketplace"' }))
      .min(1)
      .optional()
      .describe('Owners searched with nameFilter (required with it, refused otherwise).'),
    architecture: Architecture,
  })
  .superRefine((image, ctx) => {
    const sources = (['amiId', 'ssmParameter', 'nameFilter'] as const).filter((key) => image[key] !== undefined);
    if (sources.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: sources.length === 0 ? [] : [sources[1]!],
        message: `give exactly one of amiId, ssmParameter or nameFilter (got ${sources.length === 0 ? 'none' : sources.join(' and ')})`,
      });
    }
    if (image.nameFilter !== undefined && image.owners === undefined) {
      ctx.addIssue({ code: 'custom', path: ['nameFilter'], message: 'nameFilter needs owners (e.g. owners: [self] or the account id of your image pipeline)' });
    }
    if (image.nameFilter === undefined && image.owners !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['owners'], message: 'owners applies only with nameFilter (remove it)' });
    }
  })
  .describe('The machine image the fleets boot, and its CPU architecture.');
export type MachineImage = z.infer<typeof MachineImage>;

export const Stickiness = z
  .strictObject({
    type: z.enum(['none', 'lb_cookie', 'app_cookie']).describe('none; lb_cookie (the load balancer\'s own cookie); app_cookie (follow the application\'s session cookie).'),
    cookieName: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,255}$/, { error: 'must be a cookie name such as "JSESSIONID"' })
      .refine((name) => !/^(AWSALB|AWSALBAPP|AWSALBTG)/i.test(name), { error: 'must not start with AWSALB, AWSALBAPP or AWSALBTG (reserved by the load balancer)' })
      .optional()
      .describe('The application\'s session cookie (app_cookie only), e.g. "JSESSIONID".'),
    durationSeconds: z.number().int().min(1).max(604800).default(86400).describe('How long a client stays with one instance (1 s to 7 days).'),
  })
  .superRefine((s, ctx) => {
    if (s.type === 'app_cookie' && s.cookieName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['cookieName'], message: 'app_cookie needs cookieName (the session cookie your application sets, e.g. "JSESSIONID")' });
    }
    if (s.type !== 'app_cookie' && s.cookieName !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cookieName'], message: `cookieName applies only to type app_cookie (remove it, or set type: app_cookie)` });
    }
  })
  .describe('Session stickiness at the load balancer.');
export type Stickiness = z.infer<typeof Stickiness>;

const UserDataPath = z
  .string()
  .regex(/^(?![/\\])(?!.*\\)[^\0]{1,255}$/, { error: 'must be a file path relative to the blueprint, e.g. "user-data/itsm-standard.sh"' });

const Port = z.number().int().min(1).max(65535);
const StartupSeconds = z.number().int().min(0).max(3600);
const DeregistrationDelaySeconds = z.number().int().min(0).max(3600);

/** Bounds of `singletonLease.leaseSeconds`: renewed every third of it, so at least every 2 s and at most every 5 min. */
export const LEASE_SECONDS_MIN = 6;
export const LEASE_SECONDS_MAX = 900;
export const LEASE_SECONDS_DEFAULT = 30;

/**
 * The application holds a lease for each singleton part (docs/application-contract.md, "Singleton parts under a
 * lease"): every instance of the fleet that serves the part's module runs it, and only the lease holder works.
 */
export const SingletonLease = z
  .strictObject({
    leaseSeconds: z
      .number()
      .int()
      .min(LEASE_SECONDS_MIN)
      .max(LEASE_SECONDS_MAX)
      .default(LEASE_SECONDS_DEFAULT)
      .describe(
        `Seconds a lease lasts unless renewed (${LEASE_SECONDS_MIN}-${LEASE_SECONDS_MAX}); the holder renews it every leaseSeconds/3. A dead holder's part works again after leaseSeconds plus one renewal interval. Default ${LEASE_SECONDS_DEFAULT}.`,
      ),
  })
  .describe(
    "The application takes a lease per singleton part in the module's own database (a row with an expiry and a version, or an advisory lock on a session with keepalives) and fences its work with it. Then each singleton part runs on every instance of the fleet that serves its module and only the holder works: no one-instance group, warm spare or launch hook of its own. See docs/application-contract.md.",
  );
export type SingletonLease = z.infer<typeof SingletonLease>;

/** The blueprint-wide contract; every module gets it unless its own `application` overrides a field. */
export const ApplicationContract = z
  .strictObject({
    image: MachineImage,
    userData: UserDataPath.describe(
      'Cloud-init or shell script, relative to the blueprint file, rendered with {{module}}, {{modules}}, {{role}}, {{environment}}, {{region}}, {{configPath}}, {{configRoot}}, {{port}}, {{logGroup}}, {{singletonParts}} and {{singletonLeaseSeconds}}; at most 16 KB after base64.',
    ),
    port: Port.default(8080).describe('Port the application listens on (plain HTTP inside the VPC, behind the HTTPS load balancer).'),
    startupSeconds: StartupSeconds.default(300).describe(
      'Seconds from launch until an instance serves: the default health-check grace period, the instance warm-up of scaling and instance refresh.',
    ),
    warmStartSeconds: StartupSeconds.optional().describe(
      "Seconds from starting a stopped, pre-initialised instance (a production singleton's warm spare: user data already run) until it serves; measure it on your image. Default: startupSeconds (no credit for the warm spare until measured).",
    ),
    deregistrationDelaySeconds: DeregistrationDelaySeconds.default(30).describe('Seconds in-flight requests may finish on an instance leaving the load balancer.'),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe('Load balancer idle timeout (one value for the whole load balancer), 1-4000 s.'),
    stickiness: Stickiness.default({ type: 'none', durationSeconds: 86400 }),
    defaultModule: z
      .string()
      .optional()
      .describe('The module that serves every path no other rule matches (a product that is one web application, e.g. Jira or Zammad); default: unmatched paths get a 404.'),
    singletonLease: SingletonLease.optional().describe(
      "The application holds a lease per singleton part, so the parts run on the fleet that serves their module (only the holder works); default: no lease, each part runs in a one-instance group of its own. See docs/application-contract.md.",
    ),
  })
  .describe('What runs on the fleets: image, user data, port, start-up time, load balancer behaviour. See docs/application-contract.md.');
export type ApplicationContract = z.infer<typeof ApplicationContract>;

/** Per-module overrides of the contract (the load balancer's idle timeout is one per load balancer, so not here). */
export const ModuleApplication = z
  .strictObject({
    image: MachineImage.optional(),
    userData: UserDataPath.optional().describe('This module\'s own user-data file (relative to the blueprint).'),
    port: Port.optional(),
    startupSeconds: StartupSeconds.optional(),
    warmStartSeconds: StartupSeconds.optional(),
    deregistrationDelaySeconds: DeregistrationDelaySeconds.optional(),
    stickiness: Stickiness.optional(),
    singletonLease: z
      .literal(false)
      .optional()
      .describe("false: this module's singleton parts keep one-instance groups of their own although the blueprint's application holds leases (application.singletonLease); default: the blueprint's choice."),
  })
  .describe('Overrides of the blueprint\'s application contract for this module.');
export type ModuleApplication = z.infer<typeof ModuleApplication>;
