import { createHash } from 'node:crypto';
import { ApiError, invalidRequest } from '../http/api-error.js';

const TTL_MS = 24 * 3_600_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  fingerprint: string;
  expiresAt: number;
  response?: { status: number; body: string; contentType: string };
}

export type IdempotencyOutcome = { kind: 'new' } | { kind: 'replay'; status: number; body: string; contentType: string };

/**
 * `Idempotency-Key` on a POST: the first response per (tenant, identity, key) is kept for 24 h and
 * replayed for a repeat of the same request, so a client may retry a POST safely. The same key
 * on a different request, or while the first is still running, is `409 idempotency_key_reused`.
 * Kept in memory: a restart forgets keys, which only makes a late retry run again.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  begin(scope: string, key: string, request: { method: string; url: string; body: unknown }, now: number): IdempotencyOutcome {
    if (key.length === 0 || key.length > 255) throw invalidRequest('Idempotency-Key must be 1 to 255 characters');
    const fingerprint = `${request.method} ${request.url} ${createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex')}`;
    const id = `${scope}\u0000${key}`;
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > now) {
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request', {
          idempotency_key: key,
        });
      }
      if (!existing.response)
        throw new ApiError(409, 'idempotency_key_reused', 'A request with this Idempotency-Key is still in progress', {
          idempotency_key: key,
        });
      return { kind: 'replay', ...existing.response };
    }
    if (this.entries.size >= MAX_ENTRIES) this.evict(now);
    this.entries.set(id, { fingerprint, expiresAt: now + TTL_MS });
    return { kind: 'new' };
  }

  /** Keeps the response; a server error is forgotten instead, so the retry runs again. */
  complete(scope: string, key: string, status: number, body: string, contentType: string): void {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return;
    if (status >= 500) this.entries.delete(id);
    else entry.response = { status, body, contentType };
  }

  private evict(now: number): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now || this.entries.size >= MAX_ENTRIES) this.entries.delete(id);
  }
}
