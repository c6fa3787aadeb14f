import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../src/index.js';
import { TOKEN, withReplay } from './support/replay.js';

const SECRET = {
  path: 'app/db/credentials',
  secret_type: 'json',
  version: 2,
  data: { username: 'admin', password: 's3cret' },
  metadata: { description: 'db', tags: ['db'], owner: 'team:platform', cost_center: 'cc-7' },
  created_at: '2026-01-15T10:30:00Z',
  updated_at: '2026-04-20T14:22:00Z',
  expires_at: null,
  rotation_policy_id: 'rot_quarterly',
  some_future_field: true,
};
const INFO = { path: 'app/db/credentials', secret_type: 'json', version: 3, metadata: {}, created_at: '2026-01-15T10:30:00Z' };

test('read sends the version query and the token, and returns the typed secret', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/app/db/credentials?version=2', { json: SECRET });
    const secret = await replay.client({ tenantId: 'tnt_acme', partnerId: 'ptn_acme' }).secrets.read('app/db/credentials', { version: 2 });
    assert.equal(secret.version, 2);
    assert.equal(secret.data['username'], 'admin');
    assert.equal(secret.metadata?.['cost_center'], 'cc-7');
    const sent = replay.last();
    assert.equal(sent.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(sent.headers['x-tenant-id'], 'tnt_acme');
    assert.equal(sent.headers['x-partner-id'], 'ptn_acme');
    assert.match(sent.headers['user-agent'] ?? '', /^scaivault-js\/\d+\.\d+\.\d+$/);
  }));

test('write puts data, type, metadata and options, and defaults the type to kv', () =>
  withReplay(async (replay) => {
    replay.expect('PUT', '/v1/secrets/app/api-key', { json: { ...INFO, path: 'app/api-key', version: 1 } });
    replay.expect('PUT', '/v1/secrets/app/plain', { json: { ...INFO, path: 'app/plain', version: 1 } });
    const client = replay.client();
    const info = await client.secrets.write(
      'app/api-key',
      { key: 'abc' },
      { secretType: 'api_key', customMetadata: { tags: ['x'] }, expiresIn: '30d', maxVersions: 5, rotationPolicyId: 'rot_q' },
    );
    assert.equal(info.version, 1);
    assert.deepEqual(replay.requests[0]?.body, {
      data: { key: 'abc' },
      secret_type: 'api_key',
      metadata: { tags: ['x'] },
      options: { max_versions: 5, expires_in: '30d', rotation_policy_id: 'rot_q' },
    });
    await client.secrets.write('app/plain', { a: '1' });
    assert.deepEqual(replay.requests[1]?.body, { data: { a: '1' }, secret_type: 'kv' });
  }));

test('update without data patches only the metadata', () =>
  withReplay(async (replay) => {
    replay.expect('PATCH', '/v1/secrets/app/db', { json: { ...INFO, path: 'app/db' } });
    const info = await replay.client().secrets.update('app/db', undefined, { customMetadata: { owner: 'team:billing' } });
    assert.equal(info.path, 'app/db');
    assert.deepEqual(replay.last().body, { metadata: { owner: 'team:billing' } });
  }));

test('update with data writes a new version', () =>
  withReplay(async (replay) => {
    replay.expect('PUT', '/v1/secrets/app/db', { json: { ...INFO, path: 'app/db', version: 4 } });
    const info = await replay.client().secrets.update('app/db', { password: 'n3w' }, { secretType: 'json' });
    assert.equal(info.version, 4);
    assert.deepEqual(replay.last().body, { data: { password: 'n3w' }, secret_type: 'json' });
  }));

test('delete is soft by default and permanent on request', () =>
  withReplay(async (replay) => {
    replay.expect('DELETE', '/v1/secrets/app/old', { status: 204 });
    replay.expect('DELETE', '/v1/secrets/app/older?permanent=true', { status: 204 });
    const client = replay.client();
    assert.equal(await client.secrets.delete('app/old'), undefined);
    await client.secrets.delete('app/older', { permanent: true });
    assert.equal(replay.requests.length, 2);
  }));

test('restore, metadata read, versions and rotate use the path suffix routes', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/secrets/app/old/restore', { json: { ...INFO, path: 'app/old' } });
    replay.expect('GET', '/v1/secrets/app/db/metadata', { json: { ...INFO, path: 'app/db', version_count: 3 } });
    replay.expect('GET', '/v1/secrets/app/db/versions', {
      json: {
        path: 'app/db',
        current_version: 3,
        versions: [{ version: 3, created_at: 't', created_by: 'user:a', is_current: true, readable_until: null }],
      },
    });
    replay.expect('POST', '/v1/secrets/app/db/rotate', {
      json: { path: 'app/db', old_version: 3, new_version: 4, rotated_at: '2026-04-23T14:00:00Z', auto_generated: true },
    });
    const client = replay.client();
    assert.equal((await client.secrets.restore('app/old')).path, 'app/old');
    assert.equal((await client.secrets.readMetadata('app/db')).version_count, 3);
    assert.deepEqual(
      (await client.secrets.versions('app/db')).versions.map((v) => v.version),
      [3],
    );
    const rotation = await client.secrets.rotate('app/db');
    assert.equal(rotation.new_version, 4);
    assert.equal(rotation.old_version, 3);
  }));

test('rotate sends no body by default and {"random": true} only when asked; the refusal is a ValidationError', () =>
  withReplay(async (replay) => {
    const rotated = { json: { path: 'app/db', old_version: 1, new_version: 2, auto_generated: true } };
    replay.expect('POST', '/v1/secrets/app/db/rotate', {
      status: 400,
      json: { error: { code: 'generator_required', message: 'no secret policy', details: { path: 'app/db' } } },
    });
    replay.expect('POST', '/v1/secrets/app/db/rotate', rotated);
    const client = replay.client();
    await assert.rejects(
      client.secrets.rotate('app/db'),
      (error: unknown) => error instanceof ValidationError && error.code === 'generator_required',
    );
    assert.equal(replay.last().body ?? undefined, undefined);
    assert.equal((await client.secrets.rotate('app/db', { random: true })).new_version, 2);
    assert.deepEqual(replay.last().body, { random: true });
  }));

test('list returns one page in the wire envelope', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets?prefix=environments%2Fproduction%2F&limit=2', {
      json: {
        secrets: [
          { path: 'environments/production/a', version: 1 },
          { path: 'environments/production/b', version: 2 },
        ],
        cursor: 'c1',
        has_more: true,
      },
    });
    const page = await replay.client().secrets.list({ prefix: 'environments/production/', limit: 2 });
    assert.deepEqual(
      page.secrets.map((s) => s.path),
      ['environments/production/a', 'environments/production/b'],
    );
    assert.equal(page.cursor, 'c1');
    assert.equal(page.has_more, true);
  }));

test('listAll follows the cursor across three pages', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets?prefix=app%2F&limit=2', {
      json: { secrets: [{ path: 'app/1' }, { path: 'app/2' }], cursor: 'p2', has_more: true },
    });
    replay.expect('GET', '/v1/secrets?prefix=app%2F&limit=2&cursor=p2', {
      json: { secrets: [{ path: 'app/3' }, { path: 'app/4' }], cursor: 'p3', has_more: true },
    });
    replay.expect('GET', '/v1/secrets?prefix=app%2F&limit=2&cursor=p3', {
      json: { secrets: [{ path: 'app/5' }], cursor: null, has_more: false },
    });
    const paths: string[] = [];
    for await (const secret of replay.client().secrets.listAll({ prefix: 'app/', limit: 2 })) paths.push(secret.path);
    assert.deepEqual(paths, ['app/1', 'app/2', 'app/3', 'app/4', 'app/5']);
  }));

test('expiring asks for the window and returns path and expires_at', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/expiring?days=14&prefix=env%2F', {
      json: {
        secrets: [{ path: 'env/api-key', version: 1, secret_type: 'api_key', expires_at: '2026-05-01T00:00:00Z', days_remaining: 8 }],
      },
    });
    const expiring = await replay.client().secrets.expiring({ days: 14, prefix: 'env/' });
    assert.deepEqual(
      expiring.secrets.map((s) => [s.path, s.expires_at]),
      [['env/api-key', '2026-05-01T00:00:00Z']],
    );
  }));

test('batchRead posts paths and options and keeps per-path errors', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/secrets/batch', {
      json: {
        secrets: { 'a/b': { data: { key: 'k' }, version: 1, secret_type: 'api_key' } },
        errors: { 'a/c': { code: 'access_denied', message: 'No policy permits read on this path' } },
      },
    });
    const result = await replay.client().secrets.batchRead(['a/b', 'a/c'], { includeMetadata: true });
    assert.deepEqual(replay.last().body, { paths: ['a/b', 'a/c'], options: { include_metadata: true } });
    assert.equal(result.secrets['a/b']?.data['key'], 'k');
    assert.equal(result.errors?.['a/c']?.code, 'access_denied');
  }));

test('batchMetadata posts the paths and the wildcard flag', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/secrets/batch/metadata', { json: { secrets: { 'a/b': { path: 'a/b', version: 2 } }, errors: {} } });
    const result = await replay.client().secrets.batchMetadata(['a/*'], { expandWildcards: true });
    assert.deepEqual(replay.last().body, { paths: ['a/*'], expand_wildcards: true });
    assert.equal(result.secrets['a/b']?.version, 2);
  }));

test('each path segment is encoded on its own and / stays a separator', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/team%20a/100%25/what%3F/x%23y/caf%C3%A9', {
      json: { ...SECRET, path: 'team a/100%/what?/x#y/café' },
    });
    const secret = await replay.client().secrets.read('team a/100%/what?/x#y/café');
    assert.equal(secret.path, 'team a/100%/what?/x#y/café');
    assert.equal(replay.last().path, '/v1/secrets/team%20a/100%25/what%3F/x%23y/caf%C3%A9');
  }));

test('partner secrets use the partner route', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/partner/secrets/shared/smtp', { json: { ...SECRET, path: 'shared/smtp' } });
    assert.equal((await replay.client().partnerSecrets.read('shared/smtp')).path, 'shared/smtp');
  }));

test('a base URL path prefix is kept', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/vault/v1/secrets/a', { json: { ...SECRET, path: 'a' } });
    const secret = await replay.client({ baseUrl: 'https://vault.test/vault/' }).secrets.read('a');
    assert.equal(secret.path, 'a');
  }));
