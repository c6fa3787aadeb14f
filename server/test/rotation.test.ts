import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock, startTestServer, waitFor, type TestServer } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = fakeClock();
let server: TestServer;
before(async () => (server = await startTestServer({ clock: clock.now, schedulerIntervalMs: 20 })));
after(() => server.close());

async function pollTypes(subscriptionId: string): Promise<{ event_type: string; path: string; data: Record<string, unknown> }[]> {
  const response = await server.api('GET', `/v1/subscriptions/${subscriptionId}/poll?timeout=0&max_events=1000`);
  await server.api('POST', `/v1/subscriptions/${subscriptionId}/ack`, {
    event_ids: response.body.events.map((e: { event_id: string }) => e.event_id),
  });
  return response.body.events;
}

test('rotation policy CRUD, enable/disable, assign/unassign', async () => {
  const created = await server.api('POST', '/v1/rotation/policies', {
    name: 'quarterly',
    interval: '90d',
    grace_period: '48h',
    warn_before: '7d,1d',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.id, 'rot_quarterly');
  assert.equal(created.body.interval_seconds, 7_776_000);
  assert.equal(created.body.warn_before, '7d,1d');
  assert.equal(created.body.is_active, true);
  assert.equal((await server.api('POST', '/v1/rotation/policies', { name: 'quarterly', interval: '90d' })).status, 409);
  assert.equal((await server.api('POST', '/v1/rotation/policies', { name: 'bad', interval: 'often' })).body.error.code, 'invalid_duration');
  assert.equal((await server.api('POST', '/v1/rotation/policies/rot_quarterly/disable')).body.is_active, false);
  assert.equal((await server.api('POST', '/v1/rotation/policies/rot_quarterly/enable')).body.is_active, true);
  assert.equal((await server.api('PATCH', '/v1/rotation/policies/rot_quarterly', { description: 'q' })).body.description, 'q');
  await server.api('PUT', '/v1/secrets/rotating/crud', { data: { k: 'v' } });
  const assigned = await server.api('POST', '/v1/rotation/policies/rot_quarterly/secrets', { secret_path: 'rotating/crud' });
  assert.equal(assigned.status, 201);
  assert.equal(assigned.body.secret_path, 'rotating/crud');
  assert.equal((await server.api('GET', '/v1/rotation/policies/rot_quarterly')).body.secrets_count, 1);
  assert.equal((await server.api('GET', '/v1/secrets/rotating/crud')).body.rotation_policy_id, 'rot_quarterly');
  assert.equal((await server.api('DELETE', '/v1/rotation/policies/rot_quarterly/secrets/rotating%2Fcrud')).status, 204);
  assert.equal((await server.api('GET', '/v1/rotation/policies/rot_quarterly')).body.secrets_count, 0);
  assert.equal(
    (await server.api('POST', '/v1/rotation/policies/rot_quarterly/secrets', { secret_path: 'rotating/none' })).body.error.code,
    'secret_not_found',
  );
  const list = await server.api('GET', '/v1/rotation/policies');
  assert.ok(list.body.data.some((p: { id: string }) => p.id === 'rot_quarterly'));
  assert.equal(list.body.has_more, false);
  assert.equal((await server.api('GET', '/v1/rotation/policies/rot_missing')).body.error.code, 'rotation_policy_not_found');
});

test('trigger rotates every attached secret, records history, keeps the old version for the grace period', async () => {
  const policy = await server.api('POST', '/v1/rotation/policies', {
    name: 'auto',
    interval: '30d',
    grace_period: '1h',
    auto_generate: true,
  });
  await server.api('PUT', '/v1/secrets/rotating/a', { data: { password: 'a0' }, options: { rotation_policy_id: policy.body.id } });
  await server.api('PUT', '/v1/secrets/rotating/b', { data: { password: 'b0' }, options: { rotation_policy_id: policy.body.id } });
  const triggered = await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`);
  assert.equal(triggered.status, 200);
  assert.equal(triggered.body.length, 2);
  assert.ok(triggered.body.every((item: { status: string; new_version: number }) => item.status === 'success' && item.new_version === 2));
  assert.notEqual((await server.api('GET', '/v1/secrets/rotating/a')).body.data.password, 'a0');
  assert.equal((await server.api('GET', '/v1/secrets/rotating/a?version=1')).body.data.password, 'a0', 'readable during grace');
  clock.advance(2 * HOUR);
  assert.equal(
    (await server.api('GET', '/v1/secrets/rotating/a?version=1')).body.error.code,
    'version_not_found',
    'unreadable after grace',
  );
  const only = await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`, { secret_paths: ['rotating/b'] });
  assert.equal(only.body.length, 1);
  assert.equal(
    (await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`, { secret_paths: ['rotating/zzz'] })).body.error.code,
    'invalid_request',
  );
  const history = await server.api('GET', `/v1/rotation/policies/${policy.body.id}/history?status=success`);
  assert.equal(history.body.data.length, 3);
  assert.equal((await server.api('GET', `/v1/rotation/policies/${policy.body.id}/history?status=failed`)).body.data.length, 0);
  assert.equal((await server.api('GET', `/v1/rotation/policies/${policy.body.id}/history?status=odd`)).body.error.code, 'invalid_request');
});

test('due lists secrets by within_hours; the scheduler warns, then rotates when due', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'rot-events',
    paths: ['sched/**'],
    events: ['rotation.*', 'secret.rotated'],
    delivery: { type: 'polling' },
  });
  const policy = await server.api('POST', '/v1/rotation/policies', {
    name: 'weekly',
    interval: '7d',
    grace_period: '1h',
    warn_before: '2d,1d',
    auto_generate: true,
  });
  await server.api('PUT', '/v1/secrets/sched/key', { data: { token: 't0' }, options: { rotation_policy_id: policy.body.id } });
  const due = (hours: number) => server.api('GET', `/v1/rotation/due?within_hours=${hours}&policy_id=${policy.body.id}`);
  assert.equal((await due(24)).body.data.length, 0);
  assert.equal((await due(24 * 8)).body.data[0].secret_path, 'sched/key');
  clock.advance(5 * DAY + HOUR);
  const warned = await waitFor(async () => {
    const events = await pollTypes(sub.body.id);
    return events.length > 0 ? events : undefined;
  });
  assert.deepEqual(
    warned.map((e) => [e.event_type, e.data.threshold]),
    [['rotation.due', '2d']],
  );
  clock.advance(DAY);
  const second = await waitFor(async () => {
    const events = await pollTypes(sub.body.id);
    return events.length > 0 ? events : undefined;
  });
  assert.deepEqual(
    second.map((e) => [e.event_type, e.data.threshold]),
    [['rotation.due', '1d']],
  );
  clock.advance(DAY);
  // The two events of a rotation may become visible to a poll one after the other (on PostgreSQL they
  // travel separately between instances): collect until both are in, then check there is nothing else.
  const rotated: Awaited<ReturnType<typeof pollTypes>> = [];
  await waitFor(async () => {
    rotated.push(...(await pollTypes(sub.body.id)));
    return rotated.length >= 2 ? rotated : undefined;
  });
  assert.deepEqual(
    rotated.map((e) => e.event_type),
    ['secret.rotated', 'rotation.completed'],
  );
  assert.equal(rotated[0]!.data.rotation_policy_id, policy.body.id);
  assert.equal(rotated[0]!.data.auto_generated, true);
  const secret = await server.api('GET', '/v1/secrets/sched/key');
  assert.equal(secret.body.version, 2);
  assert.notEqual(secret.body.data.token, 't0');
  assert.equal((await due(24)).body.data.length, 0, 'no longer due after rotating');
});

test('manual policies wait for a client write, which completes the rotation', async () => {
  const policy = await server.api('POST', '/v1/rotation/policies', { name: 'manual', interval: '30d', auto_generate: false });
  await server.api('PUT', '/v1/secrets/manual/cred', { data: { v: 1 }, options: { rotation_policy_id: policy.body.id } });
  const triggered = await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`);
  assert.equal(triggered.body[0].status, 'pending');
  assert.equal((await server.api('GET', '/v1/secrets/manual/cred')).body.version, 1, 'nothing written yet');
  await server.api('PUT', '/v1/secrets/manual/cred', { data: { v: 2 } });
  const history = await server.api('GET', `/v1/rotation/policies/${policy.body.id}/history`);
  assert.equal(history.body.data[0].status, 'success');
  assert.equal(history.body.data[0].new_version, 2);
});

test('the scheduler emits secret.expiring and secret.expired', async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'expiry',
    paths: ['expiry/**'],
    events: ['secret.expiring', 'secret.expired'],
    delivery: { type: 'polling' },
  });
  await server.api('PUT', '/v1/secrets/expiry/cert', { data: { pem: 'x' }, options: { expires_in: '10d' } });
  clock.advance(3 * DAY + HOUR);
  // A scheduler tick may land before the clock moves, when the 30d threshold is the one crossed;
  // after the move, the 7d notice must come.
  const expiring = await waitFor(async () => {
    const events = await pollTypes(sub.body.id);
    return events.find((e) => e.data.threshold === '7d');
  });
  assert.equal(expiring.event_type, 'secret.expiring');
  assert.equal(expiring.data.days_remaining, 6);
  clock.advance(7 * DAY);
  const expired = await waitFor(async () => {
    const events = await pollTypes(sub.body.id);
    return events.some((e) => e.event_type === 'secret.expired') ? events : undefined;
  });
  assert.ok(expired.some((e) => e.event_type === 'secret.expired'));
});
