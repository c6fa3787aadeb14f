import { UsageError } from '@scaivault/core';
import type { RawResponse } from '@scaivault/core/sdk';

/** A page as the API pages lists: one array of items, `cursor` and `has_more` (docs/api-decisions.md). */
interface CursorPage {
  itemsKey: string;
  items: unknown[];
  cursor: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readPage(body: unknown, path: string): CursorPage {
  if (!isRecord(body)) throw new UsageError(`--paginate: ${path} did not answer with a list page`);
  const arrays = Object.keys(body).filter((key) => Array.isArray(body[key]));
  if (arrays.length !== 1) throw new UsageError(`--paginate: ${path} did not answer with one list of items and a cursor`);
  const itemsKey = arrays[0]!;
  const more = body['has_more'] !== false && typeof body['cursor'] === 'string' && body['cursor'] !== '';
  return { itemsKey, items: body[itemsKey] as unknown[], cursor: more ? (body['cursor'] as string) : undefined };
}

/**
 * Follows `cursor` until `has_more` is false and merges the pages into one envelope, as `--all`
 * does for every list command: `{"<items>": [...every page...], "cursor": null, "has_more": false}`,
 * with the first page's other fields. A cursor the server hands out twice ends the walk.
 */
export async function fetchAllPages(path: string, fetchPage: (cursor: string | undefined) => Promise<RawResponse>): Promise<unknown> {
  const first = await fetchPage(undefined);
  const firstPage = readPage(first.body, path);
  const items = [...firstPage.items];
  const seen = new Set<string>();
  let cursor = firstPage.cursor;
  while (cursor !== undefined && !seen.has(cursor)) {
    seen.add(cursor);
    const page = readPage((await fetchPage(cursor)).body, path);
    if (page.itemsKey !== firstPage.itemsKey) throw new UsageError(`--paginate: ${path} changed its list key between pages`);
    items.push(...page.items);
    cursor = page.cursor;
  }
  return { ...(first.body as Record<string, unknown>), [firstPage.itemsKey]: items, cursor: null, has_more: false };
}
