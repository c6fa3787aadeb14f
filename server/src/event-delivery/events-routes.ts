import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import type { EventDeliveryService } from './event-delivery-area.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { invalidRequest, validationError } from '../http/api-error.js';
import { parseDuration } from '../shared/durations.js';
import { validateEventPatterns } from '../events/event-types.js';
import type { SubscriptionSpec } from './subscriptions.js';
import type { WebhookFilters, WebhookSpec } from './webhooks.js';
import { TargetRefused, type WebhookTargets } from './webhook-targets.js';

const MAX_POLL_SECONDS = 60;

function validUrl(value: string | undefined, field: string): void {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw validationError({ [field]: 'must be an absolute http(s) URL' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw validationError({ [field]: 'must be an absolute http(s) URL' });
}

/** Refuses a target the server may not send to, before anything is stored. */
async function allowedTarget(targets: WebhookTargets, value: string | undefined, field: string): Promise<void> {
  if (value === undefined) return;
  try {
    await targets.checkForStorage(value);
  } catch (error) {
    if (error instanceof TargetRefused) throw validationError({ [field]: `not an allowed webhook target: ${error.message}` });
    throw error;
  }
}

function readWebhook(body: unknown, create: boolean): WebhookSpec {
  const fields = new BodyReader(body);
  const spec: WebhookSpec = {
    name: create ? fields.requiredString('name', { max: 256 }) : fields.optionalString('name', { max: 256 }),
    url: create ? fields.requiredString('url', { max: 2048 }) : fields.optionalString('url', { max: 2048 }),
    secret: create ? fields.requiredString('secret', { max: 1024 }) : fields.optionalString('secret', { max: 1024 }),
    // The filters are applied to every later event, so a wrong type here would fail every write after it.
    filters: fields.optionalNested('filters', (filters) => {
      filters.optionalString('path_prefix', { max: 600 });
      filters.optionalString('secret_type', { max: 64 });
      filters.optionalStringArray('tags');
      return filters.rawObject();
    }) as WebhookFilters | undefined,
    enabled: fields.optionalBoolean('enabled'),
  };
  const ttl = fields.optionalString('previous_secret_ttl', { max: 32 });
  if (create && !fields.has('events')) fields.fail('events', 'required list of event types');
  fields.finish();
  if (fields.has('events')) spec.events = validateEventPatterns(fields.raw('events'), 'events');
  if (ttl !== undefined) spec.previousSecretTtlMs = parseDuration(ttl, 'previous_secret_ttl');
  validUrl(spec.url, 'url');
  return spec;
}

function readSubscription(body: unknown, create: boolean): SubscriptionSpec {
  const fields = new BodyReader(body);
  const name = create ? fields.requiredString('name', { max: 256 }) : fields.optionalString('name', { max: 256 });
  const paths = create ? fields.requiredStringArray('paths') : fields.optionalStringArray('paths');
  const delivery = fields.optionalObject('delivery');
  const filters = fields.optionalObject('filters');
  if (create && !fields.has('events')) fields.fail('events', 'required list of event types');
  if (create && delivery === undefined) fields.fail('delivery', 'required {type: polling|webhook, ...}');
  if (paths !== undefined && paths.length === 0) fields.fail('paths', 'at least one path glob');
  fields.finish();
  const spec: SubscriptionSpec = { name, paths, filters };
  if (fields.has('events')) spec.events = validateEventPatterns(fields.raw('events'), 'events');
  if (delivery) {
    const reader = new BodyReader(delivery);
    const type = reader.optionalEnum('type', ['polling', 'webhook'] as const);
    if (type === undefined) reader.fail('type', 'polling or webhook');
    const url = reader.optionalString('url', { max: 2048 });
    const secret = reader.optionalString('secret', { max: 1024 });
    const bufferSize = reader.optionalInteger('buffer_size', 1, 100_000);
    if (type === 'webhook' && url === undefined) reader.fail('url', 'required for webhook delivery');
    if (type === 'webhook' && secret === undefined) reader.fail('secret', 'required for webhook delivery');
    try {
      reader.finish();
    } catch {
      throw validationError(
        Object.fromEntries(
          Object.entries({ type, url, secret })
            .filter(([, v]) => v === undefined)
            .map(([k]) => [`delivery.${k}`, 'missing or invalid']),
        ),
      );
    }
    validUrl(url, 'delivery.url');
    spec.delivery = { type: type!, url, secret, buffer_size: bufferSize };
  }
  return spec;
}

export function registerEventsRoutes(
  app: FastifyInstance,
  { subscriptions, webhooks, webhookTargets }: EventDeliveryService,
  { policies }: DependenciesOf<'policies'>,
): void {
  const { access } = policies;
  const id = (params: unknown) => (params as { id: string }).id;

  app.get('/v1/webhooks', { config: { rate: 'webhook', action: 'webhook_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return { webhooks: await webhooks.list(actor.tenantId), cursor: null, has_more: false };
  });

  app.post('/v1/webhooks', { config: { rate: 'webhook', action: 'webhook_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const spec = readWebhook(request.body, true);
    await allowedTarget(webhookTargets, spec.url, 'url');
    reply.code(201);
    return await webhooks.create(actor, { ...spec, name: spec.name!, url: spec.url!, secret: spec.secret!, events: spec.events! });
  });

  app.get('/v1/webhooks/:id', { config: { rate: 'webhook', action: 'webhook_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return await webhooks.get(actor.tenantId, id(request.params));
  });

  app.patch('/v1/webhooks/:id', { config: { rate: 'webhook', action: 'webhook_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const spec = readWebhook(request.body, false);
    await allowedTarget(webhookTargets, spec.url, 'url');
    return await webhooks.update(actor.tenantId, id(request.params), spec);
  });

  app.delete('/v1/webhooks/:id', { config: { rate: 'webhook', action: 'webhook_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    await webhooks.delete(actor.tenantId, id(request.params));
    reply.code(204);
  });

  app.post('/v1/webhooks/:id/test', { config: { rate: 'webhook', action: 'webhook_delivery' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    return await webhooks.test(actor, id(request.params));
  });

  app.get('/v1/webhooks/:id/deliveries', { config: { rate: 'webhook', action: 'webhook_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'admin');
    const query = queryOf(request);
    if (query.status !== undefined && !['success', 'failed', 'pending'].includes(query.status))
      throw invalidRequest('status must be success, failed or pending', { status: query.status });
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await webhooks.deliveries(
      actor.tenantId,
      id(request.params),
      query.status,
      decodeCursor<number>(query.cursor, 'number'),
      limit,
    );
    const result = page(rows, limit, (row) => row.seq);
    return { deliveries: result.items.map((row) => row.view), cursor: result.cursor, has_more: result.has_more };
  });

  app.get('/v1/subscriptions', { config: { rate: 'subscription', action: 'subscription_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'subscriptions:read');
    return { subscriptions: await subscriptions.list(actor.tenantId), cursor: null, has_more: false };
  });

  app.post('/v1/subscriptions', { config: { rate: 'subscription', action: 'subscription_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'subscriptions:write');
    const spec = readSubscription(request.body, true);
    await allowedTarget(webhookTargets, spec.delivery?.url, 'delivery.url');
    reply.code(201);
    return await subscriptions.create(actor, {
      ...spec,
      name: spec.name!,
      paths: spec.paths!,
      events: spec.events!,
      delivery: spec.delivery!,
    });
  });

  app.get('/v1/subscriptions/:id', { config: { rate: 'subscription', action: 'subscription_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'subscriptions:read');
    return await subscriptions.get(actor.tenantId, id(request.params));
  });

  app.patch('/v1/subscriptions/:id', { config: { rate: 'subscription', action: 'subscription_update' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'subscriptions:write');
    const spec = readSubscription(request.body, false);
    await allowedTarget(webhookTargets, spec.delivery?.url, 'delivery.url');
    return await subscriptions.update(actor, id(request.params), spec);
  });

  app.delete('/v1/subscriptions/:id', { config: { rate: 'subscription', action: 'subscription_delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'subscriptions:write');
    await subscriptions.delete(actor, id(request.params));
    reply.code(204);
  });

  app.get('/v1/subscriptions/:id/poll', { config: { rate: 'subscription_poll', action: 'subscription_event' } }, async (request) => {
    const actor = actorOf(request);
    const query = queryOf(request);
    const timeout = query.timeout === undefined ? 30 : Number(query.timeout);
    if (!Number.isFinite(timeout) || timeout < 0 || timeout > MAX_POLL_SECONDS)
      throw invalidRequest(`timeout must be 0 to ${MAX_POLL_SECONDS} seconds`, { timeout: query.timeout });
    const maxEvents = query.max_events === undefined ? 100 : Number(query.max_events);
    if (!Number.isInteger(maxEvents) || maxEvents < 1 || maxEvents > 1000)
      throw invalidRequest('max_events must be an integer from 1 to 1000', { max_events: query.max_events });
    const gone = new AbortController();
    const abort = () => gone.abort();
    const socket = request.raw.socket;
    socket.once('close', abort);
    let result: Awaited<ReturnType<typeof subscriptions.poll>>;
    try {
      result = await subscriptions.poll(actor, id(request.params), {
        timeoutMs: timeout * 1000,
        sinceEventId: query.since_event_id,
        maxEvents,
        signal: gone.signal,
      });
    } finally {
      // A keep-alive connection serves many polls; each must not leave its listener behind.
      socket.off('close', abort);
    }
    request.ctx.auditExtra.events = result.events.length;
    return result;
  });

  app.post('/v1/subscriptions/:id/ack', { config: { rate: 'subscription', action: 'subscription_event' } }, async (request) => {
    const actor = actorOf(request);
    const fields = new BodyReader(request.body);
    const eventIds = fields.requiredStringArray('event_ids');
    fields.finish();
    return await subscriptions.ack(actor, id(request.params), eventIds);
  });
}
