// When and how long to wait before trying a request again. Only requests that are safe to repeat
// are retried: GET/PUT/DELETE/HEAD, and a POST or PATCH that carries an Idempotency-Key.

export interface RetryOptions {
  /** Attempts in total, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** No new attempt starts once this much time (ms) has passed since the first. Default 30000. */
  maxElapsedMs?: number;
  /** Backoff base (ms): attempt n waits a random time in [0, baseDelayMs * 2^(n-1)]. Default 250. */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait (ms); a server's Retry-After is honoured as given. Default 8000. */
  maxDelayMs?: number;
  /** Waits `ms`; rejects when `signal` aborts. Injectable so tests need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform random number in [0, 1) for the jitter. Injectable for deterministic tests. */
  random?: () => number;
}

export interface RetryPolicy {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const { setTimeout } = await import('node:timers/promises');
  await setTimeout(ms, undefined, signal === undefined ? {} : { signal });
}

export function retryPolicyFrom(options: RetryOptions | false | undefined): RetryPolicy {
  const given = options === false ? { maxAttempts: 1 } : (options ?? {});
  return {
    maxAttempts: Math.max(1, given.maxAttempts ?? 3),
    maxElapsedMs: given.maxElapsedMs ?? 30_000,
    baseDelayMs: given.baseDelayMs ?? 250,
    maxDelayMs: given.maxDelayMs ?? 8_000,
    sleep: given.sleep ?? defaultSleep,
    random: given.random ?? Math.random,
  };
}

/** A request may be repeated only when repeating it cannot apply it twice. */
export function isSafeToRepeat(method: string, hasIdempotencyKey: boolean): boolean {
  return hasIdempotencyKey || SAFE_METHODS.has(method);
}

/**
 * Whether a failed response is worth another attempt: 429 and gateway/availability failures, and
 * one more try for a 500 `internal_error` (the contract: "once, with backoff").
 */
export function isRetryableStatus(status: number, code: string | undefined, attempt: number): boolean {
  if (RETRYABLE_STATUSES.has(status)) return true;
  return status === 500 && code === 'internal_error' && attempt === 1;
}

/** Full-jitter exponential backoff for the wait after attempt `attempt` (1-based). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP-date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
