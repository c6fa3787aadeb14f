import { ScaiVaultCommand, Tokens, UsageError, readFileOrStdin, readInputFile } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { AcmeProvider } from '@scaivault/core/sdk';

const PROVIDERS = ['letsencrypt', 'zerossl', 'buypass', 'google', 'custom'] as const;
const ENVIRONMENTS = ['production', 'staging'] as const;

export class PkiAcmeRegisterCommand extends ScaiVaultCommand {
  static override paths = [['pki', 'acme', 'register']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'PKI',
    description: 'Register an ACME account (the server makes and keeps its key)',
    details: `
      \`--environment\` defaults to \`production\` and \`--name\` to \`<provider>-<environment>\`. \`--provider custom\` needs
      \`--directory-url\` (any RFC 8555 CA, e.g. Pebble or a private step-ca); \`--ca-bundle FILE\` names the PEM CAs that sign
      that directory's HTTPS certificate. Registering agrees to the CA's terms of service.

      CAs that bind accounts to one you hold with them (ZeroSSL, Google) give a key id and an HMAC key: pass
      \`--eab-kid KID --eab-hmac-key-file FILE\` (or \`-\` for stdin), so the key never appears in the process list. The
      server uses them once, to register, and never returns them.
    `,
    examples: [
      ["Let's Encrypt", 'scaivault pki acme register --provider letsencrypt --email certs@acme.example'],
      ['Staging first', 'scaivault pki acme register --provider letsencrypt --environment staging --email certs@acme.example'],
      [
        'A private ACME CA',
        'scaivault pki acme register --provider custom --directory-url https://127.0.0.1:14000/dir --ca-bundle pebble-tls-ca.pem',
      ],
      [
        'ZeroSSL, with its EAB credentials',
        'scaivault pki acme register --provider zerossl --email certs@acme.example --eab-kid KID --eab-hmac-key-file - < eab.key',
      ],
    ],
  });

  provider = Option.String('--provider', { description: 'letsencrypt, zerossl, buypass, google or custom' });
  email = Option.String('--email', { description: 'Contact address the CA writes to about expiry and problems' });
  environment = Option.String('--environment', 'production', { description: 'production (default) or staging' });
  name = Option.String('--name', { description: 'Account name (default <provider>-<environment>)' });
  directoryUrl = Option.String('--directory-url', { description: 'ACME directory URL (with --provider custom)' });
  caBundle = Option.String('--ca-bundle', { description: "PEM file of the CAs to trust for the directory's HTTPS (custom)" });
  eabKid = Option.String('--eab-kid', { description: 'External account binding key id (ZeroSSL, Google)' });
  eabHmacKeyFile = Option.String('--eab-hmac-key-file', { description: 'File (or -) holding the external account binding HMAC key' });

  async execute(): Promise<number> {
    if (this.provider === undefined) throw new UsageError(`--provider is required: one of ${PROVIDERS.join(', ')}`);
    if (!(PROVIDERS as readonly string[]).includes(this.provider))
      throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(this.provider)}`);
    if (!(ENVIRONMENTS as readonly string[]).includes(this.environment))
      throw new UsageError(`--environment must be production or staging, got ${JSON.stringify(this.environment)}`);
    if (this.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(this.email))
      throw new UsageError(`--email: ${JSON.stringify(this.email)} is not an email address`);
    const custom = this.provider === 'custom';
    if (custom && this.directoryUrl === undefined) throw new UsageError('--provider custom needs --directory-url');
    if (!custom && (this.directoryUrl !== undefined || this.caBundle !== undefined))
      throw new UsageError('--directory-url and --ca-bundle only apply with --provider custom');
    if (this.directoryUrl !== undefined && !/^https:\/\/\S+$/.test(this.directoryUrl))
      throw new UsageError('--directory-url must be an https:// URL (RFC 8555 requires HTTPS)');
    const caBundle = this.caBundle === undefined ? undefined : readInputFile(this.resolve(Tokens.FileSystem), this.caBundle, '--ca-bundle');
    if (caBundle !== undefined && !caBundle.includes('-----BEGIN CERTIFICATE-----'))
      throw new UsageError(`--ca-bundle ${this.caBundle} holds no PEM certificate`);
    if ((this.eabKid === undefined) !== (this.eabHmacKeyFile === undefined))
      throw new UsageError('--eab-kid and --eab-hmac-key-file go together: a CA that binds accounts gives both');
    let eab: { kid: string; hmac_key: string } | undefined;
    if (this.eabKid !== undefined && this.eabHmacKeyFile !== undefined) {
      const hmacKey = (
        await readFileOrStdin(this.eabHmacKeyFile, '--eab-hmac-key-file', {
          fs: this.resolve(Tokens.FileSystem),
          stdin: this.context.stdin,
        })
      ).trim();
      // The CAs hand it out base64url-encoded; anything else would only fail at the CA, after a round trip.
      if (!/^[A-Za-z0-9_-]{16,}={0,2}$/.test(hmacKey))
        throw new UsageError(`--eab-hmac-key-file ${this.eabHmacKeyFile} does not hold a base64url HMAC key`);
      eab = { kid: this.eabKid, hmac_key: hmacKey };
    }
    const client = await this.api();
    const account = await client.pki.acme.accounts.register({
      name: this.name ?? `${this.provider}-${this.environment}`,
      provider: this.provider as AcmeProvider,
      environment: this.environment as 'production' | 'staging',
      ...(this.email === undefined ? {} : { email: this.email }),
      ...(this.directoryUrl === undefined ? {} : { directory_url: this.directoryUrl }),
      ...(caBundle === undefined ? {} : { ca_bundle: caBundle }),
      ...(eab === undefined ? {} : { external_account_binding: eab }),
    });
    this.output.success(
      `Registered ACME account ${account.id} (${account.name ?? ''}) at ${account.directory_url ?? this.provider}`,
      account,
    );
    return 0;
  }
}
