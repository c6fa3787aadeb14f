// client.subscriptions: event feeds owned by one identity, delivered by webhook or long-poll.
// Routes: 20-rotation-events-audit-federation.md §2.3, §4.4–4.5; docs/api-decisions.md.
import { NetworkError, RateLimitError, ServiceUnavailableError } from '../errors.js';
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isSubscription = s.object({
  id: s.string,
  name: s.optional(s.string),
  paths: s.optional(s.stringArray),
  events: s.optional(s.stringArray),
  delivery: s.optional(s.object({ type: s.string, url: s.optional(s.string), buffer_size: s.optional(s.number) })),
  filters: s.optional(s.anyRecord),
  status: s.optional(s.string),
  identity_id: s.optional(s.string),
  created_at: s.optional(s.string),
});
export type Subscription = s.ShapeOf<typeof isSubscription>;
const isSubscriptionList = s.cursorList('subscriptions', isSubscription);
export type SubscriptionList = s.ShapeOf<typeof isSubscriptionList>;

const isEvent = s.object({
  event_id: s.string,
  event_type: s.string,
  timestamp: s.optional(s.string),
  tenant_id: s.optional(s.string),
  partner_id: s.optional(s.string),
  identity_id: s.optional(s.string),
  path: s.optional(s.string),
  data: s.optional(s.anyRecord),
  request_id: s.optional(s.string),
});
export type ScaiVaultEvent = s.ShapeOf<typeof isEvent>;
const isPollResult = s.object({ events: s.array(isEvent), has_more: s.optional(s.boolean) });
export type PollResult = s.ShapeOf<typeof isPollResult>;

const isAckResult = s.object({ acknowledged: s.optional(s.number) });
export type AckResult = s.ShapeOf<typeof isAckResult>;

export type SubscriptionDelivery = { type: 'webhook'; url: string; secret: string } | { type: 'polling'; buffer_size?: number };

export interface SubscriptionInput {
  name: string;
  /** Path globs, e.g. `environments/production/**`. */
  paths: string[];
  /** Event types, e.g. `secret.rotated`. */
  events: string[];
  delivery: SubscriptionDelivery;
  filters?: Record<string, unknown>;
}

export interface PollOptions {
  /** Seconds the server may hold the request waiting for events (default 30, max 60). */
  timeout?: number;
  /** Return events after this one (the last event id processed). */
  sinceEventId?: string;
  /** At most this many events (server default 100). */
  maxEvents?: number;
  /** Cancels the poll; it then rejects with an error named `AbortError`. */
  signal?: AbortSignal;
}

export interface FollowOptions extends PollOptions {
  /** Acknowledge each batch once the consumer asks for the next event (default true). */
  ack?: boolean;
  /** Called before waiting out a failed poll, e.g. to tell the user the connection dropped. */
  onRetry?: (error: Error, delayMs: number) => void;
}

const DEFAULT_POLL_SECONDS = 30;
// Waits between failed polls while following grow to this and stay there.
const MAX_FOLLOW_BACKOFF_ATTEMPT = 6;
// The HTTP request must outlive the server's hold time, or every quiet poll would time out.
const POLL_REQUEST_MARGIN_MS = 15_000;

export class SubscriptionsNamespace {
  constructor(private readonly http: Transport) {}

  private at(id: string, suffix = ''): string {
    return `/v1/subscriptions/${encodeSegment(id)}${suffix}`;
  }

  create(subscription: SubscriptionInput, options: CallOptions = {}): Promise<Subscription> {
    return this.http.json(
      { ...options, method: 'POST', path: '/v1/subscriptions', body: omitUndefined({ ...subscription }) },
      isSubscription,
    );
  }

  list(options: CallOptions & PageOptions = {}): Promise<SubscriptionList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/subscriptions', query }, isSubscriptionList);
  }

  listAll(options: CallOptions & { limit?: number } = {}): AsyncGenerator<Subscription, void, undefined> {
    return followCursor('subscriptions', (cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  get(id: string, options: CallOptions = {}): Promise<Subscription> {
    return this.http.json({ ...options, method: 'GET', path: this.at(id) }, isSubscription);
  }

  update(id: string, changes: Partial<SubscriptionInput>, options: CallOptions = {}): Promise<Subscription> {
    return this.http.json({ ...options, method: 'PATCH', path: this.at(id), body: changes }, isSubscription);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: this.at(id) });
  }

  /**
   * Long-polls for events: resolves as soon as there is at least one, or with `events: []` after
   * `timeout` seconds. `has_more: true` means poll again at once.
   */
  poll(id: string, options: PollOptions = {}): Promise<PollResult> {
    const timeout = options.timeout ?? DEFAULT_POLL_SECONDS;
    const query = { timeout, since_event_id: options.sinceEventId, max_events: options.maxEvents };
    const request = { method: 'GET' as const, path: this.at(id, '/poll'), query, timeoutMs: timeout * 1000 + POLL_REQUEST_MARGIN_MS };
    return this.http.json(options.signal === undefined ? request : { ...request, signal: options.signal }, isPollResult);
  }

  /**
   * Every event from now on, polling again and again until `signal` aborts (the iterator then
   * ends quietly). It carries the last event id forward, so a dropped connection loses and
   * repeats nothing, and keeps retrying transient failures (network, 429, 5xx) with backoff.
   * An event is acknowledged once the caller has asked for the next one (it was processed): after
   * each batch, again with the next round when an acknowledgement failed for a transient reason,
   * and once more when the iteration stops.
   */
  async *follow(id: string, options: FollowOptions = {}): AsyncGenerator<ScaiVaultEvent, void, undefined> {
    const { ack = true, onRetry, signal, ...pollOptions } = options;
    let since = options.sinceEventId;
    let failures = 0;
    let processed: string[] = [];
    const stopped = (): boolean => signal?.aborted === true;
    const acknowledge = async (callOptions: CallOptions): Promise<void> => {
      if (!ack || processed.length === 0) return;
      const ids = processed;
      await this.ack(id, ids, callOptions);
      processed = processed.filter((eventId) => !ids.includes(eventId));
    };
    const retryAfterFailure = async (error: unknown): Promise<boolean> => {
      if (!isTransient(error)) throw error;
      failures++;
      const asked = error instanceof RateLimitError && error.retryAfter !== undefined ? error.retryAfter * 1000 : undefined;
      const delay = asked ?? this.http.backoff(Math.min(failures, MAX_FOLLOW_BACKOFF_ATTEMPT));
      onRetry?.(error as Error, delay);
      try {
        await this.http.pause(delay, signal);
        return true;
      } catch {
        return false;
      }
    };
    try {
      while (!stopped()) {
        let batch: PollResult;
        try {
          await acknowledge(signal === undefined ? {} : { signal });
          batch = await this.poll(id, {
            ...pollOptions,
            ...(since === undefined ? {} : { sinceEventId: since }),
            ...(signal === undefined ? {} : { signal }),
          });
        } catch (error) {
          if (stopped() || !(await retryAfterFailure(error))) return;
          continue;
        }
        failures = 0;
        for (const event of batch.events) {
          yield event;
          since = event.event_id;
          processed.push(event.event_id);
        }
      }
    } finally {
      // Best effort, without the (aborted) signal: what was processed should not come again.
      if (ack && processed.length > 0) await acknowledge({}).catch(() => undefined);
    }
  }

  /** Acknowledges processed events so they are not delivered again. */
  ack(id: string, eventIds: readonly string[], options: CallOptions = {}): Promise<AckResult> {
    return this.http.json({ ...options, method: 'POST', path: this.at(id, '/ack'), body: { event_ids: eventIds } }, isAckResult);
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof RateLimitError || error instanceof ServiceUnavailableError;
}
