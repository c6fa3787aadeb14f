import { UsageError } from '../errors/cli-error.js';
import { parseInteger } from './positive-int.js';

/** `--limit`, `--cursor` and `--all` of a list command, checked. */
export interface Paging {
  limit?: number;
  cursor?: string;
  all: boolean;
}

/** One page as a list endpoint returns it, its rows taken out of the envelope. */
export interface Page<Row> {
  rows: Row[];
  cursor?: string | null | undefined;
  has_more?: boolean | undefined;
}

/** Checks `--limit`, `--cursor` and `--all` together, before any request. */
export function readPaging(flags: { limit?: string | undefined; cursor?: string | undefined; all: boolean }): Paging {
  const limit = flags.limit === undefined ? undefined : parseInteger(flags.limit, '--limit', { min: 1, max: 1000 });
  if (flags.all && flags.cursor !== undefined) throw new UsageError('--all and --cursor cannot be combined');
  if (flags.cursor !== undefined && flags.cursor.trim() === '') throw new UsageError('--cursor is empty');
  return { all: flags.all, ...(limit === undefined ? {} : { limit }), ...(flags.cursor === undefined ? {} : { cursor: flags.cursor }) };
}

/**
 * Follows `cursor` from page to page until the server says there is no more, for endpoints the
 * SDK offers no `...All()` iterator for.
 */
export async function collectPages<Row>(fetch: (cursor: string | undefined) => Promise<Page<Row>>): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor);
    rows.push(...page.rows);
    if (!page.has_more || !page.cursor) return rows;
    cursor = page.cursor;
  }
}
