import type { Store } from '../storage/store.js';
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

/** Something that reacts to events: subscription queues, webhooks. */
export interface EventSink {
  /** Called inside the emitting transaction, so a queued delivery commits with the change that caused it. */
  accept(event: StoredEvent): void;
  wants(tenantId: string, type: string): boolean;
  /** Called once the emitting transaction has committed. */
  afterCommit(): void;
  /** A query on the sink's own tables selecting the `seq` of every event it still needs; those are never pruned. */
  readonly heldEvents?: string;
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

  emit(actor: Actor, input: EventInput): EventEnvelope {
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
    const result = this.store
      .prepare('INSERT INTO events (event_id, tenant_id, event_type, timestamp, path, envelope) VALUES (?, ?, ?, ?, ?, ?)')
      .run(envelope.event_id, actor.tenantId, input.type, now, input.path ?? null, JSON.stringify(envelope));
    const event: StoredEvent = { seq: Number(result.lastInsertRowid), tenantId: actor.tenantId, envelope, attributes: input.attributes ?? {} };
    for (const sink of this.sinks) sink.accept(event);
    this.scheduleNotify();
    return envelope;
  }

  /** Whether any sink would take this event type; lets high-volume events (`secret.accessed`) cost nothing when unwatched. */
  wanted(tenantId: string, type: string): boolean {
    return this.sinks.some((sink) => sink.wants(tenantId, type));
  }

  /** The sequence numbers of the events with these ids, in no particular order; unknown ids have none. */
  seqsOf(eventIds: readonly string[]): number[] {
    if (eventIds.length === 0) return [];
    return (this.store.prepare(`SELECT seq FROM events WHERE event_id IN (${eventIds.map(() => '?').join(', ')})`).all(...eventIds) as { seq: number }[]).map((row) => row.seq);
  }

  /** The stored envelopes of these events by sequence number; pruned ones are absent. */
  loadMany(seqs: readonly number[]): Map<number, EventEnvelope> {
    if (seqs.length === 0) return new Map();
    const rows = this.store.prepare(`SELECT seq, envelope FROM events WHERE seq IN (${seqs.map(() => '?').join(', ')})`).all(...seqs) as { seq: number; envelope: string }[];
    return new Map(rows.map((row) => [row.seq, JSON.parse(row.envelope) as EventEnvelope]));
  }

  /** Deletes events older than `before` that no sink still holds. */
  prune(before: number): void {
    const held = this.sinks.flatMap((sink) => (sink.heldEvents === undefined ? [] : [` AND seq NOT IN (${sink.heldEvents})`])).join('');
    this.store.prepare(`DELETE FROM events WHERE timestamp < ?${held}`).run(before);
  }

  /** Loads a stored event by sequence number (for webhook retries after a restart). */
  load(seq: number): EventEnvelope | undefined {
    const row = this.store.prepare('SELECT envelope FROM events WHERE seq = ?').get(seq) as { envelope: string } | undefined;
    return row ? (JSON.parse(row.envelope) as EventEnvelope) : undefined;
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // Handlers run synchronously, so by the next turn of the event loop the transaction has committed.
    setImmediate(() => {
      this.notifyScheduled = false;
      for (const sink of this.sinks) sink.afterCommit();
    });
  }
}
