import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Store } from '../storage/store.js';
import type { DatabaseSchema } from '../storage/database-schema.js';
import type { EventsTable } from './events-tables.js';
import { pick, prepared } from '../storage/prepared-query.js';
import { iso, type Clock } from '../shared/time.js';
import { newTimeOrderedId } from '../shared/ids.js';
import type { Actor } from '../shared/actor.js';

/** The documented event envelope, as delivered to webhooks and returned by subscription polls. */
export interface EventEnvelope {
  event_id: string;
  event_type: string;
  timestamp: string;
  tenant_id: string;
  partner_id: string;
  identity_id: string;
  path?: string;
  data: Record<string, unknown>;
  request_id: string;
}

export interface StoredEvent {
  seq: number;
  tenantId: string;
  envelope: EventEnvelope;
  /** Facts about the secret used by webhook filters (`secret_type`, `tags`) but not sent. */
  attributes: { secret_type?: string; tags?: string[]; webhook_ids?: string[] };
}

export interface EventInput {
  type: string;
  path?: string;
  data: Record<string, unknown>;
  attributes?: StoredEvent['attributes'];
}

// Every event runs this; compiled once.
const INSERT_EVENT = prepared<Omit<EventsTable, 'seq'>>()((db, p) =>
  db
    .insertInto('events')
    .values(pick(p, ['event_id', 'tenant_id', 'event_type', 'timestamp', 'path', 'envelope']))
    .returning('seq'),
);

/** Something that reacts to events: subscription queues, webhooks. */
export interface EventSink {
  /** Called inside the emitting transaction, so a queued delivery commits with the change that caused it. */
  accept(event: StoredEvent): Promise<void>;
  wants(tenantId: string, type: string): Promise<boolean>;
  /** Called once the emitting transaction has committed. */
  afterCommit(): void;
  /** Called when another instance committed events: anything may have changed. */
  afterRemoteCommit?(): void;
  /** A query on the sink's own tables selecting the `seq` of every event it still needs; those are never pruned. */
  heldEvents?(db: Kysely<DatabaseSchema>): SelectQueryBuilder<DatabaseSchema, keyof DatabaseSchema, { event_seq: number }>;
}

/**
 * Records every event and fans it out to the sinks. Emitting happens inside the caller's
 * transaction: a secret write and its `secret.updated` event are stored together or not at all.
 */
export class EventBus {
  private readonly sinks: EventSink[] = [];
  private notifyScheduled = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Wakes the sinks when another server instance on the same database committed events. */
  listenToOtherInstances(): void {
    this.store.onAnnouncement('events', () => {
      for (const sink of this.sinks) sink.afterRemoteCommit?.();
    });
  }

  async emit(actor: Actor, input: EventInput): Promise<EventEnvelope> {
    const now = this.clock();
    const envelope: EventEnvelope = {
      event_id: newTimeOrderedId('evt', now),
      event_type: input.type,
      timestamp: iso(now),
      tenant_id: actor.tenantId,
      partner_id: actor.identity.partnerId,
      identity_id: actor.identity.id,
      ...(input.path === undefined ? {} : { path: input.path }),
      data: input.data,
      request_id: actor.requestId,
    };
    const [{ seq }] = (await this.store.run(INSERT_EVENT, {
      event_id: envelope.event_id,
      tenant_id: actor.tenantId,
      event_type: input.type,
      timestamp: now,
      path: input.path ?? null,
      envelope: JSON.stringify(envelope),
    })) as [{ seq: number }];
    const event: StoredEvent = { seq, tenantId: actor.tenantId, envelope, attributes: input.attributes ?? {} };
    for (const sink of this.sinks) await sink.accept(event);
    this.store.afterCommit(() => this.scheduleNotify());
    return envelope;
  }

  /** Whether any sink would take this event type; lets high-volume events (`secret.accessed`) cost nothing when unwatched. */
  async wanted(tenantId: string, type: string): Promise<boolean> {
    for (const sink of this.sinks) if (await sink.wants(tenantId, type)) return true;
    return false;
  }

  /** The sequence numbers of the events with these ids, in no particular order; unknown ids have none. */
  async seqsOf(eventIds: readonly string[]): Promise<number[]> {
    if (eventIds.length === 0) return [];
    return (await this.store.db.selectFrom('events').select('seq').where('event_id', 'in', eventIds).execute()).map((row) => row.seq);
  }

  /** The stored envelopes of these events by sequence number; pruned ones are absent. */
  async loadMany(seqs: readonly number[]): Promise<Map<number, EventEnvelope>> {
    if (seqs.length === 0) return new Map();
    const rows = await this.store.db.selectFrom('events').select(['seq', 'envelope']).where('seq', 'in', seqs).execute();
    return new Map(rows.map((row) => [row.seq, JSON.parse(row.envelope) as EventEnvelope]));
  }

  /** Deletes events older than `before` that no sink still holds. */
  async prune(before: number): Promise<void> {
    let query = this.store.db.deleteFrom('events').where('timestamp', '<', before);
    for (const sink of this.sinks) if (sink.heldEvents) query = query.where('seq', 'not in', sink.heldEvents(this.store.db));
    await query.execute();
  }

  /** Loads a stored event by sequence number (for webhook retries after a restart). */
  async load(seq: number): Promise<EventEnvelope | undefined> {
    const row = await this.store.db.selectFrom('events').select('envelope').where('seq', '=', seq).executeTakeFirst();
    return row ? (JSON.parse(row.envelope) as EventEnvelope) : undefined;
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // Called once the emitting transaction has committed; one notification per turn for a burst of events.
    setImmediate(() => {
      this.notifyScheduled = false;
      for (const sink of this.sinks) sink.afterCommit();
      this.store.announce('events');
    });
  }
}
