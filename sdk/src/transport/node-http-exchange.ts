// One HTTP/1.1 exchange over node:http / node:https, with no connection pool: the transport a
// short-lived process (the CLI, one or two requests) sends through. undici costs tens of
// milliseconds to load (its modules and its WebAssembly HTTP parser) before the first byte goes
// out; node:http is already in Node. Long-lived processes keep undici's keep-alive pool (the
// default), and so does anything that injects a dispatcher. Both sit behind the same Exchange, and
// one test suite runs against both, so timeouts, retries and errors cannot drift apart.
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange.js';

type RequestFunction = (url: URL, options: object, callback: (response: IncomingMessage) => void) => ClientRequest;

/** Set on the error when the TCP (and TLS) connection is not up within connectTimeoutMs. */
export const CONNECT_TIMEOUT_CODE = 'SCAIVAULT_CONNECT_TIMEOUT';

export function nodeHttpExchange(options: { connectTimeoutMs: number }): Exchange {
  let http: RequestFunction | undefined;
  let https: RequestFunction | undefined;
  // Required on first use: node:https pulls in TLS, which a plain-http run never needs.
  const requestFor = async (protocol: string): Promise<RequestFunction> =>
    protocol === 'https:'
      ? (https ??= (await import('node:https')).request as RequestFunction)
      : (http ??= (await import('node:http')).request as RequestFunction);

  return {
    async send(request: ExchangeRequest): Promise<ExchangeResponse> {
      const url = new URL(request.path, request.origin);
      const send = await requestFor(url.protocol);
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== null) headers['content-length'] = String(Buffer.byteLength(request.body));
      return new Promise<ExchangeResponse>((resolve, reject) => {
        const signal = request.signal.toSignal();
        const outgoing = send(url, { method: request.method, headers, signal, agent: false }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('aborted', () => reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' })));
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({
              statusCode: response.statusCode ?? 0,
              headers: response.headers,
              body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
            });
          });
        });
        outgoing.on('error', reject);
        outgoing.on('socket', (socket) => {
          // The whole exchange is bounded by the transport's own timer; this bounds the connect.
          if (!socket.connecting) return;
          const timer = setTimeout(() => {
            outgoing.destroy(
              Object.assign(new Error(`connect timed out after ${options.connectTimeoutMs} ms`), { code: CONNECT_TIMEOUT_CODE }),
            );
          }, options.connectTimeoutMs);
          socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(timer));
          socket.once('close', () => clearTimeout(timer));
        });
        outgoing.end(request.body ?? undefined);
      });
    },
    // No pool: each exchange's socket closes with its response.
    async close(): Promise<void> {},
  };
}
