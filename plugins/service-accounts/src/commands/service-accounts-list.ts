import { ScaiVaultCommand, followPages, printPage, readPaging, streamList } from '@scaivault/core';
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
    if (paging.all) {
      const pages = followPages(async (cursor) => {
        const page = await client.serviceAccounts.list({ ...(paging.limit ? { limit: paging.limit } : {}), ...(cursor ? { cursor } : {}) });
        return { rows: page.service_accounts, cursor: page.cursor, has_more: page.has_more };
      });
      const target = { output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson };
      await streamList(target, pages, {
        plural: 'service_accounts',
        columns: ACCOUNT_COLUMNS,
        extra: () => ({ cursor: null, has_more: false }),
      });
      return 0;
    }
    const page = await client.serviceAccounts.list({
      ...(paging.limit ? { limit: paging.limit } : {}),
      ...(paging.cursor ? { cursor: paging.cursor } : {}),
    });
    printPage(
      this.output,
      'service_accounts',
      { rows: page.service_accounts, cursor: page.cursor, has_more: page.has_more },
      ACCOUNT_COLUMNS,
      undefined,
      paging,
    );
    return 0;
  }
}
