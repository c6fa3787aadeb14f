import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { ACCOUNT_COLUMNS } from '../account-view.js';

export class ServiceAccountsListCommand extends ScaiVaultCommand {
  static override paths = [['service-accounts', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Service accounts',
    description: 'List service accounts',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives; \`--ndjson\` prints one object per line. Under \`--json\` the output is
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
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.serviceAccounts.list({ ...(paging.limit ? { limit: paging.limit } : {}), ...(cursor ? { cursor } : {}) });
        return { rows: page.service_accounts, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'service_accounts', columns: ACCOUNT_COLUMNS },
    );
    return 0;
  }
}
