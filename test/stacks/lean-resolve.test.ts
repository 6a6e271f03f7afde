/**
 * The cheaper resolution of stacks/lean-resolve.ts gives cdktf's own result: for every default
 * stack, and for generated values mixing plain data with tokens of every kind.
 */
import { App, Fn, Lazy, TerraformStack, Testing, Token } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdktfTokens from 'cdktf/lib/_tokens';
import fc from 'fast-check';
import { buildStacks } from '../../stacks/build';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { leanResolver } from '../../stacks/lean-resolve';
import { repoProject } from './helpers';

// Taken once, before any test patches the module's `resolve`.
const cdktfResolve = cdktfTokens.resolve;

jest.setTimeout(120_000);
fc.configureGlobal({ seed: 20261122, numRuns: 300 });

/** cdktf's own document for a stack: TerraformStack.toTerraform with its two full passes. */
function cdktfDocument(stack: TerraformStack): unknown {
  return TerraformStack.prototype.toTerraform.call(stack);
}

describe('every default stack', () => {
  const built = buildStacks(Testing.app() as App, repoProject());
  const stacks = built.flatMap((env) => [...env.regional, env.global]);

  it('covers all thirteen stacks (their names are checked in stacks.test.ts and cli.test.ts)', () => {
    expect(stacks).toHaveLength(13);
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))('%s: the document is the one cdktf resolves itself', (_name, stack) => {
    expect(stack.toTerraform()).toStrictEqual(cdktfDocument(stack));
  });
});

describe('a stack override holding a token', () => {
  it('is resolved, as cdktf does', () => {
    const app = Testing.app();
    const stack = new EnvironmentStack(app, 'override', {
      environment: 'test',
      region: 'eu-west-1',
      accountId: '123456789012',
      stateBucketPrefix: 'state',
      stateKeyPrefix: 'itsm',
      tags: { owner: 'platform' },
    });
    const bucket = new S3Bucket(stack, 'bucket', { bucket: 'b' });
    stack.addOverride('locals.bucket_arn', bucket.arn);
    stack.addOverride('terraform.required_version', Lazy.stringValue({ produce: () => '>= 1.11' }));
    const document = stack.toTerraform() as { locals: { bucket_arn: string }; terraform: { required_version: string } };
    expect(document.locals.bucket_arn).toBe('${aws_s3_bucket.bucket.arn}');
    expect(document.terraform.required_version).toBe('>= 1.11');
    expect(document).toStrictEqual(cdktfDocument(stack));
  });
});

describe('the resolver, on generated values', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'values');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const bucket = new S3Bucket(stack, 'bucket', { bucket: 'b' });
  const lean = leanResolver(cdktfResolve);

  /** Every kind of token cdktf encodes, and plain values that look like tokens or token doubles. */
  const token = fc.constantFrom<() => unknown>(
    () => bucket.arn,
    () => `arn:${bucket.arn}/*`,
    () => Token.asString(Lazy.stringValue({ produce: () => 'lazy' })),
    () => Token.asNumber(Lazy.numberValue({ produce: () => 42 })),
    () => `port:${Token.asNumber(Lazy.numberValue({ produce: () => 8080 }))}`,
    () => Token.asList(Lazy.listValue({ produce: () => ['a', 'b'] })),
    () => Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })),
    () => Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: 'v' }) })),
    () => Token.asAny(Lazy.anyValue({ produce: () => ({ nested: [bucket.id] }) })),
    () => Lazy.anyValue({ produce: () => [bucket.bucketDomainName, 7] }),
    () => Fn.join('-', [bucket.id, 'x']),
    () => bucket.versioning.enabled,
  );
  const plainLookalike = fc.constantFrom<unknown>(
    '${var.literal}',
    '$${escaped}',
    'TfToken',
    '1e+300',
    '-1.8881545897087626e+289',
    'e+',
    Token.STRING_MAP_TOKEN_VALUE,
    1e300,
    -8.109562212591379e298,
    Token.NUMBER_MAP_TOKEN_VALUE,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    0,
    -0,
    undefined,
    null,
    true,
  );
  const leaf = fc.oneof(
    { arbitrary: fc.string(), weight: 3 },
    { arbitrary: fc.double(), weight: 2 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: plainLookalike, weight: 3 },
    { arbitrary: token.map((make) => ({ make })), weight: 3 },
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('tree'), { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('e+1', 'TfToken[x]', '//')), tie('tree'), { maxKeys: 4 }),
  }));

  /** Tokens are made fresh for each run, so both resolvers see the same token objects. */
  function materialize(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(materialize);
    if (typeof value === 'object' && value !== null) {
      if ('make' in value && typeof (value as { make: unknown }).make === 'function') return (value as { make: () => unknown }).make();
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v)]));
    }
    return value;
  }

  function outcome(run: () => unknown): { value?: unknown; error?: string } {
    try {
      return { value: run() };
    } catch (error) {
      return { error: (error as Error).message.split('\n')[0] };
    }
  }

  it('agrees with cdktf on values and on errors', () => {
    fc.assert(
      fc.property(tree, (generated) => {
        const value = materialize(generated);
        const expected = outcome(() => cdktfResolve(stack, value));
        const actual = outcome(() => lean(stack, value));
        if (expected.error !== undefined) expect(actual.error).toBeDefined();
        else expect(actual).toStrictEqual(expected);
      }),
    );
  });

  it('refuses a function as cdktf does', () => {
    expect(() => lean(stack, { f: () => 1 })).toThrow(/function/i);
  });
});
