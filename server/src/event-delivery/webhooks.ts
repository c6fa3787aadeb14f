import { ReceiverCache } from './receiver-cache.js';
import type { Kysely } from 'kysely';
import type { Store } from '../storage/store.js';
import type { DatabaseSchema } from '../storage/database-schema.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, newTimeOrderedId } from '../shared/ids.js';
import { notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EventEnvelope, EventSink, StoredEvent } from '../events/event-bus.js';
import { eventMatches } from '../events/event-types.js';
import { deliveryView, type DeliveryTarget, type WebhookSender } from './webhook-sender.js';
import type { EventVisibility } from './event-visibility.js';
import type { Selectable } from 'kysely';
import type { WebhooksTable } from './event-delivery-tables.js';

export interface WebhookFilters {
  path_prefix?: string;
  secret_type?: string;
  tags?: string[];
}

type WebhookRow = Selectable<WebhooksTable>;

export interface WebhookSpec {
  name?: string | undefined;
  url?: string | undefined;
  secret?: string | undefined;
  events?: string[] | undefined;
  filters?: WebhookFilters | undefined;
  enabled?: boolean | undefined;
  previousSecretTtlMs?: number | undefined;
}

const secretContext = (id: string) => `scaivault/webhook-secret/v1:${id}`;

/** Tenant-wide webhooks (`wh_...`): a signed POST per matching event. Signing secrets are sealed at rest. */
export class Webhooks implements EventSink {
  /** Every pending delivery, webhooks' and push subscriptions' alike (the sender keeps both in one table). */
  heldEvents(db: Kysely<DatabaseSchema>) {
    return db.selectFrom('webhook_deliveries').select('event_seq').where('status', '=', 'pending');
  }
  private sender!: WebhookSender;
  private visibility!: EventVisibility;
  private readonly cache: ReceiverCache<WebhookRow>;
  private pending = false;

  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
  ) {
    this.cache = new ReceiverCache(store, (tenantId) =>
      this.store.db
        .selectFrom('webhooks')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at')
        .orderBy(this.store.insertionOrder())
        .execute(),
    );
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
    spec: WebhookSpec & { name: string; url: string; secret: string; events: string[] },
  ): Promise<Record<string, unknown>> {
    const now = this.clock();
    const id = newId('wh');
    const row: WebhookRow = {
      id,
      tenant_id: actor.tenantId,
      name: spec.name,
      url: spec.url,
      sealed_secret: this.sealer.sealText(spec.secret, secretContext(id)),
      previous_sealed_secret: null,
      previous_secret_expires_at: null,
      events: JSON.stringify(spec.events),
      filters: JSON.stringify(spec.filters ?? {}),
      enabled: spec.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
      created_by: actor.identity.id,
    };
    await this.store.db.insertInto('webhooks').values(row).execute();
    this.forget(actor.tenantId);
    return this.view(row);
  }

  async list(tenantId: string): Promise<Record<string, unknown>[]> {
    const views: Record<string, unknown>[] = [];
    for (const row of await this.rows(tenantId)) views.push(await this.view(row));
    return views;
  }

  async get(tenantId: string, id: string): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const since = this.clock() - 86_400_000;
    const stats = await this.store.db
      .selectFrom('webhook_deliveries')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('status', '=', 'success').then(1).else(0).end()), eb.lit(0)).as('ok'),
        eb.fn.avg<number | null>('duration_ms').as('latency'),
      ])
      .where('target_id', '=', id)
      .where('created_at', '>=', since)
      .where('status', '!=', 'pending')
      .executeTakeFirstOrThrow();
    const last = await this.lastFinished(id);
    const n = Number(stats.n);
    return {
      ...(await this.view(row)),
      statistics: {
        deliveries_24h: n,
        success_rate_24h: n === 0 ? null : Number(stats.ok) / n,
        avg_latency_ms: stats.latency === null ? null : Math.round(Number(stats.latency)),
      },
      last_delivery: last
        ? { id: last.id, timestamp: iso(last.completed_at as number), status: last.status, response_code: last.response_code }
        : null,
    };
  }

  async update(tenantId: string, id: string, spec: WebhookSpec): Promise<Record<string, unknown>> {
    const row = await this.row(tenantId, id);
    const now = this.clock();
    const next: WebhookRow = {
      ...row,
      name: spec.name ?? row.name,
      url: spec.url ?? row.url,
      events: spec.events ? JSON.stringify(spec.events) : row.events,
      filters: spec.filters ? JSON.stringify(spec.filters) : row.filters,
      enabled: spec.enabled === undefined ? row.enabled : spec.enabled ? 1 : 0,
      updated_at: now,
    };
    if (spec.secret !== undefined) {
      // Rotating the signing secret: new deliveries are signed with the new one; the old one is
      // kept (sealed) for `previous_secret_ttl` so receivers can accept either meanwhile.
      next.previous_sealed_secret = this.sealer.sealText(
        this.sealer.openText(row.sealed_secret, secretContext(id)),
        `${secretContext(id)}:previous`,
      );
      next.previous_secret_expires_at = now + (spec.previousSecretTtlMs ?? 0);
      next.sealed_secret = this.sealer.sealText(spec.secret, secretContext(id));
    }
    await this.store.db
      .updateTable('webhooks')
      .set({
        name: next.name,
        url: next.url,
        sealed_secret: next.sealed_secret,
        previous_sealed_secret: next.previous_sealed_secret,
        previous_secret_expires_at: next.previous_secret_expires_at,
        events: next.events,
        filters: next.filters,
        enabled: next.enabled,
        updated_at: next.updated_at,
      })
      .where('id', '=', id)
      .execute();
    this.forget(tenantId);
    return this.view(next);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.row(tenantId, id);
    await this.store.db.deleteFrom('webhooks').where('id', '=', id).execute();
    this.forget(tenantId);
  }

  async deliveries(
    tenantId: string,
    id: string,
    status: string | undefined,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ seq: number; view: Record<string, unknown> }[]> {
    await this.row(tenantId, id);
    let query = this.store.db.selectFrom('webhook_deliveries').selectAll().where('target_id', '=', id);
    if (status !== undefined) query = query.where('status', '=', status);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    const rows = (await query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute()) as Record<string, unknown>[];
    return rows.map((row) => ({ seq: row.seq as number, view: deliveryView(row) }));
  }

  /** Sends a `webhook.test` event once, synchronously, and records the delivery. */
  async test(actor: Actor, id: string): Promise<Record<string, unknown>> {
    const row = await this.row(actor.tenantId, id);
    const now = this.clock();
    const envelope: EventEnvelope = {
      event_id: newTimeOrderedId('evt', now),
      event_type: 'webhook.test',
      timestamp: iso(now),
      tenant_id: actor.tenantId,
      partner_id: actor.identity.partnerId,
      identity_id: actor.identity.id,
      data: { webhook_id: id, message: 'Test delivery from the ScaiVault local server' },
      request_id: actor.requestId,
    };
    const deliveryId = newId('del');
    const result = await this.sender.send(
      { url: row.url, secret: this.secretOf(row), enabled: true, owner: { tenantId: row.tenant_id, identityId: row.created_by } },
      envelope,
      deliveryId,
    );
    await this.store.db
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId,
        tenant_id: actor.tenantId,
        target_id: id,
        event_seq: 0,
        event_id: envelope.event_id,
        event_type: 'webhook.test',
        status: result.status,
        attempts: 1,
        response_code: result.responseCode,
        error: result.error,
        duration_ms: result.durationMs,
        created_at: now,
        completed_at: this.clock(),
      })
      .execute();
    return {
      delivery_id: deliveryId,
      status: result.status,
      response_code: result.responseCode,
      duration_ms: result.durationMs,
      ...(result.error ? { error: result.error } : {}),
    };
  }

  async target(id: string): Promise<DeliveryTarget | undefined> {
    const row = await this.store.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row
      ? {
          url: row.url,
          secret: this.secretOf(row),
          enabled: row.enabled === 1,
          owner: { tenantId: row.tenant_id, identityId: row.created_by },
        }
      : undefined;
  }

  async accept(event: StoredEvent): Promise<void> {
    const viaPolicy = event.attributes.webhook_ids ?? [];
    for (const row of await this.rows(event.tenantId)) {
      if (row.enabled !== 1) continue;
      if (!(viaPolicy.includes(row.id) || this.matches(row, event))) continue;
      if (await this.visibility.visibleToOwner(event.tenantId, row.created_by, event.envelope)) {
        await this.sender.enqueue(event, row.id);
        this.pending = true;
      }
    }
  }

  async wants(tenantId: string, type: string): Promise<boolean> {
    return (await this.rows(tenantId)).some((row) => row.enabled === 1 && eventMatches(JSON.parse(row.events) as string[], type));
  }

  afterCommit(): void {
    if (!this.pending) return;
    this.pending = false;
    this.sender.kick();
  }

  private matches(row: WebhookRow, event: StoredEvent): boolean {
    if (!eventMatches(JSON.parse(row.events) as string[], event.envelope.event_type)) return false;
    const filters = JSON.parse(row.filters) as WebhookFilters;
    const path = event.envelope.path;
    if (filters.path_prefix && (path === undefined || !path.startsWith(filters.path_prefix))) return false;
    if (filters.secret_type && event.attributes.secret_type !== filters.secret_type) return false;
    if (filters.tags && filters.tags.length > 0 && !filters.tags.some((tag) => event.attributes.tags?.includes(tag))) return false;
    return true;
  }

  private secretOf(row: WebhookRow): string {
    return this.sealer.openText(row.sealed_secret, secretContext(row.id));
  }

  private rows(tenantId: string): Promise<WebhookRow[]> {
    return this.cache.get(tenantId);
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.store.db
        .selectFrom('webhooks')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()) !== undefined
    );
  }

  private lastFinished(targetId: string) {
    return this.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('target_id', '=', targetId)
      .where('status', '!=', 'pending')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  private async row(tenantId: string, id: string): Promise<WebhookRow> {
    const row = await this.store.db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('webhook_not_found', `Webhook '${id}' not found`, { webhook_id: id });
    return row;
  }

  private async view(row: WebhookRow): Promise<Record<string, unknown>> {
    const last = await this.lastFinished(row.id);
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      events: JSON.parse(row.events) as string[],
      filters: JSON.parse(row.filters) as WebhookFilters,
      enabled: row.enabled === 1,
      status: row.enabled !== 1 ? 'disabled' : last?.status === 'failed' ? 'failing' : 'healthy',
      previous_secret_expires_at: iso(row.previous_secret_expires_at),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }
}
