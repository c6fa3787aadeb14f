import { ScaiVaultCommand, printPage, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { ROLE_COLUMNS } from '../pki-view.js';

export class PkiRolesListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'roles', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List roles',
    details: 'Under `--json`: `{"roles": [...], "cursor", "has_more"}`.',
    examples: [['List roles', 'scaivault pki roles list']],
  });

  limit = Option.String('--limit', { description: 'Roles per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });

  async execute(): Promise<number> {
    const limit = this.limit === undefined ? undefined : parseInteger(this.limit, '--limit', { min: 1, max: 1000 });
    const client = await this.api();
    const page = await client.pki.roles.list({ ...(limit ? { limit } : {}), ...(this.cursor ? { cursor: this.cursor } : {}) });
    printPage(this.output, 'roles', { rows: page.roles, cursor: page.cursor, has_more: page.has_more }, ROLE_COLUMNS);
    return 0;
  }
}
