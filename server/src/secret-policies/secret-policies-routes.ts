import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { SecretPolicies } from './secret-policies.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import type { SecretPolicySpec } from './secret-policies.js';

function readSpec(body: unknown, create: boolean): SecretPolicySpec {
  const fields = new BodyReader(body);
  const spec: SecretPolicySpec = {
    name: create ? fields.requiredString('name', { max: 256 }) : fields.optionalString('name', { max: 256 }),
    description: fields.optionalString('description'),
    policy_type: fields.optionalString('policy_type', { max: 64 }),
    fields: fields.raw('fields'),
    is_active: fields.optionalBoolean('is_active'),
  };
  fields.finish();
  return spec;
}

export function registerSecretPoliciesRoutes(
  app: FastifyInstance,
  secretPolicies: SecretPolicies,
  { policies }: DependenciesOf<'policies'>,
): void {
  const { access } = policies;
  const id = (params: unknown) => (params as { id: string }).id;

  app.get('/v1/secret-policies', { config: { rate: 'policy', action: 'secret_policy_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const result = page(
      await secretPolicies.list(
        actor.tenantId,
        { policyType: query.policy_type, includeInactive: booleanQuery(query.include_inactive, false) },
        decodeCursor<string>(query.cursor, 'string'),
        limit,
      ),
      limit,
      (row) => row.id as string,
    );
    return { secret_policies: result.items, cursor: result.cursor, has_more: result.has_more };
  });

  app.get('/v1/secret-policies/types', { config: { rate: 'policy', action: 'secret_policy_read' } }, async (request) => {
    access.requireScope(actorOf(request), 'policies:read');
    return secretPolicies.catalogue();
  });

  app.post('/v1/secret-policies', { config: { rate: 'policy', action: 'secret_policy_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    const spec = readSpec(request.body, true);
    reply.code(201);
    return await secretPolicies.create(actor.tenantId, { ...spec, name: spec.name! });
  });

  app.get('/v1/secret-policies/:id', { config: { rate: 'policy', action: 'secret_policy_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    return await secretPolicies.get(actor.tenantId, id(request.params));
  });

  app.patch('/v1/secret-policies/:id', { config: { rate: 'policy', action: 'secret_policy_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    return await secretPolicies.update(actor.tenantId, id(request.params), readSpec(request.body, false));
  });

  app.put('/v1/secret-policies/:id', { config: { rate: 'policy', action: 'secret_policy_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    return await secretPolicies.update(actor.tenantId, id(request.params), readSpec(request.body, true));
  });

  app.delete('/v1/secret-policies/:id', { config: { rate: 'policy', action: 'secret_policy_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:write');
    await secretPolicies.delete(actor.tenantId, id(request.params));
    reply.code(204);
  });

  /** A preview: runs the recipe and returns the values without storing anything. */
  app.post('/v1/secret-policies/:id/generate', { config: { rate: 'policy', action: 'secret_policy_generate' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'policies:read');
    const policyId = id(request.params);
    return { policy_id: policyId, data: await secretPolicies.generate(actor.tenantId, policyId) };
  });
}
