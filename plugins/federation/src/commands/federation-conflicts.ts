import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { CONFLICT_COLUMNS, requireBackend } from '../federation-view.js';

export class FederationConflictsCommand extends ScaiVaultCommand {
  static override paths = [['federation', 'conflicts']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Federation',
    description: 'List the paths a sync found with different values here and in the backend',
    details: `
      A sync never overwrites a local secret that was changed here (or existed before the backend was added) when
      the backend holds another value: it lists the path here instead, with both versions — never the values. A
      conflict ends when both sides hold the same value at the next sync: delete the local copy
      (\`scaivault secrets delete <path> --permanent\`) to take the backend's value, or change the value in the
      backend (or write it here through \`write_through\`) to keep yours. \`--json\` prints
      \`{"conflicts": [...], "cursor", "has_more"}\`.
    `,
    examples: [
      ['Conflicts of a backend', 'scaivault federation conflicts fed_abc'],
      ['Their paths', "scaivault federation conflicts fed_abc --json | jq -r '.conflicts[].path'"],
    ],
  });

  backend = Option.String({ name: 'id' });
  limit = Option.String('--limit', { description: 'Conflicts per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const id = requireBackend(this.backend);
    const paging = readPaging(this);
    const client = await this.api();
    const limit = paging.limit ? { limit: paging.limit } : {};
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.federation.conflicts(id, { ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.conflicts, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'conflicts', columns: CONFLICT_COLUMNS },
    );
    return 0;
  }
}
