import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { requireId } from '../input/pki-input.js';
import { checkNameservers, readCredentialsFile, readZones } from '../input/dns-provider-input.js';

export class PkiDnsProvidersUpdateCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'dns-providers', 'update']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Change a DNS provider: its zones, credentials, nameservers, hook, name, or whether it is used',
    details: `
      Only what you give changes. \`--zone\` and \`--nameserver\` replace the whole list; \`--credentials FILE\` (or \`-\` for
      stdin) replaces the credentials, which otherwise stay as stored (they are never shown, so they need not be given
      again). The server checks the resulting credentials against the resulting zones before saving, unless
      \`--no-verify\`. \`--disable\` keeps the provider but stops orders from using it; \`--enable\` uses it again.
    `,
    examples: [
      ['A new API key', 'scaivault pki dns-providers update dnsp_abc --credentials - < pdns.json'],
      ['Another zone', 'scaivault pki dns-providers update dnsp_abc --zone acme.example,acme.dev'],
      ['Stop using it for now', 'scaivault pki dns-providers update dnsp_abc --disable'],
    ],
  });

  id = Option.String({ name: 'provider-id' });
  name = Option.String('--name', { description: 'New name' });
  zones = Option.Array('--zone', [], { description: 'Zones it manages, replacing the list (repeatable or comma-separated)' });
  credentials = Option.String('--credentials', { description: 'JSON file (or -) with new credentials' });
  hook = Option.String('--hook', { description: 'exec: another server-side hook' });
  nameservers = Option.Array('--nameserver', [], { description: 'Authoritative servers to check propagation on, replacing the list' });
  enable = Option.Boolean('--enable', false, { description: 'Use it for orders again' });
  disable = Option.Boolean('--disable', false, { description: 'Keep it, but no order uses it' });
  noVerify = Option.Boolean('--no-verify', false, { description: 'Save without checking the credentials' });

  async execute(): Promise<number> {
    const id = requireId(this.id, 'DNS provider id');
    if (this.enable && this.disable) throw new UsageError('give --enable or --disable, not both');
    const zones = readZones(this.zones);
    checkNameservers(this.nameservers);
    const hook = this.hook === undefined ? undefined : requireId(this.hook, 'hook name');
    const credentials =
      this.credentials === undefined
        ? undefined
        : await readCredentialsFile(this.credentials, { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin });
    const changesConfig = hook !== undefined || this.nameservers.length > 0;
    if (this.name === undefined && zones.length === 0 && credentials === undefined && !changesConfig && !this.enable && !this.disable)
      throw new UsageError('nothing to change: give --name, --zone, --credentials, --hook, --nameserver, --enable or --disable');
    const client = await this.api();
    // The server replaces the config as a whole: what is not changed is sent back as it is.
    const config = changesConfig
      ? {
          ...((await client.pki.dnsProviders.get(id)).config ?? {}),
          ...(hook === undefined ? {} : { hook }),
          ...(this.nameservers.length ? { nameservers: this.nameservers } : {}),
        }
      : undefined;
    const provider = await client.pki.dnsProviders.update(id, {
      ...(this.name === undefined ? {} : { name: this.name }),
      ...(zones.length ? { managed_zones: zones } : {}),
      ...(credentials === undefined ? {} : { credentials }),
      ...(config === undefined ? {} : { config }),
      ...(this.enable || this.disable ? { is_active: this.enable } : {}),
      verify: !this.noVerify,
    });
    this.output.success(`Updated DNS provider ${provider.id} (${provider.name ?? id})`, provider);
    return 0;
  }
}
