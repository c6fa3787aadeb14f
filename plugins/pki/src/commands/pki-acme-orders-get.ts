import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiAcmeOrdersGetCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'acme', 'orders', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Show an ACME order: its status (pending, processing, valid, invalid), stage and the CA problem if any',
    examples: [['Check an order', 'scaivault pki acme orders get ord_abc']],
  });

  id = Option.String({ name: 'order-id' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'order id');
    const client = await this.api();
    this.output.object(await client.pki.acme.orders.get(id));
    return 0;
  }
}
