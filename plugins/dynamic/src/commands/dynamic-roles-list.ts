import { ScaiVaultCommand, printPagedList, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { ROLE_COLUMNS, requireName } from '../dynamic-view.js';

export class DynamicRolesListCommand extends ScaiVaultCommand {
  static override paths = [['dynamic', 'roles', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Dynamic secrets',
    description: 'List the roles of an engine',
    details: `
      A role says how a credential is made (its SQL statements) and how long it may live. Under \`--json\` the output is
      \`{"roles": [...], "cursor": ..., "has_more": ...}\`.
    `,
    examples: [['Roles of an engine', 'scaivault dynamic roles list postgres-prod']],
  });

  engine = Option.String({ name: 'engine' });
  limit = Option.String('--limit', { description: 'Roles per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });
  ndjson = Option.Boolean('--ndjson', false, { description: 'Print one JSON object per line' });

  async execute(): Promise<number> {
    const engine = requireName(this.engine, 'engine name');
    const paging = readPaging(this);
    const client = await this.api();
    const limit = paging.limit ? { limit: paging.limit } : {};
    await printPagedList(
      { output: this.output, stdout: this.context.stdout },
      paging,
      async (cursor) => {
        const page = await client.dynamic.roles.list(engine, { ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.roles, cursor: page.cursor, has_more: page.has_more };
      },
      { plural: 'roles', columns: ROLE_COLUMNS, empty: `engine ${engine} has no roles` },
    );
    return 0;
  }
}
