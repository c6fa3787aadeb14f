import { ScaiVaultCommand, followPages, printPage, readPaging, streamList } from '@scaivault/core';
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
    const empty = `engine ${engine} has no roles`;
    if (paging.all) {
      const pages = followPages(async (cursor) => {
        const page = await client.dynamic.roles.list(engine, { ...limit, ...(cursor ? { cursor } : {}) });
        return { rows: page.roles, cursor: page.cursor, has_more: page.has_more };
      });
      await streamList({ output: this.output, stdout: this.context.stdout, ndjson: paging.ndjson }, pages, {
        plural: 'roles',
        columns: ROLE_COLUMNS,
        empty,
        extra: () => ({ cursor: null, has_more: false }),
      });
      return 0;
    }
    const page = await client.dynamic.roles.list(engine, { ...limit, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    if (page.roles.length === 0 && !this.output.json && this.output.options.field === undefined) {
      this.output.info(empty);
      return 0;
    }
    printPage(this.output, 'roles', { rows: page.roles, cursor: page.cursor, has_more: page.has_more }, ROLE_COLUMNS, 'roles', paging);
    return 0;
  }
}
