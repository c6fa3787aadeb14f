import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetworkError, RateLimitError, ScaiVaultClient, ServiceUnavailableError } from '../src/index.js';
import { ORIGIN, TOKEN, withReplay } from './support/replay.js';

const WHOAMI = { identity_id: 'user:alice@acme.example', identity_type: 'user' };
const rateLimited = { error: { code: 'rate_limited', message: 'slow down', request_id: 'req_1' } };
const unavailable = { error: { code: 'service_unavailable', message: 'try later', request_id: 'req_2' } };

test('429 is retried after the Retry-After seconds', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 429, json: rateLimited, headers: { 'retry-after': '2' } });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    assert.equal((await replay.client().auth.whoami()).identity_id, WHOAMI.identity_id);
    assert.deepEqual(replay.sleeps, [2000]);
  }));

test('Retry-After as an HTTP-date waits until that date', () =>
  withReplay(async (replay) => {
    const now = Date.parse('2026-04-23T14:00:00Z');
    replay.expect('GET', '/v1/auth/whoami', {
      status: 429,
      json: rateLimited,
      headers: { 'retry-after': 'Thu, 23 Apr 2026 14:00:03 GMT' },
    });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    await replay.client({ clock: () => now }).auth.whoami();
    assert.deepEqual(replay.sleeps, [3000]);
  }));

test('503 is retried with full-jitter exponential backoff, honouring Retry-After when given', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 503, json: unavailable });
    replay.expect('GET', '/v1/auth/whoami', { status: 503, json: unavailable, headers: { 'retry-after': '1' } });
    replay.expect('GET', '/v1/auth/whoami', { status: 502, text: 'bad gateway' });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    // random() = 0.5: waits are half of 100·2^(n-1) ms unless the server says otherwise.
    const client = replay.client({
      retry: { maxAttempts: 4, baseDelayMs: 100, sleep: async (ms) => void replay.sleeps.push(ms), random: () => 0.5 },
    });
    await client.auth.whoami();
    assert.deepEqual(replay.sleeps, [50, 1000, 200]);
  }));

test('attempts are bounded: the last failure surfaces after maxAttempts', () =>
  withReplay(async (replay) => {
    for (let i = 0; i < 3; i++) replay.expect('GET', '/v1/auth/whoami', { status: 503, json: unavailable });
    await assert.rejects(replay.client().auth.whoami(), ServiceUnavailableError);
    assert.equal(replay.requests.length, 3);
    assert.equal(replay.sleeps.length, 2);
  }));

test('total time is bounded: a wait past maxElapsedMs is not started', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 429, json: rateLimited, headers: { 'retry-after': '60' } });
    const client = replay.client({ retry: { maxAttempts: 5, maxElapsedMs: 10_000, sleep: async (ms) => void replay.sleeps.push(ms) } });
    await assert.rejects(client.auth.whoami(), (error: unknown) => error instanceof RateLimitError && error.retryAfter === 60);
    assert.deepEqual(replay.sleeps, []);
  }));

test('time spent in earlier attempts counts against the budget', () =>
  withReplay(async (replay) => {
    let now = 0;
    for (let i = 0; i < 3; i++)
      replay.expect('GET', '/v1/auth/whoami', { status: 503, json: unavailable, headers: { 'retry-after': '4' } });
    const client = replay.client({
      clock: () => now,
      retry: {
        maxAttempts: 10,
        maxElapsedMs: 10_000,
        sleep: async (ms) => {
          replay.sleeps.push(ms);
          now += ms;
        },
      },
    });
    await assert.rejects(client.auth.whoami(), ServiceUnavailableError);
    // Attempts at 0 s, 4 s and 8 s; a third wait would end at 12 s, past the 10 s budget.
    assert.deepEqual(replay.sleeps, [4000, 4000]);
    assert.equal(replay.requests.length, 3);
  }));

test('a POST without an idempotency key is never retried', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/policies', { status: 503, json: unavailable });
    await assert.rejects(replay.client().policies.create({ name: 'p', rules: [] }), ServiceUnavailableError);
    assert.equal(replay.requests.length, 1);
    assert.deepEqual(replay.sleeps, []);
  }));

test('a POST without an idempotency key is not retried after a connection reset either', () =>
  withReplay(async (replay) => {
    replay.expectSocketError('POST', '/v1/policies', 'ECONNRESET');
    await assert.rejects(
      replay.client().policies.create({ name: 'p', rules: [] }),
      (error: unknown) => error instanceof NetworkError && error.code === 'connection_reset',
    );
    assert.deepEqual(replay.sleeps, []);
  }));

test('a POST with an idempotency key is retried with the same key', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/service-accounts/sva_abc/keys', { status: 503, json: unavailable });
    replay.expect('POST', '/v1/service-accounts/sva_abc/keys', { status: 201, json: { id: 'key_1', key: 'svk_plain' } });
    const key = await replay.client().serviceAccounts.createKey('sva_abc', { name: 'k' }, { idempotencyKey: 'create-key-1' });
    assert.equal(key.key, 'svk_plain');
    assert.deepEqual(
      replay.requests.map((r) => r.headers['idempotency-key']),
      ['create-key-1', 'create-key-1'],
    );
    assert.equal(replay.sleeps.length, 1);
  }));

test('a connection reset before any response is retried for a GET', () =>
  withReplay(async (replay) => {
    replay.expectSocketError('GET', '/v1/auth/whoami', 'ECONNRESET');
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    assert.equal((await replay.client().auth.whoami()).identity_type, 'user');
    assert.equal(replay.sleeps.length, 1);
  }));

test('PUT and DELETE are retried: they are idempotent', () =>
  withReplay(async (replay) => {
    replay.expect('PUT', '/v1/secrets/a', { status: 502, text: 'bad gateway' });
    replay.expect('PUT', '/v1/secrets/a', { json: { path: 'a', version: 1 } });
    replay.expect('DELETE', '/v1/secrets/a', { status: 504, text: 'timeout' });
    replay.expect('DELETE', '/v1/secrets/a', { status: 204 });
    const client = replay.client();
    await client.secrets.write('a', { k: 'v' });
    await client.secrets.delete('a');
    assert.equal(replay.sleeps.length, 2);
  }));

test('internal_error is retried once only', () =>
  withReplay(async (replay) => {
    const internal = { error: { code: 'internal_error', message: 'boom', request_id: 'req_3' } };
    replay.expect('GET', '/v1/auth/whoami', { status: 500, json: internal });
    replay.expect('GET', '/v1/auth/whoami', { status: 500, json: internal });
    await assert.rejects(
      replay.client({ retry: { maxAttempts: 5, sleep: async (ms) => void replay.sleeps.push(ms) } }).auth.whoami(),
      ServiceUnavailableError,
    );
    assert.equal(replay.requests.length, 2);
  }));

test('4xx errors are not retried', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/a', { status: 404, json: { error: { code: 'secret_not_found', message: 'no', request_id: 'r' } } });
    await assert.rejects(replay.client().secrets.read('a'));
    assert.deepEqual(replay.sleeps, []);
  }));

test('the default sleep really waits and can be aborted', async () => {
  const replay = new (await import('./support/replay.js')).Replay();
  try {
    replay.expect('GET', '/v1/auth/whoami', { status: 503, json: unavailable, headers: { 'retry-after': '5' } });
    const client = new ScaiVaultClient({ baseUrl: ORIGIN, token: TOKEN, dispatcher: replay.agent });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    await assert.rejects(client.auth.whoami({ signal: controller.signal }), { name: 'AbortError' });
    assert.ok(Date.now() - started < 5_000);
    replay.finish();
  } finally {
    await replay.agent.close();
  }
});
