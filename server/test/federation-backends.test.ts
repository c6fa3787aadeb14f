import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers.js';
import { createBackend, storeBackendCredentials } from './federation-setup.js';

const scaivault = (extra: Record<string, unknown> = {}) => ({
  name: 'origin',
  type: 'scaivault',
  config: { endpoint: 'http://127.0.0.1:1', credentials_path: 'infra/federation/origin' },
  path_mapping: { 'external/origin/**': 'app/**' },
  mode: 'proxy',
  ...extra,
});

test('backends CRUD: create answers the backend without credentials, list pages by name, PATCH merges, DELETE frees the paths', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'origin', 'infra/federation/origin', { token: 'skt_never_shown' });
    const created = await createBackend(server, scaivault());
    assert.match(created.id, /^fed_[0-9a-z]{16}$/);
    assert.deepEqual(
      Object.keys(created).sort(),
      [
        'config',
        'created_at',
        'id',
        'last_sync',
        'mode',
        'name',
        'path_mapping',
        'status',
        'sync_interval',
        'type',
        'updated_at',
        'write_through',
      ].sort(),
    );
    assert.equal(created.status, 'unknown');
    assert.equal(JSON.stringify(created).includes('skt_never_shown'), false);
    const listed = await server.api('GET', '/v1/federation/backends');
    assert.deepEqual(
      listed.body.backends.map((b: any) => b.id),
      [created.id],
    );
    assert.equal(listed.body.has_more, false);
    assert.equal((await server.api('GET', `/v1/federation/backends/${created.id}`)).body.name, 'origin');
    assert.equal((await server.api('GET', '/v1/federation/backends/origin')).body.id, created.id, 'a backend may be named by its name');
    const patched = await server.api('PATCH', `/v1/federation/backends/${created.id}`, { mode: 'sync', sync_interval: '30m' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.mode, 'sync');
    assert.equal(patched.body.sync_interval, '30m');
    assert.equal((await server.api('PATCH', `/v1/federation/backends/${created.id}`, { name: 'renamed' })).status, 422);
    assert.equal((await server.api('POST', '/v1/federation/backends', scaivault())).body.error.code, 'backend_exists');
    assert.equal((await server.api('DELETE', `/v1/federation/backends/${created.id}`)).status, 204);
    assert.equal((await server.api('GET', `/v1/federation/backends/${created.id}`)).body.error.code, 'federation_backend_not_found');
    // The mapping is gone with it: the path is an ordinary one again.
    assert.equal((await server.api('PUT', '/v1/secrets/external/origin/db', { data: { a: 'b' } })).status, 200);
  } finally {
    await server.close();
  }
});

test('refused configurations name what is wrong', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'origin', 'infra/federation/origin', { token: 'skt_x' });
    const refuse = async (body: Record<string, unknown>, status: number, code: string, message?: RegExp) => {
      const answer = await server.api('POST', '/v1/federation/backends', body);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.equal(answer.body.error.code, code);
      if (message) assert.match(answer.body.error.message, message);
    };
    for (const type of ['azure-key-vault', 'google-secret-manager'])
      await refuse(scaivault({ type, config: {} }), 400, 'unsupported_backend_type', new RegExp(type));
    await refuse(scaivault({ type: 'etcd' }), 400, 'invalid_config', /not a backend type/);
    await refuse(scaivault({ mode: 'sync' }), 400, 'invalid_config', /sync_interval is required/);
    await refuse(scaivault({ mode: 'sync', sync_interval: '10s' }), 400, 'invalid_config', /at least 1m/);
    await refuse(scaivault({ mode: 'sync', sync_interval: 'soon' }), 400, 'invalid_duration');
    await refuse(scaivault({ write_through: true }), 400, 'invalid_config', /write_through applies only to mode sync/);
    await refuse(scaivault({ path_mapping: { 'external/*/x': 'app/**' } }), 400, 'invalid_config', /path prefix followed by/);
    await refuse(scaivault({ path_mapping: { 'external/origin/**': 'app/' } }), 400, 'invalid_config', /must end in \*\*/);
    await refuse(scaivault({ path_mapping: {} }), 400, 'invalid_config', /at least one entry/);
    await refuse(scaivault({ path_mapping: { 'a/**': 'x/**', 'a/b/**': 'y/**' } }), 400, 'invalid_config', /overlaps/);
    await refuse(
      scaivault({ config: { endpoint: 'ftp://x', credentials_path: 'infra/federation/origin' } }),
      400,
      'invalid_config',
      /http\(s\)/,
    );
    await refuse(scaivault({ config: { endpoint: 'http://u:p@x', credentials_path: 'infra/federation/origin' } }), 400, 'invalid_config');
    await refuse(
      scaivault({ config: { endpoint: 'http://x', credentials_path: 'infra/federation/origin', token: 't' } }),
      400,
      'invalid_config',
      /token: unknown field/,
    );
    await refuse(scaivault({ mode: 'push' }), 422, 'validation_error');
    await refuse(
      scaivault({ config: { endpoint: 'http://x', credentials_path: 'external/origin/creds' } }),
      400,
      'invalid_config',
      /under this backend's own path_mapping/,
    );
    await refuse(
      {
        ...scaivault(),
        type: 'hashicorp-vault',
        config: { endpoint: 'http://x', auth_method: 'kubernetes', auth_config_path: 'infra/federation/origin' },
      },
      400,
      'invalid_config',
      /kubernetes' is not supported/,
    );
    await refuse(
      { ...scaivault(), type: 'aws-secrets-manager', config: { region: 'nowhere', credentials_path: 'infra/federation/origin' } },
      400,
      'invalid_config',
      /region/,
    );
    // Credentials the backend's identity may not read, or that do not exist.
    await server.api('PUT', '/v1/secrets/infra/other', { data: { token: 'x' } });
    await refuse(
      scaivault({ config: { endpoint: 'http://x', credentials_path: 'infra/other' } }),
      400,
      'invalid_config',
      /no policy lets federation:origin/,
    );
    await refuse(
      scaivault({ name: 'gone', config: { endpoint: 'http://x', credentials_path: 'infra/missing' } }),
      400,
      'invalid_config',
      /no policy/,
    );
    // Two backends may not map one path.
    await createBackend(server, scaivault());
    await storeBackendCredentials(server, 'second', 'infra/federation/second', { token: 'skt_y' });
    await refuse(
      scaivault({
        name: 'second',
        config: { endpoint: 'http://x', credentials_path: 'infra/federation/second' },
        path_mapping: { 'external/**': 'a/**' },
      }),
      409,
      'path_mapping_overlap',
      /of backend 'origin'/,
    );
  } finally {
    await server.close();
  }
});

test('scopes: federation:read lists and reads, federation:write configures and syncs; sync on a proxy backend is 400', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'origin', 'infra/federation/origin', { token: 'skt_x' });
    const backend = await createBackend(server, scaivault());
    const reader = await server.tokenFor('user:ops@acme.example', ['federation:read']);
    assert.equal((await server.api('GET', '/v1/federation/backends', undefined, { token: reader })).status, 200);
    assert.equal((await server.api('GET', `/v1/federation/backends/${backend.id}/conflicts`, undefined, { token: reader })).status, 200);
    const denied = await server.api('POST', `/v1/federation/backends/${backend.id}/sync`, undefined, { token: reader });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'insufficient_scope');
    assert.equal((await server.api('DELETE', `/v1/federation/backends/${backend.id}`, undefined, { token: reader })).status, 403);
    const nobody = await server.tokenFor('user:dev@acme.example', ['secrets:read']);
    assert.equal((await server.api('GET', '/v1/federation/backends', undefined, { token: nobody })).status, 403);
    const sync = await server.api('POST', `/v1/federation/backends/${backend.id}/sync`);
    assert.equal(sync.status, 400);
    assert.match(sync.body.error.message, /proxy mode/);
  } finally {
    await server.close();
  }
});
