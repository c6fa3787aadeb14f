import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers.js';
import { createBackend, storeBackendCredentials, syncNow } from './federation-setup.js';
import { startVaultDouble, type VaultDouble } from './vault-double.js';

// The hashicorp-vault adapter against a double of Vault's KV v2 and AppRole HTTP API (vault-double.ts says which parts).
let vault: VaultDouble;
before(async () => {
  vault = await startVaultDouble();
  vault.put('secret', 'app/db/password', { password: 'vault-db-1' });
  vault.put('secret', 'app/db/password', { password: 'vault-db-2' });
  vault.put('secret', 'app/api', { key: 'vault-api-1' });
});
after(() => vault.close());

const mapping = { 'external/hashicorp/**': 'secret/data/**' };

test('token auth, proxy: a mapped read is GET /v1/secret/data/<path> with X-Vault-Token, and older versions are reachable', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'hashicorp-production', 'infra/hashicorp/token', { token: vault.rootToken });
    const backend = await createBackend(server, {
      name: 'hashicorp-production',
      type: 'hashicorp-vault',
      config: { endpoint: vault.url, auth_method: 'token', auth_config_path: 'infra/hashicorp/token', tls_verify: true },
      path_mapping: mapping,
      mode: 'proxy',
    });
    const read = await server.api('GET', '/v1/secrets/external/hashicorp/app/db/password');
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.data, { password: 'vault-db-2' });
    assert.equal(read.body.version, 2);
    assert.equal(read.body.metadata.federation.backend_path, 'secret/data/app/db/password');
    assert.deepEqual((await server.api('GET', '/v1/secrets/external/hashicorp/app/db/password?version=1')).body.data, {
      password: 'vault-db-1',
    });
    assert.equal((await server.api('GET', '/v1/secrets/external/hashicorp/app/none')).status, 404);
    const last = vault.requests.filter((r) => r.path === '/v1/secret/data/app/db/password').at(-1)!;
    assert.equal(last.token, vault.rootToken);
    const status = (await server.api('GET', `/v1/federation/backends/${backend.id}/status`)).body;
    assert.equal(status.connection.status, 'connected');
    assert.equal(status.status, 'healthy');
  } finally {
    await server.close();
  }
});

test('AppRole auth, sync: logs in once with role_id and secret_id, lists folders recursively, and logs in again when the token ends', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'hashicorp-approle', 'infra/hashicorp/approle-creds', {
      role_id: vault.roleId,
      secret_id: vault.secretId,
    });
    const backend = await createBackend(server, {
      name: 'hashicorp-approle',
      type: 'hashicorp-vault',
      config: { endpoint: vault.url, auth_method: 'approle', auth_config_path: 'infra/hashicorp/approle-creds' },
      path_mapping: mapping,
      mode: 'sync',
      sync_interval: '15m',
      write_through: true,
    });
    const loginsBefore = vault.logins;
    const status = await syncNow(server, backend.id);
    assert.equal(status.sync.status, 'completed', status.sync.error);
    assert.equal(status.secrets_synced, 2);
    assert.equal(vault.logins, loginsBefore + 1, 'one login serves the whole sync');
    assert.deepEqual((await server.api('GET', '/v1/secrets/external/hashicorp/app/db/password')).body.data, { password: 'vault-db-2' });
    assert.deepEqual((await server.api('GET', '/v1/secrets/external/hashicorp/app/api')).body.data, { key: 'vault-api-1' });

    // Write-through: POST /v1/secret/data/<path> {"data"} first, then the local copy.
    vault.revokeAppRoleTokens();
    const written = await server.api('PUT', '/v1/secrets/external/hashicorp/app/new', { data: { fresh: 'value' } });
    assert.equal(written.status, 200, JSON.stringify(written.body));
    assert.equal(vault.logins, loginsBefore + 2, 'a 403 with an ended token logs in again once');
    assert.deepEqual(vault.current('secret', 'app/new'), { fresh: 'value' });
    assert.equal((await syncNow(server, backend.id)).conflicts, 0);
  } finally {
    await server.close();
  }
});

test('wrong AppRole credentials: the read fails with 502 naming the backend, and status says auth_failed', async () => {
  const server = await startTestServer();
  try {
    await storeBackendCredentials(server, 'hashicorp-wrong', 'infra/hashicorp/wrong', {
      role_id: vault.roleId,
      secret_id: 'not-the-secret-id',
    });
    const backend = await createBackend(server, {
      name: 'hashicorp-wrong',
      type: 'hashicorp-vault',
      config: { endpoint: vault.url, auth_method: 'approle', auth_config_path: 'infra/hashicorp/wrong' },
      path_mapping: mapping,
      mode: 'proxy',
    });
    const read = await server.api('GET', '/v1/secrets/external/hashicorp/app/api');
    assert.equal(read.status, 502);
    assert.equal(read.body.error.code, 'federation_backend_unavailable');
    assert.equal(read.body.error.details.reason, 'auth_failed');
    assert.match(read.body.error.message, /'hashicorp-wrong'.*AppRole login/);
    assert.equal(JSON.stringify(read.body).includes('not-the-secret-id'), false);
    const status = (await server.api('GET', `/v1/federation/backends/${backend.id}/status`)).body;
    assert.equal(status.connection.status, 'auth_failed');
    assert.equal(status.status, 'down');
  } finally {
    await server.close();
  }
});
