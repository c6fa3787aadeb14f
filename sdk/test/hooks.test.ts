import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MASK,
  ScaiVaultClient,
  maskFormBody,
  maskHeaders,
  maskSecrets,
  type RequestHookInfo,
  type ResponseHookInfo,
} from '../src/index.js';
import { ORIGIN, TOKEN, withReplay } from './support/replay.js';

const SECRET_VALUE = 'hunter2-very-secret';
const CLIENT_SECRET = 'cs_do_not_print_me';
const ISSUED_TOKEN = 'eyJhbGciOi.issued.token';

test('hooks never see the token, the client secret or secret values', () =>
  withReplay(async (replay) => {
    const seen: Array<RequestHookInfo | ResponseHookInfo> = [];
    const hooks = {
      onRequest: (info: RequestHookInfo) => void seen.push(info),
      onResponse: (info: ResponseHookInfo) => void seen.push(info),
    };
    replay.expect('POST', '/oauth/token', { json: { access_token: ISSUED_TOKEN, expires_in: 3600 } }, 'https://scaikey.test');
    replay.expect('PUT', '/v1/secrets/app/db', { json: { path: 'app/db', version: 1 } });
    replay.expect('GET', '/v1/secrets/app/db', {
      json: { path: 'app/db', version: 1, data: { password: SECRET_VALUE, nested: { deep: SECRET_VALUE } } },
    });
    replay.expect('POST', '/v1/dynamic/engines/pg/creds/ro', {
      json: { lease_id: 'l1', data: { connection_url: `postgresql://u:${SECRET_VALUE}@db/x` } },
    });
    replay.expect('POST', '/v1/service-accounts/sva_1/keys', { json: { id: 'key_1', key: SECRET_VALUE } });
    replay.expect('POST', '/v1/pki/issue/web', {
      json: { certificate: 'CERT', private_key: `-----BEGIN PRIVATE KEY-----\n${SECRET_VALUE}\n-----END PRIVATE KEY-----` },
    });
    const client = new ScaiVaultClient({
      baseUrl: ORIGIN,
      clientId: 'app',
      clientSecret: CLIENT_SECRET,
      tokenUrl: 'https://scaikey.test/oauth/token',
      dispatcher: replay.agent,
      hooks,
    });
    await client.secrets.write('app/db', { password: SECRET_VALUE, list: [SECRET_VALUE] });
    await client.secrets.read('app/db');
    await client.dynamic.creds('pg', 'ro');
    await client.serviceAccounts.createKey('sva_1', { name: 'k' });
    await client.pki.issue('web', { common_name: 'x' });

    assert.equal(seen.length, 12);
    const everything = JSON.stringify(seen);
    for (const forbidden of [ISSUED_TOKEN, CLIENT_SECRET, SECRET_VALUE])
      assert.ok(!everything.includes(forbidden), `hook output contains ${forbidden}`);
    const secretRequest = seen[2] as RequestHookInfo;
    assert.equal(secretRequest.headers['authorization'], `Bearer ${MASK}`);
    assert.deepEqual(secretRequest.body, { data: { password: MASK, list: [MASK] }, secret_type: 'kv' });
    assert.match(String((seen[0] as RequestHookInfo).body), /client_secret=\*\*\*\*/);
    assert.match(String((seen[0] as RequestHookInfo).body), /client_id=app/);
  }));

test('response hooks carry status, duration and request id', () =>
  withReplay(async (replay) => {
    const responses: ResponseHookInfo[] = [];
    const requests: RequestHookInfo[] = [];
    replay.expect('GET', '/v1/health', { json: { status: 'healthy' }, headers: { 'x-request-id': 'req_health_1' } });
    const client = replay.client({
      hooks: { onRequest: (info) => void requests.push(info), onResponse: (info) => void responses.push(info) },
    });
    await client.system.health();
    assert.equal(requests[0]?.method, 'GET');
    assert.equal(requests[0]?.url, `${ORIGIN}/v1/health`);
    assert.equal(requests[0]?.attempt, 1);
    assert.equal(responses[0]?.status, 200);
    assert.equal(responses[0]?.requestId, 'req_health_1');
    assert.ok(typeof responses[0]?.durationMs === 'number' && responses[0].durationMs >= 0);
    assert.deepEqual(responses[0]?.body, { status: 'healthy' });
  }));

test('a throwing hook does not break the call', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/health', { json: { status: 'healthy' } });
    const client = replay.client({
      hooks: {
        onRequest: () => {
          throw new Error('observer bug');
        },
      },
    });
    assert.equal((await client.system.health()).status, 'healthy');
  }));

test('the static token never shows in request hooks', () =>
  withReplay(async (replay) => {
    const seen: unknown[] = [];
    replay.expect('GET', '/v1/auth/whoami', { json: { identity_id: 'u', identity_type: 'user' } });
    await replay.client({ hooks: { onRequest: (i) => void seen.push(i), onResponse: (i) => void seen.push(i) } }).auth.whoami();
    assert.ok(!JSON.stringify(seen).includes(TOKEN));
  }));

test('maskSecrets masks values under data and credential-named fields, and leaves the rest', () => {
  const input = {
    path: 'app/db',
    version: 3,
    data: { username: 'admin', password: 'pw', nested: { n: 1 } },
    client_secret: 'cs',
    access_token: 'tok',
    webhook: { secret: 's', url: 'https://x' },
    rules: [{ path_pattern: 'a/**', permissions: ['read'] }],
    expires_at: null,
    token_type: 'Bearer',
  };
  const copy = structuredClone(input);
  assert.deepEqual(maskSecrets(input), {
    path: 'app/db',
    version: 3,
    data: { username: MASK, password: MASK, nested: { n: MASK } },
    client_secret: MASK,
    access_token: MASK,
    webhook: { secret: MASK, url: 'https://x' },
    rules: [{ path_pattern: 'a/**', permissions: ['read'] }],
    expires_at: null,
    token_type: 'Bearer',
  });
  assert.deepEqual(input, copy, 'the input is not modified');
  assert.equal(maskSecrets('x -----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY----- y'), `x ${MASK} y`);
});

test('maskHeaders keeps the scheme and masks the credential', () => {
  assert.deepEqual(maskHeaders({ authorization: 'Bearer abc.def', Cookie: 'a=b', 'x-tenant-id': 't' }), {
    authorization: `Bearer ${MASK}`,
    Cookie: MASK,
    'x-tenant-id': 't',
  });
  assert.equal(maskFormBody('grant_type=client_credentials&client_secret=abc%20d'), `grant_type=client_credentials&client_secret=${MASK}`);
});
