import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeoutError } from '../src/index.js';
import { withReplay } from './support/replay.js';

const EMPTY = { events: [], has_more: false };

test('a poll aborted before it starts sends nothing and rejects with AbortError', () =>
  withReplay(async (replay) => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(replay.client().subscriptions.poll('sub_abc', { signal: controller.signal }), { name: 'AbortError' });
    assert.equal(replay.requests.length, 0);
  }));

test('a poll aborted while the server holds it rejects with AbortError at once', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=60', { json: EMPTY, delayMs: 5_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(replay.client().subscriptions.poll('sub_abc', { timeout: 60, signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'AbortError');
      return true;
    });
    assert.ok(Date.now() - started < 2_000, 'did not wait for the long poll to end');
    assert.deepEqual(replay.sleeps, [], 'an aborted poll is not retried');
  }));

test('a long poll outlives the client request timeout', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=1', { json: EMPTY, delayMs: 300 });
    replay.expect('GET', '/v1/auth/whoami', { json: { identity_id: 'u', identity_type: 'user' }, delayMs: 300 });
    const client = replay.client({ timeout: 100, retry: false });
    // The poll's own request timeout is its long-poll time plus a margin, not the client's 100 ms.
    const result = await client.subscriptions.poll('sub_abc', { timeout: 1 });
    assert.deepEqual(result.events, []);
    await assert.rejects(client.auth.whoami(), (error: unknown) => error instanceof TimeoutError && /within 100 ms: https:\/\/vault\.test\/v1\/auth\/whoami/.test(error.message));
  }));

test('an empty poll is a normal result', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30', { json: EMPTY });
    const result = await replay.client().subscriptions.poll('sub_abc');
    assert.deepEqual(result, EMPTY);
  }));
