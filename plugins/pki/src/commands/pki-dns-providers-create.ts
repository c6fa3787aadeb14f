import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { DnsProviderType } from '@scaivault/core/sdk';
import { requireId } from '../input/pki-input.js';
import { checkNameservers, readCredentialsFile, readZones } from '../input/dns-provider-input.js';

const TYPES = ['powerdns', 'exec', 'scaidns', 'cloudflare', 'route53', 'azure', 'google', 'digitalocean'] as const;

export class PkiDnsProvidersCreateCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'dns-providers', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Configure a DNS provider for dns-01 challenges',
    details: `
      Credentials are a JSON object read from \`--credentials FILE\` (or \`-\` for stdin), never from the command line; the
      server keeps them encrypted and never returns them. \`powerdns\` takes \`{"api_url", "api_key", "server_id"?}\`; \`exec\`
      names a hook the server's operator configured (\`--hook NAME\`), its credentials (optional) reach the hook as
      environment variables. The server checks the credentials against the zones before saving unless \`--no-verify\`.
      \`--nameserver HOST[:PORT]\` (repeatable) names the authoritative servers to check for propagation (default: the
      zone's NS records).
    `,
    examples: [
      ['PowerDNS', 'scaivault pki dns-providers create --name pdns --type powerdns --zone acme.example --credentials pdns.json'],
      ['A server-side hook', 'scaivault pki dns-providers create --name hook --type exec --hook lego-exec --zone acme.example'],
    ],
  });

  name = Option.String('--name', { description: 'Provider name' });
  type = Option.String('--type', { description: `Provider type: ${TYPES.join(', ')}` });
  zones = Option.Array('--zone', [], { description: 'Zone it manages (repeatable or comma-separated)' });
  credentials = Option.String('--credentials', { description: 'JSON file (or -) with the credentials' });
  hook = Option.String('--hook', { description: 'exec: the server-side hook to run' });
  nameservers = Option.Array('--nameserver', [], { description: 'Authoritative server to check propagation on (repeatable)' });
  noVerify = Option.Boolean('--no-verify', false, { description: 'Save without checking the credentials' });

  async execute(): Promise<number> {
    if (this.name === undefined) throw new UsageError('--name is required');
    if (this.type === undefined) throw new UsageError(`--type is required: one of ${TYPES.join(', ')}`);
    if (!(TYPES as readonly string[]).includes(this.type))
      throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(this.type)}`);
    const zones = readZones(this.zones);
    if (zones.length === 0) throw new UsageError('--zone is required: the zones this provider manages');
    if (this.hook !== undefined && this.type !== 'exec') throw new UsageError('--hook only applies with --type exec');
    if (this.type === 'exec' && this.hook === undefined) throw new UsageError('--type exec needs --hook (a hook configured on the server)');
    checkNameservers(this.nameservers);
    let credentials: Record<string, string> | undefined;
    if (this.credentials !== undefined) {
      credentials = await readCredentialsFile(this.credentials, { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin });
    } else if (this.type !== 'exec') {
      throw new UsageError(`--type ${this.type} needs --credentials FILE (a JSON object; - reads stdin)`);
    }
    const config = {
      ...(this.hook === undefined ? {} : { hook: requireId(this.hook, 'hook name') }),
      ...(this.nameservers.length ? { nameservers: this.nameservers } : {}),
    };
    const client = await this.api();
    const provider = await client.pki.dnsProviders.create({
      name: this.name,
      provider_type: this.type as DnsProviderType,
      ...(credentials === undefined ? {} : { credentials }),
      managed_zones: zones,
      ...(Object.keys(config).length ? { config } : {}),
      verify: !this.noVerify,
    });
    this.output.success(`Created DNS provider ${provider.id} (${provider.name ?? this.name}) for ${zones.join(', ')}`, provider);
    return 0;
  }
}
