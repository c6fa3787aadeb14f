import { ScaiVaultCommand, UsageError, parseInteger, printPage, type Column } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { AcmeOrder } from '@scaivault/core/sdk';
import { requireId } from '../input/pki-input.js';

const STATUSES = ['pending', 'processing', 'valid', 'invalid'] as const;

const ORDER_COLUMNS: readonly Column<AcmeOrder>[] = [
  { header: 'ID', value: (order) => order.id },
  { header: 'STATUS', value: (order) => order.status },
  { header: 'DOMAINS', value: (order) => (order.domains ?? []).join(', ') },
  { header: 'RENEWS', value: (order) => order.renewal_of ?? '' },
  { header: 'CREATED', value: (order) => order.created_at ?? '' },
];

export class PkiAcmeOrdersListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'acme', 'orders', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List ACME orders, newest first (renewals included)',
    details: 'Under `--json`: `{"orders": [...], "cursor", "has_more"}`; `--cursor` continues from where a page ended.',
    examples: [
      ['Orders that failed', 'scaivault pki acme orders list --status invalid'],
      ["One account's orders", 'scaivault pki acme orders list --account letsencrypt-production --json'],
    ],
  });

  status = Option.String('--status', { description: `Only orders in this state: ${STATUSES.join(', ')}` });
  account = Option.String('--account', { description: 'Only the orders of this account (id or name)' });
  limit = Option.String('--limit', { description: 'Orders per page (1-500, default 50)' });
  cursor = Option.String('--cursor', { description: 'Continue from this cursor' });

  async execute(): Promise<number> {
    if (this.status !== undefined && !(STATUSES as readonly string[]).includes(this.status))
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(this.status)}`);
    const account = this.account === undefined ? undefined : requireId(this.account, 'account');
    const limit = this.limit === undefined ? undefined : parseInteger(this.limit, '--limit', { min: 1, max: 500 });
    const client = await this.api();
    const page = await client.pki.acme.orders.list({
      ...(this.status ? { status: this.status as (typeof STATUSES)[number] } : {}),
      ...(account ? { accountId: account } : {}),
      ...(limit ? { limit } : {}),
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    printPage(this.output, 'orders', { rows: page.orders, cursor: page.cursor, has_more: page.has_more }, ORDER_COLUMNS);
    return 0;
  }
}
