import type { Column } from '@scaivault/core';
import type { AuditEntry, AuditExportJob, AuditSummary, AuditTrailSummary } from '@scaivault/core/sdk';

/** One audit entry per row; `duration_ms`, the user agent and `extra_data` are in the --json output. */
export const LOG_COLUMNS: ReadonlyArray<Column<AuditEntry>> = [
  { header: 'time', value: (e) => e.timestamp },
  { header: 'action', value: (e) => e.action },
  { header: 'identity', value: (e) => e.identity_id ?? '' },
  { header: 'path', value: (e) => e.secret_path ?? '' },
  { header: 'outcome', value: (e) => (e.success === false ? 'failed' : 'success') },
  { header: 'source ip', value: (e) => e.source_ip ?? '' },
  { header: 'request', value: (e) => e.request_id ?? '' },
];

function byAction(counts: Record<string, number> | null | undefined): Array<[string, unknown]> {
  return Object.entries(counts ?? {}).map(([action, count]): [string, unknown] => [`by_action.${action}`, count]);
}

/** The human view of `audit summary`. */
export function summaryPairs(summary: AuditSummary): Array<[string, unknown]> {
  return [
    ['from', summary.from ?? ''],
    ['to', summary.to ?? ''],
    ['total_events', summary.total_events],
    ['successful_events', summary.successful_events ?? ''],
    ['failed_events', summary.failed_events ?? ''],
    ['unique_identities', summary.unique_identities ?? ''],
    ['unique_secrets', summary.unique_secrets ?? ''],
    ...byAction(summary.by_action),
  ];
}

/** The one-paragraph summary printed under a trail's table. */
export function trailSummaryText(summary: AuditTrailSummary): string {
  const days = summary.period_days ?? 30;
  const total = summary.total_events ?? 0;
  const failed = summary.failed_events ?? 0;
  const actions = Object.entries(summary.by_action ?? {})
    .map(([action, count]) => `${action} ${count}`)
    .join(', ');
  const parts = [`last ${days} days: ${total} event${total === 1 ? '' : 's'}, ${failed} failed`];
  if (summary.unique_identities != null) parts.push(`${summary.unique_identities} identit${summary.unique_identities === 1 ? 'y' : 'ies'}`);
  if (summary.unique_secrets != null) parts.push(`${summary.unique_secrets} secret${summary.unique_secrets === 1 ? '' : 's'}`);
  const lines = [parts.join(', ')];
  if (actions) lines.push(`by action: ${actions}`);
  if (summary.last_event_at) lines.push(`last event: ${summary.last_event_at}`);
  return `\n${lines.join('\n')}\n`;
}

export const EXPORT_COLUMNS: ReadonlyArray<Column<AuditExportJob>> = [
  { header: 'id', value: (j) => j.export_id },
  { header: 'status', value: (j) => j.status },
  { header: 'format', value: (j) => j.format },
  { header: 'from', value: (j) => j.from ?? '' },
  { header: 'to', value: (j) => j.to ?? '' },
  { header: 'records', value: (j) => j.records_written ?? j.estimated_records, align: 'right' },
  { header: 'created', value: (j) => j.created_at },
];

/** The human view of one export job, with the files of a completed one. */
export function exportPairs(job: AuditExportJob): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [
    ['export_id', job.export_id],
    ['status', job.status],
    ['format', job.format ?? ''],
    ['from', job.from ?? ''],
    ['to', job.to ?? ''],
    ['estimated_records', job.estimated_records ?? ''],
    ['records_written', job.records_written ?? ''],
    ['created_at', job.created_at ?? ''],
    ['completed_at', job.completed_at ?? ''],
  ];
  if (job.error) pairs.push(['error', job.error]);
  (job.manifest?.files ?? []).forEach((file, i) =>
    pairs.push([`files.${i}`, `${file.path} (${file.records ?? '?'} entries, ${file.bytes ?? '?'} bytes)`]),
  );
  return pairs;
}
