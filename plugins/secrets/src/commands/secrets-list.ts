import { ScaiVaultCommand, printPage, readPaging } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { SecretSummary } from '@scaivault/core/sdk';
import { SECRET_COLUMNS } from '../secret-view.js';

export class SecretsListCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'list']];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'List secrets (paths and versions, never values)',
    details: `
      Prints one page (\`--limit\`, default 100); \`--all\` follows the cursor to the end. Under \`--json\` the output is
      \`{"secrets": [...], "cursor": ..., "has_more": ...}\`; pass the cursor back with \`--cursor\` for the next page.
    `,
    examples: [
      ['List production secrets', 'scaivault secrets list --prefix environments/production/'],
      ['Every path, for a script', "scaivault secrets list --all --json | jq -r '.secrets[].path'"],
    ],
  });

  prefix = Option.String('--prefix', { description: 'Only paths starting with this prefix' });
  limit = Option.String('--limit', { description: 'Secrets per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });
  all = Option.Boolean('--all', false, { description: 'Follow the cursor through every page' });

  async execute(): Promise<number> {
    const paging = readPaging(this);
    const client = await this.api();
    const filters = { ...(this.prefix ? { prefix: this.prefix } : {}), ...(paging.limit ? { limit: paging.limit } : {}) };
    if (paging.all) {
      const secrets: SecretSummary[] = [];
      for await (const secret of client.secrets.listAll(filters)) secrets.push(secret);
      printPage(this.output, 'secrets', { rows: secrets }, SECRET_COLUMNS);
      return 0;
    }
    const page = await client.secrets.list({ ...filters, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
    printPage(this.output, 'secrets', { rows: page.secrets, cursor: page.cursor, has_more: page.has_more }, SECRET_COLUMNS);
    return 0;
  }
}
