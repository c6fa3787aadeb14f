import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, startTestServer, type TestServer } from './helpers.js';
import { createBackend, storeBackendCredentials, syncNow } from './federation-setup.js';

// Two real servers: `front` federates `origin` (another ScaiVault, over its REST API). The origin
// keeps its data in a directory so it can be stopped and started again on the same port.
const ORIGIN_TOKEN = 'skt_origin_root_token_for_federation_tests';
let originDir: string;
let origin: TestServer;
let originPort: number;

async function startOrigin(): Promise<void> {
  origin = await startTestServer({ dataDir: originDir, rootToken: ORIGIN_TOKEN, port: originPort });
  originPort = Number(new URL(origin.url).port);
}

before(async () => {
  originDir = mkdtempSync(join(tmpdir(), 'sv-fed-origin-'));
  originPort = 0;
  await startOrigin();
  for (const [path, data] of Object.entries({ 'app/db': { password: 'origin-db-1' }, 'app/api/key': { key: 'origin-api-1' } })) {
    const written = await origin.api('PUT', `/v1/secrets/${path}`, { data });
    assert.equal(written.status, 200);
  }
});
after(async () => {
  await origin.close();
  rmSync(originDir, { recursive: true, force: true });
});

async function frontWith(mode: 'proxy' | 'sync', extra: Record<string, unknown> = {}, clock = fakeClock(Date.now())) {
  // The scheduler's own timer is an hour: the tests run its passes themselves.
  const front = await startTestServer({ clock: clock.now, schedulerIntervalMs: 3_600_000 });
  await storeBackendCredentials(front, 'origin', 'infra/federation/origin', { token: ORIGIN_TOKEN });
  const backend = await createBackend(front, {
    name: 'origin',
    type: 'scaivault',
    config: { endpoint: origin.url, credentials_path: 'infra/federation/origin' },
    path_mapping: { 'external/origin/**': 'app/**' },
    mode,
    ...(mode === 'sync' ? { sync_interval: '15m' } : {}),
    ...extra,
  });
  return { front, backend, clock };
}

const originReads = async (path: string) =>
  (await origin.api('GET', `/v1/audit/logs?action=read&limit=1000`)).body.logs.filter((entry: any) => entry.secret_path === path).length;

test('proxy: a mapped path is read from the backend in real time, audited with the backend id, and nothing is stored', async () => {
  const { front, backend } = await frontWith('proxy');
  try {
    const read = await front.api('GET', '/v1/secrets/external/origin/db');
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.data, { password: 'origin-db-1' });
    assert.equal(read.body.metadata.federation.backend_id, backend.id);
    assert.equal(read.body.metadata.federation.backend_path, 'app/db');
    await origin.api('PUT', '/v1/secrets/app/db', { data: { password: 'origin-db-2' } });
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/db')).body.data, { password: 'origin-db-2' });
    const deeper = await front.api('GET', '/v1/secrets/external/origin/api/key');
    assert.deepEqual(deeper.body.data, { key: 'origin-api-1' });
    const missing = await front.api('GET', '/v1/secrets/external/origin/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'secret_not_found');
    assert.match(missing.body.error.message, /federation backend 'origin'/);
    // Nothing at rest: the front's own store has no secret under the mapping.
    assert.deepEqual((await front.api('GET', '/v1/secrets?prefix=external/')).body.secrets, []);
    const audit = await front.api('GET', '/v1/audit/logs?action=read');
    const entry = audit.body.logs.find((e: any) => e.secret_path === 'external/origin/db');
    assert.equal(entry.success, true);
    assert.equal(JSON.stringify(entry).includes(backend.id), true);
    // The backend's credential never appears in what the front answers or audits.
    assert.equal(JSON.stringify(audit.body).includes(ORIGIN_TOKEN), false);
    assert.equal(JSON.stringify((await front.api('GET', `/v1/federation/backends/${backend.id}`)).body).includes(ORIGIN_TOKEN), false);
    // A batch read takes the same way.
    const batch = await front.api('POST', '/v1/secrets/batch', { paths: ['external/origin/db'] });
    assert.deepEqual(batch.body.secrets['external/origin/db'].data, { password: 'origin-db-2' });
    await origin.api('PUT', '/v1/secrets/app/db', { data: { password: 'origin-db-1' } });
  } finally {
    await front.close();
  }
});

test("proxy: the caller's policies on the ScaiVault path are checked before the backend is asked", async () => {
  const { front } = await frontWith('proxy');
  try {
    const token = await front.tokenFor('user:mallory@acme.example', ['secrets:read']);
    const before = await originReads('app/db');
    const denied = await front.api('GET', '/v1/secrets/external/origin/db', undefined, { token });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'access_denied');
    assert.equal(await originReads('app/db'), before, 'the backend was asked although the caller may not read');
    const policy = await front.api('POST', '/v1/policies', {
      name: 'mallory reads db',
      rules: [{ path_pattern: 'external/origin/db', permissions: ['read'] }],
    });
    await front.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: 'user:mallory@acme.example' });
    const allowed = await front.api('GET', '/v1/secrets/external/origin/db', undefined, { token });
    assert.equal(allowed.status, 200);
    assert.equal(await originReads('app/db'), before + 1);
  } finally {
    await front.close();
  }
});

test('proxy: writes, deletes and metadata changes are refused with 409 federation_read_only, and the backend is untouched', async () => {
  const { front, backend } = await frontWith('proxy');
  try {
    const write = await front.api('PUT', '/v1/secrets/external/origin/db', { data: { password: 'front-wrote' } });
    assert.equal(write.status, 409);
    assert.equal(write.body.error.code, 'federation_read_only');
    assert.match(write.body.error.message, new RegExp(`backend 'origin' \\(${backend.id}\\) in proxy mode`));
    assert.equal((await front.api('DELETE', '/v1/secrets/external/origin/db')).body.error.code, 'federation_read_only');
    assert.equal(
      (await front.api('PATCH', '/v1/secrets/external/origin/db/metadata', { metadata: { a: 1 } })).body.error.code,
      'federation_read_only',
    );
    assert.deepEqual((await origin.api('GET', '/v1/secrets/app/db')).body.data, { password: 'origin-db-1' });
    assert.deepEqual((await front.api('GET', '/v1/secrets?prefix=external/')).body.secrets, []);
    // A path outside every mapping is an ordinary secret.
    assert.equal((await front.api('PUT', '/v1/secrets/external/other', { data: { a: 'b' } })).status, 200);
  } finally {
    await front.close();
  }
});

test('a backend that is down: proxy reads fail with 502 naming it, sync-mode reads serve the local copy; both recover when it is back', async () => {
  const proxy = await frontWith('proxy');
  const sync = await frontWith('sync');
  try {
    const first = await syncNow(sync.front, sync.backend.id);
    assert.equal(first.sync.status, 'completed');
    assert.equal(first.secrets_synced, 2);
    assert.equal((await proxy.front.api('GET', `/v1/federation/backends/${proxy.backend.id}/status`)).body.status, 'healthy');

    await origin.close();
    const failed = await proxy.front.api('GET', '/v1/secrets/external/origin/db');
    assert.equal(failed.status, 502);
    assert.equal(failed.body.error.code, 'federation_backend_unavailable');
    assert.match(failed.body.error.message, new RegExp(`Federation backend 'origin' \\(${proxy.backend.id}\\)`));
    assert.equal(failed.body.error.details.backend_id, proxy.backend.id);
    const down = (await proxy.front.api('GET', `/v1/federation/backends/${proxy.backend.id}/status`)).body;
    assert.equal(down.status, 'down');
    assert.equal(down.connection.status, 'unreachable');
    assert.equal(down.connection.latency_ms, null);
    assert.equal((await proxy.front.api('GET', `/v1/federation/backends/${proxy.backend.id}`)).body.status, 'down');

    const local = await sync.front.api('GET', '/v1/secrets/external/origin/db');
    assert.equal(local.status, 200);
    assert.deepEqual(local.body.data, { password: 'origin-db-1' });
    const failedSync = await syncNow(sync.front, sync.backend.id);
    assert.equal(failedSync.sync.status, 'failed');
    assert.match(failedSync.sync.error, /unreachable/);
    assert.equal(failedSync.status, 'down');
    assert.equal((await sync.front.api('GET', '/v1/secrets/external/origin/db')).status, 200);

    await startOrigin();
    assert.deepEqual((await proxy.front.api('GET', '/v1/secrets/external/origin/db')).body.data, { password: 'origin-db-1' });
    const back = (await proxy.front.api('GET', `/v1/federation/backends/${proxy.backend.id}/status`)).body;
    assert.equal(back.status, 'healthy');
    assert.equal(back.connection.status, 'connected');
    assert.equal(typeof back.connection.latency_ms, 'number');
    assert.equal((await syncNow(sync.front, sync.backend.id)).status, 'healthy');
  } finally {
    await proxy.front.close();
    await sync.front.close();
  }
});

test('sync: the backend is copied into sealed local secrets; later backend changes replace untouched copies; writes are refused', async () => {
  const { front, backend } = await frontWith('sync');
  try {
    const status = await syncNow(front, backend.id);
    assert.equal(status.secrets_synced, 2);
    assert.equal(status.conflicts, 0);
    assert.equal(typeof status.last_sync, 'string');
    assert.equal(typeof status.last_sync_duration_ms, 'number');
    const copy = await front.api('GET', '/v1/secrets/external/origin/api/key');
    assert.deepEqual(copy.body.data, { key: 'origin-api-1' });
    assert.equal(copy.body.version, 1);
    const listed = (await front.api('GET', '/v1/secrets?prefix=external/origin/')).body.secrets.map((s: any) => s.path);
    assert.deepEqual(listed, ['external/origin/api/key', 'external/origin/db']);

    await origin.api('PUT', '/v1/secrets/app/api/key', { data: { key: 'origin-api-2' } });
    // Until the next sync the local copy is what is served.
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/api/key')).body.data, { key: 'origin-api-1' });
    await syncNow(front, backend.id);
    const updated = await front.api('GET', '/v1/secrets/external/origin/api/key');
    assert.deepEqual(updated.body.data, { key: 'origin-api-2' });
    assert.equal(updated.body.version, 2);

    const write = await front.api('PUT', '/v1/secrets/external/origin/db', { data: { password: 'x' } });
    assert.equal(write.status, 409);
    assert.equal(write.body.error.code, 'federation_read_only');
    assert.match(write.body.error.message, /without write_through/);
    const audit = await front.api('GET', '/v1/audit/logs?action=federation_sync');
    assert.ok(audit.body.logs.some((e: any) => e.success === true && JSON.stringify(e).includes(backend.id)));
    await origin.api('PUT', '/v1/secrets/app/api/key', { data: { key: 'origin-api-1' } });
  } finally {
    await front.close();
  }
});

test('sync: a path with different values on both sides is a conflict, listed and never overwritten, until the sides agree', async () => {
  const clock = fakeClock(Date.now());
  const front = await startTestServer({ clock: clock.now, schedulerIntervalMs: 3_600_000 });
  try {
    // The front held its own value at the path before the backend was added (a migration in progress).
    await front.api('PUT', '/v1/secrets/external/origin/db', { data: { password: 'front-local' } });
    await storeBackendCredentials(front, 'origin', 'infra/federation/origin', { token: ORIGIN_TOKEN });
    const backend = await createBackend(front, {
      name: 'origin',
      type: 'scaivault',
      config: { endpoint: origin.url, credentials_path: 'infra/federation/origin' },
      path_mapping: { 'external/origin/**': 'app/**' },
      mode: 'sync',
      sync_interval: '15m',
    });
    const status = await syncNow(front, backend.id);
    assert.equal(status.conflicts, 1);
    assert.equal(status.secrets_synced, 1);
    assert.equal(status.status, 'degraded');
    const conflicts = await front.api('GET', `/v1/federation/backends/${backend.id}/conflicts`);
    assert.equal(conflicts.status, 200);
    assert.equal(conflicts.body.conflicts.length, 1);
    const [listed] = conflicts.body.conflicts;
    assert.equal(listed.path, 'external/origin/db');
    assert.equal(listed.backend_path, 'app/db');
    assert.equal(listed.local_version, 1);
    assert.equal(typeof listed.remote_version, 'number');
    assert.equal(typeof listed.detected_at, 'string');
    assert.equal(JSON.stringify(conflicts.body).includes('origin-db-1'), false, 'a conflict lists versions, never values');
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/db')).body.data, { password: 'front-local' });
    // A second sync leaves it as it is.
    await syncNow(front, backend.id);
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/db')).body.data, { password: 'front-local' });

    // Settled in the backend's favour: the local copy is deleted, and the next sync brings the backend's value.
    assert.equal((await front.api('DELETE', '/v1/secrets/external/origin/db?permanent=true')).status, 204);
    const settled = await syncNow(front, backend.id);
    assert.equal(settled.conflicts, 0);
    assert.equal(settled.status, 'healthy');
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/db')).body.data, { password: 'origin-db-1' });
    assert.deepEqual((await front.api('GET', `/v1/federation/backends/${backend.id}/conflicts`)).body.conflicts, []);
  } finally {
    await front.close();
  }
});

test('sync with write_through: a local write goes to the backend first, then to the local copy; no conflict follows', async () => {
  const { front, backend } = await frontWith('sync', { write_through: true });
  try {
    await syncNow(front, backend.id);
    const written = await front.api('PUT', '/v1/secrets/external/origin/api/key', { data: { key: 'written-through' } });
    assert.equal(written.status, 200);
    assert.deepEqual((await origin.api('GET', '/v1/secrets/app/api/key')).body.data, { key: 'written-through' });
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/api/key')).body.data, { key: 'written-through' });
    const status = await syncNow(front, backend.id);
    assert.equal(status.conflicts, 0);

    await origin.close();
    const refused = await front.api('PUT', '/v1/secrets/external/origin/api/key', { data: { key: 'while-down' } });
    assert.equal(refused.status, 502);
    assert.equal(refused.body.error.code, 'federation_backend_unavailable');
    assert.deepEqual((await front.api('GET', '/v1/secrets/external/origin/api/key')).body.data, { key: 'written-through' });
    await startOrigin();
    await origin.api('PUT', '/v1/secrets/app/api/key', { data: { key: 'origin-api-1' } });
  } finally {
    await front.close();
  }
});

test('the scheduler syncs a backend once per sync_interval by the server clock, on its passes', async () => {
  const { front, backend, clock } = await frontWith('sync');
  try {
    const { scheduler, runner } = front.service('federation');
    const syncs = async () => (await front.api('GET', '/v1/audit/logs?action=federation_sync')).body.logs.length;
    await scheduler.tick();
    await runner.settled();
    assert.equal(await syncs(), 1, 'a backend never synced is synced on the first pass');
    clock.advance(15 * 60_000 - 1);
    await scheduler.tick();
    await runner.settled();
    assert.equal(await syncs(), 1, 'synced again before sync_interval passed');
    clock.advance(1);
    await scheduler.tick();
    await runner.settled();
    assert.equal(await syncs(), 2);
    const status = (await front.api('GET', `/v1/federation/backends/${backend.id}/status`)).body;
    assert.equal(status.sync.trigger, 'scheduled');
    // A manual sync counts: the next scheduled one is an interval after it.
    clock.advance(10 * 60_000);
    await syncNow(front, backend.id);
    clock.advance(10 * 60_000);
    await scheduler.tick();
    await runner.settled();
    assert.equal(await syncs(), 3);
    clock.advance(5 * 60_000);
    await scheduler.tick();
    await runner.settled();
    assert.equal(await syncs(), 4);
  } finally {
    await front.close();
  }
});

test("a backend's recorded state follows every contact: a proxy read after a failed status check records it connected again", async () => {
  // The fake clock keeps the front's cached backend list for the whole test, so reads use one copy of the row
  // while status reads another: the state must not be judged from a stale copy.
  const { front, backend } = await frontWith('proxy');
  try {
    assert.equal((await front.api('GET', '/v1/secrets/external/origin/db')).status, 200);
    await origin.close();
    assert.equal((await front.api('GET', `/v1/federation/backends/${backend.id}/status`)).body.status, 'down');
    await startOrigin();
    assert.equal((await front.api('GET', '/v1/secrets/external/origin/db')).status, 200);
    assert.equal((await front.api('GET', `/v1/federation/backends/${backend.id}`)).body.status, 'healthy');
  } finally {
    await front.close();
  }
});
