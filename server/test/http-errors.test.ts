import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

function envelope(body: string): { code: string; message: string; request_id: string } {
  const parsed = JSON.parse(body) as { error: { code: string; message: string; request_id: string } };
  assert.match(parsed.error.request_id, /^req_/);
  assert.ok(!/\bat \w+ \(|node_modules|\.js:\d+/.test(body), 'no stack trace in a response');
  return parsed.error;
}

test('malformed JSON is 400 invalid_request, whatever the content type', async () => {
  const auth = { authorization: `Bearer ${server.rootToken}` };
  for (const [type, body] of [
    ['application/json', '{"data": '],
    ['application/json', '[1,2'],
    ['text/plain', 'not json'],
    ['application/json', '{"__proto__": {"x": 1}, "data": {}}'],
  ]) {
    const response = await rawRequest(server.url, 'PUT', '/v1/secrets/bad/json', { ...auth, 'content-type': type! }, body);
    assert.equal(response.status, 400, body);
    assert.equal(envelope(response.body).code, 'invalid_request');
  }
  const array = await server.api('PUT', '/v1/secrets/bad/json', [1, 2]);
  assert.equal(array.body.error.code, 'invalid_request');
  assert.equal((await server.api('GET', '/v1/health')).status, 200, 'still serving');
});

test('a body over 1 MiB is 413 with an envelope', async () => {
  const big = JSON.stringify({ data: { blob: 'x'.repeat(1024 * 1024 + 10) } });
  const response = await rawRequest(
    server.url,
    'PUT',
    '/v1/secrets/big/one',
    { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) },
    big,
  );
  assert.equal(response.status, 413);
  assert.equal(envelope(response.body).code, 'request_too_large');
  const chunked = await rawRequest(
    server.url,
    'PUT',
    '/v1/secrets/big/two',
    { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    big,
  );
  assert.equal(chunked.status, 413);
  const nearLimit = await server.api('PUT', '/v1/secrets/big/three', { data: { blob: 'y'.repeat(900 * 1024) } });
  assert.equal(nearLimit.status, 200);
});

test('unknown routes are 404 not_found envelopes; every response has a request id and rate-limit headers', async () => {
  const unknown = await server.api('GET', '/v1/does/not/exist');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
  for (const response of [
    unknown,
    await server.api('GET', '/v1/health'),
    await server.api('GET', '/v1/secrets/x', undefined, { token: 'nope' }),
    await server.api('GET', '/v1/auth/whoami'),
  ]) {
    assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-z]{16}$/);
    assert.ok(Number(response.headers.get('x-ratelimit-limit')) > 0);
    assert.ok(response.headers.get('x-ratelimit-remaining') !== null);
    assert.ok(Number(response.headers.get('x-ratelimit-reset')) > Date.now() / 1000 - 1);
  }
  const ignored = await server.api('GET', '/v1/health', undefined, { headers: { 'x-request-id': 'client-chosen' } });
  assert.notEqual(ignored.headers.get('x-request-id'), 'client-chosen');
});

test('health, readiness and version need no token', async () => {
  const health = await server.api('GET', '/v1/health', undefined, { token: null });
  assert.equal(health.body.status, 'healthy');
  const ready = await server.api('GET', '/v1/health/ready', undefined, { token: null });
  assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', encryption: 'ok' } });
  const version = await server.api('GET', '/v1/version', undefined, { token: null });
  assert.match(version.body.version, /^\d+\.\d+\.\d+/);
  assert.equal(version.body.api_version, 'v1');
  assert.equal((await server.api('GET', '/v1/health/detailed', undefined, { token: null })).status, 401);
});

test('Idempotency-Key replays the first response and rejects reuse for another request', async () => {
  const headers = { 'idempotency-key': 'create-policy-1' };
  const body = { name: 'idem', rules: [{ path_pattern: 'idem/*', permissions: ['read'] }] };
  const first = await server.api('POST', '/v1/policies', body, { headers });
  const second = await server.api('POST', '/v1/policies', body, { headers });
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.body.id, first.body.id, 'the same policy, not a second one');
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  const reused = await server.api('POST', '/v1/policies', { ...body, name: 'other' }, { headers });
  assert.equal(reused.status, 409);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
});

test('garbage on the wire never crashes the server', async () => {
  const auth = { authorization: `Bearer ${server.rootToken}` };
  await rawRequest(server.url, 'GET', '/v1/secrets/%', auth).then((r) => assert.equal(r.status, 400));
  await rawRequest(server.url, 'GET', `/v1/secrets/${'a/'.repeat(3000)}b`, auth).then((r) => assert.equal(r.status, 400));
  await rawRequest(server.url, 'GET', '/v1/t/%zz/secrets/a', auth).then((r) => assert.equal(envelope(r.body).code, 'tenant_not_found'));
  await rawRequest(server.url, 'PUT', '/v1/secrets/a/b', { ...auth, 'content-type': 'application/json' }, '\u0000\u0001').then((r) =>
    assert.equal(r.status, 400),
  );
  assert.equal((await server.api('GET', '/v1/health')).status, 200);
});
