import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { NetworkError, SDK_VERSION, ScaiVaultClient } from '../src/index.js';
import { withReplay } from './support/replay.js';

const sdkRoot = new URL('../../', import.meta.url);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

test('a refused connection is a NetworkError naming the URL', async () => {
  const probe = createServer();
  const port = await listen(probe);
  await closeServer(probe);
  const client = new ScaiVaultClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', retry: false });
  try {
    await assert.rejects(client.system.health(), (error: unknown) => {
      assert.ok(error instanceof NetworkError);
      assert.equal(error.status, undefined);
      assert.equal(error.code, 'connection_refused');
      assert.equal(error.message, `connection refused: http://127.0.0.1:${port}`);
      return true;
    });
  } finally {
    await client.close();
  }
});

test('the client pools keep-alive connections to a real server and close() releases them', async () => {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.connection ?? ''} ${request.socket.remotePort ?? ''}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'healthy' }));
  });
  const port = await listen(server);
  const client = new ScaiVaultClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't' });
  try {
    await client.system.health();
    // Let the pool take the finished connection back before the next request picks one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.system.health();
    assert.equal(seen.length, 2);
    const ports = seen.map((line) => line.split(' ').at(-1));
    assert.equal(ports[0], ports[1], 'the second request reused the connection');
  } finally {
    await client.close();
    await closeServer(server);
  }
});

test('close() leaves an injected dispatcher open', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/health', { json: { status: 'healthy' } });
    replay.expect('GET', '/v1/health', { json: { status: 'healthy' } });
    const first = replay.client();
    await first.system.health();
    await first.close();
    // The MockAgent still answers after the first client closed.
    assert.equal((await replay.client().system.health()).status, 'healthy');
  }));

test('importing the SDK does not load undici; the first request does', () => {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const loaded = () => Object.keys(require.cache).some((file) => file.includes('/undici/'));
    const sdk = await import('@scaivault/sdk');
    const afterImport = loaded();
    const client = new sdk.ScaiVaultClient({ baseUrl: 'http://127.0.0.1:9', retry: false });
    await client.system.health().catch(() => {});
    await client.close();
    console.log(JSON.stringify({ afterImport, afterRequest: loaded() }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: sdkRoot, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { afterImport: false, afterRequest: true });
});

test('SDK_VERSION matches package.json', () => {
  const { version } = JSON.parse(readFileSync(new URL('package.json', sdkRoot), 'utf8')) as { version: string };
  assert.equal(SDK_VERSION, version);
});

test('a base URL that is not http(s) is refused at construction', () => {
  assert.throws(() => new ScaiVaultClient({ baseUrl: 'vault.example', token: 't' }), /baseUrl must be an http\(s\) URL/);
});

test('the replay is strict: an unexpected request fails instead of reaching the network', () =>
  withReplay(async (replay) => {
    await assert.rejects(
      replay.client().system.health(),
      (error: unknown) => error instanceof NetworkError && /Mock dispatch not matched/.test(error.message),
    );
  }));
