import { ReceiverCache } from './receiver-cache.js';
import type { Kysely } from 'kysely';
import type { Store } from '../storage/store.js';
import type { DatabaseSchema } from '../storage/database-schema.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { forbidden, invalidRequest, notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import { compileGlob, type PathMatcher } from '../policies/glob.js';
import type { EventBus, EventEnvelope, EventSink, StoredEvent } from '../events/event-bus.js';
import { eventMatches } from '../events/event-types.js';
import type { DeliveryTarget, WebhookSender } from './webhook-sender.js';
import type { EventVisibility } from './event-visibility.js';

interface SubscriptionRow {
  id: string;
  tenant_id: string;
  name: string;
  identity_id: string;
  paths: string;
  events: string;
  delivery_type: 'polling' | 'webhook';
  delivery_url: string | null;
  sealed_secret: Buffer | null;
  buffer_size: number;
  filters: string;
  status: string;
  created_at: number;
  updated_at: number;
}

interface CompiledSubscription {
  row: SubscriptionRow;
  matchers: PathMatcher[];
  events: string[];
}

export interface SubscriptionSpec {
  name?: string | undefined;
  paths?: string[] | undefined;
  events?: string[] | undefined;
  delivery?:
    { type: 'polling' | 'webhook'; url?: string | undefined; secret?: string | undefined; buffer_size?: number | undefined } | undefined;
  filters?: Record<string, unknown> | undefined;
}

export interface PollOptions {
  timeoutMs: number;
  sinceEventId?: string | undefined;
  maxEvents: number;
  /** Fires when the client goes away, so a held poll stops waiting. */
  signal: AbortSignal;
}

const secretContext = (id: string) => `scaivault/subscription-secret/v1:${id}`;

/**
 * Subscriptions (`sub_...`) owned by one identity. Polling subscriptions keep a queue of
 * event references; an event leaves the queue only when acknowledged, so anything unacked is
 * delivered again on the next poll that does not skip past it with `since_event_id`.
 */
export class Subscriptions implements EventSink {
  private sender!: WebhookSender;
  private visibility!: EventVisibility;
  private readonly cache: ReceiverCache<CompiledSubscription>;
  /** Events waiting in a polling subscriber's queue until it acks them. */
  heldEvents(db: Kysely<DatabaseSchema>) {
    return db.selectFrom('subscription_queue').select('event_seq');
  }
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly touched = new Set<string>();
  private webhookPending = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {
    this.cache = new ReceiverCache(store, (tenantId) => this.readActive(tenantId));
  }

  private forget(tenantId: string): void {
    this.cache.forget(tenantId);
  }

  attachSender(sender: WebhookSender, visibility: EventVisibility): void {
    this.sender = sender;
    this.visibility = visibility;
  }

  async create(
    actor: Actor,
    spec: SubscriptionSpec & { name: string; paths: string[]; events: string[]; delivery: NonNullable<SubscriptionSpec['delivery']> },
  ): Promise<Record<string, unknown>> {
    spec.paths.forEach((pattern) => compileGlob(pattern));
    const now = this.clock();
    const id = newId('sub');
    const row: SubscriptionRow = {
      id,
      tenant_id: actor.tenantId,
      name: spec.name,
      identity_id: actor.identity.id,
      paths: JSON.stringify(spec.paths),
      events: JSON.stringify(spec.events),
      delivery_type: spec.delivery.type,
      delivery_url: spec.delivery.url ?? null,
      sealed_secret: spec.delivery.secret ? this.sealer.sealText(spec.delivery.secret, secretContext(id)) : null,
      buffer_size: spec.delivery.buffer_size ?? 1000,
      filters: JSON.stringify(spec.filters ?? {}),
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await this.store.db.insertInto('subscriptions').values(row).execute();
    this.forget(actor.tenantId);
    return this.view(row);
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const rows = (await this.store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy(this.store.insertionOrder())
      .execute()) as SubscriptionRow[];
    const views: Record<string, unknown>[] = [];
    for (const row of rows) views.push(await this.view(row));
    return views;
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    return this.view(await this.row(tenantId, id));
  }

  async update(actor: Actor, id: string, spec: SubscriptionSpec): Promise<Record<string, unknown>> {
    const row = await this.owned(actor, id);
    spec.paths?.forEach((pattern) => compileGlob(pattern));
    const next: SubscriptionRow = {
      ...row,
      name: spec.name ?? row.name,
      paths: spec.paths ? JSON.stringify(spec.paths) : row.paths,
      events: spec.events ? JSON.stringify(spec.events) : row.events,
      filters: spec.filters ? JSON.stringify(spec.filters) : row.filters,
      updated_at: this.clock(),
    };
    if (spec.delivery) {
      next.delivery_type = spec.delivery.type;
      next.delivery_url = spec.delivery.url ?? null;
      next.sealed_secret = spec.delivery.secret ? this.sealer.sealText(spec.delivery.secret, secretContext(id)) : row.sealed_secret;
      next.buffer_size = spec.delivery.buffer_size ?? row.buffer_size;
    }
    await this.store.db
      .updateTable('subscriptions')
      .set({
        name: next.name,
        paths: next.paths,
        events: next.events,
        filters: next.filters,
        delivery_type: next.delivery_type,
        delivery_url: next.delivery_url,
        sealed_secret: next.sealed_secret,
        buffer_size: next.buffer_size,
        updated_at: next.updated_at,
      })
      .where('id', '=', id)
      .execute();
    this.forget(actor.tenantId);
    return this.view(next);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.owned(actor, id);
    await this.store.db.deleteFrom('subscriptions').where('id', '=', id).execute();
    this.forget(actor.tenantId);
    this.wake(id);
  }

  /** Long-poll: answers as soon as an event is queued, or with an empty list at the timeout. */
  async poll(actor: Actor, id: string, options: PollOptions): Promise<{ events: EventEnvelope[]; has_more: boolean }> {
    const row = await this.owned(actor, id);
    if (row.delivery_type !== 'polling')
      throw invalidRequest(`Subscription '${id}' delivers by webhook; only polling subscriptions can be polled`, { subscription_id: id });
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const batch = await this.queued(actor, id, options.sinceEventId, options.maxEvents);
      const remaining = deadline - Date.now();
      if (batch.events.length > 0 || remaining <= 0 || options.signal.aborted || this.closed) return batch;
      await this.waitForEvent(id, remaining, options.signal);
      if (!this.store.isOpen) return { events: [], has_more: false };
    }
  }

  async ack(actor: Actor, id: string, eventIds: string[]): Promise<{ acknowledged: number }> {
    await this.owned(actor, id);
    const seqs = await this.events.seqsOf(eventIds);
    if (seqs.length === 0) return { acknowledged: 0 };
    const result = await this.store.db
      .deleteFrom('subscription_queue')
      .where('subscription_id', '=', id)
      .where('event_seq', 'in', seqs)
      .executeTakeFirst();
    return { acknowledged: Number(result.numDeletedRows) };
  }

  async target(id: string): Promise<DeliveryTarget | undefined> {
    const row = await this.store.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.delivery_type !== 'webhook' || !row.delivery_url || !row.sealed_secret) return undefined;
    return {
      url: row.delivery_url,
      secret: this.sealer.openText(row.sealed_secret, secretContext(id)),
      enabled: row.status === 'active',
      owner: { tenantId: row.tenant_id, identityId: row.identity_id },
    };
  }

  async accept(event: StoredEvent): Promise<void> {
    for (const subscription of await this.compiled(event.tenantId)) {
      if (!eventMatches(subscription.events, event.envelope.event_type)) continue;
      const path = event.envelope.path;
      if (path !== undefined && !subscription.matchers.some((matches) => matches(path))) continue;
      if (subscription.row.delivery_type === 'webhook') {
        // Polls are judged as the polling token when they are answered; a push is judged here and again when sent.
        if (!(await this.visibility.visibleToOwner(event.tenantId, subscription.row.identity_id, event.envelope))) continue;
        await this.sender.enqueue(event, subscription.row.id);
        this.webhookPending = true;
        continue;
      }
      const id = subscription.row.id;
      await this.store.db
        .insertInto('subscription_queue')
        .values({ subscription_id: id, event_seq: event.seq })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
      // A full buffer drops its oldest events, so a forgotten subscription cannot grow without bound.
      await this.store.db
        .deleteFrom('subscription_queue')
        .where('subscription_id', '=', id)
        .where('event_seq', '<=', (eb) =>
          eb
            .selectFrom('subscription_queue')
            .select('event_seq')
            .where('subscription_id', '=', id)
            .orderBy('event_seq', 'desc')
            .limit(1)
            .offset(subscription.row.buffer_size),
        )
        .execute();
      this.touched.add(subscription.row.id);
    }
  }

  async wants(tenantId: string, type: string): Promise<boolean> {
    return (await this.compiled(tenantId)).some((subscription) => eventMatches(subscription.events, type));
  }

  afterCommit(): void {
    for (const id of this.touched) this.wake(id);
    this.touched.clear();
    if (this.webhookPending) {
      this.webhookPending = false;
      this.sender.kick();
    }
  }

  afterRemoteCommit(): void {
    // Which queues changed is in the table; every held poll looks again.
    for (const id of [...this.waiters.keys()]) this.wake(id);
    this.sender.kick();
  }

  /** Releases every held poll (server shutdown). */
  close(): void {
    this.closed = true;
    for (const id of [...this.waiters.keys()]) this.wake(id);
  }

  /**
   * Up to `max` queued events the polling token may see now. Events it may not see leave the
   * queue unseen: access at delivery time decides, not access when the event happened.
   */
  private async queued(
    viewer: Actor,
    id: string,
    sinceEventId: string | undefined,
    max: number,
  ): Promise<{ events: EventEnvelope[]; has_more: boolean }> {
    let afterSeq = 0;
    if (sinceEventId) {
      afterSeq = (await this.events.seqsOf([sinceEventId]))[0] ?? 0;
    }
    const visible: EventEnvelope[] = [];
    for (;;) {
      const rows = await this.store.db
        .selectFrom('subscription_queue')
        .select('event_seq')
        .where('subscription_id', '=', id)
        .where('event_seq', '>', afterSeq)
        .orderBy('event_seq')
        .limit(max + 1)
        .execute();
      const envelopes = await this.events.loadMany(rows.map((row) => row.event_seq));
      for (const row of rows) {
        const envelope = envelopes.get(row.event_seq);
        if (envelope && (await this.visibility.visibleTo(viewer, envelope))) visible.push(envelope);
        else
          await this.store.db
            .deleteFrom('subscription_queue')
            .where('subscription_id', '=', id)
            .where('event_seq', '=', row.event_seq)
            .execute();
        afterSeq = row.event_seq;
        if (visible.length > max) break;
      }
      if (visible.length > max || rows.length <= max) break;
    }
    return { events: visible.slice(0, max), has_more: visible.length > max };
  }

  private waitForEvent(id: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.waiters.get(id);
      if (!waiters) this.waiters.set(id, (waiters = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  private wake(id: string): void {
    for (const waiter of [...(this.waiters.get(id) ?? [])]) waiter();
  }

  private compiled(tenantId: string): Promise<CompiledSubscription[]> {
    return this.cache.get(tenantId);
  }

  private async readActive(tenantId: string): Promise<CompiledSubscription[]> {
    const rows = (await this.store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .execute()) as SubscriptionRow[];
    return rows.map((row) => ({
      row,
      matchers: (JSON.parse(row.paths) as string[]).map((pattern) => compileGlob(pattern)),
      events: JSON.parse(row.events) as string[],
    }));
  }

  /** Only the owning identity may poll, ack, change or delete a subscription (root may too). */
  private async owned(actor: Actor, id: string): Promise<SubscriptionRow> {
    const row = await this.row(actor.tenantId, id);
    if (row.identity_id !== actor.identity.id && !actor.identity.isRoot) {
      throw forbidden('forbidden', `Subscription '${id}' belongs to '${row.identity_id}'`, { subscription_id: id });
    }
    return row;
  }

  private async row(tenantId: string, id: string): Promise<SubscriptionRow> {
    const row = (await this.store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()) as SubscriptionRow | undefined;
    if (!row) throw notFound('subscription_not_found', `Subscription '${id}' not found`, { subscription_id: id });
    return row;
  }

  private async view(row: SubscriptionRow): Promise<Record<string, unknown>> {
    const queued = await this.store.db
      .selectFrom('subscription_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subscription_id', '=', row.id)
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      name: row.name,
      identity_id: row.identity_id,
      paths: JSON.parse(row.paths) as string[],
      events: JSON.parse(row.events) as string[],
      delivery: {
        type: row.delivery_type,
        ...(row.delivery_url ? { url: row.delivery_url } : {}),
        ...(row.delivery_type === 'polling' ? { buffer_size: row.buffer_size } : {}),
      },
      filters: JSON.parse(row.filters) as Record<string, unknown>,
      status: row.status,
      queued_events: Number(queued.n),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }
}
