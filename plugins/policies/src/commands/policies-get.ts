import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/resource-id.js';
import { policyPairs } from '../policy-view.js';

export class PoliciesGetCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Show one access policy with its rules and bindings',
    details: `
      \`--json\` prints the whole policy: \`id\`, \`name\`, \`description\`, \`scope\`, \`rules\` (each with \`path_pattern\`,
      \`permissions\` and \`conditions\`), \`bindings\`, \`is_active\` and timestamps. The rules can be saved and edited as a
      file for \`policies create --rules-file\`.
    `,
    examples: [
      ['Show a policy', 'scaivault policies get pol_abc'],
      ['Save its rules for a new policy', 'scaivault policies get pol_abc --json | jq .rules > rules.json'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'policy id');
    const client = await this.api();
    const policy = await client.policies.get(id);
    this.output.object(policy, { human: policyPairs(policy) });
    return 0;
  }
}
