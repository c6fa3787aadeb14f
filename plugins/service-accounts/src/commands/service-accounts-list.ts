import { ScaiVaultCommand, printPage, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { ServiceAccount } from '@scaivault/core/sdk';
import { ACCOUNT_COLUMNS } from '../account-view.js';

export class ServiceAccountsListCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'list']];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'List service accounts',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output is
      \`{"service_accounts": [...], "cursor": ..., "has_more": ...}\`.
    `,
    examples: [
      ['List service accounts', 'scaivault service-accounts list'],
      ['Every identity, for a script', "scaivault service-accounts list --all --json | jq -r '.service_accounts[].identity_id'"],
    ],
  });

  limit = Option.String('--limit', { description: 'Accounts per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    if (paging.all) {
      const accounts: ServiceAccount[] = [];
      for await (const account of client.serviceAccounts.listAll(paging.limit ? { limit: paging.limit } : {})) accounts.push(account);
      printPage(this.output, 'service_accounts', { rows: accounts }, ACCOUNT_COLUMNS);
      return 0;
    }
    const page = await client.serviceAccounts.list({ ...(paging.limit ? { limit: paging.limit } : {}), ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printPage(this.output, 'service_accounts', { rows: page.service_accounts, cursor: page.cursor, has_more: page.has_more }, ACCOUNT_COLUMNS);
    return 0;
  }
}
