import { ScaiVaultCommand, printPage, type Column } from '@scaivault/core';
import type { DnsProvider } from '@scaivault/core/sdk';

const COLUMNS: Column<DnsProvider>[] = [
  { header: 'ID', value: (row) => row.id },
  { header: 'NAME', value: (row) => row.name ?? '' },
  { header: 'TYPE', value: (row) => row.provider_type ?? '' },
  { header: 'ZONES', value: (row) => (row.managed_zones ?? []).join(',') },
  { header: 'ACTIVE', value: (row) => (row.is_active === false ? 'no' : 'yes') },
];

export class PkiDnsProvidersListCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'dns-providers', 'list']];
  static override effect = 'read' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'List DNS providers (never their credentials)',
    details: 'Under `--json`: `{"providers": [...]}`.',
    examples: [['List DNS providers', 'scaivault pki dns-providers list']],
  });

  async execute(): Promise<number> {
    const client = await this.api();
    const page = await client.pki.dnsProviders.list();
    printPage(this.output, 'providers', { rows: page.providers, cursor: page.cursor, has_more: page.has_more }, COLUMNS);
    return 0;
  }
}
