// Walks a cursor-paginated list page by page, yielding items, so callers can `for await` over a
// whole listing without handling cursors.
import type { CursorPage } from './response-shape.js';

export interface PageOptions {
  /** Items per page (the server's default is 100, its maximum 1000). */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

export async function* followCursor<K extends string, T>(
  itemsKey: K,
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<K, T>>,
  firstCursor?: string,
): AsyncGenerator<T, void, undefined> {
  let cursor = firstCursor;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page[itemsKey] as T[];
    const next = page.cursor;
    if (next === null || next === undefined || page.has_more === false) return;
    // A server that hands back a cursor it already gave would make this loop forever.
    if (seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}
