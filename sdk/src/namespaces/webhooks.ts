// client.webhooks: tenant-wide HTTPS endpoints that receive signed event deliveries.
// Routes: 20-rotation-events-audit-federation.md §2.2, §4.6; docs/api-decisions.md.
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isWebhook = s.object({
  id: s.string,
  name: s.optional(s.string),
  url: s.optional(s.string),
  events: s.optional(s.stringArray),
  filters: s.optional(s.anyRecord),
  enabled: s.optional(s.boolean),
  status: s.optional(s.string),
  statistics: s.optional(
    s.object({ deliveries_24h: s.optional(s.number), success_rate_24h: s.optional(s.number), avg_latency_ms: s.optional(s.number) }),
  ),
  last_delivery: s.optional(s.anyRecord),
  created_at: s.optional(s.string),
  updated_at: s.optional(s.string),
});
export type Webhook = s.ShapeOf<typeof isWebhook>;
const isWebhookList = s.cursorList('webhooks', isWebhook);
export type WebhookList = s.ShapeOf<typeof isWebhookList>;

const isTestDelivery = s.object({
  delivery_id: s.optional(s.string),
  status: s.string,
  response_code: s.optional(s.number),
  duration_ms: s.optional(s.number),
});
export type WebhookTestResult = s.ShapeOf<typeof isTestDelivery>;

const isDelivery = s.object({
  id: s.string,
  event_id: s.optional(s.string),
  event_type: s.optional(s.string),
  timestamp: s.optional(s.string),
  status: s.string,
  response_code: s.optional(s.number),
  duration_ms: s.optional(s.number),
  attempts: s.optional(s.number),
});
export type WebhookDelivery = s.ShapeOf<typeof isDelivery>;
const isDeliveryList = s.cursorList('deliveries', isDelivery);
export type WebhookDeliveryList = s.ShapeOf<typeof isDeliveryList>;

export interface WebhookInput {
  name: string;
  /** HTTPS endpoint. */
  url: string;
  /** HMAC-SHA256 signing secret (32+ bytes recommended); never returned by the server. */
  secret: string;
  events: string[];
  filters?: { path_prefix?: string; secret_type?: string; tags?: string[] };
  enabled?: boolean;
}

export interface WebhookChanges extends Partial<WebhookInput> {
  /** With a new `secret`: how long the old one keeps being accepted, e.g. `24h`. */
  previous_secret_ttl?: string;
}

export interface ListDeliveriesOptions extends CallOptions, PageOptions {
  status?: 'success' | 'failed' | 'pending';
}

export class WebhooksNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/webhooks/${encodeSegment(id)}${suffix}`;
  }

  list(options: CallOptions = {}): Promise<WebhookList> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/webhooks' }, isWebhookList);
  }

  /** The webhook with its delivery statistics. */
  get(id: string, options: CallOptions = {}): Promise<Webhook> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isWebhook);
  }

  create(webhook: WebhookInput, options: CallOptions = {}): Promise<Webhook> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/webhooks', body: webhook }, isWebhook);
  }

  /** Updates fields; also how the signing secret is rotated (`secret` + `previous_secret_ttl`). */
  update(id: string, changes: WebhookChanges, options: CallOptions = {}): Promise<Webhook> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(id), body: changes }, isWebhook);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id) });
  }

  /** Sends a test event and reports how the endpoint answered. */
  test(id: string, options: CallOptions = {}): Promise<WebhookTestResult> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/test') }, isTestDelivery);
  }

  deliveries(id: string, options: ListDeliveriesOptions = {}): Promise<WebhookDeliveryList> {
    const query = { status: options.status, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: this.at(id, '/deliveries'), query }, isDeliveryList);
  }

  deliveriesAll(id: string, options: Omit<ListDeliveriesOptions, 'cursor'> = {}): AsyncGenerator<WebhookDelivery, void, undefined> {
    return followCursor('deliveries', (cursor) => this.deliveries(id, { ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }
}
