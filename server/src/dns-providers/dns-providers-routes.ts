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
    const zones: string[] = [];
    for (const zone of fields.requiredStringArray('managed_zones')) {
      const normal = normaliseZone(zone);
      if (normal === undefined) fields.fail('managed_zones', `not a DNS name: ${zone}`);
      else if (!zones.includes(normal)) zones.push(normal);
    }
    if (fields.has('managed_zones') && zones.length === 0) fields.fail('managed_zones', 'at least one zone');
    const verify = fields.optionalBoolean('verify') ?? false;
    fields.finish();
    reply.code(201);
    return await providers.create(actor, { name, provider_type: type, ...settings, managed_zones: zones, verify });
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
