import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { EnvironmentMasterKeySource, startServer, type RunningServer, type StartServerOptions } from '../src/index.js';
import { testPostgresUrl } from './postgres-cluster.js';

/** `postgres` runs every test server that does not ask for a data directory on PostgreSQL (see .ci/run). */
export const TEST_ENGINE = process.env.SCAIVAULT_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh database on the test cluster, and how to drop it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = await testPostgresUrl();
  const name = `sv_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      dropper.on('error', () => undefined);
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestServer extends RunningServer {
  /** Calls the API as root unless `token` says otherwise; bodies are JSON. */
  api(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; headers?: Record<string, string>; rawBody?: string },
  ): Promise<ApiResponse>;
  /** Mints a personal token for a non-root identity. */
  tokenFor(identityId: string, scopes: string[], extra?: Record<string, unknown>): Promise<string>;
}

export async function startTestServer(options: StartServerOptions = {}): Promise<TestServer> {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  if (TEST_ENGINE === 'postgres' && options.dataDir === undefined && options.storage === undefined) {
    database = await freshPostgresDatabase();
    options = { masterKeySource: new EnvironmentMasterKeySource(randomBytes(32).toString('base64')), ...options, storage: database.url };
  }
  // A test process hosts the server and its client on one event loop: after a spawnSync or a long
  // key generation blocks it, the server's keep-alive timer and the client's next request on that
  // socket fire together and the request is lost. Idle sockets are kept well past any such pause.
  const started = await startServer({ port: 0, keepAliveTimeoutMs: 60_000, ...options });
  const server: RunningServer = database
    ? {
        ...started,
        async close() {
          await started.close();
          await database.drop();
        },
      }
    : started;
  const api: TestServer['api'] = async (method, path, body, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? server.rootToken : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = opts.rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // leave non-JSON bodies as text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    ...server,
    api,
    async tokenFor(identityId, scopes, extra = {}) {
      const response = await api('POST', '/v1/auth/tokens', { identity_id: identityId, scopes, ...extra });
      if (response.status !== 201) throw new Error(`token mint failed: ${JSON.stringify(response.body)}`);
      return response.body.token as string;
    },
  };
}

/** A clock tests can move. */
export function fakeClock(start = Date.parse('2026-04-23T14:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Sends a request byte-for-byte (no URL normalisation, unlike fetch), for traversal and malformed-input tests. */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest({ host: target.hostname, port: target.port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}
