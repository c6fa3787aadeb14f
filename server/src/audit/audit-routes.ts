import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { AuditLog } from './audit-log.js';
import { actorOf, queryOf, type Query } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { ApiError, invalidRequest, notFound } from '../http/api-error.js';
import { BodyReader } from '../http/body-reader.js';
import { parseTimestamp, iso } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { validateSecretPath } from '../shared/secret-path.js';
import { auditView, type AuditFilters } from './audit-log.js';

const TRAIL_SUMMARY_DAYS = 30;

function timestampQuery(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = parseTimestamp(value);
  if (parsed === undefined) throw invalidRequest(`${name} must be an RFC 3339 timestamp or a YYYY-MM-DD date`, { [name]: value });
  return parsed;
}

function filtersFrom(query: Query): AuditFilters {
  if (query.success !== undefined && !['true', 'false'].includes(query.success))
    throw invalidRequest('success must be true or false', { success: query.success });
  if (query.identity_type !== undefined && !['user', 'service_account', 'group'].includes(query.identity_type)) {
    throw invalidRequest('identity_type must be user, service_account or group', { identity_type: query.identity_type });
  }
  return {
    from: timestampQuery(query.from, 'from'),
    to: timestampQuery(query.to, 'to'),
    actions: query.action
      ? query.action
          .split(',')
          .map((action) => action.trim())
          .filter(Boolean)
      : undefined,
    identityId: query.identity_id,
    identityType: query.identity_type,
    pathPrefix: query.path_prefix,
    success: query.success === undefined ? undefined : query.success === 'true',
    sourceIp: query.source_ip,
    requestId: query.request_id,
  };
}

interface ExportJob {
  tenantId: string;
  view: Record<string, unknown>;
  content: string;
}

export function registerAuditRoutes(
  app: FastifyInstance,
  audit: AuditLog,
  { policies }: DependenciesOf<'policies'>,
  { clock }: Core,
): void {
  const { access } = policies;
  /** Export jobs live in memory: the local server cannot write to S3/GCS/Azure, so it keeps the file itself. */
  const exports = new Map<string, ExportJob>();

  const logPage = async (request: FastifyRequest, extra: AuditFilters) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:read');
    const query = queryOf(request);
    const limit = parseLimit(query.limit, 100, 1000);
    const filters = { ...filtersFrom(query), ...extra };
    const rows = await audit.query(actor.tenantId, filters, decodeCursor<number>(query.cursor, 'number'), limit + 1);
    const result = page(rows, limit, (row) => row.seq);
    return { actor, filters, logs: result.items.map(auditView), cursor: result.cursor, has_more: result.has_more };
  };

  app.get('/v1/audit/logs', { config: { rate: 'audit_query', action: 'audit_query' } }, async (request) => {
    const { logs, cursor, has_more } = await logPage(request, {});
    return { logs, cursor, has_more };
  });

  app.get('/v1/audit/secrets/*', { config: { rate: 'audit_query', action: 'audit_query' } }, async (request) => {
    let path: string;
    try {
      path = decodeURIComponent((request.params as Record<string, string>)['*'] ?? '');
    } catch {
      throw new ApiError(400, 'invalid_path', 'The secret path is not valid percent-encoding');
    }
    validateSecretPath(path);
    request.ctx.auditPath = path;
    const { actor, logs, cursor, has_more } = await logPage(request, { path, pathPrefix: undefined });
    const summary = await audit.summary(actor.tenantId, { path, from: clock() - TRAIL_SUMMARY_DAYS * 86_400_000 });
    return { path, logs, cursor, has_more, summary: { period_days: TRAIL_SUMMARY_DAYS, ...summary } };
  });

  app.get('/v1/audit/identities/:identity_id', { config: { rate: 'audit_query', action: 'audit_query' } }, async (request) => {
    const identityId = (request.params as { identity_id: string }).identity_id;
    const { actor, logs, cursor, has_more } = await logPage(request, { identityId });
    const summary = await audit.summary(actor.tenantId, { identityId, from: clock() - TRAIL_SUMMARY_DAYS * 86_400_000 });
    return { identity_id: identityId, logs, cursor, has_more, summary: { period_days: TRAIL_SUMMARY_DAYS, ...summary } };
  });

  app.get('/v1/audit/summary', { config: { rate: 'audit_query', action: 'audit_query' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:read');
    const filters = filtersFrom(queryOf(request));
    // Without a window the summary covers the last 30 days.
    filters.from ??= clock() - TRAIL_SUMMARY_DAYS * 86_400_000;
    return { from: iso(filters.from), to: iso(filters.to ?? clock()), ...(await audit.summary(actor.tenantId, filters)) };
  });

  app.post('/v1/audit/export', { config: { rate: 'audit_export', action: 'export_created' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:export');
    const fields = new BodyReader(request.body);
    const format = fields.optionalEnum('format', ['jsonl', 'csv'] as const) ?? 'jsonl';
    const from = fields.optionalString('from');
    const to = fields.optionalString('to');
    const filterBody = fields.optionalObject('filters') ?? {};
    const destination = fields.optionalObject('destination') ?? {};
    if (!['s3', 'gcs', 'azure_blob'].includes(String(destination.type))) fields.fail('destination.type', 'one of s3, gcs, azure_blob');
    fields.finish();
    const query: Query = { from, to };
    for (const [key, value] of Object.entries(filterBody))
      if (typeof value === 'string' || typeof value === 'boolean') query[key] = String(value);
    const rows = (await audit.query(actor.tenantId, filtersFrom(query), undefined, 1_000_000)).reverse().map(auditView);
    const columns = [
      'id',
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
    ];
    const csvCell = (value: unknown) =>
      value === null || value === undefined ? '' : /[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value);
    const content =
      format === 'jsonl'
        ? rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '')
        : [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n') + '\n';
    const exportId = newId('exp');
    const file = `${String(destination.prefix ?? '')}${exportId}.${format}`;
    const view = {
      export_id: exportId,
      status: 'completed',
      format,
      from: from ?? null,
      to: to ?? null,
      estimated_records: rows.length,
      records_written: rows.length,
      destination: { type: destination.type, bucket: destination.bucket ?? null, prefix: destination.prefix ?? null },
      created_at: iso(clock()),
      completed_at: iso(clock()),
      // The local server cannot reach cloud storage; it keeps the file and serves it at download_path.
      manifest: {
        files: [
          { path: file, records: rows.length, bytes: Buffer.byteLength(content), download_path: `/v1/audit/exports/${exportId}/download` },
        ],
      },
      error: null,
    };
    exports.set(exportId, { tenantId: actor.tenantId, view, content });
    reply.code(202);
    return view;
  });

  app.get('/v1/audit/exports', { config: { rate: 'audit_export', action: 'audit_query' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:export');
    return {
      exports: [...exports.values()].filter((job) => job.tenantId === actor.tenantId).map((job) => job.view),
      cursor: null,
      has_more: false,
    };
  });

  const job = (request: FastifyRequest) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'audit:export');
    const found = exports.get((request.params as { id: string }).id);
    if (!found || found.tenantId !== actor.tenantId)
      throw notFound('export_not_found', `Audit export '${(request.params as { id: string }).id}' not found`);
    return found;
  };
  app.get('/v1/audit/exports/:id', { config: { rate: 'audit_export', action: 'audit_query' } }, async (request) => job(request).view);
  app.get('/v1/audit/exports/:id/download', { config: { rate: 'audit_export', action: 'audit_query' } }, async (request, reply) => {
    const found = job(request);
    reply.type(found.view.format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    return found.content;
  });
}
