import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { DnsProviders } from './dns-providers.js';
import { normaliseZone } from './dns-providers.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf } from '../http/request-context.js';
import { checkProviderType, readProviderSettings, type DnsExecHooks } from './dns-provider-types.js';

export function registerDnsProviderRoutes(
  app: FastifyInstance,
  providers: DnsProviders,
  { policies }: DependenciesOf<'policies'>,
  hooks: DnsExecHooks,
): void {
  const { access } = policies;
  const id = (params: unknown) => (params as { id: string }).id;

  app.post('/v1/dns/providers', { config: { action: 'dns_provider_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const fields = new BodyReader(request.body);
    const name = fields.requiredString('name', { max: 256 });
    const type = checkProviderType(fields.raw('provider_type'));
    const settings = readProviderSettings(type, fields, hooks);
    const zones = readZones(fields, fields.requiredStringArray('managed_zones'));
    const verify = fields.optionalBoolean('verify') ?? false;
    fields.finish();
    reply.code(201);
    return await providers.create(actor, { name, provider_type: type, ...settings, managed_zones: zones, verify });
  });

  app.patch('/v1/dns/providers/:id', { config: { action: 'dns_provider_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const providerId = id(request.params);
    const current = await providers.settings(actor.tenantId, providerId);
    const fields = new BodyReader(request.body);
    if (fields.has('provider_type') && fields.raw('provider_type') !== current.provider_type)
      fields.fail('provider_type', `cannot change (${current.provider_type}): create a new provider instead`);
    const name = fields.optionalString('name', { max: 256 });
    // Unchanged parts are checked again with the changed ones, exactly as on create; credentials
    // not given stay as they are (they are never returned, so a caller could not send them back).
    const merged = new BodyReader({
      credentials: fields.has('credentials') ? fields.raw('credentials') : current.credentials,
      config: fields.has('config') ? fields.raw('config') : current.config,
    });
    const settings = readProviderSettings(current.provider_type, merged, hooks);
    merged.finish();
    const zones = fields.has('managed_zones') ? readZones(fields, fields.optionalStringArray('managed_zones') ?? []) : undefined;
    const isActive = fields.optionalBoolean('is_active');
    const verify = fields.optionalBoolean('verify') ?? false;
    fields.finish();
    return await providers.update(actor.tenantId, providerId, {
      ...(name === undefined ? {} : { name }),
      ...settings,
      ...(zones === undefined ? {} : { managed_zones: zones }),
      ...(isActive === undefined ? {} : { is_active: isActive }),
      verify,
    });
  });

  app.get('/v1/dns/providers', { config: { action: 'dns_provider_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return { providers: await providers.list(actor.tenantId), has_more: false };
  });

  app.get('/v1/dns/providers/:id', { config: { action: 'dns_provider_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return await providers.get(actor.tenantId, id(request.params));
  });

  app.delete('/v1/dns/providers/:id', { config: { action: 'dns_provider_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    await providers.delete(actor.tenantId, id(request.params));
    reply.code(204);
  });
}

/** `managed_zones`, normalised (lower case, no trailing dot, `*.zone` is `zone`) and without repeats; at least one. */
function readZones(fields: BodyReader, given: readonly string[]): string[] {
  const zones: string[] = [];
  for (const zone of given) {
    const normal = normaliseZone(zone);
    if (normal === undefined) fields.fail('managed_zones', `not a DNS name: ${zone}`);
    else if (!zones.includes(normal)) zones.push(normal);
  }
  if (fields.has('managed_zones') && zones.length === 0) fields.fail('managed_zones', 'at least one zone');
  return zones;
}
