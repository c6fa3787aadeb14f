import type { Store } from '../storage/store.js';
import type { PersonalTokens } from '../personal-tokens/personal-tokens.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, newSecretToken, slugify } from '../shared/ids.js';
import { hashToken } from '../crypto/token-hash.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import { DEFAULT_PARTNER_ID, ROLE_SCOPES, type Identity } from '../shared/identity.js';

interface AccountRow {
  id: string;
  tenant_id: string;
  name: string;
  identity_id: string;
  description: string | null;
  roles: string;
  scopes: string;
  created_at: number;
  deleted_at: number | null;
}

interface KeyRow {
  id: string;
  service_account_id: string;
  tenant_id: string;
  name: string;
  token_hash: Buffer;
  prefix: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** The prefix of service-account API keys, so a leaked key is recognisable in logs and scanners. */
export const API_KEY_PREFIX = 'svk';

/**
 * Service accounts (`sva_...`, identity `sa:<name>`) and their API keys (`key_...`). A key's
 * plaintext is returned once at creation; only its SHA-256 digest is stored.
 */
export class ServiceAccounts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly personalTokens: PersonalTokens,
  ) {}

  create(tenantId: string, spec: { name: string; description?: string | undefined; roles: string[]; scopes: string[] }): Record<string, unknown> {
    const unknownRoles = spec.roles.filter((role) => !(role in ROLE_SCOPES));
    if (unknownRoles.length > 0) {
      throw new ApiError(400, 'invalid_role', `Unknown role(s): ${unknownRoles.join(', ')}`, {
        roles: unknownRoles,
        known_roles: Object.keys(ROLE_SCOPES),
      });
    }
    const slug = slugify(spec.name, '-');
    if (slug === '') throw new ApiError(422, 'validation_error', 'name needs at least one letter or digit', { fields: { name: 'needs a letter or digit' } });
    const row: AccountRow = {
      id: newId('sva'),
      tenant_id: tenantId,
      name: spec.name,
      identity_id: `sa:${slug}`,
      description: spec.description ?? null,
      roles: JSON.stringify(spec.roles),
      scopes: JSON.stringify([...new Set([...spec.roles.flatMap((role) => ROLE_SCOPES[role] ?? []), ...spec.scopes])]),
      created_at: this.clock(),
      deleted_at: null,
    };
    try {
      this.store
        .prepare(
          `INSERT INTO service_accounts (id, tenant_id, name, identity_id, description, roles, scopes, created_at)
           VALUES (@id, @tenant_id, @name, @identity_id, @description, @roles, @scopes, @created_at)`,
        )
        .run(row);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const taken = this.store.prepare('SELECT deleted_at FROM service_accounts WHERE tenant_id = ? AND identity_id = ?').get(tenantId, row.identity_id) as { deleted_at: number | null } | undefined;
        if (taken?.deleted_at != null) {
          throw conflict('service_account_exists', `The identity '${row.identity_id}' belonged to a deleted service account and is never reused; choose another name`, { identity_id: row.identity_id, deleted: true });
        }
        throw conflict('service_account_exists', `A service account '${row.identity_id}' already exists`, { identity_id: row.identity_id });
      }
      throw error;
    }
    return this.view(row);
  }

  list(tenantId: string): Record<string, unknown>[] {
    const rows = this.store.prepare('SELECT * FROM service_accounts WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(tenantId) as AccountRow[];
    return rows.map((row) => this.view(row));
  }

  get(tenantId: string, id: string): Record<string, unknown> {
    return this.view(this.row(tenantId, id));
  }

  update(tenantId: string, id: string, spec: { name?: string | undefined; description?: string | undefined; roles?: string[] | undefined }): Record<string, unknown> {
    const row = this.row(tenantId, id);
    const roles = spec.roles ?? (JSON.parse(row.roles) as string[]);
    const unknownRoles = roles.filter((role) => !(role in ROLE_SCOPES));
    if (unknownRoles.length > 0) throw new ApiError(400, 'invalid_role', `Unknown role(s): ${unknownRoles.join(', ')}`, { roles: unknownRoles, known_roles: Object.keys(ROLE_SCOPES) });
    const extraScopes = (JSON.parse(row.scopes) as string[]).filter((scope) => !(JSON.parse(row.roles) as string[]).some((role) => ROLE_SCOPES[role]?.includes(scope)));
    const next: AccountRow = {
      ...row,
      name: spec.name ?? row.name,
      description: spec.description ?? row.description,
      roles: JSON.stringify(roles),
      scopes: JSON.stringify([...new Set([...roles.flatMap((role) => ROLE_SCOPES[role] ?? []), ...extraScopes])]),
    };
    this.store.prepare('UPDATE service_accounts SET name = @name, description = @description, roles = @roles, scopes = @scopes WHERE id = @id').run(next);
    return this.view(next);
  }

  /** Records key use at most once a minute, so authentication does not turn every read into a write. */
  noteKeyUse(keyId: string, lastUsedAt: number | null): void {
    const now = this.clock();
    if (lastUsedAt !== null && now - lastUsedAt < 60_000) return;
    this.store.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, keyId);
  }

  /**
   * Deleting keeps a tombstone so the identity is unique forever, and ends every credential of
   * the account at once: its API keys, the access tokens minted from them, and any personal
   * token issued for its identity.
   */
  delete(tenantId: string, id: string): void {
    this.store.transaction(() => {
      const row = this.row(tenantId, id);
      const now = this.clock();
      this.store.prepare('UPDATE service_accounts SET deleted_at = ? WHERE id = ?').run(now, id);
      this.store.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE service_account_id = ?').run(now, id);
      this.personalTokens.revokeIdentity(tenantId, row.identity_id, now);
    });
  }

  createKey(tenantId: string, accountId: string, spec: { name: string; expiresAt: number | null }): Record<string, unknown> {
    const account = this.row(tenantId, accountId);
    const key = newSecretToken(API_KEY_PREFIX);
    const row: KeyRow = {
      id: newId('key'),
      service_account_id: account.id,
      tenant_id: tenantId,
      name: spec.name,
      token_hash: hashToken(key),
      prefix: key.slice(0, 8),
      created_at: this.clock(),
      expires_at: spec.expiresAt,
      revoked_at: null,
      last_used_at: null,
    };
    this.store
      .prepare(
        `INSERT INTO api_keys (id, service_account_id, tenant_id, name, token_hash, prefix, created_at, expires_at, revoked_at, last_used_at)
         VALUES (@id, @service_account_id, @tenant_id, @name, @token_hash, @prefix, @created_at, @expires_at, @revoked_at, @last_used_at)`,
      )
      .run(row);
    return { ...this.keyView(row), key, identity_id: account.identity_id };
  }

  listKeys(tenantId: string, accountId: string): Record<string, unknown>[] {
    this.row(tenantId, accountId);
    const rows = this.store.prepare('SELECT * FROM api_keys WHERE service_account_id = ? ORDER BY created_at, rowid').all(accountId) as KeyRow[];
    return rows.map((row) => this.keyView(row));
  }

  /** Revokes rather than erases, so a later use of the key answers `token_revoked`. */
  deleteKey(tenantId: string, accountId: string, keyId: string): void {
    this.row(tenantId, accountId);
    const result = this.store
      .prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE service_account_id = ? AND id = ?')
      .run(this.clock(), accountId, keyId);
    if (result.changes === 0) throw notFound('api_key_not_found', `API key '${keyId}' not found`, { key_id: keyId });
  }

  /** The id of `key` when it is a live API key of the service account `accountId` (the OAuth client id). */
  liveKeyId(accountId: string, key: string): string | undefined {
    const row = this.store.prepare('SELECT id, service_account_id FROM api_keys WHERE token_hash = ?').get(hashToken(key)) as { id: string; service_account_id: string } | undefined;
    return row?.service_account_id === accountId && this.keyIsLive(row.id) ? row.id : undefined;
  }

  /** Whether an API key still authenticates: not revoked, not expired, its account not deleted. */
  keyIsLive(keyId: string): boolean {
    const row = this.store
      .prepare('SELECT k.revoked_at, k.expires_at, a.deleted_at FROM api_keys k JOIN service_accounts a ON a.id = k.service_account_id WHERE k.id = ?')
      .get(keyId) as { revoked_at: number | null; expires_at: number | null; deleted_at: number | null } | undefined;
    return row !== undefined && row.revoked_at === null && row.deleted_at === null && (row.expires_at === null || row.expires_at > this.clock());
  }

  /** Whether `identityId` (`sa:...`) is a service account of the tenant that has not been deleted. */
  isLiveIdentity(tenantId: string, identityId: string): boolean {
    return this.store.prepare('SELECT 1 FROM service_accounts WHERE tenant_id = ? AND identity_id = ? AND deleted_at IS NULL').get(tenantId, identityId) !== undefined;
  }

  /** The scopes of the live account with this identity, if any (for deliveries made without a request). */
  scopesOf(tenantId: string, identityId: string): string[] | undefined {
    const row = this.store.prepare('SELECT scopes FROM service_accounts WHERE tenant_id = ? AND identity_id = ? AND deleted_at IS NULL').get(tenantId, identityId) as { scopes: string } | undefined;
    return row ? (JSON.parse(row.scopes) as string[]) : undefined;
  }

  findByHash(digest: Buffer): { row: KeyRow; identity: Identity } | undefined {
    const row = this.store.prepare('SELECT * FROM api_keys WHERE token_hash = ?').get(digest) as KeyRow | undefined;
    if (!row) return undefined;
    const account = this.store.prepare('SELECT * FROM service_accounts WHERE id = ?').get(row.service_account_id) as AccountRow;
    return {
      // A deleted account's keys are revoked with it; answer so even for a key that slipped past.
      row: account.deleted_at !== null && row.revoked_at === null ? { ...row, revoked_at: account.deleted_at } : row,
      identity: {
        id: account.identity_id,
        type: 'service_account',
        displayName: account.name,
        tenantId: account.tenant_id,
        partnerId: DEFAULT_PARTNER_ID,
        scopes: JSON.parse(account.scopes) as string[],
        groups: [],
        roles: JSON.parse(account.roles) as string[],
        isRoot: false,
        mfaVerified: false,
        issuedAt: row.created_at,
        expiresAt: row.expires_at,
      },
    };
  }

  private row(tenantId: string, id: string): AccountRow {
    const row = this.store.prepare('SELECT * FROM service_accounts WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL').get(tenantId, id) as AccountRow | undefined;
    if (!row) throw notFound('service_account_not_found', `Service account '${id}' not found`, { service_account_id: id });
    return row;
  }

  private view(row: AccountRow): Record<string, unknown> {
    return {
      id: row.id,
      name: row.name,
      identity_id: row.identity_id,
      description: row.description,
      roles: JSON.parse(row.roles) as string[],
      scopes: JSON.parse(row.scopes) as string[],
      status: 'active',
      created_at: iso(row.created_at),
    };
  }

  private keyView(row: KeyRow): Record<string, unknown> {
    return {
      id: row.id,
      service_account_id: row.service_account_id,
      name: row.name,
      prefix: row.prefix,
      created_at: iso(row.created_at),
      expires_at: iso(row.expires_at),
      last_used_at: iso(row.last_used_at),
      revoked_at: iso(row.revoked_at),
    };
  }
}
