import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';
import { plural } from '../rotation-view.js';

export class RotationEnableCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'enable']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Resume a paused rotation policy',
    details: `Scheduling resumes from each secret's last rotation, so a secret that fell due while the policy was paused is due at once.`,
    examples: [['Enable a policy', 'scaivault rotation enable rot_quarterly']],
  });

  policyId = Option.String({ name: 'policy-id' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const client = await this.api();
    const policy = await client.rotation.enable(id);
    this.output.success(`Enabled rotation policy ${policy.id} (${plural(policy.secrets_count ?? 0, 'secret')})`, policy);
    return 0;
  }
}
