import type { FastifyInstance } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { ServiceAccounts } from './service-accounts.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf } from '../http/request-context.js';
import { parseDuration } from '../shared/durations.js';
import { KNOWN_SCOPES } from '../shared/identity.js';
import { validationError } from '../http/api-error.js';

export function registerServiceAccountsRoutes(
  app: FastifyInstance,
  serviceAccounts: ServiceAccounts,
  { policies }: DependenciesOf<'policies'>,
  { clock }: Core,
): void {
  const { access } = policies;
  const params = (value: unknown) => value as { id: string; key_id: string };

  app.get('/v1/service-accounts', { config: { action: 'service_account_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return { service_accounts: await serviceAccounts.list(actor.tenantId), cursor: null, has_more: false };
  });

  app.post('/v1/service-accounts', { config: { action: 'service_account_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const fields = new BodyReader(request.body);
    const name = fields.requiredString('name', { max: 256 });
    const description = fields.optionalString('description');
    const roles = fields.optionalStringArray('roles') ?? [];
    const scopes = fields.optionalStringArray('scopes') ?? [];
    fields.finish();
    const unknown = scopes.filter((scope) => !(KNOWN_SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) throw validationError({ scopes: `unknown scope(s): ${unknown.join(', ')}` });
    reply.code(201);
    return await serviceAccounts.create(actor.tenantId, { name, description, roles, scopes });
  });

  app.get('/v1/service-accounts/:id', { config: { action: 'service_account_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return await serviceAccounts.get(actor.tenantId, params(request.params).id);
  });

  app.patch('/v1/service-accounts/:id', { config: { action: 'service_account_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const fields = new BodyReader(request.body);
    const spec = {
      name: fields.optionalString('name', { max: 256 }),
      description: fields.optionalString('description'),
      roles: fields.optionalStringArray('roles'),
    };
    fields.finish();
    return await serviceAccounts.update(actor.tenantId, params(request.params).id, spec);
  });

  app.delete('/v1/service-accounts/:id', { config: { action: 'service_account_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    await serviceAccounts.delete(actor.tenantId, params(request.params).id);
    reply.code(204);
  });

  app.post('/v1/service-accounts/:id/keys', { config: { action: 'service_account_key_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const fields = new BodyReader(request.body, { allowEmpty: true });
    const name = fields.optionalString('name', { max: 256 }) ?? 'default';
    const expiresIn = fields.optionalString('expires_in', { max: 32 });
    fields.finish();
    reply.code(201);
    return await serviceAccounts.createKey(actor.tenantId, params(request.params).id, {
      name,
      expiresAt: expiresIn === undefined ? null : clock() + parseDuration(expiresIn, 'expires_in'),
    });
  });

  app.get('/v1/service-accounts/:id/keys', { config: { action: 'service_account_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return { keys: await serviceAccounts.listKeys(actor.tenantId, params(request.params).id) };
  });

  app.delete('/v1/service-accounts/:id/keys/:key_id', { config: { action: 'service_account_key_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    await serviceAccounts.deleteKey(actor.tenantId, params(request.params).id, params(request.params).key_id);
    reply.code(204);
  });
}
