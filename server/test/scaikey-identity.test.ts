// The development ScaiKey and ScaiVault together: registration to a working client-credentials
// login, JWT trust (issuer, audience, expiry, not-before, unknown and rotated keys), group
// membership reaching policy evaluation by webhook and by sync, and refused webhooks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDevScaiKey, scaiKeySignature, type RunningDevScaiKey } from '../src/index.js';
import { startTestServer, waitFor, type TestServer } from './helpers.js';

const WEBHOOK_SECRET = randomBytes(24).toString('base64url');
let scaikey: RunningDevScaiKey;
let vault: TestServer;

before(async () => {
  scaikey = await startDevScaiKey();
  const sync = scaikey.createSyncClient();
  vault = await startTestServer({
    scaikey: {
      issuer: scaikey.issuer,
      clientId: sync.client_id,
      clientSecret: sync.client_secret,
      webhookSecret: WEBHOOK_SECRET,
      jwksRefreshCooldownMs: 0,
    },
  });
  scaikey.addWebhook(`${vault.url}/v1/identity/webhooks/scaikey`, WEBHOOK_SECRET);
});
after(async () => {
  await vault.close();
  await scaikey.close();
});

async function scaikeyApi(method: string, path: string, body?: unknown, token: string | null = scaikey.adminToken) {
  const response = await fetch(`${scaikey.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

async function clientToken(clientId: string, clientSecret: string, tokenUrl = scaikey.tokenUrl) {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const whoami = (token: string) => vault.api('GET', '/v1/auth/whoami', undefined, { token });

test('a tenant registration is approved, its credentials picked up once, and they log in to ScaiVault', async () => {
  const submitted = await scaikeyApi(
    'POST',
    '/api/v1/public/register/applications',
    { scope: 'tenant', tenant_slug: 'acme', contact_email: 'Admin@Acme.example' },
    null,
  );
  assert.equal(submitted.status, 201);
  assert.match(submitted.body.request_id, /^reg_/);
  const statusPath = `/api/v1/public/register/applications/${submitted.body.request_id}?status_token=${submitted.body.status_token}`;
  const pending = await scaikeyApi('GET', statusPath, undefined, null);
  assert.deepEqual([pending.body.status, pending.body.credentials], ['PENDING', undefined]);
  const wrongToken = await scaikeyApi(
    'GET',
    `/api/v1/public/register/applications/${submitted.body.request_id}?status_token=rst_wrong`,
    undefined,
    null,
  );
  assert.equal(wrongToken.status, 404);

  const approved = await scaikeyApi('POST', `/api/v1/admin/registrations/${submitted.body.request_id}/approve`);
  assert.equal(approved.body.status, 'APPROVED');
  const pickup = await scaikeyApi('GET', statusPath, undefined, null);
  const credentials = pickup.body.credentials;
  assert.match(credentials.client_id, /^cli_/);
  assert.equal(credentials.token_url, `${scaikey.url}/api/v1/auth/tenants/acme/oauth/token`);
  const again = await scaikeyApi('GET', statusPath, undefined, null);
  assert.deepEqual([again.body.credentials, again.body.credentials_retrieved], [undefined, true]);

  const granted = await clientToken(credentials.client_id, credentials.client_secret, credentials.token_url);
  const otherTenant = await clientToken(
    credentials.client_id,
    credentials.client_secret,
    `${scaikey.url}/api/v1/auth/tenants/dev/oauth/token`,
  );
  assert.deepEqual([otherTenant.status, otherTenant.body.error], [401, 'invalid_client']);
  assert.equal(granted.status, 200);
  assert.match(granted.body.access_token, /^eyJ/);
  const me = await whoami(granted.body.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.identity_id, `sa:${credentials.client_id}`);
  assert.equal(me.body.tenant_id, credentials.tenant_id);
  assert.ok(me.body.scopes.includes('identity:admin'));
  // The onboarding made the tenant and its admin in ScaiKey.
  assert.equal(scaikey.scaikey.directory.tenantBySlug('acme')?.id, credentials.tenant_id);
  assert.deepEqual(scaikey.scaikey.directory.userByEmail(credentials.tenant_id, 'admin@acme.example')?.roles, ['tenant_admin']);

  const wrongSecret = await clientToken(credentials.client_id, 'sks_wrong');
  assert.deepEqual([wrongSecret.status, wrongSecret.body.error], [401, 'invalid_client']);
});

test('a pending registration can be cancelled with its status token, once', async () => {
  const submitted = await scaikeyApi(
    'POST',
    '/api/v1/public/register/applications',
    { scope: 'TENANT', tenant_slug: 'globex', contact_email: 'ops@globex.example' },
    null,
  );
  const path = `/api/v1/public/register/applications/${submitted.body.request_id}`;
  assert.equal((await scaikeyApi('DELETE', `${path}?status_token=rst_nope`, undefined, null)).status, 404);
  assert.equal((await scaikeyApi('DELETE', `${path}?status_token=${submitted.body.status_token}`, undefined, null)).status, 204);
  assert.equal((await scaikeyApi('DELETE', `${path}?status_token=${submitted.body.status_token}`, undefined, null)).status, 409);
  assert.equal((await scaikeyApi('POST', `/api/v1/admin/registrations/${submitted.body.request_id}/approve`)).status, 409);
  const bad = await scaikeyApi('POST', '/api/v1/public/register/applications', { scope: 'tenant', contact_email: 'x@y.example' }, null);
  assert.equal(bad.status, 400);
});

test('ScaiVault refuses JWTs with the wrong issuer or audience, expired or not yet valid, or signed by an unknown key', async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'cli_test', client_id: 'cli_test', token_type: 'client_credentials', tenant_id: 'tnt_dev', scope: 'secrets:read' };
  const sign = (extra: Record<string, unknown>, exp = now + 600, iat = now) =>
    scaikey.scaikey.signRaw({ iss: scaikey.issuer, aud: 'scaivault', ...claims, ...extra }, exp, iat);

  assert.equal((await whoami(await sign({}))).status, 200);
  for (const [label, token, code] of [
    ['wrong issuer', await sign({ iss: 'http://127.0.0.1:1/other' }), 'token_invalid'],
    ['wrong audience', await sign({ aud: 'someone-else' }), 'token_invalid'],
    ['expired', await sign({}, now - 10, now - 3600), 'token_expired'],
    ['no tenant', await sign({ tenant_id: undefined }), 'token_invalid'],
  ] as const) {
    const answer = await whoami(token);
    assert.deepEqual([answer.status, answer.body.error.code], [401, code], label);
  }
  const notYet = await scaikey.scaikey.signRaw({ iss: scaikey.issuer, aud: 'scaivault', ...claims, nbf: now + 600 }, now + 1200, now);
  assert.equal((await whoami(notYet)).status, 401, 'nbf in the future');

  // Another provider's key, claiming this issuer: the key id is not in the trusted JWKS, even after a refetch.
  const impostor = await startDevScaiKey();
  try {
    const forged = await impostor.scaikey.signRaw({ iss: scaikey.issuer, aud: 'scaivault', ...claims }, now + 600, now);
    assert.deepEqual([(await whoami(forged)).status, (await whoami(forged)).body.error.code], [401, 'token_invalid']);
  } finally {
    await impostor.close();
  }
  // A tampered payload breaks the signature.
  const [header, , signature] = (await sign({})).split('.');
  const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, iss: scaikey.issuer, aud: 'scaivault', scope: 'admin', exp: now + 600, iat: now })).toString('base64url')}.${signature}`;
  assert.equal((await whoami(tampered)).status, 401);
});

test('after ScaiKey rotates its signing key, tokens signed with the new key are accepted (the JWKS is fetched again)', async () => {
  const client = scaikey.scaikey.createClient({ name: 'rotation check', scopes: ['secrets:read'], tenantId: 'tnt_dev' });
  const before = await clientToken(client.client_id, client.client_secret);
  assert.equal((await whoami(before.body.access_token)).status, 200);
  const rotated = await scaikeyApi('POST', '/api/v1/admin/keys/rotate', {});
  assert.equal(rotated.body.keys.length, 2);
  const after = await clientToken(client.client_id, client.client_secret);
  assert.notEqual(
    JSON.parse(Buffer.from(after.body.access_token.split('.')[0], 'base64url').toString()).kid,
    JSON.parse(Buffer.from(before.body.access_token.split('.')[0], 'base64url').toString()).kid,
  );
  assert.equal((await whoami(after.body.access_token)).status, 200);
  assert.equal((await whoami(before.body.access_token)).status, 200, 'the old key is still published');
});

async function groupBoundPolicy(group: string, pattern: string): Promise<void> {
  const policy = await vault.api('POST', '/v1/policies', {
    name: `${group}-read`,
    rules: [{ path_pattern: pattern, permissions: ['read'] }],
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.body));
  const binding = await vault.api('POST', `/v1/policies/${policy.body.id}/bindings`, {
    identity_type: 'group',
    identity_id: `group:${group}`,
  });
  assert.equal(binding.status, 201, JSON.stringify(binding.body));
}

async function userToken(userId: string): Promise<string> {
  return (await scaikeyApi('POST', `/api/v1/admin/users/${userId}/token`, { scopes: ['secrets:read'] })).body.access_token;
}

test('a user added to a group in ScaiKey reaches ScaiVault by webhook, and the group-bound policy lets them read', async () => {
  assert.ok([200, 201].includes((await vault.api('PUT', '/v1/secrets/team/dev/api-key', { data: { key: 'k-1' } })).status));
  await groupBoundPolicy('developers', 'team/dev/*');
  const user = (await scaikeyApi('POST', '/api/v1/admin/tenants/tnt_dev/users', { email: 'alice@acme.example', display_name: 'Alice' }))
    .body;
  const group = (await scaikeyApi('POST', '/api/v1/admin/tenants/tnt_dev/groups', { name: 'developers' })).body;
  const token = await userToken(user.id);
  const me = await whoami(token);
  assert.deepEqual([me.status, me.body.identity_id], [200, 'user:alice@acme.example']);
  await scaikey.scaikey.webhooks.settled();
  assert.equal((await vault.api('GET', '/v1/secrets/team/dev/api-key', undefined, { token })).status, 403, 'not yet a member');

  assert.equal((await scaikeyApi('PUT', `/api/v1/admin/groups/${group.id}/members/${user.id}`)).status, 200);
  await scaikey.scaikey.webhooks.settled();
  const read = await vault.api('GET', '/v1/secrets/team/dev/api-key', undefined, { token });
  assert.deepEqual([read.status, read.body.data?.key], [200, 'k-1']);
  assert.ok((await whoami(token)).body.groups.includes('group:developers'), 'whoami shows the synced group');
  const members = await vault.api('GET', `/v1/identity/groups/${group.id}/members`);
  assert.deepEqual(
    members.body.members.map((m: { email: string }) => m.email),
    ['alice@acme.example'],
  );
  const resolved = await vault.api('GET', '/v1/identity/resolve/user/alice@acme.example');
  assert.ok(resolved.body.policy_identities.includes('group:developers'));
  const explained = await vault.api('POST', '/v1/policies/test', {
    identity_id: 'user:alice@acme.example',
    path: 'team/dev/api-key',
    permission: 'read',
  });
  assert.equal(explained.body.allowed, true);

  assert.equal((await scaikeyApi('DELETE', `/api/v1/admin/groups/${group.id}/members/${user.id}`)).status, 204);
  await scaikey.scaikey.webhooks.settled();
  assert.equal((await vault.api('GET', '/v1/secrets/team/dev/api-key', undefined, { token })).status, 403, 'removed again');
});

test('identity sync brings in what no webhook announced, in the background, and lists the run', async () => {
  // A tenant whose changes reach no ScaiVault: only sync can bring them in.
  const targets = scaikey.scaikey.webhooks.targets.splice(0);
  try {
    const user = scaikey.scaikey.directory.addUser({ tenantId: 'tnt_dev', email: 'bob@acme.example' });
    const group = scaikey.scaikey.directory.addGroup({ tenantId: 'tnt_dev', name: 'operators' });
    scaikey.scaikey.directory.addMember(group.id, user.id);
    assert.ok([200, 201].includes((await vault.api('PUT', '/v1/secrets/team/ops/pager', { data: { key: 'p-1' } })).status));
    await groupBoundPolicy('operators', 'team/ops/*');
    const token = await userToken(user.id);
    assert.equal((await vault.api('GET', '/v1/secrets/team/ops/pager', undefined, { token })).status, 403);

    const started = await vault.api('POST', '/v1/identity/sync?tenant_id=tnt_dev');
    assert.equal(started.status, 202);
    assert.match(started.body.sync_id, /^isy_/);
    // One long poll: the answer comes once the run has finished.
    const done = (await vault.api('GET', `/v1/identity/sync/${started.body.sync_id}?wait=10`)).body;
    assert.equal(done.status, 'completed', done.error);
    assert.ok(done.counts.users >= 1);
    assert.equal((await vault.api('GET', '/v1/secrets/team/ops/pager', undefined, { token })).status, 200);
    const history = await vault.api('GET', '/v1/identity/sync/history');
    assert.equal(history.body.syncs[0].sync_id, started.body.sync_id);
    const users = await vault.api('GET', '/v1/identity/tenants/tnt_dev/users?q=bob&page_size=10');
    assert.deepEqual([users.body.total, users.body.users[0].groups], [1, [group.id]]);
    const full = await vault.api('POST', '/v1/identity/sync');
    const fullDone = await waitFor(async () =>
      (await vault.api('GET', `/v1/identity/sync/${full.body.sync_id}`)).body.status === 'completed' ? true : undefined,
    );
    assert.ok(fullDone);
    const partners = await vault.api('GET', '/v1/identity/partners');
    assert.ok(partners.body.partners.some((partner: { id: string }) => partner.id === 'ptn_dev'));
  } finally {
    scaikey.scaikey.webhooks.targets.push(...targets);
  }
});

test('a forged, stale or replayed webhook is refused', async () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${vault.url}/v1/identity/webhooks/scaikey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const event = JSON.stringify({
    id: `evt_${randomBytes(8).toString('hex')}`,
    type: 'user.created',
    data: { id: 'usr_mallory', tenant_id: 'tnt_dev', email: 'mallory@evil.example', status: 'ACTIVE' },
  });
  const now = Math.floor(Date.now() / 1000);
  const signed = (secret: string, at = now) => ({
    'x-scaikey-timestamp': String(at),
    'x-scaikey-signature': scaiKeySignature(secret, at, event),
  });

  const forged = await post(event, signed('not-the-secret'));
  assert.equal(forged.status, 401);
  assert.equal(((await forged.json()) as any).error.code, 'invalid_signature');
  assert.equal((await post(event, {})).status, 401, 'unsigned');
  assert.equal((await post(event, signed(WEBHOOK_SECRET, now - 3600))).status, 401, 'stale timestamp');
  assert.equal((await post(event.replace('mallory@', 'eve@'), signed(WEBHOOK_SECRET))).status, 401, 'body changed after signing');
  assert.equal((await vault.api('GET', '/v1/identity/resolve/user/usr_mallory')).status, 404);

  const headers = signed(WEBHOOK_SECRET);
  assert.equal((await post(event, headers)).status, 200);
  const replay = await post(event, headers);
  assert.equal(replay.status, 409);
  assert.equal(((await replay.json()) as any).error.code, 'webhook_replayed');
});

test('admin roles: listed, set by a super admin, never by the user themselves', async () => {
  const roles = await vault.api('GET', '/v1/identity/roles');
  assert.deepEqual(
    roles.body.roles.map((role: { name: string }) => role.name),
    ['super_admin', 'partner_admin', 'tenant_admin'],
  );
  const user = scaikey.scaikey.directory.addUser({ tenantId: 'tnt_dev', email: 'carol@acme.example', roles: ['tenant_admin'] });
  await scaikey.scaikey.webhooks.settled();
  assert.deepEqual((await vault.api('GET', `/v1/identity/users/${user.id}/roles`)).body.roles, ['tenant_admin']);
  const set = await vault.api('PUT', `/v1/identity/users/${user.id}/roles`, { roles: ['partner_admin'] });
  assert.deepEqual([set.status, set.body.roles], [200, ['partner_admin']]);
  assert.equal((await vault.api('PUT', `/v1/identity/users/${user.id}/roles`, { roles: ['owner'] })).status, 422);
  const own = (await scaikeyApi('POST', `/api/v1/admin/users/${user.id}/token`, { scopes: ['identity:admin'] })).body.access_token;
  const self = await vault.api('PUT', `/v1/identity/users/${user.id}/roles`, { roles: ['super_admin'] }, { token: own });
  assert.equal(self.status, 403);
});

test('the public registration API is rate limited per address', async () => {
  // A provider of its own with a clock that stands still: every submission falls in one minute.
  const limited = await startDevScaiKey({ clock: () => Date.UTC(2026, 0, 1) });
  try {
    const submit = () =>
      fetch(`${limited.url}/api/v1/public/register/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope: 'tenant', tenant_slug: 'acme', contact_email: 'a@acme.example' }),
      });
    for (let i = 0; i < 20; i++) assert.equal((await submit()).status, 201);
    const refused = await submit();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '60');
  } finally {
    await limited.close();
  }
});
