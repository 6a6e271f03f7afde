/** Small Terraform JSON stacks for rule tests, in the shape cdktf synthesizes (snake_case, `${type.name.attr}` references). */

export type Body = Record<string, unknown>;

/** The tagging policy as the stacks' provider default_tags carry it. */
export const POLICY_TAGS: Readonly<Record<string, string>> = {
  blueprint: 'itsm-standard',
  'cost-center': 'CC-2001',
  'data-classification': 'confidential',
  environment: 'prod',
  owner: 'platform-team',
  scenario: 'moderate',
};

export interface StackOptions {
  /** Provider default_tags; `null` for a provider without them. @default POLICY_TAGS */
  readonly defaultTags?: Readonly<Record<string, string>> | null;
}

/** A stack JSON from resources keyed by address (`aws_s3_bucket.data`), each with cdktf's `"//"` metadata. */
export function stackJson(resources: Readonly<Record<string, Body>>, options: StackOptions = {}): object {
  const resource: Record<string, Record<string, Body>> = {};
  for (const [address, body] of Object.entries(resources)) {
    const [type, name] = address.split('.') as [string, string];
    resource[type] ??= {};
    resource[type][name] = { '//': { metadata: { path: `stack/${name}`, uniqueId: name } }, ...body };
  }
  const tags = options.defaultTags === undefined ? POLICY_TAGS : options.defaultTags;
  return {
    provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['333333333333'], ...(tags ? { default_tags: [{ tags }] } : {}) }] },
    resource,
  };
}

/** A policy document as constructs render it (JSON.stringify). */
export function policy(...statements: Body[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
