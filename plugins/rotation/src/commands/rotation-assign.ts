import { ScaiVaultCommand, requireSecretPath } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';

export class RotationAssignCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'assign']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Put a secret under a rotation policy',
    details: 'The secret must exist. A secret follows one rotation policy at a time: assigning it moves it from any other.',
    examples: [
      ['Rotate a credential quarterly', 'scaivault rotation assign rot_quarterly environments/production/salesforce/oauth'],
      ['When is it next due?', 'scaivault rotation assign rot_quarterly app/db/credentials --field next_rotation_at'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  secretPath = Option.String({ name: 'path' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    const path = requireSecretPath(this.secretPath);
    const client = await this.api();
    const assignment = await client.rotation.assign(id, path);
    const next = assignment.next_rotation_at ? `; next rotation due ${assignment.next_rotation_at}` : '';
    this.output.success(`Assigned ${path} to ${id}${next}`, assignment);
    return 0;
  }
}
