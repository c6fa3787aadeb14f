import type { FastifyInstance } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { PoliciesService } from './policies-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { validationError } from '../http/api-error.js';
import { parseTimestamp } from '../shared/time.js';
import { ROOT_IDENTITY_ID } from '../shared/identity.js';
import { validateSecretPath } from '../shared/secret-path.js';
import { IDENTITY_TYPES, PERMISSIONS, type PolicyChanges } from './access-policies.js';

function readChanges(body: unknown, requireAll: boolean): PolicyChanges {
  const fields = new BodyReader(body);
  const changes: PolicyChanges = {
    name: requireAll ? fields.requiredString('name', { max: 256 }) : fields.optionalString('name', { max: 256 }),
    description: fields.optionalString('description'),
    rules: fields.raw('rules'),
    scope: fields.optionalEnum('scope', ['tenant', 'partner'] as const),
    is_active: fields.optionalBoolean('is_active'),
  };
  if (requireAll && changes.rules === undefined) fields.fail('rules', 'required array of rules');
  fields.finish();
  return changes;
}

export function registerPoliciesRoutes(
  app: FastifyInstance,
  { accessPolicies, evaluator, access }: PoliciesService,
  { 'personal-tokens': personalTokens }: DependenciesOf<'personal-tokens'>,
  { clock }: Core,
): void {
  app.get('/v1/policies', { config: { rate: 'policy', action: 'policy_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await accessPolicies.list(actor.tenantId, {
      scope: query.scope,
      includeInactive: booleanQuery(query.include_inactive, false),
      after: decodeCursor<string>(query.cursor, 'string'),
      limit,
    });
    const result = page(rows, limit, (row) => row.id);
    return {
      policies: await Promise.all(result.items.map((row) => accessPolicies.summary(row))),
      cursor: result.cursor,
      has_more: result.has_more,
    };
  });

  app.post('/v1/policies', { config: { rate: 'policy', action: 'policy_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    const changes = readChanges(request.body, true);
    reply.code(201);
    return await accessPolicies.create(actor, {
      name: changes.name!,
      description: changes.description,
      rules: changes.rules,
      scope: changes.scope,
    });
  });

  app.post('/v1/policies/test', { config: { rate: 'policy_test', action: false } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    const fields = new BodyReader(request.body);
    const identityId = fields.requiredString('identity_id', { max: 512 });
    const path = fields.requiredString('path', { max: 600 });
    const permission = fields.optionalEnum('permission', PERMISSIONS);
    if (!fields.has('permission')) fields.fail('permission', `one of ${PERMISSIONS.join(', ')}`);
    const groups = fields.optionalStringArray('groups');
    const context = fields.optionalObject('context') ?? {};
    fields.finish();
    validateSecretPath(path);
    const timestamp = typeof context.timestamp === 'string' ? parseTimestamp(context.timestamp) : undefined;
    if (context.timestamp !== undefined && timestamp === undefined) throw validationError({ 'context.timestamp': 'RFC 3339 timestamp' });
    const base = { identity_id: identityId, path, permission: permission! };
    if (identityId === ROOT_IDENTITY_ID) {
      return {
        ...base,
        allowed: true,
        reason: 'allowed',
        message: 'the root token is not subject to policies',
        matched_policy_id: null,
        matched_policy_name: null,
        matched_rule: null,
        failed_condition: null,
      };
    }
    const decision = await evaluator.decide({
      tenantId: actor.tenantId,
      identityId,
      groups: groups ?? (await personalTokens.groupsOf(actor.tenantId, identityId)),
      path,
      permission: permission!,
      context: {
        sourceIp: typeof context.source_ip === 'string' ? context.source_ip : '127.0.0.1',
        mfaVerified: context.mfa_verified === true,
        timestamp: timestamp ?? clock(),
      },
    });
    const rule = decision.rule
      ? {
          index: decision.rule.index,
          path_pattern: decision.rule.path_pattern,
          permissions: decision.rule.permissions,
          ...(decision.rule.conditions ? { conditions: decision.rule.conditions } : {}),
        }
      : null;
    return {
      ...base,
      allowed: decision.allowed,
      reason: decision.allowed ? 'allowed' : decision.code === 'access_denied' ? 'no_matching_rule' : 'condition_failed',
      message: decision.reason,
      ...(decision.allowed ? {} : { code: decision.code }),
      matched_policy_id: decision.policy?.id ?? null,
      matched_policy_name: decision.policy?.name ?? null,
      matched_rule: rule,
      failed_condition: (!decision.allowed && decision.failed_condition) || null,
    };
  });

  app.get('/v1/policies/:id', { config: { rate: 'policy', action: 'policy_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    return await accessPolicies.get(actor.tenantId, (request.params as { id: string }).id);
  });

  app.put('/v1/policies/:id', { config: { rate: 'policy', action: 'policy_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    return await accessPolicies.update(actor, (request.params as { id: string }).id, readChanges(request.body, true), true);
  });

  app.patch('/v1/policies/:id', { config: { rate: 'policy', action: 'policy_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    return await accessPolicies.update(actor, (request.params as { id: string }).id, readChanges(request.body, false), false);
  });

  app.delete('/v1/policies/:id', { config: { rate: 'policy', action: 'policy_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    await accessPolicies.delete(actor, (request.params as { id: string }).id, booleanQuery(queryOf(request).force, false));
    reply.code(204);
  });

  app.get('/v1/policies/:id/bindings', { config: { rate: 'policy', action: 'policy_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    return { bindings: await accessPolicies.listBindings(actor.tenantId, (request.params as { id: string }).id) };
  });

  app.post('/v1/policies/:id/bindings', { config: { rate: 'policy', action: 'policy_bind' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    const fields = new BodyReader(request.body);
    const identityType = fields.optionalEnum('identity_type', IDENTITY_TYPES);
    if (!fields.has('identity_type')) fields.fail('identity_type', `one of ${IDENTITY_TYPES.join(', ')}`);
    const identityId = fields.requiredString('identity_id', { max: 512 });
    const expiresAt = fields.optionalString('expires_at');
    fields.finish();
    reply.code(201);
    return await accessPolicies.bind(actor, (request.params as { id: string }).id, {
      identity_type: identityType!,
      identity_id: identityId,
      expires_at: expiresAt,
    });
  });

  app.delete('/v1/policies/:id/bindings/:binding_id', { config: { rate: 'policy', action: 'policy_unbind' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    const params = request.params as { id: string; binding_id: string };
    await accessPolicies.unbind(actor, params.id, params.binding_id);
    reply.code(204);
  });
}
