import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, startTestServer, waitFor } from './helpers.js';
import { startDynamicTarget, type DynamicTarget } from './dynamic-target.js';
import { createEngine, watchLeaseEvents } from './dynamic-setup.js';

let target: DynamicTarget;
before(async () => (target = await startDynamicTarget()));
after(() => target.stop());

test('a 2-second lease expires by itself: its role is dropped, lease.expired is emitted and the reaper is audited', async () => {
  const server = await startTestServer({ schedulerIntervalMs: 100 });
  try {
    await createEngine(server, target);
    const watch = await watchLeaseEvents(server);
    const lease = await server.api('POST', '/v1/dynamic/engines/postgres-prod/creds/readonly', { ttl: '2s' });
    assert.equal(lease.status, 201);
    const session = await target.connectAs(lease.body.data.connection_url);
    session.on('error', () => undefined);
    const expired = await waitFor(async () => {
      const answer = await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`);
      return answer.body.status === 'expired' ? answer.body : undefined;
    }, 15_000);
    assert.equal(expired.lease_duration, 0);
    assert.equal(await target.roleExists(lease.body.data.username), false);
    // The session opened before expiry is gone too (PostgreSQL checks VALID UNTIL only at login).
    await assert.rejects(session.query('SELECT 1'));
    assert.ok((await watch.events()).some((e) => e.event_type === 'lease.expired' && e.data.lease_id === lease.body.lease_id));
    const audit = await server.api('GET', '/v1/audit/logs?action=dynamic_revoke');
    const entry = audit.body.logs.find((e: any) => JSON.stringify(e).includes(lease.body.lease_id));
    assert.equal(entry.identity_id, 'system:lease-reaper');
    assert.equal(entry.success, true);
  } finally {
    await server.close();
  }
});

test('the reaper revokes within one interval of expiry, by the server clock', async () => {
  const clock = fakeClock(Date.now());
  const server = await startTestServer({ clock: clock.now, schedulerIntervalMs: 20 });
  try {
    await createEngine(server, target);
    const lease = await server.api('POST', '/v1/dynamic/engines/postgres-prod/creds/readonly', { ttl: '1h' });
    clock.advance(3_600_000 - 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`)).body.status, 'active');
    clock.advance(1);
    const expired = await waitFor(async () => {
      const answer = await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`);
      return answer.body.status === 'expired' ? answer.body : undefined;
    });
    assert.ok(Date.parse(expired.revoked_at) - Date.parse(expired.expires_at) <= 5_000);
  } finally {
    await server.close();
  }
});

test('a lease survives a server restart and is still revoked on time', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-dynamic-'));
  try {
    const first = await startTestServer({ dataDir, schedulerIntervalMs: 100 });
    let lease: any;
    try {
      await createEngine(first, target, 'restart-db');
      lease = (await first.api('POST', '/v1/dynamic/engines/restart-db/creds/readonly', { ttl: '3s' })).body;
    } finally {
      await first.close();
    }
    assert.equal(await target.roleExists(lease.data.username), true);
    const second = await startTestServer({ dataDir, schedulerIntervalMs: 100 });
    try {
      await waitFor(
        async () => ((await second.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body.status === 'expired' ? true : undefined),
        15_000,
      );
      assert.equal(await target.roleExists(lease.data.username), false);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an expired lease cannot be renewed, even before the reaper has revoked it', async () => {
  const clock = fakeClock(Date.now());
  const server = await startTestServer({ clock: clock.now, schedulerIntervalMs: 3_600_000 });
  try {
    await createEngine(server, target, 'lapsed');
    const lease = (await server.api('POST', '/v1/dynamic/engines/lapsed/creds/readonly', { ttl: '10m' })).body;
    clock.advance(10 * 60_000);
    const renew = await server.api('POST', `/v1/dynamic/leases/${lease.lease_id}/renew`, { ttl: '1h' });
    assert.deepEqual([renew.status, renew.body.error.code], [409, 'invalid_state']);
    assert.match(renew.body.error.message, /is expired and cannot be renewed/);
  } finally {
    await server.close();
  }
});

test('with the database unreachable, creds is 502 and a revocation is kept and retried, never dropped', async () => {
  const own = await startDynamicTarget();
  const clock = fakeClock(Date.now());
  const server = await startTestServer({ clock: clock.now, schedulerIntervalMs: 20 });
  try {
    await createEngine(server, own, 'fragile');
    const lease = (await server.api('POST', '/v1/dynamic/engines/fragile/creds/readonly', { ttl: '1m' })).body;
    await own.stop();
    const refused = await server.api('POST', '/v1/dynamic/engines/fragile/creds/readonly', {});
    assert.deepEqual([refused.status, refused.body.error.code], [502, 'backend_error']);
    assert.ok(!JSON.stringify(refused.body).includes(own.rootPassword));
    const revoke = await server.api('POST', `/v1/dynamic/leases/${lease.lease_id}/revoke`);
    assert.deepEqual([revoke.status, revoke.body.error.code], [502, 'backend_error']);
    assert.match(revoke.body.error.message, /the lease is kept and its revocation retried/);
    const kept = (await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body;
    assert.equal(kept.status, 'revocation_failed');
    clock.advance(120_000);
    await waitFor(async () =>
      (await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body.revocation_attempts >= 2 ? true : undefined,
    );
    assert.equal((await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body.status, 'revocation_failed');
    const health = await server.api('GET', '/v1/dynamic/engines/fragile/health');
    assert.equal(health.body.status, 'unhealthy');
  } finally {
    await server.close();
  }
});

test('a revocation that fails is kept as revocation_failed, reported, retried with backoff, and finished once it can be', async () => {
  const clock = fakeClock(Date.now());
  const server = await startTestServer({ clock: clock.now, schedulerIntervalMs: 20 });
  try {
    await createEngine(server, target, 'stubborn');
    const watch = await watchLeaseEvents(server);
    await server.api('POST', '/v1/dynamic/engines/stubborn/roles', {
      name: 'sticky',
      creation_statements: ['CREATE ROLE {{name}} LOGIN PASSWORD {{password}}'],
      revocation_statements: ['DROP TABLE missing_table', 'DROP ROLE {{name}}'],
    });
    const lease = (await server.api('POST', '/v1/dynamic/engines/stubborn/creds/sticky', { ttl: '1m' })).body;
    clock.advance(60_000);
    const failed = await waitFor(async () => {
      const answer = (await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body;
      return answer.status === 'revocation_failed' ? answer : undefined;
    });
    assert.equal(failed.revocation_attempts, 1);
    assert.match(failed.last_error, /does not exist/);
    assert.equal(Date.parse(failed.next_attempt_at) - Date.parse(failed.revoked_at ?? failed.expires_at) >= 1_000, true);
    assert.equal(await target.roleExists(lease.data.username), true);
    // Still listed as live: nothing was dropped.
    assert.ok((await server.api('GET', '/v1/dynamic/leases?engine=stubborn')).body.leases.some((l: any) => l.lease_id === lease.lease_id));
    assert.ok((await watch.events()).some((e) => e.event_type === 'lease.revocation_failed' && e.data.lease_id === lease.lease_id));
    const audit = await server.api('GET', '/v1/audit/logs?action=dynamic_revoke&success=false');
    assert.ok(audit.body.logs.some((e: any) => JSON.stringify(e).includes(lease.lease_id)));
    // Backoff: the second attempt waits 2 s more of server time.
    clock.advance(1_000);
    const second = await waitFor(async () => {
      const answer = (await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body;
      return answer.revocation_attempts === 2 ? answer : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body.revocation_attempts, 2);
    // Fix the role; the next retry drops the login.
    await server.api('PATCH', '/v1/dynamic/engines/stubborn/roles/sticky', { revocation_statements: ['DROP ROLE {{name}}'] });
    clock.advance(Date.parse(second.next_attempt_at) - clock.now());
    await waitFor(async () =>
      (await server.api('GET', `/v1/dynamic/leases/${lease.lease_id}`)).body.status === 'expired' ? true : undefined,
    );
    assert.equal(await target.roleExists(lease.data.username), false);
  } finally {
    await server.close();
  }
});
