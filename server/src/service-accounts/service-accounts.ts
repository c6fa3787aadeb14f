import type { Store } from '../storage/store.js';
import type { PersonalTokens } from '../personal-tokens/personal-tokens.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, newSecretToken, slugify } from '../shared/ids.js';
import { hashToken } from '../crypto/token-hash.js';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import { DEFAULT_PARTNER_ID, ROLE_SCOPES, type Identity } from '../shared/identity.js';
import type { ApiKeysTable, ServiceAccountsTable } from './service-accounts-tables.js';

type AccountRow = ServiceAccountsTable;

type KeyRow = ApiKeysTable;

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

  async create(
    tenantId: string,
    spec: { name: string; description?: string | undefined; roles: string[]; scopes: string[] },
  ): Promise<Record<string, unknown>> {
    const unknownRoles = spec.roles.filter((role) => !(role in ROLE_SCOPES));
    if (unknownRoles.length > 0) {
      throw new ApiError(400, 'invalid_role', `Unknown role(s): ${unknownRoles.join(', ')}`, {
        roles: unknownRoles,
        known_roles: Object.keys(ROLE_SCOPES),
      });
    }
    const slug = slugify(spec.name, '-');
    if (slug === '')
      throw new ApiError(422, 'validation_error', 'name needs at least one letter or digit', {
        fields: { name: 'needs a letter or digit' },
      });
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
      await this.store.db.insertInto('service_accounts').values(row).execute();
    } catch (error) {
      if (this.store.isUniqueViolation(error)) {
        const taken = await this.store.db
          .selectFrom('service_accounts')
          .select('deleted_at')
          .where('tenant_id', '=', tenantId)
          .where('identity_id', '=', row.identity_id)
          .executeTakeFirst();
        if (taken?.deleted_at != null) {
          throw conflict(
            'service_account_exists',
            `The identity '${row.identity_id}' belonged to a deleted service account and is never reused; choose another name`,
            { identity_id: row.identity_id, deleted: true },
          );
        }
        throw conflict('service_account_exists', `A service account '${row.identity_id}' already exists`, { identity_id: row.identity_id });
      }
      throw error;
    }
    return this.view(row);
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.store.db
      .selectFrom('service_accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy(this.store.insertionOrder())
      .execute();
    return rows.map((row) => this.view(row));
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.row(tenantId, id));
  }

  async update(
    tenantId: string,
    id: string,
    spec: { name?: string | undefined; description?: string | undefined; roles?: string[] | undefined },
  ): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const roles = spec.roles ?? (JSON.parse(row.roles) as string[]);
    const unknownRoles = roles.filter((role) => !(role in ROLE_SCOPES));
    if (unknownRoles.length > 0)
      throw new ApiError(400, 'invalid_role', `Unknown role(s): ${unknownRoles.join(', ')}`, {
        roles: unknownRoles,
        known_roles: Object.keys(ROLE_SCOPES),
      });
    const extraScopes = (JSON.parse(row.scopes) as string[]).filter(
      (scope) => !(JSON.parse(row.roles) as string[]).some((role) => ROLE_SCOPES[role]?.includes(scope)),
    );
    const next: AccountRow = {
      ...row,
      name: spec.name ?? row.name,
      description: spec.description ?? row.description,
      roles: JSON.stringify(roles),
      scopes: JSON.stringify([...new Set([...roles.flatMap((role) => ROLE_SCOPES[role] ?? []), ...extraScopes])]),
    };
    await this.store.db
      .updateTable('service_accounts')
      .set({ name: next.name, description: next.description, roles: next.roles, scopes: next.scopes })
      .where('id', '=', id)
      .execute();
    return this.view(next);
  }

  /** Records key use at most once a minute, so authentication does not turn every read into a write. */
  async noteKeyUse(keyId: string, lastUsedAt: number | null): Promise<void> {
    const now = this.clock();
    if (lastUsedAt !== null && now - lastUsedAt < 60_000) return;
    await this.store.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', keyId).execute();
  }

  /**
   * Deleting keeps a tombstone so the identity is unique forever, and ends every credential of
   * the account at once: its API keys, the access tokens minted from them, and any personal
   * token issued for its identity.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.store.transaction(async () => {
      const row = await this.row(tenantId, id);
      const now = this.clock();
      await this.store.db.updateTable('service_accounts').set({ deleted_at: now }).where('id', '=', id).execute();
      await this.store.db
        .updateTable('api_keys')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('service_account_id', '=', id)
        .execute();
      await this.personalTokens.revokeIdentity(tenantId, row.identity_id, now);
    });
  }

  async createKey(tenantId: string, accountId: string, spec: { name: string; expiresAt: number | null }): Promise<Record<string, unknown>> {
    const account = await this.row(tenantId, accountId);
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
    await this.store.db.insertInto('api_keys').values(row).execute();
    return { ...this.keyView(row), key, identity_id: account.identity_id };
  }

  async listKeys(tenantId: string, accountId: string): Promise<Record<string, unknown>[]> {
    await this.row(tenantId, accountId);
    const rows = await this.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('service_account_id', '=', accountId)
      .orderBy('created_at')
      .orderBy(this.store.insertionOrder())
      .execute();
    return rows.map((row) => this.keyView(row));
  }

  /** Revokes rather than erases, so a later use of the key answers `token_revoked`. */
  async deleteKey(tenantId: string, accountId: string, keyId: string): Promise<void> {
    await this.row(tenantId, accountId);
    const result = await this.store.db
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(this.clock())) }))
      .where('service_account_id', '=', accountId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound('api_key_not_found', `API key '${keyId}' not found`, { key_id: keyId });
  }

  /** The id of `key` when it is a live API key of the service account `accountId` (the OAuth client id). */
  async liveKeyId(accountId: string, key: string): Promise<string | undefined> {
    const row = await this.store.db
      .selectFrom('api_keys')
      .select(['id', 'service_account_id'])
      .where('token_hash', '=', hashToken(key))
      .executeTakeFirst();
    return row?.service_account_id === accountId && (await this.keyIsLive(row.id)) ? row.id : undefined;
  }

  /** Whether an API key still authenticates: not revoked, not expired, its account not deleted. */
  async keyIsLive(keyId: string): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('api_keys as k')
      .innerJoin('service_accounts as a', 'a.id', 'k.service_account_id')
      .select(['k.revoked_at', 'k.expires_at', 'a.deleted_at'])
      .where('k.id', '=', keyId)
      .executeTakeFirst();
    return (
      row !== undefined && row.revoked_at === null && row.deleted_at === null && (row.expires_at === null || row.expires_at > this.clock())
    );
  }

  /** Whether `identityId` (`sa:...`) is a service account of the tenant that has not been deleted. */
  async isLiveIdentity(tenantId: string, identityId: string): Promise<boolean> {
    return (await this.liveAccount(tenantId, identityId)) !== undefined;
  }

  /** The scopes of the live account with this identity, if any (for deliveries made without a request). */
  async scopesOf(tenantId: string, identityId: string): Promise<string[] | undefined> {
    const row = await this.liveAccount(tenantId, identityId);
    return row ? (JSON.parse(row.scopes) as string[]) : undefined;
  }

  async findByHash(digest: Buffer): Promise<{ row: KeyRow; identity: Identity } | undefined> {
    const row = await this.store.db.selectFrom('api_keys').selectAll().where('token_hash', '=', digest).executeTakeFirst();
    if (!row) return undefined;
    const account = await this.store.db
      .selectFrom('service_accounts')
      .selectAll()
      .where('id', '=', row.service_account_id)
      .executeTakeFirstOrThrow();
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

  private liveAccount(tenantId: string, identityId: string): Promise<{ scopes: string } | undefined> {
    return this.store.db
      .selectFrom('service_accounts')
      .select('scopes')
      .where('tenant_id', '=', tenantId)
      .where('identity_id', '=', identityId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  private async row(tenantId: string, id: string): Promise<AccountRow> {
    const row = await this.store.db
      .selectFrom('service_accounts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
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
