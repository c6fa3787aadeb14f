import { ScaiVaultCommand } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiDnsProvidersGetCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'dns-providers', 'get']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Show a DNS provider (the names of its credential fields, never their values)',
    examples: [['Show a provider', 'scaivault pki dns-providers get dnsp_abc']],
  });

  id = Option.String({ name: 'provider-id' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'DNS provider id');
    const client = await this.api();
    this.output.object(await client.pki.dnsProviders.get(id));
    return 0;
  }
}
