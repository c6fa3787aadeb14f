import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { SUBSCRIPTION_COLUMNS } from '../event-view.js';

export class SubscriptionsListCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'List event subscriptions',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives; \`--ndjson\` prints one object per line. Under \`--json\` the output is
      \`{"subscriptions": [...], "cursor": ..., "has_more": ...}\`.
    `,
    examples: [
      ['List subscriptions', 'scaivault subscriptions list'],
      [
        'Ids of polling subscriptions',
        `scaivault subscriptions list --all --json | jq -r '.subscriptions[] | select(.delivery.type=="polling") | .id'`,
      ],
    ],
  });

  limit = Option.String('--limit', { description: 'Subscriptions per page (1-1000, default 100)' });
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
        const page = await client.subscriptions.list({ ...(paging.limit ? { limit: paging.limit } : {}), ...(cursor ? { cursor } : {}) });
        return { rows: page.subscriptions, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'subscriptions', columns: SUBSCRIPTION_COLUMNS },
    );
    return 0;
  }
}
