// Strict replay of HTTP exchanges through undici's MockAgent: a request nobody expected fails the
// test (network access is disabled), and `finish()` fails when an expected exchange never happened.
import { MockAgent } from 'undici';
import { ScaiVaultClient, type TokenClientOptions } from '../../src/index.js';

export const ORIGIN = 'https://vault.test';
export const TOKEN = 'skt_live_0123456789abcdef';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Milliseconds before the reply is sent. */
  delayMs?: number;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  if (headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) flat[name.toLowerCase()] = String(value);
  }
  return flat;
}

function decodeBody(body: unknown, contentType: string | undefined): unknown {
  if (typeof body !== 'string') return body;
  if (contentType?.includes('json') === true) return JSON.parse(body);
  return body;
}

export class Replay {
  readonly agent = new MockAgent();
  /** Every request that matched an expectation, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Waits the client asked for between attempts. */
  readonly sleeps: number[] = [];

  constructor() {
    this.agent.disableNetConnect();
  }

  /** Expects one request `method path` (path with its query, exactly as sent) and answers it. */
  expect(method: string, path: string, reply: Reply = {}, origin = ORIGIN): void {
    const scope = this.agent
      .get(origin)
      .intercept({ method, path })
      .reply((options) => {
        const headers = lowerCaseHeaders(options.headers);
        this.requests.push({
          method: options.method,
          path: options.path,
          headers,
          body: decodeBody(options.body, headers['content-type']),
        });
        const isText = reply.text !== undefined;
        const data = isText ? reply.text : reply.json === undefined ? '' : JSON.stringify(reply.json);
        const contentType = isText ? 'text/plain' : 'application/json';
        return {
          statusCode: reply.status ?? 200,
          data: data ?? '',
          responseOptions: { headers: { 'content-type': contentType, 'x-request-id': 'req_test', ...reply.headers } },
        };
      });
    if (reply.delayMs !== undefined) scope.delay(reply.delayMs);
  }

  /** Expects a request that fails at the socket with the given system error code. */
  expectSocketError(method: string, path: string, code: string): void {
    this.agent
      .get(ORIGIN)
      .intercept({ method, path })
      .replyWithError(Object.assign(new Error(`socket failure ${code}`), { code }));
  }

  /** A client over this replay that never really sleeps between retries (it records the waits). */
  client(overrides: Partial<TokenClientOptions> = {}): ScaiVaultClient {
    return new ScaiVaultClient({
      baseUrl: ORIGIN,
      token: TOKEN,
      dispatcher: this.agent,
      retry: { sleep: async (ms) => void this.sleeps.push(ms), random: () => 0.5 },
      ...overrides,
    });
  }

  /** The most recent request. */
  last(): RecordedRequest {
    const request = this.requests.at(-1);
    if (request === undefined) throw new Error('no request was made');
    return request;
  }

  finish(): void {
    this.agent.assertNoPendingInterceptors();
  }
}

/** Runs `body` against a fresh replay and checks that every expected exchange was used. */
export async function withReplay(body: (replay: Replay) => Promise<void>): Promise<void> {
  const replay = new Replay();
  try {
    await body(replay);
    replay.finish();
  } finally {
    await replay.agent.close();
  }
}
