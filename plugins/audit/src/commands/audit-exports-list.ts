import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { EXPORT_COLUMNS } from '../audit-view.js';

export class AuditExportsListCommand extends ScaiVaultCommand {
  static override paths = [['audit', 'exports', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Audit',
    description: 'List audit export jobs',
    details: 'Under `--json` the output is `{"exports": [...], "cursor": ..., "has_more": ...}`.',
    examples: [
      ['List export jobs', 'scaivault audit exports list'],
      ['Jobs that failed', 'scaivault audit exports list --all --json | jq -r \'.exports[] | select(.status=="failed") | .export_id\''],
    ],
  });

  limit = Option.String('--limit', { description: 'Jobs per page (1-1000, default 100)' });
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
        const page = await client.audit.exports({ ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.exports, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'exports', columns: EXPORT_COLUMNS },
    );
    return 0;
  }
}
