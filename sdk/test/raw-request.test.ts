import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASK, NotFoundError, ValidationError, type RequestHookInfo } from '../src/index.js';
import { TOKEN, withReplay } from './support/replay.js';

test('request() sends the token, tenant and partner headers and decodes the JSON answer', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/app/db?version=2&limit=5', { json: { path: 'app/db', version: 2 } });
    const client = replay.client({ tenantId: 'tnt_acme', partnerId: 'ptn_acme' });
    const answer = await client.request({ method: 'GET', path: '/v1/secrets/app/db?version=2', query: { limit: 5 } });
    assert.deepEqual([answer.status, answer.body, answer.requestId], [200, { path: 'app/db', version: 2 }, 'req_test']);
    const sent = replay.last().headers;
    assert.deepEqual([sent['authorization'], sent['x-tenant-id'], sent['x-partner-id']], [`Bearer ${TOKEN}`, 'tnt_acme', 'ptn_acme']);
  }));

test('request() sends a JSON body, and the hooks see it masked', () =>
  withReplay(async (replay) => {
    const seen: RequestHookInfo[] = [];
    replay.expect('PUT', '/v1/secrets/app/db', { json: { path: 'app/db', version: 1 } });
    const client = replay.client({ hooks: { onRequest: (info) => void seen.push(info) } });
    await client.request({ method: 'PUT', path: '/v1/secrets/app/db', body: { data: { password: 'hunter2' } } });
    assert.deepEqual(replay.last().body, { data: { password: 'hunter2' } });
    assert.deepEqual(seen[0]!.body, { data: { password: MASK } });
    assert.equal(seen[0]!.headers['authorization'], `Bearer ${MASK}`);
  }));

test('request() retries a GET the server could not answer, like every call', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/system/health', { status: 503, json: { error: { code: 'service_unavailable', message: 'later' } } });
    replay.expect('GET', '/v1/system/health', { json: { status: 'ok' } });
    assert.deepEqual((await replay.client().request({ method: 'GET', path: '/v1/system/health' })).body, { status: 'ok' });
    assert.equal(replay.sleeps.length, 1);
  }));

test('request() throws the typed error of a failed call', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/missing', { status: 404, json: { error: { code: 'secret_not_found', message: 'no such secret' } } });
    await assert.rejects(replay.client().request({ method: 'GET', path: '/v1/secrets/missing' }), NotFoundError);
  }));

test('request() refuses an absolute URL or a path without a leading slash: the token goes only to the configured server', async () => {
  await withReplay(async (replay) => {
    for (const path of ['https://elsewhere.example/v1/x', '//elsewhere.example/v1/x', 'v1/secrets'])
      await assert.rejects(replay.client().request({ method: 'GET', path }), ValidationError);
  });
});

test('request() hands back text and empty bodies as they are', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/system/metrics', { text: 'requests_total 3\n' });
    replay.expect('DELETE', '/v1/subscriptions/sub_1', { status: 204 });
    const client = replay.client();
    assert.equal((await client.request({ method: 'GET', path: '/v1/system/metrics' })).body, 'requests_total 3\n');
    assert.equal((await client.request({ method: 'DELETE', path: '/v1/subscriptions/sub_1' })).body, undefined);
  }));
