import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthenticationError, ScaiVaultClient, type ClientCredentialsClientOptions } from '../src/index.js';
import { ORIGIN, withReplay, type Replay } from './support/replay.js';

const SCAIKEY = 'https://scaikey.test';
const WHOAMI = { identity_id: 'sa:billing', identity_type: 'service_account' };
const expired = { error: { code: 'token_expired', message: 'Token expired', request_id: 'req_exp' } };

function clientCredentialsClient(replay: Replay, overrides: Partial<ClientCredentialsClientOptions> = {}): ScaiVaultClient {
  return new ScaiVaultClient({
    baseUrl: ORIGIN,
    clientId: 'app_billing',
    clientSecret: 'cs_super_secret_value',
    tokenUrl: `${SCAIKEY}/oauth/token`,
    dispatcher: replay.agent,
    retry: { sleep: async (ms) => void replay.sleeps.push(ms) },
    ...overrides,
  });
}

function grant(replay: Replay, accessToken: string, expiresIn = 3600): void {
  replay.expect(
    'POST',
    '/oauth/token',
    { json: { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope: 'secrets:read' } },
    SCAIKEY,
  );
}

test('client credentials are exchanged form-encoded and the token is cached', () =>
  withReplay(async (replay) => {
    grant(replay, 'eyJ.first');
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    const client = clientCredentialsClient(replay, { scope: ['secrets:read', 'secrets:write'] });
    await client.auth.whoami();
    await client.auth.whoami();
    const [exchange, first, second] = replay.requests;
    assert.equal(exchange?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(exchange?.headers['authorization'], undefined);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(String(exchange?.body))), {
      grant_type: 'client_credentials',
      client_id: 'app_billing',
      client_secret: 'cs_super_secret_value',
      scope: 'secrets:read secrets:write',
    });
    assert.equal(first?.headers['authorization'], 'Bearer eyJ.first');
    assert.equal(second?.headers['authorization'], 'Bearer eyJ.first');
  }));

test('the token is renewed before it expires', () =>
  withReplay(async (replay) => {
    let now = Date.parse('2026-04-23T14:00:00Z');
    grant(replay, 'eyJ.first', 3600);
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    grant(replay, 'eyJ.second', 3600);
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    const client = clientCredentialsClient(replay, { clock: () => now });
    await client.auth.whoami();
    now += 3000_000; // 50 min: still more than the 6-minute margin left
    await client.auth.whoami();
    now += 5 * 60_000; // 55 min: inside the margin, renew first
    await client.auth.whoami();
    assert.deepEqual(
      replay.requests.map((r) => r.headers['authorization'] ?? r.path),
      ['/oauth/token', 'Bearer eyJ.first', 'Bearer eyJ.first', '/oauth/token', 'Bearer eyJ.second'],
    );
  }));

test('a token_expired 401 fetches a new token and replays the request once', () =>
  withReplay(async (replay) => {
    grant(replay, 'eyJ.stale');
    replay.expect('POST', '/v1/policies', { status: 401, json: expired });
    grant(replay, 'eyJ.fresh');
    replay.expect('POST', '/v1/policies', { status: 201, json: { id: 'pol_1', name: 'p' } });
    const policy = await clientCredentialsClient(replay).policies.create({ name: 'p', rules: [] });
    assert.equal(policy.id, 'pol_1');
    assert.deepEqual(
      replay.requests.map((r) => r.headers['authorization'] ?? r.path),
      ['/oauth/token', 'Bearer eyJ.stale', '/oauth/token', 'Bearer eyJ.fresh'],
    );
    assert.deepEqual(replay.sleeps, [], 'a replay after a token refresh is not a retry');
  }));

test('a second token_expired in a row is reported, not replayed again', () =>
  withReplay(async (replay) => {
    grant(replay, 'eyJ.a');
    replay.expect('GET', '/v1/auth/whoami', { status: 401, json: expired });
    grant(replay, 'eyJ.b');
    replay.expect('GET', '/v1/auth/whoami', { status: 401, json: expired });
    await assert.rejects(
      clientCredentialsClient(replay).auth.whoami(),
      (error: unknown) => error instanceof AuthenticationError && error.code === 'token_expired',
    );
  }));

test('with a fixed token, token_expired is reported at once', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 401, json: expired });
    await assert.rejects(replay.client().auth.whoami(), AuthenticationError);
    assert.equal(replay.requests.length, 1);
  }));

test('a refused client-credentials exchange is an AuthenticationError naming the token URL', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/oauth/token', { status: 400, json: { error: 'invalid_client', error_description: 'Unknown client' } }, SCAIKEY);
    await assert.rejects(clientCredentialsClient(replay).auth.whoami(), (error: unknown) => {
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.code, 'invalid_client');
      assert.equal(error.status, 400);
      assert.equal(error.message, `client-credentials exchange at ${SCAIKEY}/oauth/token failed: Unknown client`);
      assert.doesNotMatch(error.message, /cs_super_secret_value/);
      return true;
    });
  }));

test('concurrent calls share one exchange', () =>
  withReplay(async (replay) => {
    grant(replay, 'eyJ.shared');
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    replay.expect('GET', '/v1/auth/whoami', { json: WHOAMI });
    const client = clientCredentialsClient(replay);
    await Promise.all([client.auth.whoami(), client.auth.whoami()]);
    assert.equal(replay.requests.filter((r) => r.path === '/oauth/token').length, 1);
  }));
