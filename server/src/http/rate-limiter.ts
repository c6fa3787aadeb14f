/** The documented per-identity budgets, in requests per minute. */
export const RATE_LIMITS = {
  read_secrets: 1000,
  write_secrets: 100,
  delete_secrets: 100,
  list: 100,
  batch_read: 100,
  audit_query: 50,
  audit_export: 5,
  policy: 50,
  policy_test: 200,
  webhook: 20,
  subscription: 20,
  subscription_poll: 240,
  auth: 300,
  pki: 50,
  pki_admin: 20,
  dynamic_creds: 100,
  dynamic_admin: 20,
  dynamic_lease: 100,
  identity_read: 100,
  identity_sync: 5,
  general: 600,
  public: 6000,
} as const;

export type RateCategory = keyof typeof RATE_LIMITS;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the bucket is full again. */
  reset: number;
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets per (identity, category), refilled continuously and allowing a burst of the
 * whole minute's budget, like the vendor's. Kept in memory: limits reset when the server restarts.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(identity: string, category: RateCategory, now: number, enforce: boolean): RateDecision {
    const limit = RATE_LIMITS[category];
    const perMs = limit / 60_000;
    const key = `${identity}\u0000${category}`;
    const bucket = this.buckets.get(key) ?? { tokens: limit, updatedAt: now };
    bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    const allowed = !enforce || bucket.tokens >= 1;
    if (enforce && allowed) bucket.tokens -= 1;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, bucket);
    const missing = limit - bucket.tokens;
    return {
      allowed,
      limit,
      remaining: Math.max(0, Math.floor(bucket.tokens)),
      reset: Math.ceil((now + missing / perMs) / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }
}
