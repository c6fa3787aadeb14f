import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { KEY_COLUMNS } from '../account-view.js';
import { requireId } from '../input/names.js';

export class ServiceAccountsListKeysCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'list-keys']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: "List a service account's API keys (never their values)",
    details: `
      Each key shows its prefix (the first characters of the key, to recognise it in a log), whether it is active or
      revoked, its expiry and when it was last used. Under \`--json\` the output is \`{"keys": [...]}\`.
    `,
    examples: [
      ['List keys', 'scaivault service-accounts list-keys sva_abc'],
      ['Keys never used', `scaivault service-accounts list-keys sva_abc --json | jq -r '.keys[] | select(.last_used_at == null) | .id'`],
    ],
  });

  accountId = Option.String({ name: 'account-id' });

  async execute(): Promise<number> {
    const id = requireId(this.accountId, 'sva', 'service account id');
    const client = await this.api();
    const result = await client.serviceAccounts.listKeys(id);
    this.output.list('keys', result.keys, KEY_COLUMNS, { service_account_id: id });
    return 0;
  }
}
