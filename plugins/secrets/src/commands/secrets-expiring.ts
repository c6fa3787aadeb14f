import { ScaiVaultCommand, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';

export class SecretsExpiringCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'expiring']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'List secrets that expire within a number of days',
    examples: [
      ['What expires this month', 'scaivault secrets expiring --days 30'],
      ['For a report', `scaivault secrets expiring --days 14 --json | jq -r '.secrets[] | "\\(.path) expires \\(.expires_at)"'`],
    ],
  });

  days = Option.String('--days', { description: 'Window in days (default 30)' });
  prefix = Option.String('--prefix', { description: 'Only paths starting with this prefix' });

  async execute(): Promise<number> {
    const days = this.days === undefined ? undefined : parseInteger(this.days, '--days', { min: 1, max: 3650 });
    const client = await this.api();
    const result = await client.secrets.expiring({ ...(days ? { days } : {}), ...(this.prefix ? { prefix: this.prefix } : {}) });
    this.output.list('secrets', result.secrets, [
      { header: 'path', value: (s) => s.path },
      { header: 'expires', value: (s) => s.expires_at },
      { header: 'days left', value: (s) => s.days_remaining, align: 'right' },
    ]);
    return 0;
  }
}
