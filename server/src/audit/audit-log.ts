import type { Store } from '../storage/store.js';
import { pick, prepared } from '../storage/prepared-query.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { detached, requestAudits, type RequestAudit } from '../storage/request-audit.js';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from './audit-tables.js';

export interface AuditEntry {
  tenantId: string;
  timestamp: number;
  action: string;
  identityType: string | null;
  identityId: string | null;
  secretPath: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  success: boolean;
  durationMs: number;
  requestId: string;
  extra: Record<string, unknown>;
}

export interface AuditFilters {
  from?: number | undefined;
  to?: number | undefined;
  actions?: string[] | undefined;
  identityId?: string | undefined;
  identityType?: string | undefined;
  pathPrefix?: string | undefined;
  path?: string | undefined;
  success?: boolean | undefined;
  sourceIp?: string | undefined;
  requestId?: string | undefined;
}

export type AuditRow = Selectable<AuditLogTable>;

/**
 * The audit log. An entry never holds a secret value: only who, what, which path, the outcome
 * and the request id.
 *
 * The record of a state change is inserted inside the transaction of the change (the store's
 * commit hook, for the request in `requestAudits`), so no acknowledged change lacks its record,
 * even after kill -9. Everything else — reads, denials, and the final status and duration of a
 * change — is written behind the response in one transaction per event-loop turn, so a busy
 * read path pays one fsync per batch rather than one per request; queries flush first and so
 * always see every finished request.
 */
export class AuditLog {
  private pending: { entry: AuditEntry; seq?: number | undefined }[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    store.setCommitHook(() => this.writeWithChange());
  }

  record(entry: AuditEntry): void {
    this.queue({ entry });
  }

  /** Final values for entries already written with their change (`seqs`), and any entries beyond those. */
  complete(seqs: number[], entries: AuditEntry[]): void {
    entries.forEach((entry, i) => this.queue({ entry, seq: seqs[i] }));
  }

  /**
   * Writes what is queued. Flushes run one after another, and each waits for the one before, so a
   * query that flushes first sees every finished request even while an earlier flush is still
   * committing on another connection.
   */
  flush(): Promise<void> {
    const next = this.flushing.catch(() => undefined).then(() => this.writePending());
    this.flushing = next;
    return next;
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0 || !this.store.isOpen) return;
    const pending = this.pending;
    this.pending = [];
    // Detached: the flush is nobody's change, so it must not take a request's audit along.
    await detached(() =>
      this.store.transaction(async () => {
        for (const { entry, seq } of pending) {
          if (seq === undefined) await this.insert(entry);
          else await this.store.run(COMPLETE_ENTRY, { ...columnsOf(entry), seq });
        }
      }),
    );
  }

  /** The commit hook: inside the first transaction a changing request commits, write its entries. */
  private async writeWithChange(): Promise<(() => void) | undefined> {
    const audit = requestAudits.getStore() as RequestAudit<AuditEntry> | undefined;
    if (!audit || audit.finished || audit.committed) return undefined;
    const seqs: number[] = [];
    for (const entry of audit.entries()) seqs.push(await this.insert(entry));
    return () => {
      audit.committed = seqs;
    };
  }

  private async insert(entry: AuditEntry): Promise<number> {
    const [{ seq }] = (await this.store.run(INSERT_ENTRY, { id: newId('log'), ...columnsOf(entry) })) as [{ seq: number }];
    return seq;
  }

  private queue(item: { entry: AuditEntry; seq?: number | undefined }): void {
    this.pending.push(item);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    detached(() =>
      setImmediate(() => {
        this.flushScheduled = false;
        // A flush racing the store's close has nothing left to write to; anything else fails loudly.
        this.flush().catch((error: unknown) => {
          if (this.store.isOpen) throw error;
        });
      }),
    );
  }

  /** Newest first; `beforeSeq` continues a previous page. */
  async query(tenantId: string, filters: AuditFilters, beforeSeq: number | undefined, limit: number): Promise<AuditRow[]> {
    await this.flush();
    let query = this.filtered(tenantId, filters);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    return query.selectAll().orderBy('seq', 'desc').limit(limit).execute();
  }

  async summary(tenantId: string, filters: AuditFilters): Promise<Record<string, unknown>> {
    await this.flush();
    const totals = await this.filtered(tenantId, filters)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.coalesce(eb.fn.sum<number>('success'), eb.lit(0)).as('ok'),
        eb.fn.count<number>('identity_id').distinct().as('identities'),
        eb.fn.count<number>('secret_path').distinct().as('paths'),
        eb.fn.max('timestamp').as('last_event'),
        eb.fn.max(eb.case().when('action', '=', 'read').then(eb.ref('timestamp')).end()).as('last_read'),
        eb.fn
          .max(
            eb
              .case()
              .when(eb.and([eb('action', 'in', ['write', 'rotate']), eb('success', '=', 1)]))
              .then(eb.ref('timestamp'))
              .end(),
          )
          .as('last_write'),
      ])
      .executeTakeFirstOrThrow();
    const count = async (column: 'action' | 'identity_type') =>
      Object.fromEntries(
        (
          await this.filtered(tenantId, filters)
            .select([column, (eb) => eb.fn.countAll<number>().as('n')])
            .groupBy(column)
            .orderBy('n', 'desc')
            .execute()
        ).map((row) => [row[column] ?? 'anonymous', Number(row.n)]),
      );
    const top = async (column: 'secret_path' | 'identity_id', name: string) =>
      (
        await this.filtered(tenantId, filters)
          .where(column, 'is not', null)
          .select([column, (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(column)
          .orderBy('n', 'desc')
          .orderBy(column)
          .limit(10)
          .execute()
      ).map((row) => ({ [name]: row[column], count: Number(row.n) }));
    const total = Number(totals.total);
    const ok = Number(totals.ok);
    return {
      total_events: total,
      successful_events: ok,
      failed_events: total - ok,
      unique_identities: Number(totals.identities),
      unique_secrets: Number(totals.paths),
      last_event_at: iso(totals.last_event),
      last_read_at: iso(totals.last_read),
      last_write_at: iso(totals.last_write),
      by_action: await count('action'),
      by_identity_type: await count('identity_type'),
      top_paths: await top('secret_path', 'path'),
      top_identities: await top('identity_id', 'identity_id'),
    };
  }

  now(): number {
    return this.clock();
  }

  /** The entries of a tenant matching the filters, as a query to select from. */
  private filtered(tenantId: string, f: AuditFilters) {
    let query = this.store.db.selectFrom('audit_log').where('tenant_id', '=', tenantId);
    if (f.from !== undefined) query = query.where('timestamp', '>=', f.from);
    if (f.to !== undefined) query = query.where('timestamp', '<', f.to);
    if (f.identityId !== undefined) query = query.where('identity_id', '=', f.identityId);
    if (f.identityType !== undefined) query = query.where('identity_type', '=', f.identityType);
    if (f.path !== undefined) query = query.where('secret_path', '=', f.path);
    if (f.pathPrefix !== undefined)
      query = query.where('secret_path', '>=', f.pathPrefix).where('secret_path', '<', `${f.pathPrefix}\u007f`);
    if (f.success !== undefined) query = query.where('success', '=', f.success ? 1 : 0);
    if (f.sourceIp !== undefined) query = query.where('source_ip', '=', f.sourceIp);
    if (f.requestId !== undefined) query = query.where('request_id', '=', f.requestId);
    if (f.actions && f.actions.length > 0) query = query.where('action', 'in', f.actions);
    return query;
  }
}

const ENTRY_COLUMNS = [
  'tenant_id',
  'timestamp',
  'action',
  'identity_type',
  'identity_id',
  'secret_path',
  'source_ip',
  'user_agent',
  'success',
  'duration_ms',
  'request_id',
  'extra_data',
] as const;
type EntryColumns = ReturnType<typeof columnsOf>;
// Every request runs one of these; compiled once.
const INSERT_ENTRY = prepared<EntryColumns & { id: string }>()((db, p) =>
  db
    .insertInto('audit_log')
    .values(pick(p, ['id', ...ENTRY_COLUMNS]))
    .returning('seq'),
);
const COMPLETE_ENTRY = prepared<EntryColumns & { seq: number }>()((db, p) =>
  db.updateTable('audit_log').set(pick(p, ENTRY_COLUMNS)).where('seq', '=', p.seq),
);

/** An entry as the columns of its row. */
function columnsOf(e: AuditEntry) {
  return {
    tenant_id: e.tenantId,
    timestamp: e.timestamp,
    action: e.action,
    identity_type: e.identityType,
    identity_id: e.identityId,
    secret_path: e.secretPath,
    source_ip: e.sourceIp,
    user_agent: e.userAgent,
    success: e.success ? 1 : 0,
    duration_ms: e.durationMs,
    request_id: e.requestId,
    extra_data: JSON.stringify(e.extra),
  };
}

export function auditView(row: AuditRow): Record<string, unknown> {
  return {
    id: row.id,
    timestamp: iso(row.timestamp),
    action: row.action,
    identity_type: row.identity_type,
    identity_id: row.identity_id,
    secret_path: row.secret_path,
    source_ip: row.source_ip,
    user_agent: row.user_agent,
    success: row.success === 1,
    duration_ms: row.duration_ms,
    request_id: row.request_id,
    extra_data: JSON.parse(row.extra_data) as Record<string, unknown>,
  };
}
