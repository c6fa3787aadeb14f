import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';
import { secretPolicyPairs } from '../secret-policy-view.js';

export class SecretPoliciesGetCommand extends ScaiVaultCommand {
  static override paths = [['secret-policies', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secret policies',
    description: 'Show one secret policy and the recipe of each field',
    details:
      '`--json` prints the whole policy: `id`, `name`, `policy_type`, `fields` (each `{name, generator, config}`), `is_active`, `description` and timestamps.',
    examples: [
      ['Show a secret policy', 'scaivault secret-policies get sp_strong_password'],
      ['Save its fields for a new policy', 'scaivault secret-policies get sp_strong_password --json | jq .fields > fields.json'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'secret policy id');
    const client = await this.api();
    const policy = await client.secretPolicies.get(id);
    this.output.object(policy, { human: secretPolicyPairs(policy) });
    return 0;
  }
}
