import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock, startTestServer, type TestServer } from './helpers.js';

const clock = fakeClock();
let server: TestServer;
before(async () => (server = await startTestServer({ clock: clock.now, rootToken: 'skt_test_root' })));
after(() => server.close());

test('whoami answers for the root token', async () => {
  const response = await server.api('GET', '/v1/auth/whoami');
  assert.equal(response.status, 200);
  assert.equal(response.body.identity_id, 'user:root');
  assert.equal(response.body.identity_type, 'user');
  assert.equal(response.body.tenant_id, 'tnt_dev');
  assert.deepEqual(response.body.scopes, ['admin']);
});

test('missing, malformed and unknown tokens are 401 with the documented codes', async () => {
  const missing = await server.api('GET', '/v1/auth/whoami', undefined, { token: null });
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error.code, 'authentication_required');
  const malformed = await server.api('GET', '/v1/auth/whoami', undefined, { token: null, headers: { authorization: 'Basic abc' } });
  assert.equal(malformed.body.error.code, 'authentication_required');
  const unknown = await server.api('GET', '/v1/secrets/x', undefined, { token: 'skt_not_a_real_token' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.error.code, 'token_invalid');
  assert.ok(!JSON.stringify(unknown.body).includes('skt_not_a_real_token'), 'the token is never echoed');
});

test('personal tokens expire and can be revoked', async () => {
  const minted = await server.api('POST', '/v1/auth/tokens', {
    identity_id: 'user:alice@acme.example',
    scopes: ['secrets:read'],
    expires_in: '1h',
  });
  assert.equal(minted.status, 201);
  assert.match(minted.body.token, /^skt_/);
  const whoami = await server.api('GET', '/v1/auth/whoami', undefined, { token: minted.body.token });
  assert.equal(whoami.body.identity_id, 'user:alice@acme.example');
  assert.deepEqual(whoami.body.scopes, ['secrets:read']);
  clock.advance(2 * 3_600_000);
  assert.equal((await server.api('GET', '/v1/auth/whoami', undefined, { token: minted.body.token })).body.error.code, 'token_expired');
  const second = await server.api('POST', '/v1/auth/tokens', { identity_id: 'user:bob@acme.example', scopes: ['secrets:read'] });
  assert.equal((await server.api('DELETE', `/v1/auth/tokens/${second.body.id}`)).status, 204);
  assert.equal((await server.api('GET', '/v1/auth/whoami', undefined, { token: second.body.token })).body.error.code, 'token_revoked');
  const listed = await server.api('GET', '/v1/auth/tokens');
  assert.ok(
    listed.body.tokens.every((token: Record<string, unknown>) => token.token === undefined),
    'listing never shows plaintext',
  );
});

test('introspect reports active and inactive tokens and needs admin', async () => {
  const token = await server.tokenFor('user:carol@acme.example', ['secrets:read']);
  const active = await server.api('POST', '/v1/auth/introspect', { token });
  assert.equal(active.body.active, true);
  assert.equal(active.body.identity_id, 'user:carol@acme.example');
  assert.deepEqual((await server.api('POST', '/v1/auth/introspect', { token: 'skt_bogus' })).body, { active: false });
  const denied = await server.api('POST', '/v1/auth/introspect', { token }, { token });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'insufficient_scope');
});

test('service accounts: API key shown once, stored hashed, authenticates as sa:<name>, revocable', async () => {
  const account = await server.api('POST', '/v1/service-accounts', { name: 'CI Pipeline', roles: ['secrets-reader'] });
  assert.equal(account.status, 201);
  assert.match(account.body.id, /^sva_/);
  assert.equal(account.body.identity_id, 'sa:ci-pipeline');
  const key = await server.api('POST', `/v1/service-accounts/${account.body.id}/keys`, { name: 'Production Key' });
  assert.equal(key.status, 201);
  assert.match(key.body.key, /^svk_/);
  assert.match(key.body.id, /^key_/);
  const whoami = await server.api('GET', '/v1/auth/whoami', undefined, { token: key.body.key });
  assert.equal(whoami.body.identity_id, 'sa:ci-pipeline');
  assert.equal(whoami.body.identity_type, 'service_account');
  assert.deepEqual(whoami.body.scopes.sort(), ['secrets:list', 'secrets:read']);
  const keys = await server.api('GET', `/v1/service-accounts/${account.body.id}/keys`);
  assert.equal(keys.body.keys.length, 1);
  assert.equal(keys.body.keys[0].key, undefined);
  assert.equal(keys.body.keys[0].prefix, key.body.key.slice(0, 8));
  const exchanged = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: account.body.id,
      client_secret: key.body.key,
      scope: 'secrets:read',
    }),
  });
  const grant = (await exchanged.json()) as { access_token: string; expires_in: number; scope: string };
  assert.equal(exchanged.status, 200);
  assert.equal(grant.scope, 'secrets:read');
  assert.equal((await server.api('GET', '/v1/auth/whoami', undefined, { token: grant.access_token })).body.identity_id, 'sa:ci-pipeline');
  const badClient = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${account.body.id}&client_secret=wrong`,
  });
  assert.equal(((await badClient.json()) as { error: string }).error, 'invalid_client');
  assert.equal((await server.api('DELETE', `/v1/service-accounts/${account.body.id}/keys/${key.body.id}`)).status, 204);
  assert.equal((await server.api('GET', '/v1/auth/whoami', undefined, { token: key.body.key })).body.error.code, 'token_revoked');
  assert.equal((await server.api('POST', '/v1/service-accounts', { name: 'CI Pipeline' })).body.error.code, 'service_account_exists');
  assert.equal((await server.api('POST', '/v1/service-accounts', { name: 'x', roles: ['wizard'] })).body.error.code, 'invalid_role');
  assert.equal((await server.api('GET', '/v1/service-accounts/sva_missing')).body.error.code, 'service_account_not_found');
});

test('a non-root identity may not switch tenant or partner', async () => {
  const token = await server.tokenFor('user:dave@acme.example', ['admin']);
  const tenant = await server.api('GET', '/v1/auth/whoami', undefined, { token, headers: { 'x-tenant-id': 'tnt_elsewhere' } });
  assert.equal(tenant.status, 403);
  assert.equal(tenant.body.error.code, 'tenant_access_denied');
  const prefix = await server.api('GET', '/v1/t/tnt_elsewhere/auth/whoami', undefined, { token });
  assert.equal(prefix.body.error.code, 'tenant_access_denied');
  const partner = await server.api('GET', '/v1/auth/whoami', undefined, { token, headers: { 'x-partner-id': 'ptn_other' } });
  assert.equal(partner.body.error.code, 'tenant_access_denied');
  const root = await server.api('GET', '/v1/auth/whoami', undefined, { headers: { 'x-tenant-id': 'tnt_elsewhere' } });
  assert.equal(root.body.tenant_id, 'tnt_elsewhere');
  const badTenant = await server.api('GET', '/v1/auth/whoami', undefined, { headers: { 'x-tenant-id': 'bad tenant!' } });
  assert.equal(badTenant.body.error.code, 'tenant_not_found');
});

test('non-root identities are rate limited with 429 rate_limited and Retry-After', async () => {
  const token = await server.tokenFor('user:eve@acme.example', ['audit:read']);
  let limited: Awaited<ReturnType<TestServer['api']>> | undefined;
  for (let i = 0; i < 60 && !limited; i++) {
    const response = await server.api('GET', '/v1/audit/summary', undefined, { token });
    assert.ok(response.headers.get('x-ratelimit-limit'));
    if (response.status === 429) limited = response;
  }
  assert.ok(limited, 'the 50/min audit budget runs out');
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
});
