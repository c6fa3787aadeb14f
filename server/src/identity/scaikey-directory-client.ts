import type { ScaiKeySettings } from '../modules/server-settings.js';
import type { Clock } from '../shared/time.js';
import type {
  DirectorySnapshot,
  ScaiKeyGroup,
  ScaiKeyMembership,
  ScaiKeyPartner,
  ScaiKeyTenant,
  ScaiKeyUser,
  SyncScope,
} from './identity-cache.js';

const PAGE_SIZE = 200;
const REQUEST_TIMEOUT_MS = 10_000;

/** ScaiKey could not be read: unreachable, refused the client, or answered something else. */
export class ScaiKeyReadError extends Error {}

/**
 * Reads ScaiKey's directory for a sync: a client-credentials token from its token endpoint, then
 * every page of partners, tenants, users, groups and members in the scope. The token is cached
 * until a minute before it expires; it is never logged.
 */
export class ScaiKeyDirectoryClient {
  private token: { value: string; renewAt: number } | undefined;

  constructor(
    private readonly settings: ScaiKeySettings,
    private readonly clock: Clock,
  ) {}

  async snapshot(scope: SyncScope): Promise<DirectorySnapshot> {
    const allTenants = await this.all<ScaiKeyTenant>(
      '/api/v1/identity/tenants',
      'tenants',
      scope.kind === 'partner' ? { partner_id: scope.partnerId } : {},
    );
    const tenants = scope.kind === 'tenant' ? allTenants.filter((tenant) => tenant.id === scope.tenantId) : allTenants;
    if (scope.kind === 'tenant' && tenants.length === 0) throw new ScaiKeyReadError(`ScaiKey has no tenant '${scope.tenantId}'`);
    // A tenant's sync brings its partner's record too (written, never removed: other tenants share it).
    const partnerWanted = scope.kind === 'full' ? undefined : scope.kind === 'partner' ? scope.partnerId : tenants[0]!.partner_id;
    const partners = (await this.all<ScaiKeyPartner>('/api/v1/identity/partners', 'partners')).filter(
      (partner) => partnerWanted === undefined || partner.id === partnerWanted,
    );
    if (scope.kind === 'partner' && partners.length === 0) throw new ScaiKeyReadError(`ScaiKey has no partner '${scope.partnerId}'`);
    const users: ScaiKeyUser[] = [];
    const groups: ScaiKeyGroup[] = [];
    const memberships: ScaiKeyMembership[] = [];
    for (const tenant of tenants) {
      const tenantPath = `/api/v1/identity/tenants/${encodeURIComponent(tenant.id)}`;
      users.push(...(await this.all<ScaiKeyUser>(`${tenantPath}/users`, 'users')).map((user) => ({ ...user, tenant_id: tenant.id })));
      const tenantGroups = (await this.all<ScaiKeyGroup>(`${tenantPath}/groups`, 'groups')).map((group) => ({
        ...group,
        tenant_id: tenant.id,
      }));
      groups.push(...tenantGroups);
      for (const group of tenantGroups) {
        const members = await this.all<{ user_id: string; membership_type?: string; added_at?: string }>(
          `/api/v1/identity/groups/${encodeURIComponent(group.id)}/members`,
          'members',
        );
        memberships.push(...members.map((member) => ({ ...member, group_id: group.id, tenant_id: tenant.id })));
      }
    }
    return { partners, tenants, users, groups, memberships };
  }

  private async all<T>(path: string, key: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ ...query, page: String(page), page_size: String(PAGE_SIZE) });
      const body = (await this.get(`${path}?${params}`)) as Record<string, unknown>;
      const batch = body[key];
      if (!Array.isArray(batch)) throw new ScaiKeyReadError(`ScaiKey's ${path} answered without a '${key}' list`);
      items.push(...(batch as T[]));
      const total = typeof body.total === 'number' ? body.total : items.length;
      if (batch.length === 0 || items.length >= total) return items;
    }
  }

  private async get(pathAndQuery: string): Promise<unknown> {
    const response = await this.fetch(`${this.settings.url}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${await this.accessToken()}` },
    });
    if (!response.ok) throw new ScaiKeyReadError(`ScaiKey answered HTTP ${response.status} to GET ${pathAndQuery.split('?')[0]}`);
    return response.json();
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.clock() < this.token.renewAt) return this.token.value;
    const { clientId, clientSecret } = this.settings;
    if (!clientId || !clientSecret) throw new ScaiKeyReadError('no ScaiKey client is configured for identity sync');
    const response = await this.fetch(`${this.settings.url}/api/v1/platform/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'identity:read',
      }).toString(),
    });
    if (!response.ok) throw new ScaiKeyReadError(`ScaiKey refused the identity-sync client (HTTP ${response.status})`);
    const granted = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof granted.access_token !== 'string') throw new ScaiKeyReadError('ScaiKey answered the token request without an access_token');
    const lifetimeMs = typeof granted.expires_in === 'number' ? granted.expires_in * 1000 : 60_000;
    this.token = { value: granted.access_token, renewAt: this.clock() + Math.max(0, lifetimeMs - 60_000) };
    return granted.access_token;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
    } catch {
      throw new ScaiKeyReadError(`ScaiKey at ${this.settings.url} could not be reached`);
    }
  }
}
