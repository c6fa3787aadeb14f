import { ScaiVaultCommand, printPage, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { CA_COLUMNS } from '../pki-view.js';

export class PkiCaListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'ca', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List certificate authorities',
    details: 'Under `--json` the output is the API envelope, `{"cas": [...], "cursor": ..., "has_more": ...}`.',
    examples: [['List CAs', 'scaivault pki ca list']],
  });

  limit = Option.String('--limit', { description: 'CAs per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });

  async execute(): Promise<number> {
    const limit = this.limit === undefined ? undefined : parseInteger(this.limit, '--limit', { min: 1, max: 1000 });
    const client = await this.api();
    const page = await client.pki.cas.list({ ...(limit ? { limit } : {}), ...(this.cursor ? { cursor: this.cursor } : {}) });
    printPage(this.output, 'cas', { rows: page.cas, cursor: page.cursor, has_more: page.has_more }, CA_COLUMNS, 'CAs');
    return 0;
  }
}
