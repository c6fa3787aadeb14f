import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/ids.js';
import { policyChanges } from '../input/policy-fields.js';

export class RotationUpdateCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'update']];
  static override effect = 'write' as const;

  // Rotation policies take webhook ids; `--webhook` elsewhere is a delivery URL.
  static override placeholders = { '--webhook': 'id' };

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Change settings of a rotation policy',
    details: `
      Only the settings given change. A new \`--interval\` applies from each secret's last rotation.
      \`--webhook\` replaces the list of webhooks; \`--no-webhooks\` clears it.
    `,
    examples: [
      ['Rotate monthly instead', 'scaivault rotation update rot_quarterly --interval 30d'],
      ['Change the warnings and the grace period', 'scaivault rotation update rot_quarterly --warn-before 14d,3d --grace-period 72h'],
      ['Stop generating values automatically', 'scaivault rotation update rot_quarterly --no-auto-generate'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  name = Option.String('--name', { description: 'New name' });
  interval = Option.String('--interval', { description: 'Time between rotations, e.g. 90d' });
  gracePeriod = Option.String('--grace-period', { description: 'How long the previous version stays readable' });
  warnBefore = Option.String('--warn-before', { description: 'Comma-separated lead times for rotation.due events, e.g. 7d,1d' });
  description = Option.String('--description', { description: 'What the policy is for' });
  autoGenerate = Option.Boolean('--auto-generate', {
    description: 'Let ScaiVault write the new values (--no-auto-generate: wait for a client)',
  });
  secretPolicy = Option.String('--secret-policy', { description: 'Secret policy (sp_...) that generates new values' });
  webhooks = Option.Array('--webhook', { description: 'Webhooks (wh_...) told about rotations; replaces the list' });
  noWebhooks = Option.Boolean('--no-webhooks', false, { description: 'Notify no webhooks' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'rotation policy id');
    if (this.noWebhooks && this.webhooks !== undefined) throw new UsageError('give either --webhook or --no-webhooks, not both');
    const changes = policyChanges({
      name: this.name,
      interval: this.interval,
      gracePeriod: this.gracePeriod,
      warnBefore: this.warnBefore,
      description: this.description,
      autoGenerate: this.autoGenerate,
      secretPolicy: this.secretPolicy,
      webhooks: this.webhooks,
    });
    if (this.noWebhooks) changes.webhook_ids = [];
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        'nothing to change',
        'give at least one of --name, --interval, --grace-period, --warn-before, --description, --auto-generate, --secret-policy, --webhook',
      );
    }
    const client = await this.api();
    const policy = await client.rotation.update(id, changes);
    this.output.success(`Updated rotation policy ${policy.id}: ${Object.keys(changes).join(', ')}`, policy);
    return 0;
  }
}
