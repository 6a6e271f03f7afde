import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { mergeTags, TAG_KEYS, Tags } from '../constructs/core';

/** What every stack of an environment shares: where its state lives and how it is tagged. */
export interface EnvironmentStackProps {
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Region whose provider the stack uses and whose state bucket holds its state. */
  readonly region: string;
  /** AWS account the stack deploys to; the provider refuses any other. */
  readonly accountId: string;
  /**
   * Region whose state bucket holds this stack's state.
   * @default - the stack's `region`
   */
  readonly stateRegion?: string;
  /** State bucket name prefix; the bucket is `<prefix>-<region>`, so a region's state lives in that region. */
  readonly stateBucketPrefix: string;
  /** Key prefix inside the state bucket. */
  readonly stateKeyPrefix: string;
  /** Tags of the tagging policy, applied as the provider's default_tags. */
  readonly tags: Tags;
}

/**
 * Terraform and OpenTofu versions the synthesized JSON needs: write-only arguments (`master_password_wo`,
 * `secret_string_wo`) arrived in Terraform 1.11 and OpenTofu 1.11 (ephemeral resources in Terraform 1.10 and
 * OpenTofu 1.11); S3 lock files (`use_lockfile`) in 1.10 of both.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11';

/** The AWS provider major line that @cdktf/provider-aws 21.x wraps. */
export const AWS_PROVIDER_CONSTRAINT = '~> 6.25';

/**
 * A stack of one environment: an AWS provider pinned to the account and region with the tagging
 * policy as default tags, an S3 backend with native lock files, and version constraints that
 * Terraform and OpenTofu (>= 1.11) both resolve to the same provider.
 */
export class EnvironmentStack extends TerraformStack {
  public readonly provider: AwsProvider;
  public readonly environment: string;
  public readonly region: string;
  public readonly accountId: string;
  public readonly tags: Tags;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    this.environment = props.environment;
    this.region = props.region;
    this.accountId = props.accountId;
    this.tags = mergeTags(props.tags, { [TAG_KEYS.environment]: props.environment });

    this.provider = new AwsProvider(this, 'aws', {
      region: props.region,
      allowedAccountIds: [props.accountId],
      defaultTags: [{ tags: this.tags }],
    });

    const stateRegion = props.stateRegion ?? props.region;
    const backend = new S3Backend(this, {
      bucket: `${props.stateBucketPrefix}-${stateRegion}`,
      key: `${props.stateKeyPrefix}/${props.environment}/${id}.tfstate`,
      region: stateRegion,
      encrypt: true,
    });
    // cdktf 0.21's S3Backend has no typed use_lockfile; S3 native locking needs Terraform/OpenTofu >= 1.10.
    backend.addOverride('use_lockfile', true);

    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    // Fully qualified so OpenTofu resolves hashicorp/aws from its own registry, and not pinned to
    // one patch release so a provider fix doesn't need a toolkit release.
    this.addOverride('terraform.required_providers.aws.source', 'hashicorp/aws');
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
  }

  /**
   * cdktf's preparation resolves every element of the stack once more, only to discover
   * cross-stack references and wire them through remote state. This toolkit forbids those (each
   * region plans and applies alone; cross-region names are derived), so the pass is skipped: it
   * was a fifth of synthesis time. test/stacks checks that every reference in every stack's JSON
   * points inside that stack. The backend is always declared, so there is nothing else to prepare.
   */
  public override prepareStack(): void {
    this.ensureBackendExists();
  }
}
