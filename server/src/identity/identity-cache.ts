import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import type {
  IdentityGroupsTable,
  IdentityMembershipsTable,
  IdentityPartnersTable,
  IdentityTenantsTable,
  IdentityUsersTable,
} from './identity-tables.js';

/** A partner, tenant, user, group or membership as ScaiKey describes it (sync listing and webhooks alike). */
export interface ScaiKeyPartner {
  id: string;
  name: string;
  slug: string;
  region?: string | null;
  status: string;
}
export interface ScaiKeyTenant {
  id: string;
  partner_id: string;
  name: string;
  slug: string;
  status: string;
}
export interface ScaiKeyUser {
  id: string;
  tenant_id: string;
  email: string;
  display_name?: string;
  status: string;
  mfa_enabled?: boolean;
  roles?: string[];
}
export interface ScaiKeyGroup {
  id: string;
  tenant_id: string;
  name: string;
  description?: string;
}
export interface ScaiKeyMembership {
  group_id: string;
  user_id: string;
  tenant_id: string;
  membership_type?: string;
  added_at?: string | null;
}

/** Everything a sync read from ScaiKey for its scope. */
export interface DirectorySnapshot {
  partners: ScaiKeyPartner[];
  tenants: ScaiKeyTenant[];
  users: ScaiKeyUser[];
  groups: ScaiKeyGroup[];
  memberships: ScaiKeyMembership[];
}

/** What a sync covers: everything, one partner (and its tenants), or one tenant. */
export type SyncScope = { kind: 'full' } | { kind: 'partner'; partnerId: string } | { kind: 'tenant'; tenantId: string };

/** Which part of the cache a caller may see: all of it, one partner's, or one tenant's. */
export type Visibility = { kind: 'all' } | { kind: 'partner'; partnerId: string } | { kind: 'tenant'; tenantId: string };

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * ScaiVault's local copy of ScaiKey's partners, tenants, users, groups and memberships: written
 * by sync (a scope replaced in one transaction) and by webhooks (one change at a time), read by
 * the identity routes and by policy evaluation (which groups a user is in).
 */
export class IdentityCache {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Replaces the cached scope with `snapshot` in one transaction: what ScaiKey no longer has is gone. */
  async replace(scope: SyncScope, snapshot: DirectorySnapshot): Promise<void> {
    const db = this.store.db;
    await this.store.transaction(async () => {
      if (scope.kind === 'full') {
        for (const table of ['identity_memberships', 'identity_users', 'identity_groups', 'identity_tenants', 'identity_partners'] as const)
          await db.deleteFrom(table).execute();
      } else if (scope.kind === 'partner') {
        const cached = await db.selectFrom('identity_tenants').select('id').where('partner_id', '=', scope.partnerId).execute();
        const tenantIds = [...new Set([...cached.map((row) => row.id), ...snapshot.tenants.map((tenant) => tenant.id)])];
        await this.clearTenants(tenantIds);
        await db.deleteFrom('identity_tenants').where('partner_id', '=', scope.partnerId).execute();
        await db.deleteFrom('identity_partners').where('id', '=', scope.partnerId).execute();
      } else {
        await this.clearTenants([scope.tenantId]);
      }
      for (const partner of snapshot.partners) await this.putPartner(partner);
      for (const tenant of snapshot.tenants) await this.putTenant(tenant);
      for (const user of snapshot.users) await this.putUser(user);
      for (const group of snapshot.groups) await this.putGroup(group);
      for (const membership of snapshot.memberships) await this.putMembership(membership);
    });
  }

  private async clearTenants(tenantIds: string[]): Promise<void> {
    if (tenantIds.length === 0) return;
    for (const table of ['identity_memberships', 'identity_users', 'identity_groups'] as const)
      await this.store.db.deleteFrom(table).where('tenant_id', 'in', tenantIds).execute();
  }

  async putPartner(partner: ScaiKeyPartner): Promise<void> {
    const row: IdentityPartnersTable = {
      id: partner.id,
      name: partner.name,
      slug: partner.slug,
      region: partner.region ?? null,
      status: partner.status,
      last_synced_at: this.clock(),
    };
    await this.store.db
      .insertInto('identity_partners')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async putTenant(tenant: ScaiKeyTenant): Promise<void> {
    const row: IdentityTenantsTable = {
      id: tenant.id,
      partner_id: tenant.partner_id,
      name: tenant.name,
      slug: tenant.slug,
      status: tenant.status,
      last_synced_at: this.clock(),
    };
    await this.store.db
      .insertInto('identity_tenants')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async putUser(user: ScaiKeyUser): Promise<void> {
    const row: IdentityUsersTable = {
      id: user.id,
      tenant_id: user.tenant_id,
      email: user.email.toLowerCase(),
      display_name: user.display_name ?? user.email,
      status: user.status,
      mfa_enabled: user.mfa_enabled ? 1 : 0,
      roles_json: JSON.stringify(user.roles ?? []),
      last_synced_at: this.clock(),
    };
    await this.store.db
      .insertInto('identity_users')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async putGroup(group: ScaiKeyGroup): Promise<void> {
    const row: IdentityGroupsTable = {
      id: group.id,
      tenant_id: group.tenant_id,
      name: group.name,
      description: group.description ?? '',
      last_synced_at: this.clock(),
    };
    await this.store.db
      .insertInto('identity_groups')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async putMembership(membership: ScaiKeyMembership): Promise<void> {
    const row: IdentityMembershipsTable = {
      group_id: membership.group_id,
      user_id: membership.user_id,
      tenant_id: membership.tenant_id,
      membership_type: membership.membership_type ?? 'DIRECT',
      added_at: membership.added_at ?? null,
    };
    await this.store.db
      .insertInto('identity_memberships')
      .values(row)
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ membership_type: row.membership_type, added_at: row.added_at }))
      .execute();
  }

  async removeMembership(groupId: string, userId: string): Promise<void> {
    await this.store.db.deleteFrom('identity_memberships').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
  }

  async removeUser(userId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.db.deleteFrom('identity_memberships').where('user_id', '=', userId).execute();
      await this.store.db.deleteFrom('identity_users').where('id', '=', userId).execute();
    });
  }

  async removeGroup(groupId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.store.db.deleteFrom('identity_memberships').where('group_id', '=', groupId).execute();
      await this.store.db.deleteFrom('identity_groups').where('id', '=', groupId).execute();
    });
  }

  async removeTenant(tenantId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.clearTenants([tenantId]);
      await this.store.db.deleteFrom('identity_tenants').where('id', '=', tenantId).execute();
    });
  }

  /**
   * The policy identities a user's group memberships give it: `group:<name>` (what bindings name)
   * and `group:<id>`. Only `user:<email>` identities have memberships; anything else has none.
   */
  async groupIdentitiesOf(tenantId: string, identityId: string): Promise<string[]> {
    if (!identityId.startsWith('user:')) return [];
    const rows = await this.store.db
      .selectFrom('identity_users as u')
      .innerJoin('identity_memberships as m', 'm.user_id', 'u.id')
      .innerJoin('identity_groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'g.name'])
      .where('u.tenant_id', '=', tenantId)
      .where('u.email', '=', identityId.slice('user:'.length).toLowerCase())
      .where('u.status', '=', 'ACTIVE')
      .execute();
    return [...new Set(rows.flatMap((row) => [`group:${row.name}`, `group:${row.id}`]))];
  }

  async partners(visibility: Visibility, status: string | undefined, paging: PageRequest) {
    let query = this.store.db.selectFrom('identity_partners');
    if (status) query = query.where('status', '=', status);
    if (visibility.kind === 'partner') query = query.where('id', '=', visibility.partnerId);
    if (visibility.kind === 'tenant')
      query = query.where(
        'id',
        'in',
        this.store.db.selectFrom('identity_tenants').select('partner_id').where('id', '=', visibility.tenantId),
      );
    return this.paged(query, paging);
  }

  async tenants(visibility: Visibility, partnerId: string | undefined, status: string | undefined, paging: PageRequest) {
    let query = this.store.db.selectFrom('identity_tenants');
    if (partnerId) query = query.where('partner_id', '=', partnerId);
    if (status) query = query.where('status', '=', status);
    if (visibility.kind === 'partner') query = query.where('partner_id', '=', visibility.partnerId);
    if (visibility.kind === 'tenant') query = query.where('id', '=', visibility.tenantId);
    return this.paged(query, paging);
  }

  async tenant(tenantId: string): Promise<IdentityTenantsTable | undefined> {
    return this.store.db.selectFrom('identity_tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
  }

  async users(tenantId: string, status: string | undefined, search: string | undefined, paging: PageRequest) {
    let query = this.store.db.selectFrom('identity_users').where('tenant_id', '=', tenantId);
    if (status) query = query.where('status', '=', status);
    if (search) {
      const like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('email', 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]));
    }
    return this.paged(query, paging);
  }

  async groups(tenantId: string, paging: PageRequest) {
    return this.paged(this.store.db.selectFrom('identity_groups').where('tenant_id', '=', tenantId), paging);
  }

  async user(userId: string): Promise<IdentityUsersTable | undefined> {
    return this.store.db.selectFrom('identity_users').selectAll().where('id', '=', userId).executeTakeFirst();
  }

  async userByEmail(tenantId: string, email: string): Promise<IdentityUsersTable | undefined> {
    return this.store.db
      .selectFrom('identity_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async group(groupId: string): Promise<IdentityGroupsTable | undefined> {
    return this.store.db.selectFrom('identity_groups').selectAll().where('id', '=', groupId).executeTakeFirst();
  }

  async groupByName(tenantId: string, name: string): Promise<IdentityGroupsTable | undefined> {
    return this.store.db
      .selectFrom('identity_groups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async groupIdsOf(userId: string): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('identity_memberships')
      .select('group_id')
      .where('user_id', '=', userId)
      .orderBy('group_id')
      .execute();
    return rows.map((row) => row.group_id);
  }

  async memberCount(groupId: string): Promise<number> {
    const { n } = await this.store.db
      .selectFrom('identity_memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async members(groupId: string, paging: PageRequest) {
    const base = this.store.db
      .selectFrom('identity_memberships as m')
      .leftJoin('identity_users as u', 'u.id', 'm.user_id')
      .where('m.group_id', '=', groupId);
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select(['m.user_id', 'u.email', 'm.membership_type', 'm.added_at'])
      .orderBy('m.user_id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute();
    return { rows, total: Number(n) };
  }

  /** A user's admin roles: the ones assigned in ScaiVault when there are, else ScaiKey's. */
  async rolesOf(user: IdentityUsersTable): Promise<string[]> {
    const assigned = await this.store.db
      .selectFrom('identity_role_assignments')
      .select('roles_json')
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    return JSON.parse(assigned?.roles_json ?? user.roles_json) as string[];
  }

  async assignRoles(userId: string, roles: string[], by: string): Promise<void> {
    const row = { user_id: userId, roles_json: JSON.stringify(roles), assigned_by: by, assigned_at: this.clock() };
    await this.store.db
      .insertInto('identity_role_assignments')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
  }

  /* eslint-disable @typescript-eslint/no-explicit-any -- one helper for the select builders of five tables */
  private async paged(query: any, paging: PageRequest): Promise<{ rows: any[]; total: number }> {
    const { n } = await query.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll()
      .orderBy('id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute();
    return { rows, total: Number(n) };
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
