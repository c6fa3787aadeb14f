import { newId } from '../shared/ids.js';
import { Applications, type Application } from './applications.js';
import { Directory, DirectoryError } from './directory.js';
import { Registrations, type AppScope, type IssuedCredentials, type RegistrationRequest } from './registrations.js';
import { SigningKeyRing } from './signing-keys.js';
import { ChangeWebhooks } from './webhook-sender.js';

/** What a registered application may ask for unless its request names fewer. */
export const DEFAULT_APP_SCOPES = [
  'secrets:read',
  'secrets:write',
  'secrets:list',
  'secrets:delete',
  'policies:read',
  'policies:write',
  'identity:read',
  'identity:admin',
  'audit:read',
];

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface GrantedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * The state and rules of the development ScaiKey: directory, registrations, OAuth clients,
 * signing keys and change webhooks. `issuer` is the provider's origin; tokens carry `aud`
 * `audience` (the ScaiVault that trusts them).
 */
export class DevScaiKey {
  readonly directory: Directory;
  readonly registrations: Registrations;
  readonly applications = new Applications();
  readonly webhooks: ChangeWebhooks;
  issuer = '';
  /** Where clients reach this provider; the token endpoints it hands out are under it. */
  publicUrl = '';

  private constructor(
    readonly keys: SigningKeyRing,
    readonly audience: string,
    readonly clock: () => number,
    readonly autoApprove: boolean,
    log: (line: string) => void,
  ) {
    this.webhooks = new ChangeWebhooks(clock, log);
    this.directory = new Directory(clock, (change) => this.webhooks.send(change));
    this.registrations = new Registrations(clock);
  }

  static async create(options: {
    audience: string;
    clock: () => number;
    autoApprove: boolean;
    log: (line: string) => void;
  }): Promise<DevScaiKey> {
    const scaikey = new DevScaiKey(await SigningKeyRing.create(), options.audience, options.clock, options.autoApprove, options.log);
    // The same default partner and tenant as the local ScaiVault, so its root token's tenant exists here too.
    scaikey.directory.addPartner({ id: 'ptn_dev', name: 'Development partner', slug: 'dev' });
    scaikey.directory.addTenant({ id: 'tnt_dev', partnerId: 'ptn_dev', name: 'Development tenant', slug: 'dev' });
    return scaikey;
  }

  /** The token endpoint for platform (GLOBAL and PARTNER) applications, as ScaiKey documents it. */
  get tokenUrl(): string {
    return `${this.publicUrl}/api/v1/platform/oauth/token`;
  }

  /** A TENANT application's token endpoint is its tenant's; the others use the platform one. */
  tokenUrlFor(app: Application): string {
    const slug = app.tenant_id ? this.directory.tenants.get(app.tenant_id)?.slug : undefined;
    return slug ? `${this.publicUrl}/api/v1/auth/tenants/${slug}/oauth/token` : this.tokenUrl;
  }

  /** Submits a registration; with auto-approval it is approved at once (the credentials still wait for their pickup). */
  submit(input: {
    scope: AppScope;
    tenantSlug: string | null;
    partnerSlug: string | null;
    email: string;
    name: string;
    scopes: string[];
  }): { request: RegistrationRequest; statusToken: string } {
    const submitted = this.registrations.submit({
      scope: input.scope,
      tenant_slug: input.tenantSlug,
      partner_slug: input.partnerSlug,
      contact_email: input.email,
      application_name: input.name,
      requested_scopes: input.scopes,
    });
    if (this.autoApprove) this.approve(submitted.request.request_id);
    return submitted;
  }

  /**
   * Approves a pending request: a tenant registration for a slug not seen before onboards that
   * tenant (under the named partner, else the default one) with the contact as its tenant admin,
   * then the application is created and its credentials held for the one pickup.
   */
  approve(requestId: string): RegistrationRequest {
    const request = this.pending(requestId);
    let tenantId: string | null = null;
    let partnerId: string | null = null;
    if (request.scope === 'PARTNER' || request.partner_slug) {
      const slug = request.partner_slug ?? 'dev';
      const partner = this.directory.partnerBySlug(slug) ?? this.directory.addPartner({ name: slug, slug });
      partnerId = partner.id;
    }
    if (request.scope === 'TENANT') {
      const slug = request.tenant_slug!;
      const tenant = this.directory.tenantBySlug(slug) ?? this.directory.addTenant({ partnerId: partnerId ?? 'ptn_dev', name: slug, slug });
      tenantId = tenant.id;
      partnerId = tenant.partner_id;
      if (!this.directory.userByEmail(tenant.id, request.contact_email))
        this.directory.addUser({ tenantId: tenant.id, email: request.contact_email, roles: ['tenant_admin'] });
    }
    const scopes = request.requested_scopes.length > 0 ? request.requested_scopes : DEFAULT_APP_SCOPES;
    const { app, clientSecret } = this.applications.create({
      name: request.application_name,
      app_scope: request.scope,
      tenant_id: tenantId,
      partner_id: partnerId,
      scopes,
    });
    request.status = 'APPROVED';
    request.decided_at = this.clock();
    request.pendingCredentials = this.credentialsOf(app, clientSecret);
    return request;
  }

  reject(requestId: string, reason: string): RegistrationRequest {
    const request = this.pending(requestId);
    request.status = 'REJECTED';
    request.decided_at = this.clock();
    request.rejection_reason = reason;
    return request;
  }

  /** A client made directly (ScaiVault's own sync client, tests), bypassing registration. */
  createClient(input: { name: string; scopes: string[]; tenantId?: string; partnerId?: string }): IssuedCredentials {
    const { app, clientSecret } = this.applications.create({
      name: input.name,
      app_scope: input.tenantId ? 'TENANT' : 'GLOBAL',
      tenant_id: input.tenantId ?? null,
      partner_id: input.partnerId ?? (input.tenantId ? (this.directory.tenants.get(input.tenantId)?.partner_id ?? null) : null),
      scopes: input.scopes,
    });
    return this.credentialsOf(app, clientSecret);
  }

  /** The client-credentials grant; `undefined` scope is the client's full allowed set. */
  async clientToken(app: Application, requested: string[] | undefined): Promise<GrantedToken | { error: string; description: string }> {
    const granted = requested === undefined ? app.scopes : requested.filter((scope) => app.scopes.includes(scope));
    if (granted.length === 0) return { error: 'invalid_scope', description: 'none of the requested scopes is allowed for this client' };
    const claims: Record<string, unknown> = {
      sub: app.client_id,
      client_id: app.client_id,
      scope: granted.join(' '),
      app_scope: app.app_scope,
      token_type: 'client_credentials',
      ...(app.tenant_id ? { tenant_id: app.tenant_id } : {}),
      ...(app.partner_id ? { partner_id: app.partner_id } : {}),
    };
    return this.issue(claims, granted);
  }

  /** A user session token (what a user signing in would get), for development: ScaiVault sees the user and their groups. */
  async userToken(userId: string, scopes: string[]): Promise<GrantedToken> {
    const user = this.directory.requireUser(userId);
    const tenant = this.directory.tenants.get(user.tenant_id)!;
    const claims: Record<string, unknown> = {
      sub: user.id,
      email: user.email,
      name: user.display_name,
      tenant_id: user.tenant_id,
      partner_id: tenant.partner_id,
      scope: scopes.join(' '),
      token_type: 'access',
      ...(user.roles[0] ? { role: user.roles[0] } : {}),
    };
    return this.issue(claims, scopes);
  }

  /** Signs arbitrary claims with the current key: for tests that need a token ScaiVault must refuse. */
  async signRaw(claims: Record<string, unknown>, expiresAtSeconds: number, issuedAtSeconds: number): Promise<string> {
    return this.keys.sign(claims, expiresAtSeconds, issuedAtSeconds);
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      token_endpoint: this.tokenUrl,
      jwks_uri: `${this.issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: [...new Set([...DEFAULT_APP_SCOPES, 'admin'])],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
    };
  }

  private async issue(claims: Record<string, unknown>, granted: string[]): Promise<GrantedToken> {
    const now = Math.floor(this.clock() / 1000);
    const token = await this.keys.sign(
      { ...claims, iss: this.issuer, aud: this.audience, jti: newId('jti') },
      now + ACCESS_TOKEN_TTL_SECONDS,
      now,
    );
    return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: granted.join(' ') };
  }

  private credentialsOf(app: Application, clientSecret: string): IssuedCredentials {
    return {
      app_id: app.app_id,
      client_id: app.client_id,
      client_secret: clientSecret,
      issuer: this.issuer,
      token_url: this.tokenUrlFor(app),
      tenant_id: app.tenant_id,
      partner_id: app.partner_id,
      scopes: app.scopes,
    };
  }

  private pending(requestId: string): RegistrationRequest {
    const request = this.registrations.get(requestId);
    if (!request) throw new DirectoryError(404, 'registration_not_found', `registration request '${requestId}' not found`);
    if (request.status !== 'PENDING')
      throw new DirectoryError(409, 'invalid_state', `registration request '${requestId}' is ${request.status}, not PENDING`);
    return request;
  }
}
