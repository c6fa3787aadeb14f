import type { Clock } from '../shared/time.js';

import type * as JoseModule from 'jose';

type Jose = typeof JoseModule;
type KeySet = ReturnType<Jose['createLocalJWKSet']>;

/** How long a fetched key set is used before it is fetched again, rotation or not. */
const MAX_AGE_MS = 10 * 60_000;

/**
 * The issuer's signing keys, fetched from its JWKS and kept for ten minutes. A token naming a
 * key the cached set lacks (the issuer rotated) fetches the set again, at most once per
 * `cooldownMs`, so a stream of tokens with made-up key ids cannot make this server hammer the
 * issuer. The JWKS location comes from the issuer's OIDC discovery document unless configured.
 */
export class JwksCache {
  private keys: { set: KeySet; fetchedAt: number } | undefined;
  private jwksUrl: string | undefined;
  private inflight: Promise<KeySet> | undefined;
  private lastFetchAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly jose: Jose,
    private readonly issuer: string,
    configuredJwksUrl: string | undefined,
    private readonly clock: Clock,
    private readonly cooldownMs: number,
  ) {
    this.jwksUrl = configuredJwksUrl;
  }

  /** The key set to verify with; `refresh` asks for a new one when the cooldown allows. */
  async keySet(refresh = false): Promise<KeySet> {
    const now = this.clock();
    const stale = this.keys === undefined || now - this.keys.fetchedAt >= MAX_AGE_MS;
    const mayRefresh = refresh && now - this.lastFetchAt >= this.cooldownMs;
    if (!stale && !mayRefresh) return this.keys!.set;
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(): Promise<KeySet> {
    this.lastFetchAt = this.clock();
    this.jwksUrl ??= await this.discoverJwksUrl();
    const body = await fetchJson(this.jwksUrl);
    const set = this.jose.createLocalJWKSet(body as Parameters<Jose['createLocalJWKSet']>[0]);
    this.keys = { set, fetchedAt: this.clock() };
    return set;
  }

  private async discoverJwksUrl(): Promise<string> {
    const document = (await fetchJson(`${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error(`the discovery document of ${this.issuer} names no jwks_uri`);
    return document.jwks_uri;
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}
