import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function accountWithKey(name: string): Promise<{ id: string; identity: string; keyId: string; key: string }> {
  const account = await server.api('POST', '/v1/service-accounts', { name, roles: ['secrets-reader'] });
  assert.equal(account.status, 201);
  const key = await server.api('POST', `/v1/service-accounts/${account.body.id}/keys`, { name: 'ci' });
  return { id: account.body.id, identity: account.body.identity_id, keyId: key.body.id, key: key.body.key };
}

async function clientCredentials(clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const whoami = (token: string) => server.api('GET', '/v1/auth/whoami', undefined, { token });

test('a new service account never takes over a deleted one’s identity or bindings', async () => {
  const old = await accountWithKey('Payroll Sync');
  const policy = await server.api('POST', '/v1/policies', {
    name: 'payroll',
    rules: [{ path_pattern: 'payroll/**', permissions: ['read'] }],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'service_account', identity_id: old.identity });
  assert.equal((await server.api('DELETE', `/v1/service-accounts/${old.id}`)).status, 204);
  assert.equal((await server.api('GET', `/v1/service-accounts/${old.id}`)).status, 404);

  for (const name of ['Payroll Sync', 'payroll-sync', 'PAYROLL  sync!']) {
    const again = await server.api('POST', '/v1/service-accounts', { name, roles: ['secrets-reader'] });
    assert.equal(again.status, 409, `${name} slugs to the retired identity`);
    assert.equal(again.body.error.code, 'service_account_exists');
    assert.equal(again.body.error.details.identity_id, old.identity);
  }
  // Nor can the identity get a credential another way.
  const minted = await server.api('POST', '/v1/auth/tokens', { identity_id: old.identity, scopes: ['secrets:read'] });
  assert.equal(minted.status, 404);
  assert.equal(minted.body.error.code, 'service_account_not_found');
  assert.ok(
    !(await server.api('GET', '/v1/service-accounts')).body.service_accounts.some(
      (a: { identity_id: string }) => a.identity_id === old.identity,
    ),
  );
});

test('revoking a key ends the access tokens minted from it at once', async () => {
  const account = await accountWithKey('Deployer');
  const other = await server.api('POST', `/v1/service-accounts/${account.id}/keys`, { name: 'spare' });
  const access = await clientCredentials(account.id, account.key);
  const spareAccess = await clientCredentials(account.id, other.body.key);
  assert.equal((await whoami(access)).body.identity_id, account.identity);
  assert.equal((await server.api('DELETE', `/v1/service-accounts/${account.id}/keys/${account.keyId}`)).status, 204);
  const after = await whoami(access);
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'token_revoked');
  assert.deepEqual((await server.api('POST', '/v1/auth/introspect', { token: access })).body, { active: false });
  assert.equal((await whoami(spareAccess)).status, 200, 'tokens of the other key still work');
});

test('deleting a service account ends every token of its identity at once', async () => {
  const account = await accountWithKey('Nightly Report');
  const access = await clientCredentials(account.id, account.key);
  const personal = await server.tokenFor(account.identity, ['secrets:read']);
  for (const token of [account.key, access, personal]) assert.equal((await whoami(token)).status, 200);
  assert.equal((await server.api('DELETE', `/v1/service-accounts/${account.id}`)).status, 204);
  for (const token of [account.key, access, personal]) {
    const response = await whoami(token);
    assert.equal(response.status, 401);
    assert.equal(response.body.error.code, 'token_revoked');
  }
});

test('no caller can mint a token for user:root or for an unknown service account', async () => {
  const admin = await server.tokenFor('user:tenant-admin@acme.example', ['admin']);
  for (const token of [admin, server.rootToken]) {
    const root = await server.api('POST', '/v1/auth/tokens', { identity_id: 'user:root', scopes: ['admin'] }, { token });
    assert.equal(root.status, 403);
    assert.equal(root.body.error.code, 'forbidden');
    const ghost = await server.api('POST', '/v1/auth/tokens', { identity_id: 'sa:never-created', scopes: ['secrets:read'] }, { token });
    assert.equal(ghost.status, 404);
  }
  const live = await accountWithKey('Mint Target');
  assert.equal(
    (await server.api('POST', '/v1/auth/tokens', { identity_id: live.identity, scopes: ['secrets:read'] }, { token: admin })).status,
    201,
  );
  assert.equal(
    (await server.api('POST', '/v1/auth/tokens', { identity_id: 'user:bob@acme.example', scopes: ['secrets:read'] }, { token: admin }))
      .status,
    201,
  );
});
