import { ScaiVaultCommand, UsageError, printPage, parseInteger } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { CsrStatus } from '@scaivault/core/sdk';
import { CSR_COLUMNS } from '../pki-view.js';

const STATUSES: readonly CsrStatus[] = ['pending', 'approved', 'rejected', 'signed'];

export class PkiCsrListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'csr', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List submitted CSRs',
    details: 'Under `--json`: `{"csrs": [...], "cursor", "has_more"}`.',
    examples: [['CSRs waiting for review', 'scaivault pki csr list --status pending']],
  });

  status = Option.String('--status', { description: 'pending, approved, rejected or signed' });
  limit = Option.String('--limit', { description: 'CSRs per page (1-1000, default 100)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });

  async execute(): Promise<number> {
    if (this.status !== undefined && !(STATUSES as readonly string[]).includes(this.status))
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(this.status)}`);
    const limit = this.limit === undefined ? undefined : parseInteger(this.limit, '--limit', { min: 1, max: 1000 });
    const client = await this.api();
    const page = await client.pki.csrs.list({
      ...(this.status ? { status: this.status as CsrStatus } : {}),
      ...(limit ? { limit } : {}),
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    printPage(this.output, 'csrs', { rows: page.csrs, cursor: page.cursor, has_more: page.has_more }, CSR_COLUMNS, 'CSRs');
    return 0;
  }
}
