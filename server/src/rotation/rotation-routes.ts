import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { RotationService } from './rotation-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { validateSecretPath } from '../shared/secret-path.js';
import { HISTORY_STATUSES, type RotationPolicySpec } from './rotation-policies.js';

function readSpec(body: unknown, create: boolean): RotationPolicySpec & { is_active?: boolean } {
  const fields = new BodyReader(body);
  const spec = {
    name: create ? fields.requiredString('name', { max: 256 }) : fields.optionalString('name', { max: 256 }),
    description: fields.optionalString('description'),
    interval: create ? fields.requiredString('interval', { max: 32 }) : fields.optionalString('interval', { max: 32 }),
    grace_period: fields.optionalString('grace_period', { max: 32 }),
    warn_before: fields.raw('warn_before') ?? undefined,
    auto_generate: fields.optionalBoolean('auto_generate'),
    secret_policy_id: fields.optionalString('secret_policy_id', { max: 128 }),
    webhook_ids: fields.optionalStringArray('webhook_ids'),
    ...(create ? {} : { is_active: fields.optionalBoolean('is_active') }),
  };
  fields.finish();
  return spec as RotationPolicySpec & { is_active?: boolean };
}

export function registerRotationRoutes(
  app: FastifyInstance,
  { rotationPolicies, rotator, scheduler }: RotationService,
  { policies }: DependenciesOf<'policies'>,
): void {
  const { access } = policies;
  const id = (params: unknown) => (params as { id: string }).id;

  app.get('/v1/rotation/policies', { config: { action: 'rotation_policy_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await rotationPolicies.list(
      actor.tenantId,
      booleanQuery(query.active_only, false),
      decodeCursor<string>(query.cursor, 'string'),
      limit,
    );
    const result = page(rows, limit, (row) => row.id as string);
    return { data: result.items, cursor: result.cursor, has_more: result.has_more };
  });

  app.post('/v1/rotation/policies', { config: { action: 'rotation_policy_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const spec = readSpec(request.body, true);
    reply.code(201);
    return await rotationPolicies.create(actor, { ...spec, name: spec.name!, interval: spec.interval! });
  });

  app.get('/v1/rotation/policies/:id', { config: { action: 'rotation_policy_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return await rotationPolicies.get(actor.tenantId, id(request.params));
  });

  app.patch('/v1/rotation/policies/:id', { config: { action: 'rotation_policy_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return await rotationPolicies.update(actor.tenantId, id(request.params), readSpec(request.body, false));
  });

  app.delete('/v1/rotation/policies/:id', { config: { action: 'rotation_policy_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    await rotationPolicies.delete(actor.tenantId, id(request.params));
    reply.code(204);
  });

  for (const [verb, active] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`/v1/rotation/policies/:id/${verb}`, { config: { action: 'rotation_policy_update' } }, async (request) => {
      const actor = actorOf(request);
      access.requireScope(actor, 'admin');
      return await rotationPolicies.update(actor.tenantId, id(request.params), { is_active: active });
    });
  }

  app.post('/v1/rotation/policies/:id/secrets', { config: { action: 'rotation_assign' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const fields = new BodyReader(request.body);
    const path = fields.requiredString('secret_path', { max: 600 });
    fields.finish();
    validateSecretPath(path);
    request.ctx.auditPath = path;
    reply.code(201);
    return await rotationPolicies.assign(actor.tenantId, id(request.params), path);
  });

  app.delete('/v1/rotation/policies/:id/secrets/*', { config: { action: 'rotation_unassign' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    let path: string;
    try {
      path = decodeURIComponent((request.params as Record<string, string>)['*'] ?? '');
    } catch {
      throw new ApiError(400, 'invalid_path', 'The secret path is not valid percent-encoding');
    }
    validateSecretPath(path);
    request.ctx.auditPath = path;
    await rotationPolicies.unassign(actor.tenantId, id(request.params), path);
    reply.code(204);
  });

  app.post('/v1/rotation/policies/:id/rotate', { config: { action: 'rotate' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'secrets:rotate');
    const fields = new BodyReader(request.body, { allowEmpty: true });
    const paths = fields.optionalStringArray('secret_paths');
    fields.finish();
    paths?.forEach((path) => validateSecretPath(path));
    const policyId = id(request.params);
    const items = await rotator.triggerPolicy(actor, policyId, paths);
    // One audit entry per secret, so `audit trail <path>` shows rotations a trigger started.
    for (const item of items) {
      request.ctx.auditNotes.push({
        action: 'rotate',
        path: item.secret_path as string,
        success: item.status !== 'failed',
        extra: { rotation_policy_id: policyId, history_id: item.id, rotation_status: item.status },
      });
    }
    return items;
  });

  app.get('/v1/rotation/policies/:id/history', { config: { action: 'rotation_history' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:read');
    const query = queryOf(request);
    if (query.status !== undefined && !HISTORY_STATUSES.includes(query.status as (typeof HISTORY_STATUSES)[number])) {
      throw invalidRequest(`status must be one of ${HISTORY_STATUSES.join(', ')}`, { status: query.status });
    }
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await rotator.history(
      actor.tenantId,
      id(request.params),
      query.status,
      decodeCursor<number>(query.cursor, 'number'),
      limit,
    );
    const result = page(rows, limit, (row) => row.seq);
    return { data: result.items.map((row) => row.view), cursor: result.cursor, has_more: result.has_more };
  });

  const due = async (request: FastifyRequest) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'secrets:rotate', 'admin');
    const query = queryOf(request);
    const hours = query.within_hours === undefined ? 24 : Number(query.within_hours);
    if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 3650)
      throw invalidRequest('within_hours must be a number of hours from 0 to 87600', { within_hours: query.within_hours });
    return {
      data: await scheduler.due(actor.tenantId, hours * 3_600_000, booleanQuery(query.include_overdue, true), query.policy_id),
      cursor: null,
      has_more: false,
    };
  };
  app.get('/v1/rotation/due', { config: { action: 'rotation_due' } }, due);
  // Deprecated alias kept by the vendor; answers exactly like /v1/rotation/due.
  app.get('/v1/rotation/pending', { config: { action: 'rotation_due' } }, due);
}
