import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import { iso } from '../shared/time.js';
import { newId, newSecretToken } from '../shared/ids.js';
import { hashToken } from '../crypto/token-hash.js';
import { DEFAULT_PARTNER_ID, type Identity } from '../shared/identity.js';
import { notFound } from '../http/api-error.js';
import type { Selectable } from 'kysely';
import type { PersonalTokensTable } from './personal-tokens-tables.js';

type TokenRow = Selectable<PersonalTokensTable>;

export interface NewPersonalToken {
  tenantId: string;
  identityId: string;
  displayName?: string | undefined;
  scopes: string[];
  groups: string[];
  mfaVerified: boolean;
  expiresAt: number | null;
  /** For client-credentials access tokens: the API key that was exchanged. */
  apiKeyId?: string | undefined;
}

/**
 * Personal access tokens (`skt_...`). The vendor mints them in its admin UI; this server mints
 * them over `POST /v1/auth/tokens` so tests and the quick start can act as ordinary users.
 */
export class PersonalTokens {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async create(spec: NewPersonalToken): Promise<{ token: string; view: Record<string, unknown> }> {
    const token = newSecretToken('skt');
    const row: TokenRow = {
      id: newId('tok'),
      tenant_id: spec.tenantId,
      identity_id: spec.identityId,
      display_name: spec.displayName ?? null,
      token_hash: hashToken(token),
      prefix: token.slice(0, 8),
      scopes: JSON.stringify(spec.scopes),
      groups_json: JSON.stringify(spec.groups),
      mfa_verified: spec.mfaVerified ? 1 : 0,
      created_at: this.clock(),
      expires_at: spec.expiresAt,
      revoked_at: null,
      api_key_id: spec.apiKeyId ?? null,
    };
    await this.store.db.insertInto('personal_tokens').values(row).execute();
    return { token, view: this.view(row) };
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const rows = await this.store.db
      .selectFrom('personal_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy(this.store.insertionOrder())
      .execute();
    return rows.map((row) => this.view(row));
  }

  /** Ends every token issued for an identity (its service account is being deleted). */
  async revokeIdentity(tenantId: string, identityId: string, at: number): Promise<void> {
    await this.store.db
      .updateTable('personal_tokens')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
      .where('tenant_id', '=', tenantId)
      .where('identity_id', '=', identityId)
      .execute();
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    const result = await this.store.db
      .updateTable('personal_tokens')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(this.clock())) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound('token_not_found', `Token '${id}' not found`, { token_id: id });
  }

  /** Looks a presented token up by its digest (the caller compares digests in constant time). */
  async findByHash(digest: Buffer): Promise<{ row: TokenRow; identity: Identity } | undefined> {
    const row = await this.store.db.selectFrom('personal_tokens').selectAll().where('token_hash', '=', digest).executeTakeFirst();
    if (!row) return undefined;
    return {
      row,
      identity: {
        id: row.identity_id,
        type: row.identity_id.startsWith('sa:') ? 'service_account' : 'user',
        displayName: row.display_name ?? row.identity_id.replace(/^[a-z]+:/, ''),
        tenantId: row.tenant_id,
        partnerId: DEFAULT_PARTNER_ID,
        scopes: JSON.parse(row.scopes) as string[],
        groups: JSON.parse(row.groups_json) as string[],
        roles: [],
        isRoot: false,
        mfaVerified: row.mfa_verified === 1,
        issuedAt: row.created_at,
        expiresAt: row.expires_at,
      },
    };
  }

  /**
   * What an identity's live personal tokens grant together (scopes, groups), for work done
   * on its behalf without a request, such as a webhook delivery. Client-credentials tokens are
   * left out: their scopes are a subset of their service account's, which count instead.
   */
  async standingOf(tenantId: string, identityId: string): Promise<{ scopes: string[]; groups: string[] } | undefined> {
    const now = this.clock();
    const rows = await this.store.db
      .selectFrom('personal_tokens')
      .select(['scopes', 'groups_json'])
      .where('tenant_id', '=', tenantId)
      .where('identity_id', '=', identityId)
      .where('revoked_at', 'is', null)
      .where('api_key_id', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
    if (rows.length === 0) return undefined;
    return {
      scopes: [...new Set(rows.flatMap((row) => JSON.parse(row.scopes) as string[]))],
      groups: [...new Set(rows.flatMap((row) => JSON.parse(row.groups_json) as string[]))],
    };
  }

  /** Group memberships known for an identity, used when `policies/test` evaluates someone else. */
  async groupsOf(tenantId: string, identityId: string): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('personal_tokens')
      .select('groups_json')
      .where('tenant_id', '=', tenantId)
      .where('identity_id', '=', identityId)
      .where('revoked_at', 'is', null)
      .execute();
    return [...new Set(rows.flatMap((row) => JSON.parse(row.groups_json) as string[]))];
  }

  private view(row: TokenRow): Record<string, unknown> {
    return {
      id: row.id,
      identity_id: row.identity_id,
      display_name: row.display_name,
      token_prefix: row.prefix,
      scopes: JSON.parse(row.scopes) as string[],
      groups: JSON.parse(row.groups_json) as string[],
      mfa_verified: row.mfa_verified === 1,
      created_at: iso(row.created_at),
      expires_at: iso(row.expires_at),
      revoked_at: iso(row.revoked_at),
    };
  }
}
