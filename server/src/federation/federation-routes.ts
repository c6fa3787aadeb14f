import type { FastifyInstance, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import type { DependenciesOf } from '../modules/area-module.js';
import { actorOf, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { iso } from '../shared/time.js';
import { BackendUnavailable } from './backend-store.js';
import { credentialPaths, invalidConfig, readBackendSpec, type BackendSpec, type BackendType, type BackendMode } from './backend-spec.js';
import type { BackendRow } from './backend-registry.js';
import { parsePathMapping } from './path-mapping.js';
import type { FederationService } from './federation-area.js';

const READ = ['federation:read', 'federation:write'];
const WRITE = 'federation:write';

/** The stored backend as the spec a PATCH is merged over. */
function specOf(row: BackendRow): BackendSpec {
  const pathMapping = JSON.parse(row.path_mapping) as Record<string, string>;
  return {
    name: row.name,
    type: row.backend_type as BackendType,
    mode: row.mode as BackendMode,
    config: JSON.parse(row.config) as Record<string, unknown>,
    pathMapping,
    rules: parsePathMapping(pathMapping),
    syncInterval: row.sync_interval,
    syncIntervalMs: row.sync_interval_ms,
    writeThrough: row.write_through === 1,
  };
}

export function registerFederationRoutes(
  app: FastifyInstance,
  { registry, connections, runner }: FederationService,
  { policies }: DependenciesOf<'policies'>,
): void {
  const { access } = policies;
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const lastSyncAt = async (row: BackendRow) => (await runner.latest(row.id, 'completed'))?.completed_at ?? null;
  const view = async (row: BackendRow) => registry.view(row, await lastSyncAt(row));

  /** A backend whose identity cannot read its credentials would fail on every use: refused when configured. */
  const requireCredentials = async (tenantId: string, spec: BackendSpec) => {
    for (const path of credentialPaths(spec.type, spec.config)) {
      const problem = await connections.credentialProblem(tenantId, spec.name, path);
      if (problem) throw invalidConfig(`the backend's credentials: ${problem}`, { field: 'config', path });
    }
  };

  app.get('/v1/federation/backends', { config: { action: 'federation_backend_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await registry.list(actor.tenantId, decodeCursor<string>(query.cursor, 'string'), limit);
    const result = page(rows, limit, (row) => row.name);
    return { backends: await Promise.all(result.items.map(view)), cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/federation/backends', { config: { action: 'federation_backend_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, WRITE);
    const spec = readBackendSpec(request.body);
    await requireCredentials(actor.tenantId, spec);
    const row = await registry.create(actor, spec);
    request.ctx.auditExtra.backend_id = row.id;
    reply.code(201);
    return view(row);
  });

  app.get('/v1/federation/backends/:id', { config: { action: 'federation_backend_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    return view(await registry.row(actor.tenantId, idOf(request)));
  });

  app.patch('/v1/federation/backends/:id', { config: { action: 'federation_backend_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, WRITE);
    const current = await registry.row(actor.tenantId, idOf(request));
    const spec = readBackendSpec(request.body, specOf(current));
    await requireCredentials(actor.tenantId, spec);
    const row = await registry.update(actor.tenantId, current.id, spec);
    connections.forget(row.id);
    return view(row);
  });

  app.delete('/v1/federation/backends/:id', { config: { action: 'federation_backend_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, WRITE);
    const row = await registry.row(actor.tenantId, idOf(request));
    await runner.settled();
    await registry.delete(actor.tenantId, row.id);
    connections.forget(row.id);
    request.ctx.auditExtra.backend_id = row.id;
    reply.code(204);
  });

  app.get('/v1/federation/backends/:id/status', { config: { action: 'federation_backend_status' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const row = await registry.row(actor.tenantId, idOf(request));
    // The connection is checked now, with one authenticated request whose round trip is the latency.
    const started = performance.now();
    let latency: number | null = null;
    try {
      await connections.use(row, (store) => store.ping(), true);
      latency = Math.round(performance.now() - started);
    } catch (error) {
      if (!(error instanceof BackendUnavailable)) throw error;
    }
    const completed = await runner.latest(row.id, 'completed');
    const latest = row.mode === 'sync' ? await runner.latest(row.id) : undefined;
    const conflicts = row.mode === 'sync' ? await runner.openConflicts(row.id) : 0;
    const connected = row.connection_status === 'connected';
    return {
      id: row.id,
      name: row.name,
      mode: row.mode,
      status: !connected ? 'down' : latest?.status === 'failed' || conflicts > 0 ? 'degraded' : 'healthy',
      last_sync: iso(completed?.completed_at ?? null),
      last_sync_duration_ms: completed?.completed_at != null ? completed.completed_at - completed.started_at : null,
      secrets_synced: completed?.secrets_synced ?? null,
      conflicts,
      connection: {
        status: row.connection_status,
        latency_ms: latency,
        checked_at: iso(row.connection_checked_at),
        ...(row.connection_error ? { error: row.connection_error } : {}),
      },
      sync: latest ? runner.view(latest) : null,
    };
  });

  app.post('/v1/federation/backends/:id/sync', { config: { action: 'federation_sync_start' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, WRITE);
    const row = await registry.row(actor.tenantId, idOf(request));
    const sync = await runner.start(row, 'manual', actor);
    request.ctx.auditExtra.backend_id = row.id;
    request.ctx.auditExtra.sync_id = sync.id;
    reply.code(202);
    return runner.view(sync);
  });

  app.get('/v1/federation/backends/:id/conflicts', { config: { action: 'federation_conflict_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, ...READ);
    const row = await registry.row(actor.tenantId, idOf(request));
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await runner.conflicts(row.id, decodeCursor<string>(query.cursor, 'string'), limit);
    const result = page(rows, limit, (conflict) => conflict.path);
    return {
      conflicts: result.items.map((conflict) => ({
        path: conflict.path,
        backend_path: conflict.backend_path,
        local_version: conflict.local_version,
        remote_version: conflict.remote_version === null ? null : (JSON.parse(conflict.remote_version) as unknown),
        detected_at: iso(conflict.detected_at),
      })),
      cursor: result.cursor,
      has_more: result.has_more,
    };
  });
}
