import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { DynamicService } from './dynamic-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { conflict, invalidRequest } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EngineSpec } from './engines.js';
import type { RoleSpec } from './roles.js';
import { LEASE_STATUSES, managesLeases } from './leases.js';

const READ = ['dynamic:read', 'dynamic:manage'];
const MANAGE = 'dynamic:manage';

function readEngineSpec(body: unknown, create: boolean): EngineSpec {
  const fields = new BodyReader(body);
  const name = create ? fields.requiredString('name', { max: 64 }) : undefined;
  const type = create ? fields.requiredString('type', { max: 64 }) : undefined;
  const config =
    fields.optionalNested('config', (nested) => {
      const read = {
        plugin: nested.optionalString('plugin', { max: 64 }),
        connection_url: nested.optionalString('connection_url', { max: 2048 }),
        root_credentials_path: nested.optionalString('root_credentials_path', { max: 600 }),
      };
      for (const key of Object.keys(nested.rawObject()))
        if (!['plugin', 'connection_url', 'root_credentials_path'].includes(key)) nested.fail(key, 'unknown field');
      return read;
    }) ?? {};
  if (create && !fields.has('config')) fields.fail('config', 'required object {plugin, connection_url, root_credentials_path}');
  const spec = {
    name,
    type,
    ...config,
    default_ttl: fields.optionalString('default_ttl', { max: 32 }),
    max_ttl: fields.optionalString('max_ttl', { max: 32 }),
  };
  for (const key of Object.keys(fields.rawObject())) {
    if (!['name', 'type', 'config', 'default_ttl', 'max_ttl'].includes(key)) fields.fail(key, 'unknown field');
    else if (!create && (key === 'name' || key === 'type')) fields.fail(key, 'cannot be changed');
  }
  fields.finish();
  return spec;
}

/** A statement list: an array of SQL templates, or one string (which may hold several statements). */
function statements(fields: BodyReader, name: string): string[] | undefined {
  const value = fields.raw(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  return fields.optionalStringArray(name);
}

function readRoleSpec(body: unknown, create: boolean): RoleSpec {
  const fields = new BodyReader(body);
  const spec: RoleSpec = {
    name: create ? fields.requiredString('name', { max: 64 }) : undefined,
    creation_statements: statements(fields, 'creation_statements'),
    revocation_statements: statements(fields, 'revocation_statements'),
    renew_statements: statements(fields, 'renew_statements'),
    default_ttl: fields.optionalString('default_ttl', { max: 32 }),
    max_ttl: fields.optionalString('max_ttl', { max: 32 }),
  };
  if (create && spec.creation_statements === undefined) fields.fail('creation_statements', 'required: SQL templates using {{name}}');
  const known = ['name', 'creation_statements', 'revocation_statements', 'renew_statements', 'default_ttl', 'max_ttl'];
  for (const key of Object.keys(fields.rawObject()))
    if (!known.includes(key) || (!create && key === 'name')) fields.fail(key, create ? 'unknown field' : 'cannot be changed');
  fields.finish();
  return spec;
}

function readTtl(body: unknown): string | undefined {
  const fields = new BodyReader(body, { allowEmpty: true });
  const ttl = fields.optionalString('ttl', { max: 32 });
  for (const key of Object.keys(fields.rawObject())) if (key !== 'ttl') fields.fail(key, 'unknown field');
  fields.finish();
  return ttl;
}

export function registerDynamicRoutes(
  app: FastifyInstance,
  { engines, roles, leases }: DynamicService,
  { policies }: DependenciesOf<'policies'>,
): void {
  const { access } = policies;
  const params = (request: FastifyRequest) => request.params as { name: string; role: string; id: string };
  const note = (request: FastifyRequest, extra: Record<string, unknown>) => Object.assign(request.ctx.auditExtra, extra);

  /** Revokes the live leases of an engine or role for `?force=true`; without it, their existence is a conflict. */
  const clearLeases = async (actor: Actor, request: FastifyRequest, engine: string, role?: string) => {
    const live = await leases.liveRows(actor.tenantId, engine, role);
    if (live.length === 0) return;
    const what = role === undefined ? `engine '${engine}'` : `role '${role}' of engine '${engine}'`;
    if (!booleanQuery(queryOf(request).force, false))
      throw conflict(
        role === undefined ? 'engine_in_use' : 'role_in_use',
        `${what} has ${live.length} live lease(s): revoke them first, or delete with force=true`,
        {
          engine,
          ...(role === undefined ? {} : { role }),
          live_leases: live.length,
        },
      );
    const { failed } = await leases.revokeMatching(actor, { engine, role });
    if (failed.length > 0)
      throw conflict('invalid_state', `${what} still has ${failed.length} lease(s) that could not be revoked; nothing was deleted`, {
        engine,
        failed,
      });
  };

  app.get('/v1/dynamic/engines', { config: { action: 'dynamic_engine_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await engines.list(actor.tenantId, decodeCursor<string>(query.cursor, 'string'), limit);
    const result = page(rows, limit, (row) => row.name);
    return { engines: result.items.map((row) => engines.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/dynamic/engines', { config: { rate: 'dynamic_admin', action: 'dynamic_engine_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, MANAGE);
    const spec = readEngineSpec(request.body, true);
    note(request, { engine: spec.name });
    const row = await engines.create(actor, { ...spec, name: spec.name!, type: spec.type! });
    reply.code(201);
    return engines.view(row);
  });

  app.get('/v1/dynamic/engines/:name', { config: { action: 'dynamic_engine_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    return engines.view(await engines.row(actor.tenantId, params(request).name));
  });

  app.patch('/v1/dynamic/engines/:name', { config: { rate: 'dynamic_admin', action: 'dynamic_engine_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, MANAGE);
    note(request, { engine: params(request).name });
    return engines.view(await engines.update(actor, params(request).name, readEngineSpec(request.body, false)));
  });

  app.delete(
    '/v1/dynamic/engines/:name',
    { config: { rate: 'dynamic_admin', action: 'dynamic_engine_delete' } },
    async (request, reply) => {
      const actor = actorOf(request);
      access.requireScope(actor, MANAGE);
      const { name } = params(request);
      note(request, { engine: name });
      await engines.row(actor.tenantId, name);
      await clearLeases(actor, request, name);
      await engines.delete(actor.tenantId, name);
      reply.code(204);
    },
  );

  app.get('/v1/dynamic/engines/:name/health', { config: { action: 'dynamic_engine_health' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    return engines.health(await engines.row(actor.tenantId, params(request).name), actor.requestId);
  });

  app.get('/v1/dynamic/engines/:name/roles', { config: { action: 'dynamic_role_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const engine = await engines.row(actor.tenantId, params(request).name);
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await roles.list(engine, decodeCursor<string>(query.cursor, 'string'), limit);
    const result = page(rows, limit, (row) => row.name);
    return { roles: result.items.map((row) => roles.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.post(
    '/v1/dynamic/engines/:name/roles',
    { config: { rate: 'dynamic_admin', action: 'dynamic_role_create' } },
    async (request, reply) => {
      const actor = actorOf(request);
      access.requireScope(actor, MANAGE);
      const engine = await engines.row(actor.tenantId, params(request).name);
      const spec = readRoleSpec(request.body, true);
      note(request, { engine: engine.name, role: spec.name });
      const row = await roles.create(engine, { ...spec, name: spec.name!, creation_statements: spec.creation_statements! });
      reply.code(201);
      return roles.view(row);
    },
  );

  app.get('/v1/dynamic/engines/:name/roles/:role', { config: { action: 'dynamic_role_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const engine = await engines.row(actor.tenantId, params(request).name);
    return roles.view(await roles.row(engine, params(request).role));
  });

  app.patch(
    '/v1/dynamic/engines/:name/roles/:role',
    { config: { rate: 'dynamic_admin', action: 'dynamic_role_update' } },
    async (request) => {
      const actor = actorOf(request);
      access.requireScope(actor, MANAGE);
      const engine = await engines.row(actor.tenantId, params(request).name);
      note(request, { engine: engine.name, role: params(request).role });
      return roles.view(await roles.update(engine, params(request).role, readRoleSpec(request.body, false)));
    },
  );

  app.delete(
    '/v1/dynamic/engines/:name/roles/:role',
    { config: { rate: 'dynamic_admin', action: 'dynamic_role_delete' } },
    async (request, reply) => {
      const actor = actorOf(request);
      access.requireScope(actor, MANAGE);
      const engine = await engines.row(actor.tenantId, params(request).name);
      const { role } = params(request);
      note(request, { engine: engine.name, role });
      await roles.row(engine, role);
      await clearLeases(actor, request, engine.name, role);
      await roles.delete(engine, role);
      reply.code(204);
    },
  );

  app.post(
    '/v1/dynamic/engines/:name/creds/:role',
    { config: { rate: 'dynamic_creds', action: 'dynamic_generate' } },
    async (request, reply) => {
      const actor = actorOf(request);
      access.requireScope(actor, ...READ);
      const { name, role } = params(request);
      note(request, { engine: name, role });
      const lease = await leases.generate(actor, name, role, readTtl(request.body));
      note(request, { lease_id: lease.lease_id });
      reply.code(201);
      return lease;
    },
  );

  app.get('/v1/dynamic/leases', { config: { action: 'dynamic_lease_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const query = queryOf(request);
    const status = query.status;
    if (status !== undefined && !['live', 'all', ...LEASE_STATUSES].includes(status))
      throw invalidRequest(`status must be one of live, all, ${LEASE_STATUSES.join(', ')}`, { status });
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await leases.list(
      actor.tenantId,
      { engine: query.engine, role: query.role, status, createdBy: managesLeases(actor) ? undefined : actor.identity.id },
      decodeCursor<string>(query.cursor, 'string'),
      limit,
    );
    const result = page(rows, limit, (row) => row.id);
    return { leases: result.items.map((row) => leases.view(row)), cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/dynamic/leases/revoke', { config: { rate: 'dynamic_lease', action: 'dynamic_revoke' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const fields = new BodyReader(request.body);
    const filter = {
      engine: fields.optionalString('engine', { max: 64 }),
      role: fields.optionalString('role', { max: 64 }),
      prefix: fields.optionalString('prefix', { max: 256 }),
    };
    for (const key of Object.keys(fields.rawObject())) if (!['engine', 'role', 'prefix'].includes(key)) fields.fail(key, 'unknown field');
    if (filter.engine === undefined && filter.prefix === undefined) fields.fail('engine', 'engine or prefix is required');
    fields.finish();
    if (filter.engine !== undefined) await engines.row(actor.tenantId, filter.engine);
    note(request, { ...filter, bulk: true });
    const { revoked, failed } = await leases.revokeMatching(actor, filter);
    for (const row of revoked)
      request.ctx.auditNotes.push({ action: 'dynamic_revoke', extra: { lease_id: row.id, engine: row.engine, role: row.role } });
    for (const item of failed)
      request.ctx.auditNotes.push({ action: 'dynamic_revoke', success: false, extra: { lease_id: item.lease_id } });
    return { revoked: revoked.map((row) => leases.view(row)), failed };
  });

  app.get('/v1/dynamic/leases/:id', { config: { action: 'dynamic_lease_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    return leases.view(await leases.row(actor, params(request).id));
  });

  app.post('/v1/dynamic/leases/:id/renew', { config: { rate: 'dynamic_lease', action: 'dynamic_renew' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    note(request, { lease_id: params(request).id });
    return leases.view(await leases.renew(actor, params(request).id, readTtl(request.body)));
  });

  app.post('/v1/dynamic/leases/:id/revoke', { config: { rate: 'dynamic_lease', action: 'dynamic_revoke' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    note(request, { lease_id: params(request).id });
    new BodyReader(request.body, { allowEmpty: true }).finish();
    return leases.view(await leases.revoke(actor, params(request).id));
  });
}
