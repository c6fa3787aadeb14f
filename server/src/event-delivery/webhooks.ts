import type { Store } from '../storage/store.js';
import type { SealedBox } from '../crypto/sealed-box.js';
import { iso, type Clock } from '../shared/time.js';
import { newId, newTimeOrderedId } from '../shared/ids.js';
import { notFound } from '../http/api-error.js';
import type { Actor } from '../shared/actor.js';
import type { EventEnvelope, EventSink, StoredEvent } from '../events/event-bus.js';
import { eventMatches } from '../events/event-types.js';
import { deliveryView, type DeliveryTarget, type WebhookSender } from './webhook-sender.js';
import type { EventVisibility } from './event-visibility.js';

export interface WebhookFilters {
  path_prefix?: string;
  secret_type?: string;
  tags?: string[];
}

interface WebhookRow {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  sealed_secret: Buffer;
  previous_sealed_secret: Buffer | null;
  previous_secret_expires_at: number | null;
  events: string;
  filters: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  /** The identity that created it; deliveries are limited to what it may see. */
  created_by: string;
}

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
  readonly heldEvents = "SELECT event_seq FROM webhook_deliveries WHERE status = 'pending'";
  private sender!: WebhookSender;
  private visibility!: EventVisibility;
  private readonly cache = new Map<string, WebhookRow[]>();
  private pending = false;

  constructor(
    private readonly store: Store,
    private readonly sealer: SealedBox,
    private readonly clock: Clock,
  ) {}

  attachSender(sender: WebhookSender, visibility: EventVisibility): void {
    this.sender = sender;
    this.visibility = visibility;
  }

  create(actor: Actor, spec: WebhookSpec & { name: string; url: string; secret: string; events: string[] }): Record<string, unknown> {
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
    this.store
      .prepare(
        `INSERT INTO webhooks (id, tenant_id, name, url, sealed_secret, previous_sealed_secret, previous_secret_expires_at, events, filters, enabled, created_at, updated_at, created_by)
         VALUES (@id, @tenant_id, @name, @url, @sealed_secret, @previous_sealed_secret, @previous_secret_expires_at, @events, @filters, @enabled, @created_at, @updated_at, @created_by)`,
      )
      .run(row);
    this.cache.delete(actor.tenantId);
    return this.view(row);
  }

  list(tenantId: string): Record<string, unknown>[] {
    return this.rows(tenantId).map((row) => this.view(row));
  }

  get(tenantId: string, id: string): Record<string, unknown> {
    const row = this.row(tenantId, id);
    const since = this.clock() - 86_400_000;
    const stats = this.store
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(status = 'success'), 0) AS ok, avg(duration_ms) AS latency
           FROM webhook_deliveries WHERE target_id = ? AND created_at >= ? AND status != 'pending'`,
      )
      .get(id, since) as { n: number; ok: number; latency: number | null };
    const last = this.store.prepare("SELECT * FROM webhook_deliveries WHERE target_id = ? AND status != 'pending' ORDER BY seq DESC LIMIT 1").get(id) as Record<string, unknown> | undefined;
    return {
      ...this.view(row),
      statistics: { deliveries_24h: stats.n, success_rate_24h: stats.n === 0 ? null : stats.ok / stats.n, avg_latency_ms: stats.latency === null ? null : Math.round(stats.latency) },
      last_delivery: last ? { id: last.id, timestamp: iso(last.completed_at as number), status: last.status, response_code: last.response_code } : null,
    };
  }

  update(tenantId: string, id: string, spec: WebhookSpec): Record<string, unknown> {
    const row = this.row(tenantId, id);
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
      next.previous_sealed_secret = this.sealer.sealText(this.sealer.openText(row.sealed_secret, secretContext(id)), `${secretContext(id)}:previous`);
      next.previous_secret_expires_at = now + (spec.previousSecretTtlMs ?? 0);
      next.sealed_secret = this.sealer.sealText(spec.secret, secretContext(id));
    }
    this.store
      .prepare(
        `UPDATE webhooks SET name = @name, url = @url, sealed_secret = @sealed_secret, previous_sealed_secret = @previous_sealed_secret,
           previous_secret_expires_at = @previous_secret_expires_at, events = @events, filters = @filters, enabled = @enabled, updated_at = @updated_at WHERE id = @id`,
      )
      .run(next);
    this.cache.delete(tenantId);
    return this.view(next);
  }

  delete(tenantId: string, id: string): void {
    this.row(tenantId, id);
    this.store.prepare('DELETE FROM webhooks WHERE id = ?').run(id);
    this.cache.delete(tenantId);
  }

  deliveries(tenantId: string, id: string, status: string | undefined, beforeSeq: number | undefined, limit: number): { seq: number; view: Record<string, unknown> }[] {
    this.row(tenantId, id);
    const rows = this.store
      .prepare('SELECT * FROM webhook_deliveries WHERE target_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?')
      .all(id, status ?? null, status ?? null, beforeSeq ?? null, beforeSeq ?? null, limit + 1) as Record<string, unknown>[];
    return rows.map((row) => ({ seq: row.seq as number, view: deliveryView(row) }));
  }

  /** Sends a `webhook.test` event once, synchronously, and records the delivery. */
  async test(actor: Actor, id: string): Promise<Record<string, unknown>> {
    const row = this.row(actor.tenantId, id);
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
    const result = await this.sender.send({ url: row.url, secret: this.secretOf(row), enabled: true, owner: { tenantId: row.tenant_id, identityId: row.created_by } }, envelope, deliveryId);
    this.store
      .prepare(
        `INSERT INTO webhook_deliveries (id, tenant_id, target_id, event_seq, event_id, event_type, status, attempts, response_code, error, duration_ms, created_at, completed_at)
         VALUES (?, ?, ?, 0, ?, 'webhook.test', ?, 1, ?, ?, ?, ?, ?)`,
      )
      .run(deliveryId, actor.tenantId, id, envelope.event_id, result.status, result.responseCode, result.error, result.durationMs, now, this.clock());
    return { delivery_id: deliveryId, status: result.status, response_code: result.responseCode, duration_ms: result.durationMs, ...(result.error ? { error: result.error } : {}) };
  }

  target(id: string): DeliveryTarget | undefined {
    const row = this.store.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined;
    return row ? { url: row.url, secret: this.secretOf(row), enabled: row.enabled === 1, owner: { tenantId: row.tenant_id, identityId: row.created_by } } : undefined;
  }

  accept(event: StoredEvent): void {
    const viaPolicy = event.attributes.webhook_ids ?? [];
    for (const row of this.rows(event.tenantId)) {
      if (row.enabled !== 1) continue;
      if (!(viaPolicy.includes(row.id) || this.matches(row, event))) continue;
      if (this.visibility.visibleToOwner(event.tenantId, row.created_by, event.envelope)) {
        this.sender.enqueue(event, row.id);
        this.pending = true;
      }
    }
  }

  wants(tenantId: string, type: string): boolean {
    return this.rows(tenantId).some((row) => row.enabled === 1 && eventMatches(JSON.parse(row.events) as string[], type));
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

  private rows(tenantId: string): WebhookRow[] {
    let rows = this.cache.get(tenantId);
    if (!rows) {
      rows = this.store.prepare('SELECT * FROM webhooks WHERE tenant_id = ? ORDER BY created_at, rowid').all(tenantId) as WebhookRow[];
      this.cache.set(tenantId, rows);
    }
    return rows;
  }

  exists(tenantId: string, id: string): boolean {
    return this.store.prepare('SELECT 1 FROM webhooks WHERE tenant_id = ? AND id = ?').get(tenantId, id) !== undefined;
  }

  private row(tenantId: string, id: string): WebhookRow {
    const row = this.store.prepare('SELECT * FROM webhooks WHERE tenant_id = ? AND id = ?').get(tenantId, id) as WebhookRow | undefined;
    if (!row) throw notFound('webhook_not_found', `Webhook '${id}' not found`, { webhook_id: id });
    return row;
  }

  private view(row: WebhookRow): Record<string, unknown> {
    const last = this.store.prepare("SELECT status FROM webhook_deliveries WHERE target_id = ? AND status != 'pending' ORDER BY seq DESC LIMIT 1").get(row.id) as { status: string } | undefined;
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
