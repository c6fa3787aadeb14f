import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';

export class PkiDnsProvidersDeleteCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'dns-providers', 'delete']];
  static override effect = 'destroy' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Delete a DNS provider (dns-01 orders and renewals for its zones then fail)',
    details: 'On a terminal this asks first; elsewhere it needs `--yes`.',
    examples: [['In a script', 'scaivault pki dns-providers delete dnsp_abc --yes']],
  });

  id = Option.String({ name: 'provider-id' });
  yes = Option.Boolean('--yes,--force', false, { description: 'Do not ask for confirmation' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'DNS provider id');
    if (!this.yes) {
      const prompt = this.resolve(Tokens.Prompt);
      if (!prompt.interactive) throw new UsageError(`deleting DNS provider ${id} stops dns-01 for its zones: add --yes to confirm`);
      if (!(await prompt.confirm(`Delete DNS provider ${id}?`))) {
        this.output.info('Nothing deleted.');
        return 1;
      }
    }
    const client = await this.api();
    await client.pki.dnsProviders.delete(id);
    this.output.success(`Deleted DNS provider ${id}`, { id, deleted: true });
    return 0;
  }
}
