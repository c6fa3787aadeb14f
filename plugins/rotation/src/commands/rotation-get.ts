import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';
import { policyPairs } from '../rotation-view.js';

export class RotationGetCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Show one rotation policy',
    examples: [
      ['Show a policy', 'scaivault rotation get rot_quarterly'],
      ['How many secrets it covers', 'scaivault rotation get rot_quarterly --field secrets_count'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const client = await this.api();
    const policy = await client.rotation.get(id);
    this.output.object(policy, { human: policyPairs(policy) });
    return 0;
  }
}
