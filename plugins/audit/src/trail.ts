import type { Output, Paging } from '@scaivault/core';
import type { AuditEntry, AuditTrail, AuditTrailOptions } from '@scaivault/core/sdk';
import { LOG_COLUMNS, trailSummaryText } from './audit-view.js';

/**
 * Prints a trail (one secret's or one identity's): the entries as a table with the 30-day summary
 * under it, or under --json `{"logs": [...], "cursor", "has_more", "summary", ...subject}`.
 * With `--all` every page is fetched and the first page's summary kept.
 */
export async function printTrail(
  output: Output,
  fetch: (options: AuditTrailOptions) => Promise<AuditTrail>,
  window: { from?: string; to?: string },
  paging: Paging,
  subject: Record<string, string>,
): Promise<void> {
  const base: AuditTrailOptions = { ...window, ...(paging.limit ? { limit: paging.limit } : {}) };
  let trail = await fetch({ ...base, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
  const logs: AuditEntry[] = [...trail.logs];
  const summary = trail.summary ?? null;
  while (paging.all && trail.has_more && trail.cursor) {
    trail = await fetch({ ...base, cursor: trail.cursor });
    logs.push(...trail.logs);
  }
  const cursor = paging.all ? null : (trail.cursor ?? null);
  const hasMore = paging.all ? false : (trail.has_more ?? false);
  output.list('logs', logs, LOG_COLUMNS, { ...subject, cursor, has_more: hasMore, summary });
  if (output.json || output.options.field !== undefined) return;
  if (summary) output.raw(trailSummaryText(summary));
  if (hasMore) output.info(`more entries: --cursor ${cursor} (or --all)`);
}
