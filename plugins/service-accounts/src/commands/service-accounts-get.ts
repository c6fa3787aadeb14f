import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { accountPairs } from '../account-view.js';
import { requireId } from '../input/names.js';

export class ServiceAccountsGetCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'Show one service account: identity, roles and scopes',
    examples: [
      ['Show an account', 'scaivault service-accounts get sva_abc'],
      ['Its identity id, for a policy binding', 'scaivault service-accounts get sva_abc --field identity_id'],
    ],
  });

  accountId = Option.String({ name: 'account-id' });

  async execute(): Promise<number> {
    const id = requireId(this.accountId, 'sva', 'service account id');
    const client = await this.api();
    const account = await client.serviceAccounts.get(id);
    const scopes = (account as { scopes?: unknown }).scopes;
    const pairs = accountPairs(account);
    if (Array.isArray(scopes)) pairs.splice(4, 0, ['scopes', scopes.join(', ')]);
    this.output.object(account, { human: pairs });
    return 0;
  }
}
