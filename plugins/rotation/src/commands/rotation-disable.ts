import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';
import { plural } from '../rotation-view.js';

export class RotationDisableCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'disable']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Pause a rotation policy (its secrets stay attached)',
    details: `While paused, no rotation is due and no \`rotation.due\` event fires; \`rotation enable\` resumes it.`,
    examples: [['Disable a policy', 'scaivault rotation disable rot_quarterly']],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const client = await this.api();
    const policy = await client.rotation.disable(id);
    this.output.success(`Disabled rotation policy ${policy.id} (${plural(policy.secrets_count ?? 0, 'secret')})`, policy);
    return 0;
  }
}
