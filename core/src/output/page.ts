import type { Page } from '../parsing/paging.js';
import type { Output } from './output.js';
import type { Column } from './table.js';

/**
 * Prints what a list command fetched: `{"<plural>": [...], "cursor", "has_more"}` under --json, or
 * a table; when more pages follow, a line on stderr says how to get them. Under `--ndjson` the rows
 * are printed one JSON object per line and the hint still goes to stderr. `--all` streams instead
 * (`streamList`).
 */
export function printPage<Row extends object>(
  output: Output,
  plural: string,
  page: Page<Row>,
  columns: readonly Column<Row>[],
  noun = plural.replace(/_/g, ' '),
  options: { ndjson?: boolean } = {},
): void {
  if (options.ndjson && output.options.field === undefined) output.raw(page.rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  else output.list(plural, page.rows, columns, { cursor: page.cursor ?? null, has_more: page.has_more ?? false });
  if (page.has_more && (!output.json || options.ndjson)) output.info(`more ${noun}: --cursor ${page.cursor} (or --all)`);
}
