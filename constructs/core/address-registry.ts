import { TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';

/**
 * The Terraform addresses pinned in each stack, and by which construct. Pinned addresses come
 * from construct ids (`addressPinner(logicalId(id))`), not from construct paths, so two
 * same-named constructs in different scopes of one stack would synthesize one address and the
 * second would silently replace the first; claiming each address here makes that an error.
 */
const claimed = new WeakMap<TerraformStack, Map<string, TerraformElement>>();

/** The address each element holds, so that pinning an element again releases its old one. */
const held = new WeakMap<TerraformElement, string>();

/** The Terraform address `element` gets with the logical id `id`: `aws_kms_key.fleet`, `data.aws_iam_policy_document.x`, `output.x`. */
function addressOf(element: TerraformElement, id: string): string {
  if (element instanceof TerraformDataSource) return `data.${element.terraformResourceType}.${id}`;
  if (element instanceof TerraformResource) return `${element.terraformResourceType}.${id}`;
  if (element instanceof TerraformOutput) return `output.${id}`;
  return `${element.constructor.name}.${id}`;
}

/**
 * Records that `element` takes the logical id `id` in its stack; throws when another element of
 * the stack already holds the same address, naming the address and both construct paths.
 */
export function claimAddress(element: TerraformElement, id: string): void {
  const stack = TerraformStack.of(element);
  let addresses = claimed.get(stack);
  if (addresses === undefined) {
    addresses = new Map();
    claimed.set(stack, addresses);
  }
  const address = addressOf(element, id);
  const holder = addresses.get(address);
  if (holder !== undefined && holder !== element) {
    throw new Error(
      `Terraform address ${address} is already taken in stack ${stack.node.id} by ${holder.node.path}; ` +
        `${element.node.path} would replace it. Addresses come from construct ids, not paths: give one of the two constructs another id.`,
    );
  }
  const previous = held.get(element);
  if (previous !== undefined && previous !== address) addresses.delete(previous);
  addresses.set(address, element);
  held.set(element, address);
}
