import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { ENGINE_COLUMNS } from '../dynamic-view.js';

export class DynamicEnginesListCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'engines', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'List dynamic-secrets engines',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output
      is \`{"engines": [...], "cursor": ..., "has_more": ...}\`. No engine's credentials are ever shown: they stay in
      the secret its \`root_credentials_path\` names.
    `,
    examples: [
      ['List engines', 'scaivault dynamic engines list'],
      ['Their names', "scaivault dynamic engines list --json | jq -r '.engines[].name'"],
    ],
  });

  limit = Option.String('--limit', { description: 'Engines per page (1-1000, default 100)' });
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
        const page = await client.dynamic.engines.list({ ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.engines, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'engines', columns: ENGINE_COLUMNS },
    );
    return 0;
  }
}
