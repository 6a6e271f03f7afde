/**
 * Terraform addresses come from construct ids, so two same-named constructs in different scopes of
 * one stack would synthesize one address, the second silently replacing the first. Every pinner
 * claims its address in a per-stack registry (constructs/core/address-registry.ts), which refuses
 * a second claim with the address and both construct paths.
 */
import { TerraformStack, Testing } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { addressPinner, pinLogicalId } from '../../constructs/core';
import { EbsKey } from '../../constructs/ebs-key';
import { Json } from '../json';

const KEY_PROPS = { name: 'prod-us-east-1', accountId: '123456789012', region: 'us-east-1' };

describe('per-stack address registry', () => {
  test('two EbsKey(…, "fleet") in different scopes of one stack throw, naming the address and both paths', () => {
    // GIVEN one stack with two scopes
    const stack = new TerraformStack(Testing.app(), 'stack');
    const blue = new Construct(stack, 'blue');
    const green = new Construct(stack, 'green');
    new EbsKey(blue, 'fleet', KEY_PROPS);
    // WHEN a second key with the same id goes into the other scope / THEN
    expect(() => new EbsKey(green, 'fleet', KEY_PROPS)).toThrow(
      'Terraform address aws_kms_key.fleet is already taken in stack stack by stack/blue/fleet/Key; ' +
        'stack/green/fleet/Key would replace it. Addresses come from construct ids, not paths: give one of the two constructs another id.',
    );
  });

  test('same-named constructs in different stacks, or with different ids, are fine and keep their addresses', () => {
    // GIVEN two stacks of one app, and a second id in the first stack
    const app = Testing.app();
    const east = new TerraformStack(app, 'east');
    const west = new TerraformStack(app, 'west');
    new EbsKey(new Construct(east, 'blue'), 'fleet', KEY_PROPS);
    new EbsKey(new Construct(east, 'green'), 'batch', KEY_PROPS);
    new EbsKey(west, 'fleet', KEY_PROPS);
    // WHEN synthesized / THEN each key has its pinned address
    const keys = (stack: TerraformStack) => Object.keys((JSON.parse(Testing.synth(stack)) as Json).resource.aws_kms_key).sort();
    expect(keys(east)).toEqual(['batch', 'fleet']);
    expect(keys(west)).toEqual(['fleet']);
  });

  test('an address is per resource type: a queue and a key may both be "fleet"', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new EbsKey(stack, 'fleet', KEY_PROPS);
    expect(() => pinLogicalId(new SqsQueue(stack, 'queue', {}), 'fleet')).not.toThrow();
  });

  test('pinning one element again moves its claim: the old address is free afterwards', () => {
    // GIVEN a queue pinned to "a", then re-pinned to "b"
    const stack = new TerraformStack(Testing.app(), 'stack');
    const pin = addressPinner('orders');
    const first = pin(new SqsQueue(stack, 'first', {}), 'a');
    pin(first, 'b');
    // WHEN another queue takes "a" / THEN that is allowed, and "b" is still taken
    expect(() => pin(new SqsQueue(stack, 'second', {}), 'a')).not.toThrow();
    expect(() => pin(new SqsQueue(stack, 'third', {}), 'b')).toThrow(/Terraform address aws_sqs_queue\.orders_b is already taken in stack stack by stack\/first/);
  });
});
