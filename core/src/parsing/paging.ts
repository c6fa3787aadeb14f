import { UsageError } from '../errors/cli-error.js';
import { parseInteger } from './positive-int.js';

/** `--limit`, `--cursor` and `--all` of a list command, checked. */
export interface Paging {
  limit?: number;
  cursor?: string;
  all: boolean;
  /** `--ndjson`: rows one JSON object per line. */
  ndjson: boolean;
}

/** One page as a list endpoint returns it, its rows taken out of the envelope. */
export interface Page<Row> {
  rows: Row[];
  cursor?: string | null | undefined;
  has_more?: boolean | undefined;
}

/** Checks `--limit`, `--cursor` and `--all` together, before any request. */
export function readPaging(flags: {
  limit?: string | undefined;
  cursor?: string | undefined;
  all: boolean;
  ndjson?: boolean | undefined;
  field?: string | undefined;
}): Paging {
  const limit = flags.limit === undefined ? undefined : parseInteger(flags.limit, '--limit', { min: 1, max: 1000 });
  if (flags.all && flags.cursor !== undefined) throw new UsageError('--all and --cursor cannot be combined');
  if (flags.cursor !== undefined && flags.cursor.trim() === '') throw new UsageError('--cursor is empty');
  const ndjson = flags.ndjson === true;
  if (ndjson && flags.field !== undefined) throw new UsageError('--ndjson and --field cannot be combined');
  return {
    all: flags.all,
    ndjson,
    ...(limit === undefined ? {} : { limit }),
    ...(flags.cursor === undefined ? {} : { cursor: flags.cursor }),
  };
}

/**
 * Follows `cursor` from page to page until the server says there is no more, yielding each page's
 * rows as it arrives, so a caller that prints as it goes holds one page at a time. A cursor the
 * server already gave ends the walk instead of looping.
 */
export async function* followPages<Row>(fetch: (cursor: string | undefined) => Promise<Page<Row>>): AsyncGenerator<Row[], void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor);
    yield page.rows;
    if (!page.has_more || !page.cursor || seen.has(page.cursor)) return;
    seen.add(page.cursor);
    cursor = page.cursor;
  }
}

/** Every row of every page in one array, for the few callers that need them all at once. */
export async function collectPages<Row>(fetch: (cursor: string | undefined) => Promise<Page<Row>>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const page of followPages(fetch)) rows.push(...page);
  return rows;
}
