// The one place that talks HTTP: builds the request, authenticates it, sends it through an Exchange
// (undici, or node:http for short-lived processes), retries what is safe to retry, reports to the
// hooks, and turns failures into typed errors. The HTTP client is loaded on the first request so
// that importing the SDK stays cheap.
import type { Dispatcher } from 'undici';
import { undiciExchange, type Exchange } from './exchange.js';
import { nodeHttpExchange } from './node-http-exchange.js';
import type { AccessTokenSource } from '../auth/access-token.js';
import { AbortError, RateLimitError, ScaiVaultError, errorClassFor } from '../errors.js';
import { maskFormBody, maskHeaders, maskSecrets } from '../masking.js';
import { checkShape, shapeFailure, type Shape } from '../response-shape.js';
import type { ClientHooks } from './hooks.js';
import { classifyNetworkFailure, requestTimedOut } from './network-failure.js';
import { backoffDelay, isRetryableStatus, isSafeToRepeat, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import { decodeUtf8 } from './utf8.js';
import { RequestAbort } from './request-abort.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Options every SDK call accepts. */
export interface CallOptions {
  /** Cancels the call; it then rejects with an error named `AbortError`. */
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`; makes a POST safe to retry. */
  idempotencyKey?: string;
  /** Request timeout (ms) for this call, instead of the client's. */
  timeoutMs?: number;
}

export interface HttpRequest extends CallOptions {
  method: HttpMethod;
  /** Encoded path below the base URL (`/v1/...`), or an absolute URL (the token endpoint). */
  path: string;
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent form-encoded instead of `body`. */
  form?: Record<string, string>;
  accept?: string;
  /** Send the bearer token; default true. */
  authenticate?: boolean;
  /** Safe to repeat although the method is not idempotent (a token grant has no side effect). */
  repeatable?: boolean;
  /** False: a single attempt whatever happens. */
  retry?: boolean;
  /** Non-2xx statuses handed back as a response instead of thrown (readiness reports 503). */
  acceptStatuses?: readonly number[];
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  requestId: string | undefined;
  method: string;
  /** The request path (with query) as sent, for messages. */
  path: string;
}

export interface TransportConfig {
  baseUrl: string;
  tokens: AccessTokenSource;
  tenantId: string | undefined;
  partnerId: string | undefined;
  userAgent: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  hooks: ClientHooks | undefined;
  dispatcher: Dispatcher | undefined;
  /** Which HTTP client sends requests when no dispatcher is given. */
  httpClient: HttpClientKind;
  now: () => number;
}

/** undici's keep-alive pool (long-lived processes), or node:http with no pool (one-shot processes such as the CLI). */
export type HttpClientKind = 'undici' | 'node-http';

interface Target {
  origin: string;
  pathWithQuery: string;
  href: string;
}

function queryString(query: QueryParams | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Whether a body of `contentType` is JSON (no type at all is taken to be). */
export function isJsonType(contentType: string | undefined): boolean {
  return contentType === undefined || /[/+]json\b/i.test(contentType);
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(decodeUtf8(bytes)) };
  } catch {
    return { ok: false };
  }
}

function excerpt(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes.subarray(0, 400)).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What the hooks may see of a body: decoded and masked. */
function bodyForHooks(bytes: Uint8Array, contentType: string | undefined): unknown {
  if (bytes.length === 0) return undefined;
  const json = isJsonType(contentType) ? parseJson(bytes) : { ok: false as const };
  if (json.ok) return maskSecrets(json.value);
  if (contentType !== undefined && /^text\/|pem/i.test(contentType)) return maskSecrets(decodeUtf8(bytes));
  return `<${bytes.length} bytes${contentType === undefined ? '' : ` of ${contentType}`}>`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class Transport {
  private readonly exchange: Exchange;
  private readonly origin: string;
  /** Backoff for callers that loop on their own (a followed subscription). */
  readonly backoff: (attempt: number) => number;
  private readonly basePath: string;

  constructor(private readonly config: TransportConfig) {
    const base = new URL(config.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.backoff = (attempt) => backoffDelay(config.retry, attempt);
    // An injected dispatcher (a MockAgent, an embedder's pool) is always used as given.
    this.exchange =
      config.dispatcher === undefined && config.httpClient === 'node-http'
        ? nodeHttpExchange({ connectTimeoutMs: config.connectTimeoutMs })
        : undiciExchange({ dispatcher: config.dispatcher, connectTimeoutMs: config.connectTimeoutMs });
  }

  /** Sends a request and checks the JSON answer against `shape`. */
  async json<T>(request: HttpRequest, shape: Shape<T>): Promise<T> {
    const response = await this.send({ accept: 'application/json', ...request });
    const parsed = parseJson(response.body);
    const where = { method: response.method, path: response.path, status: response.status, requestId: response.requestId };
    if (!parsed.ok) return shapeFailure(`unexpected response from ${where.method} ${where.path}: the body is not JSON`, where);
    return checkShape(shape, parsed.value, where);
  }

  /** Sends a request whose answer carries nothing we need (204, or a body we ignore). */
  async discard(request: HttpRequest): Promise<void> {
    await this.send(request);
  }

  /** Sends a request and returns the body as text (PEM, Prometheus metrics). */
  async text(request: HttpRequest): Promise<string> {
    return decodeUtf8((await this.send(request)).body);
  }

  /** Sends a request and returns the raw body (DER). */
  async bytes(request: HttpRequest): Promise<Uint8Array> {
    return (await this.send(request)).body;
  }

  /** Closes the connection pool this transport created; an injected dispatcher is left alone. */
  async close(): Promise<void> {
    await this.exchange.close();
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const { retry: policy, now } = this.config;
    const target = this.target(request);
    const repeatable =
      request.retry !== false && (request.repeatable === true || isSafeToRepeat(request.method, request.idempotencyKey !== undefined));
    const maxAttempts = repeatable ? policy.maxAttempts : 1;
    const startedAt = now();
    let replayedWithNewToken = false;

    for (let attempt = 1; ; attempt++) {
      if (request.signal?.aborted === true) throw new AbortError(undefined, { cause: request.signal.reason });
      let response: HttpResponse;
      try {
        response = await this.attempt(request, target, attempt);
      } catch (error) {
        if (!(error instanceof TransientFailure)) throw error;
        const delay = backoffDelay(policy, attempt);
        if (attempt >= maxAttempts || now() - startedAt + delay > policy.maxElapsedMs) throw error.failure;
        await this.pause(delay, request.signal);
        continue;
      }

      const ok = (response.status >= 200 && response.status < 300) || request.acceptStatuses?.includes(response.status) === true;
      if (ok) return response;
      const failure = this.errorFrom(response);
      if (failure.code === 'token_expired' && this.config.tokens.refreshable && !replayedWithNewToken) {
        // The token ran out between our expiry check and the server's: fetch a new one, replay once.
        replayedWithNewToken = true;
        this.config.tokens.invalidate();
        attempt--;
        continue;
      }
      if (attempt >= maxAttempts || !isRetryableStatus(response.status, failure.code, attempt)) throw failure;
      const asked = parseRetryAfter(response.headers['retry-after'], now());
      const delay = asked ?? backoffDelay(policy, attempt);
      // A wait that would end past the time budget is not worth starting: report the failure now.
      if (now() - startedAt + delay > policy.maxElapsedMs) throw failure;
      await this.pause(delay, request.signal);
    }
  }

  private target(request: HttpRequest): Target {
    const query = queryString(request.query);
    if (/^https?:\/\//i.test(request.path)) {
      const url = new URL(request.path);
      const pathWithQuery = `${url.pathname}${url.search === '' ? query : `${url.search}${query.replace(/^\?/, '&')}`}`;
      return { origin: url.origin, pathWithQuery, href: `${url.origin}${pathWithQuery}` };
    }
    // The path is already encoded segment by segment; it is not passed through URL, which would
    // re-interpret dot segments and escapes.
    const pathWithQuery = `${this.basePath}${request.path}${query}`;
    return { origin: this.origin, pathWithQuery, href: `${this.origin}${pathWithQuery}` };
  }

  private async headersFor(request: HttpRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'user-agent': this.config.userAgent };
    if (request.accept !== undefined) headers['accept'] = request.accept;
    if (request.authenticate !== false) {
      const token = await this.config.tokens.token();
      if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
      if (this.config.tenantId !== undefined) headers['x-tenant-id'] = this.config.tenantId;
      if (this.config.partnerId !== undefined) headers['x-partner-id'] = this.config.partnerId;
    }
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (request.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }

  private async attempt(request: HttpRequest, target: Target, attempt: number): Promise<HttpResponse> {
    const { hooks, now } = this.config;
    const headers = await this.headersFor(request);
    const payload =
      request.form !== undefined
        ? new URLSearchParams(request.form).toString()
        : request.body === undefined
          ? undefined
          : JSON.stringify(request.body);
    const shownBody = request.form !== undefined && payload !== undefined ? maskFormBody(payload) : maskSecrets(request.body);
    callHook(() =>
      hooks?.onRequest?.({ method: request.method, url: target.href, headers: maskHeaders(headers), body: shownBody, attempt }),
    );

    const timeoutMs = request.timeoutMs ?? this.config.requestTimeoutMs;
    const abort = new RequestAbort();
    const forwardAbort = (): void => abort.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', forwardAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const started = now();
    try {
      const answer = await this.exchange.send({
        origin: target.origin,
        path: target.pathWithQuery,
        method: request.method,
        headers,
        body: payload ?? null,
        signal: abort,
        timeoutMs,
      });
      const body = answer.body;
      const responseHeaders = flattenHeaders(answer.headers);
      const requestId = responseHeaders['x-request-id'];
      const durationMs = now() - started;
      callHook(() =>
        hooks?.onResponse?.({
          method: request.method,
          url: target.href,
          status: answer.statusCode,
          headers: maskHeaders(responseHeaders),
          body: bodyForHooks(body, responseHeaders['content-type']),
          durationMs,
          requestId,
          attempt,
        }),
      );
      return { status: answer.statusCode, headers: responseHeaders, body, requestId, method: request.method, path: target.pathWithQuery };
    } catch (error) {
      if (request.signal?.aborted === true) throw new AbortError(undefined, { cause: request.signal.reason });
      const url = new URL(target.href);
      const classified = timedOut ? { error: requestTimedOut(url, timeoutMs), transient: true } : classifyNetworkFailure(error, url);
      callHook(() =>
        hooks?.onError?.({ method: request.method, url: target.href, error: classified.error, durationMs: now() - started, attempt }),
      );
      if (classified.transient) throw new TransientFailure(classified.error);
      throw classified.error;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** Waits through the client's (injectable) sleep; rejects with AbortError when `signal` fires. */
  async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.config.retry.sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason });
      throw error;
    }
  }

  private errorFrom(response: HttpResponse): ScaiVaultError {
    const parsed = isJsonType(response.headers['content-type']) ? parseJson(response.body) : { ok: false as const };
    const envelope = parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
    const inner = envelope?.['error'];
    let code: string | undefined;
    let message: string | undefined;
    let details: Record<string, unknown> | undefined;
    let requestId = response.requestId;
    if (isObject(inner) && typeof inner['code'] === 'string') {
      code = inner['code'];
      message = typeof inner['message'] === 'string' ? inner['message'] : code;
      details = isObject(inner['details']) ? inner['details'] : undefined;
      if (typeof inner['request_id'] === 'string') requestId = inner['request_id'];
    } else if (typeof inner === 'string') {
      // OAuth token endpoints answer {"error": "invalid_client", "error_description": "..."}.
      code = inner;
      message = typeof envelope?.['error_description'] === 'string' ? envelope['error_description'] : inner;
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.config.now());
    const retryAfter = retryAfterMs === undefined ? undefined : retryAfterMs / 1000;
    if (code === undefined || message === undefined) {
      // Not our error envelope (a proxy's HTML page, an empty body): keep the status, show an excerpt.
      const shown = excerpt(response.body);
      const init = {
        status: response.status,
        code: 'unexpected_error_response',
        message: `HTTP ${response.status} from ${response.method} ${response.path}${shown === '' ? '' : `: ${shown}`}`,
        requestId,
      };
      const ErrorClass = response.status === 429 || response.status >= 502 ? errorClassFor(undefined, response.status) : ScaiVaultError;
      return ErrorClass === RateLimitError ? new RateLimitError({ ...init, retryAfter }) : new ErrorClass(init);
    }
    const ErrorClass = errorClassFor(code, response.status);
    const init = { status: response.status, code, message, details, requestId };
    return ErrorClass === RateLimitError ? new RateLimitError({ ...init, retryAfter }) : new ErrorClass(init);
  }
}

/** A failure before any response that may be tried again; unwrapped before it reaches callers. */
class TransientFailure extends Error {
  constructor(readonly failure: ScaiVaultError) {
    super(failure.message);
  }
}

// Hooks are for observation; a failing hook must not turn a successful call into a failure.
function callHook(invoke: () => void): void {
  try {
    invoke();
  } catch {
    // ignored on purpose
  }
}
