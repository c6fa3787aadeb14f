// client.identity: ScaiVault's cache of ScaiKey partners, tenants, users and groups, its sync
// with ScaiKey, and admin roles. Page-style lists (`page`, `page_size` → `total`), as documented.
// Routes: 00-client-auth-errors-system.md §2.9; docs/api-decisions.md "Identity".
import { omitUndefined } from '../omit-undefined.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isPartner = s.object({
  id: s.string,
  name: s.optional(s.string),
  slug: s.optional(s.string),
  region: s.optional(s.string),
  status: s.optional(s.string),
  last_synced_at: s.optional(s.string),
});
export type Partner = s.ShapeOf<typeof isPartner>;
const isPartnerPage = s.numberedList('partners', isPartner);
export type PartnerPage = s.ShapeOf<typeof isPartnerPage>;

const isTenant = s.object({
  id: s.string,
  partner_id: s.optional(s.string),
  name: s.optional(s.string),
  slug: s.optional(s.string),
  status: s.optional(s.string),
  last_synced_at: s.optional(s.string),
});
export type Tenant = s.ShapeOf<typeof isTenant>;
const isTenantPage = s.numberedList('tenants', isTenant);
export type TenantPage = s.ShapeOf<typeof isTenantPage>;

const isUser = s.object({
  id: s.string,
  tenant_id: s.optional(s.string),
  email: s.optional(s.string),
  display_name: s.optional(s.string),
  status: s.optional(s.string),
  mfa_enabled: s.optional(s.boolean),
  groups: s.optional(s.stringArray),
  roles: s.optional(s.stringArray),
  last_synced_at: s.optional(s.string),
});
export type IdentityUser = s.ShapeOf<typeof isUser>;
const isUserPage = s.numberedList('users', isUser);
export type IdentityUserPage = s.ShapeOf<typeof isUserPage>;

const isGroup = s.object({ id: s.string, tenant_id: s.optional(s.string), name: s.optional(s.string), member_count: s.optional(s.number) });
export type IdentityGroup = s.ShapeOf<typeof isGroup>;
const isGroupPage = s.numberedList('groups', isGroup);
export type IdentityGroupPage = s.ShapeOf<typeof isGroupPage>;

const isMember = s.object({
  user_id: s.string,
  email: s.optional(s.string),
  membership_type: s.optional(s.string),
  added_at: s.optional(s.string),
});
export type GroupMember = s.ShapeOf<typeof isMember>;
const isMemberPage = s.numberedList('members', isMember);
export type GroupMemberPage = s.ShapeOf<typeof isMemberPage>;

const isResolvedIdentity = s.object({
  id: s.string,
  type: s.string,
  identity_id: s.optional(s.string),
  tenant_id: s.optional(s.string),
  display_name: s.optional(s.string),
  email: s.optional(s.string),
  groups: s.optional(s.stringArray),
  status: s.optional(s.string),
});
export type ResolvedIdentity = s.ShapeOf<typeof isResolvedIdentity>;

const isSyncRun = s.object({
  sync_id: s.string,
  status: s.string,
  started_at: s.optional(s.string),
  completed_at: s.optional(s.string),
  partner_id: s.optional(s.string),
  tenant_id: s.optional(s.string),
  error: s.optional(s.string),
  requested_by: s.optional(s.string),
  counts: s.optional(s.object({})),
});
export type IdentitySyncRun = s.ShapeOf<typeof isSyncRun>;
const isSyncHistory = s.numberedList('syncs', isSyncRun);
export type IdentitySyncHistory = s.ShapeOf<typeof isSyncHistory>;

const isAdminRoles = s.plainList('roles', s.object({ name: s.string, description: s.optional(s.string) }));
export type AdminRoleList = s.ShapeOf<typeof isAdminRoles>;

const isUserRoles = s.object({ user_id: s.optional(s.string), roles: s.stringArray });
export type UserRoles = s.ShapeOf<typeof isUserRoles>;

export interface PageNumberOptions extends CallOptions {
  page?: number;
  pageSize?: number;
}

export class IdentityNamespace {
  constructor(private readonly http: Transport) {}

  partners(options: PageNumberOptions & { status?: string } = {}): Promise<PartnerPage> {
    const query = { status: options.status, page: options.page, page_size: options.pageSize };
    return this.http.json({ ...options, method: 'GET', path: '/v1/identity/partners', query }, isPartnerPage);
  }

  tenants(options: PageNumberOptions & { partnerId?: string; status?: string } = {}): Promise<TenantPage> {
    const query = { partner_id: options.partnerId, status: options.status, page: options.page, page_size: options.pageSize };
    return this.http.json({ ...options, method: 'GET', path: '/v1/identity/tenants', query }, isTenantPage);
  }

  /** Users of a tenant; `q` searches email and name. */
  users(tenantId: string, options: PageNumberOptions & { status?: string; q?: string } = {}): Promise<IdentityUserPage> {
    const query = { status: options.status, q: options.q, page: options.page, page_size: options.pageSize };
    return this.http.json({ ...options, method: 'GET', path: `/v1/identity/tenants/${encodeSegment(tenantId)}/users`, query }, isUserPage);
  }

  groups(tenantId: string, options: PageNumberOptions = {}): Promise<IdentityGroupPage> {
    const query = { page: options.page, page_size: options.pageSize };
    return this.http.json(
      { ...options, method: 'GET', path: `/v1/identity/tenants/${encodeSegment(tenantId)}/groups`, query },
      isGroupPage,
    );
  }

  groupMembers(groupId: string, options: PageNumberOptions = {}): Promise<GroupMemberPage> {
    const query = { page: options.page, page_size: options.pageSize };
    return this.http.json(
      { ...options, method: 'GET', path: `/v1/identity/groups/${encodeSegment(groupId)}/members`, query },
      isMemberPage,
    );
  }

  /** One identity with its group memberships; NotFoundError (`identity_not_found`) when unknown. */
  resolve(identityType: string, identityId: string, options: CallOptions = {}): Promise<ResolvedIdentity> {
    const path = `/v1/identity/resolve/${encodeSegment(identityType)}/${encodeSegment(identityId)}`;
    return this.http.json({ ...options, method: 'GET', path }, isResolvedIdentity);
  }

  /** Starts a sync from ScaiKey (everything, or one partner or tenant); answers 202 with the run. */
  sync(options: CallOptions & { partnerId?: string; tenantId?: string } = {}): Promise<IdentitySyncRun> {
    const query = omitUndefined({ partner_id: options.partnerId, tenant_id: options.tenantId });
    return this.http.json({ ...options, method: 'POST', path: '/v1/identity/sync', query }, isSyncRun);
  }

  /**
   * One sync run. With `waitSeconds` (up to 30) the server holds the answer until the run has
   * finished or that time has passed, so waiting for a sync takes one request per interval.
   */
  syncRun(syncId: string, options: CallOptions & { waitSeconds?: number } = {}): Promise<IdentitySyncRun> {
    const query = omitUndefined({ wait: options.waitSeconds });
    const timeoutMs = options.timeoutMs ?? (options.waitSeconds === undefined ? undefined : (options.waitSeconds + 30) * 1000);
    return this.http.json(
      {
        ...options,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        method: 'GET',
        path: `/v1/identity/sync/${encodeSegment(syncId)}`,
        query,
      },
      isSyncRun,
    );
  }

  syncHistory(options: PageNumberOptions = {}): Promise<IdentitySyncHistory> {
    const query = { page: options.page, page_size: options.pageSize };
    return this.http.json({ ...options, method: 'GET', path: '/v1/identity/sync/history', query }, isSyncHistory);
  }

  /** Admin roles that can be assigned. */
  roles(options: CallOptions = {}): Promise<AdminRoleList> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/identity/roles' }, isAdminRoles);
  }

  userRoles(userId: string, options: CallOptions = {}): Promise<UserRoles> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/identity/users/${encodeSegment(userId)}/roles` }, isUserRoles);
  }

  /** Replaces a user's admin roles. */
  setUserRoles(userId: string, roles: readonly string[], options: CallOptions = {}): Promise<UserRoles> {
    return this.http.json(
      { ...options, method: 'PUT', path: `/v1/identity/users/${encodeSegment(userId)}/roles`, body: { roles } },
      isUserRoles,
    );
  }
}
