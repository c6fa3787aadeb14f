import { streamList, type ListTarget, type Paging } from '@scaivault/core';
import type { AuditEntry, AuditTrail, AuditTrailOptions } from '@scaivault/core/sdk';
import { LOG_COLUMNS, trailSummaryText } from './audit-view.js';

/**
 * Prints a trail (one secret's or one identity's): the entries as a table with the 30-day summary
 * under it, or under --json `{"logs": [...], ...subject, "cursor", "has_more", "summary"}`, or one
 * entry per line under --ndjson. With `--all` every page is printed as it arrives and the first
 * page's summary kept.
 */
export async function printTrail(
  target: ListTarget,
  fetch: (options: AuditTrailOptions) => Promise<AuditTrail>,
  window: { from?: string; to?: string },
  paging: Paging,
  subject: Record<string, string>,
): Promise<void> {
  const { output } = target;
  const base: AuditTrailOptions = { ...window, ...(paging.limit ? { limit: paging.limit } : {}) };
  const first = await fetch({ ...base, ...(paging.cursor ? { cursor: paging.cursor } : {}) });
  const summary = first.summary ?? null;
  const human = !output.json && !target.ndjson && output.options.field === undefined;
  if (paging.all) {
    async function* pages(): AsyncGenerator<AuditEntry[]> {
      let trail = first;
      yield trail.logs;
      while (trail.has_more && trail.cursor) {
        trail = await fetch({ ...base, cursor: trail.cursor });
        yield trail.logs;
      }
    }
    await streamList(target, pages(), {
      plural: 'logs',
      columns: LOG_COLUMNS,
      extra: () => ({ ...subject, cursor: null, has_more: false, summary }),
    });
    if (human && summary) output.raw(trailSummaryText(summary));
    return;
  }
  const cursor = first.cursor ?? null;
  const hasMore = first.has_more ?? false;
  if (target.ndjson && output.options.field === undefined) output.raw(first.logs.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  else output.list('logs', first.logs, LOG_COLUMNS, { ...subject, cursor, has_more: hasMore, summary });
  if (human && summary) output.raw(trailSummaryText(summary));
  if (hasMore && (human || target.ndjson)) output.info(`more entries: --cursor ${cursor} (or --all)`);
}
