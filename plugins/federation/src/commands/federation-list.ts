import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { BACKEND_COLUMNS } from '../federation-view.js';

export class FederationListCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'List federation backends',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output is
      \`{"backends": [...], "cursor": ..., "has_more": ...}\`. \`status\` is the outcome of the last contact with the
      backend (\`healthy\`, \`down\`, or \`unknown\` before the first); \`scaivault federation status <id>\` checks it now.
      A backend's credentials are never shown: they stay in the ScaiVault secret its config names.
    `,
    examples: [
      ['List backends', 'scaivault federation list'],
      ['Their ids', "scaivault federation list --json | jq -r '.backends[].id'"],
    ],
  });

  limit = Option.String('--limit', { description: 'Backends per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    const limit = paging.limit ? { limit: paging.limit } : {};
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.federation.list({ ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.backends, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'backends', columns: BACKEND_COLUMNS },
    );
    return 0;
  }
}
