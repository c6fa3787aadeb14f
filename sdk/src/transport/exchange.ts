// What the transport needs from an HTTP client: send one request, get the status, headers and the
// whole body. Implemented over undici (a keep-alive pool, or an injected dispatcher) and over
// node:http (no pool, nothing to load: for short-lived processes).
import type { Dispatcher } from 'undici';
import { loadUndici } from './lean-undici.js';
import type { RequestAbort } from './request-abort.js';

export interface ExchangeRequest {
  origin: string;
  /** Path with query, already encoded. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  signal: RequestAbort;
  /** The transport's own timer bounds the exchange; this is for a backstop behind it. */
  timeoutMs: number;
}

export interface ExchangeResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface Exchange {
  send(request: ExchangeRequest): Promise<ExchangeResponse>;
  /** Closes what the exchange opened itself (an injected dispatcher is left alone). */
  close(): Promise<void>;
}

/** undici's request() on `dispatcher`, or on a keep-alive Agent made on first use. */
export function undiciExchange(options: { dispatcher: Dispatcher | undefined; connectTimeoutMs: number }): Exchange {
  let own: Promise<Dispatcher> | undefined;
  const dispatcher = (): Promise<Dispatcher> =>
    options.dispatcher !== undefined
      ? Promise.resolve(options.dispatcher)
      : (own ??= loadUndici().then((undici) =>
          undici.createAgent({ connectTimeoutMs: options.connectTimeoutMs, keepAliveTimeoutMs: 10_000 }),
        ));
  return {
    async send(request) {
      const [target, undici] = await Promise.all([dispatcher(), loadUndici()]);
      const answer = await undici.request(target, {
        origin: request.origin,
        path: request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        headersTimeout: request.timeoutMs + 1_000,
        bodyTimeout: request.timeoutMs + 1_000,
      });
      return { statusCode: answer.statusCode, headers: answer.headers, body: new Uint8Array(await answer.body.arrayBuffer()) };
    },
    async close() {
      const pool = own;
      own = undefined;
      if (pool !== undefined) await (await pool).close();
    },
  };
}
