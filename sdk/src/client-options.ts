// What a ScaiVaultClient is built from.
import type { Dispatcher } from 'undici';
import type { ClientHooks } from './transport/hooks.js';
import type { HttpClientKind } from './transport/transport.js';
import type { RetryOptions } from './transport/retry-policy.js';

export interface TimeoutOptions {
  /** Time (ms) to establish a connection. Default 10000. Applies to the client's own connection pool. */
  connectMs?: number;
  /** Time (ms) for a whole request, response body included. Default 30000. */
  requestMs?: number;
}

interface CommonClientOptions {
  /** e.g. `https://scaivault.scailabs.ai`; a path prefix is kept. */
  baseUrl: string;
  /** Act in this tenant (partner admins): sent as `X-Tenant-ID`. */
  tenantId?: string;
  /** Act in this partner's context: sent as `X-Partner-ID`. */
  partnerId?: string;
  /** A number is the request timeout in ms. */
  timeout?: number | TimeoutOptions;
  /** Retry settings, or `false` for a single attempt per call. */
  retry?: RetryOptions | false;
  /** Replaces the default `scaivault-js/<version>` User-Agent. */
  userAgent?: string;
  /** An undici Dispatcher (Agent, Pool, MockAgent) to send requests through; the client never closes it. */
  dispatcher?: Dispatcher;
  /**
   * Without a `dispatcher`: `'undici'` (default) keeps a keep-alive connection pool, for processes
   * that make many requests; `'node-http'` sends each request over node:http(s) with no pool and
   * nothing to load first, for short-lived processes that make one or two (the CLI does).
   */
  httpClient?: HttpClientKind;
  /** Observers of every request and response, already masked. */
  hooks?: ClientHooks;
  /** Milliseconds since the epoch; injectable for token-expiry and time-budget tests. */
  clock?: () => number;
}

export interface TokenClientOptions extends CommonClientOptions {
  /** Bearer token (personal access token, service-account key, exchanged token). Optional for unauthenticated calls. */
  token?: string;
}

export interface ClientCredentialsClientOptions extends CommonClientOptions {
  clientId: string;
  clientSecret: string;
  /** Token endpoint; default `https://scaikey.scailabs.ai/oauth/token`. */
  tokenUrl?: string;
  /** Scopes to ask for; omitted → the application's full allowed set. */
  scope?: string | readonly string[];
}

export type ScaiVaultClientOptions = TokenClientOptions | ClientCredentialsClientOptions;

export const DEFAULT_TOKEN_URL = 'https://scaikey.scailabs.ai/oauth/token';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
