import { newId } from '../shared/ids.js';

export interface DirectoryPartner {
  id: string;
  name: string;
  slug: string;
  region: string;
  status: 'ACTIVE' | 'SUSPENDED';
}

export interface DirectoryTenant {
  id: string;
  partner_id: string;
  name: string;
  slug: string;
  status: 'ACTIVE' | 'SUSPENDED';
}

export interface DirectoryUser {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string;
  status: 'ACTIVE' | 'SUSPENDED';
  mfa_enabled: boolean;
  roles: string[];
}

export interface DirectoryGroup {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
}

export interface DirectoryMembership {
  group_id: string;
  user_id: string;
  membership_type: 'DIRECT';
  added_at: string;
}

/** One change, as the webhook announces it: `user.created`, `group.member_added`, ... */
export interface DirectoryChange {
  type: string;
  data: Record<string, unknown>;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A refused directory change: the caller named something unknown or gave a bad value. */
export class DirectoryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The dev ScaiKey's partners, tenants, users, groups and memberships, in memory. Every change is
 * handed to `onChange` (the webhook sender), in the order it happened.
 */
export class Directory {
  readonly partners = new Map<string, DirectoryPartner>();
  readonly tenants = new Map<string, DirectoryTenant>();
  readonly users = new Map<string, DirectoryUser>();
  readonly groups = new Map<string, DirectoryGroup>();
  /** group id → user id → membership */
  readonly memberships = new Map<string, Map<string, DirectoryMembership>>();

  constructor(
    private readonly clock: () => number,
    private readonly onChange: (change: DirectoryChange) => void,
  ) {}

  addPartner(input: { name: string; slug: string; id?: string; region?: string }): DirectoryPartner {
    if (!SLUG.test(input.slug)) throw new DirectoryError(400, 'invalid_request', 'slug: lower-case letters, digits and dashes');
    if ([...this.partners.values()].some((partner) => partner.slug === input.slug))
      throw new DirectoryError(409, 'partner_exists', `partner '${input.slug}' exists`);
    const partner: DirectoryPartner = {
      id: input.id ?? newId('ptn'),
      name: input.name,
      slug: input.slug,
      region: input.region ?? 'local',
      status: 'ACTIVE',
    };
    this.partners.set(partner.id, partner);
    this.onChange({ type: 'partner.created', data: { ...partner } });
    return partner;
  }

  addTenant(input: { partnerId: string; name: string; slug: string; id?: string }): DirectoryTenant {
    if (!this.partners.has(input.partnerId)) throw new DirectoryError(404, 'partner_not_found', `partner '${input.partnerId}' not found`);
    if (!SLUG.test(input.slug)) throw new DirectoryError(400, 'invalid_request', 'slug: lower-case letters, digits and dashes');
    if (this.tenantBySlug(input.slug)) throw new DirectoryError(409, 'tenant_exists', `tenant '${input.slug}' exists`);
    const tenant: DirectoryTenant = {
      id: input.id ?? newId('tnt'),
      partner_id: input.partnerId,
      name: input.name,
      slug: input.slug,
      status: 'ACTIVE',
    };
    this.tenants.set(tenant.id, tenant);
    this.onChange({ type: 'tenant.created', data: { ...tenant } });
    return tenant;
  }

  tenantBySlug(slug: string): DirectoryTenant | undefined {
    return [...this.tenants.values()].find((tenant) => tenant.slug === slug);
  }

  partnerBySlug(slug: string): DirectoryPartner | undefined {
    return [...this.partners.values()].find((partner) => partner.slug === slug);
  }

  addUser(input: { tenantId: string; email: string; displayName?: string; roles?: string[]; mfaEnabled?: boolean }): DirectoryUser {
    if (!this.tenants.has(input.tenantId)) throw new DirectoryError(404, 'tenant_not_found', `tenant '${input.tenantId}' not found`);
    const email = input.email.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DirectoryError(400, 'invalid_request', 'email: an e-mail address');
    if (this.userByEmail(input.tenantId, email)) throw new DirectoryError(409, 'user_exists', `user '${email}' exists in this tenant`);
    const user: DirectoryUser = {
      id: newId('usr'),
      tenant_id: input.tenantId,
      email,
      display_name: input.displayName ?? email,
      status: 'ACTIVE',
      mfa_enabled: input.mfaEnabled ?? false,
      roles: input.roles ?? [],
    };
    this.users.set(user.id, user);
    this.onChange({ type: 'user.created', data: { ...user } });
    return user;
  }

  userByEmail(tenantId: string, email: string): DirectoryUser | undefined {
    return [...this.users.values()].find((user) => user.tenant_id === tenantId && user.email === email.toLowerCase());
  }

  removeUser(userId: string): void {
    const user = this.requireUser(userId);
    for (const members of this.memberships.values()) members.delete(userId);
    this.users.delete(userId);
    this.onChange({ type: 'user.deleted', data: { id: user.id, tenant_id: user.tenant_id } });
  }

  addGroup(input: { tenantId: string; name: string; description?: string }): DirectoryGroup {
    if (!this.tenants.has(input.tenantId)) throw new DirectoryError(404, 'tenant_not_found', `tenant '${input.tenantId}' not found`);
    if (!SLUG.test(input.name)) throw new DirectoryError(400, 'invalid_request', 'name: lower-case letters, digits and dashes');
    if ([...this.groups.values()].some((group) => group.tenant_id === input.tenantId && group.name === input.name))
      throw new DirectoryError(409, 'group_exists', `group '${input.name}' exists in this tenant`);
    const group: DirectoryGroup = { id: newId('grp'), tenant_id: input.tenantId, name: input.name, description: input.description ?? '' };
    this.groups.set(group.id, group);
    this.memberships.set(group.id, new Map());
    this.onChange({ type: 'group.created', data: { ...group } });
    return group;
  }

  addMember(groupId: string, userId: string): DirectoryMembership {
    const group = this.requireGroup(groupId);
    const user = this.requireUser(userId);
    if (user.tenant_id !== group.tenant_id)
      throw new DirectoryError(400, 'invalid_request', 'the user and the group are in different tenants');
    const members = this.memberships.get(groupId)!;
    const existing = members.get(userId);
    if (existing) return existing;
    const membership: DirectoryMembership = {
      group_id: groupId,
      user_id: userId,
      membership_type: 'DIRECT',
      added_at: new Date(this.clock()).toISOString(),
    };
    members.set(userId, membership);
    this.onChange({ type: 'group.member_added', data: { ...membership, tenant_id: group.tenant_id, email: user.email } });
    return membership;
  }

  removeMember(groupId: string, userId: string): void {
    const group = this.requireGroup(groupId);
    if (!this.memberships.get(groupId)!.delete(userId))
      throw new DirectoryError(404, 'membership_not_found', `user '${userId}' is not a member of '${groupId}'`);
    this.onChange({ type: 'group.member_removed', data: { group_id: groupId, user_id: userId, tenant_id: group.tenant_id } });
  }

  requireUser(userId: string): DirectoryUser {
    const user = this.users.get(userId);
    if (!user) throw new DirectoryError(404, 'user_not_found', `user '${userId}' not found`);
    return user;
  }

  requireGroup(groupId: string): DirectoryGroup {
    const group = this.groups.get(groupId);
    if (!group) throw new DirectoryError(404, 'group_not_found', `group '${groupId}' not found`);
    return group;
  }
}
