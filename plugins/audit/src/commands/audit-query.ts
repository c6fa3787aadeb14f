import { printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { LOG_COLUMNS } from '../audit-view.js';
import { AuditFilterCommand } from '../filter-command.js';

export class AuditQueryCommand extends AuditFilterCommand {
  static override paths = [['audit', 'query']];
  static override effect = 'read' as const;

  static override usage = AuditFilterCommand.Usage({
    category: 'Audit',
    description: 'Search the audit log, newest first',
    details: `
      Every filter narrows the search; without any, the whole log is searched page by page. \`--start\` and
      \`--end\` take a date (\`2026-04-22\`, meaning midnight UTC) or an ISO 8601 timestamp with a zone; the window
      includes \`--start\` and stops just before \`--end\`. \`--action\` takes one action or a comma-separated list.

      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives. Under \`--json\` the output is \`{"logs": [...], "cursor": ..., "has_more": ...}\` with every field of each
      entry; \`--ndjson\` prints one entry per line.
    `,
    examples: [
      ['Reads on 22 April (UTC)', 'scaivault audit query --action read --start 2026-04-22 --end 2026-04-23'],
      ['Failed requests of one service account', 'scaivault audit query --identity sa:reporting --outcome failed'],
      ['Everything done under a prefix, as JSON lines', 'scaivault audit query --path-prefix environments/production/ --all --ndjson'],
      ['The entry of one request', 'scaivault audit query --request-id req_abc123'],
    ],
  });

  limit = Option.String('--limit', { description: 'Entries per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const filters = this.filters();
    const paging = readPaging(this);
    const client = await this.api();
    const options = { ...filters, ...(paging.limit ? { limit: paging.limit } : {}) };
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.audit.query({ ...options, ...(cursor ? { cursor } : {}) });
        return { rows: page.logs, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'logs', columns: LOG_COLUMNS, noun: 'entries' },
    );
    return 0;
  }
}
