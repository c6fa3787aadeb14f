import { ScaiVaultCommand, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { policyChanges } from '../input/policy-fields.js';

export class RotationCreateCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'create']];
  static override effect = 'write' as const;

  // Rotation policies take webhook ids; `--webhook` elsewhere is a delivery URL.
  static override placeholders = { '--webhook': 'id' };

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'Create a rotation policy',
    details: `
      \`--interval\` is the time between rotations of each attached secret, counted from that secret's last rotation.
      After a rotation the previous version stays readable for \`--grace-period\` (server default 48h).
      \`--warn-before\` lists lead times at which \`rotation.due\` events fire. Durations are a number and a unit:
      s, m, h, d or w.

      With \`--auto-generate\` ScaiVault writes the new value itself (from \`--secret-policy\` when given); without it
      ScaiVault only announces the rotation and waits for your automation to write the new version.
    `,
    examples: [
      [
        'Rotate every 90 days, warn a week and a day before',
        'scaivault rotation create --name quarterly --interval 90d --grace-period 48h --warn-before 7d,1d',
      ],
      [
        'Generate new values automatically and notify a webhook',
        'scaivault rotation create --name monthly-db --interval 30d --auto-generate --secret-policy sp_strong_password --webhook wh_rotation_alerts',
      ],
    ],
  });

  name = Option.String('--name', { description: 'Policy name, unique in the tenant (required)' });
  interval = Option.String('--interval', { description: 'Time between rotations, e.g. 90d (required)' });
  gracePeriod = Option.String('--grace-period', { description: 'How long the previous version stays readable (default 48h)' });
  warnBefore = Option.String('--warn-before', { description: 'Comma-separated lead times for rotation.due events, e.g. 7d,1d' });
  description = Option.String('--description', { description: 'What the policy is for' });
  autoGenerate = Option.Boolean('--auto-generate', false, { description: 'Let ScaiVault write the new values' });
  secretPolicy = Option.String('--secret-policy', { description: 'Secret policy (sp_...) that generates new values' });
  webhooks = Option.Array('--webhook', [], { description: 'Webhook (wh_...) told about rotations; repeat or separate with commas' });

  async execute(): Promise<number> {
    if (this.name === undefined) throw new UsageError('--name is required', 'e.g. --name quarterly');
    if (this.interval === undefined) throw new UsageError('--interval is required', 'e.g. --interval 90d');
    const changes = policyChanges({
      name: this.name,
      interval: this.interval,
      gracePeriod: this.gracePeriod,
      warnBefore: this.warnBefore,
      description: this.description,
      autoGenerate: this.autoGenerate ? true : undefined,
      secretPolicy: this.secretPolicy,
      webhooks: this.webhooks,
    });
    if (this.secretPolicy !== undefined && !this.autoGenerate) {
      this.output.warn('--secret-policy is used only with --auto-generate');
    }
    const client = await this.api();
    const policy = await client.rotation.create({ ...changes, name: changes.name!, interval: changes.interval! });
    this.output.success(`Created rotation policy ${policy.id} (every ${policy.interval})`, policy);
    return 0;
  }
}
