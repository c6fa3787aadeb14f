import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';
import { BINDING_COLUMNS } from '../policy-view.js';

export class PoliciesBindingsCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'bindings']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'List the identities an access policy is bound to',
    details:
      'Under `--json` the output is `{"bindings": [...]}`, each with `id`, `identity_type`, `identity_id`, `expires_at`, `created_at`.',
    examples: [
      ['Who has a policy', 'scaivault policies bindings pol_abc'],
      ['Binding ids, for a script', "scaivault policies bindings pol_abc --json | jq -r '.bindings[].id'"],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'policy id');
    const client = await this.api();
    const { bindings } = await client.policies.bindings(id);
    this.output.list('bindings', bindings, BINDING_COLUMNS);
    return 0;
  }
}
