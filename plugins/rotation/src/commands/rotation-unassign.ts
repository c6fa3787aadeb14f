import { ScaiVaultCommand, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';

export class RotationUnassignCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'unassign']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Take a secret out of a rotation policy',
    details: 'The secret and its versions stay; it is simply no longer rotated by the policy.',
    examples: [['Stop rotating a secret', 'scaivault rotation unassign rot_quarterly environments/production/salesforce/oauth']],
  });

  policyId = Option.String({ name: 'policy-id' });
  secretPath = Option.String({ name: 'path' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const path = requireSecretPath(this.secretPath);
    const client = await this.api();
    await client.rotation.detach(id, path);
    this.output.success(`Unassigned ${path} from ${id}`, { policy_id: id, secret_path: path, assigned: false });
    return 0;
  }
}
