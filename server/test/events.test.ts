import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitFor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer({ webhookRetryDelaysMs: [100, 100], webhookTargets: 'loopback' })));
after(() => server.close());

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  verified: boolean;
}

/** A loopback receiver that verifies signatures exactly as the vendor's sample does. */
async function receiver(
  secret: string,
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-scaivault-timestamp']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const given = String(request.headers['x-scaivault-signature']);
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
      const verified = fresh && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ headers: request.headers, body, verified });
      response.statusCode = statuses.shift() ?? (verified ? 200 : 401);
      response.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

test('long-poll returns as soon as an event arrives', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'poller',
    paths: ['watched/**'],
    events: ['secret.created', 'secret.updated'],
    delivery: { type: 'polling' },
  });
  assert.equal(sub.status, 201);
  assert.match(sub.body.id, /^sub_/);
  assert.equal(sub.body.identity_id, 'user:root');
  const started = Date.now();
  const poll = server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=20`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await server.api('PUT', '/v1/secrets/unwatched/x', { data: { a: 1 } });
  await server.api('PUT', '/v1/secrets/watched/db', { data: { a: 1 } });
  const result = await poll;
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5000, `answered after ${elapsed} ms, not at the 20 s timeout`);
  assert.equal(result.body.events.length, 1);
  const event = result.body.events[0];
  assert.equal(event.event_type, 'secret.created');
  assert.equal(event.path, 'watched/db');
  assert.match(event.event_id, /^evt_/);
  assert.deepEqual(event.data.version, 1);
  assert.equal(event.data.password, undefined);
});

test('unacknowledged events are redelivered; acked ones are not; since_event_id skips ahead', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'redeliver',
    paths: ['redeliver/**'],
    events: ['secret.*'],
    delivery: { type: 'polling' },
  });
  const id = sub.body.id;
  await server.api('PUT', '/v1/secrets/redeliver/a', { data: { v: 1 } });
  await server.api('PUT', '/v1/secrets/redeliver/a', { data: { v: 2 } });
  const first = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0`);
  assert.deepEqual(
    first.body.events.map((e: { event_type: string }) => e.event_type),
    ['secret.created', 'secret.updated'],
  );
  const again = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0`);
  assert.deepEqual(
    again.body.events.map((e: { event_id: string }) => e.event_id),
    first.body.events.map((e: { event_id: string }) => e.event_id),
    'redelivered after reconnect',
  );
  const skipped = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0&since_event_id=${first.body.events[0].event_id}`);
  assert.deepEqual(
    skipped.body.events.map((e: { event_type: string }) => e.event_type),
    ['secret.updated'],
  );
  const limited = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0&max_events=1`);
  assert.equal(limited.body.events.length, 1);
  assert.equal(limited.body.has_more, true);
  const ack = await server.api('POST', `/v1/subscriptions/${id}/ack`, { event_ids: [first.body.events[0].event_id] });
  assert.deepEqual(ack.body, { acknowledged: 1 });
  const afterAck = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0`);
  assert.deepEqual(
    afterAck.body.events.map((e: { event_type: string }) => e.event_type),
    ['secret.updated'],
  );
  await server.api('POST', `/v1/subscriptions/${id}/ack`, { event_ids: [afterAck.body.events[0].event_id] });
  const empty = await server.api('GET', `/v1/subscriptions/${id}/poll?timeout=0`);
  assert.deepEqual(empty.body, { events: [], has_more: false });
});

test('only the owner may poll; bad subscriptions are rejected', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'mine',
    paths: ['x/**'],
    events: ['secret.created'],
    delivery: { type: 'polling' },
  });
  const other = await server.tokenFor('user:mallory@acme.example', ['subscriptions:read', 'subscriptions:write']);
  const stolen = await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=0`, undefined, { token: other });
  assert.equal(stolen.status, 403);
  assert.equal((await server.api('GET', '/v1/subscriptions/sub_nope/poll?timeout=0')).body.error.code, 'subscription_not_found');
  assert.equal(
    (
      await server.api('POST', '/v1/subscriptions', {
        name: 'g',
        paths: ['/bad'],
        events: ['secret.created'],
        delivery: { type: 'polling' },
      })
    ).body.error.code,
    'invalid_glob',
  );
  assert.equal(
    (
      await server.api('POST', '/v1/subscriptions', {
        name: 'w',
        paths: ['a/**'],
        events: ['secret.created'],
        delivery: { type: 'webhook' },
      })
    ).status,
    422,
  );
  assert.equal((await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=61`)).body.error.code, 'invalid_request');
});

test('webhooks are signed as documented and verified by a loopback receiver', async () => {
  const secret = 'whsec_0123456789abcdef0123456789abcdef';
  const hook = await receiver(secret);
  try {
    const created = await server.api('POST', '/v1/webhooks', {
      name: 'alerts',
      url: hook.url,
      secret,
      events: ['secret.updated', 'secret.deleted'],
      filters: { path_prefix: 'hooked/' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.secret, undefined, 'the signing secret is never returned');
    await server.api('PUT', '/v1/secrets/hooked/a', { data: { v: 1 } });
    await server.api('PUT', '/v1/secrets/hooked/a', { data: { v: 2 } });
    await server.api('PUT', '/v1/secrets/elsewhere/a', { data: { v: 1 } });
    await server.api('PUT', '/v1/secrets/elsewhere/a', { data: { v: 2 } });
    await waitFor(() => hook.received.length >= 1 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(hook.received.length, 1, 'filters by event type and path prefix');
    const delivery = hook.received[0]!;
    assert.equal(delivery.verified, true);
    assert.equal(delivery.headers['x-scaivault-event-type'], 'secret.updated');
    assert.equal(delivery.headers['user-agent'], 'ScaiVault-Webhook/1.0');
    const envelope = JSON.parse(delivery.body);
    assert.equal(envelope.event_id, delivery.headers['x-scaivault-event-id']);
    assert.deepEqual(envelope.data, { old_version: 1, new_version: 2, updated_by: 'user:root', is_rotation: false });
    assert.equal(envelope.tenant_id, 'tnt_dev');
    const test = await server.api('POST', `/v1/webhooks/${created.body.id}/test`);
    assert.equal(test.body.status, 'success');
    assert.equal(test.body.response_code, 200);
    const deliveries = await waitFor(async () => {
      const list = await server.api('GET', `/v1/webhooks/${created.body.id}/deliveries?status=success`);
      return list.body.deliveries.length === 2 ? list : undefined;
    });
    assert.ok(deliveries.body.deliveries.every((d: { status: string }) => d.status === 'success'));
    const stats = await server.api('GET', `/v1/webhooks/${created.body.id}`);
    assert.equal(stats.body.statistics.deliveries_24h, 2);
  } finally {
    await hook.close();
  }
});

test('failed webhook deliveries are retried a bounded number of times', async () => {
  const secret = 'whsec_retry_retry_retry_retry_retry_retry';
  const flaky = await receiver(secret, [500]);
  const dead = await receiver(secret, [500, 500, 500, 500, 500]);
  try {
    const ok = await server.api('POST', '/v1/webhooks', {
      name: 'flaky',
      url: flaky.url,
      secret,
      events: ['secret.created'],
      filters: { path_prefix: 'retry/' },
    });
    const failing = await server.api('POST', '/v1/webhooks', {
      name: 'dead',
      url: dead.url,
      secret,
      events: ['secret.created'],
      filters: { path_prefix: 'retry/' },
    });
    await server.api('PUT', '/v1/secrets/retry/one', { data: { v: 1 } });
    await waitFor(() => (flaky.received.length >= 2 ? true : undefined));
    const okDeliveries = await waitFor(async () => {
      const list = await server.api('GET', `/v1/webhooks/${ok.body.id}/deliveries`);
      return list.body.deliveries[0]?.status === 'success' ? list : undefined;
    });
    assert.equal(okDeliveries.body.deliveries[0].attempts, 2);
    const failed = await waitFor(async () => {
      const list = await server.api('GET', `/v1/webhooks/${failing.body.id}/deliveries?status=failed`);
      return list.body.deliveries.length === 1 ? list : undefined;
    });
    assert.equal(failed.body.deliveries[0].attempts, 3, 'one attempt plus the two configured retries');
    assert.equal(failed.body.deliveries[0].response_code, 500);
    assert.equal(dead.received.length, 3);
    assert.equal((await server.api('GET', `/v1/webhooks/${failing.body.id}`)).body.status, 'failing');
  } finally {
    await flaky.close();
    await dead.close();
  }
});

test('webhook subscriptions deliver signed events with the subscription secret', async () => {
  const secret = 'subsec_abcdefabcdefabcdefabcdefabcdef';
  const hook = await receiver(secret);
  try {
    const sub = await server.api('POST', '/v1/subscriptions', {
      name: 'push',
      paths: ['pushed/**'],
      events: ['secret.deleted'],
      delivery: { type: 'webhook', url: hook.url, secret },
    });
    assert.equal(sub.status, 201);
    await server.api('PUT', '/v1/secrets/pushed/x', { data: { v: 1 } });
    await server.api('DELETE', '/v1/secrets/pushed/x');
    await waitFor(() => (hook.received.length > 0 ? true : undefined));
    assert.equal(hook.received[0]!.verified, true);
    const envelope = JSON.parse(hook.received[0]!.body);
    assert.equal(envelope.event_type, 'secret.deleted');
    assert.equal(envelope.data.permanent, false);
    assert.ok(envelope.data.recoverable_until);
    assert.equal((await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=0`)).body.error.code, 'invalid_request');
  } finally {
    await hook.close();
  }
});

test('policy changes and violations emit policy events', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'policies',
    paths: ['**'],
    events: ['policy.*'],
    delivery: { type: 'polling' },
  });
  const policy = await server.api('POST', '/v1/policies', {
    name: 'evented',
    rules: [{ path_pattern: 'evented/*', permissions: ['read'] }],
  });
  const token = await server.tokenFor('user:olga@acme.example', ['secrets:read']);
  await server.api('GET', '/v1/secrets/evented/x', undefined, { token });
  await server.api('DELETE', `/v1/policies/${policy.body.id}`);
  const events = await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=0`);
  assert.deepEqual(
    events.body.events.map((e: { event_type: string }) => e.event_type),
    ['policy.created', 'policy.violation', 'policy.deleted'],
  );
  assert.equal(events.body.events[1].identity_id, 'user:olga@acme.example');
});
