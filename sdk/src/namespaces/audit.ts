// client.audit: the audit log — queries, per-secret and per-identity trails, summaries, exports.
// Routes: 20-rotation-events-audit-federation.md §2.4, §5; docs/api-decisions.md "Audit".
import { omitUndefined } from '../omit-undefined.js';
import { followCursor, type PageOptions } from '../pagination.js';
import * as s from '../response-shape.js';
import { encodeSecretPath, encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isAuditEntry = s.object({
  id: s.string,
  timestamp: s.string,
  action: s.string,
  identity_type: s.optional(s.string),
  identity_id: s.optional(s.string),
  secret_path: s.optional(s.string),
  source_ip: s.optional(s.string),
  user_agent: s.optional(s.string),
  success: s.optional(s.boolean),
  duration_ms: s.optional(s.number),
  request_id: s.optional(s.string),
  extra_data: s.optional(s.anyRecord),
});
export type AuditEntry = s.ShapeOf<typeof isAuditEntry>;
const isAuditLog = s.cursorList('logs', isAuditEntry);
export type AuditLogPage = s.ShapeOf<typeof isAuditLog>;

const isTrailSummary = s.object({
  period_days: s.optional(s.number),
  total_events: s.optional(s.number),
  successful_events: s.optional(s.number),
  failed_events: s.optional(s.number),
  unique_identities: s.optional(s.number),
  unique_secrets: s.optional(s.number),
  by_action: s.optional(s.record(s.number)),
  last_event_at: s.optional(s.string),
});
export type AuditTrailSummary = s.ShapeOf<typeof isTrailSummary>;

const isAuditTrail = s.object({
  logs: s.array(isAuditEntry),
  cursor: s.optional(s.string),
  has_more: s.optional(s.boolean),
  summary: s.optional(isTrailSummary),
});
export type AuditTrail = s.ShapeOf<typeof isAuditTrail>;

const isAuditSummary = s.object({
  from: s.optional(s.string),
  to: s.optional(s.string),
  total_events: s.number,
  successful_events: s.optional(s.number),
  failed_events: s.optional(s.number),
  by_action: s.optional(s.record(s.number)),
  unique_identities: s.optional(s.number),
  unique_secrets: s.optional(s.number),
});
export type AuditSummary = s.ShapeOf<typeof isAuditSummary>;

const isExportJob = s.object({
  export_id: s.string,
  status: s.string,
  format: s.optional(s.string),
  from: s.optional(s.string),
  to: s.optional(s.string),
  estimated_records: s.optional(s.number),
  records_written: s.optional(s.number),
  created_at: s.optional(s.string),
  completed_at: s.optional(s.string),
  manifest: s.optional(
    s.object({ files: s.array(s.object({ path: s.string, records: s.optional(s.number), bytes: s.optional(s.number) })) }),
  ),
  error: s.optional(s.string),
});
export type AuditExportJob = s.ShapeOf<typeof isExportJob>;
const isExportList = s.cursorList('exports', isExportJob);
export type AuditExportList = s.ShapeOf<typeof isExportList>;

export type AuditAction =
  | 'read'
  | 'write'
  | 'delete'
  | 'list'
  | 'rotate'
  | 'policy_create'
  | 'policy_update'
  | 'policy_delete'
  | 'policy_bind'
  | 'policy_unbind'
  | 'pki_issue'
  | 'pki_sign'
  | 'pki_revoke'
  | 'pki_ca_create'
  | 'dynamic_generate'
  | 'dynamic_renew'
  | 'dynamic_revoke'
  | 'webhook_delivery'
  | 'subscription_event'
  | 'federation_sync'
  | 'identity_sync'
  | 'export_created';

export interface AuditQueryFilters {
  /** ISO 8601 start time. */
  from?: string;
  /** ISO 8601 end time. */
  to?: string;
  /** One action or several. */
  action?: AuditAction | string | readonly string[];
  identityId?: string;
  identityType?: 'user' | 'service_account' | 'group';
  pathPrefix?: string;
  success?: boolean;
  sourceIp?: string;
  requestId?: string;
}

export interface AuditQueryOptions extends AuditQueryFilters, CallOptions, PageOptions {}

export interface AuditTrailOptions extends CallOptions, PageOptions {
  from?: string;
  to?: string;
}

export interface AuditExportInput {
  /** ISO 8601 start; without it the export starts at the oldest entry. */
  from?: string;
  /** ISO 8601 end (exclusive); without it the export runs up to the moment the job starts. */
  to?: string;
  format: 'jsonl' | 'csv';
  filters?: Record<string, unknown>;
  destination: { type: 's3' | 'gcs' | 'azure_blob'; bucket: string; prefix?: string; credentials_path: string };
}

export class AuditNamespace {
  constructor(private readonly http: Transport) {}

  /** One page of log entries matching the filters. */
  query(options: AuditQueryOptions = {}): Promise<AuditLogPage> {
    const query = omitUndefined({
      from: options.from,
      to: options.to,
      action: options.action,
      identity_id: options.identityId,
      identity_type: options.identityType,
      path_prefix: options.pathPrefix,
      success: options.success,
      source_ip: options.sourceIp,
      request_id: options.requestId,
      limit: options.limit,
      cursor: options.cursor,
    });
    return this.http.json({ ...options, method: 'GET', path: '/v1/audit/logs', query }, isAuditLog);
  }

  /** Every matching entry, following the cursor. */
  queryAll(options: Omit<AuditQueryOptions, 'cursor'> = {}): AsyncGenerator<AuditEntry, void, undefined> {
    return followCursor('logs', (cursor) => this.query({ ...options, ...(cursor === undefined ? {} : { cursor }) }));
  }

  /** Activity on one secret, with a 30-day summary. */
  trail(secretPath: string, options: AuditTrailOptions = {}): Promise<AuditTrail> {
    const query = { from: options.from, to: options.to, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: `/v1/audit/secrets/${encodeSecretPath(secretPath)}`, query }, isAuditTrail);
  }

  /** Actions of one identity, with a summary. */
  identityTrail(identityId: string, options: AuditTrailOptions = {}): Promise<AuditTrail> {
    const query = { from: options.from, to: options.to, limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: `/v1/audit/identities/${encodeSegment(identityId)}`, query }, isAuditTrail);
  }

  summary(options: CallOptions & { from?: string; to?: string } = {}): Promise<AuditSummary> {
    return this.http.json(
      { ...options, method: 'GET', path: '/v1/audit/summary', query: { from: options.from, to: options.to } },
      isAuditSummary,
    );
  }

  /** Starts an export job; poll `getExport` until `completed`. */
  export(request: AuditExportInput, options: CallOptions = {}): Promise<AuditExportJob> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/audit/export', body: request }, isExportJob);
  }

  exports(options: CallOptions & PageOptions = {}): Promise<AuditExportList> {
    const query = { limit: options.limit, cursor: options.cursor };
    return this.http.json({ ...options, method: 'GET', path: '/v1/audit/exports', query }, isExportList);
  }

  getExport(exportId: string, options: CallOptions = {}): Promise<AuditExportJob> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/audit/exports/${encodeSegment(exportId)}` }, isExportJob);
  }
}
