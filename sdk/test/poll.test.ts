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
    await assert.rejects(
      client.auth.whoami(),
      (error: unknown) => error instanceof TimeoutError && /within 100 ms: https:\/\/vault\.test\/v1\/auth\/whoami/.test(error.message),
    );
  }));

test('an empty poll is a normal result', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30', { json: EMPTY });
    const result = await replay.client().subscriptions.poll('sub_abc');
    assert.deepEqual(result, EMPTY);
  }));

test('follow carries the last event id across a dropped connection, acks each batch, and stops on abort', () =>
  withReplay(async (replay) => {
    const event = (id: string) => ({ event_id: id, event_type: 'secret.rotated', path: 'a/b', data: { old_version: 1, new_version: 2 } });
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30&since_event_id=evt_0', {
      json: { events: [event('evt_1'), event('evt_2')], has_more: false },
    });
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', { json: { acknowledged: 2 } });
    replay.expectSocketError('GET', '/v1/subscriptions/sub_abc/poll?timeout=30&since_event_id=evt_2', 'ECONNRESET');
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30&since_event_id=evt_2', {
      json: { events: [event('evt_3')], has_more: false },
    });
    // Stopping acknowledges the event the caller had processed.
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', { json: { acknowledged: 1 } });
    const client = replay.client({
      retry: { maxAttempts: 1, baseDelayMs: 100, sleep: async (ms) => void replay.sleeps.push(ms), random: () => 0.5 },
    });
    const controller = new AbortController();
    const retries: string[] = [];
    const seen: string[] = [];
    for await (const received of client.subscriptions.follow('sub_abc', {
      sinceEventId: 'evt_0',
      signal: controller.signal,
      onRetry: (error) => void retries.push(error.message),
    })) {
      seen.push(received.event_id);
      if (seen.length === 3) controller.abort();
    }
    assert.deepEqual(seen, ['evt_1', 'evt_2', 'evt_3']);
    assert.deepEqual(
      replay.requests.filter((r) => r.method === 'POST').map((r) => r.body),
      [{ event_ids: ['evt_1', 'evt_2'] }, { event_ids: ['evt_3'] }],
    );
    assert.deepEqual(retries, ['connection reset: https://vault.test/v1/subscriptions/sub_abc/poll?timeout=30&since_event_id=evt_2']);
    assert.deepEqual(replay.sleeps, [50]);
  }));

test('follow stops on errors that are not transient', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/subscriptions/sub_gone/poll?timeout=30', {
      status: 404,
      json: { error: { code: 'subscription_not_found', message: 'gone', request_id: 'r' } },
    });
    const events = replay.client().subscriptions.follow('sub_gone');
    await assert.rejects(events.next(), { name: 'NotFoundError' });
  }));

test('follow keeps going when an acknowledgement fails for a transient reason, and acknowledges again', () =>
  withReplay(async (replay) => {
    const event = (id: string) => ({ event_id: id, event_type: 'secret.written', path: 'a/b', data: {} });
    const unavailable = { status: 503, json: { error: { code: 'service_unavailable', message: 'restarting', request_id: 'r' } } };
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30', { json: { events: [event('evt_1')], has_more: false } });
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', unavailable);
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', { json: { acknowledged: 1 } });
    replay.expect('GET', '/v1/subscriptions/sub_abc/poll?timeout=30&since_event_id=evt_1', {
      json: { events: [event('evt_2')], has_more: false },
    });
    replay.expect('POST', '/v1/subscriptions/sub_abc/ack', { json: { acknowledged: 1 } });
    const client = replay.client({
      retry: { maxAttempts: 1, baseDelayMs: 100, sleep: async (ms) => void replay.sleeps.push(ms), random: () => 0.5 },
    });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const received of client.subscriptions.follow('sub_abc', { signal: controller.signal })) {
      seen.push(received.event_id);
      if (seen.length === 2) controller.abort();
    }
    assert.deepEqual(seen, ['evt_1', 'evt_2']);
    assert.deepEqual(
      replay.requests.filter((r) => r.method === 'POST').map((r) => r.body),
      [{ event_ids: ['evt_1'] }, { event_ids: ['evt_1'] }, { event_ids: ['evt_2'] }],
    );
  }));
