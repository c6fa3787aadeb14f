import { ScaiVaultCommand, followPages, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { POLICY_COLUMNS, printDataPage, streamData } from '../rotation-view.js';

export class RotationListCommand extends ScaiVaultCommand {
  static override paths = [['rotation', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Rotation',
    description: 'List rotation policies',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output
      is the API's envelope, \`{"data": [...], "cursor": ..., "has_more": ...}\`.
    `,
    examples: [
      ['List rotation policies', 'scaivault rotation list'],
      ['Only the active ones, as ids', "scaivault rotation list --active-only --all --json | jq -r '.data[].id'"],
    ],
  });

  activeOnly = Option.Boolean('--active-only', false, { description: 'Leave out disabled (paused) policies' });
  limit = Option.String('--limit', { description: 'Policies per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    const filters = { ...(this.activeOnly ? { activeOnly: true } : {}), ...(paging.limit ? { limit: paging.limit } : {}) };
    if (paging.all) {
      const pages = followPages(async (cursor) => {
        const page = await client.rotation.list({ ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.data, cursor: page.cursor, has_more: page.has_more };
      });
      await streamData(
        { output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson },
        pages,
        POLICY_COLUMNS,
        'no rotation policies',
      );
      return 0;
    }
    const page = await client.rotation.list({ ...filters, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printDataPage(this.output, page, POLICY_COLUMNS, 'no rotation policies', 'policies', paging);
    return 0;
  }
}
