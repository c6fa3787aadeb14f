import { ApiError } from './api-error.js';

/**
 * Cursors are opaque to clients: base64url JSON holding the sort key of the last item served.
 * Anything that does not decode to what we issued is `400 invalid_cursor`.
 */
export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

export function decodeCursor<T extends string | number>(cursor: string | undefined, kind: 'string' | 'number'): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (parsed as { after?: unknown } | null)?.after;
    if (typeof after === kind) return after as T;
  } catch {
    // fall through to the documented error
  }
  throw new ApiError(400, 'invalid_cursor', 'The cursor is malformed or expired', { cursor });
}

export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ApiError(400, 'invalid_request', `limit must be an integer from 1 to ${max}`, { limit: value });
  }
  return limit;
}

/** Fetch one more row than asked for to learn whether another page exists. */
export function page<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string | number,
): { items: T[]; cursor: string | null; has_more: boolean } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, cursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null, has_more: hasMore };
}
