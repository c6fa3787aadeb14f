import { ScaiVaultCommand, Tokens, UsageError } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { scaikeyUrlOf } from '../scaikey-url.js';
import { REGISTRATION_FILE, loadRegistration, saveRegistration } from '../registration-file.js';

const SCOPES = ['tenant', 'partner', 'global'] as const;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class ScaiKeyRegisterCommand extends ScaiVaultCommand {
  static override paths = [['scaikey', 'register']];
  // Onboarding that stores credentials in the user's config, as `auth login` does: never an MCP tool.
  static override tool = false as const;
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'ScaiKey',
    description: 'Ask ScaiKey to register this ScaiVault client for a tenant (or partner, or the platform)',
    details: `
      Submits a registration request to ScaiKey's public registration API (no login needed) and prints its request id.
      A ScaiKey administrator then approves or rejects it; \`scaivault scaikey status\` asks how it stands and, once it is
      approved, picks up the client id and secret (once: ScaiKey shows them only to the first read) and stores them as
      \`auth login --client-id\` would. The status token that proves the request is yours is written to
      \`scaikey-registration.json\` in the scaivault home, mode 0600, and never printed. ScaiKey is at \`--scaikey-url\`,
      else SCAIVAULT_SCAIKEY_URL, else \`scaikey_url\` in the config. A tenant registration for a slug ScaiKey does not
      know yet onboards that tenant, with \`--email\` as its first administrator.
    `,
    examples: [
      ['Onboard a tenant', 'scaivault scaikey register --scope tenant --tenant-slug acme --email admin@acme.example'],
      [
        'Against another ScaiKey',
        'scaivault scaikey register --tenant-slug acme --email admin@acme.example --scaikey-url https://scaikey.example',
      ],
    ],
  });

  scope = Option.String('--scope', 'tenant', { description: 'tenant (default), partner or global' });
  tenantSlug = Option.String('--tenant-slug', { description: 'The tenant to register for (with --scope tenant)' });
  partnerSlug = Option.String('--partner-slug', { description: 'The partner (with --scope partner; optional with tenant)' });
  email = Option.String('--email', { description: 'Contact e-mail of the administrator asking' });
  name = Option.String('--name', { description: 'Application name shown to the approver' });
  scaikeyUrl = Option.String('--scaikey-url', { description: 'ScaiKey origin (overrides SCAIVAULT_SCAIKEY_URL and scaikey_url)' });
  force = Option.Boolean('--force', false, { description: 'Replace a registration still waiting in the scaivault home' });

  async execute(): Promise<number> {
    const scope = this.scope.toLowerCase();
    if (!(SCOPES as readonly string[]).includes(scope))
      throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}, got ${JSON.stringify(this.scope)}`);
    if (scope === 'tenant' && this.tenantSlug === undefined) throw new UsageError('--tenant-slug is required with --scope tenant');
    if (scope === 'partner' && this.partnerSlug === undefined) throw new UsageError('--partner-slug is required with --scope partner');
    if (scope !== 'tenant' && this.tenantSlug !== undefined) throw new UsageError('--tenant-slug goes only with --scope tenant');
    for (const [flag, slug] of [
      ['--tenant-slug', this.tenantSlug],
      ['--partner-slug', this.partnerSlug],
    ] as const)
      if (slug !== undefined && !SLUG.test(slug))
        throw new UsageError(`${flag} must be lower-case letters, digits and dashes, got ${JSON.stringify(slug)}`);
    if (this.email === undefined) throw new UsageError('--email is required: the contact ScaiKey tells about the decision');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(this.email))
      throw new UsageError(`--email must be an e-mail address, got ${JSON.stringify(this.email)}`);
    const scaikeyUrl = scaikeyUrlOf(this.scaikeyUrl, this.config);
    const fs = this.resolve(Tokens.FileSystem);
    const home = this.config.home;
    const waiting = loadRegistration(fs, home);
    if (waiting && !this.force)
      throw new UsageError(
        `a registration is already waiting: ${waiting.request_id} (${REGISTRATION_FILE} in the scaivault home)`,
        'check it with scaivault scaikey status, or pass --force to submit a new one',
      );

    const client = await this.resolve(Tokens.ApiClient)({ anonymous: true });
    const submitted = await client.scaikey.register(scaikeyUrl, {
      scope: scope.toUpperCase(),
      ...(this.tenantSlug !== undefined ? { tenant_slug: this.tenantSlug } : {}),
      ...(this.partnerSlug !== undefined ? { partner_slug: this.partnerSlug } : {}),
      contact_email: this.email,
      ...(this.name !== undefined ? { application_name: this.name } : {}),
    });
    saveRegistration(fs, home, {
      request_id: submitted.request_id,
      status_token: submitted.status_token,
      scaikey_url: scaikeyUrl,
      scope: scope.toUpperCase(),
      tenant_slug: this.tenantSlug ?? null,
      partner_slug: this.partnerSlug ?? null,
      contact_email: this.email,
      submitted_at: new Date(this.resolve(Tokens.Clock).now()).toISOString(),
    });
    const { status_token: _kept, ...shown } = submitted;
    this.output.success(
      `Registration request ${submitted.request_id} submitted to ${scaikeyUrl} (${submitted.status ?? 'PENDING'}); its status token is in ${REGISTRATION_FILE} in the scaivault home.\nOnce an administrator approves it: scaivault scaikey status`,
      shown,
    );
    return 0;
  }
}
