import type { Writable } from 'node:stream';
import { followPages, type Page, type Paging } from '../parsing/paging.js';
import type { Output } from './output.js';
import { printPage } from './page.js';
import { streamList } from './stream-list.js';
import type { Column } from './table.js';

export interface PagedListOptions<Row> {
  /** The envelope key under --json, e.g. `engines`. */
  plural: string;
  columns: readonly Column<Row>[];
  /** What the "more …" hint calls the rows; default the plural. */
  noun?: string;
  /** Said on stderr instead of an empty table (not under --json or --field). */
  empty?: string;
}

/**
 * What a paged list command prints from its `readPaging` flags: one page (`--limit`, `--cursor`),
 * with a hint on stderr when more follow, or with `--all` every page streamed as it arrives in the
 * same envelope, ending `"cursor": null, "has_more": false`. `fetch` is asked for a page after
 * `cursor` (undefined: the first).
 */
export async function printPagedList<Row extends object>(
  target: { output: Output; stdout: Writable },
  paging: Paging,
  fetch: (cursor: string | undefined) => Promise<Page<Row>>,
  options: PagedListOptions<Row>,
): Promise<void> {
  if (paging.all) {
    await streamList({ ...target, ndjson: paging.ndjson }, followPages(fetch), {
      plural: options.plural,
      columns: options.columns,
      extra: () => ({ cursor: null, has_more: false }),
      ...(options.empty === undefined ? {} : { empty: options.empty }),
    });
    return;
  }
  const page = await fetch(paging.cursor);
  const output = target.output;
  if (options.empty !== undefined && page.rows.length === 0 && !output.json && output.options.field === undefined) {
    output.info(options.empty);
    return;
  }
  printPage(output, options.plural, page, options.columns, options.noun, paging);
}
