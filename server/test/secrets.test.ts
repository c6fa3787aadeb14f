import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

test('write creates version 1, later writes add versions, reads return the value', async () => {
  const first = await server.api('PUT', '/v1/secrets/app/db/credentials', {
    data: { username: 'admin', password: 's3cret' },
    secret_type: 'json',
    metadata: { tags: ['db'], owner: 'team:db' },
  });
  assert.equal(first.status, 200);
  assert.equal(first.body.version, 1);
  assert.equal(first.body.data, undefined, 'the write response never echoes the value');
  const second = await server.api('PUT', '/v1/secrets/app/db/credentials', { data: { username: 'admin', password: 'n3w' } });
  assert.equal(second.body.version, 2);
  assert.equal(second.body.secret_type, 'json', 'type is kept when a later write omits it');
  const read = await server.api('GET', '/v1/secrets/app/db/credentials');
  assert.equal(read.status, 200);
  assert.deepEqual(read.body.data, { username: 'admin', password: 'n3w' });
  assert.equal(read.body.version, 2);
  assert.deepEqual(read.body.metadata, { tags: ['db'], owner: 'team:db' });
  const old = await server.api('GET', '/v1/secrets/app/db/credentials?version=1');
  assert.deepEqual(old.body.data, { username: 'admin', password: 's3cret' });
  const missing = await server.api('GET', '/v1/secrets/app/db/credentials?version=9');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'version_not_found');
});

test('an unknown secret is 404 secret_not_found with the documented envelope', async () => {
  const response = await server.api('GET', '/v1/secrets/environments/production/missing');
  assert.equal(response.status, 404);
  assert.equal(response.body.error.code, 'secret_not_found');
  assert.deepEqual(response.body.error.details, { path: 'environments/production/missing' });
  assert.match(response.body.error.request_id, /^req_/);
  assert.equal(response.headers.get('x-request-id'), response.body.error.request_id);
});

test('path rules are enforced with invalid_path', async () => {
  const bad = [
    'UPPER/case',
    'a//b',
    'a/b/',
    'with.dot',
    Array.from({ length: 11 }, () => 'x').join('/'),
    'a'.repeat(513),
    'sp ace',
    'app/versions',
    'expiring',
  ];
  for (const path of bad) {
    const response = await server.api('PUT', `/v1/secrets/${encodeURIComponent(path).replace(/%2F/g, '/')}`, { data: { a: 1 } });
    assert.equal(response.status, 400, path);
    assert.equal(response.body.error.code, 'invalid_path', path);
  }
  for (const path of [
    '/v1/secrets/a/../b',
    '/v1/secrets/../../etc/passwd',
    '/v1/secrets/a/./b',
    '/v1/secrets/a%2F..%2Fb',
    '/v1/secrets/a/%2e%2e/%2e%2e/etc/passwd',
  ]) {
    const raw = await rawRequest(server.url, 'GET', path, { authorization: `Bearer ${server.rootToken}` });
    assert.equal(raw.status, 400, path);
    assert.equal(JSON.parse(raw.body).error.code, 'invalid_path', path);
  }
  const ok = await server.api('PUT', `/v1/secrets/${Array.from({ length: 10 }, (_, i) => `s${i}`).join('/')}`, { data: { a: 1 } });
  assert.equal(ok.status, 200, 'ten segments are allowed');
});

test('write validation: secret_type, duration, missing data, max_versions', async () => {
  const type = await server.api('PUT', '/v1/secrets/v/type', { data: {}, secret_type: 'password' });
  assert.equal(type.status, 400);
  assert.equal(type.body.error.code, 'invalid_secret_type');
  const duration = await server.api('PUT', '/v1/secrets/v/duration', { data: {}, options: { expires_in: 'soon' } });
  assert.equal(duration.body.error.code, 'invalid_duration');
  const noData = await server.api('PUT', '/v1/secrets/v/nodata', { secret_type: 'kv' });
  assert.equal(noData.status, 422);
  assert.equal(noData.body.error.code, 'validation_error');
  assert.ok(noData.body.error.details.fields.data);
  const maxVersions = await server.api('PUT', '/v1/secrets/v/max', { data: {}, options: { max_versions: 0 } });
  assert.equal(maxVersions.status, 422);
  assert.ok(maxVersions.body.error.details.fields['options.max_versions']);
  const unknownPolicy = await server.api('PUT', '/v1/secrets/v/rot', { data: {}, options: { rotation_policy_id: 'rot_nope' } });
  assert.equal(unknownPolicy.body.error.code, 'rotation_policy_not_found');
});

test('max_versions ages old versions out', async () => {
  for (let i = 1; i <= 4; i++) await server.api('PUT', '/v1/secrets/aging/one', { data: { i }, options: { max_versions: 2 } });
  const versions = await server.api('GET', '/v1/secrets/aging/one/versions');
  assert.deepEqual(
    versions.body.versions.map((v: { version: number }) => v.version),
    [4, 3],
  );
  assert.equal(versions.body.current_version, 4);
  assert.equal(versions.body.versions[0].is_current, true);
  const aged = await server.api('GET', '/v1/secrets/aging/one?version=1');
  assert.equal(aged.body.error.code, 'version_not_found');
});

test('soft delete hides, blocks the path with secret_exists, restore brings it back; hard delete frees the path', async () => {
  await server.api('PUT', '/v1/secrets/del/soft', { data: { v: 1 } });
  const deleted = await server.api('DELETE', '/v1/secrets/del/soft');
  assert.equal(deleted.status, 204);
  assert.equal((await server.api('GET', '/v1/secrets/del/soft')).body.error.code, 'secret_not_found');
  const blocked = await server.api('PUT', '/v1/secrets/del/soft', { data: { v: 2 } });
  assert.equal(blocked.status, 409);
  assert.equal(blocked.body.error.code, 'secret_exists');
  const restored = await server.api('POST', '/v1/secrets/del/soft/restore');
  assert.equal(restored.status, 200);
  assert.deepEqual((await server.api('GET', '/v1/secrets/del/soft')).body.data, { v: 1 });
  assert.equal((await server.api('DELETE', '/v1/secrets/del/soft?permanent=true')).status, 204);
  const fresh = await server.api('PUT', '/v1/secrets/del/soft', { data: { v: 3 } });
  assert.equal(fresh.body.version, 1, 'a hard-deleted path starts over');
  assert.equal((await server.api('DELETE', '/v1/secrets/del/never')).body.error.code, 'secret_not_found');
});

test('list filters by prefix and pages with an opaque cursor', async () => {
  for (const name of ['a', 'b', 'c', 'd', 'e']) await server.api('PUT', `/v1/secrets/listing/${name}`, { data: { name } });
  await server.api('PUT', '/v1/secrets/other/x', { data: {} });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/v1/secrets?prefix=listing/&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await server.api('GET', query);
    assert.equal(response.status, 200);
    assert.ok(response.body.secrets.length <= 2);
    seen.push(...response.body.secrets.map((s: { path: string }) => s.path));
    assert.equal(response.body.has_more, response.body.cursor !== null);
    cursor = response.body.cursor;
  } while (cursor);
  assert.deepEqual(seen, ['listing/a', 'listing/b', 'listing/c', 'listing/d', 'listing/e']);
  const bad = await server.api('GET', '/v1/secrets?cursor=not-a-cursor');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_cursor');
});

test('metadata update changes metadata without a new version; metadata read has no value', async () => {
  await server.api('PUT', '/v1/secrets/meta/one', { data: { k: 'v' }, metadata: { description: 'x', tags: ['a'] } });
  const patched = await server.api('PATCH', '/v1/secrets/meta/one', { metadata: { description: 'y', tags: null, owner: 'team:z' } });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body.metadata, { description: 'y', owner: 'team:z' });
  assert.equal(patched.body.version, 1);
  const metadata = await server.api('GET', '/v1/secrets/meta/one/metadata');
  assert.equal(metadata.body.version_count, 1);
  assert.equal(metadata.body.data, undefined);
});

test('expiring lists secrets whose expiry falls within the window', async () => {
  await server.api('PUT', '/v1/secrets/exp/soon', { data: { k: 1 }, options: { expires_in: '2d' } });
  await server.api('PUT', '/v1/secrets/exp/later', { data: { k: 1 }, options: { expires_in: '90d' } });
  const response = await server.api('GET', '/v1/secrets/expiring?days=30&prefix=exp/');
  assert.deepEqual(
    response.body.secrets.map((s: { path: string }) => s.path),
    ['exp/soon'],
  );
  assert.equal(response.body.secrets[0].days_remaining, 1);
  assert.ok(Date.parse(response.body.secrets[0].expires_at) > Date.now());
});

test('batch read returns partial results and per-path errors', async () => {
  await server.api('PUT', '/v1/secrets/batch-src/one', { data: { key: 'sk_1' }, secret_type: 'api_key' });
  const response = await server.api('POST', '/v1/secrets/batch', { paths: ['batch-src/one', 'batch-src/missing', 'Bad/Path'] });
  assert.equal(response.status, 200);
  assert.deepEqual(response.body.secrets['batch-src/one'], { data: { key: 'sk_1' }, version: 1, secret_type: 'api_key' });
  assert.equal(response.body.errors['batch-src/missing'].code, 'secret_not_found');
  assert.equal(response.body.errors['Bad/Path'].code, 'invalid_path');
  const failFast = await server.api('POST', '/v1/secrets/batch', {
    paths: ['batch-src/missing', 'batch-src/one'],
    options: { fail_fast: true },
  });
  assert.equal(failFast.status, 404);
  const tooMany = await server.api('POST', '/v1/secrets/batch', { paths: Array.from({ length: 101 }, (_, i) => `p/${i}`) });
  assert.equal(tooMany.status, 422);
  const metadata = await server.api('POST', '/v1/secrets/batch/metadata', { paths: ['batch-src/*'], expand_wildcards: true });
  assert.deepEqual(Object.keys(metadata.body.secrets), ['batch-src/one']);
  assert.equal(metadata.body.secrets['batch-src/one'].data, undefined);
});

test('rotate without a secret policy refuses unless random values are asked for, and changes nothing', async () => {
  await server.api('PUT', '/v1/secrets/rot/doc', { data: { config: { replicas: 3 }, name: 'app' }, secret_type: 'json' });
  const refused = await server.api('POST', '/v1/secrets/rot/doc/rotate');
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'generator_required');
  assert.deepEqual(refused.body.error.details, { path: 'rot/doc' });
  assert.match(refused.body.error.message, /no secret policy to generate its new value/);
  const explicitNo = await server.api('POST', '/v1/secrets/rot/doc/rotate', { random: false });
  assert.equal(explicitNo.body.error.code, 'generator_required');
  const read = await server.api('GET', '/v1/secrets/rot/doc');
  assert.deepEqual([read.body.version, read.body.data], [1, { config: { replicas: 3 }, name: 'app' }]);
  const badFlag = await server.api('POST', '/v1/secrets/rot/doc/rotate', { random: 'yes' });
  assert.equal(badFlag.status, 422);
});

test('rotate with {"random": true} writes a new random version with the same fields', async () => {
  await server.api('PUT', '/v1/secrets/rot/plain', { data: { password: 'old', user: 'u' } });
  const rotated = await server.api('POST', '/v1/secrets/rot/plain/rotate', { random: true });
  assert.equal(rotated.status, 200);
  assert.equal(rotated.body.old_version, 1);
  assert.equal(rotated.body.new_version, 2);
  const read = await server.api('GET', '/v1/secrets/rot/plain');
  assert.deepEqual(Object.keys(read.body.data).sort(), ['password', 'user']);
  assert.notEqual(read.body.data.password, 'old');
  assert.match(read.body.data.password, /^[A-Za-z0-9]{32}$/);
  const wrongMethod = await server.api('POST', '/v1/secrets/rot/plain');
  assert.equal(wrongMethod.status, 405);
});

test('tenants are isolated: X-Tenant-ID and /v1/t/{tenant} address another tenant', async () => {
  await server.api('PUT', '/v1/t/tnt_other/secrets/shared/name', { data: { tenant: 'other' } });
  assert.equal((await server.api('GET', '/v1/secrets/shared/name')).status, 404);
  const viaHeader = await server.api('GET', '/v1/secrets/shared/name', undefined, { headers: { 'x-tenant-id': 'tnt_other' } });
  assert.deepEqual(viaHeader.body.data, { tenant: 'other' });
  const conflict = await server.api('GET', '/v1/t/tnt_a/secrets/shared/name', undefined, { headers: { 'x-tenant-id': 'tnt_b' } });
  assert.equal(conflict.body.error.code, 'invalid_request');
});
