import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { SECRET_COLUMNS } from '../secret-view.js';

export class SecretsListCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'List secrets (paths and versions, never values)',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end, printing each page as it
      arrives. Under \`--json\` the output is \`{"secrets": [...], "cursor": ..., "has_more": ...}\`; pass the cursor back
      with \`--cursor\` for the next page. \`--ndjson\` prints one secret per line instead, for pipes.
    `,
    examples: [
      ['List production secrets', 'scaivault secrets list --prefix environments/production/'],
      ['Every path, for a script', "scaivault secrets list --all --json | jq -r '.secrets[].path'"],
      ['Every secret, one JSON object per line', 'scaivault secrets list --all --ndjson | jq -r .path'],
    ],
  });

  prefix = Option.String('--prefix', { description: 'Only paths starting with this prefix' });
  limit = Option.String('--limit', { description: 'Secrets per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    const filters = { ...(this.prefix ? { prefix: this.prefix } : {}), ...(paging.limit ? { limit: paging.limit } : {}) };
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.secrets.list({ ...filters, ...(cursor ? { cursor } : {}) });
        return { rows: page.secrets, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'secrets', columns: SECRET_COLUMNS },
    );
    return 0;
  }
}
