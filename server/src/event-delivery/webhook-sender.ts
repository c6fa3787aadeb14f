import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Store } from '../storage/store.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import type { EventBus, EventEnvelope, StoredEvent } from '../events/event-bus.js';
import { TargetRefused, type CheckedTarget, type WebhookTargets } from './webhook-targets.js';
import type { EventVisibility } from './event-visibility.js';

/** Where a delivery goes: a webhook or a subscription with webhook delivery. */
export interface DeliveryTarget {
  url: string;
  secret: string;
  enabled: boolean;
  /** Whose access decides what is delivered: the subscription's owner or the webhook's creator. */
  owner: { tenantId: string; identityId: string };
}

export type TargetLookup = (targetId: string) => Promise<DeliveryTarget | undefined>;

/** The documented signature: `sha256=` + hex HMAC-SHA256 of `"{timestamp}.{raw body}"`. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface DeliveryRow {
  id: string;
  tenant_id: string;
  target_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
}

export interface SendResult {
  status: 'success' | 'failed';
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends signed event deliveries with bounded retries: each delivery is a row that starts
 * `pending` and ends `success` or `failed` after the last retry. Pending rows survive a restart
 * and are resumed on start. A 2xx answer within the timeout is success.
 *
 * Each attempt is claimed in the table before it is sent (a conditional update on the attempt
 * count), so two instances that both believe they lead never send the same attempt, and a
 * finished delivery is never sent again. An attempt whose sender died mid-way counts as made and
 * failed: once its claim lapses the next leader makes the next one, with the same delivery id
 * (`X-ScaiVault-Delivery-Id`) for the receiver to recognise a repeat.
 */
export class WebhookSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<string>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private poller: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly lookup: TargetLookup,
    /** Delay before each retry; its length + 1 is the number of attempts. */
    private readonly retryDelaysMs: readonly number[],
    private readonly timeoutMs: number,
    private readonly log: (line: string) => void,
    private readonly targets: WebhookTargets,
    private readonly visibility: EventVisibility,
  ) {}

  /** Records a pending delivery; call inside the emitting transaction. */
  async enqueue(event: StoredEvent, targetId: string): Promise<void> {
    await this.store.db
      .insertInto('webhook_deliveries')
      .values({
        id: newId('del'),
        tenant_id: event.tenantId,
        target_id: targetId,
        event_seq: event.seq,
        event_id: event.envelope.event_id,
        event_type: event.envelope.event_type,
        status: 'pending',
        attempts: 0,
        response_code: null,
        error: null,
        duration_ms: null,
        created_at: this.clock(),
        completed_at: null,
        next_attempt_at: this.clock(),
        claimed_until: null,
      })
      .execute();
  }

  /** Starts every pending delivery that is not already being sent. */
  kick(): void {
    if (this.closed) return;
    // One instance sends; deliveries queued through the others wait in the table for it.
    this.store
      .leads('webhook-sender')
      .then((leader) => (leader && !this.closed ? this.sendPending() : undefined))
      .catch((error: unknown) => this.failedInBackground(undefined, error));
  }

  /** Sends every queued delivery now, or again (the leader looks once per scheduler interval, so deliveries queued on another instance go out). */
  private sendPending(): Promise<void> {
    const now = this.clock();
    return this.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((where) => where.or([where('claimed_until', 'is', null), where('claimed_until', '<=', now)]))
      .orderBy('seq')
      .limit(500)
      .execute()
      .then(
        (rows) => {
          for (const row of rows as DeliveryRow[]) {
            if (this.closed || this.inFlight.has(row.id)) continue;
            this.inFlight.add(row.id);
            this.attempt(row).catch((error: unknown) => this.failedInBackground(row.id, error));
          }
        },
        (error: unknown) => this.failedInBackground(undefined, error),
      );
  }

  /** Looks for queued deliveries every `intervalMs` too, not only after this instance's own commits. */
  start(intervalMs: number): void {
    this.kick();
    this.poller = setInterval(() => this.kick(), intervalMs);
    this.poller.unref();
  }

  /**
   * One signed POST, no retries: what `POST /v1/webhooks/{id}/test` uses. The target is checked
   * again first (its DNS may have changed since it was stored) and the request goes to the
   * address that passed; redirects are never followed, so a 3xx is a failed delivery.
   */
  async send(target: DeliveryTarget, envelope: EventEnvelope, deliveryId: string): Promise<SendResult> {
    const body = JSON.stringify(envelope);
    const timestamp = Math.floor(this.clock() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let checked: CheckedTarget;
    try {
      checked = await this.targets.check(target.url);
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error;
      return { status: 'failed', responseCode: null, error: `target refused: ${error.message}`, durationMs: elapsed() };
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const status = await postPinned(checked, body, controller.signal, {
        'content-type': 'application/json',
        'user-agent': 'ScaiVault-Webhook/1.0',
        'x-scaivault-event-id': envelope.event_id,
        'x-scaivault-event-type': envelope.event_type,
        'x-scaivault-delivery-id': deliveryId,
        'x-scaivault-timestamp': String(timestamp),
        'x-scaivault-signature': signPayload(target.secret, timestamp, body),
      });
      const ok = status >= 200 && status < 300;
      const error = ok ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
      return { status: ok ? 'success' : 'failed', responseCode: status, error, durationMs: elapsed() };
    } catch {
      // One message for every network failure: which ports refuse and which time out is not the caller's business.
      const message = controller.signal.aborted ? `no answer within ${this.timeoutMs} ms` : 'could not connect or no valid HTTP answer';
      return { status: 'failed', responseCode: null, error: message, durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  close(): void {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
  }

  /** Work behind no request failed; once the store has closed that is expected, otherwise it is logged. */
  private failedInBackground(deliveryId: string | undefined, error: unknown): void {
    if (deliveryId !== undefined) this.inFlight.delete(deliveryId);
    if (this.store.isOpen) this.log(`webhook delivery ${deliveryId ?? '(pending list)'}: ${(error as Error).message}`);
  }

  /** `row.attempts` is how many attempts were made before this one. */
  private async attempt(row: DeliveryRow): Promise<void> {
    if (row.attempts > this.retryDelaysMs.length) {
      // The last attempt was claimed and never finished: its sender stopped.
      await this.finish(
        row,
        { status: 'failed', responseCode: null, error: 'the last attempt was interrupted (its server stopped)', durationMs: 0 },
        row.attempts,
      );
      return;
    }
    const target = await this.lookup(row.target_id);
    const envelope = await this.events.load(row.event_seq);
    if (!target || !envelope || !target.enabled) {
      await this.finish(
        row,
        {
          status: 'failed',
          responseCode: null,
          error: target ? (envelope ? 'target disabled' : 'event no longer stored') : 'target deleted',
          durationMs: 0,
        },
        row.attempts,
      );
      return;
    }
    // Access is judged at each attempt: an owner who lost access since the event was queued gets nothing more.
    if (!(await this.visibility.visibleToOwner(target.owner.tenantId, target.owner.identityId, envelope))) {
      await this.finish(
        row,
        { status: 'failed', responseCode: null, error: 'not delivered: the subscriber may not see this event', durationMs: 0 },
        row.attempts,
      );
      return;
    }
    if (!(await this.claim(row))) {
      // Another instance has it (or it finished there).
      this.inFlight.delete(row.id);
      return;
    }
    const result = await this.send(target, envelope, row.id);
    // Closing mid-send: the claim lapses and whichever instance leads then makes the next attempt.
    if (this.closed) return;
    const attempts = row.attempts + 1;
    if (result.status === 'success' || attempts > this.retryDelaysMs.length) {
      await this.finish(row, result, attempts);
      if (result.status === 'failed')
        this.log(`webhook delivery ${row.id} to ${row.target_id} failed after ${attempts} attempt(s): ${result.error}`);
      return;
    }
    const delayMs = this.retryDelaysMs[attempts - 1]!;
    await this.store.db
      .updateTable('webhook_deliveries')
      .set({
        response_code: result.responseCode,
        error: result.error,
        duration_ms: result.durationMs,
        next_attempt_at: this.clock() + delayMs,
        claimed_until: null,
      })
      .where('id', '=', row.id)
      .execute();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.attempt({ ...row, attempts }).catch((error: unknown) => this.failedInBackground(row.id, error));
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async finish(row: DeliveryRow, result: SendResult, attempts: number): Promise<void> {
    this.inFlight.delete(row.id);
    if (!this.store.isOpen) return;
    await this.store.db
      .updateTable('webhook_deliveries')
      .set({
        status: result.status,
        attempts,
        response_code: result.responseCode,
        error: result.error,
        duration_ms: result.durationMs,
        completed_at: this.clock(),
        claimed_until: null,
      })
      .where('id', '=', row.id)
      .execute();
  }

  /** Takes the next attempt of `row` for this instance: true for exactly one claimant of each attempt. */
  private async claim(row: DeliveryRow): Promise<boolean> {
    const now = this.clock();
    const claimed = await this.store.db
      .updateTable('webhook_deliveries')
      // Twice the attempt's timeout: a sender still holding it after that is taken to be gone.
      .set({ attempts: row.attempts + 1, claimed_until: now + 2 * this.timeoutMs })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .where((where) => where.or([where('claimed_until', 'is', null), where('claimed_until', '<=', now)]))
      .executeTakeFirst();
    return claimed.numUpdatedRows === 1n;
  }
}

export function deliveryView(row: Record<string, unknown>): Record<string, unknown> {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    timestamp: iso(row.created_at as number),
    status: row.status,
    attempts: row.attempts,
    response_code: row.response_code,
    error: row.error,
    duration_ms: row.duration_ms,
    completed_at: iso(row.completed_at as number | null),
  };
}

/**
 * POSTs to the checked address itself (no second DNS lookup), with the URL's host name in the
 * Host header and, for HTTPS, as the TLS server name the certificate must match.
 */
function postPinned(target: CheckedTarget, body: string, signal: AbortSignal, headers: Record<string, string>): Promise<number> {
  const { url, hostname, address } = target;
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      {
        host: address,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        agent: false,
        ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
      },
      (response: IncomingMessage) => {
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
