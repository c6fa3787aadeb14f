import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiCertsGetCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'certs', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: "Show a certificate's record (names, CA, validity, revocation)",
    examples: [['When does it expire?', 'scaivault pki certs get cert_xyz --field not_after']],
  });

  id = Option.String({ name: 'certificate-id' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'certificate id');
    const client = await this.api();
    this.output.object(await client.pki.certificates.get(id));
    return 0;
  }
}
