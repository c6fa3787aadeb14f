// One suite, run against both HTTP clients the transport can send through (undici's pool, and
// node:http with no pool, which the CLI uses), over real sockets on loopback: timeouts, retries,
// Retry-After, error classes, TLS verification and NODE_EXTRA_CA_CERTS must behave the same on both.
// (Neither sends through a proxy: the SDK has no proxy support to compare.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  AbortError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ScaiVaultClient,
  ServiceUnavailableError,
  TimeoutError,
  type HttpClientKind,
  type TokenClientOptions,
} from '../src/index.js';

const TOKEN = 'skt_live_http_clients_0123456789';
const WHOAMI = { identity_id: 'user:alice@acme.example', identity_type: 'user' };

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** An HTTP server on loopback answering with `handlers` in turn (the last one repeats). */
async function serve(...handlers: Handler[]): Promise<{
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close: () => Promise<void>;
}> {
  const requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const sockets = new Set<Socket>();
  const server: Server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handlers[Math.min(requests.length - 1, handlers.length - 1)]!(request, response, body);
    });
  });
  server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), server.close(() => resolve()))),
  };
}

const json =
  (status: number, value: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(value));
  };

function client(kind: HttpClientKind, baseUrl: string, options: Partial<TokenClientOptions> = {}): ScaiVaultClient {
  return new ScaiVaultClient({ baseUrl, token: TOKEN, httpClient: kind, ...options });
}

/** Runs `body` with a client whose retry waits are recorded instead of slept. */
async function withClient(
  kind: HttpClientKind,
  baseUrl: string,
  body: (client: ScaiVaultClient, sleeps: number[]) => Promise<void>,
  options: Partial<TokenClientOptions> = {},
): Promise<void> {
  const sleeps: number[] = [];
  const made = client(kind, baseUrl, { retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 }, ...options });
  try {
    await body(made, sleeps);
  } finally {
    await made.close();
  }
}

/** A self-signed certificate for 127.0.0.1, made with openssl. */
const certDir = mkdtempSync(join(tmpdir(), 'sv-http-clients-'));
after(() => rmSync(certDir, { recursive: true, force: true }));
const certFile = join(certDir, 'cert.pem');
const keyFile = join(certDir, 'key.pem');
const made = spawnSync(
  'openssl',
  ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile].concat([
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-days',
    '1',
  ]),
  { encoding: 'utf8' },
);
assert.equal(made.status, 0, made.stderr);

async function serveTls(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    response.end(JSON.stringify(WHOAMI));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

for (const kind of ['undici', 'node-http'] as const) {
  describe(`HTTP client: ${kind}`, () => {
    test('a GET sends the token, user agent and accept header, and parses the JSON answer', async () => {
      const server = await serve(json(200, WHOAMI, { 'x-request-id': 'req_a' }));
      try {
        await withClient(kind, server.url, async (api) => assert.equal((await api.auth.whoami()).identity_id, WHOAMI.identity_id), {
          userAgent: 'contract/1',
        });
        const [request] = server.requests;
        assert.equal(request!.method, 'GET');
        assert.equal(request!.url, '/v1/auth/whoami');
        assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
        assert.equal(request!.headers['user-agent'], 'contract/1');
        assert.equal(request!.headers.accept, 'application/json');
      } finally {
        await server.close();
      }
    });

    test('a PUT sends its JSON body with the right length, UTF-8 included', async () => {
      const info = {
        path: 'app/db',
        version: 1,
        secret_type: 'kv',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      };
      const server = await serve(json(200, info));
      try {
        await withClient(kind, server.url, async (api) => void (await api.secrets.write('app/db', { note: 'grüße' })));
        const [request] = server.requests;
        assert.equal(request!.method, 'PUT');
        assert.equal(request!.headers['content-type'], 'application/json');
        assert.equal(Number(request!.headers['content-length']), Buffer.byteLength(request!.body));
        assert.deepEqual(JSON.parse(request!.body).data, { note: 'grüße' });
      } finally {
        await server.close();
      }
    });

    test('503 with Retry-After is retried after the seconds the server asked for', async () => {
      const unavailable = { error: { code: 'service_unavailable', message: 'try later' } };
      const server = await serve(json(503, unavailable, { 'retry-after': '2' }), json(200, WHOAMI));
      try {
        await withClient(kind, server.url, async (api, sleeps) => {
          assert.equal((await api.auth.whoami()).identity_id, WHOAMI.identity_id);
          assert.deepEqual(sleeps, [2000]);
        });
        assert.equal(server.requests.length, 2);
      } finally {
        await server.close();
      }
    });

    test('429 past the last attempt is a RateLimitError carrying Retry-After', async () => {
      const server = await serve(json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '1' }));
      try {
        await withClient(kind, server.url, async (api) => {
          await assert.rejects(api.auth.whoami(), (error: unknown) => {
            assert.ok(error instanceof RateLimitError);
            assert.equal(error.retryAfter, 1);
            return true;
          });
        });
        assert.equal(server.requests.length, 3);
      } finally {
        await server.close();
      }
    });

    test("the server's error envelope becomes the matching error class; a proxy's HTML page keeps its status", async () => {
      const server = await serve(
        json(404, { error: { code: 'secret_not_found', message: 'no such secret', request_id: 'req_404' } }),
        (_request, response) => {
          response.writeHead(502, { 'content-type': 'text/html' });
          response.end('<html>bad gateway</html>');
        },
      );
      try {
        await withClient(
          kind,
          server.url,
          async (api) => {
            await assert.rejects(api.secrets.read('app/x'), (error: unknown) => {
              assert.ok(error instanceof NotFoundError);
              assert.equal(error.code, 'secret_not_found');
              assert.equal(error.requestId, 'req_404');
              return true;
            });
            await assert.rejects(api.secrets.read('app/y'), (error: unknown) => {
              assert.ok(error instanceof ServiceUnavailableError);
              assert.equal(error.status, 502);
              assert.match(error.message, /bad gateway/);
              return true;
            });
          },
          { retry: false },
        );
      } finally {
        await server.close();
      }
    });

    test('a server that never answers is a TimeoutError after the request timeout', async () => {
      const server = await serve(() => undefined);
      try {
        await withClient(
          kind,
          server.url,
          async (api) => {
            await assert.rejects(api.auth.whoami(), (error: unknown) => {
              assert.ok(error instanceof TimeoutError);
              assert.equal(error.code, 'timeout');
              return true;
            });
          },
          { timeout: 200, retry: false },
        );
      } finally {
        await server.close();
      }
    });

    test('a TLS handshake that never completes is a connect timeout', async () => {
      const sockets = new Set<Socket>();
      const silent = createTcpServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        await withClient(
          kind,
          url,
          async (api) => {
            await assert.rejects(api.auth.whoami(), (error: unknown) => {
              assert.ok(error instanceof TimeoutError);
              assert.equal(error.code, 'connect_timeout');
              return true;
            });
          },
          { timeout: { connectMs: 150, requestMs: 5_000 }, retry: false },
        );
      } finally {
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    test('a refused connection is a NetworkError naming the origin', async () => {
      const server = await serve(json(200, WHOAMI));
      await server.close();
      await withClient(kind, server.url, async (api) => {
        await assert.rejects(api.auth.whoami(), (error: unknown) => {
          assert.ok(error instanceof NetworkError);
          assert.equal(error.code, 'connection_refused');
          assert.equal(error.message, `connection refused: ${server.url}`);
          return true;
        });
      });
    });

    test('a connection cut before the answer is retried, being safe to repeat', async () => {
      const server = await serve((request) => request.socket.destroy(), json(200, WHOAMI));
      try {
        await withClient(kind, server.url, async (api, sleeps) => {
          assert.equal((await api.auth.whoami()).identity_id, WHOAMI.identity_id);
          assert.equal(sleeps.length, 1);
        });
      } finally {
        await server.close();
      }
    });

    test('an aborted call rejects with AbortError', async () => {
      const server = await serve(() => undefined);
      try {
        await withClient(kind, server.url, async (api) => {
          const controller = new AbortController();
          const pending = api.auth.whoami({ signal: controller.signal });
          setTimeout(() => controller.abort(), 50);
          await assert.rejects(pending, (error: unknown) => error instanceof AbortError);
        });
      } finally {
        await server.close();
      }
    });

    test('TLS is verified: a certificate no trusted CA signed is refused', async () => {
      const server = await serveTls();
      try {
        await withClient(kind, server.url, async (api) => {
          await assert.rejects(api.auth.whoami(), (error: unknown) => {
            assert.ok(error instanceof NetworkError);
            assert.equal(error.code, 'network_error');
            assert.match(error.message, /self[- ]signed|unable to verify/i);
            return true;
          });
        });
      } finally {
        await server.close();
      }
    });

    test('a CA given in NODE_EXTRA_CA_CERTS is trusted', async () => {
      const server = await serveTls();
      try {
        // NODE_EXTRA_CA_CERTS is read when a process starts: the call runs in a child.
        const sdk = pathToFileURL(join(import.meta.dirname, '..', 'src', 'index.js')).href;
        const script = `const { ScaiVaultClient } = await import(${JSON.stringify(sdk)});
const api = new ScaiVaultClient({ baseUrl: ${JSON.stringify(server.url)}, token: 't', httpClient: ${JSON.stringify(kind)}, retry: false });
process.stdout.write((await api.auth.whoami()).identity_id);
await api.close();`;
        const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          import('node:child_process').then(({ execFile }) =>
            execFile(
              process.execPath,
              ['--input-type=module', '-e', script],
              { env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile } },
              (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            ),
          );
        });
        assert.equal(child.status, 0, child.stderr);
        assert.equal(child.stdout, WHOAMI.identity_id);
      } finally {
        await server.close();
      }
    });
  });
}
