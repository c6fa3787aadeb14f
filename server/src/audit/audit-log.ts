import type { Store } from '../storage/store.js';
import { iso, type Clock } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { detached, requestAudits, type RequestAudit } from '../storage/request-audit.js';

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

export interface AuditRow {
  seq: number;
  id: string;
  tenant_id: string;
  timestamp: number;
  action: string;
  identity_type: string | null;
  identity_id: string | null;
  secret_path: string | null;
  source_ip: string | null;
  user_agent: string | null;
  success: number;
  duration_ms: number;
  request_id: string;
  extra_data: string;
}

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

  flush(): void {
    if (this.pending.length === 0 || !this.store.db.open) return;
    const pending = this.pending;
    this.pending = [];
    const update = this.store.prepare(
      `UPDATE audit_log SET tenant_id = ?, timestamp = ?, action = ?, identity_type = ?, identity_id = ?, secret_path = ?, source_ip = ?, user_agent = ?,
         success = ?, duration_ms = ?, request_id = ?, extra_data = ? WHERE seq = ?`,
    );
    // Detached: the flush is nobody's change, so it must not take a request's audit along.
    detached(() =>
      this.store.transaction(() => {
        for (const { entry: e, seq } of pending) {
          if (seq === undefined) this.insert(e);
          else update.run(e.tenantId, e.timestamp, e.action, e.identityType, e.identityId, e.secretPath, e.sourceIp, e.userAgent, e.success ? 1 : 0, e.durationMs, e.requestId, JSON.stringify(e.extra), seq);
        }
      }),
    );
  }

  /** The commit hook: inside the first transaction a changing request commits, write its entries. */
  private writeWithChange(): (() => void) | undefined {
    const audit = requestAudits.getStore() as RequestAudit<AuditEntry> | undefined;
    if (!audit || audit.finished || audit.committed) return undefined;
    const seqs = audit.entries().map((entry) => this.insert(entry));
    return () => {
      audit.committed = seqs;
    };
  }

  private insert(e: AuditEntry): number {
    const result = this.store
      .prepare(
        `INSERT INTO audit_log (id, tenant_id, timestamp, action, identity_type, identity_id, secret_path, source_ip, user_agent, success, duration_ms, request_id, extra_data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId('log'), e.tenantId, e.timestamp, e.action, e.identityType, e.identityId, e.secretPath, e.sourceIp, e.userAgent, e.success ? 1 : 0, e.durationMs, e.requestId, JSON.stringify(e.extra));
    return Number(result.lastInsertRowid);
  }

  private queue(item: { entry: AuditEntry; seq?: number | undefined }): void {
    this.pending.push(item);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    detached(() =>
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      }),
    );
  }

  /** Newest first; `beforeSeq` continues a previous page. */
  query(tenantId: string, filters: AuditFilters, beforeSeq: number | undefined, limit: number): AuditRow[] {
    this.flush();
    const { where, params } = this.where(tenantId, filters);
    if (beforeSeq !== undefined) {
      where.push('seq < @before');
      params.before = beforeSeq;
    }
    params.limit = limit;
    return this.store.db.prepare(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`).all(params) as AuditRow[];
  }

  summary(tenantId: string, filters: AuditFilters): Record<string, unknown> {
    this.flush();
    const { where, params } = this.where(tenantId, filters);
    const clause = where.join(' AND ');
    const totals = this.store.db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(success), 0) AS ok, count(DISTINCT identity_id) AS identities, count(DISTINCT secret_path) AS paths, max(timestamp) AS last_event,
                max(CASE WHEN action = 'read' THEN timestamp END) AS last_read, max(CASE WHEN action IN ('write', 'rotate') AND success = 1 THEN timestamp END) AS last_write
           FROM audit_log WHERE ${clause}`,
      )
      .get(params) as { total: number; ok: number; identities: number; paths: number; last_event: number | null; last_read: number | null; last_write: number | null };
    const count = (column: string) =>
      Object.fromEntries(
        (this.store.db.prepare(`SELECT ${column} AS k, count(*) AS n FROM audit_log WHERE ${clause} GROUP BY ${column} ORDER BY n DESC`).all(params) as { k: string | null; n: number }[]).map((row) => [
          row.k ?? 'anonymous',
          row.n,
        ]),
      );
    const top = (column: string, name: string) =>
      (this.store.db.prepare(`SELECT ${column} AS k, count(*) AS n FROM audit_log WHERE ${clause} AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY n DESC, k LIMIT 10`).all(params) as { k: string; n: number }[]).map(
        (row) => ({ [name]: row.k, count: row.n }),
      );
    return {
      total_events: totals.total,
      successful_events: totals.ok,
      failed_events: totals.total - totals.ok,
      unique_identities: totals.identities,
      unique_secrets: totals.paths,
      last_event_at: iso(totals.last_event),
      last_read_at: iso(totals.last_read),
      last_write_at: iso(totals.last_write),
      by_action: count('action'),
      by_identity_type: count('identity_type'),
      top_paths: top('secret_path', 'path'),
      top_identities: top('identity_id', 'identity_id'),
    };
  }

  now(): number {
    return this.clock();
  }

  private where(tenantId: string, f: AuditFilters): { where: string[]; params: Record<string, unknown> } {
    const where = ['tenant_id = @tenant'];
    const params: Record<string, unknown> = { tenant: tenantId };
    const add = (clause: string, name: string, value: unknown) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('timestamp >= @from', 'from', f.from);
    add('timestamp < @to', 'to', f.to);
    add('identity_id = @identity_id', 'identity_id', f.identityId);
    add('identity_type = @identity_type', 'identity_type', f.identityType);
    add('secret_path = @path', 'path', f.path);
    if (f.pathPrefix !== undefined) {
      where.push('secret_path >= @prefix_low AND secret_path < @prefix_high');
      params.prefix_low = f.pathPrefix;
      params.prefix_high = `${f.pathPrefix}\u007f`;
    }
    add('success = @success', 'success', f.success === undefined ? undefined : f.success ? 1 : 0);
    add('source_ip = @source_ip', 'source_ip', f.sourceIp);
    add('request_id = @request_id', 'request_id', f.requestId);
    if (f.actions && f.actions.length > 0) {
      where.push(`action IN (${f.actions.map((_, i) => `@action${i}`).join(', ')})`);
      f.actions.forEach((action, i) => (params[`action${i}`] = action));
    }
    return { where, params };
  }
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
