import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { IdentityService } from './identity-area.js';
import { actorOf, queryOf, type Query } from '../http/request-context.js';
import { forbidden, invalidRequest, notFound } from '../http/api-error.js';
import { BodyReader } from '../http/body-reader.js';
import type { Actor } from '../shared/actor.js';
import type { PageRequest, SyncScope, Visibility } from './identity-cache.js';
import type { IdentityGroupsTable, IdentityTenantsTable, IdentityUsersTable } from './identity-tables.js';
import { syncView } from './identity-sync.js';
import { parseScaiKeyEvent, verifyScaiKeySignature } from './scaikey-webhooks.js';

const READ = ['identity:read', 'identity:admin'];
const ADMIN = 'identity:admin';
const MAX_PAGE_SIZE = 500;

export const ADMIN_ROLES = [
  { name: 'super_admin', description: 'Every partner and tenant on the platform' },
  { name: 'partner_admin', description: 'Every tenant of one partner' },
  { name: 'tenant_admin', description: 'One tenant' },
] as const;
const ROLE_NAMES: readonly string[] = ADMIN_ROLES.map((role) => role.name);

function iso(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

function pageOf(query: Query): PageRequest {
  const read = (name: string, fallback: number, max: number) => {
    const value = query[name];
    if (value === undefined || value === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max)
      throw invalidRequest(`${name} must be an integer from 1 to ${max}`, { [name]: value });
    return number;
  };
  return { page: read('page', 1, 1_000_000), pageSize: read('page_size', 50, MAX_PAGE_SIZE) };
}

/** The root token and super admins see every partner; a partner admin its partner; anyone else its own tenant. */
export function visibilityOf(actor: Actor): Visibility {
  const { identity } = actor;
  if (identity.isRoot || identity.roles.includes('super_admin')) return { kind: 'all' };
  if (identity.roles.includes('partner_admin')) return { kind: 'partner', partnerId: identity.partnerId };
  return { kind: 'tenant', tenantId: actor.tenantId };
}

function sees(visibility: Visibility, tenant: IdentityTenantsTable | undefined, tenantId: string): boolean {
  if (visibility.kind === 'all') return true;
  if (visibility.kind === 'tenant') return visibility.tenantId === tenantId;
  return tenant?.partner_id === visibility.partnerId;
}

/** `/v1/identity/*`: the cached directory (page-based lists), resolve, admin roles, sync, and ScaiKey's webhook receiver. */
export function registerIdentityRoutes(app: FastifyInstance, service: IdentityService, { policies }: DependenciesOf<'policies'>): void {
  const { cache, syncs, webhooks } = service;
  const access = policies.access;

  const visibleTenant = async (actor: Actor, tenantId: string): Promise<IdentityTenantsTable> => {
    const tenant = await cache.tenant(tenantId);
    if (!tenant || !sees(visibilityOf(actor), tenant, tenantId))
      throw notFound('tenant_not_found', `Tenant '${tenantId}' not found in the identity cache`, { tenant_id: tenantId });
    return tenant;
  };
  const visibleUser = async (actor: Actor, user: IdentityUsersTable | undefined, asked: string): Promise<IdentityUsersTable> => {
    if (user && sees(visibilityOf(actor), await cache.tenant(user.tenant_id), user.tenant_id)) return user;
    throw notFound('identity_not_found', `User '${asked}' not found in the identity cache`, { identity_id: asked });
  };
  const visibleGroup = async (actor: Actor, group: IdentityGroupsTable | undefined, asked: string): Promise<IdentityGroupsTable> => {
    if (group && sees(visibilityOf(actor), await cache.tenant(group.tenant_id), group.tenant_id)) return group;
    throw notFound('group_not_found', `Group '${asked}' not found in the identity cache`, { group_id: asked });
  };
  const userView = async (user: IdentityUsersTable) => ({
    id: user.id,
    tenant_id: user.tenant_id,
    email: user.email,
    display_name: user.display_name,
    status: user.status,
    mfa_enabled: Boolean(Number(user.mfa_enabled)),
    groups: await cache.groupIdsOf(user.id),
    roles: await cache.rolesOf(user),
    last_synced_at: iso(user.last_synced_at),
  });
  const groupView = async (group: IdentityGroupsTable) => ({
    id: group.id,
    tenant_id: group.tenant_id,
    name: group.name,
    description: group.description,
    identity_id: `group:${group.name}`,
    member_count: await cache.memberCount(group.id),
    last_synced_at: iso(group.last_synced_at),
  });

  const readRoute = { config: { rate: 'identity_read' as const, action: false as const } };

  app.get('/v1/identity/partners', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const query = queryOf(request);
    const { rows, total } = await cache.partners(visibilityOf(actor), query.status, pageOf(query));
    return {
      partners: rows.map((row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        region: row.region,
        status: row.status,
        last_synced_at: iso(row.last_synced_at),
      })),
      total,
    };
  });

  app.get('/v1/identity/tenants', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const query = queryOf(request);
    const { rows, total } = await cache.tenants(visibilityOf(actor), query.partner_id, query.status, pageOf(query));
    return {
      tenants: rows.map((row) => ({
        id: row.id,
        partner_id: row.partner_id,
        name: row.name,
        slug: row.slug,
        status: row.status,
        last_synced_at: iso(row.last_synced_at),
      })),
      total,
    };
  });

  app.get('/v1/identity/tenants/:tenant_id/users', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const tenant = await visibleTenant(actor, (request.params as { tenant_id: string }).tenant_id);
    const query = queryOf(request);
    const { rows, total } = await cache.users(tenant.id, query.status, query.q, pageOf(query));
    return { users: await Promise.all(rows.map(userView)), total };
  });

  app.get('/v1/identity/tenants/:tenant_id/groups', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const tenant = await visibleTenant(actor, (request.params as { tenant_id: string }).tenant_id);
    const { rows, total } = await cache.groups(tenant.id, pageOf(queryOf(request)));
    return { groups: await Promise.all(rows.map(groupView)), total };
  });

  app.get('/v1/identity/groups/:group_id/members', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const { group_id: groupId } = request.params as { group_id: string };
    const group = await visibleGroup(actor, await cache.group(groupId), groupId);
    const { rows, total } = await cache.members(group.id, pageOf(queryOf(request)));
    return {
      members: rows.map((row) => ({
        user_id: row.user_id,
        email: row.email,
        membership_type: row.membership_type,
        added_at: row.added_at,
      })),
      total,
    };
  });

  app.get('/v1/identity/resolve/:identity_type/:identity_id', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const { identity_type: type, identity_id: asked } = request.params as { identity_type: string; identity_id: string };
    if (type === 'user') {
      const plain = asked.startsWith('user:') ? asked.slice('user:'.length) : asked;
      const user = await visibleUser(
        actor,
        plain.includes('@') ? await cache.userByEmail(actor.tenantId, plain) : await cache.user(plain),
        asked,
      );
      const groupIds = await policies.evaluator.groupsOf(user.tenant_id, `user:${user.email}`);
      return {
        id: user.id,
        type: 'user',
        identity_id: `user:${user.email}`,
        tenant_id: user.tenant_id,
        display_name: user.display_name,
        email: user.email,
        status: user.status,
        groups: await cache.groupIdsOf(user.id),
        roles: await cache.rolesOf(user),
        // What access-policy bindings this user matches: itself and every group it is in.
        policy_identities: [`user:${user.email}`, ...groupIds],
      };
    }
    if (type === 'group') {
      const plain = asked.startsWith('group:') ? asked.slice('group:'.length) : asked;
      const group = await visibleGroup(actor, (await cache.group(plain)) ?? (await cache.groupByName(actor.tenantId, plain)), asked);
      const view = await groupView(group);
      return {
        id: group.id,
        type: 'group',
        identity_id: view.identity_id,
        tenant_id: group.tenant_id,
        display_name: group.name,
        status: 'ACTIVE',
        groups: [],
        member_count: view.member_count,
      };
    }
    throw invalidRequest(`identity_type must be user or group, got '${type}'`, { identity_type: type });
  });

  app.get('/v1/identity/roles', { config: { rate: 'identity_read', action: false } }, async () => ({
    roles: ADMIN_ROLES.map((role) => ({ ...role })),
  }));

  app.get('/v1/identity/users/:user_id/roles', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const { user_id: userId } = request.params as { user_id: string };
    const user = await visibleUser(actor, await cache.user(userId), userId);
    return { user_id: user.id, roles: await cache.rolesOf(user) };
  });

  app.put('/v1/identity/users/:user_id/roles', { config: { rate: 'identity_read', action: 'identity_roles_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ADMIN);
    const { user_id: userId } = request.params as { user_id: string };
    const fields = new BodyReader(request.body);
    const roles = fields.optionalStringArray('roles');
    if (roles === undefined) fields.fail('roles', `required: an array of ${ROLE_NAMES.join(', ')}`);
    for (const role of roles ?? [])
      if (!ROLE_NAMES.includes(role)) fields.fail('roles', `unknown role '${role}'; known: ${ROLE_NAMES.join(', ')}`);
    fields.finish();
    const caller = actor.identity;
    const isSuper = caller.isRoot || caller.roles.includes('super_admin');
    if (!isSuper && !caller.roles.includes('partner_admin'))
      throw forbidden('forbidden', 'Only a super_admin or a partner_admin may change admin roles');
    const user = await visibleUser(actor, await cache.user(userId), userId);
    if (caller.id === `user:${user.email}` && !caller.isRoot)
      throw forbidden('forbidden', 'An administrator may not change their own roles');
    if (roles!.includes('super_admin') && !isSuper) throw forbidden('forbidden', 'Only a super_admin may grant super_admin');
    await cache.assignRoles(user.id, [...new Set(roles!)], caller.id);
    return { user_id: user.id, roles: await cache.rolesOf(user) };
  });

  app.post('/v1/identity/sync', { config: { rate: 'identity_sync', action: 'identity_sync' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, ADMIN);
    const query = queryOf(request);
    if (query.partner_id && query.tenant_id) throw invalidRequest('give partner_id or tenant_id, not both');
    if (!syncs.configured)
      throw invalidRequest('Identity sync needs a ScaiKey: this server was started without one (scaivault dev --scaikey starts one)');
    const visibility = visibilityOf(actor);
    let scope: SyncScope = query.tenant_id
      ? { kind: 'tenant', tenantId: query.tenant_id }
      : query.partner_id
        ? { kind: 'partner', partnerId: query.partner_id }
        : { kind: 'full' };
    // Below super admin a sync covers only what the caller administers; a "full" sync means all of that.
    if (visibility.kind === 'tenant') {
      if (scope.kind !== 'full' && !(scope.kind === 'tenant' && scope.tenantId === visibility.tenantId))
        throw forbidden('tenant_access_denied', `Identity '${actor.identity.id}' may sync only tenant '${visibility.tenantId}'`);
      scope = { kind: 'tenant', tenantId: visibility.tenantId };
    } else if (visibility.kind === 'partner') {
      if (scope.kind === 'partner' && scope.partnerId !== visibility.partnerId)
        throw forbidden('tenant_access_denied', `Identity '${actor.identity.id}' may sync only partner '${visibility.partnerId}'`);
      if (scope.kind === 'tenant' && (await cache.tenant(scope.tenantId))?.partner_id !== visibility.partnerId)
        throw forbidden(
          'tenant_access_denied',
          `Identity '${actor.identity.id}' may sync only tenants of partner '${visibility.partnerId}'`,
        );
      if (scope.kind === 'full') scope = { kind: 'partner', partnerId: visibility.partnerId };
    }
    const row = await syncs.request(scope, actor.identity.id);
    return reply.code(202).send(syncView(row));
  });

  app.get('/v1/identity/sync/history', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const { page, pageSize } = pageOf(queryOf(request));
    const visibility = visibilityOf(actor);
    const { rows, total } = await syncs.history(visibility.kind === 'tenant' ? visibility.tenantId : undefined, page, pageSize);
    return { syncs: rows.map(syncView), total };
  });

  app.get('/v1/identity/sync/:sync_id', readRoute, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const { sync_id: syncId } = request.params as { sync_id: string };
    const wait = queryOf(request).wait;
    if (wait !== undefined && !/^([0-9]|[12][0-9]|30)$/.test(wait))
      throw invalidRequest('wait must be a whole number of seconds from 0 to 30', { wait });
    const row = await syncs.waitFor(syncId, Number(wait ?? 0) * 1000);
    const visibility = visibilityOf(actor);
    if (!row || (visibility.kind === 'tenant' && row.tenant_id !== null && row.tenant_id !== visibility.tenantId))
      throw notFound('sync_not_found', `Identity sync '${syncId}' not found`, { sync_id: syncId });
    return syncView(row);
  });

  // ScaiKey → ScaiVault. No bearer token: the signature over the raw bytes is the credential, so
  // this route reads its body as bytes instead of through the JSON parser.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/v1/identity/webhooks/scaikey', { config: { public: true, action: 'identity_webhook' } }, async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      verifyScaiKeySignature(service.webhookSecret, request.headers, body, service.clock());
      const event = parseScaiKeyEvent(body);
      request.ctx.auditExtra.event_id = event.id;
      request.ctx.auditExtra.event_type = event.type;
      const applied = await webhooks.receive(event);
      return { received: true, event_id: event.id, applied };
    });
  });
}
