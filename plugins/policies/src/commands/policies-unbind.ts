import { NotFoundError, ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseIdentityId } from '../input/identity.js';
import { requireId } from '../input/resource-id.js';

export class PoliciesUnbindCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'unbind']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Remove a binding: the identity no longer gets the policy',
    details: `
      Name the binding by its id (\`bnd_...\`, as \`policies bindings\` lists them), or by the identity with
      \`--identity-id\`, which removes every binding of that identity to the policy.
    `,
    examples: [
      ['See the binding ids of a policy', 'scaivault policies bindings pol_4x7k2m9q1r5t8v3w'],
      ['Remove a binding by id', 'scaivault policies unbind pol_4x7k2m9q1r5t8v3w bnd_9c3f6h1k4m7p2r5t'],
      ['Remove a group from a policy', 'scaivault policies unbind pol_4x7k2m9q1r5t8v3w --identity-id group:developers'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  bindingId = Option.String({ name: 'binding-id', required: false });
  identityId = Option.String('--identity-id,--identity', { description: 'Remove the bindings of this identity instead' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'policy id');
    if ((this.bindingId === undefined) === (this.identityId === undefined)) {
      throw new UsageError('give either a binding id or --identity-id', `see the binding ids with \`scaivault policies bindings ${id}\``);
    }
    const bindingId = this.bindingId === undefined ? undefined : requireId(this.bindingId, 'binding id');
    const identity = this.identityId === undefined ? undefined : parseIdentityId(this.identityId, '--identity-id').identityId;

    const client = await this.api();
    let removed: string[];
    if (bindingId !== undefined) {
      removed = [bindingId];
    } else {
      const { bindings } = await client.policies.bindings(id);
      removed = bindings.filter((binding) => binding.identity_id === identity && binding.id).map((binding) => binding.id!);
      if (removed.length === 0)
        throw new NotFoundError(`${identity} is not bound to ${id}`, `see the bindings with \`scaivault policies bindings ${id}\``);
    }
    for (const binding of removed) await client.policies.unbind(id, binding);
    const what = identity ? `${identity} from ${id}` : `binding ${bindingId} from ${id}`;
    this.output.success(`Removed ${what}`, { policy_id: id, removed_binding_ids: removed });
    return 0;
  }
}
