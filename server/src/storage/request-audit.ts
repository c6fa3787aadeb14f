import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The audit of one request that may change state, visible to everything its handler runs.
 * The first transaction that commits during the handler writes these entries inside itself,
 * so a change is never durable without its audit record; the response later completes them.
 */
export interface RequestAudit<Entry = unknown> {
  /** The request's entries as they stand now (status and duration still provisional). */
  entries(): Entry[];
  /** Row numbers of the entries written with the request's first committed change. */
  committed?: number[];
  /** Set when the response is written; transactions after that are not this request's change. */
  finished: boolean;
}

export const requestAudits = new AsyncLocalStorage<RequestAudit>();

/**
 * Runs `work`, and whatever it schedules, outside any request's audit: for work deferred and
 * shared between requests (batched access times, the audit flush itself), which is no request's change.
 */
export function detached<T>(work: () => T): T {
  return requestAudits.exit(work);
}
