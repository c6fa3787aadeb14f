import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiCsrApproveCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'csr', 'approve']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Approve a pending CSR',
    details: 'An approved CSR is then signed with `pki csr sign`. Only a pending CSR can be approved (otherwise `invalid_state`).',
    examples: [['Approve', 'scaivault pki csr approve csr_abc']],
  });

  id = Option.String({ name: 'csr-id' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'CSR id');
    const client = await this.api();
    const csr = await client.pki.csrs.approve(id);
    this.output.success(`Approved ${csr.id}${csr.common_name ? ` (${csr.common_name})` : ''}`, csr);
    return 0;
  }
}
